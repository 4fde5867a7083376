//! `str()` and `repr()` of values, each piece paid for in the byte budget.

use crate::analysis::eval::byte_budget;
use crate::analysis::eval::objects::Object;
use crate::analysis::eval::value::Value;

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
            // A dict prints in insertion order (a set's order is its hashes':
            // not written).
            Value::Dict(d) => {
                let d = d.borrow();
                if !matches!(d.extra, super::value::Extra::Exact) {
                    return None;
                }
                self.put("{")?;
                for (i, (k, v)) in d.entries.iter().enumerate() {
                    if i > 0 {
                        self.put(", ")?;
                    }
                    self.value(k)?;
                    self.put(": ")?;
                    self.value(v)?;
                }
                self.put("}")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_as_python_prints_them() {
        assert_eq!(repr(&Value::str("it's")).as_deref(), Some("\"it's\""));
        assert_eq!(repr(&Value::str("a'b\"c")).as_deref(), Some("'a\\'b\"c'"));
        assert_eq!(repr(&Value::Float(1.0)).as_deref(), Some("1.0"));
        assert_eq!(
            repr(&Value::tuple(vec![Value::Int(1)])).as_deref(),
            Some("(1,)")
        );
        assert_eq!(to_str(&Value::str("x")).as_deref(), Some("x"));
    }

    #[test]
    fn a_bounded_repr_stops_at_its_length() {
        let long = Value::list(vec![Value::str(&"x".repeat(100)); 10]);
        assert!(repr_within(&long, 50).is_none());
        assert!(repr_within(&long, 2000).is_some());
    }
}
