//! dj-email-url: `parse(url)` and `config(env="EMAIL_URL", default=None)`
//! return the EMAIL_* settings a URL describes, as a dict. Its keys are
//! known from the URL's scheme and query (what `globals().update(...)` of
//! it sets); the values the evaluator does not parse are unknown, never
//! shown (a password may be among them).

use std::cell::RefCell;
use std::rc::Rc;

use crate::analysis::eval::value::{Dict, Extra, Unknown, Value};

use super::super::{arg, Interp, R};
use super::{function, DefaultArg, EnvLibrary};

pub(super) struct EmailUrl;

const NAME: &str = "dj-email-url";

impl EnvLibrary for EmailUrl {
    fn name(&self) -> &'static str {
        NAME
    }

    fn modules(&self) -> &'static [&'static str] {
        &["dj_email_url"]
    }

    fn attr(&self, _module: &str, attr: &str) -> Option<Value> {
        match attr {
            "parse" => Some(function(NAME, "parse")),
            "config" => Some(function(NAME, "config")),
            _ => None,
        }
    }

    fn call(
        &self,
        interp: &mut Interp,
        function: &'static str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        match function {
            "parse" => parse(&args),
            _ => config(interp, &args, &kwargs),
        }
    }
}

/// dj-email-url's SCHEMES: the backend each scheme selects.
const SCHEMES: &[(&str, &str)] = &[
    ("smtp", "django.core.mail.backends.smtp.EmailBackend"),
    ("submission", "django.core.mail.backends.smtp.EmailBackend"),
    ("submit", "django.core.mail.backends.smtp.EmailBackend"),
    ("smtps", "django.core.mail.backends.smtp.EmailBackend"),
    ("console", "django.core.mail.backends.console.EmailBackend"),
    ("file", "django.core.mail.backends.filebased.EmailBackend"),
    ("memory", "django.core.mail.backends.locmem.EmailBackend"),
    ("dummy", "django.core.mail.backends.dummy.EmailBackend"),
];

/// The keys every parse sets.
const ALWAYS: &[&str] = &[
    "EMAIL_FILE_PATH",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_USE_SSL",
    "EMAIL_USE_TLS",
    "EMAIL_TIMEOUT",
];

/// `dj_email_url.parse(url)`.
fn parse(args: &[Value]) -> R<Value> {
    Ok(match args.first() {
        Some(Value::Str(url)) => parse_known(url),
        _ => unknown_url("an e-mail URL the evaluator cannot see"),
    })
}

/// `dj_email_url.config(env="EMAIL_URL", default=None)`.
fn config(interp: &mut Interp, args: &[Value], kwargs: &[(Rc<str>, Value)]) -> R<Value> {
    let var = match arg(args, kwargs, 0, "env") {
        Some(Value::Str(s)) => s.to_string(),
        None => "EMAIL_URL".to_string(),
        Some(_) => {
            return Ok(unknown_url(
                "an e-mail URL from a variable the evaluator cannot see",
            ))
        }
    };
    interp.record_read(
        NAME,
        &var,
        Some(DefaultArg {
            position: 1,
            keyword: "default",
        }),
    );
    let default = arg(args, kwargs, 1, "default")
        .cloned()
        .unwrap_or(Value::None);
    let url = match interp.read_env(&var, Some(&default)) {
        Some(Ok(v)) => Value::Str(v),
        Some(Err(u)) => return Ok(unknown_url(&u.reason)),
        None => default,
    };
    match url {
        Value::Str(s) if !s.is_empty() => Ok(parse_known(&s)),
        Value::Str(_) | Value::None => Ok(dict(vec![], Extra::Exact)),
        _ => Ok(unknown_url("an e-mail URL the evaluator cannot see")),
    }
}

fn parse_known(url: &str) -> Value {
    let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    let mut entries: Vec<(Value, Value)> = ALWAYS
        .iter()
        .map(|k| {
            (
                Value::str(k),
                Value::unknown(format!("{k}, parsed from the e-mail URL")),
            )
        })
        .collect();
    if let Some((_, backend)) = SCHEMES.iter().find(|(s, _)| *s == scheme) {
        entries.push((Value::str("EMAIL_BACKEND"), Value::str(backend)));
    }
    for (param, key) in [
        ("_server_email", "SERVER_EMAIL"),
        ("_default_from_email", "DEFAULT_FROM_EMAIL"),
    ] {
        if query.split('&').any(|p| p.split('=').next() == Some(param)) {
            entries.push((
                Value::str(key),
                Value::unknown(format!("{key}, from the e-mail URL")),
            ));
        }
    }
    dict(entries, Extra::Exact)
}

/// What any URL parses to: the keys every parse sets, and maybe more.
fn unknown_url(why: &str) -> Value {
    let entries = ALWAYS
        .iter()
        .map(|k| {
            (
                Value::str(k),
                Value::unknown(format!("{k}, parsed from {why}")),
            )
        })
        .collect();
    dict(
        entries,
        Extra::MayContainMore(Unknown::new(format!("the settings {why} selects"))),
    )
}

fn dict(entries: Vec<(Value, Value)>, extra: Extra) -> Value {
    Value::Dict(Rc::new(RefCell::new(Dict { entries, extra })))
}
