//! The sites app's settings check (`django/contrib/sites/checks.py`):
//! SITE_ID, when it is set, must be an integer. Django 6.1 validates it as
//! the Site model's primary key does (`AutoField.to_python`) instead of
//! testing its type.

use super::ctx::Ctx;
use super::{DjangoVersion, Outcome};
use crate::analysis::eval::value::{Tri, Unknown, Value};

const SITES_APP: &str = "django.contrib.sites";

pub(crate) fn e101(c: &Ctx) -> Vec<Outcome> {
    let gate = c.app_checks_run(SITES_APP);
    if gate == Tri::False {
        return vec![];
    }
    let s = c.get("SITE_ID");
    // `hasattr(settings, "SITE_ID")`: global_settings has no SITE_ID.
    let outcome = if s.is_absent() && !s.value.is_unknown() {
        Outcome::Pass
    } else if c.settings.version >= DjangoVersion::V6_1 {
        validated(&s.value)
    } else {
        typed(&s.value)
    };
    match (gate, outcome) {
        (Tri::Unknown(u), o) if o != Outcome::Pass => vec![Outcome::Undecided(u)],
        (_, o) => vec![o],
    }
}

/// 4.2–6.0: `isinstance(SITE_ID, (type(None), int))` (a bool is an int).
fn typed(v: &Value) -> Outcome {
    match v {
        Value::None | Value::Int(_) | Value::Bool(_) => Outcome::Pass,
        Value::Unknown(u) => Outcome::Undecided(u.clone()),
        other => Outcome::Fire(format!(
            "SITE_ID is {}, not an integer: Django looks the current Site up by it",
            shown(other)
        )),
    }
}

/// 6.1: `int(SITE_ID)` (a ValidationError when it raises ValueError or
/// TypeError), then the result must equal SITE_ID.
fn validated(v: &Value) -> Outcome {
    let converted = match v {
        Value::None => return Outcome::Pass,
        Value::Unknown(u) => return Outcome::Undecided(u.clone()),
        Value::Int(_) | Value::Bool(_) => return Outcome::Pass,
        Value::Float(f) if f.is_infinite() => {
            return Outcome::Crash(
                "SITE_ID is an infinite float: int() raises OverflowError, which Django's check does not catch".into(),
            )
        }
        Value::Float(f) if f.is_nan() => None,
        Value::Float(f) => Some(f.fract() == 0.0),
        Value::Str(s) if !s.is_ascii() => {
            return Outcome::Undecided(Unknown::new(
                "SITE_ID is a string with characters beyond ASCII, whose int() the checker does not model",
            ))
        }
        Value::Str(s) => python_int(s).then_some(false),
        Value::Bytes(b) => std::str::from_utf8(b)
            .ok()
            .filter(|s| python_int(s) && s.is_ascii())
            .map(|_| false),
        // int() of a container or None-like object raises TypeError.
        Value::List(_) | Value::Tuple(_) | Value::Set(_) | Value::Dict(_) => None,
        Value::Object(_) => {
            return Outcome::Undecided(Unknown::new(
                "SITE_ID is an object whose int() the checker cannot tell",
            ))
        }
    };
    match converted {
        // int(SITE_ID) == SITE_ID (1.0 passes).
        Some(true) => Outcome::Pass,
        Some(false) => Outcome::FireNaming(
            format!("SITE_ID is {}, which Django converts to an int that differs from it: it must be an int", shown(v)),
            "must be of type int".into(),
        ),
        None => {
            // Django's message quotes str(SITE_ID) inside the list of the
            // ValidationError's messages.
            let text = match v {
                Value::Str(s) => s.to_string(),
                // repr() of an empty dict or set, which the evaluator's
                // repr does not build.
                Value::Dict(d) if d.borrow().entries.is_empty() => "{}".into(),
                Value::Set(s) if s.items.is_empty() => "set()".into(),
                other => crate::analysis::eval::repr(other).unwrap_or_default(),
            };
            let quoted = format!("“{text}” value must be an integer.");
            Outcome::FireNaming(
                format!("SITE_ID is {}, which is not an integer value (int() of it fails)", shown(v)),
                format!("failed to validate: [{}]", py_str_repr(&quoted)),
            )
        }
    }
}

fn shown(v: &Value) -> String {
    crate::analysis::eval::repr_within(v, 80).unwrap_or_else(|| v.a_type_name())
}

/// Whether Python's `int(text)` accepts it: whitespace, a sign, digits
/// with single underscores between them.
fn python_int(text: &str) -> bool {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    if t.is_empty() || t.starts_with('_') || t.ends_with('_') || t.contains("__") {
        return false;
    }
    t.chars().all(|c| c == '_' || c.is_ascii_digit())
}

/// Python's `repr()` of a string (the list of messages is printed as
/// `str(list)`).
fn py_str_repr(s: &str) -> String {
    crate::analysis::eval::repr(&Value::str(s)).unwrap_or_else(|| format!("'{s}'"))
}

#[cfg(test)]
mod tests {
    use super::super::ctx::testing::{crashes, fires, named};
    use super::*;
    use DjangoVersion as V;

    fn m(site_id: &str) -> String {
        format!("INSTALLED_APPS = [\"django.contrib.sites\"]\nSITE_ID = {site_id}\n")
    }

    /// What real Django 4.2.30–6.0.10 and 6.1.3 print for each value.
    #[test]
    fn site_id_by_release() {
        for (value, old, new) in [
            ("1", 0, 0),
            ("True", 0, 0),
            ("-1", 0, 0),
            ("2**40", 0, 0),
            ("None", 0, 0),
            ("\"1\"", 1, 1),
            ("\" 1 \"", 1, 1),
            ("\"1_0\"", 1, 1),
            ("1.0", 1, 0),
            ("1.5", 1, 1),
            ("float('nan')", 1, 1),
            ("\"abc\"", 1, 1),
            ("\"1.0\"", 1, 1),
            ("[]", 1, 1),
            ("(1,)", 1, 1),
            ("{}", 1, 1),
            ("b\"1\"", 1, 1),
        ] {
            for v in [V::V4_2, V::V5_2, V::V6_0] {
                assert_eq!(fires(e101, &m(value), v), Some(old), "{value} on {v}");
            }
            assert_eq!(fires(e101, &m(value), V::V6_1), Some(new), "{value} on 6.1");
        }
        assert!(crashes(e101, &m("float('inf')"), V::V6_1));
        assert_eq!(fires(e101, &m("float('inf')"), V::V6_0), Some(1));
    }

    #[test]
    fn the_two_6_1_messages() {
        assert_eq!(
            named(e101, &m("\"1\""), V::V6_1),
            vec!["must be of type int"]
        );
        assert_eq!(
            named(e101, &m("\"abc\""), V::V6_1),
            vec!["failed to validate: ['“abc” value must be an integer.']"]
        );
        assert_eq!(
            named(e101, &m("b\"abc\""), V::V6_1),
            vec!["failed to validate: [\"“b'abc'” value must be an integer.\"]"]
        );
        assert_eq!(
            named(e101, &m("{}"), V::V6_1),
            vec!["failed to validate: ['“{}” value must be an integer.']"]
        );
    }

    #[test]
    fn only_with_the_sites_app_and_a_site_id() {
        for v in V::SUPPORTED {
            assert_eq!(fires(e101, "SITE_ID = \"1\"\n", v), Some(0));
            assert_eq!(
                fires(e101, "INSTALLED_APPS = [\"django.contrib.sites\"]\n", v),
                Some(0)
            );
            let cfg =
                "INSTALLED_APPS = [\"django.contrib.sites.apps.SitesConfig\"]\nSITE_ID = \"1\"\n";
            assert_eq!(fires(e101, cfg, v), Some(1));
        }
    }
}
