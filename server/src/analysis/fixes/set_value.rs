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

/// An environment read inside a value: the call, the variable and its default.
pub(super) struct EnvRead<'t> {
    pub(super) call: Node<'t>,
    pub(super) var: String,
    pub(super) default: Option<Node<'t>>,
}

pub(super) fn env_reads<'t>(file: &'t ParsedFile, value: Node<'t>) -> Vec<EnvRead<'t>> {
    let mut out = vec![];
    let mut stack = vec![value];
    while let Some(n) = stack.pop() {
        if n.kind() == "call" {
            if let Some(r) = env_read(file, n) {
                out.push(r);
                continue;
            }
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    out
}

pub(super) fn env_read<'t>(file: &'t ParsedFile, call: Node<'t>) -> Option<EnvRead<'t>> {
    let func = &file.text[call
        .child_by_field_id(crate::field!("function"))?
        .byte_range()];
    let args = call.child_by_field_id(crate::field!("arguments"))?;
    let mut c = args.walk();
    let kids: Vec<Node> = args
        .named_children(&mut c)
        .filter(|k| k.kind() != "comment")
        .collect();
    let positional: Vec<Node> = kids
        .iter()
        .copied()
        .filter(|k| k.kind() != "keyword_argument")
        .collect();
    let keyword = |name: &str| {
        kids.iter()
            .find(|k| {
                k.kind() == "keyword_argument"
                    && k.child_by_field_id(crate::field!("name"))
                        .map(|n| &file.text[n.byte_range()] == name)
                        .unwrap_or(false)
            })
            .and_then(|k| k.child_by_field_id(crate::field!("value")))
    };
    let name_node = *positional.first()?;
    if name_node.kind() != "string" {
        return None;
    }
    let var = file.text[name_node.byte_range()]
        .trim_matches(['"', '\''])
        .to_string();
    let last = func.rsplit('.').next().unwrap_or(func);
    let default = match (func, last) {
        ("os.environ.get" | "os.getenv" | "getenv" | "environ.get", _) => {
            positional.get(1).copied().or_else(|| keyword("default"))
        }
        (_, "bool" | "str" | "int" | "float" | "list") if func.contains('.') => {
            keyword("default").or_else(|| positional.get(1).copied())
        }
        ("env", _) => keyword("default").or_else(|| positional.get(2).copied()),
        ("config", _) => keyword("default").or_else(|| positional.get(1).copied()),
        _ => return None,
    };
    Some(EnvRead { call, var, default })
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
    for read in env_reads(file, value) {
        let Some(d) = read.default else { continue };
        let old = &file.text[d.byte_range()];
        for new in flipped(old) {
            out.push(Fix {
                title: format!(
                    "Make {setting}'s default secure when {} is unset ({old} → {new})",
                    read.var
                ),
                code: finding.code.clone(),
                edits: vec![Edit {
                    path: origin.path.clone(),
                    range: d.byte_range(),
                    new_text: new,
                }],
                safe,
                preferred: false,
            });
        }
    }
    out
}
