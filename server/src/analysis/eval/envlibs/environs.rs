//! environs: `Env()` (or the module's own `env`), `env("X")` and the typed
//! reads `env.str/bool/int/float/list("X", default=...)`, `env.read_env()`.
//! An unset variable read with a default gives the default as written,
//! uncast; read without one, an eager `Env` (the default) raises
//! `EnvNotSetError` (an `EnvError`, a `ValueError`), which makes the
//! variable required; a lazy one (`eager=False`) gives None and raises
//! `EnvValidationError` at `env.seal()`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::analysis::eval::objects::{object, Builtin, ExcClass, Object};
use crate::analysis::eval::value::{Tri, Value};
use crate::analysis::eval::{arg, kwarg, raise, raise_missing, Flow, Interp, R};

use super::{
    exception_class, function, read_dotenv, state_of, DefaultArg, EnvLibrary, LibraryException,
    LibraryObject, ReadStyle,
};

pub(super) struct Environs;

const NAME: &str = "environs";

const ENV_ERROR: LibraryException = LibraryException {
    name: "EnvError",
    base: ExcClass::ValueError,
};
const ENV_NOT_SET_ERROR: LibraryException = LibraryException {
    name: "EnvNotSetError",
    base: ExcClass::Library(&ENV_ERROR),
};
const ENV_VALIDATION_ERROR: LibraryException = LibraryException {
    name: "EnvValidationError",
    base: ExcClass::Library(&ENV_ERROR),
};

/// Every read takes its default second: `env.str(name, default=...)`.
const DEFAULT: DefaultArg = DefaultArg {
    position: 1,
    keyword: "default",
};

/// The reads whose parsing the evaluator does not model: their value is
/// unknown when the variable is set.
const OTHER_READS: &[&str] = &[
    "dict",
    "json",
    "decimal",
    "datetime",
    "date",
    "time",
    "timedelta",
    "path",
    "log_level",
    "uuid",
    "url",
    "enum",
    "dj_db_url",
    "dj_email_url",
    "dj_cache_url",
];

impl EnvLibrary for Environs {
    fn name(&self) -> &'static str {
        NAME
    }

    fn modules(&self) -> &'static [&'static str] {
        &["environs"]
    }

    fn exceptions(&self) -> &'static [LibraryException] {
        &[ENV_ERROR, ENV_NOT_SET_ERROR, ENV_VALIDATION_ERROR]
    }

    fn attr(&self, _module: &str, attr: &str) -> Option<Value> {
        Some(match attr {
            "Env" => function(NAME, "Env"),
            "env" => reader(Reader::default()),
            "EnvError" => exception_class(&ENV_ERROR),
            "EnvNotSetError" => exception_class(&ENV_NOT_SET_ERROR),
            "EnvValidationError" => exception_class(&ENV_VALIDATION_ERROR),
            _ => return None,
        })
    }

    fn call(
        &self,
        _interp: &mut Interp,
        _function: &'static str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        new_env(args, kwargs)
    }

    fn call_object(
        &self,
        interp: &mut Interp,
        object: &Object,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        match reader_of(object) {
            Some(r) => read(interp, r, "__call__", args, kwargs),
            None => Ok(Value::unknown("an environs call")),
        }
    }

    fn method(
        &self,
        interp: &mut Interp,
        object: &Object,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        let Some(r) = reader_of(object) else {
            return Ok(Value::unknown(format!("env.{name}()")));
        };
        match name {
            "str" | "bool" | "int" | "float" | "list" => read(interp, r, name, args, kwargs),
            _ if OTHER_READS.contains(&name) => read(interp, r, name, args, kwargs),
            "read_env" => {
                read_dotenv(interp)?;
                Ok(Value::unknown("whether env.read_env() found a .env file"))
            }
            "seal" => seal(r),
            "prefixed" => {
                r.prefixed.set(true);
                Ok(Value::unknown("env.prefixed()"))
            }
            _ => Ok(Value::unknown(format!("env.{name}()"))),
        }
    }

    fn read_style(&self, name: &str, value: &Value, _: &[(&str, &Value)]) -> Option<ReadStyle> {
        let r = state_of::<Reader>(value, NAME)?;
        // A prefix would read another variable than the fix names.
        if !r.eager || r.prefix.is_some() || r.prefixed.get() {
            return None;
        }
        Some(ReadStyle {
            required: format!("{name}.str(\"{{var}}\")"),
            flag: format!("{name}.bool(\"{{var}}\", default=False)"),
            list: format!("{name}.list(\"{{var}}\")"),
            raw: format!("{name}.str(\"{{var}}\")"),
        })
    }
}

/// An `Env()`.
struct Reader {
    eager: bool,
    expand_vars: bool,
    prefix: Option<Rc<str>>,
    /// `env.prefixed(...)` was entered: its prefix applies to the reads in
    /// the `with` block, which the evaluator does not delimit.
    prefixed: Cell<bool>,
    /// The unset variables a lazy `Env` read without a default.
    missing: RefCell<Vec<Rc<str>>>,
}

impl Default for Reader {
    fn default() -> Self {
        Reader {
            eager: true,
            expand_vars: false,
            prefix: None,
            prefixed: Cell::new(false),
            missing: RefCell::new(vec![]),
        }
    }
}

fn reader(r: Reader) -> Value {
    LibraryObject::value(NAME, "Env", r)
}

fn reader_of(object: &Object) -> Option<&Reader> {
    match object {
        Object::Library(o) => o.state(),
        _ => None,
    }
}

/// `Env(*, eager=True, expand_vars=False, prefix=None)`.
fn new_env(args: Vec<Value>, kwargs: Vec<(Rc<str>, Value)>) -> R<Value> {
    if !args.is_empty() {
        return raise(
            ExcClass::TypeError,
            "Env.__init__() takes 1 positional argument",
        );
    }
    let flag = |name: &str, default: bool| match kwarg(&kwargs, name).map(Value::truthy) {
        None => Some(default),
        Some(Tri::True) => Some(true),
        Some(Tri::False) => Some(false),
        Some(Tri::Unknown(_)) => None,
    };
    let prefix = match kwarg(&kwargs, "prefix") {
        None | Some(Value::None) => Some(None),
        Some(Value::Str(p)) => Some(Some(p.clone())),
        Some(_) => None,
    };
    match (flag("eager", true), flag("expand_vars", false), prefix) {
        (Some(eager), Some(expand_vars), Some(prefix)) => Ok(reader(Reader {
            eager,
            expand_vars,
            prefix,
            ..Reader::default()
        })),
        _ => Ok(Value::unknown(
            "an environs Env configured with values the evaluator cannot see",
        )),
    }
}

/// `env(name, default=...)`, `env.bool(name, default=...)` and the other
/// typed reads (`kind` is the method's name).
fn read(
    interp: &mut Interp,
    r: &Reader,
    kind: &str,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    let Some(Value::Str(name)) = args.first() else {
        return Ok(Value::unknown(
            "an environs read of a name the evaluator cannot see",
        ));
    };
    if r.prefixed.get() {
        return Ok(Value::unknown(
            "an environs read under env.prefixed(), whose prefix the evaluator does not follow",
        ));
    }
    let var = match &r.prefix {
        Some(p) => format!("{p}{name}"),
        None => name.to_string(),
    };
    interp.record_read(NAME, &var, Some(DEFAULT));
    let default = arg(&args, &kwargs, 1, "default").cloned();
    let raw = match interp.read_env(&var, default.as_ref()) {
        Some(Ok(raw)) => raw,
        Some(Err(u)) => return Ok(Value::Unknown(u)),
        None => {
            return match default {
                Some(d) => Ok(d),
                None if r.eager => raise_missing(
                    ExcClass::Library(&ENV_NOT_SET_ERROR),
                    format!("Environment variable \"{var}\" not set"),
                    &var,
                ),
                None => {
                    r.missing.borrow_mut().push(Rc::from(var));
                    Ok(Value::None)
                }
            }
        }
    };
    if r.expand_vars && raw.contains('$') {
        return Ok(Value::unknown(format!(
            "the value environs expands from {var}"
        )));
    }
    match kind {
        "list" => {
            let subcast = arg(&args, &kwargs, 2, "subcast").cloned();
            let delimiter = match kwarg(&kwargs, "delimiter") {
                None => Rc::from(","),
                Some(Value::Str(d)) if !d.is_empty() => d.clone(),
                Some(_) => return Ok(Value::unknown("an environs list with an unusual delimiter")),
            };
            let items: Vec<&str> = if raw.is_empty() {
                vec![]
            } else {
                raw.split(delimiter.as_ref()).collect()
            };
            let mut out = vec![];
            for item in items {
                out.push(match &subcast {
                    None | Some(Value::None) => Value::str(item),
                    Some(cast) => match cast_name(cast) {
                        Some(k) => parse(interp, k, &var, item)?,
                        None => {
                            return Ok(Value::unknown("an environs list with a custom subcast"))
                        }
                    },
                });
            }
            Ok(Value::list(out))
        }
        "__call__" | "str" | "bool" | "int" | "float" => parse(interp, kind, &var, &raw),
        _ => Ok(Value::unknown(format!(
            "the value environs parses from {var}"
        ))),
    }
}

/// The read a builtin subcast stands for (`subcast=int`).
fn cast_name(cast: &Value) -> Option<&'static str> {
    match cast {
        Value::Object(o) => match o.as_ref() {
            Object::Builtin(Builtin::Str) => Some("str"),
            Object::Builtin(Builtin::Int) => Some("int"),
            Object::Builtin(Builtin::Float) => Some("float"),
            Object::Builtin(Builtin::Bool) => Some("bool"),
            _ => None,
        },
        _ => None,
    }
}

/// marshmallow's Boolean: these strings only, as written.
const TRUTHY: &[&str] = &[
    "t", "T", "true", "True", "TRUE", "on", "On", "ON", "y", "Y", "yes", "Yes", "YES", "1",
];
const FALSY: &[&str] = &[
    "f", "F", "false", "False", "FALSE", "off", "Off", "OFF", "n", "N", "no", "No", "NO", "0",
];

/// A set variable's value as the read `kind` deserializes it.
fn parse(interp: &mut Interp, kind: &str, var: &str, raw: &str) -> R<Value> {
    let invalid = |why: &str| {
        raise(
            ExcClass::Library(&ENV_VALIDATION_ERROR),
            format!("Environment variable \"{var}\" invalid: {why}"),
        )
    };
    match kind {
        "bool" if TRUTHY.contains(&raw) => Ok(Value::Bool(true)),
        "bool" if FALSY.contains(&raw) => Ok(Value::Bool(false)),
        "bool" => invalid("Not a valid boolean."),
        // marshmallow converts with Python's int() and float(), refusing
        // nan and infinity.
        "int" | "float" => {
            let builtin = if kind == "int" {
                Builtin::Int
            } else {
                Builtin::Float
            };
            match interp.call(
                &object(Object::Builtin(builtin)),
                vec![Value::str(raw)],
                vec![],
            ) {
                Ok(Value::Float(f)) if !f.is_finite() => {
                    invalid("Special numeric values (nan or infinity) are not permitted.")
                }
                Err(Flow::Raise(e)) if e.class == ExcClass::ValueError => {
                    invalid(if kind == "int" {
                        "Not a valid integer."
                    } else {
                        "Not a valid number."
                    })
                }
                other => other,
            }
        }
        _ => Ok(Value::str(raw)),
    }
}

/// `env.seal()`: a lazy `Env` raises for the variables it missed.
fn seal(r: &Reader) -> R<Value> {
    match r.missing.borrow().first() {
        Some(var) => raise_missing(
            ExcClass::Library(&ENV_VALIDATION_ERROR),
            format!(
                "Environment variables invalid: {{'{var}': ['Environment variable not set.']}}"
            ),
            var,
        ),
        None => Ok(Value::None),
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::eval::testing::{evaluate_module, value_of};

    #[test]
    fn defaults_come_back_as_written() {
        let module = "from environs import Env\nenv = Env()\nenv.read_env()\nDEBUG = env.bool('DEBUG', default='yes')\nPORT = env.int('PORT', 8000)\nHOSTS = env.list('HOSTS', default=['a'])\nNAME = env('NAME', 'x')\n";
        assert_eq!(value_of(module, "DEBUG"), "'yes'");
        assert_eq!(value_of(module, "PORT"), "8000");
        assert_eq!(value_of(module, "HOSTS"), "['a']");
        assert_eq!(value_of(module, "NAME"), "'x'");
    }

    #[test]
    fn a_read_without_default_requires_the_variable() {
        let module =
            "import environs\nenv = environs.Env()\nSECRET_KEY = env.str('DJANGO_SECRET_KEY')\n";
        let eval = evaluate_module(module);
        assert!(eval.required.contains("DJANGO_SECRET_KEY"));
        assert!(value_of(module, "SECRET_KEY").contains("DJANGO_SECRET_KEY, which must be set"));
    }

    #[test]
    fn env_error_is_a_value_error_and_catches_the_unset_read() {
        let module = "from environs import Env, EnvError\nenv = Env()\ntry:\n    A = env.int('A')\nexcept EnvError:\n    A = 1\ntry:\n    B = env('B')\nexcept ValueError:\n    B = 2\n";
        assert_eq!(value_of(module, "A"), "1");
        assert_eq!(value_of(module, "B"), "2");
        assert!(evaluate_module(module).required.is_empty());
    }

    #[test]
    fn set_values_are_parsed_as_marshmallow_does() {
        let module = "import os\nfrom environs import env\nos.environ['A'] = 'on'\nos.environ['B'] = ' 42 '\nos.environ['C'] = 'a, b'\nos.environ['D'] = 'maybe'\nA = env.bool('A')\nB = env.int('B')\nC = env.list('C')\ntry:\n    D = env.bool('D')\nexcept ValueError:\n    D = 'invalid'\n";
        assert_eq!(value_of(module, "A"), "True");
        assert_eq!(value_of(module, "B"), "42");
        assert_eq!(value_of(module, "C"), "['a', ' b']");
        assert_eq!(value_of(module, "D"), "'invalid'");
    }

    #[test]
    fn a_prefix_names_the_variable_and_a_lazy_env_raises_at_seal() {
        let prefixed = "from environs import Env\nenv = Env(prefix='APP_')\nX = env('X')\n";
        assert!(evaluate_module(prefixed).required.contains("APP_X"));
        let lazy = "from environs import Env\nenv = Env(eager=False)\nX = env('X')\nenv.seal()\n";
        assert!(evaluate_module(lazy).required.contains("X"));
        assert_eq!(
            value_of(
                "from environs import Env\nenv = Env(eager=False)\nX = env('X')\n",
                "X"
            ),
            "None"
        );
    }

    #[test]
    fn reads_are_recorded_with_their_defaults() {
        let module =
            "from environs import Env\nenv = Env()\nDEBUG = env.bool('DEBUG', default=True)\n";
        let eval = evaluate_module(module);
        let read = &eval.env_reads[0];
        assert_eq!((read.library, read.var.as_str()), ("environs", "DEBUG"));
        assert_eq!(read.default.clone().map(|d| &module[d]), Some("True"));
    }
}
