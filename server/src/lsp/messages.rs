//! What the protocol handlers hand to the state task, in arrival order.
//! Requests carry the sender their answer goes back on.

use serde_json::Value as Json;
use tokio::sync::oneshot;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, CompletionParams, CompletionResponse,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, Hover, HoverParams, InitializeParams, InitializeResult,
};

use super::{DocumentTextParams, FileRoleParams};

pub type Reply<T> = oneshot::Sender<T>;

pub enum Msg {
    Initialize(
        Box<InitializeParams>,
        Reply<jsonrpc::Result<InitializeResult>>,
    ),
    Initialized,
    Shutdown(Reply<()>),
    DidOpen(DidOpenTextDocumentParams),
    DidChange(DidChangeTextDocumentParams),
    DidSave(DidSaveTextDocumentParams),
    DidClose(DidCloseTextDocumentParams),
    DidChangeConfiguration(DidChangeConfigurationParams),
    DidChangeWatchedFiles(DidChangeWatchedFilesParams),
    Hover(HoverParams, Reply<Option<Hover>>),
    CodeAction(CodeActionParams, Reply<Option<CodeActionResponse>>),
    Completion(CompletionParams, Reply<Option<CompletionResponse>>),
    DocumentText(DocumentTextParams, Reply<Option<Json>>),
    DidChangeWorkspaceFolders(DidChangeWorkspaceFoldersParams),
    FileRole(FileRoleParams, Reply<jsonrpc::Result<Json>>),
    /// Answered when the check is done (see `handlers::workspace`).
    CheckWorkspace(Reply<jsonrpc::Result<Json>>),
    /// The answer to a `workspace/configuration` request the state task
    /// made; `generation` tells a stale answer from the latest.
    ConfigurationPulled {
        generation: u64,
        result: Result<Vec<Json>, String>,
    },
    /// The outcome of registering for `workspace/didChangeWatchedFiles`.
    WatchRegistered(Result<(), String>),
}
