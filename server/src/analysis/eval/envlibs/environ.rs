//! django-environ: `env(...)`, `env.bool(...)` and the other casts.

use std::collections::HashMap;
use std::rc::Rc;

use crate::analysis::eval::objects::{object, Builtin, ExcClass, Object};
use crate::analysis::eval::value::Value;
use crate::analysis::eval::{arg, raise, raise_missing, Interp, R};

use super::{function, read_dotenv, DefaultArg, EnvLibrary, LibraryObject, ReadStyle};

pub(super) struct DjangoEnviron;

const NAME: &str = "django-environ";

impl EnvLibrary for DjangoEnviron {
    fn name(&self) -> &'static str {
        NAME
    }

    fn modules(&self) -> &'static [&'static str] {
        &["environ"]
    }

    fn attr(&self, _module: &str, attr: &str) -> Option<Value> {
        Some(match attr {
            "Env" => function(NAME, "Env"),
            "Path" => object(Object::Builtin(Builtin::PathNew)),
            "ImproperlyConfigured" => object(Object::Builtin(Builtin::ExceptionClass(
                ExcClass::ImproperlyConfigured,
            ))),
            _ => return None,
        })
    }

    fn call(
        &self,
        interp: &mut Interp,
        function: &'static str,
        _args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        match function {
            "read_env" => read_dotenv(interp),
            _ => environ_env(kwargs),
        }
    }

    fn function_attr(&self, function: &'static str, attr: &str) -> Option<Value> {
        (function == "Env" && attr == "read_env").then(|| super::function(NAME, "read_env"))
    }

    fn call_object(
        &self,
        interp: &mut Interp,
        object: &Object,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        environ_get(interp, object, None, args, kwargs)
    }

    fn method(
        &self,
        interp: &mut Interp,
        object: &Object,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        env_method(interp, object, name, args, kwargs)
    }

    fn read_style(&self, name: &str, value: &Value, _: &[(&str, &Value)]) -> Option<ReadStyle> {
        super::state_of::<EnvScheme>(value, NAME)?;
        Some(ReadStyle {
            required: format!("{name}(\"{{var}}\")"),
            flag: format!("{name}.bool(\"{{var}}\", default=False)"),
            list: format!("{name}.list(\"{{var}}\")"),
            raw: format!("{name}.str(\"{{var}}\")"),
        })
    }
}

/// A django-environ `Env` instance: its scheme of `NAME=(cast, default)`.
#[derive(Debug, Default)]
struct EnvScheme {
    entries: HashMap<String, (Value, Option<Value>)>,
}

/// django-environ's strings that parse as `True`.
const ENVIRON_TRUE: [&str; 6] = ["true", "on", "ok", "y", "yes", "1"];

/// `env(...)`, `env.bool(...)` etc. With the variable unset, django-environ
/// returns the default as given (not cast), or raises ImproperlyConfigured.
fn environ_get(
    interp: &mut Interp,
    env_obj: &Object,
    method_cast: Option<&str>,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    let Some(scheme) = scheme_of(env_obj) else {
        return Ok(Value::unknown("an environ call"));
    };
    let Some(Value::Str(name)) = args.first().cloned() else {
        return Ok(Value::unknown(
            "an env() read of a name the evaluator cannot see",
        ));
    };
    // env(var, cast=None, default=NOTSET); env.list(var, cast=None,
    // default=NOTSET); env.bool(var, default=NOTSET)
    let default_at = match method_cast {
        None | Some("list" | "tuple" | "dict") => 2,
        Some(_) => 1,
    };
    interp.record_read(
        NAME,
        &name,
        Some(DefaultArg {
            position: default_at,
            keyword: "default",
        }),
    );
    let mut default = arg(&args, &kwargs, default_at, "default").cloned();
    let mut cast = match method_cast {
        None => arg(&args, &kwargs, 1, "cast")
            .cloned()
            .filter(|v| !matches!(v, Value::None)),
        Some(m) => Some(Value::str(m)),
    };
    if let Some((scast, sdefault)) = scheme.entries.get(name.as_ref()) {
        if cast.is_none() {
            cast = Some(scast.clone());
        }
        if default.is_none() {
            default = sdefault.clone();
        }
    }
    let raw = match interp.read_env(&name, default.as_ref()) {
        Some(Ok(v)) => v,
        Some(Err(u)) => return Ok(Value::Unknown(u)),
        None => {
            return match default {
                // django-environ reads a default "$OTHER" as the variable
                // OTHER, with the same default: unset, it recurses forever.
                Some(Value::Str(d)) if d.starts_with('$') => match interp.read_env(&d[1..], None) {
                    Some(Ok(v)) => Ok(environ_parse(&v, cast.as_ref())),
                    Some(Err(u)) => Ok(Value::Unknown(u)),
                    None => raise(
                        ExcClass::RuntimeError,
                        "RecursionError: a django-environ default proxies itself",
                    ),
                },
                Some(d) => Ok(d),
                None => raise_missing(
                    ExcClass::ImproperlyConfigured,
                    format!("Set the {name} environment variable"),
                    &name,
                ),
            };
        }
    };
    Ok(environ_parse(&raw, cast.as_ref()))
}

fn environ_parse(raw: &str, cast: Option<&Value>) -> Value {
    let kind = match cast {
        None => return Value::str(raw),
        Some(Value::Str(s)) => s.to_string(),
        Some(Value::Object(o)) => match o.as_ref() {
            Object::Builtin(Builtin::Bool) => "bool".into(),
            Object::Builtin(Builtin::Int) => "int".into(),
            Object::Builtin(Builtin::Str) => "str".into(),
            Object::Builtin(Builtin::List) => "list".into(),
            Object::Builtin(Builtin::Float) => "float".into(),
            _ => return Value::unknown("an environment value with a custom cast"),
        },
        Some(Value::List(_)) => "list".into(),
        Some(_) => return Value::unknown("an environment value with a custom cast"),
    };
    match kind.as_str() {
        "bool" => {
            let lower = raw.to_ascii_lowercase();
            match lower.parse::<f64>() {
                Ok(f) => Value::Bool(f != 0.0),
                Err(_) => Value::Bool(ENVIRON_TRUE.contains(&lower.as_str())),
            }
        }
        "int" => raw
            .trim()
            .parse::<i64>()
            .map(Value::Int)
            .unwrap_or_else(|_| Value::unknown("an invalid int")),
        "str" => Value::str(raw),
        "float" => raw
            .trim()
            .parse::<f64>()
            .map(Value::Float)
            .unwrap_or_else(|_| Value::unknown("an invalid float")),
        "list" => Value::list(
            raw.split(',')
                .filter(|s| !s.is_empty())
                .map(Value::str)
                .collect(),
        ),
        "tuple" => Value::tuple(
            raw.trim_matches(|c| c == '(' || c == ')')
                .split(',')
                .filter(|s| !s.is_empty())
                .map(Value::str)
                .collect(),
        ),
        _ => Value::unknown("an environment value with a custom cast"),
    }
}

fn scheme_of(object: &Object) -> Option<&EnvScheme> {
    match object {
        Object::Library(o) => o.state(),
        _ => None,
    }
}

/// `environ.Env(NAME=(cast, default), ...)`: the scheme of casts and defaults.
fn environ_env(kwargs: Vec<(Rc<str>, Value)>) -> R<Value> {
    let mut scheme = EnvScheme::default();
    for (k, v) in kwargs {
        let entry = match &v {
            Value::Tuple(t) if t.items.len() == 2 => (t.items[0].clone(), Some(t.items[1].clone())),
            other => (other.clone(), None),
        };
        scheme.entries.insert(k.to_string(), entry);
    }
    Ok(LibraryObject::value(NAME, "Env", scheme))
}

/// The methods of an `environ.Env()`: the typed reads (`env.bool(...)`...)
/// and `env.read_env()`.
fn env_method(
    interp: &mut Interp,
    env_obj: &Object,
    name: &str,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    match name {
        "bool" | "int" | "str" | "float" | "list" | "tuple" | "dict" | "json" => {
            environ_get(interp, env_obj, Some(name), args, kwargs)
        }
        "db_url" | "db" | "cache_url" | "cache" | "email_url" | "email" | "search_url" | "url"
        | "path" => environ_url(interp, name, args, kwargs),
        "read_env" => {
            if interp.dotenv_present() {
                interp.env_open = Some(Rc::from("a .env file the settings load"));
            }
            Ok(Value::None)
        }
        _ => Ok(Value::unknown(format!("env.{name}()"))),
    }
}

/// `env.db_url(var="DATABASE_URL", default=NOTSET)` and its kin (`db`,
/// `cache_url`/`cache` reading CACHE_URL, `email_url`/`email` EMAIL_URL,
/// `search_url` SEARCH_URL, `url`, `path`): a read of the variable, parsed
/// into a configuration the evaluator does not model. Unset with no
/// default, django-environ raises ImproperlyConfigured.
fn environ_url(
    interp: &mut Interp,
    method: &str,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    let fallback = match method {
        "db_url" | "db" => Some("DATABASE_URL"),
        "cache_url" | "cache" => Some("CACHE_URL"),
        "email_url" | "email" => Some("EMAIL_URL"),
        "search_url" => Some("SEARCH_URL"),
        _ => None,
    };
    let var: Rc<str> = match (arg(&args, &kwargs, 0, "var"), fallback) {
        (Some(Value::Str(s)), _) => s.clone(),
        (None, Some(f)) => Rc::from(f),
        _ => {
            return Ok(Value::unknown(format!(
                "an env.{method}() read of a name the evaluator cannot see"
            )))
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
    let default = arg(&args, &kwargs, 1, "default").cloned();
    let parsed = || Value::unknown(format!("the value django-environ's env.{method}() parses"));
    match interp.read_env(&var, default.as_ref()) {
        Some(Ok(_)) => Ok(parsed()),
        Some(Err(u)) => Ok(Value::Unknown(u)),
        None => match default {
            Some(_) => Ok(parsed()),
            None => raise_missing(
                ExcClass::ImproperlyConfigured,
                format!("Set the {var} environment variable"),
                &var,
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::eval::testing::value_of;

    #[test]
    fn django_environ_returns_defaults_uncast() {
        // django-environ hands back a default as given, uncast.
        let module = "import environ\nenv = environ.Env(DEBUG=(bool, False))\nDEBUG = env('DEBUG')\nX = env.bool('X', default='yes')\n";
        assert_eq!(value_of(module, "DEBUG"), "False");
        assert_eq!(value_of(module, "X"), "'yes'");
    }
}
