//! Inserting a string literal into a list or tuple display at a given
//! index, in the display's own layout: one entry per line (with its
//! indentation and a trailing comma) or all on one line; what the fixes
//! that add a middleware or a context processor write.

use super::*;

/// The edit that puts `lit` before `items[index]` (after the last item
/// when `index` is past the end) of `list` in `file`.
pub(super) fn insert_entry(
    file: &ParsedFile,
    path: &Path,
    list: Node,
    items: &[Node],
    index: usize,
    lit: &str,
) -> Edit {
    let text = &file.text;
    let multiline = items
        .first()
        .map(|first| first.start_position().row != list.start_position().row)
        .unwrap_or(false);
    if items.is_empty() {
        let open = list.start_byte() + 1;
        let inner = if list.kind() == "tuple" {
            format!("{lit},")
        } else {
            lit.to_string()
        };
        Edit {
            path: path.to_path_buf(),
            range: open..list.end_byte() - 1,
            new_text: inner,
        }
    } else if multiline {
        let nl = line_ending(text);
        if index < items.len() {
            let item = items[index];
            let line_start = text[..item.start_byte()]
                .rfind(['\n', '\r'])
                .map(|i| i + 1)
                .unwrap_or(0);
            let indent = &text[line_start..item.start_byte()];
            Edit {
                path: path.to_path_buf(),
                range: line_start..line_start,
                new_text: format!("{indent}{lit},{nl}"),
            }
        } else {
            let last = items[items.len() - 1];
            let line_start = text[..last.start_byte()]
                .rfind(['\n', '\r'])
                .map(|i| i + 1)
                .unwrap_or(0);
            let indent = &text[line_start..last.start_byte()];
            let (after_last, needs_comma) = after_item(text, last, list);
            let comma = if needs_comma { "," } else { "" };
            let at = line_end_after(text, after_last);
            Edit {
                path: path.to_path_buf(),
                range: last.end_byte()..at,
                new_text: format!("{comma}{}{nl}{indent}{lit},", &text[last.end_byte()..at]),
            }
        }
    } else if index < items.len() {
        let at = items[index].start_byte();
        Edit {
            path: path.to_path_buf(),
            range: at..at,
            new_text: format!("{lit}, "),
        }
    } else {
        let last = items[items.len() - 1];
        let (after_last, needs_comma) = after_item(text, last, list);
        if needs_comma {
            Edit {
                path: path.to_path_buf(),
                range: last.end_byte()..last.end_byte(),
                new_text: format!(", {lit}"),
            }
        } else {
            Edit {
                path: path.to_path_buf(),
                range: after_last..after_last,
                new_text: format!(" {lit},"),
            }
        }
    }
}

/// The byte after the last item's trailing comma (if any), and whether a
/// comma must be added after it.
pub(super) fn after_item(text: &str, last: Node, list: Node) -> (usize, bool) {
    let rest = &text[last.end_byte()..list.end_byte()];
    match rest.find(',') {
        Some(i) if !rest[..i].contains('#') => (last.end_byte() + i + 1, false),
        _ => (last.end_byte(), true),
    }
}
