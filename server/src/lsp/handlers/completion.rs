//! `textDocument/completion` of setting names at the start of a line.

use super::super::actor::*;

impl Actor {
    pub(crate) fn completion(&mut self, p: CompletionParams) -> Option<CompletionResponse> {
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
        let tree = doc.document.tree();
        let candidates = completions_at(tree, offset, &prefix)?;
        let items: Vec<CompletionItem> = candidates
            .into_iter()
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
