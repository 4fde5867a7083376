//! The workspace as a whole: the folders the client declared, the role of
//! any file (`django-settings-lsp/fileRole`), and
//! `django-settings-lsp/checkWorkspace`: every deploy module of the folders
//! (found by `project::deploy_modules`, as `check .` finds them) is
//! analysed, a slice of them per turn of the state task, and the
//! diagnostics of those that are not open are published, with those of the
//! files their findings are in (the base modules), as if they were open.
//! They stay published, and are kept up to date like those of open
//! modules, until the server stops.
//!
//! Open and closed files: an open file shows its own diagnostics
//! (versioned); closing a file the check shows hands it back to the check
//! (its diagnostics stay, unversioned, read from disk), and closing any
//! other file clears its diagnostics, as before.

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::DidChangeWorkspaceFoldersParams;

use super::super::actor::*;
use super::super::FileRoleParams;
use crate::analysis::project::{deploy_modules, shown_severity};

/// The most deploy modules one check analyses; the rest are counted as
/// skipped in the answer.
pub(crate) const MAX_WORKSPACE_MODULES: usize = 500;

/// How long one turn of the state task spends on the check's modules before
/// it takes the messages that arrived meanwhile. At least one module is
/// analysed per turn, and one analysis is bounded by the evaluation's step
/// budget (about a third of a second at most), so no request waits longer
/// than that for the check.
pub(crate) const WORKSPACE_SLICE: Duration = Duration::from_millis(50);

type CheckReply = Reply<tower_lsp_server::jsonrpc::Result<Json>>;

/// What the workspace check keeps between messages.
#[derive(Default)]
pub(crate) struct Workspace {
    /// The workspace folders the client declared (`file:` ones).
    pub(crate) folders: Vec<PathBuf>,
    /// The deploy modules the last check found, in path order.
    pub(crate) modules: Vec<PathBuf>,
    /// How many more the last check found than it analyses.
    pub(crate) skipped: usize,
    /// Modules of the check still to analyse, a slice per turn.
    pub(crate) pending: HashSet<PathBuf>,
    /// Role and configuration of the files the check shows that are not
    /// open, decided when first needed; forgotten when files or
    /// configuration change.
    pub(crate) shown: HashMap<PathBuf, (Role, Config)>,
    /// The files not open whose diagnostics the check published.
    pub(crate) published: HashSet<Uri>,
    /// `checkWorkspace` requests waiting for the check to finish.
    pub(crate) waiting: Vec<CheckReply>,
}

impl Workspace {
    /// A check is under way: the state task keeps turning.
    pub(crate) fn busy(&self) -> bool {
        !self.pending.is_empty() || !self.waiting.is_empty()
    }

    /// The innermost workspace folder holding `path`.
    pub(crate) fn folder_of(&self, path: &Path) -> Option<&Path> {
        self.folders
            .iter()
            .filter(|f| path.starts_with(f))
            .max_by_key(|f| f.components().count())
            .map(PathBuf::as_path)
    }

    /// The check cannot go on (its analysis crashed): its requests get an
    /// error, what it published stays until the next check or change.
    pub(crate) fn abandon(&mut self) {
        self.pending.clear();
        for reply in self.waiting.drain(..) {
            let _ = reply.send(Err(jsonrpc::Error {
                code: jsonrpc::ErrorCode::InternalError,
                message: "the workspace check failed (details on stderr)".into(),
                data: None,
            }));
        }
    }
}

fn invalid_params(message: String) -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::InvalidParams,
        message: message.into(),
        data: None,
    }
}

impl Actor {
    /// The folders of `initialize`: `workspaceFolders`, else `rootUri`,
    /// else `rootPath`.
    pub(crate) fn set_folders(&mut self, p: &InitializeParams) {
        let mut folders: Vec<PathBuf> = p
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| file_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            folders.extend(p.root_uri.as_ref().and_then(file_path));
            if folders.is_empty() {
                folders.extend(p.root_path.as_ref().map(PathBuf::from));
            }
        }
        debug!("workspace folders: {folders:?}");
        self.workspace.folders = folders;
    }

    pub(crate) fn folders_changed(&mut self, p: DidChangeWorkspaceFoldersParams) {
        let removed: Vec<PathBuf> = p
            .event
            .removed
            .iter()
            .filter_map(|f| file_path(&f.uri))
            .collect();
        let ws = &mut self.workspace;
        ws.folders.retain(|f| !removed.contains(f));
        for added in p.event.added.iter().filter_map(|f| file_path(&f.uri)) {
            if !ws.folders.contains(&added) {
                ws.folders.push(added);
            }
        }
        // Modules of a folder that left are no longer shown (the next
        // flush clears what was published for them).
        let folders = ws.folders.clone();
        ws.modules
            .retain(|m| folders.iter().any(|f| m.starts_with(f)));
        ws.pending
            .retain(|m| folders.iter().any(|f| m.starts_with(f)));
        debug!("workspace folders now: {:?}", ws.folders);
        self.all_dirty = true;
    }

    /// `django-settings-lsp/fileRole`: `{role, why}` (and `judges`, the
    /// URIs of the deploy modules that judge a base), decided by
    /// `classify` as for the diagnostics: an open document's own role, a
    /// file on disk classified as it would be if opened.
    pub(crate) fn file_role(&mut self, p: FileRoleParams) -> jsonrpc::Result<Json> {
        let Some(path) = file_path(&p.uri) else {
            return Err(invalid_params(format!(
                "{} is not a file: URI; only files have a role",
                p.uri.as_str()
            )));
        };
        let open = self.open_files();
        self.prepare(&p.uri, &open);
        let role = match self.docs.get(&p.uri).and_then(|d| d.role.clone()) {
            Some(role) => role,
            None => {
                use crate::analysis::source::SourceProvider;
                if !self.disk.is_file(&path) {
                    return Err(invalid_params(format!(
                        "{} is neither an open document nor a file on disk",
                        p.uri.as_str()
                    )));
                }
                let config = self.module_config(&path);
                let sources = EditorSources {
                    open: &open,
                    disk: &self.disk,
                };
                classify(&path, &config, &sources)
            }
        };
        let why = role.why(&path, self.workspace.folder_of(&path));
        let mut answer = serde_json::json!({"role": role.name(), "why": why});
        if let Role::Base { judges } = &role {
            let uris: Vec<String> = judges
                .iter()
                .filter_map(|j| Uri::from_file_path(j).map(|u| u.as_str().to_string()))
                .collect();
            answer["judges"] = serde_json::json!(uris);
        }
        Ok(answer)
    }

    /// `django-settings-lsp/checkWorkspace`: finds the deploy modules of the
    /// workspace folders afresh (roles, configurations and analyses are
    /// redone from disk) and answers once all are analysed.
    pub(crate) fn check_workspace(&mut self, reply: CheckReply) {
        if self.workspace.folders.is_empty() {
            let _ = reply.send(Err(jsonrpc::Error {
                code: jsonrpc::ErrorCode::InvalidRequest,
                message: "no workspace folder to check: the client declared none with a \
                          file: URI (workspaceFolders or rootUri in initialize, or \
                          workspace/didChangeWorkspaceFolders)"
                    .into(),
                data: None,
            }));
            return;
        }
        self.files_changed();
        let started = Instant::now();
        let open = self.open_files();
        let sources = EditorSources {
            open: &open,
            disk: &self.disk,
        };
        let projects = &mut self.projects;
        let layers = [&self.init_layer, &self.editor_layer];
        let mut first_sights = vec![];
        let mut found = vec![];
        for folder in &self.workspace.folders {
            let mut config_of = |m: &Path| {
                if let (_, Some(news)) = projects.layer(m, &self.disk) {
                    first_sights.push(news);
                }
                projects.config(m, &self.disk, &layers)
            };
            found.extend(deploy_modules(folder, &mut config_of, &sources));
        }
        for (file, warnings) in first_sights {
            for w in &warnings {
                self.warn_client(format!("{}: {w}", file.display()));
            }
        }
        found.sort();
        found.dedup();
        let ws = &mut self.workspace;
        ws.skipped = found.len().saturating_sub(MAX_WORKSPACE_MODULES);
        found.truncate(MAX_WORKSPACE_MODULES);
        info!(
            "workspace check: {} deploy modules found in {:?}{}",
            found.len(),
            started.elapsed(),
            if ws.skipped > 0 {
                format!(", {} more skipped", ws.skipped)
            } else {
                String::new()
            }
        );
        ws.pending = found.iter().cloned().collect();
        ws.modules = found;
        ws.waiting.push(reply);
    }

    /// The role and configuration of a file the check shows that is not
    /// open: `classify` as for an open document, kept until files or the
    /// configuration change.
    pub(crate) fn shown_role(
        &mut self,
        path: &Path,
        open: &HashMap<PathBuf, Arc<ParsedFile>>,
    ) -> (Role, Config) {
        if let Some(known) = self.workspace.shown.get(path) {
            return known.clone();
        }
        let config = self.module_config(path);
        let sources = EditorSources {
            open,
            disk: &self.disk,
        };
        let role = classify(path, &config, &sources);
        debug!("{} (workspace): {}", path.display(), role.describe());
        self.workspace
            .shown
            .insert(path.to_path_buf(), (role.clone(), config.clone()));
        (role, config)
    }

    /// The check's modules that are not open and still deploy modules: they
    /// are judged beside the ones open documents need. Modules deleted
    /// since the check are dropped.
    pub(crate) fn workspace_needed(
        &mut self,
        open: &HashMap<PathBuf, Arc<ParsedFile>>,
        open_paths: &HashSet<PathBuf>,
    ) -> Vec<PathBuf> {
        use crate::analysis::source::SourceProvider;
        let disk = &self.disk;
        self.workspace
            .modules
            .retain(|m| open_paths.contains(m) || disk.is_file(m));
        let modules = self.workspace.modules.clone();
        modules
            .into_iter()
            .filter(|m| !open_paths.contains(m))
            .filter(|m| matches!(self.shown_role(m, open).0, Role::Deploy(_)))
            .collect()
    }

    /// Whether the check shows `path`: one of its modules, or a file one of
    /// their findings is in.
    pub(crate) fn workspace_shows(&self, path: &Path) -> bool {
        self.workspace.modules.iter().any(|m| {
            m == path
                || self.judged.get(m).is_some_and(|j| {
                    j.findings
                        .iter()
                        .chain(j.notes.iter())
                        .any(|f| f.path == path)
                })
        })
    }

    /// Publishes the diagnostics of the files the check shows that are not
    /// open, and clears those it published before and shows no longer.
    pub(crate) fn publish_workspace(&mut self, open: &HashMap<PathBuf, Arc<ParsedFile>>) {
        if self.workspace.modules.is_empty() && self.workspace.published.is_empty() {
            return;
        }
        let open_paths: HashSet<PathBuf> =
            self.docs.values().filter_map(|d| d.path.clone()).collect();
        let mut files = std::collections::BTreeSet::new();
        for m in &self.workspace.modules {
            files.insert(m.clone());
            if let Some(j) = self.judged.get(m) {
                files.extend(
                    j.findings
                        .iter()
                        .chain(j.notes.iter())
                        .map(|f| f.path.clone()),
                );
            }
        }
        files.retain(|p| !open_paths.contains(p));
        let shown: Vec<(PathBuf, Role, Config)> = files
            .into_iter()
            .map(|p| {
                let (role, config) = self.shown_role(&p, open);
                (p, role, config)
            })
            .collect();
        let view = file_view(&self.docs, &self.disk, open);
        let mut now = HashSet::new();
        for (path, role, config) in &shown {
            let Some(uri) = Uri::from_file_path(path) else {
                continue;
            };
            let diagnostics = self.diagnostics_in(path, role, config, &view);
            if diagnostics.is_empty() {
                continue;
            }
            now.insert(uri.clone());
            let entry = (None, diagnostics);
            if self.published.get(&uri) == Some(&entry) {
                continue;
            }
            let _ = self.out.send(Outbound::Publish {
                uri: uri.clone(),
                diagnostics: entry.1.clone(),
                version: None,
            });
            self.published.insert(uri, entry);
        }
        for uri in self.workspace.published.difference(&now) {
            if self.docs.contains_key(uri) {
                continue;
            }
            self.published.remove(uri);
            let _ = self.out.send(Outbound::Publish {
                uri: uri.clone(),
                diagnostics: vec![],
                version: None,
            });
        }
        self.workspace.published = now;
    }

    /// Answers the waiting `checkWorkspace` requests once every module of
    /// the check is analysed: `{modules, findings, skipped}`, the findings
    /// counted as `check` counts them (each shown finding once, notes
    /// apart).
    pub(crate) fn finish_workspace(&mut self, open: &HashMap<PathBuf, Arc<ParsedFile>>) {
        if !self.workspace.pending.is_empty() || self.workspace.waiting.is_empty() {
            return;
        }
        let mut modules = 0;
        let mut seen = HashSet::new();
        for m in self.workspace.modules.clone() {
            let opened = self.docs.values().find(|d| d.path.as_ref() == Some(&m));
            let (role, config) = match opened.and_then(|d| d.role.clone().zip(d.config.clone())) {
                Some(known) => known,
                None => self.shown_role(&m, open),
            };
            if !matches!(role, Role::Deploy(_)) {
                continue;
            }
            modules += 1;
            let Some(j) = self.judged.get(&m) else {
                continue;
            };
            for f in &j.findings {
                if shown_severity(&config, f).is_some() {
                    seen.insert((
                        f.path.clone(),
                        f.range.start,
                        f.range.end,
                        f.code.clone(),
                        f.message.clone(),
                    ));
                }
            }
        }
        let answer = serde_json::json!({
            "modules": modules,
            "findings": seen.len(),
            "skipped": self.workspace.skipped,
        });
        info!("workspace check done: {answer}");
        for reply in self.workspace.waiting.drain(..) {
            let _ = reply.send(Ok(answer.clone()));
        }
    }
}
