//! Fixes that add a middleware to MIDDLEWARE where Django documents it.

use super::*;

pub(super) fn add_middleware(eval: &Evaluation, finding: &Finding, mw: &str) -> Vec<Fix> {
    let Some((origin, file, list)) = assigned_list(eval, "MIDDLEWARE") else {
        return vec![];
    };
    let mut c = list.walk();
    let items: Vec<Node> = list
        .named_children(&mut c)
        .filter(|k| k.kind() != "comment")
        .collect();
    if items.iter().any(|i| i.kind() != "string") {
        return vec![];
    }
    let names: Vec<String> = items
        .iter()
        .map(|i| {
            file.text[i.byte_range()]
                .trim_matches(['"', '\''])
                .to_string()
        })
        .collect();
    // Django's documented order: SecurityMiddleware first; CSRF after
    // sessions/common (as startproject writes it); clickjacking last.
    let index = match mw {
        SEC_MW => 0,
        CSRF_MW => {
            let after = [
                "django.middleware.common.CommonMiddleware",
                "django.contrib.sessions.middleware.SessionMiddleware",
                SEC_MW,
            ];
            after
                .iter()
                .find_map(|a| names.iter().position(|n| n == a))
                .map(|i| i + 1)
                .unwrap_or(0)
        }
        XFO_MW => names.len(),
        _ => names.len(),
    };
    let lit = quoted(file, &format!("\"{mw}\""));
    let text = &file.text;
    let multiline = items
        .first()
        .map(|first| first.start_position().row != list.start_position().row)
        .unwrap_or(false);
    let edit = if items.is_empty() {
        let open = list.start_byte() + 1;
        let inner = if list.kind() == "tuple" {
            format!("{lit},")
        } else {
            lit.clone()
        };
        Edit {
            path: origin.path.clone(),
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
                path: origin.path.clone(),
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
                path: origin.path.clone(),
                range: last.end_byte()..at,
                new_text: format!("{comma}{}{nl}{indent}{lit},", &text[last.end_byte()..at]),
            }
        }
    } else if index < items.len() {
        let at = items[index].start_byte();
        Edit {
            path: origin.path.clone(),
            range: at..at,
            new_text: format!("{lit}, "),
        }
    } else {
        let last = items[items.len() - 1];
        let (after_last, needs_comma) = after_item(text, last, list);
        if needs_comma {
            Edit {
                path: origin.path.clone(),
                range: last.end_byte()..last.end_byte(),
                new_text: format!(", {lit}"),
            }
        } else {
            Edit {
                path: origin.path.clone(),
                range: after_last..after_last,
                new_text: format!(" {lit},"),
            }
        }
    };
    let short = mw.rsplit('.').next().unwrap_or(mw);
    vec![Fix {
        title: format!("Add {short} to MIDDLEWARE"),
        code: finding.code.clone(),
        edits: vec![edit],
        safe: false,
        preferred: false,
    }]
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
