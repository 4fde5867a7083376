//! `os.environ` and its methods, `os.getenv`. The rest of `os` (`os.path`,
//! `os.sep`) is not about the environment: `attributes.rs` and `paths.rs`
//! have it. `os.environ` is an `Object` variant of its own because
//! subscripts, `in` and item assignment reach into it.

use std::rc::Rc;

use crate::analysis::eval::objects::{object, ExcClass, Object};
use crate::analysis::eval::value::Value;
use crate::analysis::eval::{arg, raise, raise_missing, Interp, R};

use super::{function, DefaultArg, EnvLibrary};

pub(super) struct Os;

const NAME: &str = "os";

/// Where `os.environ.get` and `os.getenv` take their default.
const DEFAULT: DefaultArg = DefaultArg {
    position: 1,
    keyword: "default",
};

impl EnvLibrary for Os {
    fn name(&self) -> &'static str {
        NAME
    }

    fn modules(&self) -> &'static [&'static str] {
        &["os"]
    }

    fn attr(&self, _module: &str, attr: &str) -> Option<Value> {
        match attr {
            "environ" => Some(object(Object::Environ)),
            "getenv" => Some(function(NAME, "getenv")),
            _ => None,
        }
    }

    fn call(
        &self,
        interp: &mut Interp,
        _function: &'static str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        os_getenv(interp, args, kwargs)
    }

    fn owns(&self, object: &Object) -> bool {
        matches!(object, Object::Environ)
    }

    fn method(
        &self,
        interp: &mut Interp,
        _object: &Object,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        environ_method(interp, name, args, kwargs)
    }
}

fn environ_method(
    interp: &mut Interp,
    name: &str,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    let key = match args.first() {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Unknown(u)) => return Ok(Value::Unknown(u.clone())),
        _ => return Ok(Value::unknown(format!("os.environ.{name}()"))),
    };
    match name {
        "get" => {
            interp.record_read(NAME, &key, Some(DEFAULT));
            let explicit = arg(&args, &kwargs, 1, "default").is_some();
            let default = arg(&args, &kwargs, 1, "default")
                .cloned()
                .unwrap_or(Value::None);
            Ok(match interp.read_env(&key, explicit.then_some(&default)) {
                Some(Ok(v)) => Value::Str(v),
                Some(Err(u)) => Value::Unknown(u),
                None => default,
            })
        }
        "setdefault" => {
            let default = args.get(1).cloned().unwrap_or(Value::None);
            match interp.read_env(&key, Some(&Value::Bool(true))) {
                Some(Ok(v)) => Ok(Value::Str(v)),
                Some(Err(u)) => Ok(Value::Unknown(u)),
                None => match &default {
                    Value::Str(s) => {
                        interp.set_env(&key, s.clone());
                        Ok(default)
                    }
                    _ => Ok(Value::unknown("os.environ.setdefault with a non-string")),
                },
            }
        }
        "pop" => {
            let default = args.get(1).cloned();
            match interp.read_env(&key, Some(&Value::Bool(true))) {
                Some(Ok(v)) => {
                    interp.env.remove(key.as_ref());
                    Ok(Value::Str(v))
                }
                Some(Err(u)) => Ok(Value::Unknown(u)),
                None => match default {
                    Some(d) => Ok(d),
                    None => raise(ExcClass::KeyError, format!("'{key}'")),
                },
            }
        }
        _ => Ok(Value::unknown(format!("os.environ.{name}()"))),
    }
}

/// `os.getenv(name, default=None)`.
fn os_getenv(interp: &mut Interp, args: Vec<Value>, kwargs: Vec<(Rc<str>, Value)>) -> R<Value> {
    let a0 = args.first().cloned();
    let Some(Value::Str(name)) = a0 else {
        return Ok(Value::unknown(
            "os.getenv of a name the evaluator cannot see",
        ));
    };
    interp.record_read(NAME, &name, Some(DEFAULT));
    let explicit = arg(&args, &kwargs, 1, "default").is_some();
    let default = arg(&args, &kwargs, 1, "default")
        .cloned()
        .unwrap_or(Value::None);
    Ok(match interp.read_env(&name, explicit.then_some(&default)) {
        Some(Ok(v)) => Value::Str(v),
        Some(Err(u)) => Value::Unknown(u),
        None => default,
    })
}

/// `os.environ[key]`.
pub(in crate::analysis::eval) fn environ_item(interp: &mut Interp, key: &Value) -> R<Value> {
    let Value::Str(name) = key else {
        return Ok(Value::unknown(
            "os.environ of a name the evaluator cannot see",
        ));
    };
    interp.record_read(NAME, name, None);
    match interp.read_env(name, None) {
        Some(Ok(v)) => Ok(Value::Str(v)),
        Some(Err(u)) => Ok(Value::Unknown(u)),
        None => raise_missing(ExcClass::KeyError, format!("'{name}'"), name),
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::eval::testing::{evaluate_module, value_of};

    #[test]
    fn an_unset_variable_gives_the_default_and_is_recorded() {
        let module = "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'False') == 'True'\nHOSTS = os.getenv('HOSTS', 'a,b').split(',')\n";
        assert_eq!(value_of(module, "DEBUG"), "False");
        assert_eq!(value_of(module, "HOSTS"), "['a', 'b']");
        let eval = evaluate_module(module);
        let debug = eval.namespace.get("DEBUG").unwrap();
        assert!(debug.env.iter().any(|v| v.as_ref() == "DJANGO_DEBUG"));
    }

    #[test]
    fn a_required_variable_is_set_to_an_unknown_value() {
        let module = "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n";
        let eval = evaluate_module(module);
        assert!(eval.required.contains("DJANGO_SECRET_KEY"));
        assert!(value_of(module, "SECRET_KEY").contains("DJANGO_SECRET_KEY"));
    }
}
