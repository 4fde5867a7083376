//! Operations on values: calls to builtins and modelled library functions,
//! methods, attributes, subscripts and operators — each with Python's exact
//! result types, and `Unknown` where the answer depends on what we can't see.

use std::cell::RefCell;
use std::rc::Rc;

use super::byte_budget;
use super::interp::{raise, raise_guard, raise_missing, tri_value, Flow, Interp};
use super::objects::{object, Builtin, CsvCast, EnvScheme, ExcClass, Object};
use super::value::{contains, seq_contains, Dict, Extra, IterError, Seq, Tri, Unknown, Value};

type R<T> = Result<T, Flow>;

/// Python's builtins the evaluator does not model: calling them gives an
/// unknown value, never a NameError.
const PYTHON_BUILTINS: &[&str] = &[
    "abs",
    "ascii",
    "bin",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "delattr",
    "dir",
    "divmod",
    "enumerate",
    "filter",
    "format",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "issubclass",
    "iter",
    "map",
    "memoryview",
    "next",
    "object",
    "oct",
    "ord",
    "pow",
    "property",
    "reversed",
    "round",
    "slice",
    "staticmethod",
    "sum",
    "super",
    "type",
    "zip",
    "NotImplemented",
    "Ellipsis",
    "__doc__",
    "__builtins__",
    "__spec__",
    "__package__",
    "__loader__",
    "ArithmeticError",
    "AssertionError",
    "BufferError",
    "EOFError",
    "FloatingPointError",
    "GeneratorExit",
    "KeyboardInterrupt",
    "NotImplementedError",
    "OverflowError",
    "RecursionError",
    "ReferenceError",
    "StopIteration",
    "SyntaxError",
    "SystemError",
    "SystemExit",
    "UnicodeError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "ZeroDivisionError",
    "PermissionError",
    "TimeoutError",
    "ConnectionError",
    "IsADirectoryError",
    "NotADirectoryError",
    "Warning",
    "DeprecationWarning",
    "UserWarning",
    "RuntimeWarning",
    "PendingDeprecationWarning",
    "FutureWarning",
    "ImportWarning",
];

/// The `sys.argv` of `manage.py check --deploy`.
const ARGV: [&str; 3] = ["manage.py", "check", "--deploy"];
/// django-environ's strings that parse as `True`.
const ENVIRON_TRUE: [&str; 6] = ["true", "on", "ok", "y", "yes", "1"];

pub fn modelled_module(name: &str) -> Value {
    object(Object::External(Rc::from(name)))
}

pub fn builtin_name(name: &str) -> Option<Value> {
    let b = match name {
        "bool" => Builtin::Bool,
        "int" => Builtin::Int,
        "float" => Builtin::Float,
        "str" => Builtin::Str,
        "list" => Builtin::List,
        "tuple" => Builtin::Tuple,
        "set" | "frozenset" => Builtin::Set,
        "dict" => Builtin::Dict,
        "len" => Builtin::Len,
        "sorted" => Builtin::Sorted,
        "print" => Builtin::Print,
        "isinstance" => Builtin::Isinstance,
        "getattr" => Builtin::Getattr,
        "open" => Builtin::Open,
        "any" => Builtin::Any,
        "all" => Builtin::All,
        "min" => Builtin::Min,
        "filter" => Builtin::Filter,
        "map" => Builtin::Map,
        "max" => Builtin::Max,
        "repr" => Builtin::Repr,
        "range" => Builtin::Range,
        "True" => return Some(Value::Bool(true)),
        "False" => return Some(Value::Bool(false)),
        "None" => return Some(Value::None),
        "__file__" => return Some(Value::unknown("__file__")),
        "globals" | "locals" | "vars" => Builtin::Globals,
        "exec" | "eval" | "setattr" | "__import__" => Builtin::DynamicNamespace,
        _ if PYTHON_BUILTINS.contains(&name) => {
            return Some(Value::unknown(format!("the builtin {name}")));
        }
        _ => match ExcClass::from_name(name) {
            Some(c)
                if c != ExcClass::ImproperlyConfigured && c != ExcClass::UndefinedValueError =>
            {
                Builtin::ExceptionClass(c)
            }
            _ => return None,
        },
    };
    Some(object(Object::Builtin(b)))
}

fn modelled_attr(module: &str, attr: &str) -> Option<Value> {
    let b = match (module, attr) {
        ("os", "environ") => return Some(object(Object::Environ)),
        ("os", "getenv") => Builtin::OsGetenv,
        ("os", "path") => return Some(modelled_module("os.path")),
        ("os", "sep") => return Some(Value::str("/")),
        ("os.path", "join") => Builtin::OsPathJoin,
        ("os.path", "dirname") => Builtin::OsPathDirname,
        ("os.path", "basename") => Builtin::OsPathBasename,
        ("os.path", "abspath" | "realpath" | "normpath" | "expanduser") => Builtin::OsPathAbspath,
        ("os.path", _) => Builtin::OsPathUnknown,
        ("sys", "exit") => Builtin::SysExit,
        ("typing", "TYPE_CHECKING") => return Some(Value::Bool(false)),
        ("sys", "argv") => {
            return Some(Value::list(ARGV.iter().map(|a| Value::str(a)).collect()));
        }
        ("pathlib", "Path" | "PosixPath" | "PurePath") => Builtin::PathNew,
        ("environ", "Env") => Builtin::EnvironEnv,
        ("environ", "Path") => Builtin::PathNew,
        ("environ", "ImproperlyConfigured") => {
            Builtin::ExceptionClass(ExcClass::ImproperlyConfigured)
        }
        ("decouple", "config") => Builtin::DecoupleConfig,
        ("decouple", "Csv") => Builtin::DecoupleCsv,
        ("decouple", "Choices") => Builtin::DecoupleChoices,
        ("decouple", "AutoConfig" | "Config") => {
            return Some(Value::unknown("a custom decouple configuration"))
        }
        ("decouple", "UndefinedValueError") => {
            Builtin::ExceptionClass(ExcClass::UndefinedValueError)
        }
        ("dotenv", "load_dotenv") => Builtin::ReadDotenv,
        ("django.core.exceptions", "ImproperlyConfigured") => {
            Builtin::ExceptionClass(ExcClass::ImproperlyConfigured)
        }
        ("distutils.util", "strtobool") => Builtin::Strtobool,
        ("str2bool", "str2bool") => Builtin::Strtobool,
        _ => return None,
    };
    Some(object(Object::Builtin(b)))
}

pub fn get_attr(interp: &mut Interp, o: &Value, attr: &str) -> R<Value> {
    match o {
        Value::None => raise(
            ExcClass::AttributeError,
            format!("'NoneType' object has no attribute '{attr}'"),
        ),
        Value::Unknown(u) => Ok(Value::Unknown(u.clone())),
        Value::Object(obj) => match obj.as_ref() {
            Object::Module(m) => {
                let b = m.namespace.borrow().get(attr).cloned();
                match b {
                    Some(b) => {
                        interp.add_taint(&b.env);
                        Ok(b.value)
                    }
                    None => match m.namespace.borrow().open.clone() {
                        Some(why) => Ok(Value::Unknown(Unknown { reason: why })),
                        None => raise(
                            ExcClass::AttributeError,
                            format!("module '{}' has no attribute '{attr}'", m.name),
                        ),
                    },
                }
            }
            Object::External(name) => Ok(modelled_attr(name, attr).unwrap_or_else(|| {
                if super::imports::MODELLED_MODULES.contains(&name.as_ref()) {
                    Value::unknown(format!("{name}.{attr}"))
                } else {
                    Value::unknown(format!("{name}.{attr}, from a package outside the project"))
                }
            })),
            Object::Builtin(Builtin::Str) => Ok(object(Object::UnboundStrMethod(Rc::from(attr)))),
            Object::Builtin(Builtin::Dict) if attr == "fromkeys" => {
                Ok(object(Object::Builtin(Builtin::DictFromkeys)))
            }
            Object::Builtin(Builtin::EnvironEnv) if attr == "read_env" => {
                Ok(object(Object::Builtin(Builtin::ReadDotenv)))
            }
            Object::Path(p) => match attr {
                "parent" => Ok(object(Object::Path(Rc::from(parent_of(p))))),
                "name" => Ok(Value::str(p.rsplit('/').next().unwrap_or(""))),
                _ => Ok(bound(o, attr)),
            },
            Object::Function(_)
            | Object::Class(_)
            | Object::Builtin(_)
            | Object::ExceptionInstance(_) => Ok(Value::unknown(format!("the attribute {attr}"))),
            _ => Ok(bound(o, attr)),
        },
        Value::Str(_)
        | Value::Bytes(_)
        | Value::List(_)
        | Value::Dict(_)
        | Value::Tuple(_)
        | Value::Set(_) => Ok(bound(o, attr)),
        _ => Ok(Value::unknown(format!("the attribute {attr}"))),
    }
}

fn bound(o: &Value, attr: &str) -> Value {
    object(Object::BoundMethod {
        receiver: o.clone(),
        name: Rc::from(attr),
    })
}

fn parent_of(p: &str) -> String {
    match p.trim_end_matches('/').rsplit_once('/') {
        Some(("", _)) => "/".to_string(),
        Some((head, _)) => head.to_string(),
        None => ".".to_string(),
    }
}

/// Marks mutable containers handed to code we can't see as possibly changed.
pub fn escape_args(interp: &mut Interp, args: &[Value]) {
    for a in args {
        interp.journal_value(a);
        match a {
            Value::List(l) => {
                l.borrow_mut().extra = Extra::Uncertain(Unknown::new(
                    "passed to a function the evaluator cannot see",
                ))
            }
            Value::Dict(d) => {
                d.borrow_mut().extra = Extra::Uncertain(Unknown::new(
                    "passed to a function the evaluator cannot see",
                ))
            }
            _ => {}
        }
    }
}

fn kwarg<'v>(kwargs: &'v [(Rc<str>, Value)], name: &str) -> Option<&'v Value> {
    kwargs
        .iter()
        .find(|(k, _)| k.as_ref() == name)
        .map(|(_, v)| v)
}

/// Positional argument `i` or keyword `name`.
fn arg<'v>(
    args: &'v [Value],
    kwargs: &'v [(Rc<str>, Value)],
    i: usize,
    name: &str,
) -> Option<&'v Value> {
    args.get(i).or_else(|| kwarg(kwargs, name))
}

pub fn call(
    interp: &mut Interp,
    callee: &Value,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    let obj = match callee {
        Value::Object(o) => o.clone(),
        Value::Unknown(u) => {
            escape_args(interp, &args);
            let kw: Vec<Value> = kwargs.iter().map(|(_, v)| v.clone()).collect();
            escape_args(interp, &kw);
            return Ok(Value::Unknown(Unknown::new(format!(
                "the result of calling {}",
                u.reason
            ))));
        }
        other => {
            return raise(
                ExcClass::TypeError,
                format!("'{}' object is not callable", other.type_name()),
            )
        }
    };
    match obj.as_ref() {
        Object::Builtin(b) => call_builtin(interp, *b, args, kwargs),
        Object::BoundMethod { receiver, name } => call_method(interp, receiver, name, args, kwargs),
        Object::EnvScheme(_) => environ_get(interp, &obj, None, args, kwargs),
        Object::Csv(c) => {
            let c = c.clone();
            match args.first() {
                Some(v) => csv_apply(interp, &c, v),
                None => Ok(Value::unknown("a Csv call")),
            }
        }
        Object::UnboundStrMethod(name) => match args.split_first() {
            Some((Value::Str(s), rest)) => str_method(s, name, rest, &kwargs),
            Some((Value::Unknown(u), _)) => Ok(Value::Unknown(u.clone())),
            _ => raise(ExcClass::TypeError, format!("str.{name} needs a str")),
        },
        Object::Class(name) => {
            escape_args(interp, &args);
            Ok(Value::unknown(format!("an instance of {name}")))
        }
        Object::External(name) => Ok(Value::unknown(format!("the result of calling {name}"))),
        _ => Ok(Value::unknown("the result of a call")),
    }
}

fn call_builtin(
    interp: &mut Interp,
    b: Builtin,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    let a0 = args.first().cloned();
    match b {
        Builtin::Bool => Ok(match a0 {
            None => Value::Bool(false),
            Some(v) => tri_value(v.truthy()),
        }),
        Builtin::Int => match a0 {
            None => Ok(Value::Int(0)),
            Some(v) => {
                let base = arg(&args, &kwargs, 1, "base").cloned();
                to_int(&v, base.as_ref())
            }
        },
        Builtin::Float => match a0 {
            None => Ok(Value::Float(0.0)),
            Some(Value::Str(s)) => s
                .trim()
                .parse::<f64>()
                .map(Value::Float)
                .or_else(|_| raise(ExcClass::ValueError, "could not convert string to float")),
            Some(Value::Int(i)) => Ok(Value::Float(i as f64)),
            Some(Value::Bool(b)) => Ok(Value::Float(b as i64 as f64)),
            Some(v @ Value::Float(_)) => Ok(v),
            Some(Value::Unknown(u)) => Ok(Value::Unknown(u)),
            Some(v) => raise(
                ExcClass::TypeError,
                format!(
                    "float() argument must be a string or a number, not '{}'",
                    v.type_name()
                ),
            ),
        },
        Builtin::Str => Ok(match a0 {
            None => Value::str(""),
            Some(v) => match to_str(&v) {
                Some(s) => Value::Str(Rc::from(s)),
                None => match v {
                    Value::Unknown(u) => Value::Unknown(u),
                    _ => Value::unknown("str() of an object"),
                },
            },
        }),
        Builtin::List | Builtin::Tuple | Builtin::Set => {
            let seq = match a0 {
                None => Seq::exact(vec![]),
                Some(v) => match v.iter_items() {
                    Ok((items, extra)) => Seq { items, extra },
                    Err(IterError::Unknown(u)) => Seq {
                        items: vec![],
                        extra: Extra::Uncertain(u),
                    },
                    Err(IterError::NotIterable(t)) => {
                        return raise(ExcClass::TypeError, format!("'{t}' object is not iterable"))
                    }
                },
            };
            Ok(match b {
                Builtin::List => Value::List(Rc::new(RefCell::new(seq))),
                Builtin::Tuple => Value::Tuple(Rc::new(seq)),
                _ => {
                    let mut items: Vec<Value> = vec![];
                    for i in seq.items {
                        if contains(&items, &i) != Tri::True {
                            items.push(i);
                        }
                    }
                    Value::Set(Rc::new(Seq {
                        items,
                        extra: seq.extra,
                    }))
                }
            })
        }
        Builtin::Dict => {
            if !args.is_empty() {
                if let Some(Value::Dict(d)) = a0 {
                    let d = d.borrow().clone();
                    let mut d = d;
                    for (k, v) in kwargs {
                        dict_insert(&mut d.entries, &mut d.extra, Value::Str(k), v);
                    }
                    return Ok(Value::Dict(Rc::new(RefCell::new(d))));
                }
                return Ok(Value::unknown("dict() of an iterable"));
            }
            let mut entries = vec![];
            let mut extra = Extra::Exact;
            for (k, v) in kwargs {
                dict_insert(&mut entries, &mut extra, Value::Str(k), v);
            }
            Ok(Value::Dict(Rc::new(RefCell::new(Dict { entries, extra }))))
        }
        Builtin::Len => match a0 {
            Some(Value::Str(s)) => Ok(Value::Int(s.chars().count() as i64)),
            Some(Value::Bytes(b)) => Ok(Value::Int(b.len() as i64)),
            Some(Value::Unknown(u)) => Ok(Value::Unknown(u)),
            Some(v) => match v.iter_items() {
                Ok((items, Extra::Exact)) => Ok(Value::Int(items.len() as i64)),
                Ok((_, Extra::MayContainMore(u) | Extra::Uncertain(u)))
                | Err(IterError::Unknown(u)) => Ok(Value::Unknown(u)),
                Err(IterError::NotIterable(t)) => raise(
                    ExcClass::TypeError,
                    format!("object of type '{t}' has no len()"),
                ),
            },
            None => raise(ExcClass::TypeError, "len() takes exactly one argument"),
        },
        Builtin::Sorted => match a0.map(|v| v.iter_items()) {
            Some(Ok((mut items, Extra::Exact))) => {
                if items.iter().all(|i| matches!(i, Value::Str(_))) {
                    items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                    Ok(Value::list(items))
                } else if items.iter().all(|i| matches!(i, Value::Int(_))) {
                    items.sort_by_key(|i| if let Value::Int(n) = i { *n } else { 0 });
                    Ok(Value::list(items))
                } else {
                    Ok(Value::unknown("sorted() of mixed values"))
                }
            }
            _ => Ok(Value::unknown(
                "sorted() of values the evaluator cannot see",
            )),
        },
        Builtin::Print => Ok(Value::None),
        Builtin::Repr => Ok(match a0 {
            Some(v) => repr(&v)
                .map(|s| Value::Str(Rc::from(s)))
                .unwrap_or_else(|| Value::unknown("repr()")),
            None => Value::unknown("repr()"),
        }),
        Builtin::Any | Builtin::All => match a0.map(|v| v.iter_items()) {
            Some(Ok((items, Extra::Exact))) => {
                let want_any = b == Builtin::Any;
                let mut result = Tri::from_bool(!want_any);
                for i in items {
                    match (i.truthy(), want_any) {
                        (Tri::True, true) => return Ok(Value::Bool(true)),
                        (Tri::False, false) => return Ok(Value::Bool(false)),
                        (Tri::Unknown(u), _) => result = Tri::Unknown(u),
                        _ => {}
                    }
                }
                Ok(tri_value(result))
            }
            _ => Ok(Value::unknown(
                "any()/all() of values the evaluator cannot see",
            )),
        },
        Builtin::Range => {
            let nums: Vec<i64> = args
                .iter()
                .filter_map(|a| {
                    if let Value::Int(i) = a {
                        Some(*i)
                    } else {
                        None
                    }
                })
                .collect();
            if nums.len() != args.len() || nums.is_empty() {
                return Ok(Value::unknown("range()"));
            }
            let (start, stop, step) = match nums.as_slice() {
                [stop] => (0, *stop, 1),
                [a, b] => (*a, *b, 1),
                [a, b, c] => (*a, *b, *c),
                _ => return Ok(Value::unknown("range()")),
            };
            if step <= 0 || (stop - start) / step > 10_000 {
                return Ok(Value::unknown("range()"));
            }
            Ok(Value::list(
                (start..stop)
                    .step_by(step as usize)
                    .map(Value::Int)
                    .collect(),
            ))
        }
        Builtin::Min | Builtin::Max => {
            let items = if args.len() == 1 {
                match args[0].iter_items() {
                    Ok((items, Extra::Exact)) => items,
                    _ => {
                        return Ok(Value::unknown(
                            "min()/max() of values the evaluator cannot see",
                        ))
                    }
                }
            } else {
                args.clone()
            };
            let op = if b == Builtin::Max { ">" } else { "<" };
            let mut best: Option<Value> = None;
            for i in items {
                best = Some(match best {
                    None => i,
                    Some(cur) => match compare(interp, op, &i, &cur)? {
                        Tri::True => i,
                        Tri::False => cur,
                        Tri::Unknown(u) => return Ok(Value::Unknown(u)),
                    },
                });
            }
            match best {
                Some(v) => Ok(v),
                None => raise(ExcClass::ValueError, "min()/max() arg is an empty sequence"),
            }
        }
        Builtin::Isinstance => {
            let (Some(v), Some(t)) = (args.first(), args.get(1)) else {
                return Ok(Value::unknown("isinstance()"));
            };
            let types: Vec<Value> = match t {
                Value::Tuple(ts) => ts.items.clone(),
                other => vec![other.clone()],
            };
            if v.is_unknown() {
                return Ok(Value::unknown("isinstance() of an unknown value"));
            }
            let mut result = Tri::False;
            for t in types {
                let matches = match &t {
                    Value::Object(o) => match o.as_ref() {
                        Object::Builtin(Builtin::Str) => Tri::from_bool(matches!(v, Value::Str(_))),
                        Object::Builtin(Builtin::List) => {
                            Tri::from_bool(matches!(v, Value::List(_)))
                        }
                        Object::Builtin(Builtin::Tuple) => {
                            Tri::from_bool(matches!(v, Value::Tuple(_)))
                        }
                        Object::Builtin(Builtin::Dict) => {
                            Tri::from_bool(matches!(v, Value::Dict(_)))
                        }
                        Object::Builtin(Builtin::Bool) => {
                            Tri::from_bool(matches!(v, Value::Bool(_)))
                        }
                        Object::Builtin(Builtin::Int) => {
                            Tri::from_bool(matches!(v, Value::Int(_) | Value::Bool(_)))
                        }
                        Object::Builtin(Builtin::Float) => {
                            Tri::from_bool(matches!(v, Value::Float(_)))
                        }
                        Object::Builtin(Builtin::Set) => Tri::from_bool(matches!(v, Value::Set(_))),
                        _ => Tri::Unknown(Unknown::new(
                            "isinstance() of a class the evaluator cannot see",
                        )),
                    },
                    _ => Tri::Unknown(Unknown::new(
                        "isinstance() of a class the evaluator cannot see",
                    )),
                };
                match matches {
                    Tri::True => return Ok(Value::Bool(true)),
                    Tri::Unknown(u) => result = Tri::Unknown(u),
                    Tri::False => {}
                }
            }
            Ok(tri_value(result))
        }
        Builtin::Filter => {
            let (Some(f), Some(it)) = (args.first(), args.get(1)) else {
                return Ok(Value::unknown("filter()"));
            };
            let (items, extra) = match it.iter_items() {
                Ok(x) => x,
                Err(IterError::Unknown(u)) => return Ok(Value::Unknown(u)),
                Err(IterError::NotIterable(t)) => {
                    return raise(ExcClass::TypeError, format!("'{t}' object is not iterable"))
                }
            };
            let mut out = vec![];
            let mut extra = extra;
            for i in items {
                let keep = if matches!(f, Value::None) {
                    i.truthy()
                } else {
                    interp.call(f, vec![i.clone()], vec![])?.truthy()
                };
                match keep {
                    Tri::True => out.push(i),
                    Tri::False => {}
                    Tri::Unknown(u) => extra = Extra::Uncertain(u),
                }
            }
            Ok(Value::Tuple(Rc::new(Seq { items: out, extra })))
        }
        Builtin::Map => {
            let (Some(f), Some(it)) = (args.first(), args.get(1)) else {
                return Ok(Value::unknown("map()"));
            };
            let (items, extra) = match it.iter_items() {
                Ok(x) => x,
                Err(IterError::Unknown(u)) => return Ok(Value::Unknown(u)),
                Err(IterError::NotIterable(t)) => {
                    return raise(ExcClass::TypeError, format!("'{t}' object is not iterable"))
                }
            };
            let mut out = vec![];
            for i in items {
                out.push(interp.call(f, vec![i], vec![])?);
            }
            Ok(Value::Tuple(Rc::new(Seq { items: out, extra })))
        }
        Builtin::Getattr => Ok(Value::unknown(
            "the result of a builtin the evaluator does not model",
        )),
        Builtin::Open => Ok(Value::unknown("the contents of a file")),
        Builtin::DictFromkeys => match a0.map(|v| v.iter_items()) {
            Some(Ok((keys, extra))) => {
                let fill = args.get(1).cloned().unwrap_or(Value::None);
                let mut entries = vec![];
                let mut extra = extra;
                for k in keys {
                    dict_insert(&mut entries, &mut extra, k, fill.clone());
                }
                Ok(Value::Dict(Rc::new(RefCell::new(Dict { entries, extra }))))
            }
            _ => Ok(Value::unknown("dict.fromkeys()")),
        },
        Builtin::SysExit => raise_guard(ExcClass::SystemExit, "sys.exit() called"),
        Builtin::Globals if args.is_empty() && !interp.in_function() => {
            match interp.current_globals() {
                Some(ns) => Ok(object(Object::Namespace(ns))),
                None => Ok(Value::unknown("globals()")),
            }
        }
        Builtin::Globals => Ok(Value::unknown("a namespace")),
        Builtin::DynamicNamespace => {
            escape_args(interp, &args);
            interp.dynamic_namespace = Some(std::rc::Rc::from(
                "names the settings set dynamically (globals(), vars(), exec, setattr)",
            ));
            Ok(Value::unknown("a dynamic namespace"))
        }
        Builtin::OsGetenv => {
            let Some(Value::Str(name)) = a0 else {
                return Ok(Value::unknown(
                    "os.getenv of a name the evaluator cannot see",
                ));
            };
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
        Builtin::OsPathJoin => {
            let mut out = String::new();
            for a in &args {
                let Some(s) = path_str(a) else {
                    return Ok(Value::unknown("a path the evaluator cannot see"));
                };
                if s.starts_with('/') || out.is_empty() {
                    out = s;
                } else {
                    if !out.ends_with('/') {
                        out.push('/');
                    }
                    out.push_str(&s);
                }
            }
            Ok(Value::Str(Rc::from(out)))
        }
        Builtin::OsPathDirname => Ok(match a0.as_ref().and_then(path_str) {
            Some(p) => Value::Str(Rc::from(match p.rsplit_once('/') {
                Some(("", _)) => "/".to_string(),
                Some((h, _)) => h.to_string(),
                None => String::new(),
            })),
            None => Value::unknown("a path the evaluator cannot see"),
        }),
        Builtin::OsPathBasename => Ok(match a0.as_ref().and_then(path_str) {
            Some(p) => Value::str(p.rsplit('/').next().unwrap_or("")),
            None => Value::unknown("a path the evaluator cannot see"),
        }),
        Builtin::OsPathAbspath => Ok(match a0 {
            Some(v @ Value::Str(_)) => v,
            Some(Value::Unknown(u)) => Value::Unknown(u),
            _ => Value::unknown("a path the evaluator cannot see"),
        }),
        Builtin::OsPathUnknown => Ok(Value::unknown("a fact about the file system")),
        Builtin::PathNew => {
            let mut p = String::new();
            for a in &args {
                let Some(s) = path_str(a) else {
                    return Ok(Value::unknown("a path the evaluator cannot see"));
                };
                let Some(joined) = join_path(&p, &s) else {
                    return Ok(Value::unknown(byte_budget::OVER_BUDGET));
                };
                p = joined;
            }
            Ok(object(Object::Path(Rc::from(if p.is_empty() {
                ".".to_string()
            } else {
                p
            }))))
        }
        Builtin::Strtobool => match a0 {
            Some(Value::Str(s)) => match strtobool(&s) {
                Some(b) => Ok(Value::Int(b as i64)),
                None => raise(ExcClass::ValueError, "invalid truth value"),
            },
            Some(Value::Unknown(u)) => Ok(Value::Unknown(u)),
            _ => Ok(Value::unknown("strtobool of a non-string")),
        },
        Builtin::DecoupleConfig => decouple_config(interp, args, kwargs),
        Builtin::DecoupleCsv => {
            let cast = arg(&args, &kwargs, 0, "cast").cloned();
            let delimiter = match arg(&args, &kwargs, 1, "delimiter") {
                Some(Value::Str(s)) => s.to_string(),
                None => ",".to_string(),
                Some(_) => return Ok(Value::unknown("a Csv with an unusual delimiter")),
            };
            let post_tuple = matches!(
                kwarg(&kwargs, "post_process"),
                Some(Value::Object(o)) if matches!(o.as_ref(), Object::Builtin(Builtin::Tuple))
            );
            if kwarg(&kwargs, "strip").is_some() {
                return Ok(Value::unknown("a Csv with a custom strip"));
            }
            Ok(object(Object::Csv(CsvCast {
                cast,
                delimiter,
                post_tuple,
            })))
        }
        Builtin::DecoupleChoices => Ok(Value::unknown("a decouple Choices cast")),
        Builtin::EnvironEnv => {
            let mut scheme = EnvScheme::default();
            for (k, v) in kwargs {
                let entry = match &v {
                    Value::Tuple(t) if t.items.len() == 2 => {
                        (t.items[0].clone(), Some(t.items[1].clone()))
                    }
                    other => (other.clone(), None),
                };
                scheme.entries.insert(k.to_string(), entry);
            }
            Ok(object(Object::EnvScheme(RefCell::new(scheme))))
        }
        Builtin::ReadDotenv => {
            if interp.dotenv_present() {
                interp.env_open = Some(Rc::from("a .env file the settings load"));
            }
            Ok(Value::Bool(true))
        }
        Builtin::ExceptionClass(c) => Ok(object(Object::ExceptionInstance(c))),
    }
}

fn path_str(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.to_string()),
        Value::Object(o) => match o.as_ref() {
            Object::Path(p) => Some(p.to_string()),
            _ => None,
        },
        _ => None,
    }
}

fn join_path(base: &str, part: &str) -> Option<String> {
    if !byte_budget::reserve(base.len() + part.len() + 1) {
        return None;
    }
    Some(if part.starts_with('/') || base.is_empty() {
        part.to_string()
    } else if base.ends_with('/') {
        format!("{base}{part}")
    } else {
        format!("{base}/{part}")
    })
}

pub fn strtobool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "y" | "yes" | "t" | "true" | "on" | "1" => Some(true),
        "n" | "no" | "f" | "false" | "off" | "0" => Some(false),
        _ => None,
    }
}

fn to_int(v: &Value, base: Option<&Value>) -> R<Value> {
    let radix = match base {
        None => 10,
        Some(Value::Int(b)) if (2..=36).contains(b) => *b as u32,
        Some(_) => return Ok(Value::unknown("int() with an unusual base")),
    };
    match v {
        Value::Int(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => Ok(Value::Int(f.trunc() as i64)),
        Value::Str(s) => {
            let t = s.trim();
            let digits = t.strip_prefix('+').unwrap_or(t);
            let (neg, digits) = match digits.strip_prefix('-') {
                Some(d) if !t.starts_with('+') => (true, d),
                _ => (false, digits),
            };
            let valid = !digits.is_empty()
                && !digits.starts_with('_')
                && !digits.ends_with('_')
                && !digits.contains("__");
            match (valid, i64::from_str_radix(&digits.replace('_', ""), radix)) {
                (true, Ok(n)) => Ok(Value::Int(if neg { -n } else { n })),
                _ => raise(ExcClass::ValueError, "invalid literal for int()"),
            }
        }
        Value::Unknown(u) => Ok(Value::Unknown(u.clone())),
        Value::None => raise(
            ExcClass::TypeError,
            "int() argument must be a string or a number, not 'NoneType'",
        ),
        other => raise(
            ExcClass::TypeError,
            format!(
                "int() argument must be a string or a number, not '{}'",
                other.type_name()
            ),
        ),
    }
}

/// Python `str(value)`, when it is known (and fits the byte budget).
pub fn to_str(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => copy_str(s),
        Value::Object(o) => match o.as_ref() {
            Object::Path(p) => copy_str(p),
            _ => None,
        },
        other => repr(other),
    }
}

/// A copy of `s`, paid for first.
fn copy_str(s: &str) -> Option<String> {
    byte_budget::reserve(s.len()).then(|| s.to_string())
}

/// Python `repr(value)`, when it is known (and fits the byte budget).
pub fn repr(v: &Value) -> Option<String> {
    repr_within(v, usize::MAX)
}

/// `repr(value)` when it is known and at most `max_bytes` long: what a
/// message shows of a value, built no further than that (a tuple that holds
/// itself twice at each level has an exponentially long repr).
pub fn repr_within(v: &Value, max_bytes: usize) -> Option<String> {
    let mut out = Repr {
        text: String::new(),
        max_bytes,
    };
    out.value(v)?;
    Some(out.text)
}

/// A repr being written: each piece is paid for (byte budget) and checked
/// against the length wanted before it is written.
struct Repr {
    text: String,
    max_bytes: usize,
}

impl Repr {
    fn fits(&self, more: usize) -> bool {
        self.text.len().saturating_add(more) <= self.max_bytes
    }

    fn put(&mut self, piece: &str) -> Option<()> {
        (self.fits(piece.len()) && byte_budget::reserve(piece.len()))
            .then(|| self.text.push_str(piece))
    }

    fn value(&mut self, v: &Value) -> Option<()> {
        match v {
            Value::None => self.put("None"),
            Value::Bool(b) => self.put(if *b { "True" } else { "False" }),
            Value::Int(i) => self.put(&i.to_string()),
            Value::Float(f) => self.put(&float_repr(*f)),
            Value::Str(s) => self.string(s, ""),
            Value::Bytes(b) => self.string(&String::from_utf8_lossy(b), "b"),
            Value::List(l) => {
                let l = l.borrow();
                if !l.is_exact() {
                    return None;
                }
                self.put("[")?;
                self.items(&l.items)?;
                self.put("]")
            }
            Value::Tuple(t) => {
                if !t.is_exact() {
                    return None;
                }
                self.put("(")?;
                self.items(&t.items)?;
                self.put(if t.items.len() == 1 { ",)" } else { ")" })
            }
            _ => None,
        }
    }

    fn items(&mut self, items: &[Value]) -> Option<()> {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.put(", ")?;
            }
            self.value(item)?;
        }
        Some(())
    }

    /// A string's repr (`prefix` is `b` for bytes): at least its length
    /// plus the quotes, paid for at its largest (every character escaped).
    fn string(&mut self, s: &str, prefix: &str) -> Option<()> {
        if !self.fits(prefix.len() + s.len() + 2)
            || !byte_budget::reserve(prefix.len() + 2 * s.len() + 2)
        {
            return None;
        }
        let quote = if s.contains('\'') && !s.contains('"') {
            '"'
        } else {
            '\''
        };
        let out = &mut self.text;
        out.push_str(prefix);
        out.push(quote);
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c == quote => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
        out.push(quote);
        self.fits(0).then_some(())
    }
}

fn float_repr(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

// ----- python-decouple ----------------------------------------------------------------

fn decouple_config(
    interp: &mut Interp,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    let Some(Value::Str(name)) = args.first().cloned() else {
        return Ok(Value::unknown(
            "a decouple config() of a name the evaluator cannot see",
        ));
    };
    let default = arg(&args, &kwargs, 1, "default").cloned();
    let cast = arg(&args, &kwargs, 2, "cast").cloned();
    let value = match interp.read_env(&name, default.as_ref()) {
        Some(Ok(v)) => Value::Str(v),
        Some(Err(u)) => return Ok(Value::Unknown(u)),
        None => match interp.decouple_lookup(&name) {
            Some(Ok(v)) => Value::Str(v),
            Some(Err(u)) => return Ok(Value::Unknown(u)),
            None => match default {
                Some(d) => d,
                None => {
                    return raise_missing(
                        ExcClass::UndefinedValueError,
                        format!(
                            "{name} not found. Declare it as envvar or define a default value."
                        ),
                        &name,
                    )
                }
            },
        },
    };
    let Some(cast) = cast else {
        return Ok(value);
    };
    if let Value::Unknown(u) = &value {
        return Ok(Value::Unknown(u.clone()));
    }
    match &cast {
        Value::Object(o) => match o.as_ref() {
            Object::Builtin(Builtin::Bool) => {
                let Some(s) = to_str(&value) else {
                    return Ok(Value::unknown("a decouple bool cast"));
                };
                if s.is_empty() {
                    return Ok(Value::Bool(false));
                }
                match strtobool(&s) {
                    Some(b) => Ok(Value::Bool(b)),
                    None => raise(
                        ExcClass::ValueError,
                        format!("invalid truth value for {name}"),
                    ),
                }
            }
            Object::Csv(c) => {
                let c = c.clone();
                csv_apply(interp, &c, &value)
            }
            _ => interp.call(&cast, vec![value], vec![]),
        },
        _ => interp.call(&cast, vec![value], vec![]),
    }
}

/// Splits like python-decouple's `Csv`: a POSIX `shlex` whose only
/// whitespace is the delimiter, so runs of delimiters separate tokens, quotes
/// group, a backslash escapes, and `#` starts a comment to the end of line.
fn csv_tokens(s: &str, delimiter: &str) -> Vec<String> {
    let mut out = vec![];
    let mut token = String::new();
    let mut in_token = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if delimiter.contains(c) {
            if in_token {
                out.push(std::mem::take(&mut token));
                in_token = false;
            }
        } else if c == '#' {
            if in_token {
                out.push(std::mem::take(&mut token));
                in_token = false;
            }
            for n in chars.by_ref() {
                if n == '\n' {
                    break;
                }
            }
        } else if c == '"' || c == '\'' {
            in_token = true;
            while let Some(n) = chars.next() {
                if n == c {
                    break;
                }
                if c == '"' && n == '\\' && matches!(chars.peek(), Some('"') | Some('\\')) {
                    token.push(chars.next().unwrap_or('\\'));
                } else {
                    token.push(n);
                }
            }
        } else if c == '\\' {
            in_token = true;
            if let Some(n) = chars.next() {
                token.push(n);
            }
        } else {
            in_token = true;
            token.push(c);
        }
    }
    if in_token {
        out.push(token);
    }
    out
}

fn csv_apply(interp: &mut Interp, c: &CsvCast, value: &Value) -> R<Value> {
    let s = match value {
        Value::Str(s) => s.to_string(),
        Value::None => String::new(),
        Value::Unknown(u) => return Ok(Value::Unknown(u.clone())),
        other => {
            return raise(
                ExcClass::AttributeError,
                format!("'{}' object has no attribute 'read'", other.type_name()),
            )
        }
    };
    let mut items = vec![];
    for part in csv_tokens(&s, &c.delimiter) {
        // decouple strips string.whitespace from each token.
        let v = Value::str(part.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']));
        items.push(match &c.cast {
            Some(cast) => interp.call(cast, vec![v], vec![])?,
            None => v,
        });
    }
    Ok(if c.post_tuple {
        Value::tuple(items)
    } else {
        Value::list(items)
    })
}

// ----- django-environ ----------------------------------------------------------------

/// `env(...)`, `env.bool(...)` etc. With the variable unset, django-environ
/// returns the default as given (not cast), or raises ImproperlyConfigured.
fn environ_get(
    interp: &mut Interp,
    env_obj: &Rc<Object>,
    method_cast: Option<&str>,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    let Object::EnvScheme(scheme) = env_obj.as_ref() else {
        return Ok(Value::unknown("an environ call"));
    };
    let Some(Value::Str(name)) = args.first().cloned() else {
        return Ok(Value::unknown(
            "an env() read of a name the evaluator cannot see",
        ));
    };
    // env(var, cast=None, default=NOTSET); env.bool(var, default=NOTSET)
    let (mut cast, mut default) = match method_cast {
        None => (
            arg(&args, &kwargs, 1, "cast")
                .cloned()
                .filter(|v| !matches!(v, Value::None)),
            arg(&args, &kwargs, 2, "default").cloned(),
        ),
        Some("list" | "tuple" | "dict") => (
            Some(Value::str(method_cast.unwrap_or_default())),
            arg(&args, &kwargs, 2, "default").cloned(),
        ),
        Some(m) => (
            Some(Value::str(m)),
            arg(&args, &kwargs, 1, "default").cloned(),
        ),
    };
    if let Some((scast, sdefault)) = scheme.borrow().entries.get(name.as_ref()) {
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

// ----- methods ------------------------------------------------------------------------

fn call_method(
    interp: &mut Interp,
    receiver: &Value,
    name: &str,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    match receiver {
        Value::Str(s) => str_method(s, name, &args, &kwargs),
        Value::Bytes(b) => match name {
            "decode" => match std::str::from_utf8(b) {
                Ok(s) => Ok(Value::str(s)),
                Err(_) => raise(ExcClass::ValueError, "invalid utf-8"),
            },
            _ => Ok(Value::unknown(format!("bytes.{name}()"))),
        },
        Value::List(l) => list_method(interp, l, name, args),
        Value::Tuple(t) => match name {
            "index" | "count" => seq_query(t, name, &args),
            _ => Ok(Value::unknown(format!("tuple.{name}()"))),
        },
        Value::Dict(d) => dict_method(interp, d, name, args),
        Value::Object(o) => match o.as_ref() {
            Object::Environ => environ_method(interp, name, args, kwargs),
            Object::Namespace(ns) => namespace_method(interp, ns, name, args),
            Object::EnvScheme(_) => match name {
                "bool" | "int" | "str" | "float" | "list" | "tuple" | "dict" | "json" => {
                    environ_get(interp, o, Some(name), args, kwargs)
                }
                "read_env" => {
                    if interp.dotenv_present() {
                        interp.env_open = Some(Rc::from("a .env file the settings load"));
                    }
                    Ok(Value::None)
                }
                _ => Ok(Value::unknown(format!("env.{name}()"))),
            },
            Object::Path(p) => match name {
                "resolve" | "absolute" | "expanduser" => Ok(receiver.clone()),
                "joinpath" => {
                    let mut out = p.to_string();
                    for a in &args {
                        match path_str(a) {
                            Some(s) => match join_path(&out, &s) {
                                Some(joined) => out = joined,
                                None => return Ok(Value::unknown(byte_budget::OVER_BUDGET)),
                            },
                            None => return Ok(Value::unknown("a path the evaluator cannot see")),
                        }
                    }
                    Ok(object(Object::Path(Rc::from(out))))
                }
                "exists" | "is_file" | "is_dir" | "read_text" | "read_bytes" => {
                    Ok(Value::unknown("a fact about the file system"))
                }
                _ => Ok(Value::unknown(format!("Path.{name}()"))),
            },
            _ => Ok(Value::unknown(format!("the result of .{name}()"))),
        },
        _ => Ok(Value::unknown(format!("the result of .{name}()"))),
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

fn str_method(s: &Rc<str>, name: &str, args: &[Value], kwargs: &[(Rc<str>, Value)]) -> R<Value> {
    let a0 = args.first();
    let unknown_arg = args
        .iter()
        .chain(kwargs.iter().map(|(_, v)| v))
        .find_map(|a| a.as_unknown().cloned());
    if let Some(u) = unknown_arg {
        return Ok(Value::Unknown(u));
    }
    if !byte_budget::reserve(str_method_bound(s, name, args)) {
        return Ok(Value::unknown(byte_budget::OVER_BUDGET));
    }
    let strip_chars = |a: Option<&Value>| -> Option<Option<Vec<char>>> {
        match a {
            None | Some(Value::None) => Some(None),
            Some(Value::Str(c)) => Some(Some(c.chars().collect())),
            _ => None,
        }
    };
    Ok(match name {
        "lower" | "casefold" => Value::Str(Rc::from(s.to_lowercase())),
        "upper" => Value::Str(Rc::from(s.to_uppercase())),
        "strip" | "lstrip" | "rstrip" => {
            let Some(chars) = strip_chars(a0) else {
                return raise(ExcClass::TypeError, "strip arg must be None or str");
            };
            let pred = |c: char| match &chars {
                None => c.is_whitespace(),
                Some(set) => set.contains(&c),
            };
            let out = match name {
                "strip" => s.trim_matches(pred),
                "lstrip" => s.trim_start_matches(pred),
                _ => s.trim_end_matches(pred),
            };
            Value::str(out)
        }
        "split" | "rsplit" => {
            let sep = arg(args, kwargs, 0, "sep");
            let maxsplit = match arg(args, kwargs, 1, "maxsplit") {
                Some(Value::Int(n)) => *n,
                None => -1,
                _ => return Ok(Value::unknown("split with an unusual maxsplit")),
            };
            let parts: Vec<String> = match sep {
                None | Some(Value::None) => {
                    let words: Vec<&str> = s.split_whitespace().collect();
                    if maxsplit >= 0 && (maxsplit as usize) < words.len() {
                        return Ok(Value::unknown("split with maxsplit"));
                    }
                    words.into_iter().map(String::from).collect()
                }
                Some(Value::Str(sep)) => {
                    if sep.is_empty() {
                        return raise(ExcClass::ValueError, "empty separator");
                    }
                    if maxsplit < 0 {
                        s.split(sep.as_ref()).map(String::from).collect()
                    } else if name == "split" {
                        s.splitn(maxsplit as usize + 1, sep.as_ref())
                            .map(String::from)
                            .collect()
                    } else {
                        let mut v: Vec<String> = s
                            .rsplitn(maxsplit as usize + 1, sep.as_ref())
                            .map(String::from)
                            .collect();
                        v.reverse();
                        v
                    }
                }
                _ => return raise(ExcClass::TypeError, "must be str or None"),
            };
            Value::list(parts.into_iter().map(|p| Value::Str(Rc::from(p))).collect())
        }
        "splitlines" => Value::list(s.lines().map(Value::str).collect()),
        "startswith" | "endswith" => {
            let check = |p: &str| {
                if name == "startswith" {
                    s.starts_with(p)
                } else {
                    s.ends_with(p)
                }
            };
            match a0 {
                Some(Value::Str(p)) => Value::Bool(check(p)),
                Some(Value::Tuple(t)) => Value::Bool(
                    t.items
                        .iter()
                        .any(|i| i.as_str().map(check).unwrap_or(false)),
                ),
                _ => {
                    return raise(
                        ExcClass::TypeError,
                        "startswith first arg must be str or a tuple of str",
                    )
                }
            }
        }
        "replace" => match (a0, args.get(1)) {
            (Some(Value::Str(a)), Some(Value::Str(b))) if args.len() == 2 => {
                Value::Str(Rc::from(s.replace(a.as_ref(), b)))
            }
            _ => Value::unknown("str.replace with unusual arguments"),
        },
        "join" => match a0.map(|v| v.iter_items()) {
            Some(Ok((items, Extra::Exact))) => {
                let mut parts = vec![];
                for i in items {
                    match i {
                        Value::Str(p) => parts.push(p.to_string()),
                        Value::Unknown(u) => return Ok(Value::Unknown(u)),
                        other => {
                            return raise(
                                ExcClass::TypeError,
                                format!(
                                    "sequence item: expected str instance, {} found",
                                    other.type_name()
                                ),
                            )
                        }
                    }
                }
                Value::Str(Rc::from(parts.join(s)))
            }
            Some(Ok((_, Extra::MayContainMore(u) | Extra::Uncertain(u))))
            | Some(Err(IterError::Unknown(u))) => Value::Unknown(u),
            _ => return raise(ExcClass::TypeError, "can only join an iterable"),
        },
        "capitalize" => {
            let mut c = s.chars();
            match c.next() {
                Some(f) => Value::Str(Rc::from(
                    f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                )),
                None => Value::str(""),
            }
        }
        "isdigit" | "isnumeric" | "isdecimal" => {
            Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        }
        "encode" => Value::Bytes(Rc::from(s.as_bytes())),
        "isupper" => Value::Bool(super::settings::is_setting_name(s)),
        "islower" => {
            Value::Bool(s.chars().any(|c| c.is_lowercase()) && !s.chars().any(|c| c.is_uppercase()))
        }
        "isalpha" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic)),
        "isalnum" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
        "isspace" => Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace)),
        "isidentifier" => Value::Bool(
            s.chars()
                .next()
                .map(|c| c.is_alphabetic() || c == '_')
                .unwrap_or(false)
                && s.chars().all(|c| c.is_alphanumeric() || c == '_'),
        ),
        "title" => Value::Str(Rc::from(
            s.split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join(" "),
        )),
        "swapcase" => Value::Str(Rc::from(
            s.chars()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().collect::<String>()
                    } else {
                        c.to_uppercase().collect()
                    }
                })
                .collect::<String>(),
        )),
        "removeprefix" | "removesuffix" => match a0 {
            Some(Value::Str(p)) => Value::str(if name == "removeprefix" {
                s.strip_prefix(p.as_ref()).unwrap_or(s)
            } else {
                s.strip_suffix(p.as_ref()).unwrap_or(s)
            }),
            _ => return raise(ExcClass::TypeError, format!("{name} arg must be str")),
        },
        "partition" | "rpartition" => match a0 {
            Some(Value::Str(sep)) if !sep.is_empty() => {
                let found = if name == "partition" {
                    s.find(sep.as_ref())
                } else {
                    s.rfind(sep.as_ref())
                };
                let parts = match found {
                    Some(i) => [&s[..i], &s[i..i + sep.len()], &s[i + sep.len()..]],
                    None if name == "partition" => [s.as_ref(), "", ""],
                    None => ["", "", s.as_ref()],
                };
                Value::tuple(parts.iter().map(|p| Value::str(p)).collect())
            }
            _ => return raise(ExcClass::ValueError, "empty separator"),
        },
        "zfill" => match a0 {
            Some(Value::Int(w)) => {
                let n = s.chars().count() as i64;
                let pad = (*w - n).max(0) as usize;
                let (sign, rest) = match s.strip_prefix(['+', '-']) {
                    Some(r) => (&s[..1], r),
                    None => ("", s.as_ref()),
                };
                Value::Str(Rc::from(format!("{sign}{}{rest}", "0".repeat(pad))))
            }
            _ => Value::unknown("str.zfill"),
        },
        "format" => match simple_format(s, args, kwargs) {
            Some(out) => Value::Str(Rc::from(out)),
            None => Value::unknown("a str.format the evaluator does not model"),
        },
        "count" => match a0 {
            Some(Value::Str(p)) if !p.is_empty() => {
                Value::Int(s.matches(p.as_ref()).count() as i64)
            }
            _ => Value::unknown("str.count"),
        },
        "find" => match a0 {
            Some(Value::Str(p)) => Value::Int(
                s.find(p.as_ref())
                    .map(|i| s[..i].chars().count() as i64)
                    .unwrap_or(-1),
            ),
            _ => Value::unknown("str.find"),
        },
        _ => Value::unknown(format!("str.{name}()")),
    })
}

/// The most bytes a str method can build from `s` (0 for the ones that
/// answer with a number or a bool): paid for before it runs.
fn str_method_bound(s: &str, name: &str, args: &[Value]) -> usize {
    let str_arg = |i: usize| args.get(i).and_then(Value::as_str).unwrap_or("");
    match name {
        // Case mappings can turn one byte into three (`ß` → `SS` is 2 → 2;
        // `ŉ` → `ʼN` is 2 → 3); a bound, not the size.
        "lower" | "casefold" | "upper" | "capitalize" | "title" | "swapcase" => 3 * s.len(),
        "strip" | "lstrip" | "rstrip" | "removeprefix" | "removesuffix" | "encode" => s.len(),
        "split" | "rsplit" | "splitlines" | "partition" | "rpartition" => {
            let sep = str_arg(0);
            let parts = if sep.is_empty() {
                s.split_whitespace().count() + s.matches('\n').count()
            } else {
                s.matches(sep).count()
            } + 1;
            s.len() + parts * (byte_budget::ITEM_BYTES + 16)
        }
        "replace" => {
            let (old, new) = (str_arg(0), str_arg(1));
            let hits = if old.is_empty() {
                s.chars().count() + 1
            } else {
                s.matches(old).count()
            };
            s.len().saturating_add(hits.saturating_mul(new.len()))
        }
        "join" => match args.first().map(Value::iter_items) {
            Some(Ok((items, _))) => items
                .iter()
                .map(|i| i.as_str().map_or(0, str::len))
                .fold(s.len().saturating_mul(items.len()), usize::saturating_add),
            _ => 0,
        },
        "zfill" => match args.first() {
            Some(Value::Int(w)) => (*w).clamp(0, i64::MAX) as usize + s.len(),
            _ => 0,
        },
        "format" => s.len(),
        _ => 0,
    }
}

fn seq_query(seq: &Seq, name: &str, args: &[Value]) -> R<Value> {
    let Some(needle) = args.first() else {
        return raise(ExcClass::TypeError, format!("{name}() takes an argument"));
    };
    match name {
        "index" => {
            for (i, item) in seq.items.iter().enumerate() {
                match item.py_eq(needle) {
                    Tri::True => {
                        // An earlier unknown item could also match.
                        if seq.items[..i]
                            .iter()
                            .any(|x| matches!(x.py_eq(needle), Tri::Unknown(_)))
                        {
                            return Ok(Value::unknown("the position of an item"));
                        }
                        return Ok(match &seq.extra {
                            Extra::Uncertain(u) => Value::Unknown(u.clone()),
                            _ => Value::Int(i as i64),
                        });
                    }
                    Tri::Unknown(u) => return Ok(Value::Unknown(u)),
                    Tri::False => {}
                }
            }
            match seq.uncertainty() {
                Some(u) => Ok(Value::Unknown(u.clone())),
                None => raise(ExcClass::ValueError, "x not in list"),
            }
        }
        _ => {
            if let Some(u) = seq.uncertainty() {
                return Ok(Value::Unknown(u.clone()));
            }
            let mut n = 0;
            for item in &seq.items {
                match item.py_eq(needle) {
                    Tri::True => n += 1,
                    Tri::Unknown(u) => return Ok(Value::Unknown(u)),
                    Tri::False => {}
                }
            }
            Ok(Value::Int(n))
        }
    }
}

fn list_method(
    interp: &mut Interp,
    l: &Rc<RefCell<Seq>>,
    name: &str,
    args: Vec<Value>,
) -> R<Value> {
    if matches!(
        name,
        "append" | "extend" | "insert" | "remove" | "pop" | "clear" | "reverse" | "sort"
    ) {
        interp.journal_list(l);
    }
    match name {
        "append" => {
            let Some(v) = args.into_iter().next() else {
                return raise(ExcClass::TypeError, "append() takes exactly one argument");
            };
            l.borrow_mut().items.push(v);
            Ok(Value::None)
        }
        "extend" => {
            let Some(v) = args.into_iter().next() else {
                return raise(ExcClass::TypeError, "extend() takes exactly one argument");
            };
            match v.iter_items() {
                Ok((items, extra)) => {
                    let mut l = l.borrow_mut();
                    l.items.extend(items);
                    l.weaken(&extra);
                }
                Err(IterError::Unknown(u)) => l.borrow_mut().weaken(&Extra::MayContainMore(u)),
                Err(IterError::NotIterable(t)) => {
                    return raise(ExcClass::TypeError, format!("'{t}' object is not iterable"))
                }
            }
            Ok(Value::None)
        }
        "insert" => {
            let mut it = args.into_iter();
            let (Some(idx), Some(v)) = (it.next(), it.next()) else {
                return raise(ExcClass::TypeError, "insert expected 2 arguments");
            };
            let mut l = l.borrow_mut();
            match idx {
                Value::Int(i) if l.is_exact() => {
                    let len = l.items.len() as i64;
                    let pos = if i < 0 { (len + i).max(0) } else { i.min(len) } as usize;
                    l.items.insert(pos, v);
                }
                Value::Int(_) | Value::Bool(_) | Value::Unknown(_) => {
                    // Position unknown; membership is what the checks need.
                    l.items.push(v);
                }
                other => {
                    return raise(
                        ExcClass::TypeError,
                        format!(
                            "'{}' object cannot be interpreted as an integer",
                            other.type_name()
                        ),
                    )
                }
            }
            Ok(Value::None)
        }
        "remove" => {
            let Some(v) = args.into_iter().next() else {
                return raise(ExcClass::TypeError, "remove() takes exactly one argument");
            };
            let mut l = l.borrow_mut();
            let mut found = None;
            for (i, item) in l.items.iter().enumerate() {
                match item.py_eq(&v) {
                    Tri::True => {
                        found = Some(i);
                        break;
                    }
                    Tri::Unknown(u) => {
                        l.extra = Extra::Uncertain(u.clone());
                        return Ok(Value::None);
                    }
                    Tri::False => {}
                }
            }
            match (found, l.extra.clone()) {
                (Some(i), _) => {
                    l.items.remove(i);
                    Ok(Value::None)
                }
                (None, Extra::Exact) => {
                    raise(ExcClass::ValueError, "list.remove(x): x not in list")
                }
                (None, _) => {
                    l.extra = Extra::Uncertain(Unknown::new(
                        "an item was removed from a list the evaluator cannot fully see",
                    ));
                    Ok(Value::None)
                }
            }
        }
        "pop" => {
            let mut l = l.borrow_mut();
            if !l.is_exact() {
                l.extra = Extra::Uncertain(Unknown::new(
                    "an item was popped from a list the evaluator cannot fully see",
                ));
                return Ok(Value::unknown("a popped item"));
            }
            let len = l.items.len() as i64;
            let i = match args.first() {
                None => len - 1,
                Some(Value::Int(i)) => {
                    if *i < 0 {
                        len + i
                    } else {
                        *i
                    }
                }
                _ => return Ok(Value::unknown("a popped item")),
            };
            if i < 0 || i >= len {
                return raise(ExcClass::IndexError, "pop index out of range");
            }
            Ok(l.items.remove(i as usize))
        }
        "index" | "count" => seq_query(&l.borrow(), name, &args),
        "copy" => Ok(Value::List(Rc::new(RefCell::new(l.borrow().clone())))),
        "clear" => {
            *l.borrow_mut() = Seq::exact(vec![]);
            Ok(Value::None)
        }
        "reverse" => {
            l.borrow_mut().items.reverse();
            Ok(Value::None)
        }
        "sort" => Ok(Value::None),
        _ => Ok(Value::unknown(format!("list.{name}()"))),
    }
}

fn dict_method(
    interp: &mut Interp,
    d: &Rc<RefCell<Dict>>,
    name: &str,
    args: Vec<Value>,
) -> R<Value> {
    if !matches!(name, "get" | "keys" | "values" | "items" | "copy") {
        interp.journal_dict(d);
    }
    match name {
        "get" => {
            let Some(k) = args.first() else {
                return raise(ExcClass::TypeError, "get expected at least 1 argument");
            };
            let d = d.borrow();
            match dict_lookup(&d, k) {
                Ok(Some(v)) => Ok(v),
                Ok(None) => Ok(args.get(1).cloned().unwrap_or(Value::None)),
                Err(u) => Ok(Value::Unknown(u)),
            }
        }
        "setdefault" => {
            let Some(k) = args.first().cloned() else {
                return raise(
                    ExcClass::TypeError,
                    "setdefault expected at least 1 argument",
                );
            };
            let found = dict_lookup(&d.borrow(), &k);
            match found {
                Ok(Some(v)) => Ok(v),
                Ok(None) => {
                    let v = args.get(1).cloned().unwrap_or(Value::None);
                    let mut d = d.borrow_mut();
                    let mut extra = d.extra.clone();
                    dict_insert(&mut d.entries, &mut extra, k, v.clone());
                    d.extra = extra;
                    Ok(v)
                }
                Err(u) => Ok(Value::Unknown(u)),
            }
        }
        "update" => {
            match args.first() {
                Some(Value::Dict(other)) => {
                    let other = other.borrow().clone();
                    let mut d = d.borrow_mut();
                    let mut extra = d.extra.clone();
                    for (k, v) in other.entries {
                        dict_insert(&mut d.entries, &mut extra, k, v);
                    }
                    d.extra = extra;
                    if !matches!(other.extra, Extra::Exact) {
                        d.extra = Extra::Uncertain(Unknown::new(
                            "updated from a dict the evaluator cannot fully see",
                        ));
                    }
                }
                _ => {
                    d.borrow_mut().extra = Extra::Uncertain(Unknown::new(
                        "updated from values the evaluator cannot see",
                    ))
                }
            }
            Ok(Value::None)
        }
        "keys" => {
            let d = d.borrow();
            Ok(Value::List(Rc::new(RefCell::new(Seq {
                items: d.entries.iter().map(|(k, _)| k.clone()).collect(),
                extra: d.extra.clone(),
            }))))
        }
        "values" => {
            let d = d.borrow();
            Ok(Value::List(Rc::new(RefCell::new(Seq {
                items: d.entries.iter().map(|(_, v)| v.clone()).collect(),
                extra: d.extra.clone(),
            }))))
        }
        "items" => {
            let d = d.borrow();
            Ok(Value::List(Rc::new(RefCell::new(Seq {
                items: d
                    .entries
                    .iter()
                    .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
                    .collect(),
                extra: d.extra.clone(),
            }))))
        }
        "copy" => Ok(Value::Dict(Rc::new(RefCell::new(d.borrow().clone())))),
        _ => {
            d.borrow_mut().extra =
                Extra::Uncertain(Unknown::new(format!("changed by dict.{name}()")));
            Ok(Value::unknown(format!("dict.{name}()")))
        }
    }
}

fn dict_lookup(d: &Dict, k: &Value) -> Result<Option<Value>, Unknown> {
    for (key, v) in &d.entries {
        match key.py_eq(k) {
            Tri::True => {
                return match &d.extra {
                    Extra::Uncertain(u) => Err(u.clone()),
                    _ => Ok(Some(v.clone())),
                }
            }
            Tri::Unknown(u) => return Err(u),
            Tri::False => {}
        }
    }
    match &d.extra {
        Extra::Exact => Ok(None),
        Extra::MayContainMore(u) | Extra::Uncertain(u) => Err(u.clone()),
    }
}

pub fn dict_insert(entries: &mut Vec<(Value, Value)>, extra: &mut Extra, k: Value, v: Value) {
    if let Value::Unknown(u) = &k {
        *extra = Extra::Uncertain(u.clone());
        return;
    }
    for (key, val) in entries.iter_mut() {
        if key.py_eq(&k) == Tri::True {
            *val = v;
            return;
        }
    }
    entries.push((k, v));
}

// ----- subscripts -------------------------------------------------------------------

fn norm_index(i: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let j = if i < 0 { len + i } else { i };
    (0..len).contains(&j).then_some(j as usize)
}

pub fn get_item(interp: &mut Interp, o: &Value, key: &Value) -> R<Value> {
    if let Value::Unknown(u) = key {
        if !matches!(o, Value::Object(_)) {
            return Ok(Value::Unknown(u.clone()));
        }
    }
    match o {
        Value::Unknown(u) => Ok(Value::Unknown(u.clone())),
        Value::List(l) => seq_index(&l.borrow(), key),
        Value::Tuple(t) => seq_index(t, key),
        Value::Str(s) => match key {
            Value::Int(i) => {
                let chars: Vec<char> = s.chars().collect();
                match norm_index(*i, chars.len()) {
                    Some(j) => Ok(Value::Str(Rc::from(chars[j].to_string()))),
                    None => raise(ExcClass::IndexError, "string index out of range"),
                }
            }
            _ => raise(ExcClass::TypeError, "string indices must be integers"),
        },
        Value::Dict(d) => match dict_lookup(&d.borrow(), key) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => raise(ExcClass::KeyError, "a key the dict does not hold"),
            Err(u) => Ok(Value::Unknown(u)),
        },
        Value::Object(obj) => match obj.as_ref() {
            Object::Namespace(ns) => {
                let Value::Str(name) = key else {
                    return Ok(Value::unknown(
                        "globals() of a name the evaluator cannot see",
                    ));
                };
                let found = ns.borrow().get(name).map(|b| b.value.clone());
                match found {
                    Some(v) => Ok(v),
                    None => match ns.borrow().open.clone() {
                        Some(why) => Ok(Value::Unknown(Unknown { reason: why })),
                        None => raise(ExcClass::KeyError, format!("'{name}'")),
                    },
                }
            }
            Object::Environ => {
                let Value::Str(name) = key else {
                    return Ok(Value::unknown(
                        "os.environ of a name the evaluator cannot see",
                    ));
                };
                match interp.read_env(name, None) {
                    Some(Ok(v)) => Ok(Value::Str(v)),
                    Some(Err(u)) => Ok(Value::Unknown(u)),
                    None => raise_missing(ExcClass::KeyError, format!("'{name}'"), name),
                }
            }
            _ => Ok(Value::unknown("a subscript of an object")),
        },
        other => raise(
            ExcClass::TypeError,
            format!("'{}' object is not subscriptable", other.type_name()),
        ),
    }
}

fn seq_index(seq: &Seq, key: &Value) -> R<Value> {
    let i = match key {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        _ => {
            return raise(
                ExcClass::TypeError,
                "list indices must be integers or slices",
            )
        }
    };
    let readable = seq.is_exact() || (i >= 0 && matches!(seq.extra, Extra::MayContainMore(_)));
    if !readable {
        return Ok(Value::Unknown(
            seq.uncertainty()
                .cloned()
                .unwrap_or_else(|| Unknown::new("an item")),
        ));
    }
    match norm_index(i, seq.items.len()) {
        Some(j) => Ok(seq.items[j].clone()),
        None if seq.is_exact() => raise(ExcClass::IndexError, "list index out of range"),
        None => Ok(Value::unknown(
            "an item of a list the evaluator cannot fully see",
        )),
    }
}

pub fn slice(o: &Value, parts: &[Option<Value>; 3]) -> R<Value> {
    let get = |p: &Option<Value>| -> Option<Option<i64>> {
        match p {
            None | Some(Value::None) => Some(None),
            Some(Value::Int(i)) => Some(Some(*i)),
            _ => None,
        }
    };
    let (Some(start), Some(stop), Some(step)) = (get(&parts[0]), get(&parts[1]), get(&parts[2]))
    else {
        return Ok(Value::unknown("a slice the evaluator cannot see"));
    };
    if step.is_some_and(|s| s != 1) {
        return Ok(Value::unknown("a stepped slice"));
    }
    let bounds = |len: usize| {
        let len = len as i64;
        let clamp = |i: i64| if i < 0 { (len + i).max(0) } else { i.min(len) } as usize;
        let a = start.map(clamp).unwrap_or(0);
        let b = stop.map(clamp).unwrap_or(len as usize);
        (a, b.max(a))
    };
    match o {
        Value::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let (a, b) = bounds(chars.len());
            Ok(Value::Str(Rc::from(chars[a..b].iter().collect::<String>())))
        }
        Value::List(l) => {
            let l = l.borrow();
            if !l.is_exact() {
                return Ok(Value::unknown(
                    "a slice of a list the evaluator cannot fully see",
                ));
            }
            let (a, b) = bounds(l.items.len());
            Ok(Value::list(l.items[a..b].to_vec()))
        }
        Value::Tuple(t) => {
            if !t.is_exact() {
                return Ok(Value::unknown(
                    "a slice of a tuple the evaluator cannot fully see",
                ));
            }
            let (a, b) = bounds(t.items.len());
            Ok(Value::tuple(t.items[a..b].to_vec()))
        }
        Value::Unknown(u) => Ok(Value::Unknown(u.clone())),
        _ => Ok(Value::unknown("a slice")),
    }
}

pub fn set_item(interp: &mut Interp, container: &Value, key: Value, value: Value) -> R<()> {
    interp.journal_value(container);
    match container {
        Value::List(l) => {
            let mut l = l.borrow_mut();
            match key {
                Value::Int(i) if l.is_exact() => match norm_index(i, l.items.len()) {
                    Some(j) => {
                        l.items[j] = value;
                        Ok(())
                    }
                    None => raise(ExcClass::IndexError, "list assignment index out of range"),
                },
                _ => {
                    l.extra = Extra::Uncertain(Unknown::new(
                        "an item was replaced at a position the evaluator cannot see",
                    ));
                    Ok(())
                }
            }
        }
        Value::Dict(d) => {
            let mut d = d.borrow_mut();
            let mut extra = d.extra.clone();
            dict_insert(&mut d.entries, &mut extra, key, value);
            d.extra = extra;
            Ok(())
        }
        Value::Object(o) if matches!(o.as_ref(), Object::Namespace(_)) => {
            let Object::Namespace(ns) = o.as_ref() else {
                return Ok(());
            };
            match key {
                Value::Str(name) => interp.set_global(ns, &name, value),
                _ => interp.ns_open(
                    ns,
                    Rc::from("names set through globals() the evaluator cannot see"),
                ),
            }
            Ok(())
        }
        Value::Object(o) if matches!(o.as_ref(), Object::Environ) => {
            if let (Value::Str(k), Value::Str(v)) = (&key, &value) {
                interp.set_env(k, v.clone());
            }
            Ok(())
        }
        Value::Unknown(_) | Value::Object(_) => Ok(()),
        other => raise(
            ExcClass::TypeError,
            format!(
                "'{}' object does not support item assignment",
                other.type_name()
            ),
        ),
    }
}

pub fn del_item(interp: &mut Interp, container: &Value, key: &Value) -> R<()> {
    interp.journal_value(container);
    match container {
        Value::List(l) => {
            let mut l = l.borrow_mut();
            match key {
                Value::Int(i) if l.is_exact() => match norm_index(*i, l.items.len()) {
                    Some(j) => {
                        l.items.remove(j);
                        Ok(())
                    }
                    None => raise(ExcClass::IndexError, "list assignment index out of range"),
                },
                _ => {
                    l.extra = Extra::Uncertain(Unknown::new(
                        "an item was deleted at a position the evaluator cannot see",
                    ));
                    Ok(())
                }
            }
        }
        Value::Dict(d) => {
            let mut d = d.borrow_mut();
            let before = d.entries.len();
            d.entries.retain(|(k, _)| k.py_eq(key) != Tri::True);
            if before == d.entries.len() && matches!(d.extra, Extra::Exact) {
                return raise(ExcClass::KeyError, repr(key).unwrap_or_default());
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

// ----- operators ------------------------------------------------------------------

fn num(v: &Value) -> Option<Num> {
    match v {
        Value::Bool(b) => Some(Num::I(*b as i64)),
        Value::Int(i) => Some(Num::I(*i)),
        Value::Float(f) => Some(Num::F(*f)),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum Num {
    I(i64),
    F(f64),
}

impl Num {
    fn f(self) -> f64 {
        match self {
            Num::I(i) => i as f64,
            Num::F(f) => f,
        }
    }
}

fn arith(op: &str, a: Num, b: Num) -> R<Value> {
    let overflow = || Ok(Value::unknown("an integer too large to evaluate"));
    if let (Num::I(x), Num::I(y)) = (a, b) {
        return match op {
            "+" => x.checked_add(y).map(Value::Int).map_or_else(overflow, Ok),
            "-" => x.checked_sub(y).map(Value::Int).map_or_else(overflow, Ok),
            "*" => x.checked_mul(y).map(Value::Int).map_or_else(overflow, Ok),
            "/" if y == 0 => raise(ExcClass::Exception, "ZeroDivisionError"),
            "/" => Ok(Value::Float(x as f64 / y as f64)),
            "//" | "%" if y == 0 => raise(ExcClass::Exception, "ZeroDivisionError"),
            "//" => Ok(Value::Int(
                x.div_euclid(y)
                    - if (x.rem_euclid(y) != 0) && (y < 0) {
                        1
                    } else {
                        0
                    },
            )),
            "%" => Ok(Value::Int(((x % y) + y) % y)),
            "**" if (0..64).contains(&y) => x
                .checked_pow(y as u32)
                .map(Value::Int)
                .map_or_else(overflow, Ok),
            "**" => Ok(Value::Float((x as f64).powf(y as f64))),
            "|" => Ok(Value::Int(x | y)),
            "&" => Ok(Value::Int(x & y)),
            "^" => Ok(Value::Int(x ^ y)),
            "<<" if (0..63).contains(&y) => x
                .checked_shl(y as u32)
                .map(Value::Int)
                .map_or_else(overflow, Ok),
            ">>" if (0..64).contains(&y) => Ok(Value::Int(x >> y)),
            _ => Ok(Value::unknown(format!("the operator {op}"))),
        };
    }
    let (x, y) = (a.f(), b.f());
    match op {
        "+" => Ok(Value::Float(x + y)),
        "-" => Ok(Value::Float(x - y)),
        "*" => Ok(Value::Float(x * y)),
        "/" if y == 0.0 => raise(ExcClass::Exception, "ZeroDivisionError"),
        "/" => Ok(Value::Float(x / y)),
        "**" => Ok(Value::Float(x.powf(y))),
        _ => Ok(Value::unknown(format!("the operator {op}"))),
    }
}

pub fn binop(op: &str, l: Value, r: Value) -> R<Value> {
    // `seq * True` repeats like `seq * 1`.
    let (l, r) = match (op, &l, &r) {
        ("*", Value::Str(_) | Value::List(_) | Value::Tuple(_), Value::Bool(b)) => {
            (l.clone(), Value::Int(*b as i64))
        }
        ("*", Value::Bool(b), Value::Str(_) | Value::List(_) | Value::Tuple(_)) => {
            (Value::Int(*b as i64), r.clone())
        }
        _ => (l, r),
    };
    if let Value::Unknown(u) = &l {
        return Ok(Value::Unknown(u.clone()));
    }
    if let Value::Unknown(u) = &r {
        return Ok(Value::Unknown(u.clone()));
    }
    if let (Some(a), Some(b)) = (num(&l), num(&r)) {
        // bool | bool stays bool.
        if let (Value::Bool(x), Value::Bool(y)) = (&l, &r) {
            match op {
                "|" => return Ok(Value::Bool(*x | *y)),
                "&" => return Ok(Value::Bool(*x & *y)),
                "^" => return Ok(Value::Bool(*x ^ *y)),
                _ => {}
            }
        }
        return arith(op, a, b);
    }
    let type_error = |l: &Value, r: &Value| {
        raise(
            ExcClass::TypeError,
            format!(
                "unsupported operand type(s) for {op}: '{}' and '{}'",
                l.type_name(),
                r.type_name()
            ),
        )
    };
    match (op, &l, &r) {
        ("+", Value::Str(a), Value::Str(b)) => {
            if !byte_budget::reserve(a.len() + b.len()) {
                return Ok(Value::unknown(byte_budget::OVER_BUDGET));
            }
            Ok(Value::Str(Rc::from(format!("{a}{b}"))))
        }
        ("+", Value::Bytes(a), Value::Bytes(b)) => {
            if !byte_budget::reserve(a.len() + b.len()) {
                return Ok(Value::unknown(byte_budget::OVER_BUDGET));
            }
            Ok(Value::Bytes(Rc::from([a.as_ref(), b.as_ref()].concat())))
        }
        ("+", Value::List(a), Value::List(b)) => {
            let (a, b) = (a.borrow(), b.borrow());
            if !byte_budget::reserve_items(a.items.len() + b.items.len(), 0) {
                return Ok(Value::unknown(byte_budget::OVER_BUDGET));
            }
            let mut s = Seq {
                items: a.items.iter().chain(b.items.iter()).cloned().collect(),
                extra: a.extra.clone(),
            };
            s.weaken(&b.extra);
            Ok(Value::List(Rc::new(RefCell::new(s))))
        }
        ("+", Value::Tuple(a), Value::Tuple(b)) => {
            if !byte_budget::reserve_items(a.items.len() + b.items.len(), 0) {
                return Ok(Value::unknown(byte_budget::OVER_BUDGET));
            }
            let mut s = Seq {
                items: a.items.iter().chain(b.items.iter()).cloned().collect(),
                extra: a.extra.clone(),
            };
            s.weaken(&b.extra);
            Ok(Value::Tuple(Rc::new(s)))
        }
        ("*", Value::Str(s), Value::Int(n)) | ("*", Value::Int(n), Value::Str(s)) => {
            if (*n).max(0) as u128 * s.len() as u128 > 1_000_000 {
                return Ok(Value::unknown("a very long string"));
            }
            if !byte_budget::reserve((*n).max(0) as usize * s.len()) {
                return Ok(Value::unknown(byte_budget::OVER_BUDGET));
            }
            Ok(Value::Str(Rc::from(s.repeat((*n).max(0) as usize))))
        }
        ("*", Value::List(s), Value::Int(n)) | ("*", Value::Int(n), Value::List(s)) => {
            let s = s.borrow();
            if !s.is_exact() || (*n).max(0) as u128 * s.items.len() as u128 > 100_000 {
                return Ok(Value::unknown("a repeated list"));
            }
            if !byte_budget::reserve_items((*n).max(0) as usize * s.items.len(), 0) {
                return Ok(Value::unknown(byte_budget::OVER_BUDGET));
            }
            let mut items = vec![];
            for _ in 0..(*n).max(0) {
                items.extend(s.items.iter().cloned());
            }
            Ok(Value::list(items))
        }
        ("*", Value::Tuple(t), Value::Int(n)) | ("*", Value::Int(n), Value::Tuple(t)) => {
            if !t.is_exact() || (*n).max(0) as u128 * t.items.len() as u128 > 100_000 {
                return Ok(Value::unknown("a repeated tuple"));
            }
            if !byte_budget::reserve_items((*n).max(0) as usize * t.items.len(), 0) {
                return Ok(Value::unknown(byte_budget::OVER_BUDGET));
            }
            let mut items = vec![];
            for _ in 0..(*n).max(0) {
                items.extend(t.items.iter().cloned());
            }
            Ok(Value::tuple(items))
        }
        ("%", Value::Str(_), _) => Ok(Value::unknown("a %-formatted string")),
        ("/", Value::Object(o), _) if matches!(o.as_ref(), Object::Path(_)) => {
            let (Object::Path(p), Some(s)) = (o.as_ref(), path_str(&r)) else {
                return Ok(Value::unknown("a path the evaluator cannot see"));
            };
            Ok(match join_path(p, &s) {
                Some(joined) => object(Object::Path(Rc::from(joined))),
                None => Value::unknown(byte_budget::OVER_BUDGET),
            })
        }
        ("|", Value::Dict(a), Value::Dict(b)) => {
            let size = a.borrow().entries.len() + b.borrow().entries.len();
            if !byte_budget::reserve_items(2 * size, 0) {
                return Ok(Value::unknown(byte_budget::OVER_BUDGET));
            }
            let mut d = a.borrow().clone();
            let b = b.borrow();
            let mut extra = d.extra.clone();
            for (k, v) in b.entries.iter() {
                dict_insert(&mut d.entries, &mut extra, k.clone(), v.clone());
            }
            d.extra = extra;
            Ok(Value::Dict(Rc::new(RefCell::new(d))))
        }
        ("|" | "&" | "-", Value::Set(a), Value::Set(b)) => {
            if !(a.is_exact() && b.is_exact()) {
                return Ok(Value::unknown("a set the evaluator cannot fully see"));
            }
            let items: Vec<Value> = match op {
                "|" => {
                    let mut v = a.items.clone();
                    for i in &b.items {
                        if contains(&v, i) != Tri::True {
                            v.push(i.clone());
                        }
                    }
                    v
                }
                "&" => a
                    .items
                    .iter()
                    .filter(|i| contains(&b.items, i) == Tri::True)
                    .cloned()
                    .collect(),
                _ => a
                    .items
                    .iter()
                    .filter(|i| contains(&b.items, i) == Tri::False)
                    .cloned()
                    .collect(),
            };
            Ok(Value::Set(Rc::new(Seq::exact(items))))
        }
        (_, Value::Object(_), _) | (_, _, Value::Object(_)) => {
            Ok(Value::unknown(format!("the operator {op} on objects")))
        }
        _ => type_error(&l, &r),
    }
}

pub fn compare(interp: &mut Interp, op: &str, l: &Value, r: &Value) -> R<Tri> {
    match op {
        "==" => Ok(l.py_eq(r)),
        "!=" | "<>" => Ok(l.py_eq(r).negate()),
        "in" => membership(interp, l, r),
        "not in" => Ok(membership(interp, l, r)?.negate()),
        "is" => Ok(identity(l, r)),
        "is not" => Ok(identity(l, r).negate()),
        "<" | ">" | "<=" | ">=" => {
            if let Value::Unknown(u) = l {
                return Ok(Tri::Unknown(u.clone()));
            }
            if let Value::Unknown(u) = r {
                return Ok(Tri::Unknown(u.clone()));
            }
            let ord = match (num(l), num(r), l, r) {
                (Some(a), Some(b), _, _) => a.f().partial_cmp(&b.f()),
                (_, _, Value::Str(a), Value::Str(b)) => Some(a.cmp(b)),
                _ => {
                    return raise(
                        ExcClass::TypeError,
                        format!(
                            "'{op}' not supported between instances of '{}' and '{}'",
                            l.type_name(),
                            r.type_name()
                        ),
                    )
                }
            };
            let Some(ord) = ord else {
                return Ok(Tri::False);
            };
            use std::cmp::Ordering::*;
            Ok(Tri::from_bool(match op {
                "<" => ord == Less,
                ">" => ord == Greater,
                "<=" => ord != Greater,
                _ => ord != Less,
            }))
        }
        _ => Ok(Tri::Unknown(Unknown::new(format!("the comparison {op}")))),
    }
}

fn identity(l: &Value, r: &Value) -> Tri {
    match (l, r) {
        (Value::Unknown(u), _) | (_, Value::Unknown(u)) => Tri::Unknown(u.clone()),
        (Value::None, Value::None) => Tri::True,
        (Value::Bool(a), Value::Bool(b)) => Tri::from_bool(a == b),
        (Value::None | Value::Bool(_), _) | (_, Value::None | Value::Bool(_)) => Tri::False,
        (Value::List(a), Value::List(b)) => Tri::from_bool(Rc::ptr_eq(a, b)),
        (Value::Dict(a), Value::Dict(b)) => Tri::from_bool(Rc::ptr_eq(a, b)),
        (Value::Object(a), Value::Object(b)) => {
            Tri::from_bool(Rc::ptr_eq(a, b) || a.py_eq(b) == Tri::True)
        }
        _ => Tri::Unknown(Unknown::new("object identity")),
    }
}

fn membership(interp: &mut Interp, needle: &Value, hay: &Value) -> R<Tri> {
    match hay {
        Value::Unknown(u) => Ok(Tri::Unknown(u.clone())),
        Value::Str(s) => match needle {
            Value::Str(n) => Ok(Tri::from_bool(s.contains(n.as_ref()))),
            Value::Unknown(u) => Ok(Tri::Unknown(u.clone())),
            other => raise(
                ExcClass::TypeError,
                format!(
                    "'in <string>' requires string as left operand, not {}",
                    other.type_name()
                ),
            ),
        },
        Value::List(l) => Ok(seq_contains(&l.borrow(), needle)),
        Value::Tuple(t) | Value::Set(t) => Ok(seq_contains(t, needle)),
        Value::Dict(d) => Ok(match dict_lookup(&d.borrow(), needle) {
            Ok(Some(_)) => Tri::True,
            Ok(None) => Tri::False,
            Err(u) => Tri::Unknown(u),
        }),
        Value::Object(o) => match o.as_ref() {
            Object::Namespace(ns) => Ok(match needle {
                Value::Str(name) => {
                    let ns = ns.borrow();
                    match (ns.get(name).is_some(), &ns.open) {
                        (true, _) => Tri::True,
                        (false, Some(why)) => Tri::Unknown(Unknown {
                            reason: why.clone(),
                        }),
                        (false, None) => Tri::False,
                    }
                }
                _ => Tri::Unknown(Unknown::new("membership in globals()")),
            }),
            Object::Environ => Ok(match needle {
                Value::Str(name) => match interp.read_env(name, None) {
                    Some(Ok(_)) => Tri::True,
                    Some(Err(u)) => Tri::Unknown(u),
                    None => Tri::False,
                },
                _ => Tri::Unknown(Unknown::new("whether a variable is in os.environ")),
            }),
            _ => Ok(Tri::Unknown(Unknown::new("membership in an object"))),
        },
        other => raise(
            ExcClass::TypeError,
            format!("argument of type '{}' is not iterable", other.type_name()),
        ),
    }
}

/// `globals().get/update/setdefault(...)`.
fn namespace_method(
    interp: &mut Interp,
    ns: &Rc<RefCell<super::namespace::Namespace>>,
    name: &str,
    args: Vec<Value>,
) -> R<Value> {
    match (name, args.first()) {
        ("get", Some(Value::Str(k))) => {
            let found = ns.borrow().get(k).map(|b| b.value.clone());
            Ok(match found {
                Some(v) => v,
                None if ns.borrow().open.is_some() => Value::unknown("a name that may be set"),
                None => args.get(1).cloned().unwrap_or(Value::None),
            })
        }
        ("update", Some(Value::Dict(d))) => {
            let d = d.borrow().clone();
            for (k, v) in d.entries {
                match k {
                    Value::Str(k) => interp.set_global(ns, &k, v),
                    _ => interp.ns_open(ns, Rc::from("names set through globals().update")),
                }
            }
            if !matches!(d.extra, Extra::Exact) {
                interp.ns_open(ns, Rc::from("names set through globals().update"));
            }
            Ok(Value::None)
        }
        ("setdefault", Some(Value::Str(k))) => {
            let found = ns.borrow().get(k).map(|b| b.value.clone());
            match found {
                Some(v) => Ok(v),
                None => {
                    let v = args.get(1).cloned().unwrap_or(Value::None);
                    interp.set_global(ns, k, v.clone());
                    Ok(v)
                }
            }
        }
        ("keys" | "items" | "values" | "copy" | "get", _) => {
            Ok(Value::unknown("the module namespace"))
        }
        _ => {
            interp.ns_open(ns, Rc::from("names set through globals()"));
            Ok(Value::unknown("the module namespace"))
        }
    }
}

/// `"...".format(...)` with plain `{}`, `{0}` and `{name}` fields.
fn simple_format(template: &str, args: &[Value], kwargs: &[(Rc<str>, Value)]) -> Option<String> {
    let mut out = String::new();
    let mut auto = 0usize;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut field = String::new();
                for n in chars.by_ref() {
                    if n == '}' {
                        break;
                    }
                    field.push(n);
                }
                if field.contains([':', '!', '.', '[']) {
                    return None;
                }
                let value = if field.is_empty() {
                    auto += 1;
                    args.get(auto - 1)?
                } else if let Ok(i) = field.parse::<usize>() {
                    args.get(i)?
                } else {
                    &kwargs.iter().find(|(k, _)| k.as_ref() == field)?.1
                };
                let piece = to_str(value)?;
                if !byte_budget::reserve(piece.len()) {
                    return None;
                }
                out.push_str(&piece);
            }
            other => out.push(other),
        }
    }
    Some(out)
}
