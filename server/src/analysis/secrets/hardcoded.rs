//! Our own checks (not Django's): secrets written into the settings. Each
//! string a setting's value builds from literals (`literals.rs`) is judged
//! once, by the most specific rule that applies:
//!
//! 1. `SECRET_KEY` and `SECRET_KEY_FALLBACKS` entries, whatever their
//!    strength (`dsl.W002`);
//! 2. a token recognisable by its format (`dsl.W004`);
//! 3. a URL or DSN carrying a password or key (`dsl.W003`);
//! 4. a credential by its setting's or dictionary key's name (`dsl.W001`).
//!
//! Placeholders never count. Findings never show the value; each carries
//! the environment variable its fix reads.

use std::ops::Range;
use std::path::{Path, PathBuf};

use tree_sitter::Node;

use super::formats::find_tokens;
use super::literals::{leaves, Key, Leaf};
use super::names::{is_credential_key, is_credential_name};
use super::placeholders::is_placeholder;
use super::urls::find_url_credentials;
use crate::analysis::checks::own::{
    HARDCODED_CREDENTIAL, HARDCODED_SECRET_KEY, HARDCODED_TOKEN, URL_CREDENTIAL,
};
use crate::analysis::eval::driver::Evaluation;
use crate::analysis::source::ParsedFile;

/// The deployment checklist's page on critical settings, below a release's
/// documentation root.
pub const DOCS: &str = "howto/deployment/checklist/#critical-settings";

/// The codes this module reports.
pub const CODES: &[&str] = &[
    HARDCODED_CREDENTIAL,
    HARDCODED_SECRET_KEY,
    URL_CREDENTIAL,
    HARDCODED_TOKEN,
];

/// The key `startproject` writes: Django's security.W009 already reports it
/// (and its fix is the same), so it is not reported twice.
const STARTPROJECT_KEY_PREFIX: &str = "django-insecure-";

#[derive(Debug, Clone)]
pub struct Hardcoded {
    pub code: &'static str,
    /// The setting and the path into its value (`DATABASES["default"]["PASSWORD"]`).
    pub setting: String,
    pub path: PathBuf,
    /// The expression writing the secret, which the fix replaces.
    pub range: Range<usize>,
    pub message: String,
    /// The environment variable the fix reads instead.
    pub var: String,
}

/// Every hardcoded secret in the settings `eval` ran, in a stable order.
pub fn hardcoded(eval: &Evaluation) -> Vec<Hardcoded> {
    let mut out: Vec<Hardcoded> = vec![];
    let mut names: Vec<_> = eval
        .namespace
        .bindings
        .iter()
        .filter(|(n, _)| crate::analysis::settings::is_setting_name(n))
        .collect();
    names.sort_by(|a, b| a.0.cmp(b.0));
    for (name, binding) in names {
        let Some(origin) = &binding.origin else {
            continue;
        };
        let Some(file) = editable(eval, &origin.path) else {
            continue;
        };
        let Some(node) = file.node_spanning(&origin.value) else {
            continue;
        };
        let all = leaves(&file.text, node, &[]);
        for leaf in &all {
            out.extend(judge(name, leaf, &all, eval, &file.path));
        }
    }
    // Entries set after the display: `DATABASES["default"]["PASSWORD"] = "…"`.
    for file in &eval.loaded {
        if editable(eval, &file.path).is_none() {
            continue;
        }
        for stmt in file.tree.statements() {
            if let Some((name, keys, value)) = subscript_assignment(file, stmt) {
                if eval.namespace.get(&name).is_some() {
                    let all = leaves(&file.text, value, &keys);
                    for leaf in &all {
                        out.extend(judge(&name, leaf, &all, eval, &file.path));
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.path, a.range.start).cmp(&(&b.path, b.range.start)));
    out.dedup_by(|a, b| a.path == b.path && a.range == b.range);
    out
}

/// A file of the project (not an installed package's, which is read, never
/// edited).
fn editable<'a>(eval: &'a Evaluation, path: &PathBuf) -> Option<&'a ParsedFile> {
    if eval.installed.iter().any(|d| path.starts_with(d)) {
        return None;
    }
    eval.loaded
        .iter()
        .find(|f| &f.path == path)
        .map(|f| f.as_ref())
}

/// `NAME[k1][k2] = value` at the top level: the setting, the keys and the
/// value.
fn subscript_assignment<'a>(
    file: &'a ParsedFile,
    stmt: Node<'a>,
) -> Option<(String, Vec<Key>, Node<'a>)> {
    if stmt.kind() != "expression_statement" {
        return None;
    }
    let assign = stmt.named_child(0).filter(|a| a.kind() == "assignment")?;
    let mut target = assign.child_by_field_id(crate::field!("left"))?;
    let value = assign.child_by_field_id(crate::field!("right"))?;
    let mut keys = vec![];
    while target.kind() == "subscript" {
        let sub = target.child_by_field_id(crate::field!("subscript"))?;
        let key = match super::literals::fold(&file.text, sub, 0) {
            Some(s) => Key::Str(s),
            None => Key::Index(file.text[sub.byte_range()].parse().ok()?),
        };
        keys.push(key);
        target = target.child_by_field_id(crate::field!("value"))?;
    }
    if keys.is_empty() || target.kind() != "identifier" {
        return None;
    }
    keys.reverse();
    let name = file.text[target.byte_range()].to_string();
    crate::analysis::settings::is_setting_name(&name).then_some((name, keys, value))
}

/// The finding for one literal string of the setting `name`, if it is a
/// secret; `siblings` are the other literal strings of the same value.
fn judge(
    name: &str,
    leaf: &Leaf,
    siblings: &[Leaf],
    eval: &Evaluation,
    path: &Path,
) -> Option<Hardcoded> {
    let v = leaf.value.as_str();
    if is_placeholder(v) {
        return None;
    }
    let setting = display(name, &leaf.keys);
    let found = |code: &'static str, message: String| Hardcoded {
        code,
        setting: setting.clone(),
        path: path.to_path_buf(),
        range: leaf.range.clone(),
        message,
        var: variable_for(name, &leaf.keys),
    };
    let is_key = matches!(
        (name, leaf.keys.as_slice()),
        ("SECRET_KEY", []) | ("SECRET_KEY_FALLBACKS", [Key::Index(_)])
    );
    if is_key {
        if v.starts_with(STARTPROJECT_KEY_PREFIX) {
            return None;
        }
        return Some(found(
            HARDCODED_SECRET_KEY,
            format!("{setting} is written into the source: everyone who can read the repository can forge sessions, password-reset links and anything else Django signs; read it from the environment"),
        ));
    }
    if let Some(token) = find_tokens(v).into_iter().next() {
        return Some(found(
            HARDCODED_TOKEN,
            format!(
                "{setting} holds {}, written into the source: revoke it, and read it from the environment",
                token.kind
            ),
        ));
    }
    if let Some(url) = find_url_credentials(v).into_iter().next() {
        let what = if v[..url.secret.start].ends_with(':') {
            "password"
        } else {
            "key"
        };
        return Some(found(
            URL_CREDENTIAL,
            format!(
                "{setting} holds a URL ({}://…) with its {what} written into the source: read the whole URL from the environment",
                url.scheme
            ),
        ));
    }
    let by_name = match leaf.keys.last() {
        None => is_credential_name(name),
        Some(Key::Str(k)) => is_credential_key(k),
        Some(Key::Index(_)) | Some(Key::Url) => false,
    };
    let credential = by_name
        && v.chars().count() >= MIN_CREDENTIAL_CHARS
        && !names_something_else(v)
        && !is_default_pair(name, leaf, siblings, eval);
    credential.then(|| {
        found(
            HARDCODED_CREDENTIAL,
            format!("{setting} is a credential written into the source: everyone who can read the repository can use it; read it from the environment"),
        )
    })
}

/// Shorter values under a credential's name are stand-ins (`"123"`), not
/// working passwords or keys.
const MIN_CREDENTIAL_CHARS: usize = 6;

/// A value a credential-named entry holds that is not a credential: a
/// dotted path (`ACCOUNT_FORMS["reset_password"] = "accounts.forms.Reset"`),
/// a rate (`"5/m"`), a URL path, words. A credential has no spaces, and one
/// with dots is a token the formats know.
fn names_something_else(v: &str) -> bool {
    let dotted_path = v.contains('.')
        && v.split('.').all(|part| {
            part.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    let rate = v
        .split_once('/')
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    v.chars().any(char::is_whitespace) || dotted_path || rate || v.starts_with('/')
}

/// A credential equal to the user or key id beside it is a service's
/// default pair (`"access_key_id": "minio", "secret_access_key": "minio"`,
/// `EMAIL_HOST_USER` = `EMAIL_HOST_PASSWORD`), as a URL password equal to
/// its user is: a development default, not a secret.
fn is_default_pair(name: &str, leaf: &Leaf, siblings: &[Leaf], eval: &Evaluation) -> bool {
    const USER_KEYS: &[&str] = &[
        "USER",
        "USERNAME",
        "LOGIN",
        "ACCESS_KEY_ID",
        "AWS_ACCESS_KEY_ID",
        "ACCESS_KEY",
        "CLIENT_ID",
        "KEY_ID",
    ];
    let is_user_key = |k: &str| {
        let k = k.to_ascii_uppercase();
        USER_KEYS
            .iter()
            .any(|u| k == *u || k.ends_with(&format!("_{u}")))
    };
    match leaf.keys.split_last() {
        Some((_, parent)) => siblings.iter().any(|s| {
            s.value == leaf.value
                && s.keys.len() == leaf.keys.len()
                && s.keys.starts_with(parent)
                && matches!(s.keys.last(), Some(Key::Str(k)) if is_user_key(k))
        }),
        None => {
            let stem = ["_PASSWORD", "_PASSWD", "_SECRET_ACCESS_KEY", "_SECRET"]
                .iter()
                .find_map(|suffix| name.strip_suffix(suffix));
            let Some(stem) = stem else { return false };
            USER_KEYS.iter().any(|u| {
                eval.namespace
                    .get(&format!("{stem}_{u}"))
                    .is_some_and(|b| b.value.as_str() == Some(leaf.value.as_str()))
            })
        }
    }
}

/// `DATABASES["default"]["PASSWORD"]`, `SECRET_KEY_FALLBACKS[0]`.
pub fn display(name: &str, keys: &[Key]) -> String {
    let mut out = name.to_string();
    for k in keys {
        match k {
            Key::Str(s) => out.push_str(&format!("[{s:?}]")),
            Key::Index(i) => out.push_str(&format!("[{i}]")),
            Key::Url => {}
        }
    }
    out
}

/// The environment variable a fix reads for a secret: the setting's own
/// name at the top level (`CELERY_BROKER_URL`, `STRIPE_KEY`),
/// `DJANGO_SECRET_KEY` for the key, and for a part of a dictionary the
/// setting in the singular with the keys that say which part
/// (`DATABASES["default"]["PASSWORD"]` reads `DATABASE_PASSWORD`,
/// `DATABASES["replica"]["PASSWORD"]` `DATABASE_REPLICA_PASSWORD`).
pub fn variable_for(name: &str, keys: &[Key]) -> String {
    match (name, keys) {
        ("SECRET_KEY", []) => return "DJANGO_SECRET_KEY".into(),
        ("SECRET_KEY_FALLBACKS", [Key::Index(0)]) => return "DJANGO_SECRET_KEY_FALLBACK".into(),
        ("SECRET_KEY_FALLBACKS", [Key::Index(i)]) => {
            return format!("DJANGO_SECRET_KEY_FALLBACK_{}", i + 1)
        }
        (_, []) => return name.to_string(),
        _ => {}
    }
    let base = match name {
        "DATABASES" => "DATABASE",
        "CACHES" => "CACHE",
        "STORAGES" => "STORAGE",
        "CHANNEL_LAYERS" => "CHANNEL_LAYER",
        other => other,
    };
    let mut parts = vec![base.to_string()];
    for k in keys {
        match k {
            Key::Str(s) if matches!(s.as_str(), "default" | "OPTIONS" | "CONFIG") => {}
            Key::Str(s) => parts.push(s.clone()),
            Key::Index(0) => {}
            Key::Index(i) => parts.push((i + 1).to_string()),
            Key::Url => parts.push("URL".into()),
        }
    }
    let joined = parts.join("_").to_ascii_uppercase();
    let mut var = String::with_capacity(joined.len());
    for c in joined.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        if !(c == '_' && var.ends_with('_')) {
            var.push(c);
        }
    }
    var.trim_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables() {
        let k = |s: &str| Key::Str(s.into());
        assert_eq!(variable_for("SECRET_KEY", &[]), "DJANGO_SECRET_KEY");
        assert_eq!(variable_for("STRIPE_KEY", &[]), "STRIPE_KEY");
        assert_eq!(
            variable_for("DATABASES", &[k("default"), k("PASSWORD")]),
            "DATABASE_PASSWORD"
        );
        assert_eq!(
            variable_for("DATABASES", &[k("replica"), k("PASSWORD")]),
            "DATABASE_REPLICA_PASSWORD"
        );
        assert_eq!(
            variable_for("CACHES", &[k("default"), k("OPTIONS"), k("password")]),
            "CACHE_PASSWORD"
        );
        assert_eq!(
            variable_for(
                "CHANNEL_LAYERS",
                &[k("default"), k("CONFIG"), k("hosts"), Key::Index(1)]
            ),
            "CHANNEL_LAYER_HOSTS_2"
        );
        assert_eq!(
            variable_for("DATABASES", &[k("default"), Key::Url]),
            "DATABASE_URL"
        );
        assert_eq!(
            variable_for("SECRET_KEY_FALLBACKS", &[Key::Index(1)]),
            "DJANGO_SECRET_KEY_FALLBACK_2"
        );
        assert_eq!(
            display("DATABASES", &[k("default"), k("PASSWORD")]),
            "DATABASES[\"default\"][\"PASSWORD\"]"
        );
    }
}
