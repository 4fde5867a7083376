//! Hover text for a setting name, as Markdown: what the setting does,
//! Django's default, the value the module ends up with and where it came
//! from, and what the deploy checks expect. Secrets are described, never shown.

use std::fmt::Write as _;
use std::path::Path;

use super::catalog::{checks_on, default_text, info_for};
use crate::analysis::checks::{settings_docs, weak_key_reason};
use crate::analysis::eval::repr_within;
use crate::analysis::eval::value::{Extra, Value};
use crate::analysis::eval::EnvVar;
use crate::analysis::lines::LineIndex;
use crate::analysis::report::Evaluation;
use crate::analysis::secrets::{is_secret_name, redact, secret_values};
use crate::analysis::settings::is_setting_name;
use crate::analysis::source::SourceProvider;

/// Longest value rendering shown before it is cut.
const MAX_SHOWN: usize = 300;

/// Markdown for hovering `name` in the module `eval` evaluated; `None` when
/// `name` is not a setting name.
pub fn hover_markdown(
    eval: &Evaluation,
    name: &str,
    sources: &dyn SourceProvider,
) -> Option<String> {
    if !is_setting_name(name) || name.starts_with('_') {
        return None;
    }
    let info = info_for(name);
    let binding = eval.namespace.get(name);
    let version = eval.django.version;
    let checks = checks_on(name, version);
    if info.is_none() && binding.is_none() && checks.is_empty() {
        return None;
    }
    let mut md = String::new();
    let _ = write!(md, "**{name}**");
    md.push_str(if info.is_some() {
        " · Django setting\n\n"
    } else {
        "\n\n"
    });
    if let Some(i) = info {
        let _ = writeln!(md, "{}\n", i.summary);
    }
    if let Some(d) = default_text(name, version) {
        let _ = writeln!(md, "- Django {version}'s default: `{d}`");
    }
    match binding {
        Some(b) => {
            let shown = render(&b.value, is_secret_name(name));
            let _ = write!(md, "- Value here: {shown}");
            if let Some(o) = &b.origin {
                let line = line_of(&o.path, o.statement.start, eval, sources);
                if o.path == eval.module {
                    let _ = write!(md, ", set in this module (line {line})");
                } else {
                    let _ = write!(
                        md,
                        ", set in `{}` (line {line})",
                        short_path(&o.path, &eval.module)
                    );
                }
            }
            if b.conditional {
                md.push_str(", under a condition the evaluator cannot decide");
            }
            md.push('\n');
            for var in b.env.iter() {
                let state = match eval.env.get(var.as_ref()) {
                    Some(EnvVar::Required) => {
                        "required: Django cannot start without it, its value is taken as unknown"
                    }
                    Some(EnvVar::Set(_)) => "set by the project's .env file",
                    None => "unset here, so the code's default applies",
                };
                let _ = writeln!(md, "- From the environment: `{var}` ({state})");
            }
        }
        None if eval.namespace.open.is_some() => {
            let _ = writeln!(
                md,
                "- Value here: unknown ({})",
                eval.namespace.open.as_deref().unwrap_or("")
            );
        }
        None if info.is_some() => {
            md.push_str("- Value here: not set, so Django's default applies\n")
        }
        None => {}
    }
    for c in &checks {
        let _ = writeln!(md, "- Deploy check `{}` expects {}", c.id, c.expects);
    }
    if info.is_some() || !checks.is_empty() {
        let docs = checks
            .first()
            .map(|c| c.docs_url(version))
            .unwrap_or_else(|| settings_docs(name, version));
        let _ = writeln!(md, "\n[Django {version} documentation]({docs})");
        let _ = writeln!(md, "\n_Judged by {}._", eval.django.why());
    }
    // A secret shown through another setting (`DEBUG = STRIPE_KEY`) or in an
    // unknown value's reason is hidden like the secret's own value.
    Some(redact(&md, &secret_values(&eval.namespace)))
}

fn line_of(path: &Path, offset: usize, eval: &Evaluation, sources: &dyn SourceProvider) -> usize {
    let text = if path == eval.module {
        Some(eval.entry_text.clone())
    } else {
        sources.load(path).ok().map(|f| f.text.clone())
    };
    match text {
        Some(t) => LineIndex::new(&t).line_col_chars(&t, offset).0 + 1,
        None => 0,
    }
}

/// `path` relative to the checked module's folder when below it or a sibling.
fn short_path(path: &Path, module: &Path) -> String {
    module
        .parent()
        .and_then(|d| path.strip_prefix(d).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A value for display: Python syntax in backticks, secrets described,
/// dictionary entries with secret-looking keys hidden.
pub fn render(v: &Value, secret: bool) -> String {
    if let Value::Unknown(u) = v {
        return format!("unknown ({})", u.reason);
    }
    if secret {
        return describe_secret(v);
    }
    let mut s = String::new();
    render_into(v, &mut s, 0);
    if s.chars().count() > MAX_SHOWN {
        let cut: String = s.chars().take(MAX_SHOWN).collect();
        return format!("`{cut}…`");
    }
    format!("`{s}`")
}

fn describe_secret(v: &Value) -> String {
    match v {
        Value::Str(s) => {
            let n = s.chars().count();
            let mut d = format!("a secret string of {n} characters (not shown)");
            if let Ok(Some(why)) = weak_key_reason(v) {
                let _ = write!(d, "; as a key it {why}");
            }
            d
        }
        Value::List(l) => format!("a list of {} secrets (not shown)", l.borrow().items.len()),
        Value::Tuple(t) => format!("a tuple of {} secrets (not shown)", t.items.len()),
        other => format!("a {} (not shown)", other.type_name()),
    }
}

fn render_into(v: &Value, out: &mut String, depth: usize) {
    if depth > 6 || out.len() > MAX_SHOWN * 2 {
        out.push('…');
        return;
    }
    let seq = |items: &[Value], extra: &Extra, open: &str, close: &str, out: &mut String| {
        out.push_str(open);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            render_into(item, out, depth + 1);
        }
        if !matches!(extra, Extra::Exact) {
            out.push_str(if items.is_empty() { "…" } else { ", …" });
        } else if open == "(" && items.len() == 1 {
            out.push(',');
        }
        out.push_str(close);
    };
    match v {
        Value::List(l) => {
            let l = l.borrow();
            seq(&l.items, &l.extra, "[", "]", out);
        }
        Value::Tuple(t) => seq(&t.items, &t.extra, "(", ")", out),
        Value::Set(t) => seq(&t.items, &t.extra, "{", "}", out),
        Value::Dict(d) => {
            let d = d.borrow();
            out.push('{');
            for (i, (k, val)) in d.entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render_into(k, out, depth + 1);
                out.push_str(": ");
                if k.as_str().is_some_and(is_secret_name) {
                    out.push_str("<hidden>");
                } else {
                    render_into(val, out, depth + 1);
                }
            }
            if !matches!(d.extra, Extra::Exact) {
                out.push_str(if d.entries.is_empty() { "…" } else { ", …" });
            }
            out.push('}');
        }
        Value::Unknown(_) => out.push('?'),
        // Only the start of a long string can be shown (`render` cuts it).
        Value::Str(s) if s.len() > MAX_SHOWN * 2 => {
            let start: String = s.chars().take(MAX_SHOWN * 2).collect();
            render_into(&Value::str(&start), out, depth);
        }
        Value::Object(o) => match repr_within(v, MAX_SHOWN * 4) {
            Some(r) => out.push_str(&r),
            None => {
                let _ = write!(out, "<{}>", o.type_name());
            }
        },
        other => out.push_str(
            &repr_within(other, MAX_SHOWN * 4)
                .unwrap_or_else(|| format!("<{}>", other.type_name())),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report::evaluate;
    use crate::analysis::source::DiskSources;

    #[test]
    fn hover_shows_origin_env_and_hides_secrets() {
        let t = tempfile::tempdir().unwrap();
        let base = t.path().join("base.py");
        let prod = t.path().join("production.py");
        std::fs::write(
            &base,
            "import os\nSECRET_KEY = 'django-insecure-abc'\nDEBUG = os.environ.get('DJANGO_DEBUG', 'True') == 'True'\nDATABASES = {'default': {'NAME': 'x', 'PASSWORD': 'hunter2'}}\n",
        )
        .unwrap();
        std::fs::write(&prod, "from .base import *\nSECURE_SSL_REDIRECT = True\n").unwrap();
        let src = DiskSources::new();
        let eval = evaluate(&prod, &src).unwrap();

        let debug = hover_markdown(&eval, "DEBUG", &src).unwrap();
        assert!(debug.contains("Django 6.1's default: `False`"), "{debug}");
        // No configuration, environment or dependency file says which
        // release: the newest, and hover says why.
        assert!(
            debug.contains(
                "_Judged by Django 6.1, the newest supported release: nothing in the project says"
            ),
            "{debug}"
        );
        assert!(debug.contains("docs.djangoproject.com/en/6.1/"), "{debug}");
        assert!(
            debug.contains("Value here: `True`, set in `base.py` (line 3)"),
            "{debug}"
        );
        assert!(debug.contains("`DJANGO_DEBUG` (unset here"), "{debug}");
        assert!(debug.contains("security.W018"), "{debug}");

        let key = hover_markdown(&eval, "SECRET_KEY", &src).unwrap();
        assert!(!key.contains("abc"), "{key}");
        assert!(key.contains("19 characters"), "{key}");

        let db = hover_markdown(&eval, "DATABASES", &src).unwrap();
        assert!(!db.contains("hunter2") && db.contains("<hidden>"), "{db}");

        let ssl = hover_markdown(&eval, "SECURE_SSL_REDIRECT", &src).unwrap();
        assert!(ssl.contains("set in this module (line 2)"), "{ssl}");

        let absent = hover_markdown(&eval, "SECURE_HSTS_SECONDS", &src).unwrap();
        assert!(
            absent.contains("not set, so Django's default applies"),
            "{absent}"
        );

        assert!(hover_markdown(&eval, "os", &src).is_none());
        assert!(hover_markdown(&eval, "NOT_A_THING", &src).is_none());
    }
}
