//! Document changes: edits applied in arrival order, watched files.

use super::super::actor::*;

impl Actor {
    /// Files on disk changed: classifications, project configurations and
    /// cached analyses may all be out of date.
    pub(crate) fn files_changed(&mut self) {
        self.projects.clear();
        self.config_changed();
    }

    /// A closed document's diagnostics are cleared, unless the workspace
    /// check shows the file: then its diagnostics go back to the check's
    /// (read from disk), published at the next flush, or cleared there if
    /// it has none.
    pub(crate) fn did_close(&mut self, uri: Uri) {
        let path = self.docs.remove(&uri).and_then(|d| d.path);
        if let Some(path) = &path {
            self.dirty.insert(path.clone());
        }
        self.published.remove(&uri);
        if path.as_deref().is_some_and(|p| self.workspace_shows(p)) {
            self.workspace.published.insert(uri);
            return;
        }
        let _ = self.out.send(Outbound::Publish {
            uri,
            diagnostics: vec![],
            version: None,
        });
    }

    pub(crate) fn did_change(
        &mut self,
        p: tower_lsp_server::ls_types::DidChangeTextDocumentParams,
    ) {
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
}
