//! Reading and writing settings text for a fix: the parsed file of a path, the node
//! at a range, literals, the module's quote style and line endings, top-level
//! assignments and where a new setting goes.

use super::*;
pub(super) use crate::analysis::placement::{insertion_point, line_end_after, top_level};

/// A file of the project the evaluation read; never an installed package's.
pub(super) fn parsed<'e>(eval: &'e Evaluation, path: &Path) -> Option<&'e Arc<ParsedFile>> {
    if eval.installed.iter().any(|r| path.starts_with(r)) {
        return None;
    }
    eval.loaded.iter().find(|f| f.path == path)
}

/// The list or tuple display a setting was assigned, in a file of the
/// project: where the fixes that edit its entries work.
pub(super) fn assigned_list<'e>(
    eval: &'e Evaluation,
    setting: &str,
) -> Option<(
    crate::analysis::eval::namespace::Origin,
    &'e ParsedFile,
    Node<'e>,
)> {
    let origin = eval.namespace.get(setting)?.origin.clone()?;
    let file = parsed(eval, &origin.path)?;
    let list = node_at(file, &origin.value)?;
    matches!(list.kind(), "list" | "tuple").then_some((origin, file.as_ref(), list))
}

/// The node spanning exactly `range`.
pub(super) fn node_at<'t>(file: &'t ParsedFile, range: &Range<usize>) -> Option<Node<'t>> {
    file.node_spanning(range)
}

/// Whether a node is a literal (nested literals included). Iterative: a
/// module may nest brackets thousands deep.
pub(super) fn is_literal(file: &ParsedFile, n: Node) -> bool {
    let mut stack = vec![n];
    let mut seen = 0usize;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            return false;
        }
        match n.kind() {
            "true" | "false" | "none" | "integer" | "float" | "concatenated_string" => {}
            "string" => {
                let t = &file.text[n.byte_range()];
                if t.trim_start_matches(['r', 'R', 'b', 'B', 'u', 'U'])
                    .starts_with(['f', 'F'])
                {
                    return false;
                }
            }
            "unary_operator" => match n.child_by_field_id(crate::field!("argument")) {
                Some(a) => stack.push(a),
                None => return false,
            },
            "list" | "tuple" | "set" => {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c).filter(|k| k.kind() != "comment"));
            }
            _ => return false,
        }
    }
    true
}

pub(super) fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text[i..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

/// Whether the module mostly writes strings with single quotes.
pub(super) fn prefers_single_quotes(file: &ParsedFile) -> bool {
    let (mut single, mut double) = (0, 0);
    let mut stack: Vec<_> = file.tree.roots().collect();
    let mut seen = 0;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > 20_000 {
            break;
        }
        if n.kind() == "string_start" {
            let t = &file.text[n.byte_range()];
            if t.ends_with('\'') {
                single += 1;
            } else {
                double += 1;
            }
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    single > double
}

/// Rewrites the double-quoted strings of a literal we generate into the
/// module's quote style.
pub(super) fn quoted(file: &ParsedFile, literal: &str) -> String {
    if prefers_single_quotes(file) && !literal.contains('\'') {
        literal.replace('"', "'")
    } else {
        literal.to_string()
    }
}

/// An edit inserting `line` (without line break) as a new line at `at`, a
/// line end or the end of the file.
pub(super) fn insert_line(file: &ParsedFile, at: usize, line: &str) -> Edit {
    let nl = line_ending(&file.text);
    let text = &file.text;
    let new_text = if at >= text.len() {
        if text.is_empty() || text.ends_with(['\n', '\r']) {
            format!("{line}{nl}")
        } else {
            format!("{nl}{line}{nl}")
        }
    } else {
        format!("{nl}{line}")
    };
    Edit {
        path: file.path.clone(),
        range: at..at,
        new_text,
    }
}
