//! What is secret, decided once: the names whose values are never shown
//! (hover, messages, logs), the values they hold in an evaluated module,
//! and the one redaction pass every message and hover goes through, so a
//! secret that reaches another setting (`DEBUG = STRIPE_KEY`) or an error
//! message is hidden there too.
//!
//! Which hardcoded secrets are *reported* (dsl.W001) is a narrower rule of
//! its own (`credentials.rs`): hiding too much is safe, reporting too much
//! is noise.

use super::eval::namespace::Namespace;
use super::eval::value::Value;

/// Names whose values are never shown.
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    [
        "SECRET",
        "PASSWORD",
        "PASSWD",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "CREDENTIAL",
        "PRIVATE",
    ]
    .iter()
    .any(|w| n.contains(w))
        || n == "KEY"
        || n.ends_with("_KEY")
        || n.ends_with("_KEYS")
}

/// The values of the settings that hold secrets: every string under a
/// setting `is_secret_name` names (SECRET_KEY, its fallbacks, `*_PASSWORD`,
/// `*_TOKEN`, `*_KEY`, ...) or under a dictionary key it names (DATABASES'
/// `PASSWORD`, a cache's `OPTIONS`). Longest first, so a secret that
/// contains another is replaced whole.
pub fn secret_values(ns: &Namespace) -> Vec<String> {
    // Never a dict's keys, which are names ("default").
    fn collect(v: &Value, out: &mut Vec<String>, depth: usize, all: bool) {
        match v {
            Value::Str(s) if all && s.chars().count() >= 4 => out.push(s.to_string()),
            Value::Bytes(b) if all && b.len() >= 4 => {
                out.push(String::from_utf8_lossy(b).into_owned())
            }
            Value::List(_) | Value::Tuple(_) | Value::Set(_) if depth < 4 => {
                if let Ok((items, _)) = v.iter_items() {
                    for i in &items {
                        collect(i, out, depth + 1, all);
                    }
                }
            }
            Value::Dict(d) if depth < 4 => {
                for (k, val) in &d.borrow().entries {
                    let secret = k.as_str().is_some_and(is_secret_name);
                    collect(val, out, depth + 1, all || secret);
                }
            }
            _ => {}
        }
    }
    let mut out = vec![];
    for (name, b) in &ns.bindings {
        collect(&b.value, &mut out, 0, is_secret_name(name));
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// `text` with every secret value replaced.
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), "<secret>");
        }
    }
    out
}
