//! Where a setting is and where a new one goes in a module's text: the
//! top-level assignments, the family a setting belongs to (`SECURE_*`,
//! `SESSION_*`), and the statement after which a missing setting is
//! inserted. Shared by the fixes (which insert there) and the reports (a
//! finding about a missing setting is shown there when nothing else is
//! its reason).

use std::ops::Range;

use tree_sitter::Node;

use super::source::ParsedFile;

/// Top-level statements of a module.
pub fn top_level(file: &ParsedFile) -> Vec<Node<'_>> {
    file.tree.statements().collect()
}

/// The name a top-level statement assigns, if it is a simple assignment.
pub fn assigned_name<'f>(file: &'f ParsedFile, stmt: Node) -> Option<&'f str> {
    if stmt.kind() != "expression_statement" {
        return None;
    }
    let a = stmt.named_child(0)?;
    if a.kind() != "assignment" {
        return None;
    }
    let left = a.child_by_field_id(crate::field!("left"))?;
    (left.kind() == "identifier").then(|| &file.text[left.byte_range()])
}

pub fn family(name: &str) -> &str {
    match name {
        "X_FRAME_OPTIONS" => "SECURE",
        _ => name.split('_').next().unwrap_or(name),
    }
}

/// Where to insert a new `NAME = value` line in the checked module: after the
/// last assignment of a related setting, else at the end.
pub fn insertion_point(file: &ParsedFile, name: &str) -> usize {
    match related_statement(file, name) {
        Some(s) => line_end_after(&file.text, s.end_byte()),
        None => file.text.len(),
    }
}

/// The last top-level assignment of a setting of `name`'s family.
pub fn related_statement<'f>(file: &'f ParsedFile, name: &str) -> Option<Node<'f>> {
    let fam = family(name);
    file.tree.statements().rfind(|s| {
        assigned_name(file, *s)
            .map(|n| family(n) == fam && n != name)
            .unwrap_or(false)
    })
}

/// The statement after which the fix for a missing `name` inserts it (the
/// last related setting, else the module's last statement): where a
/// finding about it is shown when nothing else in the module is its
/// reason (its first line). `None` for a module without statements.
pub fn insertion_anchor(file: &ParsedFile, name: &str) -> Option<Range<usize>> {
    related_statement(file, name)
        .or_else(|| file.tree.statements().rfind(|s| s.kind() != "comment"))
        .map(|s| s.start_byte()..line_end_after(&file.text, s.start_byte()).min(s.end_byte()))
}

pub fn line_end_after(text: &str, at: usize) -> usize {
    text[at..]
        .find(['\n', '\r'])
        .map(|i| at + i)
        .unwrap_or(text.len())
}
