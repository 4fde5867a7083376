//! The state task: the single owner of documents, configuration and
//! diagnostics. It takes messages strictly in arrival order and handles each
//! synchronously (an analysis takes about a millisecond); the analysis values
//! (`Rc`) live only inside those synchronous calls, never across an `.await`.
//! Talking to the client never blocks it: notifications go through the
//! outbound task, and server-to-client requests run on spawned tasks with a
//! timeout whose answers come back as messages.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value as Json;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, WeakUnboundedSender};
use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CodeActionResponse, CompletionItem, CompletionItemKind, CompletionOptions, CompletionParams,
    CompletionResponse, ConfigurationItem, Diagnostic, DidChangeWatchedFilesRegistrationOptions,
    Documentation, FileSystemWatcher, GlobPattern, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, MarkupContent, MarkupKind,
    MessageType, Registration, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use tower_lsp_server::Client;

use super::code_actions;
use super::convert::{self, Files};
use super::document::Document;
use super::encoding::{rope_offset, Encoding, LineIndex};
use super::log::{debug, error, info, warning};
use super::messages::Msg;
use super::outbound::{self, Outbound};
use super::sources::EditorSources;
use crate::analysis::catalog;
use crate::analysis::classify::{classify, Role};
use crate::analysis::config::{Config, ConfigLayer, SECTION};
use crate::analysis::hover::hover_markdown;
use crate::analysis::project::ProjectLayers;
use crate::analysis::report::{evaluate, report};
use crate::analysis::source::{DiskSources, ParsedFile};
use crate::analysis::Finding;

/// How long a server-to-client request may take before it is abandoned.
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

struct Doc {
    path: Option<PathBuf>,
    version: i32,
    document: Document,
    /// A change could not be applied: the text is unknown until the next
    /// full text (a change without range, or a save with text).
    out_of_sync: bool,
    /// Decided when first needed; forgotten when files or configuration change.
    role: Option<Role>,
    config: Option<Config>,
}

/// The findings of one deploy module, kept until a file it read changes.
struct Judged {
    files: Vec<PathBuf>,
    findings: Vec<Finding>,
    notes: Vec<Finding>,
}

pub struct Actor {
    client: Client,
    out: UnboundedSender<Outbound>,
    me: WeakUnboundedSender<Msg>,
    encoding: Encoding,
    caps: ClientCapabilities,
    init_layer: ConfigLayer,
    editor_layer: ConfigLayer,
    config_generation: u64,
    /// The nearest project configuration, per folder.
    projects: ProjectLayers,
    docs: HashMap<Uri, Doc>,
    disk: DiskSources,
    judged: HashMap<PathBuf, Judged>,
    dirty: HashSet<PathBuf>,
    all_dirty: bool,
    published: HashMap<Uri, (Option<i32>, Vec<Diagnostic>)>,
    /// Modules whose analysis crashed and was shown to the user; shown
    /// again only after an analysis of it succeeds.
    crashed: HashSet<PathBuf>,
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
        }
    }

    pub async fn run(mut self, mut rx: UnboundedReceiver<Msg>) {
        while let Some(msg) = rx.recv().await {
            self.handle_guarded(msg);
            // Everything already queued is applied before analysing, so a
            // burst of edits costs one analysis; requests in the burst are
            // still answered in order.
            while let Ok(msg) = rx.try_recv() {
                self.handle_guarded(msg);
            }
            if !self.all_dirty && self.dirty.is_empty() {
                continue;
            }
            let started = Instant::now();
            if catch_unwind(AssertUnwindSafe(|| self.flush())).is_err() {
                self.report_crash("publishing diagnostics");
                self.judged.clear();
                self.dirty.clear();
                self.all_dirty = false;
            }
            debug!("analysis and diagnostics took {:?}", started.elapsed());
        }
        debug!("state task stopped");
    }

    fn handle_guarded(&mut self, msg: Msg) {
        let what = msg_name(&msg);
        if catch_unwind(AssertUnwindSafe(|| self.handle(msg))).is_err() {
            self.report_crash(what);
        }
    }

    fn report_crash(&self, what: &str) {
        let text = format!(
            "django-settings-lsp: internal error while handling {what}; the server keeps running (details on stderr)"
        );
        error!("{text}");
        let _ = self.out.send(Outbound::Show(MessageType::ERROR, text));
    }

    fn warn_client(&self, text: String) {
        warning!("{text}");
        let _ = self.out.send(Outbound::Log(MessageType::WARNING, text));
    }

    fn handle(&mut self, msg: Msg) {
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
            Msg::DidClose(p) => {
                let uri = p.text_document.uri;
                if let Some(doc) = self.docs.remove(&uri) {
                    if let Some(path) = doc.path {
                        self.dirty.insert(path);
                    }
                }
                self.published.remove(&uri);
                let _ = self.out.send(Outbound::Publish {
                    uri,
                    diagnostics: vec![],
                    version: None,
                });
            }
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

    fn initialize(&mut self, p: InitializeParams) -> InitializeResult {
        self.encoding = Encoding::negotiate(&p.capabilities);
        self.caps = p.capabilities;
        if let Some(opts) = &p.initialization_options {
            let (layer, warnings) = ConfigLayer::from_json(opts);
            for w in warnings {
                self.warn_client(format!("initializationOptions: {w}"));
            }
            info!("configuration from initializationOptions: {layer:?}");
            self.init_layer = layer;
        }
        info!(
            "initialized by {}; position encoding {:?}",
            p.client_info
                .map(|c| format!("{} {}", c.name, c.version.unwrap_or_default()))
                .unwrap_or_else(|| "an unnamed client".into()),
            self.encoding
        );
        InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(self.encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        will_save: None,
                        will_save_wait_until: None,
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(true),
                        })),
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(code_actions::kinds()),
                        ..Default::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    resolve_provider: Some(false),
                    ..Default::default()
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "django-settings-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        }
    }

    fn initialized(&mut self) {
        self.pull_configuration();
        let dynamic_watch = self
            .caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        if !dynamic_watch {
            return;
        }
        let watchers = ["**/*.py", "**/pyproject.toml", "**/.env", "**/settings.ini"]
            .into_iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.into()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "django-settings-lsp/watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        let client = self.client.clone();
        let Some(me) = self.me.upgrade() else { return };
        tokio::spawn(async move {
            let r = tokio::time::timeout(
                CLIENT_REQUEST_TIMEOUT,
                client.register_capability(vec![registration]),
            )
            .await;
            let r = match r {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => Err(e.to_string()),
                Err(_) => Err("timed out".into()),
            };
            let _ = me.send(Msg::WatchRegistered(r));
        });
    }

    fn pull_configuration(&mut self) {
        let supported = self
            .caps
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        if !supported {
            return;
        }
        self.config_generation += 1;
        let generation = self.config_generation;
        let client = self.client.clone();
        let Some(me) = self.me.upgrade() else { return };
        tokio::spawn(async move {
            let items = vec![ConfigurationItem {
                scope_uri: None,
                section: Some(SECTION.into()),
            }];
            let result =
                match tokio::time::timeout(CLIENT_REQUEST_TIMEOUT, client.configuration(items))
                    .await
                {
                    Ok(Ok(v)) => Ok(v),
                    Ok(Err(e)) => Err(e.to_string()),
                    Err(_) => Err("timed out".into()),
                };
            let _ = me.send(Msg::ConfigurationPulled { generation, result });
        });
    }

    fn set_editor_config(&mut self, v: &Json, source: &str) {
        let (layer, warnings) = ConfigLayer::from_json(v);
        for w in warnings {
            self.warn_client(format!("{source}: {w}"));
        }
        if layer != self.editor_layer {
            info!("configuration from {source}: {layer:?}");
            self.editor_layer = layer;
            self.config_changed();
        }
    }

    fn config_changed(&mut self) {
        for d in self.docs.values_mut() {
            d.config = None;
            d.role = None;
        }
        self.all_dirty = true;
    }

    /// Files on disk changed: classifications, project configurations and
    /// cached analyses may all be out of date.
    fn files_changed(&mut self) {
        self.projects.clear();
        self.config_changed();
    }

    fn did_change(&mut self, p: tower_lsp_server::ls_types::DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        let enc = self.encoding;
        let Some(doc) = self.docs.get_mut(&uri) else {
            self.warn_client(format!(
                "didChange for {}, which is not open; ignored",
                uri.as_str()
            ));
            return;
        };
        if p.text_document.version <= doc.version {
            warning!(
                "{}: version {} after version {}; applying it anyway",
                uri.as_str(),
                p.text_document.version,
                doc.version
            );
        }
        doc.version = p.text_document.version;
        let mut lost = None;
        for change in p.content_changes {
            if change.range.is_none() {
                doc.document.set_text(&change.text);
                doc.out_of_sync = false;
                continue;
            }
            if doc.out_of_sync {
                continue;
            }
            if let Err(e) = doc.document.apply(change.range, &change.text, enc) {
                doc.out_of_sync = true;
                lost = Some(e);
            }
        }
        if let Some(p) = &doc.path {
            self.dirty.insert(p.clone());
        }
        if let Some(e) = lost {
            let text = format!(
                "django-settings-lsp lost track of {}: {e}. Its diagnostics are paused until the file is saved or reopened.",
                uri.as_str()
            );
            error!("{text}");
            let _ = self.out.send(Outbound::Show(MessageType::WARNING, text));
        }
    }

    /// The open documents the analysis should read instead of the disk.
    fn open_files(&mut self) -> HashMap<PathBuf, Arc<ParsedFile>> {
        let mut open = HashMap::new();
        for d in self.docs.values_mut() {
            if d.out_of_sync {
                continue;
            }
            if let Some(p) = &d.path {
                open.insert(p.clone(), d.document.parsed(p));
            }
        }
        open
    }

    /// A module's configuration, resolved as `check` resolves it (see
    /// `analysis::project`), with the editor's layers on top.
    fn module_config(&mut self, module: &Path) -> Config {
        let (layer, first_sight) = self.projects.layer(module);
        if let Some((file, warnings)) = first_sight {
            info!("configuration from {}: {layer:?}", file.display());
            for w in &warnings {
                self.warn_client(format!("{}: {w}", file.display()));
            }
        }
        self.projects
            .config(module, &[&self.init_layer, &self.editor_layer])
    }

    /// Re-analyses what changed and publishes every document whose
    /// diagnostics or version changed.
    /// Decides a document's configuration and role if not yet decided.
    fn prepare(&mut self, uri: &Uri, open: &HashMap<PathBuf, Arc<ParsedFile>>) {
        let Some(path) = self.docs.get(uri).and_then(|d| d.path.clone()) else {
            return;
        };
        if self.docs[uri].config.is_none() {
            let config = self.module_config(&path);
            self.docs.get_mut(uri).unwrap().config = Some(config);
        }
        let doc = self.docs.get_mut(uri).unwrap();
        if doc.role.is_none() {
            let sources = EditorSources {
                open,
                disk: &self.disk,
            };
            let role = classify(&path, doc.config.as_ref().unwrap(), &sources);
            debug!("{}: {}", path.display(), role.describe());
            doc.role = Some(role);
        }
    }

    fn code_action(&mut self, p: CodeActionParams) -> Option<CodeActionResponse> {
        let uri = p.text_document.uri;
        let enc = self.encoding;
        let open = self.open_files();
        self.prepare(&uri, &open);
        let doc = self.docs.get_mut(&uri)?;
        if doc.out_of_sync {
            return None;
        }
        let path = doc.path.clone()?;
        let rope = doc.document.rope();
        let start = rope_offset(rope, p.range.start, enc)?;
        let end = rope_offset(rope, p.range.end, enc)?.max(start);
        let judges = match doc.role.as_ref()? {
            Role::Deploy(_) => vec![path.clone()],
            Role::Base { judges } => judges.clone(),
            Role::Development | Role::Other => return Some(vec![]),
        };
        let text = doc.document.text();
        let config = doc.config.clone()?;
        let versions: HashMap<PathBuf, i32> = self
            .docs
            .values()
            .filter_map(|d| d.path.clone().map(|p| (p, d.version)))
            .collect();
        let document_changes = self
            .caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false);
        let request = code_actions::Request {
            path: &path,
            text: &text,
            range: start..end,
            only: p.context.only,
            judges,
            config: &config,
            encoding: enc,
            versions,
            document_changes,
        };
        let files = file_view(&self.docs, &self.disk, &open);
        let sources = EditorSources {
            open: &open,
            disk: &self.disk,
        };
        let started = Instant::now();
        let actions = catch_unwind(AssertUnwindSafe(|| {
            code_actions::code_actions(&request, &sources, &files)
        }))
        .ok()?;
        debug!(
            "{} code actions for {} in {:?}",
            actions.len(),
            path.display(),
            started.elapsed()
        );
        Some(actions)
    }

    fn flush(&mut self) {
        let open = self.open_files();
        let uris: Vec<Uri> = self.docs.keys().cloned().collect();
        for uri in &uris {
            self.prepare(uri, &open);
        }

        let mut needed: HashSet<PathBuf> = HashSet::new();
        for d in self.docs.values() {
            match (&d.role, &d.path) {
                (Some(Role::Deploy(_)), Some(p)) => {
                    needed.insert(p.clone());
                }
                (Some(Role::Base { judges }), _) => needed.extend(judges.iter().cloned()),
                _ => {}
            }
        }
        self.judged.retain(|p, _| needed.contains(p));
        let sources = EditorSources {
            open: &open,
            disk: &self.disk,
        };
        for path in &needed {
            let stale = match self.judged.get(path) {
                None => true,
                Some(j) => {
                    self.all_dirty
                        || self.dirty.contains(path)
                        || j.files.iter().any(|f| self.dirty.contains(f))
                }
            };
            if !stale {
                continue;
            }
            let started = Instant::now();
            let result = catch_unwind(AssertUnwindSafe(|| {
                #[cfg(debug_assertions)]
                if let Some(f) = open.get(path) {
                    crate::fault::inject(&f.text);
                }
                evaluate(path, &sources).map(|e| report(&e))
            }));
            if result.is_ok() {
                self.crashed.remove(path);
            }
            let judged = match result {
                Ok(Ok(r)) => Judged {
                    files: r.files,
                    findings: r.findings,
                    notes: r.notes,
                },
                Ok(Err(e)) => {
                    debug!("cannot analyse {}: {e}", path.display());
                    Judged {
                        files: vec![path.clone()],
                        findings: vec![],
                        notes: vec![],
                    }
                }
                Err(_) => {
                    let text = format!(
                        "django-settings-lsp: the analysis of {} crashed; no diagnostics for it (details on stderr)",
                        path.display()
                    );
                    error!("{text}");
                    if self.crashed.insert(path.clone()) {
                        let _ = self.out.send(Outbound::Show(MessageType::ERROR, text));
                    }
                    Judged {
                        files: vec![path.clone()],
                        findings: vec![],
                        notes: vec![],
                    }
                }
            };
            debug!(
                "analysed {} in {:?}: {} findings, {} notes",
                path.display(),
                started.elapsed(),
                judged.findings.len(),
                judged.notes.len()
            );
            self.judged.insert(path.clone(), judged);
        }
        self.dirty.clear();
        self.all_dirty = false;

        let files = file_view(&self.docs, &self.disk, &open);
        for uri in uris {
            let doc = &self.docs[&uri];
            let diagnostics = if doc.out_of_sync {
                vec![]
            } else {
                self.diagnostics_for(doc, &open, &files)
            };
            let version = Some(doc.version);
            let entry = (version, diagnostics);
            if self.published.get(&uri) == Some(&entry) {
                continue;
            }
            let _ = self.out.send(Outbound::Publish {
                uri: uri.clone(),
                diagnostics: entry.1.clone(),
                version,
            });
            self.published.insert(uri, entry);
        }
    }

    fn diagnostics_for(
        &self,
        doc: &Doc,
        open: &HashMap<PathBuf, Arc<ParsedFile>>,
        files: &FileView,
    ) -> Vec<Diagnostic> {
        let (Some(path), Some(role), Some(config)) = (&doc.path, &doc.role, &doc.config) else {
            return vec![];
        };
        let Some(text) = open.get(path).map(|f| f.text.clone()) else {
            return vec![];
        };
        let enc = self.encoding;
        match role {
            Role::Deploy(_) => {
                let Some(j) = self.judged.get(path) else {
                    return vec![];
                };
                j.findings
                    .iter()
                    .chain(j.notes.iter())
                    .filter_map(|f| convert::diagnostic(f, path, &text, config, enc, files))
                    .collect()
            }
            Role::Base { judges } => {
                // The base's own findings, as each deploy module importing it
                // sees them; one diagnostic per distinct finding.
                let mut out: Vec<Diagnostic> = vec![];
                for judge in judges {
                    let Some(j) = self.judged.get(judge) else {
                        continue;
                    };
                    for f in j.findings.iter().chain(j.notes.iter()) {
                        if f.path != *path {
                            continue;
                        }
                        let Some(mut d) = convert::diagnostic(f, path, &text, config, enc, files)
                        else {
                            continue;
                        };
                        let via = convert::location(judge, &f.anchor, enc, files).map(|l| {
                            tower_lsp_server::ls_types::DiagnosticRelatedInformation {
                                location: l,
                                message: format!(
                                    "reported when checking {}",
                                    judge
                                        .file_name()
                                        .map(|n| n.to_string_lossy().into_owned())
                                        .unwrap_or_default()
                                ),
                            }
                        });
                        match out.iter_mut().find(|o| {
                            o.range == d.range && o.code == d.code && o.message == d.message
                        }) {
                            Some(existing) => {
                                if let Some(v) = via {
                                    existing
                                        .related_information
                                        .get_or_insert_with(Vec::new)
                                        .push(v);
                                }
                            }
                            None => {
                                if let Some(v) = via {
                                    d.related_information.get_or_insert_with(Vec::new).push(v);
                                }
                                out.push(d);
                            }
                        }
                    }
                }
                out
            }
            Role::Development | Role::Other => vec![],
        }
    }

    /// The identifier under (or just before) a position, with its byte range.
    fn word_at(doc: &mut Doc, offset: usize) -> Option<(String, std::ops::Range<usize>)> {
        let text = doc.document.text();
        let tree = doc.document.tree();
        let root = tree.root_node();
        for at in [offset, offset.saturating_sub(1)] {
            let Some(node) = root.descendant_for_byte_range(at, at) else {
                continue;
            };
            if node.kind() == "identifier" {
                let name = node.utf8_text(text.as_bytes()).ok()?.to_string();
                return Some((name, node.byte_range()));
            }
        }
        None
    }

    fn hover(&mut self, p: HoverParams) -> Option<Hover> {
        let pos = p.text_document_position_params;
        let enc = self.encoding;
        let doc = self.docs.get_mut(&pos.text_document.uri)?;
        if doc.out_of_sync {
            return None;
        }
        let path = doc.path.clone()?;
        let offset = rope_offset(doc.document.rope(), pos.position, enc)?;
        let (name, range) = Self::word_at(doc, offset)?;
        let text = doc.document.text();
        let open = self.open_files();
        let sources = EditorSources {
            open: &open,
            disk: &self.disk,
        };
        let markdown = catch_unwind(AssertUnwindSafe(|| {
            let eval = evaluate(&path, &sources).ok()?;
            hover_markdown(&eval, &name, &sources)
        }))
        .ok()??;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(LineIndex::new(&text).range(&range, enc)),
        })
    }

    fn completion(&mut self, p: CompletionParams) -> Option<CompletionResponse> {
        let pos = p.text_document_position;
        let enc = self.encoding;
        let doc = self.docs.get_mut(&pos.text_document.uri)?;
        if doc.out_of_sync {
            return None;
        }
        let rope = doc.document.rope();
        let offset = rope_offset(rope, pos.position, enc)?;
        let line_start = rope.line_to_byte(rope.byte_to_line(offset));
        let prefix = rope.byte_slice(line_start..offset).to_string();
        // Module level: the start of an unindented statement.
        let is_name_start = prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !prefix.starts_with(|c: char| c.is_ascii_digit());
        if !is_name_start {
            return None;
        }
        let tree = doc.document.tree();
        let in_string = tree
            .root_node()
            .descendant_for_byte_range(offset, offset)
            .map(|mut n| loop {
                if matches!(n.kind(), "string" | "string_content" | "comment") {
                    break n.start_byte() < offset;
                }
                match n.parent() {
                    Some(p) => n = p,
                    None => break false,
                }
            })
            .unwrap_or(false);
        if in_string {
            return None;
        }
        let wanted = prefix.to_ascii_uppercase();
        let items: Vec<CompletionItem> = catalog::completions()
            .into_iter()
            .filter(|c| c.name.starts_with(&wanted))
            .map(|c| CompletionItem {
                label: c.name.to_string(),
                kind: Some(CompletionItemKind::CONSTANT),
                detail: c.default.as_ref().map(|d| format!("default: {d}")),
                documentation: Some(Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: format!(
                        "{}{}\n\n[Django documentation]({})",
                        c.summary,
                        if c.checked {
                            "\n\nRead by `check --deploy`."
                        } else {
                            ""
                        },
                        c.docs
                    ),
                })),
                sort_text: Some(format!("{}{}", u8::from(!c.checked), c.name)),
                insert_text: Some(c.name.to_string()),
                ..Default::default()
            })
            .collect();
        Some(CompletionResponse::Array(items))
    }
}

/// Texts and URIs of the files findings may point into.
fn file_view<'a>(
    docs: &HashMap<Uri, Doc>,
    disk: &'a DiskSources,
    open: &'a HashMap<PathBuf, Arc<ParsedFile>>,
) -> FileView<'a> {
    FileView {
        open,
        disk,
        uris: docs
            .iter()
            .filter_map(|(u, d)| d.path.clone().map(|p| (p, u.clone())))
            .collect(),
    }
}

/// Texts and URIs of files for conversion: open documents as the editor
/// has them, other files from disk.
struct FileView<'a> {
    open: &'a HashMap<PathBuf, Arc<ParsedFile>>,
    disk: &'a DiskSources,
    uris: HashMap<PathBuf, Uri>,
}

impl Files for FileView<'_> {
    fn text(&self, path: &Path) -> Option<Arc<str>> {
        use crate::analysis::source::SourceProvider;
        match self.open.get(path) {
            Some(f) => Some(f.text.clone()),
            None => self.disk.load(path).ok().map(|f| f.text.clone()),
        }
    }

    fn uri(&self, path: &Path) -> Option<Uri> {
        self.uris
            .get(path)
            .cloned()
            .or_else(|| Uri::from_file_path(path))
    }
}

pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

fn msg_name(m: &Msg) -> &'static str {
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
        Msg::ConfigurationPulled { .. } => "a workspace/configuration answer",
        Msg::WatchRegistered(_) => "a client/registerCapability answer",
    }
}
