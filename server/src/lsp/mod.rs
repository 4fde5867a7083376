//! The language server: LSP 3.17 over stdio with tower-lsp-server, as an
//! adapter over the analysis core.
//!
//! - `backend`: protocol handlers; each forwards its message to the state task.
//! - `actor`: the state task, sole owner of documents, configuration and
//!   diagnostics, handling messages in arrival order.
//! - `document`: rope + incrementally edited tree-sitter tree.
//! - `encoding`: byte offsets <-> LSP positions (UTF-8/16/32).
//! - `sources`: open documents in front of the disk, for the analysis.
//! - `convert`: findings -> diagnostics.
//! - `outbound`: the task that sends notifications to the client.
//! - `frames`: the client's bytes cut into well-formed JSON-RPC messages.
//! - `stdin`: the thread that reads the client and notices it leaving.
//! - `log`: stderr logging.

mod actor;
mod backend;
mod code_actions;
mod convert;
mod document;
mod encoding;
mod frames;
mod handlers;
mod log;
mod messages;
mod outbound;
mod session;
mod sources;
mod stdin;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc::unbounded_channel;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::{ClientSocket, LspService, Server};

use backend::Backend;
pub use convert::{diagnostic, Files};
pub use document::Document;
pub use encoding::{rope_offset, rope_position, Encoding, LineIndex};
pub use log::log_panics;
pub use sources::EditorSources;

/// Set once the client asked for `shutdown`: `exit` then ends the process
/// with status 0 (1 without a prior shutdown, as LSP specifies).
static SHUTDOWN_REQUESTED: AtomicBool = AtomicBool::new(false);

/// Params of the `django-settings-lsp/documentText` request.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct DocumentTextParams {
    pub uri: Uri,
}

/// Params of the `django-settings-lsp/fileRole` request.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct FileRoleParams {
    pub uri: Uri,
}

/// The service and its client socket; must be called inside a tokio runtime
/// (it spawns the state task).
pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::build(|client| {
        let (tx, rx) = unbounded_channel();
        let state = actor::Actor::new(client, tx.downgrade());
        tokio::spawn(state.run(rx));
        Backend::new(tx)
    })
    .custom_method("django-settings-lsp/documentText", Backend::document_text)
    .custom_method("django-settings-lsp/fileRole", Backend::file_role)
    .custom_method(
        "django-settings-lsp/checkWorkspace",
        Backend::check_workspace,
    )
    .finish()
}

/// Serves one client over the given streams until `exit` or end of input.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = service();
    Server::new(input, output, socket).serve(service).await;
}

/// How long the server may take to end by itself once the client closed
/// stdin, before the reader thread ends the process.
const EXIT_GRACE: Duration = Duration::from_millis(300);

fn exit_status() -> i32 {
    if SHUTDOWN_REQUESTED.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// `django-settings-lsp [serve] [--stdio]`.
pub fn run_stdio() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("django-settings-lsp: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    log::info!(
        "django-settings-lsp {} serving LSP on stdio",
        env!("CARGO_PKG_VERSION")
    );
    // The client gone, nobody reads what a running analysis would publish:
    // if the server has not ended by itself shortly after, end it.
    let input = stdin::spawn_reader(std::io::stdin(), || {
        std::thread::sleep(EXIT_GRACE);
        let status = exit_status();
        log::info!("the client has gone; exiting with status {status}");
        std::process::exit(status)
    });
    let input = match input {
        Ok(i) => i,
        Err(e) => {
            eprintln!("django-settings-lsp: cannot start the stdin reader: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(serve(input, tokio::io::stdout()));
    let status = exit_status();
    log::info!("exiting with status {status}");
    // Not returning: the reader thread is blocked on stdin, which some
    // clients (Helix) never close.
    std::process::exit(status)
}
