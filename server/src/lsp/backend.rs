//! The protocol handlers. tower-lsp-server polls up to four handlers at
//! once, so any `.await` before a change is recorded could reorder edits.
//! Each handler's first statement therefore hands its message to the state
//! task with a synchronous, unbounded send; requests then wait for their
//! answer, which the state task sends once every earlier message is applied.

use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::oneshot;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, CompletionParams, CompletionResponse,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, Hover, HoverParams, InitializeParams, InitializeResult,
    InitializedParams,
};
use tower_lsp_server::LanguageServer;

use super::log::error;
use super::messages::{Msg, Reply};
use super::{DocumentTextParams, FileRoleParams};

/// The state task is gone: the request cannot be answered.
fn internal_error() -> tower_lsp_server::jsonrpc::Error {
    tower_lsp_server::jsonrpc::Error::internal_error()
}

pub struct Backend {
    tx: UnboundedSender<Msg>,
}

impl Backend {
    pub fn new(tx: UnboundedSender<Msg>) -> Backend {
        Backend { tx }
    }

    fn send(&self, msg: Msg) {
        if self.tx.send(msg).is_err() {
            error!("the state task has stopped; a message was lost");
        }
    }

    /// Sends a request to the state task; the answer comes on the receiver.
    fn ask<T>(&self, msg: impl FnOnce(Reply<T>) -> Msg) -> oneshot::Receiver<T> {
        let (reply, answer) = oneshot::channel();
        self.send(msg(reply));
        answer
    }

    /// Answers `django-settings-lsp/documentText`: the server's copy of a
    /// document (for diagnosing sync problems and for tests).
    pub async fn document_text(&self, p: DocumentTextParams) -> Result<Option<serde_json::Value>> {
        let answer = self.ask(|reply| Msg::DocumentText(p, reply));
        answer.await.map_err(|_| internal_error())
    }

    /// Answers `django-settings-lsp/fileRole`: the role a file plays for
    /// the deploy checks, and why.
    pub async fn file_role(&self, p: FileRoleParams) -> Result<serde_json::Value> {
        let answer = self.ask(|reply| Msg::FileRole(p, reply));
        answer.await.map_err(|_| internal_error())?
    }

    /// Answers `django-settings-lsp/checkWorkspace` (params: `{}`; their
    /// content is ignored) once every deploy module of the workspace
    /// folders is analysed and its diagnostics published.
    pub async fn check_workspace(&self, _: serde_json::Value) -> Result<serde_json::Value> {
        let answer = self.ask(Msg::CheckWorkspace);
        answer.await.map_err(|_| internal_error())?
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, p: InitializeParams) -> Result<InitializeResult> {
        let answer = self.ask(|reply| Msg::Initialize(Box::new(p), reply));
        answer.await.map_err(|_| internal_error())?
    }

    async fn initialized(&self, _: InitializedParams) {
        self.send(Msg::Initialized);
    }

    async fn shutdown(&self) -> Result<()> {
        let answer = self.ask(Msg::Shutdown);
        answer.await.map_err(|_| internal_error())
    }

    async fn did_open(&self, p: DidOpenTextDocumentParams) {
        self.send(Msg::DidOpen(p));
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        self.send(Msg::DidChange(p));
    }

    async fn did_save(&self, p: DidSaveTextDocumentParams) {
        self.send(Msg::DidSave(p));
    }

    async fn did_close(&self, p: DidCloseTextDocumentParams) {
        self.send(Msg::DidClose(p));
    }

    async fn did_change_configuration(&self, p: DidChangeConfigurationParams) {
        self.send(Msg::DidChangeConfiguration(p));
    }

    async fn did_change_watched_files(&self, p: DidChangeWatchedFilesParams) {
        self.send(Msg::DidChangeWatchedFiles(p));
    }

    async fn did_change_workspace_folders(&self, p: DidChangeWorkspaceFoldersParams) {
        self.send(Msg::DidChangeWorkspaceFolders(p));
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        let answer = self.ask(|reply| Msg::Hover(p, reply));
        answer.await.map_err(|_| internal_error())
    }

    async fn code_action(&self, p: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let answer = self.ask(|reply| Msg::CodeAction(p, reply));
        answer.await.map_err(|_| internal_error())
    }

    async fn completion(&self, p: CompletionParams) -> Result<Option<CompletionResponse>> {
        let answer = self.ask(|reply| Msg::Completion(p, reply));
        answer.await.map_err(|_| internal_error())
    }
}
