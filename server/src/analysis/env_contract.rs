//! The environment contract of a deploy settings module: every variable the
//! settings read, with the settings it feeds, its type, its default, whether
//! Django cannot start without it and whether it is a secret, and where it
//! is read. Made from what the evaluation recorded (its environment reads,
//! the variables it had to take as set, the variables each setting's value
//! depends on), never from reading calls by name again.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::eval::EnvRead;
use super::lines::LineIndex;
use super::report::{text_of, Evaluation};
use super::secrets::{find_tokens, find_url_credentials, is_secret_name, REDACTED};
use super::settings::is_setting_name;

/// One environment variable the settings read.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EnvVariable {
    pub name: String,
    /// The settings whose values depend on it, in name order.
    pub settings: Vec<String>,
    /// What the settings make of it: `str`, `bool`, `int`, `list`,
    /// `database URL`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// The default's source text (`"False"`, `[]`), `<secret>` for a secret
    /// one; `None` when a read gives no default.
    pub default: Option<String>,
    /// Django cannot start without it: a read with no default, or a guard
    /// that raises when it is unset.
    pub required: bool,
    pub secret: bool,
    pub reads: Vec<ReadSite>,
}

/// Where a variable is read.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReadSite {
    pub path: PathBuf,
    /// 1-based.
    pub line: usize,
    /// The library that reads it (`os`, `django-environ`, ...).
    pub library: &'static str,
}

/// The contract of the settings `eval` ran: one entry per variable, in the
/// order the settings first read them.
pub fn contract(eval: &Evaluation) -> Vec<EnvVariable> {
    let mut order: Vec<&str> = vec![];
    for r in &eval.env_reads {
        if !order.contains(&r.var.as_str()) {
            order.push(&r.var);
        }
    }
    // A variable only a guard reads (`if "X" not in os.environ: raise`).
    for v in &eval.required {
        if !order.contains(&v.as_str()) {
            order.push(v);
        }
    }
    order.into_iter().map(|name| variable(eval, name)).collect()
}

fn variable(eval: &Evaluation, name: &str) -> EnvVariable {
    let reads: Vec<&EnvRead> = eval.env_reads.iter().filter(|r| r.var == name).collect();
    let settings: BTreeSet<String> = eval
        .namespace
        .bindings
        .iter()
        .filter(|(k, b)| is_setting_name(k) && b.env.iter().any(|e| e.as_ref() == name))
        .map(|(k, _)| k.to_string())
        .collect();
    let default_text = reads.iter().find_map(|r| {
        let text = text_of(eval, &r.path)?;
        r.default.as_ref().and_then(|d| text.get(d.clone()))
    });
    let secret = is_secret_name(name)
        || settings.iter().any(|s| is_secret_name(s))
        || default_text
            .is_some_and(|d| !find_tokens(d).is_empty() || !find_url_credentials(d).is_empty());
    let default = default_text.map(|d| {
        if secret {
            REDACTED.to_string()
        } else {
            d.to_string()
        }
    });
    let kind = reads
        .iter()
        .find_map(|r| {
            let text = text_of(eval, &r.path)?;
            Some(kind_of_read(text.get(r.call.clone())?))
        })
        .unwrap_or("str")
        .to_string();
    let sites = reads
        .iter()
        .filter_map(|r| {
            let text = text_of(eval, &r.path)?;
            Some(ReadSite {
                path: r.path.clone(),
                line: LineIndex::new(text).line_of(r.call.start) + 1,
                library: r.library,
            })
        })
        .collect();
    EnvVariable {
        name: name.to_string(),
        settings: settings.into_iter().collect(),
        kind,
        default,
        required: eval.required.contains(name),
        secret,
        reads: sites,
    }
}

/// The type a read makes of its variable, from how it is written:
/// django-environ's and environs' typed methods (`env.bool(...)`), a
/// decouple `cast=`, django-configurations' value classes
/// (`values.BooleanValue(...)`); a plain read is a string.
fn kind_of_read(call: &str) -> &'static str {
    let head = call.split('(').next().unwrap_or(call);
    let method = head.rsplit('.').next().unwrap_or(head).trim();
    if let Some(cast) = call.split("cast=").nth(1) {
        let cast = cast.trim_start();
        for (prefix, kind) in [
            ("bool", "bool"),
            ("int", "int"),
            ("float", "float"),
            ("Csv", "list"),
            ("list", "list"),
            ("tuple", "tuple"),
            ("json", "JSON"),
        ] {
            if cast.starts_with(prefix) {
                return kind;
            }
        }
    }
    if let Some(class) = method.strip_suffix("Value") {
        return match class {
            "Boolean" => "bool",
            "Integer" | "PositiveInteger" => "int",
            "Float" | "Decimal" => "float",
            "List" | "Tuple" | "Set" | "SingleNested" | "Backends" => "list",
            "Dict" => "dict",
            "DatabaseURL" => "database URL",
            "CacheURL" => "cache URL",
            "EmailURL" => "e-mail URL",
            "SearchURL" => "search URL",
            "URL" => "URL",
            "Path" => "path",
            _ => "str",
        };
    }
    match method {
        "bool" => "bool",
        "int" => "int",
        "float" | "decimal" => "float",
        "list" | "tuple" => "list",
        "dict" => "dict",
        "json" => "JSON",
        "db" | "db_url" | "dj_db_url" => "database URL",
        "cache" | "cache_url" => "cache URL",
        "email" | "email_url" | "dj_email_url" => "e-mail URL",
        "search_url" => "search URL",
        "url" => "URL",
        "path" => "path",
        _ => "str",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::eval::testing::evaluate_module;

    #[test]
    fn kinds_from_how_a_read_is_written() {
        assert_eq!(kind_of_read("env.bool(\"DEBUG\", default=False)"), "bool");
        assert_eq!(kind_of_read("config(\"HOSTS\", cast=Csv())"), "list");
        assert_eq!(kind_of_read("os.environ[\"X\"]"), "str");
        assert_eq!(kind_of_read("values.BooleanValue(False)"), "bool");
        assert_eq!(kind_of_read("env.db(\"DATABASE_URL\")"), "database URL");
    }

    #[test]
    fn django_environ_url_reads_name_their_variable() {
        let eval = evaluate_module(
            "import environ\nenv = environ.Env()\nDATABASES = {\"default\": env.db()}\nCACHES = {\"default\": env.cache_url(\"REDIS_URL\", default=\"locmemcache://\")}\n",
        );
        let c = contract(&eval);
        assert_eq!(c[0].name, "DATABASE_URL");
        assert!(c[0].required);
        assert_eq!(c[0].kind, "database URL");
        assert_eq!(c[0].settings, ["DATABASES"]);
        assert_eq!(c[1].name, "REDIS_URL");
        assert!(!c[1].required);
        assert_eq!(c[1].default.as_deref(), Some("\"locmemcache://\""));
    }

    #[test]
    fn every_variable_with_its_settings_default_and_need() {
        let eval = evaluate_module(
            "import os\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\nDEBUG = os.environ.get(\"DJANGO_DEBUG\", \"False\") == \"True\"\nEMAIL_HOST_PASSWORD = os.environ.get(\"MAIL_PW\", \"Zq8Lm2Vw5Xk9\")\n",
        );
        let c = contract(&eval);
        let names: Vec<&str> = c.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["DJANGO_SECRET_KEY", "DJANGO_DEBUG", "MAIL_PW"]);
        assert!(c[0].required && c[0].secret);
        assert_eq!(c[0].settings, ["SECRET_KEY"]);
        assert_eq!(c[0].reads[0].line, 2);
        assert!(!c[1].required && !c[1].secret);
        assert_eq!(c[1].default.as_deref(), Some("\"False\""));
        assert_eq!(c[1].settings, ["DEBUG"]);
        // Secret by the setting it feeds: its default is never shown.
        assert!(c[2].secret);
        assert_eq!(c[2].default.as_deref(), Some(REDACTED));
    }
}
