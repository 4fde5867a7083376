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
    let edit = insert_entry(file, &origin.path, list, &items, index, &lit);
    let short = mw.rsplit('.').next().unwrap_or(mw);
    vec![Fix {
        title: format!("Add {short} to MIDDLEWARE"),
        code: finding.code.clone(),
        edits: vec![edit],
        safe: false,
        preferred: false,
    }]
}
