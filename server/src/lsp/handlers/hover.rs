//! `textDocument/hover` on a setting name, or on an environment variable's
//! name where the settings read it.

use super::super::actor::*;

impl Actor {
    pub(crate) fn hover(&mut self, p: HoverParams) -> Option<Hover> {
        let pos = p.text_document_position_params;
        let enc = self.encoding;
        let doc = self.docs.get_mut(&pos.text_document.uri)?;
        if doc.out_of_sync {
            return None;
        }
        let path = doc.path.clone()?;
        let offset = rope_offset(doc.document.rope(), pos.position, enc)?;
        let text = doc.document.text();
        // A setting's name, or an environment variable's where it is read.
        let word = word_at(&text, doc.document.tree(), offset);
        let configured = doc.config.as_ref().and_then(|c| c.django_version.clone());
        let cached = self.fresh_evaluation(&path);
        debug!(
            "hover in {}: {}",
            path.display(),
            if cached.is_some() {
                "the last analysis's evaluation"
            } else {
                "a new evaluation"
            }
        );
        let open = self.open_files();
        let sources = EditorSources {
            open: &open,
            disk: &self.disk,
        };
        let (markdown, range) = catch_unwind(AssertUnwindSafe(|| {
            let eval = match cached {
                Some(e) => e,
                None => std::rc::Rc::new(evaluate_with(&path, &sources, configured.as_ref()).ok()?),
            };
            if let Some((name, range)) = &word {
                if let Some(md) = hover_markdown(&eval, name, &sources) {
                    return Some((md, range.clone()));
                }
            }
            env_variable_hover(&eval, &path, offset)
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
}
