//! Fixes that add a context processor to the template engine the admin's
//! (and the CSP nonce's) checks inspect: the first DjangoTemplates entry
//! of `TEMPLATES`, written as displays in the project. The processor goes
//! where `startproject` writes it (debug, request, auth, messages); any
//! other at the end.

use super::*;

const DJANGO_TEMPLATES: &str = "django.template.backends.django.DjangoTemplates";

/// `startproject`'s order of the context processors.
const ORDER: [&str; 4] = [
    "django.template.context_processors.debug",
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
];

/// The value node of the `key` entry of a dictionary display, when every
/// key before it is a plain string literal.
pub(super) fn entry<'t>(file: &ParsedFile, dict: Node<'t>, key: &str) -> Option<Node<'t>> {
    if dict.kind() != "dictionary" {
        return None;
    }
    let mut c = dict.walk();
    let pairs: Vec<Node<'t>> = dict.named_children(&mut c).collect();
    for pair in pairs {
        if pair.kind() == "comment" {
            continue;
        }
        if pair.kind() != "pair" {
            return None;
        }
        let k = pair.child_by_field_id(crate::field!("key"))?;
        let name = crate::analysis::source::plain_string_literal(&file.text[k.byte_range()])?;
        if name == key {
            return pair.child_by_field_id(crate::field!("value"));
        }
    }
    None
}

/// The string items of a list or tuple display, `None` when one is not a
/// plain string literal.
fn string_items<'t>(file: &ParsedFile, list: Node<'t>) -> Option<(Vec<Node<'t>>, Vec<String>)> {
    let mut c = list.walk();
    let items: Vec<Node<'t>> = list
        .named_children(&mut c)
        .filter(|k| k.kind() != "comment")
        .collect();
    let names = items
        .iter()
        .map(|i| {
            crate::analysis::source::plain_string_literal(&file.text[i.byte_range()])
                .map(str::to_string)
        })
        .collect::<Option<Vec<String>>>()?;
    Some((items, names))
}

pub(super) fn add_context_processor(
    eval: &Evaluation,
    finding: &Finding,
    processor: &str,
) -> Vec<Fix> {
    let Some((origin, file, templates)) = assigned_list(eval, "TEMPLATES") else {
        return vec![];
    };
    let mut c = templates.walk();
    let engines: Vec<Node> = templates
        .named_children(&mut c)
        .filter(|k| k.kind() != "comment")
        .collect();
    // The first engine that is DjangoTemplates; an entry before it that is
    // not a literal dictionary may be one too.
    let mut engine = None;
    for e in engines {
        let backend = entry(file, e, "BACKEND").and_then(|b| {
            crate::analysis::source::plain_string_literal(&file.text[b.byte_range()])
        });
        match backend {
            Some(DJANGO_TEMPLATES) => {
                engine = Some(e);
                break;
            }
            Some(_) => continue,
            None => return vec![],
        }
    }
    let Some(list) = engine
        .and_then(|e| entry(file, e, "OPTIONS"))
        .and_then(|o| entry(file, o, "context_processors"))
        .filter(|l| matches!(l.kind(), "list" | "tuple"))
    else {
        return vec![];
    };
    let Some((items, names)) = string_items(file, list) else {
        return vec![];
    };
    let index = match ORDER.iter().position(|p| *p == processor) {
        Some(rank) => names
            .iter()
            .rposition(|n| ORDER[..rank].contains(&n.as_str()))
            .map_or(0, |i| i + 1),
        None => names.len(),
    };
    let lit = quoted(file, &format!("\"{processor}\""));
    let short = processor.rsplit('.').next().unwrap_or(processor);
    vec![Fix {
        title: format!("Add the {short} context processor to TEMPLATES"),
        code: finding.code.clone(),
        edits: vec![insert_entry(file, &origin.path, list, &items, index, &lit)],
        // What startproject writes: it adds a variable to every template's
        // context and changes nothing a running site relies on.
        safe: true,
        preferred: false,
    }]
}
