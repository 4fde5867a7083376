//! Paths: `os.path` functions over strings, `pathlib.Path` objects and
//! their methods.

use std::rc::Rc;

use crate::analysis::eval::byte_budget;
use crate::analysis::eval::objects::{object, Builtin, Object};
use crate::analysis::eval::value::Value;

use super::{raise_guard, R};
use crate::analysis::eval::objects::ExcClass;

/// The path a `str` or a `pathlib.Path` value names.
pub(crate) fn path_str(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.to_string()),
        Value::Object(o) => match o.as_ref() {
            Object::Path(p) => Some(p.to_string()),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn join_path(base: &str, part: &str) -> Option<String> {
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

pub(super) fn parent_of(p: &str) -> String {
    match p.trim_end_matches('/').rsplit_once('/') {
        Some(("", _)) => "/".to_string(),
        Some((head, _)) => head.to_string(),
        None => ".".to_string(),
    }
}

/// `os.path.join()`, `dirname()`, `basename()`, `abspath()`..., `Path()`.
pub(super) fn call_path(b: Builtin, args: Vec<Value>) -> R<Value> {
    // None, a number, a list: Python's TypeError. Raised as a guard, so a
    // None from an unset variable (`os.environ.get("HOME_DIR")`) makes that
    // variable one the settings cannot do without.
    if let Some(bad) = args.iter().find(|a| not_a_path(a)) {
        return raise_guard(
            ExcClass::TypeError,
            format!(
                "expected str, bytes or os.PathLike object, not {}",
                bad.type_name()
            ),
        );
    }
    let a0 = args.first().cloned();
    match b {
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
        _ => unreachable!("call_path: {b:?} is dispatched elsewhere by call_builtin"),
    }
}

/// The methods of a `pathlib.Path`.
pub(super) fn path_method(receiver: &Value, p: &str, name: &str, args: &[Value]) -> R<Value> {
    match name {
        "resolve" | "absolute" | "expanduser" => Ok(receiver.clone()),
        "joinpath" => {
            let mut out = p.to_string();
            for a in args {
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
    }
}

/// A value Python's path functions refuse (not str, bytes or a path).
fn not_a_path(v: &Value) -> bool {
    matches!(
        v,
        Value::None
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::List(_)
            | Value::Tuple(_)
            | Value::Dict(_)
            | Value::Set(_)
    )
}
