//! Completion of setting names: offered at the start of an unindented
//! statement (not inside a string or a comment), from the catalog of
//! Django's settings, those the deploy checks read first.

use crate::analysis::source::ModuleTree;

use super::catalog::{self, SettingCompletion};

/// The setting names to offer when the cursor is at `offset`, with `prefix`
/// the text from the start of its line; `None` where no setting name can
/// start.
pub fn completions_at(
    tree: &ModuleTree,
    offset: usize,
    prefix: &str,
) -> Option<Vec<SettingCompletion>> {
    let is_name_start = prefix
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !prefix.starts_with(|c: char| c.is_ascii_digit());
    if !is_name_start {
        return None;
    }
    let in_string = tree
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
    Some(
        catalog::completions()
            .into_iter()
            .filter(|c| c.name.starts_with(&wanted))
            .collect(),
    )
}
