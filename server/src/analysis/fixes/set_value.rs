//! Fixes that set a secure value: a missing setting inserted, an insecure
//! literal replaced, an insecure environment default flipped.

use super::*;

pub(super) fn set_value(
    eval: &Evaluation,
    finding: &Finding,
    setting: &str,
    literal: &str,
    why: &str,
    safe: bool,
) -> Vec<Fix> {
    let why = if why.is_empty() {
        String::new()
    } else {
        format!(" ({why})")
    };
    let ns_binding = eval.namespace.get(setting);
    match ns_binding.and_then(|b| b.origin.clone()) {
        None if ns_binding.is_none() => {
            let Some(file) = parsed(eval, &eval.module) else {
                return vec![];
            };
            let lit = quoted(file, literal);
            let at = insertion_point(file, setting);
            vec![Fix {
                title: format!("Set {setting} = {lit}{why}"),
                code: finding.code.clone(),
                edits: vec![insert_line(file, at, &format!("{setting} = {lit}"))],
                safe,
                preferred: false,
            }]
        }
        Some(origin) => {
            let Some(file) = parsed(eval, &origin.path) else {
                return vec![];
            };
            let Some(node) = node_at(file, &origin.value) else {
                return vec![];
            };
            if !is_literal(file, node) {
                return vec![];
            }
            let old = &file.text[node.byte_range()];
            let lit = quoted(file, literal);
            // Changing only the case of a string ("deny" -> "DENY") keeps behaviour.
            let case_only = old
                .trim_matches(['"', '\''])
                .eq_ignore_ascii_case(lit.trim_matches(['"', '\'']));
            vec![Fix {
                title: format!("Change {setting} to {lit}{why}"),
                code: finding.code.clone(),
                edits: vec![Edit {
                    path: origin.path.clone(),
                    range: node.byte_range(),
                    new_text: lit,
                }],
                safe: safe || case_only,
                preferred: false,
            }]
        }
        None => vec![],
    }
}

/// The environment reads the evaluator ran inside `value`, a node of
/// `file`: the outermost ones (a read in another's default is part of it),
/// the last in the source first.
pub(super) fn env_reads<'e>(
    eval: &'e Evaluation,
    file: &ParsedFile,
    value: Node,
) -> Vec<&'e EnvRead> {
    let span = value.byte_range();
    let inside: Vec<&EnvRead> = eval
        .env_reads
        .iter()
        .filter(|r| r.path == file.path && span.start <= r.call.start && r.call.end <= span.end)
        .collect();
    let within = |inner: &Range<usize>, outer: &Range<usize>| {
        inner != outer && outer.start <= inner.start && inner.end <= outer.end
    };
    let mut out: Vec<&EnvRead> = inside
        .iter()
        .copied()
        .filter(|r| !inside.iter().any(|o| within(&r.call, &o.call)))
        .collect();
    out.sort_by_key(|r| std::cmp::Reverse(r.call.start));
    out
}

/// Flipped forms of an insecure default: True -> False, "1" -> "0", ...
pub(super) fn flipped(literal: &str) -> Vec<String> {
    const PAIRS: [(&str, &str); 7] = [
        ("true", "false"),
        ("1", "0"),
        ("yes", "no"),
        ("on", "off"),
        ("t", "f"),
        ("y", "n"),
        ("", "1"),
    ];
    let quote = literal.chars().next().filter(|c| *c == '"' || *c == '\'');
    let body = match quote {
        Some(q) => literal.trim_matches(q),
        None => literal,
    };
    let mut out = vec![];
    for (a, b) in PAIRS {
        for (from, to) in [(a, b), (b, a)] {
            if body.eq_ignore_ascii_case(from) && !(quote.is_none() && from.is_empty()) {
                let to = if body
                    .chars()
                    .next()
                    .map(|c| c.is_uppercase())
                    .unwrap_or(false)
                {
                    let mut cs = to.chars();
                    cs.next()
                        .map(|f| f.to_uppercase().collect::<String>() + cs.as_str())
                        .unwrap_or_default()
                } else if !body.is_empty() && body.chars().all(|c| !c.is_lowercase()) {
                    to.to_uppercase()
                } else {
                    to.to_string()
                };
                out.push(match quote {
                    Some(q) => format!("{q}{to}{q}"),
                    None => to,
                });
            }
        }
    }
    out
}

pub(super) fn secure_env_default(
    eval: &Evaluation,
    finding: &Finding,
    setting: &str,
    safe: bool,
) -> Vec<Fix> {
    let Some(origin) = eval.namespace.get(setting).and_then(|b| b.origin.clone()) else {
        return vec![];
    };
    let Some(file) = parsed(eval, &origin.path) else {
        return vec![];
    };
    let Some(value) = node_at(file, &origin.value) else {
        return vec![];
    };
    let mut out = vec![];
    for read in env_reads(eval, file, value) {
        let Some(d) = &read.default else { continue };
        let old = &file.text[d.clone()];
        for new in flipped(old) {
            out.push(Fix {
                title: format!(
                    "Make {setting}'s default secure when {} is unset ({old} → {new})",
                    read.var
                ),
                code: finding.code.clone(),
                edits: vec![Edit {
                    path: origin.path.clone(),
                    range: d.clone(),
                    new_text: new,
                }],
                safe,
                preferred: false,
            });
        }
    }
    out
}
