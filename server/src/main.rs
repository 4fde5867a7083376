use std::process::ExitCode;

use django_settings_lsp::Dispatch;

fn main() -> ExitCode {
    django_settings_lsp::log_panics();
    match django_settings_lsp::cli_main(std::env::args_os()) {
        Dispatch::Serve => django_settings_lsp::run_stdio(),
        Dispatch::Exit(code) => ExitCode::from(code),
    }
}
