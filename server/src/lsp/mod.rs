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
//! - `log`: stderr logging.

mod actor;
mod backend;
pub mod code_actions;
pub mod convert;
pub mod document;
pub mod encoding;
pub mod log;
mod messages;
mod outbound;
pub mod sources;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc::unbounded_channel;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::{ClientSocket, LspService, Server};

pub use actor::file_path;
pub use backend::Backend;

/// Set once the client asked for `shutdown`: `exit` then ends the process
/// with status 0 (1 without a prior shutdown, as LSP specifies).
static SHUTDOWN_REQUESTED: AtomicBool = AtomicBool::new(false);

/// Params of the `django-settings-lsp/documentText` request.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct DocumentTextParams {
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
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    let status = if SHUTDOWN_REQUESTED.load(Ordering::SeqCst) {
        0
    } else {
        1
    };
    log::info!("exiting with status {status}");
    // Not returning: the runtime would wait for its blocking stdin reader,
    // which returns only when the client closes stdin, and some clients
    // (Helix) never do.
    std::process::exit(status)
}
