//! What the editor asks of the analysis, without LSP: hover text for a
//! setting, completion candidates and when to offer them, the findings and
//! fixes a code-action request covers, the word at an offset. Offsets are bytes; the language server converts positions.

pub mod actions;
pub mod catalog;
pub mod completion;
pub mod env_hover;
pub mod hover;

use std::ops::Range;

use crate::analysis::source::ModuleTree;

/// The identifier under (or just before) `offset`, with its byte range.
pub fn word_at(text: &str, tree: &ModuleTree, offset: usize) -> Option<(String, Range<usize>)> {
    for at in [offset, offset.saturating_sub(1)] {
        let Some(node) = tree.descendant_for_byte_range(at, at) else {
            continue;
        };
        if node.kind() == "identifier" {
            let name = node.utf8_text(text.as_bytes()).ok()?.to_string();
            return Some((name, node.byte_range()));
        }
    }
    None
}
