//! `textDocument/codeAction`: the proven fixes and suppressions of the
//! findings in a range (built by `lsp::code_actions`).

use super::super::actor::*;

impl Actor {
    pub(crate) fn code_action(&mut self, p: CodeActionParams) -> Option<CodeActionResponse> {
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
        let evaluations = judges
            .iter()
            .filter_map(|j| self.fresh_evaluation(j).map(|e| (j.clone(), e)))
            .collect();
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
            evaluations,
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
}
