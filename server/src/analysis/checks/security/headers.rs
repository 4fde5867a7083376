//! Response headers SecurityMiddleware and XFrameOptionsMiddleware set:
//! nosniff (W006), X-Frame-Options (W019), Referrer-Policy (W022, E023),
//! Cross-Origin-Opener-Policy (E024).

use crate::analysis::checks::ctx::{and, decide, Ctx};
use crate::analysis::checks::Outcome;
use crate::analysis::checks::XFO_MW;
use crate::analysis::eval::repr;
use crate::analysis::eval::value::{Extra, IterError, Tri, Unknown, Value};

pub const REFERRER_POLICY_VALUES: [&str; 8] = [
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
];

pub const COOP_VALUES: [&str; 3] = ["same-origin", "same-origin-allow-popups", "unsafe-none"];

pub(crate) fn w006(c: &Ctx) -> Vec<Outcome> {
    decide(
        and(c.sec_mw(), || {
            Ok(c.is_true("SECURE_CONTENT_TYPE_NOSNIFF").negate())
        }),
        || {
            format!(
            "{}: set it to True so browsers do not guess content types (X-Content-Type-Options: nosniff)",
            c.describe("SECURE_CONTENT_TYPE_NOSNIFF")
        )
        },
    )
}

pub(crate) fn w019(c: &Ctx) -> Vec<Outcome> {
    let q = and(c.has("MIDDLEWARE", XFO_MW), || {
        Ok(c.get("X_FRAME_OPTIONS")
            .value
            .py_eq(&Value::str("DENY"))
            .negate())
    });
    decide(q, || {
        format!("{}: with XFrameOptionsMiddleware, set it to 'DENY' (exactly, in capitals) unless pages must be framed", c.describe("X_FRAME_OPTIONS"))
    })
}

pub(crate) fn w022(c: &Ctx) -> Vec<Outcome> {
    let q = and(c.sec_mw(), || {
        let v = c.get("SECURE_REFERRER_POLICY").value;
        Ok(match v {
            Value::None => Tri::True,
            Value::Unknown(u) => Tri::Unknown(u),
            _ => Tri::False,
        })
    });
    decide(q, || {
        format!(
            "{}: set a Referrer-Policy such as 'same-origin'",
            c.describe("SECURE_REFERRER_POLICY")
        )
    })
}

/// The referrer-policy values as Django collects them, or a crash.
pub(crate) fn referrer_values(v: &Value) -> Result<Result<Vec<Value>, Unknown>, String> {
    match v {
        Value::Str(s) => Ok(Ok(s.split(',').map(|p| Value::str(p.trim())).collect())),
        Value::Unknown(u) => Ok(Err(u.clone())),
        Value::List(_) | Value::Tuple(_) | Value::Set(_) | Value::Dict(_) => match v.iter_items() {
            Ok((items, Extra::Exact)) => {
                if items
                    .iter()
                    .any(|i| matches!(i, Value::List(_) | Value::Dict(_) | Value::Set(_)))
                {
                    return Err("SECURE_REFERRER_POLICY contains an unhashable value, so Django's check raises TypeError".into());
                }
                Ok(Ok(items))
            }
            Ok((_, Extra::MayContainMore(u) | Extra::Uncertain(u))) => Ok(Err(u)),
            Err(IterError::Unknown(u)) => Ok(Err(u)),
            Err(IterError::NotIterable(_)) => Err("SECURE_REFERRER_POLICY is not iterable".into()),
        },
        Value::Bytes(_) => Ok(Ok(vec![Value::unknown("bytes values")])),
        other => Err(format!(
            "SECURE_REFERRER_POLICY is {}, so Django's check raises TypeError (not iterable)",
            repr(other).unwrap_or_else(|| other.type_name().into())
        )),
    }
}

pub(crate) fn e023(c: &Ctx) -> Vec<Outcome> {
    let v = c.get("SECURE_REFERRER_POLICY").value;
    let q = and(c.sec_mw(), || {
        if matches!(v, Value::None) {
            return Ok(Tri::False);
        }
        match referrer_values(&v)? {
            Err(u) => Ok(Tri::Unknown(u)),
            Ok(values) => {
                let mut invalid = Tri::False;
                for val in values {
                    match val {
                        Value::Str(s) if REFERRER_POLICY_VALUES.contains(&s.as_ref()) => {}
                        Value::Unknown(u) => invalid = Tri::Unknown(u),
                        _ => return Ok(Tri::True),
                    }
                }
                Ok(invalid)
            }
        }
    });
    decide(q, || {
        format!(
            "{}: every value must be one of {}",
            c.describe("SECURE_REFERRER_POLICY"),
            REFERRER_POLICY_VALUES.join(", ")
        )
    })
}

pub(crate) fn e024(c: &Ctx) -> Vec<Outcome> {
    let v = c.get("SECURE_CROSS_ORIGIN_OPENER_POLICY").value;
    let q = and(c.sec_mw(), || {
        match &v {
        Value::None => Ok(Tri::False),
        Value::Unknown(u) => Ok(Tri::Unknown(u.clone())),
        Value::Str(s) => Ok(Tri::from_bool(!COOP_VALUES.contains(&s.as_ref()))),
        Value::List(_) | Value::Dict(_) | Value::Set(_) => Err(format!(
            "SECURE_CROSS_ORIGIN_OPENER_POLICY is a {}, so Django's check raises TypeError (unhashable)",
            v.type_name()
        )),
        _ => Ok(Tri::True),
    }
    });
    decide(q, || {
        format!(
            "{}: it must be one of {} (or None)",
            c.describe("SECURE_CROSS_ORIGIN_OPENER_POLICY"),
            COOP_VALUES.join(", ")
        )
    })
}
