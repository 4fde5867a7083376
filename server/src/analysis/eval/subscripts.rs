//! Subscripts: `o[k]`, slices, `o[k] = v` and `del o[k]`.

use std::rc::Rc;

use crate::analysis::eval::objects::{ExcClass, Object};
use crate::analysis::eval::value::{Extra, Seq, Tri, Unknown, Value};

use super::methods::dict::{dict_insert, dict_lookup};
use super::repr::repr;
use super::{raise, Interp, R};

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
            Object::Environ => super::envlibs::os::environ_item(interp, key),
            Object::SysModules => Ok(match key {
                Value::Str(name) => interp
                    .loaded_module(name)
                    .unwrap_or_else(|| Value::unknown(format!("sys.modules[{name:?}]"))),
                _ => Value::unknown("sys.modules of a name the evaluator cannot see"),
            }),
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
