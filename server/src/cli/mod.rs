//! The command line: arguments (`args.rs`, parsed by clap), then one file
//! per subcommand (`check.rs`, `env.rs`, `explain.rs`; `serve` is the language
//! server's, which the binary starts). A thin adapter over the analysis
//! core: every fact it prints comes from the core and the checks registry.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{CommandFactory, FromArgMatches, Parser};

mod args;
mod check;
mod env;
mod explain;
mod fixes;
mod output;
mod term;

use args::{CheckArgs, Cli, Command};
pub use term::Terminal;

/// What the binary does after the command line is read.
pub enum Dispatch {
    /// Speak LSP on stdin/stdout (no command, `serve`, `--stdio`).
    Serve,
    /// The command ran (or the arguments were refused): exit with this.
    Exit(u8),
}

/// Runs the command line `argv` (program name first) for the binary.
pub fn main(argv: impl IntoIterator<Item = OsString>) -> Dispatch {
    let argv: Vec<OsString> = argv.into_iter().collect();
    if serves(&argv) {
        return Dispatch::Serve;
    }
    let cli = match Cli::try_parse_from(argv) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return Dispatch::Exit(e.exit_code() as u8);
        }
    };
    match cli.command {
        None | Some(Command::Serve(_)) => Dispatch::Serve,
        Some(Command::Check(args)) => {
            let term = Terminal::detect();
            let run = std::panic::catch_unwind(|| {
                with_std_streams(term, |out, err| check::run(&args, term, out, err))
            });
            match run {
                Ok(code) => Dispatch::Exit(code as u8),
                Err(_) => {
                    eprintln!(
                        "django-settings-lsp check: internal error (a bug: please report it with the log above)"
                    );
                    Dispatch::Exit(2)
                }
            }
        }
        Some(Command::Env(args)) => {
            let code = with_std_streams(Terminal::PLAIN, |out, err| env::run(&args, out, err));
            Dispatch::Exit(code as u8)
        }
        Some(Command::Explain(args)) => {
            let term = Terminal::detect();
            let version = explain::release(args.django_version);
            let code = with_std_streams(term, |out, err| {
                explain::run(&args.code, &version, term, out, err)
            });
            Dispatch::Exit(code as u8)
        }
        Some(Command::Completions(args)) => {
            let mut cmd = Cli::command();
            let mut out = std::io::stdout().lock();
            clap_complete::generate(args.shell, &mut cmd, "django-settings-lsp", &mut out);
            Dispatch::Exit(0)
        }
    }
}

/// Whether the command line starts the language server whatever follows,
/// as editors start it: nothing, `--stdio`, or `serve` with the arguments
/// a client adds (vscode-languageclient appends `--stdio` and
/// `--clientProcessId=N`); only `serve --help` is for clap.
fn serves(argv: &[OsString]) -> bool {
    match argv.get(1).and_then(|a| a.to_str()) {
        None | Some("--stdio") => true,
        Some("serve") => !argv[2..].iter().any(|a| a == "-h" || a == "--help"),
        _ => false,
    }
}

/// stdout and stderr, through `anstream` when coloured (which turns the
/// escapes into console calls where a console needs them).
fn with_std_streams(term: Terminal, f: impl FnOnce(&mut dyn Write, &mut dyn Write) -> i32) -> i32 {
    let (out, err) = (std::io::stdout().lock(), std::io::stderr().lock());
    if term.color {
        let always = anstream::ColorChoice::Always;
        f(
            &mut anstream::AutoStream::new(out, always),
            &mut anstream::AutoStream::new(err, always),
        )
    } else {
        let (mut out, mut err) = (out, err);
        f(&mut out, &mut err)
    }
}

/// `django-settings-lsp check ARGS...` into `out` and `err`, as on a pipe
/// (the library's `run_check`: the concise format by default, no colour);
/// returns the exit status.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut cmd = check_command();
    let argv = std::iter::once("check".to_string()).chain(args.iter().cloned());
    let parsed = cmd
        .try_get_matches_from_mut(argv)
        .and_then(|m| CheckArgs::from_arg_matches(&m));
    match parsed {
        Ok(opts) => check::run(&opts, Terminal::PLAIN, out, err),
        Err(e) => {
            let text = e.render().to_string();
            let code = e.exit_code();
            let _ = if code == 0 {
                write!(out, "{text}")
            } else {
                write!(err, "{text}")
            };
            code
        }
    }
}

/// The `check` subcommand as clap declares it, on its own.
fn check_command() -> clap::Command {
    Cli::command()
        .find_subcommand("check")
        .expect("the check subcommand")
        .clone()
        .bin_name("django-settings-lsp check")
}

pub(super) fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

pub(super) fn display_path(p: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| std::fs::canonicalize(c).ok());
    match cwd.as_ref().and_then(|c| p.strip_prefix(c).ok()) {
        Some(rel) => rel.display().to_string(),
        None => p.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_args(args: &[&str]) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (vec![], vec![]);
        let code = run(&args, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn editors_start_the_server_with_what_they_add() {
        let argv = |a: &[&str]| -> Vec<OsString> {
            std::iter::once("django-settings-lsp")
                .chain(a.iter().copied())
                .map(OsString::from)
                .collect()
        };
        for a in [
            &[][..],
            &["--stdio"],
            &["serve"],
            &["serve", "--stdio", "--clientProcessId=4242"],
            &["--stdio", "--clientProcessId", "4242"],
        ] {
            assert!(serves(&argv(a)), "{a:?}");
        }
        for a in [
            &["serve", "--help"][..],
            &["check", "x"],
            &["--version"],
            &["help"],
        ] {
            assert!(!serves(&argv(a)), "{a:?}");
        }
    }

    #[test]
    fn the_command_line_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn usage_errors_exit_2_and_help_exits_0() {
        let (code, out, _) = run_args(&["--help"]);
        assert_eq!(code, 0);
        assert!(out.contains("--output-format <FORMAT>"), "{out}");
        assert!(out.contains("Exit status: 0"), "{out}");
        for bad in [
            &["--fix", "--diff", "x.py"][..],
            &["--unsafe-fixes", "x.py"],
            &[],
            &["--nope", "x.py"],
            &["--format", "xml", "x.py"],
            &["--fail-level", "info", "x.py"],
        ] {
            let (code, out, err) = run_args(bad);
            assert_eq!(code, 2, "{bad:?}: {err}");
            assert!(out.is_empty());
            assert!(err.starts_with("error: "), "{bad:?}: {err}");
        }
    }

    #[test]
    fn format_is_an_alias_of_output_format_and_text_of_concise() {
        let parse = |args: &[&str]| {
            let argv = std::iter::once("check").chain(args.iter().copied());
            CheckArgs::from_arg_matches(&check_command().try_get_matches_from(argv).unwrap())
                .unwrap()
        };
        use args::OutputFormat::*;
        assert_eq!(
            parse(&["--format", "text", "x"]).output_format,
            Some(Concise)
        );
        assert_eq!(parse(&["--format=json", "x"]).output_format, Some(Json));
        assert_eq!(
            parse(&["--output-format", "django", "x"]).output_format,
            Some(Django)
        );
        assert_eq!(parse(&["x"]).output_format, None);
        // Lists add up, as they did; a flag may be repeated.
        let o = parse(&["--select", "a,b", "--select=c", "--fix", "--fix", "x", "y"]);
        assert_eq!(o.select, ["a", "b", "c"]);
        assert_eq!(o.paths.len(), 2);
    }
}
