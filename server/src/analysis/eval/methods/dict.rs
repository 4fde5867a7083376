//! `dict` methods, and looking up and inserting keys.

use std::cell::RefCell;
use std::rc::Rc;

use crate::analysis::eval::objects::ExcClass;
use crate::analysis::eval::value::{Dict, Extra, Seq, Tri, Unknown, Value};
use crate::analysis::eval::{raise, Interp, R};

pub(super) fn dict_method(
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

pub(in crate::analysis::eval) fn dict_lookup(
    d: &Dict,
    k: &Value,
) -> Result<Option<Value>, Unknown> {
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
