//! Our own check (not Django's): credentials written into the settings as
//! string literals. Reported without the value, with a fix that reads them
//! from the environment.

use std::ops::Range;
use std::path::PathBuf;

use tree_sitter::Node;

use super::eval::driver::Evaluation;
use super::eval::value::Value;

pub const CODE: &str = super::checks::own::HARDCODED_CREDENTIAL;
/// The deployment checklist's page on critical settings, below a release's
/// documentation root.
pub const DOCS: &str = "howto/deployment/checklist/#critical-settings";

/// Settings that hold a credential by name.
const EXACT: &[&str] = &["EMAIL_HOST_PASSWORD", "AWS_SECRET_ACCESS_KEY"];
const SUFFIXES: &[&str] = &["_PASSWORD", "_SECRET", "_SECRET_KEY", "_TOKEN", "_API_KEY"];

/// Values that are obviously not a real credential.
const PLACEHOLDERS: &[&str] = &[
    "password",
    "passwd",
    "changeme",
    "change-me",
    "change_me",
    "secret",
    "todo",
    "dummy",
    "example",
    "test",
    "testing",
    "none",
    "null",
    "placeholder",
    "xxx",
    "xxxx",
    "fixme",
    "redacted",
];

pub struct Credential {
    pub setting: String,
    pub path: PathBuf,
    pub range: Range<usize>,
    pub message: String,
}

pub fn is_credential_name(name: &str) -> bool {
    EXACT.contains(&name) || SUFFIXES.iter().any(|s| name.ends_with(s))
}

pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    v.is_empty()
        || PLACEHOLDERS.contains(&lower.as_str())
        || lower.starts_with("your")
        || lower.starts_with("change")
        || lower.starts_with("replace")
        || (v.starts_with('<') && v.ends_with('>'))
        || v.contains("{{")
        || v.contains("${")
        || v.chars().all(|c| c == v.chars().next().unwrap_or(' '))
}

/// The string literal at exactly `range` in one of the loaded files, decoded
/// length in characters.
fn literal_len(eval: &Evaluation, path: &PathBuf, range: &Range<usize>) -> Option<(usize, String)> {
    let file = eval.loaded.iter().find(|f| &f.path == path)?;
    let root = file.tree.root_node();
    let n = root.descendant_for_byte_range(range.start, range.end)?;
    let n = if n.byte_range() == *range {
        n
    } else {
        n.parent().filter(|p| p.byte_range() == *range)?
    };
    string_value(&file.text, n).map(|s| (s.chars().count(), s))
}

fn string_value(text: &str, n: Node) -> Option<String> {
    if n.kind() != "string" {
        return None;
    }
    let t = &text[n.byte_range()];
    let prefix_end = t.find(['"', '\''])?;
    if t[..prefix_end].to_ascii_lowercase().contains('f') {
        return None;
    }
    let body = t[prefix_end..]
        .trim_start_matches("\"\"\"")
        .trim_start_matches("'''");
    let body = body.trim_end_matches("\"\"\"").trim_end_matches("'''");
    Some(body.trim_matches(['"', '\'']).to_string())
}

pub fn hardcoded(eval: &Evaluation) -> Vec<Credential> {
    let mut out = vec![];
    let mut names: Vec<_> = eval
        .namespace
        .bindings
        .iter()
        .filter(|(n, _)| n.as_ref() == "DATABASES" || is_credential_name(n))
        .collect();
    names.sort_by(|a, b| a.0.cmp(b.0));
    for (name, binding) in names {
        if !super::settings::is_setting_name(name) {
            continue;
        }
        let Some(origin) = &binding.origin else {
            continue;
        };
        if is_credential_name(name)
            && binding.env.is_empty()
            && matches!(binding.value, Value::Str(_))
        {
            if let Some((len, v)) = literal_len(eval, &origin.path, &origin.value) {
                if !is_placeholder(&v) {
                    out.push(Credential {
                        setting: name.to_string(),
                        path: origin.path.clone(),
                        range: origin.value.clone(),
                        message: format!("{name} is a hardcoded {len}-character string: a credential in the source is exposed to everyone who can read it; read it from the environment"),
                    });
                }
            }
        }
        if name.as_ref() == "DATABASES" {
            out.extend(database_passwords(eval, origin));
        }
    }
    out
}

/// `"PASSWORD": "literal"` pairs inside the DATABASES literal.
fn database_passwords(
    eval: &Evaluation,
    origin: &super::eval::namespace::Origin,
) -> Vec<Credential> {
    let Some(file) = eval.loaded.iter().find(|f| f.path == origin.path) else {
        return vec![];
    };
    let root = file.tree.root_node();
    let Some(value) = root.descendant_for_byte_range(origin.value.start, origin.value.end) else {
        return vec![];
    };
    let mut out = vec![];
    let mut stack = vec![value];
    while let Some(n) = stack.pop() {
        if n.kind() == "pair" {
            let key = n
                .child_by_field_id(crate::field!("key"))
                .and_then(|k| string_value(&file.text, k));
            let val = n.child_by_field_id(crate::field!("value"));
            if let (Some(k), Some(v)) = (key, val) {
                if k == "PASSWORD" {
                    if let Some(s) = string_value(&file.text, v) {
                        if !is_placeholder(&s) {
                            out.push(Credential {
                                setting: "DATABASES[...][\"PASSWORD\"]".into(),
                                path: origin.path.clone(),
                                range: v.byte_range(),
                                message: format!("a database PASSWORD is a hardcoded {}-character string: read it from the environment", s.chars().count()),
                            });
                        }
                    }
                }
            }
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_placeholders() {
        assert!(is_credential_name("EMAIL_HOST_PASSWORD"));
        assert!(is_credential_name("STRIPE_API_KEY"));
        assert!(is_credential_name("GITHUB_TOKEN"));
        assert!(!is_credential_name("SECRET_KEY"));
        assert!(!is_credential_name("PASSWORD_HASHERS"));
        assert!(is_placeholder(""));
        assert!(is_placeholder("<your password>"));
        assert!(is_placeholder("changeme"));
        assert!(is_placeholder("*****"));
        assert!(!is_placeholder("hunter2-Xq9"));
    }
}
