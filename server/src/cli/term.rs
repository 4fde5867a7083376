//! Where the output goes: whether stdout is a terminal (the default output
//! format) and whether to colour it (`NO_COLOR`, `FORCE_COLOR`,
//! `CLICOLOR_FORCE`, `CLICOLOR`, a terminal and its `TERM`).

use std::ffi::OsString;
use std::io::IsTerminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terminal {
    /// stdout is a terminal: `check` defaults to the `full` format.
    pub stdout_is_terminal: bool,
    /// Colour the output (ANSI escapes, through `anstream` on Windows).
    pub color: bool,
}

impl Terminal {
    /// Output to a file or a pipe, uncoloured: what `run_check` (the
    /// library's entry point, which writes into any `Write`) assumes.
    pub const PLAIN: Terminal = Terminal {
        stdout_is_terminal: false,
        color: false,
    };

    /// The process's own stdout and environment.
    pub fn detect() -> Terminal {
        let tty = std::io::stdout().is_terminal();
        Terminal {
            stdout_is_terminal: tty,
            color: color_choice(tty, &|k| std::env::var_os(k)),
        }
    }
}

/// Whether to colour: `NO_COLOR` (not empty) never; `FORCE_COLOR` (not
/// empty, `0` or `false`) or `CLICOLOR_FORCE` (not empty or `0`) always;
/// `CLICOLOR=0` never; otherwise on a terminal whose `TERM` is not `dumb`.
pub fn color_choice(tty: bool, var: &dyn Fn(&str) -> Option<OsString>) -> bool {
    let value = |k: &str| var(k).filter(|v| !v.is_empty());
    if value("NO_COLOR").is_some() {
        return false;
    }
    let force = value("FORCE_COLOR").is_some_and(|v| v != "0" && v != "false")
        || value("CLICOLOR_FORCE").is_some_and(|v| v != "0");
    if force {
        return true;
    }
    if value("CLICOLOR").is_some_and(|v| v == "0") {
        return false;
    }
    tty && var("TERM").is_none_or(|t| t != "dumb")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(tty: bool, env: &[(&str, &str)]) -> bool {
        let env: Vec<(String, OsString)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        color_choice(tty, &|k| {
            env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn colour_follows_the_terminal_and_the_conventions() {
        assert!(choice(true, &[("TERM", "xterm-256color")]));
        assert!(!choice(false, &[("TERM", "xterm-256color")]));
        assert!(!choice(true, &[("TERM", "dumb")]));
        assert!(!choice(true, &[("NO_COLOR", "1")]));
        assert!(
            choice(true, &[("NO_COLOR", "")]),
            "an empty NO_COLOR is unset"
        );
        assert!(choice(false, &[("FORCE_COLOR", "1")]));
        assert!(choice(false, &[("CLICOLOR_FORCE", "1")]));
        assert!(!choice(false, &[("FORCE_COLOR", "0")]));
        assert!(!choice(false, &[("CLICOLOR_FORCE", "0")]));
        assert!(
            !choice(false, &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]),
            "NO_COLOR wins"
        );
        assert!(!choice(true, &[("CLICOLOR", "0")]));
    }
}
