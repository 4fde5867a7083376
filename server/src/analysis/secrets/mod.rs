//! What is secret, decided once: the names whose values are never shown
//! (hover, messages, logs), the values they hold in an evaluated module,
//! tokens and URL credentials recognised by their format wherever they
//! are, and the one redaction pass every message and hover goes through,
//! so a secret that reaches another setting (`DEBUG = STRIPE_KEY`) or an
//! error message is hidden there too.
//!
//! Which hardcoded secrets are *reported* is a narrower rule of its own
//! (`hardcoded.rs`): hiding too much is safe, reporting too much is noise.

mod excerpts;
mod formats;
mod hardcoded;
mod literals;
mod names;
mod placeholders;
mod urls;

pub use excerpts::secret_spans;
pub use formats::find_tokens;
pub use hardcoded::{hardcoded, Hardcoded, CODES, DOCS};
pub use names::is_secret_name;
pub use urls::find_url_credentials;

use super::eval::namespace::Namespace;
use super::eval::value::Value;

/// What replaces a secret in any output.
pub const REDACTED: &str = "<secret>";

/// The secret values of an evaluated module: every string under a setting
/// `is_secret_name` names (SECRET_KEY, its fallbacks, `*_PASSWORD`,
/// `*_TOKEN`, `*_KEY`, ...) or under a dictionary key it names (DATABASES'
/// `PASSWORD`, a cache's `OPTIONS`), and the tokens and URL passwords found
/// by format in any string. Longest first, so a secret that contains
/// another is replaced whole.
pub fn secret_values(ns: &Namespace) -> Vec<String> {
    // Never a dict's keys, which are names ("default").
    fn collect(v: &Value, out: &mut Vec<String>, depth: usize, all: bool) {
        match v {
            Value::Str(s) => {
                // A placeholder is no secret: hiding "password" would hide
                // the word in every message.
                if all && s.chars().count() >= 4 && !placeholders::is_placeholder(s) {
                    out.push(s.to_string())
                }
                by_format(s, out);
            }
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
    // A string naming a setting is not a secret (`DICT_UPDATE_KEYS =
    // ("JWT_AUTH",)`): hiding it would hide the setting's name everywhere.
    out.retain(|s| ns.get(s).is_none());
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// The tokens and URL secrets in `s`.
fn by_format(s: &str, out: &mut Vec<String>) {
    for t in find_tokens(s) {
        out.push(s[t.range].to_string());
    }
    for c in find_url_credentials(s) {
        // A short password is hidden where it stands in a URL (below), not
        // wherever its letters occur.
        if c.secret.len() >= 4 {
            out.push(s[c.secret].to_string());
        }
    }
}

/// `text` with every secret value replaced, and every token or URL
/// credential the text itself holds (a value derived from a secret, a
/// message quoting one).
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), REDACTED);
        }
    }
    redact_formats(&out)
}

/// `text` with the tokens and URL secrets found in it replaced.
pub fn redact_formats(text: &str) -> String {
    let mut spans: Vec<std::ops::Range<usize>> = find_tokens(text)
        .into_iter()
        .map(|t| t.range)
        .chain(find_url_credentials(text).into_iter().map(|c| c.secret))
        .collect();
    if spans.is_empty() {
        return text.to_string();
    }
    spans.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for r in spans {
        if r.start < pos {
            continue;
        }
        out.push_str(&text[pos..r.start]);
        out.push_str(REDACTED);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_redacted_wherever_they_are() {
        let text = "DEBUG is 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' and redis://:Zt4Kq9Wm@r:6379";
        let r = redact(text, &[]);
        assert!(!r.contains("4eC39Hq"), "{r}");
        assert!(!r.contains("Zt4Kq9Wm"), "{r}");
        assert!(r.contains("redis://:<secret>@r:6379"), "{r}");
    }
}
