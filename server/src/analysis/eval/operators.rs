//! Operators: arithmetic, concatenation and repetition, comparisons,
//! membership and identity.

use std::cell::RefCell;
use std::rc::Rc;

use crate::analysis::eval::byte_budget;
use crate::analysis::eval::objects::{object, ExcClass, Object};
use crate::analysis::eval::value::{contains, seq_contains, Dict, Seq, Tri, Unknown, Value};

use super::methods::dict::{dict_insert, dict_lookup};
use super::paths::{join_path, path_str};
use super::{raise, Interp, R};

impl<'a> Interp<'a> {
    pub fn binop(&mut self, op: &str, l: Value, r: Value) -> R<Value> {
        let v = binop(op, l, r)?;
        self.charge_size(&v)?;
        Ok(v)
    }
}

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
        (
            "*",
            Value::Str(_) | Value::Bytes(_) | Value::List(_) | Value::Tuple(_),
            Value::Bool(b),
        ) => (l.clone(), Value::Int(*b as i64)),
        (
            "*",
            Value::Bool(b),
            Value::Str(_) | Value::Bytes(_) | Value::List(_) | Value::Tuple(_),
        ) => (Value::Int(*b as i64), r.clone()),
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
        ("+", Value::List(a), Value::List(b)) => concat_lists(a, b),
        ("+", Value::Tuple(a), Value::Tuple(b)) => concat_tuples(a, b),
        ("*", Value::Str(s), Value::Int(n)) | ("*", Value::Int(n), Value::Str(s)) => {
            repeat_str(s, n)
        }
        ("*", Value::Bytes(b), Value::Int(n)) | ("*", Value::Int(n), Value::Bytes(b)) => {
            repeat_bytes(b, n)
        }
        ("*", Value::List(s), Value::Int(n)) | ("*", Value::Int(n), Value::List(s)) => {
            repeat_list(s, n)
        }
        ("*", Value::Tuple(t), Value::Int(n)) | ("*", Value::Int(n), Value::Tuple(t)) => {
            repeat_tuple(t, n)
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
        ("|", Value::Dict(a), Value::Dict(b)) => dict_union(a, b),
        ("|" | "&" | "-", Value::Set(a), Value::Set(b)) => set_op(op, a, b),
        (_, Value::Object(_), _) | (_, _, Value::Object(_)) => {
            Ok(Value::unknown(format!("the operator {op} on objects")))
        }
        _ => type_error(&l, &r),
    }
}

/// `list + list`.
fn concat_lists(a: &Rc<RefCell<Seq>>, b: &Rc<RefCell<Seq>>) -> R<Value> {
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

/// `tuple + tuple`.
fn concat_tuples(a: &Rc<Seq>, b: &Rc<Seq>) -> R<Value> {
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

/// `str * int`.
fn repeat_str(s: &Rc<str>, n: &i64) -> R<Value> {
    if (*n).max(0) as u128 * s.len() as u128 > 1_000_000 {
        return Ok(Value::unknown("a very long string"));
    }
    if !byte_budget::reserve((*n).max(0) as usize * s.len()) {
        return Ok(Value::unknown(byte_budget::OVER_BUDGET));
    }
    Ok(Value::Str(Rc::from(s.repeat((*n).max(0) as usize))))
}

/// `bytes * int`.
fn repeat_bytes(b: &Rc<[u8]>, n: &i64) -> R<Value> {
    let len = (*n).max(0) as u128 * b.len() as u128;
    if len > 1_000_000 {
        return Ok(Value::unknown("a very long bytes object"));
    }
    if !byte_budget::reserve(len as usize) {
        return Ok(Value::unknown(byte_budget::OVER_BUDGET));
    }
    Ok(Value::Bytes(Rc::from(b.repeat((*n).max(0) as usize))))
}

/// `list * int`.
fn repeat_list(s: &Rc<RefCell<Seq>>, n: &i64) -> R<Value> {
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

/// `tuple * int`.
fn repeat_tuple(t: &Rc<Seq>, n: &i64) -> R<Value> {
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

/// `dict | dict`.
fn dict_union(a: &Rc<RefCell<Dict>>, b: &Rc<RefCell<Dict>>) -> R<Value> {
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

/// `set | set`, `set & set`, `set - set`.
fn set_op(op: &str, a: &Rc<Seq>, b: &Rc<Seq>) -> R<Value> {
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
                Value::Unknown(u) => Tri::Unknown(u.clone()),
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

#[cfg(test)]
mod tests {
    use crate::analysis::eval::testing::value_of;

    #[test]
    fn arithmetic_concatenation_and_repetition_as_python() {
        assert_eq!(value_of("X = 7 // 2 + 2 ** 3 - 1 % 1\n", "X"), "11");
        assert_eq!(value_of("X = 'a' + 'b' * 3\n", "X"), "'abbb'");
        assert_eq!(value_of("X = [1] + [2] * 2\n", "X"), "[1, 2, 2]");
        assert_eq!(value_of("X = (1,) + (2,)\n", "X"), "(1, 2)");
        assert_eq!(value_of("X = True + True\n", "X"), "2");
        assert_eq!(value_of("X = 'ab' * True\n", "X"), "'ab'");
    }

    #[test]
    fn comparisons_and_membership_as_python() {
        assert_eq!(value_of("X = 1 < 2 <= 2 != 3\n", "X"), "True");
        assert_eq!(value_of("X = 'sec' in 'security'\n", "X"), "True");
        assert_eq!(value_of("X = 3 not in [1, 2]\n", "X"), "True");
        assert_eq!(value_of("X = None is None\n", "X"), "True");
    }

    #[test]
    fn a_type_error_is_an_exception_not_a_value() {
        // `'a' + 1` raises TypeError: the statement fails, X stays unbound
        // (the module's import fails, which the report says as dsl.E001).
        assert_eq!(
            value_of("X = 'a' + 1\n", "X"),
            "?(the statement raises an exception)"
        );
    }
}
