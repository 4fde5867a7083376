use std::process::ExitCode;

const USAGE: &str = "\
django-settings-lsp: Django's `check --deploy`, statically, for editors and CI.

usage:
  django-settings-lsp [serve] [--stdio]   speak LSP on stdin/stdout
  django-settings-lsp check [--format text|json|sarif|github] [--fix|--diff] ... PATH...
  django-settings-lsp env [--format table|json|dotenv] [PATH...]
  django-settings-lsp --version | --help";

fn main() -> ExitCode {
    django_settings_lsp::log_panics();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let first = args.first().map(String::as_str);
    match first {
        Some("check") => {
            let run = std::panic::catch_unwind(|| {
                django_settings_lsp::run_check(
                    &args[1..],
                    &mut std::io::stdout().lock(),
                    &mut std::io::stderr().lock(),
                )
            });
            match run {
                Ok(code) => ExitCode::from(code as u8),
                Err(_) => {
                    eprintln!(
                        "django-settings-lsp check: internal error (a bug: please report it with the log above)"
                    );
                    ExitCode::from(2)
                }
            }
        }
        Some("env") => ExitCode::from(django_settings_lsp::run_env(
            &args[1..],
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ) as u8),
        Some("--version" | "-V") => {
            println!("django-settings-lsp {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        None | Some("serve" | "--stdio") => django_settings_lsp::run_stdio(),
        Some(other) => {
            eprintln!("django-settings-lsp: unknown command {other:?}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
