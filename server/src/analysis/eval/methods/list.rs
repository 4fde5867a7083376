//! `list` methods.

use std::cell::RefCell;
use std::rc::Rc;

use crate::analysis::eval::methods::seq_query;
use crate::analysis::eval::objects::ExcClass;
use crate::analysis::eval::value::{Extra, IterError, Seq, Tri, Unknown, Value};
use crate::analysis::eval::{raise, Interp, R};

pub(super) fn list_method(
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
