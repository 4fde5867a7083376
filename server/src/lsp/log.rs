//! Logging to stderr only: stdout carries JSON-RPC and nothing else. The
//! level comes from `DJANGO_SETTINGS_LSP_LOG` (`off`, `error`, `warn`,
//! `info` (default), `debug`, `trace`). Warnings and errors also reach the
//! editor as `window/logMessage` (the state task sends those). Nothing here
//! may print a document's text or a secret's value.

use std::sync::OnceLock;

pub const ENV_VAR: &str = "DJANGO_SETTINGS_LSP_LOG";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Off,
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "off" | "none" | "0" => Level::Off,
            "error" => Level::Error,
            "warn" | "warning" => Level::Warn,
            "info" => Level::Info,
            "debug" => Level::Debug,
            "trace" => Level::Trace,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Error => "ERROR",
            Level::Warn => "WARN",
            Level::Info => "INFO",
            Level::Debug => "DEBUG",
            Level::Trace => "TRACE",
        }
    }
}

pub fn max_level() -> Level {
    static LEVEL: OnceLock<Level> = OnceLock::new();
    *LEVEL.get_or_init(|| {
        std::env::var(ENV_VAR)
            .ok()
            .and_then(|v| Level::parse(&v))
            .unwrap_or(Level::Info)
    })
}

pub fn enabled(level: Level) -> bool {
    level != Level::Off && level <= max_level()
}

pub fn write(level: Level, args: std::fmt::Arguments) {
    if enabled(level) {
        eprintln!("[django-settings-lsp {}] {args}", level.name());
    }
}

/// Logs every panic with its location and a backtrace, whatever
/// `RUST_BACKTRACE` says (the server catches panics per message and per
/// analysis, the command line per run). A message built at run time (a
/// failed slice quotes the string it slices) may hold a secret from the
/// analysed text, so only messages written in the source are logged.
pub fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&'static str>()
            .copied()
            .unwrap_or("(message withheld: it may quote the analysed text)");
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        write(
            Level::Error,
            format_args!(
                "panicked at {location}: {message}\nbacktrace:\n{}",
                std::backtrace::Backtrace::force_capture()
            ),
        );
    }));
}

macro_rules! error {
    ($($t:tt)*) => { $crate::lsp::log::write($crate::lsp::log::Level::Error, format_args!($($t)*)) };
}
macro_rules! warning {
    ($($t:tt)*) => { $crate::lsp::log::write($crate::lsp::log::Level::Warn, format_args!($($t)*)) };
}
macro_rules! info {
    ($($t:tt)*) => { $crate::lsp::log::write($crate::lsp::log::Level::Info, format_args!($($t)*)) };
}
macro_rules! debug {
    ($($t:tt)*) => { $crate::lsp::log::write($crate::lsp::log::Level::Debug, format_args!($($t)*)) };
}

pub(crate) use {debug, error, info, warning};
