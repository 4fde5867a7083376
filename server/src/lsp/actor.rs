//! The state task: the single owner of documents, configuration and
//! diagnostics. It takes messages strictly in arrival order and handles each
//! synchronously (an analysis takes about a millisecond); the analysis values
//! (`Rc`) live only inside those synchronous calls, never across an `.await`.
//! Talking to the client never blocks it: notifications go through the
//! outbound task, and server-to-client requests run on spawned tasks with a
//! timeout whose answers come back as messages.

pub(crate) use std::collections::{HashMap, HashSet};
pub(crate) use std::panic::{catch_unwind, AssertUnwindSafe};
pub(crate) use std::path::{Path, PathBuf};
pub(crate) use std::sync::Arc;
pub(crate) use std::time::{Duration, Instant};

pub(crate) use serde_json::Value as Json;
pub(crate) use tokio::sync::mpsc::error::TryRecvError;
pub(crate) use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, WeakUnboundedSender};
pub(crate) use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CodeActionResponse, CompletionItem, CompletionItemKind, CompletionOptions, CompletionParams,
    CompletionResponse, ConfigurationItem, Diagnostic, DidChangeWatchedFilesRegistrationOptions,
    Documentation, FileSystemWatcher, GlobPattern, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, MarkupContent, MarkupKind,
    MessageType, Registration, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
pub(crate) use tower_lsp_server::Client;

pub(super) use super::code_actions;
pub(super) use super::convert::{self, Files};
pub(crate) use super::document::Document;
pub(crate) use super::encoding::{rope_offset, Encoding, LineIndex};
pub(crate) use super::handlers::workspace::Workspace;
pub(crate) use super::log::{debug, error, info, warning};
pub(crate) use super::messages::{Msg, Reply};
pub(super) use super::outbound::{self, Outbound};
pub(crate) use super::session::*;
pub(crate) use super::sources::EditorSources;
pub(crate) use crate::analysis::classify::{classify, Role};
pub(crate) use crate::analysis::config::{Config, ConfigLayer, SECTION};
pub(crate) use crate::analysis::django_version::ProjectVersion;
pub(crate) use crate::analysis::evaluate_with;
pub(crate) use crate::analysis::ide::completion::completions_at;
pub(crate) use crate::analysis::ide::env_hover::env_variable_hover;
pub(crate) use crate::analysis::ide::hover::hover_markdown;
pub(crate) use crate::analysis::ide::word_at;
pub(crate) use crate::analysis::project::ProjectLayers;
pub(crate) use crate::analysis::report::{report_reading, Evaluation};
pub(crate) use crate::analysis::source::{DiskSources, ParsedFile};
pub(crate) use crate::analysis::Finding;

/// How long a server-to-client request may take before it is abandoned.
pub(crate) const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Actor {
    pub(crate) client: Client,
    pub(crate) out: UnboundedSender<Outbound>,
    pub(crate) me: WeakUnboundedSender<Msg>,
    pub(crate) encoding: Encoding,
    pub(crate) caps: ClientCapabilities,
    pub(crate) init_layer: ConfigLayer,
    pub(crate) editor_layer: ConfigLayer,
    pub(crate) config_generation: u64,
    /// The nearest project configuration, per folder.
    pub(crate) projects: ProjectLayers,
    pub(crate) docs: HashMap<Uri, Doc>,
    pub(crate) disk: DiskSources,
    pub(crate) judged: HashMap<PathBuf, Judged>,
    pub(crate) dirty: HashSet<PathBuf>,
    pub(crate) all_dirty: bool,
    pub(crate) published: HashMap<Uri, (Option<i32>, Vec<Diagnostic>)>,
    /// Modules whose analysis crashed and was shown to the user; shown
    /// again only after an analysis of it succeeds.
    pub(crate) crashed: HashSet<PathBuf>,
    /// The workspace folders and the workspace check.
    pub(crate) workspace: Workspace,
}

impl Actor {
    pub fn new(client: Client, me: WeakUnboundedSender<Msg>) -> Actor {
        let out = outbound::spawn(client.clone());
        Actor {
            client,
            out,
            me,
            encoding: Encoding::Utf16,
            caps: ClientCapabilities::default(),
            init_layer: ConfigLayer::default(),
            editor_layer: ConfigLayer::default(),
            config_generation: 0,
            projects: ProjectLayers::default(),
            docs: HashMap::new(),
            disk: DiskSources::new(),
            judged: HashMap::new(),
            dirty: HashSet::new(),
            all_dirty: false,
            published: HashMap::new(),
            crashed: HashSet::new(),
            workspace: Workspace::default(),
        }
    }

    pub async fn run(mut self, mut rx: UnboundedReceiver<Msg>) {
        loop {
            if self.workspace.busy() {
                // A workspace check is under way: let the transport and the
                // protocol handlers run, then take what they queued before
                // the check's next slice.
                tokio::task::yield_now().await;
            } else {
                let Some(msg) = rx.recv().await else { break };
                self.handle_guarded(msg);
            }
            // Everything already queued is applied before analysing, so a
            // burst of edits costs one analysis; requests in the burst are
            // still answered in order.
            loop {
                match rx.try_recv() {
                    Ok(msg) => self.handle_guarded(msg),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        debug!("state task stopped");
                        return;
                    }
                }
            }
            if !self.all_dirty && self.dirty.is_empty() && !self.workspace.busy() {
                continue;
            }
            let started = Instant::now();
            if catch_unwind(AssertUnwindSafe(|| self.flush())).is_err() {
                self.report_crash("publishing diagnostics");
                self.judged.clear();
                self.dirty.clear();
                self.all_dirty = false;
                self.workspace.abandon();
            }
            debug!("analysis and diagnostics took {:?}", started.elapsed());
        }
        debug!("state task stopped");
    }

    pub(crate) fn handle_guarded(&mut self, msg: Msg) {
        let what = msg_name(&msg);
        if catch_unwind(AssertUnwindSafe(|| self.handle(msg))).is_err() {
            self.report_crash(what);
        }
    }

    pub(crate) fn report_crash(&self, what: &str) {
        let text = format!(
            "django-settings-lsp: internal error while handling {what}; the server keeps running (details on stderr)"
        );
        error!("{text}");
        let _ = self.out.send(Outbound::Show(MessageType::ERROR, text));
    }

    pub(crate) fn warn_client(&self, text: String) {
        warning!("{text}");
        let _ = self.out.send(Outbound::Log(MessageType::WARNING, text));
    }

    pub(crate) fn handle(&mut self, msg: Msg) {
        match msg {
            Msg::Initialize(p, reply) => {
                let _ = reply.send(Ok(self.initialize(*p)));
            }
            Msg::Initialized => self.initialized(),
            Msg::Shutdown(reply) => {
                info!("shutdown requested");
                super::SHUTDOWN_REQUESTED.store(true, std::sync::atomic::Ordering::SeqCst);
                let _ = reply.send(());
            }
            Msg::DidOpen(p) => {
                let doc = p.text_document;
                let path = file_path(&doc.uri);
                debug!("open {} (version {})", doc.uri.as_str(), doc.version);
                if let Some(p) = &path {
                    self.dirty.insert(p.clone());
                }
                self.docs.insert(
                    doc.uri,
                    Doc {
                        path,
                        version: doc.version,
                        document: Document::new(&doc.text),
                        out_of_sync: false,
                        role: None,
                        config: None,
                        converted: None,
                    },
                );
            }
            Msg::DidChange(p) => self.did_change(p),
            Msg::DidSave(p) => {
                if let Some(doc) = self.docs.get_mut(&p.text_document.uri) {
                    if let Some(text) = p.text {
                        doc.document.set_text(&text);
                        if doc.out_of_sync {
                            info!("{} is in sync again (saved)", p.text_document.uri.as_str());
                        }
                        doc.out_of_sync = false;
                    }
                }
                // A save may change what other modules import and how files
                // are classified.
                self.files_changed();
            }
            Msg::DidClose(p) => self.did_close(p.text_document.uri),
            Msg::DidChangeConfiguration(p) => {
                // A client that answers workspace/configuration is asked
                // again; what it pushes (VS Code pushes every key, its own
                // and the defaults) is only used when it cannot be asked.
                let can_pull = self
                    .caps
                    .workspace
                    .as_ref()
                    .and_then(|w| w.configuration)
                    .unwrap_or(false);
                if !p.settings.is_null() && !can_pull {
                    self.set_editor_config(&p.settings, "didChangeConfiguration");
                }
                self.pull_configuration();
            }
            Msg::DidChangeWatchedFiles(p) => {
                for change in &p.changes {
                    if let Some(path) = file_path(&change.uri) {
                        debug!("watched file changed: {}", path.display());
                        self.disk.forget(&path);
                    }
                }
                self.files_changed();
            }
            Msg::Hover(p, reply) => {
                let _ = reply.send(self.hover(p));
            }
            Msg::CodeAction(p, reply) => {
                let _ = reply.send(self.code_action(p));
            }
            Msg::Completion(p, reply) => {
                let _ = reply.send(self.completion(p));
            }
            Msg::DocumentText(p, reply) => {
                let answer = self.docs.get_mut(&p.uri).map(|d| {
                    serde_json::json!({
                        "version": d.version,
                        "outOfSync": d.out_of_sync,
                        "text": &*d.document.text(),
                    })
                });
                let _ = reply.send(answer);
            }
            Msg::DidChangeWorkspaceFolders(p) => self.folders_changed(p),
            Msg::FileRole(p, reply) => {
                let _ = reply.send(self.file_role(p));
            }
            Msg::CheckWorkspace(reply) => self.check_workspace(reply),
            Msg::ConfigurationPulled { generation, result } => {
                if generation != self.config_generation {
                    debug!("ignoring a stale workspace/configuration answer");
                    return;
                }
                match result {
                    Ok(values) => {
                        let v = values.into_iter().next().unwrap_or(Json::Null);
                        self.set_editor_config(&v, "workspace/configuration");
                    }
                    Err(e) => debug!("workspace/configuration failed: {e}"),
                }
            }
            Msg::WatchRegistered(r) => match r {
                Ok(()) => debug!("watching *.py and pyproject.toml"),
                Err(e) => debug!("could not register file watching: {e}"),
            },
        }
    }
}

pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

pub(crate) fn msg_name(m: &Msg) -> &'static str {
    match m {
        Msg::Initialize(..) => "initialize",
        Msg::Initialized => "initialized",
        Msg::Shutdown(_) => "shutdown",
        Msg::DidOpen(_) => "textDocument/didOpen",
        Msg::DidChange(_) => "textDocument/didChange",
        Msg::DidSave(_) => "textDocument/didSave",
        Msg::DidClose(_) => "textDocument/didClose",
        Msg::DidChangeConfiguration(_) => "workspace/didChangeConfiguration",
        Msg::DidChangeWatchedFiles(_) => "workspace/didChangeWatchedFiles",
        Msg::Hover(..) => "textDocument/hover",
        Msg::CodeAction(..) => "textDocument/codeAction",
        Msg::Completion(..) => "textDocument/completion",
        Msg::DocumentText(..) => "django-settings-lsp/documentText",
        Msg::DidChangeWorkspaceFolders(_) => "workspace/didChangeWorkspaceFolders",
        Msg::FileRole(..) => "django-settings-lsp/fileRole",
        Msg::CheckWorkspace(_) => "django-settings-lsp/checkWorkspace",
        Msg::ConfigurationPulled { .. } => "a workspace/configuration answer",
        Msg::WatchRegistered(_) => "a client/registerCapability answer",
    }
}
