//! `str` methods and `str.format`.

use std::rc::Rc;

use crate::analysis::eval::byte_budget;
use crate::analysis::eval::objects::ExcClass;
use crate::analysis::eval::repr::to_str;
use crate::analysis::eval::value::{Extra, IterError, Value};
use crate::analysis::eval::{arg, raise, R};

pub(in crate::analysis::eval) fn str_method(
    s: &Rc<str>,
    name: &str,
    args: &[Value],
    kwargs: &[(Rc<str>, Value)],
) -> R<Value> {
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
    Ok(match name {
        "lower" | "casefold" => Value::Str(Rc::from(s.to_lowercase())),
        "upper" => Value::Str(Rc::from(s.to_uppercase())),
        "strip" | "lstrip" | "rstrip" => strip(s, name, a0)?,
        "split" | "rsplit" => split(s, name, args, kwargs)?,
        "splitlines" => Value::list(s.lines().map(Value::str).collect()),
        "startswith" | "endswith" => starts_or_ends_with(s, name, a0)?,
        "replace" => match (a0, args.get(1)) {
            (Some(Value::Str(a)), Some(Value::Str(b))) if args.len() == 2 => {
                Value::Str(Rc::from(s.replace(a.as_ref(), b)))
            }
            _ => Value::unknown("str.replace with unusual arguments"),
        },
        "join" => join(s, a0)?,
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
        "isupper" => {
            Value::Bool(s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase))
        }
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
        "partition" | "rpartition" => partition(s, name, a0)?,
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

/// `str.strip()`, `lstrip()`, `rstrip()`.
fn strip(s: &Rc<str>, name: &str, a0: Option<&Value>) -> R<Value> {
    let strip_chars = |a: Option<&Value>| -> Option<Option<Vec<char>>> {
        match a {
            None | Some(Value::None) => Some(None),
            Some(Value::Str(c)) => Some(Some(c.chars().collect())),
            _ => None,
        }
    };
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
    Ok(Value::str(out))
}

/// `str.split()`, `rsplit()`.
fn split(s: &Rc<str>, name: &str, args: &[Value], kwargs: &[(Rc<str>, Value)]) -> R<Value> {
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
    Ok(Value::list(
        parts.into_iter().map(|p| Value::Str(Rc::from(p))).collect(),
    ))
}

/// `str.startswith()`, `endswith()`: a prefix or a tuple of them.
fn starts_or_ends_with(s: &Rc<str>, name: &str, a0: Option<&Value>) -> R<Value> {
    let check = |p: &str| {
        if name == "startswith" {
            s.starts_with(p)
        } else {
            s.ends_with(p)
        }
    };
    Ok(match a0 {
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
    })
}

/// `sep.join(iterable)`.
fn join(s: &Rc<str>, a0: Option<&Value>) -> R<Value> {
    Ok(match a0.map(|v| v.iter_items()) {
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
    })
}

/// `str.partition()`, `rpartition()`.
fn partition(s: &Rc<str>, name: &str, a0: Option<&Value>) -> R<Value> {
    Ok(match a0 {
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
