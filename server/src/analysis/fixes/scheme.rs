//! Fixes that give a `CSRF_TRUSTED_ORIGINS` entry the scheme Django 4.0
//! requires (4_0.E001): `"www.example.com"` becomes
//! `"https://www.example.com"` (preferred) or `"http://www.example.com"`.
//! Only a plain string literal in the list the setting was assigned is
//! edited; an entry built any other way gets no fix.

use super::*;

pub(super) fn add_scheme(eval: &Evaluation, finding: &Finding, setting: &str) -> Vec<Fix> {
    let Some((origin, file, list)) = assigned_list(eval, setting) else {
        return vec![];
    };
    let mut c = list.walk();
    let entry = list.named_children(&mut c).find(|item| {
        item.kind() == "string"
            && crate::analysis::source::plain_string_literal(&file.text[item.byte_range()])
                .is_some_and(|value| finding.message.contains(&format!("'{value}'")))
    });
    let Some(entry) = entry else {
        return vec![];
    };
    // After the opening quote.
    let at = entry.start_byte() + 1;
    ["https://", "http://"]
        .iter()
        .map(|scheme| Fix {
            title: format!("Start the origin with {scheme}"),
            code: finding.code.clone(),
            edits: vec![Edit {
                path: origin.path.clone(),
                range: at..at,
                new_text: scheme.to_string(),
            }],
            // Which scheme the site is served on is the user's to say.
            safe: false,
            preferred: false,
        })
        .collect()
}
