//! Analysis and publishing: every document whose diagnostics or version
//! changed, after the queued messages are applied.

use super::super::actor::*;

impl Actor {
    pub(crate) fn flush(&mut self) {
        let open = self.open_files();
        let uris: Vec<Uri> = self.docs.keys().cloned().collect();
        for uri in &uris {
            self.prepare(uri, &open);
        }

        // What open documents show, then the workspace check's modules.
        let mut needed: HashSet<PathBuf> = HashSet::new();
        let mut open_paths: HashSet<PathBuf> = HashSet::new();
        for d in self.docs.values() {
            open_paths.extend(d.path.clone());
            match (&d.role, &d.path) {
                (Some(Role::Deploy(_)), Some(p)) => {
                    needed.insert(p.clone());
                }
                (Some(Role::Base { judges }), _) => needed.extend(judges.iter().cloned()),
                _ => {}
            }
        }
        let mut checked = self.workspace_needed(&open, &open_paths);
        checked.retain(|m| !needed.contains(m));
        self.judged
            .retain(|p, _| needed.contains(p) || checked.contains(p));
        forget_evaluations_except(&needed);
        // The release each module is judged by, when its configuration
        // names one (the configuration is read before the files are lent).
        let configured: HashMap<PathBuf, Option<ProjectVersion>> = needed
            .iter()
            .chain(&checked)
            .map(|p| (p.clone(), self.module_config(p).django_version))
            .collect();
        let version_of = |p: &PathBuf| configured.get(p).and_then(Option::as_ref);
        let sources = EditorSources {
            open: &open,
            disk: &self.disk,
        };
        for path in &needed {
            if self.is_stale(path, true) {
                let judged = self.judge(path, &sources, &open, true, version_of(path));
                self.judged.insert(path.clone(), judged);
            }
        }
        // The check's modules, a slice per turn: messages that arrived
        // meanwhile are taken before the next slice.
        let started = Instant::now();
        for path in &checked {
            if !self.is_stale(path, false) {
                self.workspace.pending.remove(path);
            } else if started.elapsed() >= super::workspace::WORKSPACE_SLICE {
                self.workspace.pending.insert(path.clone());
            } else {
                let judged = self.judge(path, &sources, &open, false, version_of(path));
                self.judged.insert(path.clone(), judged);
                self.workspace.pending.remove(path);
            }
        }
        self.workspace.pending.retain(|p| checked.contains(p));
        self.dirty.clear();
        self.all_dirty = false;

        self.publish_open(uris, &open);
        self.publish_workspace(&open);
        self.finish_workspace(&open);
    }

    /// Whether a module's findings must be made again: none yet, a file it
    /// read changed, or (`for_editor`) they were made without keeping the
    /// evaluation hover and code actions use.
    fn is_stale(&self, path: &Path, for_editor: bool) -> bool {
        match self.judged.get(path) {
            None => true,
            Some(j) => {
                self.all_dirty
                    || self.dirty.contains(path)
                    || j.files.iter().any(|f| self.dirty.contains(f))
                    || (for_editor && !j.for_editor)
                    || (!for_editor && self.workspace.pending.contains(path))
            }
        }
    }

    /// Analyses one deploy module. Its evaluation is kept (for hover and
    /// code actions) only when an open document needs it (`for_editor`):
    /// the workspace check keeps findings only.
    fn judge(
        &self,
        path: &Path,
        sources: &EditorSources,
        open: &HashMap<PathBuf, Arc<ParsedFile>>,
        for_editor: bool,
        version: Option<&ProjectVersion>,
    ) -> Judged {
        let started = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| {
            #[cfg(debug_assertions)]
            if let Some(f) = open.get(path) {
                crate::fault::inject(&f.text);
            }
            #[cfg(not(debug_assertions))]
            let _ = open;
            evaluate_with(path, sources, version).map(|e| {
                let r = report_reading(&e, sources);
                let generation = next_generation();
                if for_editor {
                    keep_evaluation(path, generation, e);
                }
                (r, generation)
            })
        }));
        let failed = |generation| Judged {
            files: vec![path.to_path_buf()],
            findings: vec![],
            notes: vec![],
            generation,
            for_editor,
            crashed: false,
        };
        let judged = match result {
            Ok(Ok((r, generation))) => Judged {
                files: r.files,
                findings: r.findings,
                notes: r.notes,
                generation,
                for_editor,
                crashed: false,
            },
            Ok(Err(e)) => {
                debug!("cannot analyse {}: {e}", path.display());
                failed(0)
            }
            Err(_) => Judged {
                crashed: true,
                ..failed(0)
            },
        };
        debug!(
            "analysed {} in {:?}: {} findings, {} notes",
            path.display(),
            started.elapsed(),
            judged.findings.len(),
            judged.notes.len()
        );
        judged
    }

    /// Publishes every open document whose diagnostics or version changed.
    fn publish_open(&mut self, uris: Vec<Uri>, open: &HashMap<PathBuf, Arc<ParsedFile>>) {
        self.report_crashes();
        let files = file_view(&self.docs, &self.disk, open);
        for uri in uris {
            let doc = &self.docs[&uri];
            let version = Some(doc.version);
            let diagnostics = if doc.out_of_sync {
                vec![]
            } else {
                // Unchanged inputs: the diagnostics converted last time.
                let inputs = self.converted_from(doc, &files);
                let reused = match (&doc.converted, &inputs) {
                    (Some((was, d)), Some(now)) if was == now => Some(d.clone()),
                    _ => None,
                };
                match reused {
                    Some(d) => d,
                    None => {
                        let d = self.diagnostics_for(doc, open, &files);
                        let doc = self.docs.get_mut(&uri).expect("open");
                        doc.converted = inputs.map(|i| (i, d.clone()));
                        d
                    }
                }
            };
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

    /// Tells the user once about each module whose analysis crashed; a
    /// module analysed again without crashing may be told about again.
    fn report_crashes(&mut self) {
        for (path, j) in &self.judged {
            if !j.crashed {
                self.crashed.remove(path);
                continue;
            }
            if self.crashed.insert(path.clone()) {
                let text = format!(
                    "django-settings-lsp: the analysis of {} crashed; no diagnostics for it (details on stderr)",
                    path.display()
                );
                error!("{text}");
                let _ = self.out.send(Outbound::Show(MessageType::ERROR, text));
            }
        }
    }

    /// What `doc`'s diagnostics would be converted from now; `None` when it
    /// shows none.
    fn converted_from(&self, doc: &Doc, files: &FileView) -> Option<Converted> {
        let (Some(path), Some(role)) = (&doc.path, &doc.role) else {
            return None;
        };
        let analysis = |p: &PathBuf| (p.clone(), self.judged.get(p).map(|j| j.generation));
        let analyses = match role {
            Role::Deploy(_) => vec![analysis(path)],
            Role::Base { judges } => judges.iter().map(analysis).collect(),
            Role::Development | Role::Other => return None,
        };
        Some(Converted {
            analyses,
            index: files.index(path)?,
            config_generation: self.config_generation,
        })
    }

    pub(crate) fn diagnostics_for(
        &self,
        doc: &Doc,
        open: &HashMap<PathBuf, Arc<ParsedFile>>,
        files: &FileView,
    ) -> Vec<Diagnostic> {
        let (Some(path), Some(role), Some(config)) = (&doc.path, &doc.role, &doc.config) else {
            return vec![];
        };
        if !open.contains_key(path) {
            return vec![];
        }
        self.diagnostics_in(path, role, config, files)
    }

    /// The diagnostics of the file `path` in its role: a deploy module's
    /// findings, or a base's own findings as each deploy module importing it
    /// sees them. One line index of its text serves them all.
    pub(crate) fn diagnostics_in(
        &self,
        path: &Path,
        role: &Role,
        config: &Config,
        files: &FileView,
    ) -> Vec<Diagnostic> {
        let enc = self.encoding;
        let Some(index) = files.index(path) else {
            return vec![];
        };
        let text = &*index;
        match role {
            Role::Deploy(_) => {
                let Some(j) = self.judged.get(path) else {
                    return vec![];
                };
                j.findings
                    .iter()
                    .chain(j.notes.iter())
                    .filter_map(|f| convert::diagnostic_indexed(f, path, text, config, enc, files))
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
                        if f.path != path {
                            continue;
                        }
                        let Some(mut d) =
                            convert::diagnostic_indexed(f, path, text, config, enc, files)
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
}
