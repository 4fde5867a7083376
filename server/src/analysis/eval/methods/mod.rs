//! Methods of values: dispatch on the receiver's type; the methods of
//! tuples, bytes and module namespaces (`globals()`) are here, those of
//! paths and of the environment libraries' objects in `paths.rs` and `envlibs/`.

pub(super) mod dict;
pub(super) mod list;
pub(super) mod string;

use std::cell::RefCell;
use std::rc::Rc;

use crate::analysis::eval::objects::{ExcClass, Object};
use crate::analysis::eval::value::{Extra, Seq, Tri, Value};

use self::dict::dict_method;
use self::list::list_method;
use self::string::str_method;
use super::envlibs;
use super::paths::path_method;
use super::{raise, Interp, R};

pub(super) fn call_method(
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
            Object::Environ | Object::Library(_) => {
                envlibs::call_method(interp, o, name, args, kwargs)
            }
            Object::SysModules => Ok(match (name, args.first()) {
                ("get", Some(Value::Str(m))) => interp
                    .loaded_module(m)
                    .unwrap_or_else(|| Value::unknown(format!("sys.modules.get({m:?})"))),
                _ => Value::unknown(format!("sys.modules.{name}()")),
            }),
            Object::Namespace(ns) => namespace_method(interp, ns, name, args),
            Object::Path(p) => path_method(receiver, p, name, &args),
            Object::Instance(_) | Object::Class(_) => {
                interp.call_user_method(receiver, name, args, kwargs)
            }
            _ => Ok(Value::unknown(format!("the result of .{name}()"))),
        },
        _ => Ok(Value::unknown(format!("the result of .{name}()"))),
    }
}

pub(super) fn seq_query(seq: &Seq, name: &str, args: &[Value]) -> R<Value> {
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

/// `globals().get/update/setdefault(...)`.
fn namespace_method(
    interp: &mut Interp,
    ns: &Rc<RefCell<crate::analysis::eval::namespace::Namespace>>,
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
