//! Calls: what a call of a value that is not a user function does, and
//! Python's builtins by family (constructors, iteration, introspection);
//! the modelled library functions have theirs in `paths.rs` and `envlibs/`.

use std::cell::RefCell;
use std::rc::Rc;

use crate::analysis::eval::objects::{object, Builtin, ExcClass, Object};
use crate::analysis::eval::value::{contains, Dict, Extra, IterError, Seq, Tri, Unknown, Value};

use super::envlibs;
use super::methods::call_method;
use super::methods::dict::dict_insert;
use super::methods::string::str_method;
use super::operators::compare;
use super::paths::call_path;
use super::repr::{repr, to_str};
use super::split_settings;
use super::{arg, raise, raise_guard, tri_value, Interp, R};

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
        "object" => Builtin::Object,
        "filter" => Builtin::Filter,
        "map" => Builtin::Map,
        "max" => Builtin::Max,
        "repr" => Builtin::Repr,
        "range" => Builtin::Range,
        "True" => return Some(Value::Bool(true)),
        "False" => return Some(Value::Bool(false)),
        "None" => return Some(Value::None),
        "__file__" => return Some(Value::unknown("__file__")),
        "globals" => Builtin::Globals,
        "locals" | "vars" => Builtin::Locals,
        "setattr" => Builtin::Setattr,
        "property" => Builtin::Property,
        "exec" | "eval" | "__import__" => Builtin::DynamicNamespace,
        _ if PYTHON_BUILTINS.contains(&name) => {
            return Some(Value::unknown(format!("the builtin {name}")));
        }
        _ => match ExcClass::from_name(name) {
            // Library exceptions are names only where they are imported.
            Some(c)
                if !matches!(
                    c,
                    ExcClass::ImproperlyConfigured
                        | ExcClass::NoSectionError
                        | ExcClass::NoOptionError
                        | ExcClass::Library(_)
                ) =>
            {
                Builtin::ExceptionClass(c)
            }
            _ => return None,
        },
    };
    Some(object(Object::Builtin(b)))
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
            // `globals()` handed to code the evaluator cannot see: any name
            // may be set in it.
            Value::Object(o) => {
                if let Object::Namespace(ns) = o.as_ref() {
                    interp.ns_open(ns, Rc::from("names set by code that was passed globals()"));
                }
            }
            _ => {}
        }
    }
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
            interp.unseen_calls += 1;
            escape_args(interp, &args);
            let kw: Vec<Value> = kwargs.iter().map(|(_, v)| v.clone()).collect();
            escape_args(interp, &kw);
            // A method of a required variable's value (`.split(",")`) is
            // unknown for the same reason, and says it the same way.
            if envlibs::is_required_variable_reason(&u.reason) {
                return Ok(Value::Unknown(u.clone()));
            }
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
        Object::Library(_) => envlibs::call_object(interp, &obj, args, kwargs),
        Object::UnboundStrMethod(name) => match args.split_first() {
            Some((Value::Str(s), rest)) => str_method(s, name, rest, &kwargs),
            Some((Value::Unknown(u), _)) => Ok(Value::Unknown(u.clone())),
            _ => raise(ExcClass::TypeError, format!("str.{name} needs a str")),
        },
        Object::Class(_) => interp.instantiate(callee, args, kwargs),
        Object::External(name) => {
            interp.unseen_calls += 1;
            Ok(Value::unknown(format!("the result of calling {name}")))
        }
        _ => Ok(Value::unknown("the result of a call")),
    }
}

fn call_builtin(
    interp: &mut Interp,
    b: Builtin,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    match b {
        Builtin::Bool
        | Builtin::Int
        | Builtin::Float
        | Builtin::Str
        | Builtin::List
        | Builtin::Tuple
        | Builtin::Set
        | Builtin::Dict
        | Builtin::DictFromkeys
        | Builtin::Strtobool
        | Builtin::Object => construct(b, args, kwargs),
        Builtin::Len
        | Builtin::Sorted
        | Builtin::Any
        | Builtin::All
        | Builtin::Range
        | Builtin::Min
        | Builtin::Max
        | Builtin::Filter
        | Builtin::Map => iterate(interp, b, args),
        Builtin::Print
        | Builtin::Repr
        | Builtin::Isinstance
        | Builtin::Getattr
        | Builtin::Open
        | Builtin::SysExit
        | Builtin::Globals
        | Builtin::Locals
        | Builtin::DynamicNamespace
        | Builtin::ExceptionClass(_) => introspect(interp, b, args),
        Builtin::OsPathJoin
        | Builtin::OsPathDirname
        | Builtin::OsPathBasename
        | Builtin::OsPathAbspath
        | Builtin::OsPathUnknown
        | Builtin::PathNew => call_path(b, args),
        Builtin::Library(f) => envlibs::call_function(interp, f, args, kwargs),
        Builtin::Setattr => setattr(interp, args),
        Builtin::Property => Ok(match args.into_iter().next() {
            Some(f) => object(Object::Wrapped {
                wrapper: super::classes::Wrapper::Property,
                function: f,
            }),
            None => Value::unknown("a property with no getter"),
        }),
        Builtin::InspectGetmembers => interp.getmembers(&args),
        Builtin::Glob => Ok(match args.first().and_then(super::paths::path_str) {
            // A relative pattern is relative to the working directory,
            // which the evaluator does not know.
            Some(p) if p.starts_with('/') => {
                match split_settings::glob(interp, std::path::Path::new(&p)) {
                    Some(files) => Value::list(
                        files
                            .iter()
                            .map(|f| Value::str(&f.to_string_lossy()))
                            .collect(),
                    ),
                    None => Value::unknown(format!("the files {p} matches")),
                }
            }
            _ => Value::unknown("the files a glob matches"),
        }),
        Builtin::SplitInclude => split_settings::include(interp, args, kwargs),
        Builtin::SplitOptional => split_settings::optional(&args),
    }
}

/// Constructors and conversions: `bool()`, `int()`, `float()`, `str()`,
/// `list()`/`tuple()`/`set()`, `dict()`, `dict.fromkeys()`, `strtobool()`.
fn construct(b: Builtin, args: Vec<Value>, kwargs: Vec<(Rc<str>, Value)>) -> R<Value> {
    let a0 = args.first().cloned();
    match b {
        Builtin::Object if args.is_empty() && kwargs.is_empty() => Ok(object(Object::Sentinel)),
        Builtin::Object => raise(ExcClass::TypeError, "object() takes no arguments"),
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
        Builtin::Strtobool => match a0 {
            Some(Value::Str(s)) => match strtobool(&s) {
                Some(b) => Ok(Value::Int(b as i64)),
                None => raise(ExcClass::ValueError, "invalid truth value"),
            },
            Some(Value::Unknown(u)) => Ok(Value::Unknown(u)),
            _ => Ok(Value::unknown("strtobool of a non-string")),
        },
        _ => unreachable!("construct: {b:?} is dispatched elsewhere by call_builtin"),
    }
}

/// Builtins over iterables: `len()`, `sorted()`, `any()`/`all()`, `range()`,
/// `min()`/`max()`, `filter()`, `map()`.
fn iterate(interp: &mut Interp, b: Builtin, args: Vec<Value>) -> R<Value> {
    let a0 = args.first().cloned();
    match b {
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
        Builtin::Min | Builtin::Max => min_max(interp, b, args),
        Builtin::Filter => call_filter(interp, args),
        Builtin::Map => call_map(interp, args),
        _ => unreachable!("iterate: {b:?} is dispatched elsewhere by call_builtin"),
    }
}

fn min_max(interp: &mut Interp, b: Builtin, args: Vec<Value>) -> R<Value> {
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

/// The function and the items of `filter(f, it)` or `map(f, it)`, or the
/// answer to give instead (an unknown value, or Python's TypeError).
fn function_and_items<'v>(
    args: &'v [Value],
    name: &str,
) -> Result<(&'v Value, Vec<Value>, Extra), R<Value>> {
    let (Some(f), Some(it)) = (args.first(), args.get(1)) else {
        return Err(Ok(Value::unknown(format!("{name}()"))));
    };
    match it.iter_items() {
        Ok((items, extra)) => Ok((f, items, extra)),
        Err(IterError::Unknown(u)) => Err(Ok(Value::Unknown(u))),
        Err(IterError::NotIterable(t)) => Err(raise(
            ExcClass::TypeError,
            format!("'{t}' object is not iterable"),
        )),
    }
}

fn call_filter(interp: &mut Interp, args: Vec<Value>) -> R<Value> {
    let (f, items, extra) = match function_and_items(&args, "filter") {
        Ok(x) => x,
        Err(answer) => return answer,
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

fn call_map(interp: &mut Interp, args: Vec<Value>) -> R<Value> {
    let (f, items, extra) = match function_and_items(&args, "map") {
        Ok(x) => x,
        Err(answer) => return answer,
    };
    let mut out = vec![];
    for i in items {
        out.push(interp.call(f, vec![i], vec![])?);
    }
    Ok(Value::Tuple(Rc::new(Seq { items: out, extra })))
}

/// Introspection and the interpreter's own builtins: `print()`, `repr()`,
/// `isinstance()`, `getattr()`, `open()`, `sys.exit()`, `globals()`,
/// `exec`/`setattr`, exception classes.
fn introspect(interp: &mut Interp, b: Builtin, args: Vec<Value>) -> R<Value> {
    let a0 = args.first().cloned();
    match b {
        Builtin::Print => Ok(Value::None),
        Builtin::Repr => Ok(match a0 {
            Some(v) => repr(&v)
                .map(|s| Value::Str(Rc::from(s)))
                .unwrap_or_else(|| Value::unknown("repr()")),
            None => Value::unknown("repr()"),
        }),
        Builtin::Isinstance => isinstance(&args),
        Builtin::Getattr => Ok(Value::unknown(
            "the result of a builtin the evaluator does not model",
        )),
        Builtin::Open => Ok(Value::unknown("the contents of a file")),
        Builtin::SysExit => raise_guard(ExcClass::SystemExit, "sys.exit() called"),
        // Inside a function, globals() is its own module's namespace (the
        // one it was defined in); at module level, the module being run.
        Builtin::Globals if args.is_empty() => {
            match interp
                .function_globals
                .last()
                .cloned()
                .or_else(|| interp.current_globals())
            {
                Some(ns) => Ok(object(Object::Namespace(ns))),
                None => Ok(Value::unknown("globals()")),
            }
        }
        // locals() and vars() are the module's names at module level only.
        Builtin::Locals if args.is_empty() && !interp.in_function() => {
            match interp.current_globals() {
                Some(ns) => Ok(object(Object::Namespace(ns))),
                None => Ok(Value::unknown("locals()")),
            }
        }
        Builtin::Globals | Builtin::Locals => Ok(Value::unknown("a namespace")),
        Builtin::DynamicNamespace => {
            escape_args(interp, &args);
            interp.dynamic_namespace = Some(std::rc::Rc::from(
                "names the settings set dynamically (globals(), vars(), exec, setattr)",
            ));
            Ok(Value::unknown("a dynamic namespace"))
        }
        Builtin::ExceptionClass(c) => Ok(object(Object::ExceptionInstance(c))),
        _ => unreachable!("introspect: {b:?} is dispatched elsewhere by call_builtin"),
    }
}

/// `setattr(obj, name, value)` on what the evaluator can see: a module, a
/// class, an instance. Anything else may be anything: the module's names
/// are then open, as with `exec`.
fn setattr(interp: &mut Interp, args: Vec<Value>) -> R<Value> {
    let [target, Value::Str(name), value] = args.as_slice() else {
        escape_args(interp, &args);
        interp.dynamic_namespace = Some(Rc::from(
            "names the settings set dynamically (setattr with a name the evaluator cannot see)",
        ));
        return Ok(Value::None);
    };
    let ns = match target {
        Value::Object(o) => match o.as_ref() {
            Object::Module(m) => Some(m.namespace.clone()),
            Object::Class(c) => Some(c.namespace.clone()),
            Object::Instance(i) => Some(i.namespace.clone()),
            _ => None,
        },
        _ => None,
    };
    match ns {
        // Not the statement's taint: in a loader's loop it holds every
        // variable the loop read, not what this one value came from.
        Some(ns) => interp.ns_set(
            &ns,
            name.clone(),
            crate::analysis::eval::namespace::Binding {
                value: value.clone(),
                origin: None,
                env: Rc::from(vec![]),
                conditional: false,
            },
        ),
        None => interp.dynamic_namespace = Some(Rc::from(
            "names the settings set dynamically (setattr on an object the evaluator cannot see)",
        )),
    }
    Ok(Value::None)
}

fn isinstance(args: &[Value]) -> R<Value> {
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
                Object::Builtin(Builtin::List) => Tri::from_bool(matches!(v, Value::List(_))),
                Object::Builtin(Builtin::Tuple) => Tri::from_bool(matches!(v, Value::Tuple(_))),
                Object::Builtin(Builtin::Dict) => Tri::from_bool(matches!(v, Value::Dict(_))),
                Object::Builtin(Builtin::Bool) => Tri::from_bool(matches!(v, Value::Bool(_))),
                Object::Builtin(Builtin::Int) => {
                    Tri::from_bool(matches!(v, Value::Int(_) | Value::Bool(_)))
                }
                Object::Builtin(Builtin::Float) => Tri::from_bool(matches!(v, Value::Float(_))),
                Object::Builtin(Builtin::Set) => Tri::from_bool(matches!(v, Value::Set(_))),
                // Reading an attribute runs the property: the value is
                // never a property, except a class's own attribute.
                Object::Builtin(Builtin::Property) => Tri::from_bool(matches!(
                    v,
                    Value::Object(p) if matches!(p.as_ref(), Object::Wrapped { wrapper: super::classes::Wrapper::Property, .. })
                )),
                Object::Class(_) => super::classes::instance_of(v, &t),
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
