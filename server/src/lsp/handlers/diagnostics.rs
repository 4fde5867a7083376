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
        forget_evaluations_except(&needed);
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
                evaluate(path, &sources).map(|e| {
                    let r = report(&e);
                    let generation = next_generation();
                    keep_evaluation(path, generation, e);
                    (r, generation)
                })
            }));
            if result.is_ok() {
                self.crashed.remove(path);
            }
            let judged = match result {
                Ok(Ok((r, generation))) => Judged {
                    files: r.files,
                    findings: r.findings,
                    notes: r.notes,
                    generation,
                },
                Ok(Err(e)) => {
                    debug!("cannot analyse {}: {e}", path.display());
                    Judged {
                        files: vec![path.clone()],
                        findings: vec![],
                        notes: vec![],
                        generation: 0,
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
                        generation: 0,
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

    pub(crate) fn diagnostics_for(
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
}
