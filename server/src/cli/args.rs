//! The command line, declared for clap: one struct per subcommand. A new
//! subcommand is a variant of `Command` with its own `Args` struct and a
//! file of its own beside `check.rs` and `explain.rs`, dispatched in
//! `mod.rs`.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

use crate::analysis::checks::DjangoVersion;
use crate::analysis::django_version::parse_configured;

const ABOUT: &str = "Django's `check --deploy`, statically, for editors and CI.";

const LONG_ABOUT: &str = "\
Django's `manage.py check --deploy`, statically, for editors and CI: it reads
Django settings modules without importing them. Without a command (or with
`serve` or `--stdio`) it speaks the Language Server Protocol on stdin/stdout.";

#[derive(Debug, Parser)]
#[command(
    name = "django-settings-lsp",
    bin_name = "django-settings-lsp",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    args_conflicts_with_subcommands = true,
    subcommand_value_name = "COMMAND"
)]
pub struct Cli {
    /// Speak LSP on stdin/stdout (the same as `serve`, the default)
    #[arg(long)]
    pub stdio: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Speak the Language Server Protocol on stdin/stdout (the default)
    Serve(ServeArgs),
    /// Check settings modules as `manage.py check --deploy` would, without importing them
    #[command(long_about = CHECK_LONG_ABOUT)]
    Check(CheckArgs),
    /// List the environment variables the deploy settings read: type, default, required, secret
    #[command(long_about = ENV_LONG_ABOUT)]
    Env(EnvArgs),
    /// Explain a code: what it checks, why it matters, how to fix it
    Explain(ExplainArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Use stdin/stdout (the only transport; accepted for editors that pass it)
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Each finding with its source lines, the range underlined (default on a terminal)
    Full,
    /// `path:line:col: code message`, and a summary (default otherwise; `text` is the same)
    #[value(alias = "text")]
    Concise,
    /// An array of findings
    Json,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// GitHub Actions workflow annotations
    Github,
    /// Django's own `check --deploy` output, character for character (Django's checks only)
    Django,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum FailLevel {
    /// Fail on errors only (Django's default)
    Error,
    /// Fail on warnings and errors (the default, but with `--output-format django`)
    Warning,
}

pub const CHECK_LONG_ABOUT: &str = "\
Checks Django settings modules as `manage.py check --deploy` would, without
importing them. A file PATH is a deploy settings module (the module
DJANGO_SETTINGS_MODULE names). A directory PATH is searched for the modules the
editor checks: those a deploy-modules glob matches, those DJANGO_SETTINGS_MODULE
names in wsgi.py/asgi.py or manage.py, and every settings.py and settings/*.py
that is neither a development module (local, dev, development, test, tests, ci,
testing, or as configured) nor a base other settings modules star-import.
[tool.django-settings-lsp] in the nearest pyproject.toml (or the file --config
names) configures it as it configures the editor; --select and --ignore replace
its lists.";

pub const CHECK_AFTER_HELP: &str = "\
Exit status: 0 no findings at or above the fail level, 1 findings, 2 usage or
I/O error.";

#[derive(Debug, Args)]
#[command(
    after_help = CHECK_AFTER_HELP,
    args_override_self = true,
    group(ArgGroup::new("fixing").args(["fix", "diff"]))
)]
pub struct CheckArgs {
    /// Settings modules, or folders to search for them
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format [default: full on a terminal, concise otherwise]
    #[arg(long, visible_alias = "format", value_name = "FORMAT")]
    pub output_format: Option<OutputFormat>,

    /// Also print notes about values that could not be evaluated (they never fail the run)
    #[arg(long)]
    pub show_notes: bool,

    /// Apply the safe fixes (those that cannot break a running deployment by themselves), write the files, then report what is left
    #[arg(long)]
    pub fix: bool,

    /// Print the safe fixes as a unified diff; write nothing
    #[arg(long)]
    pub diff: bool,

    /// With --fix/--diff, apply each finding's preferred fix even when it needs a decision (moving a secret into an environment variable, enabling HTTPS-only settings)
    #[arg(long, requires = "fixing")]
    pub unsafe_fixes: bool,

    /// Only these codes (comma-separated; a prefix such as security.W0 or dsl. selects every code it starts)
    #[arg(long, value_name = "CODES", value_delimiter = ',', action = clap::ArgAction::Append)]
    pub select: Vec<String>,

    /// Never these codes (same syntax)
    #[arg(long, value_name = "CODES", value_delimiter = ',', action = clap::ArgAction::Append)]
    pub ignore: Vec<String>,

    /// The least severe finding that fails the run [default: warning; error with --output-format django, as Django]
    #[arg(long, value_name = "LEVEL")]
    pub fail_level: Option<FailLevel>,

    /// Exit 0 even when there are findings (2 still means a usage or I/O error)
    #[arg(long)]
    pub exit_zero: bool,

    /// Print the number of findings per code instead of the findings
    #[arg(long)]
    pub statistics: bool,

    /// Read the configuration from FILE (a pyproject.toml, or a TOML file with the same keys) instead of the nearest pyproject.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The Django release the project runs: 4.2, 5.2, 6.0 or 6.1 [default: django-version in the configuration, else the Django installed in the project's virtualenv, else its dependency files, else 6.1]
    #[arg(long, value_name = "X.Y", value_parser = parse_configured)]
    pub django_version: Option<DjangoVersion>,
}

pub const ENV_LONG_ABOUT: &str = "\
Lists every environment variable the deploy settings read: the settings it
feeds, its type, its default (hidden when secret), whether Django cannot
start without it, whether it is a secret, and where it is read. A directory
PATH (default: .) is searched for deploy settings modules as `check` does.
`--format dotenv` writes an .env file to fill in: what a deploy must set
uncommented, the rest commented out with their defaults.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EnvFormat {
    /// One row per variable, aligned columns
    #[value(alias = "text")]
    Table,
    /// `[{"module", "variables": [...]}]`
    Json,
    /// An .env file to fill in
    Dotenv,
}

#[derive(Debug, Args)]
pub struct EnvArgs {
    /// Settings modules, or folders to search for them [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(
        long,
        visible_alias = "output-format",
        value_name = "FORMAT",
        default_value = "table"
    )]
    pub format: EnvFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A code, such as security.W018, 4_0.E001 or dsl.W003
    #[arg(value_name = "CODE")]
    pub code: String,

    /// The Django release whose check, message and documentation to show: 4.2, 5.2, 6.0 or 6.1 [default: the one the project in the current folder runs, found as `check` finds it]
    #[arg(long, value_name = "X.Y", value_parser = parse_configured)]
    pub django_version: Option<DjangoVersion>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}
