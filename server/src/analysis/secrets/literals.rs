//! The strings a setting's value writes into the source: the string-valued
//! parts of its expression that are built from literals alone (a literal,
//! `"sk_live_" + "…"`, implicit concatenation, an f-string of literals,
//! `"".join([...])`), found through dictionary, list, tuple and set
//! displays, `dict(...)` and both branches of a conditional expression.
//! Anything read from the environment, a file or a call (an environment
//! read's default included) is never a literal: a default is what a deploy
//! overrides, and a call's result is not in the source.

use std::ops::Range;

use tree_sitter::Node;

use crate::analysis::eval::strings;

/// A step from a setting's value to one of its parts.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Str(String),
    Index(usize),
    /// The URL a parser turns into the value (`dj_database_url.parse("…")`).
    Url,
}

/// A string written in the source as part of a setting's value.
#[derive(Debug, Clone)]
pub struct Leaf {
    pub value: String,
    /// The whole expression building it (`"a" + "b"`), which a fix replaces.
    pub range: Range<usize>,
    pub keys: Vec<Key>,
}

/// The literal strings of the expression `node`, reached through `keys`.
pub fn leaves(text: &str, node: Node, keys: &[Key]) -> Vec<Leaf> {
    let mut out = vec![];
    collect(text, node, &mut keys.to_vec(), &mut out, 0);
    out
}

/// Displays nest this deep in real settings (`CHANNEL_LAYERS`' hosts in a
/// list in a dict in a dict); deeper is not looked into.
const MAX_DEPTH: usize = 8;

fn collect(text: &str, node: Node, keys: &mut Vec<Key>, out: &mut Vec<Leaf>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut c = node.walk();
    match node.kind() {
        "dictionary" => {
            for pair in node.named_children(&mut c) {
                if pair.kind() != "pair" {
                    continue;
                }
                let (Some(k), Some(v)) = (
                    pair.child_by_field_id(crate::field!("key")),
                    pair.child_by_field_id(crate::field!("value")),
                ) else {
                    continue;
                };
                let key = match fold(text, k, 0) {
                    Some(s) => Key::Str(s),
                    None => match text[k.byte_range()].parse::<usize>() {
                        Ok(i) => Key::Index(i),
                        Err(_) => continue,
                    },
                };
                keys.push(key);
                collect(text, v, keys, out, depth + 1);
                keys.pop();
            }
        }
        "list" | "tuple" | "set" => {
            let items: Vec<Node> = node
                .named_children(&mut c)
                .filter(|n| n.kind() != "comment")
                .collect();
            for (i, item) in items.into_iter().enumerate() {
                keys.push(Key::Index(i));
                collect(text, item, keys, out, depth + 1);
                keys.pop();
            }
        }
        "parenthesized_expression" => {
            if let Some(inner) = node.named_children(&mut c).find(|n| n.kind() != "comment") {
                if fold(text, node, 0).is_none() {
                    collect(text, inner, keys, out, depth + 1);
                    return;
                }
            }
            push_folded(text, node, keys, out);
        }
        "conditional_expression" => {
            // `a if cond else b`: both branches are in the source.
            let branches: Vec<Node> = node.named_children(&mut c).collect();
            for (i, b) in branches.iter().enumerate() {
                if i != 1 {
                    collect(text, *b, keys, out, depth + 1);
                }
            }
        }
        "call" if is_url_parser(text, node) => {
            // The URL is in the source, whatever the parser makes of it.
            let Some(args) = node.child_by_field_id(crate::field!("arguments")) else {
                return;
            };
            let mut c2 = args.walk();
            let first = args.named_children(&mut c2).find(|n| n.kind() != "comment");
            if let Some(url) = first.filter(|n| n.kind() != "keyword_argument") {
                keys.push(Key::Url);
                push_folded(text, url, keys, out);
                keys.pop();
            }
        }
        "call" if is_dict_call(text, node) => {
            let Some(args) = node.child_by_field_id(crate::field!("arguments")) else {
                return;
            };
            let mut c2 = args.walk();
            for kw in args.named_children(&mut c2) {
                if kw.kind() != "keyword_argument" {
                    continue;
                }
                let (Some(name), Some(v)) = (
                    kw.child_by_field_id(crate::field!("name")),
                    kw.child_by_field_id(crate::field!("value")),
                ) else {
                    continue;
                };
                keys.push(Key::Str(text[name.byte_range()].to_string()));
                collect(text, v, keys, out, depth + 1);
                keys.pop();
            }
        }
        _ => push_folded(text, node, keys, out),
    }
}

fn push_folded(text: &str, node: Node, keys: &[Key], out: &mut Vec<Leaf>) {
    if let Some(value) = fold(text, node, 0) {
        out.push(Leaf {
            value,
            range: node.byte_range(),
            keys: keys.to_vec(),
        });
    }
}

/// `dj_database_url.parse(url)`, `dj_email_url.parse(url)` and
/// django-environ's `Env.db_url_config(url)` and its kin: the URL argument
/// is written into the source (a default for an environment read is not:
/// `dj_database_url.config(default=...)`, `env.db(default=...)`).
fn is_url_parser(text: &str, node: Node) -> bool {
    let Some(f) = node.child_by_field_id(crate::field!("function")) else {
        return false;
    };
    if f.kind() != "attribute" {
        return false;
    }
    let (Some(obj), Some(attr)) = (
        f.child_by_field_id(crate::field!("object")),
        f.child_by_field_id(crate::field!("attribute")),
    ) else {
        return false;
    };
    let attr = &text[attr.byte_range()];
    let obj = &text[obj.byte_range()];
    (attr == "parse" && matches!(obj, "dj_database_url" | "dj_email_url"))
        || matches!(
            attr,
            "db_url_config" | "cache_url_config" | "email_url_config" | "search_url_config"
        )
}

fn is_dict_call(text: &str, node: Node) -> bool {
    node.child_by_field_id(crate::field!("function"))
        .is_some_and(|f| f.kind() == "identifier" && &text[f.byte_range()] == "dict")
}

/// The string `node` builds from literals alone, or `None`.
pub fn fold(text: &str, node: Node, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut c = node.walk();
    match node.kind() {
        "string" => string(text, node, depth),
        "concatenated_string" => {
            let mut out = String::new();
            for part in node.named_children(&mut c) {
                if part.kind() == "comment" {
                    continue;
                }
                out.push_str(&fold(text, part, depth + 1)?);
            }
            Some(out)
        }
        "parenthesized_expression" => {
            let inner = node
                .named_children(&mut c)
                .find(|n| n.kind() != "comment")?;
            fold(text, inner, depth + 1)
        }
        "binary_operator" => {
            let op = node.child_by_field_id(crate::field!("operator"))?;
            if &text[op.byte_range()] != "+" {
                return None;
            }
            let l = fold(
                text,
                node.child_by_field_id(crate::field!("left"))?,
                depth + 1,
            )?;
            let r = fold(
                text,
                node.child_by_field_id(crate::field!("right"))?,
                depth + 1,
            )?;
            Some(l + &r)
        }
        "call" => join(text, node, depth),
        _ => None,
    }
}

/// `"sep".join([literal, ...])`
fn join(text: &str, node: Node, depth: usize) -> Option<String> {
    let function = node.child_by_field_id(crate::field!("function"))?;
    if function.kind() != "attribute" {
        return None;
    }
    let attr = function.child_by_field_id(crate::field!("attribute"))?;
    if &text[attr.byte_range()] != "join" {
        return None;
    }
    let sep = fold(
        text,
        function.child_by_field_id(crate::field!("object"))?,
        depth + 1,
    )?;
    let args = node.child_by_field_id(crate::field!("arguments"))?;
    let mut c = args.walk();
    let arg: Vec<Node> = args.named_children(&mut c).collect();
    let [seq] = arg.as_slice() else { return None };
    if !matches!(seq.kind(), "list" | "tuple") {
        return None;
    }
    let mut c2 = seq.walk();
    let parts: Option<Vec<String>> = seq
        .named_children(&mut c2)
        .filter(|n| n.kind() != "comment")
        .map(|n| fold(text, n, depth + 1))
        .collect();
    Some(parts?.join(&sep))
}

/// A `str` literal's value; an f-string's when each interpolation is a
/// literal too (no format specification). Bytes are not text secrets.
fn string(text: &str, node: Node, depth: usize) -> Option<String> {
    let full = &text[node.byte_range()];
    let mut c = node.walk();
    let kids: Vec<Node> = node.children(&mut c).collect();
    let start = kids.first().filter(|k| k.kind() == "string_start")?;
    let end = kids.last().filter(|k| k.kind() == "string_end")?;
    let d = strings::delims(&text[start.byte_range()]);
    if d.bytes || full.len() < d.prefix_len + 2 * d.quote_len {
        return None;
    }
    let decode = |lit: &str| {
        if d.raw {
            Some(lit.to_string())
        } else {
            strings::unescape(lit, false)
        }
    };
    if !d.format {
        return decode(&full[d.prefix_len + d.quote_len..full.len() - d.quote_len]);
    }
    let mut out = String::new();
    let mut pos = start.end_byte();
    for k in kids.iter().filter(|k| k.kind() == "interpolation") {
        let lit = text[pos..k.start_byte()]
            .replace("{{", "{")
            .replace("}}", "}");
        out.push_str(&decode(&lit)?);
        let mut c2 = k.walk();
        if k.named_children(&mut c2)
            .any(|n| matches!(n.kind(), "format_specifier" | "type_conversion"))
        {
            return None;
        }
        out.push_str(&fold(
            text,
            k.child_by_field_id(crate::field!("expression"))?,
            depth + 1,
        )?);
        pos = k.end_byte();
    }
    let lit = text[pos..end.start_byte()]
        .replace("{{", "{")
        .replace("}}", "}");
    out.push_str(&decode(&lit)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::source::parse_python;

    fn values(src: &str) -> Vec<(String, Vec<Key>)> {
        let tree = parse_python(src, None);
        let stmt = tree.root_node().named_child(0).unwrap();
        let assign = stmt.named_child(0).unwrap();
        let right = assign.child_by_field_id(crate::field!("right")).unwrap();
        leaves(src, right, &[])
            .into_iter()
            .map(|l| (l.value, l.keys))
            .collect()
    }

    #[test]
    fn built_from_literals() {
        assert_eq!(values("X = 'a' 'b'")[0].0, "ab");
        assert_eq!(values("X = 'sk_' + \"live\"")[0].0, "sk_live");
        assert_eq!(values("X = f'{\"a\"}b{{c}}'")[0].0, "ab{c}");
        assert_eq!(values("X = '-'.join(['a', 'b'])")[0].0, "a-b");
        assert_eq!(values("X = ('a'\n  'b')")[0].0, "ab");
        assert_eq!(values("X = r'\\d'")[0].0, "\\d");
    }

    #[test]
    fn never_from_the_environment_or_calls() {
        assert!(values("X = os.environ.get('X', 'default')").is_empty());
        assert!(values("X = env('X', default='d')").is_empty());
        assert!(values("X = 'a' + Y").is_empty());
        assert!(values("X = f'{Y}'").is_empty());
        assert!(values("X = b'bytes'").is_empty());
        assert!(values("X = os.getenv('X') or 'fallback'").is_empty());
    }

    #[test]
    fn through_displays() {
        let v =
            values("X = {'default': {'PASSWORD': 'p', 'HOST': os.environ['H']}, 'n': [1, 'h']}");
        assert_eq!(
            v,
            vec![
                (
                    "p".to_string(),
                    vec![Key::Str("default".into()), Key::Str("PASSWORD".into())]
                ),
                ("h".to_string(), vec![Key::Str("n".into()), Key::Index(1)]),
            ]
        );
        let v =
            values("X = {'default': dj_database_url.parse('postgres://u:p@h/d', conn_max_age=60)}");
        assert_eq!(v[0].1, vec![Key::Str("default".into()), Key::Url]);
        assert!(
            values("X = {'default': dj_database_url.config(default='postgres://u:p@h/d')}")
                .is_empty()
        );
        let v = values("X = dict(password='p') if A else 'q'");
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].1, vec![Key::Str("password".into())]);
    }
}
