//! Content Security Policy: E026 (6.0 on: SECURE_CSP and
//! SECURE_CSP_REPORT_ONLY are dicts or None) and W027 (6.1: a policy with
//! the nonce while ContentSecurityPolicyMiddleware runs and no template
//! backend has the csp context processor).

use crate::analysis::checks::ctx::{and, decide, py_in, Ctx, Q};
use crate::analysis::checks::Outcome;
use crate::analysis::eval::repr;
use crate::analysis::eval::value::{IterError, Tri, Unknown, Value};

pub const CSP_MW: &str = "django.middleware.csp.ContentSecurityPolicyMiddleware";
const CSP_PROCESSOR: &str = "django.template.context_processors.csp";
/// `CSP.NONCE`, a StrEnum member equal to this string.
const NONCE: &str = "<CSP_NONCE_SENTINEL>";

/// One error per setting that is neither None nor a dict; Django's message
/// names the setting and the value's repr.
pub(crate) fn e026(c: &Ctx) -> Vec<Outcome> {
    ["SECURE_CSP", "SECURE_CSP_REPORT_ONLY"]
        .into_iter()
        .map(|name| {
            let v = c.get(name).value;
            match &v {
                Value::None | Value::Dict(_) => Outcome::Pass,
                Value::Unknown(u) => Outcome::Undecided(u.clone()),
                Value::Object(_) => Outcome::Undecided(Unknown::new(format!(
                    "{name} is an object the checker cannot see into"
                ))),
                other => {
                    let shown = repr(other).unwrap_or_else(|| other.a_type_name());
                    Outcome::FireNaming(
                        format!(
                            "{}: a policy is a dict of directives (or None for no header)",
                            c.describe(name)
                        ),
                        format!("{name}\u{1f}{shown}"),
                    )
                }
            }
        })
        .collect()
}

/// `_csp_policy_contains_nonce(policy)`: some directive's value is the
/// nonce or contains it (`in`: a substring of a string); a value that
/// cannot hold it (TypeError) is skipped, a policy without `.values()` has
/// none.
fn has_nonce(policy: &Value) -> Tri {
    let values = match policy {
        Value::Dict(d) => {
            let d = d.borrow();
            let vals: Vec<Value> = d.entries.iter().map(|(_, v)| v.clone()).collect();
            (vals, d.extra.clone())
        }
        Value::Unknown(u) => return Tri::Unknown(u.clone()),
        Value::Object(_) => {
            return Tri::Unknown(Unknown::new("a CSP policy the checker cannot see into"))
        }
        _ => return Tri::False,
    };
    let mut result = match values.1 {
        crate::analysis::eval::value::Extra::Exact => Tri::False,
        crate::analysis::eval::value::Extra::MayContainMore(u)
        | crate::analysis::eval::value::Extra::Uncertain(u) => Tri::Unknown(u),
    };
    for v in &values.0 {
        let t = match v {
            Value::Object(_) => Tri::Unknown(Unknown::new(
                "a CSP directive value the checker cannot see into",
            )),
            _ => match v.py_eq(&Value::str(NONCE)) {
                Tri::True => Tri::True,
                eq => match py_in(v, NONCE) {
                    Some(Tri::True) => Tri::True,
                    Some(Tri::Unknown(u)) => Tri::Unknown(u),
                    _ => eq,
                },
            },
        };
        match t {
            Tri::True => return Tri::True,
            Tri::False => {}
            u => result = u,
        }
    }
    result
}

/// `_csp_context_processor_configured()`: a TEMPLATES dict whose
/// `OPTIONS.context_processors` holds the csp processor.
fn processor_configured(c: &Ctx) -> Q {
    let templates = c.get("TEMPLATES").value;
    let (items, extra) = match templates.iter_items() {
        Ok(x) => x,
        Err(IterError::Unknown(u)) => return Ok(Tri::Unknown(u)),
        Err(IterError::NotIterable(t)) => {
            return Err(format!("TEMPLATES is a {t}, which Django cannot iterate"))
        }
    };
    let mut result = match extra {
        crate::analysis::eval::value::Extra::Exact => Tri::False,
        crate::analysis::eval::value::Extra::MayContainMore(u)
        | crate::analysis::eval::value::Extra::Uncertain(u) => Tri::Unknown(u),
    };
    let get = |d: &Value, key: &str| -> Result<Option<Value>, Unknown> {
        let Value::Dict(d) = d else {
            return Err(Unknown::new("a TEMPLATES part the checker cannot see into"));
        };
        let d = d.borrow();
        match d.entries.iter().find(|(k, _)| k.as_str() == Some(key)) {
            Some((_, v)) => Ok(Some(v.clone())),
            None if matches!(d.extra, crate::analysis::eval::value::Extra::Exact)
                && !d.entries.iter().any(|(k, _)| k.is_unknown()) =>
            {
                Ok(None)
            }
            None => Err(Unknown::new(format!(
                "whether a TEMPLATES entry sets {key} is unknown"
            ))),
        }
    };
    for t in &items {
        let found = match t {
            Value::Dict(_) => match get(t, "OPTIONS") {
                Err(u) => Tri::Unknown(u),
                Ok(None) => Tri::False,
                Ok(Some(opts @ Value::Dict(_))) => match get(&opts, "context_processors") {
                    Err(u) => Tri::Unknown(u),
                    Ok(None) => Tri::False,
                    Ok(Some(cps)) => match py_in(&cps, CSP_PROCESSOR) {
                        Some(t) => t,
                        None => return Err(format!("a TEMPLATES entry's context_processors is {}, so Django's `in` test raises TypeError", cps.a_type_name())),
                    },
                },
                Ok(Some(Value::Unknown(u))) => Tri::Unknown(u),
                Ok(Some(other)) => {
                    return Err(format!("a TEMPLATES entry's OPTIONS is {}, so Django's `.get` on it raises AttributeError", other.a_type_name()))
                }
            },
            Value::Unknown(u) => Tri::Unknown(u.clone()),
            Value::Object(_) => Tri::Unknown(Unknown::new("a TEMPLATES entry the checker cannot see into")),
            _ => Tri::False,
        };
        match found {
            Tri::True => return Ok(Tri::True),
            Tri::False => {}
            u => result = u,
        }
    }
    Ok(result)
}

pub(crate) fn w027(c: &Ctx) -> Vec<Outcome> {
    let q = and(c.has("MIDDLEWARE", CSP_MW), || {
        let nonce = has_nonce(&c.get("SECURE_CSP").value);
        let nonce = match nonce {
            Tri::True => Tri::True,
            first => match (first, has_nonce(&c.get("SECURE_CSP_REPORT_ONLY").value)) {
                (_, Tri::True) => Tri::True,
                (Tri::False, second) => second,
                (u, _) => u,
            },
        };
        and(Ok(nonce), || processor_configured(c).map(Tri::negate))
    });
    decide(q, || {
        "a Content Security Policy uses the nonce and ContentSecurityPolicyMiddleware is in MIDDLEWARE, but no TEMPLATES backend has 'django.template.context_processors.csp' in its context_processors, so templates cannot put the nonce on their scripts".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checks::{check_by_id, DjangoVersion};
    use crate::analysis::eval::testing::evaluate_module;
    use crate::analysis::settings::Settings;

    fn kinds(rule: fn(&Ctx) -> Vec<Outcome>, module: &str) -> String {
        let eval = evaluate_module(module);
        let settings = Settings {
            namespace: &eval.namespace,
            version: DjangoVersion::V6_1,
        };
        rule(&Ctx::new(&settings))
            .iter()
            .map(|o| match o {
                Outcome::Pass => 'p',
                Outcome::Fire(_) | Outcome::FireNaming(..) => 'F',
                Outcome::Undecided(_) => 'u',
                Outcome::Crash(_) => 'C',
            })
            .collect()
    }

    #[test]
    fn e026_dicts_or_none() {
        assert_eq!(kinds(e026, ""), "pp");
        assert_eq!(
            kinds(e026, "SECURE_CSP = []\nSECURE_CSP_REPORT_ONLY = 'x'"),
            "FF"
        );
        assert_eq!(
            kinds(e026, "SECURE_CSP = None\nSECURE_CSP_REPORT_ONLY = {}"),
            "pp"
        );
        let eval = evaluate_module("SECURE_CSP = []");
        let settings = Settings {
            namespace: &eval.namespace,
            version: DjangoVersion::V6_0,
        };
        let Outcome::FireNaming(_, names) = &e026(&Ctx::new(&settings))[0] else {
            panic!()
        };
        assert_eq!(
            check_by_id("security.E026").unwrap().django_message(DjangoVersion::V6_0, Some(names)),
            "The Content Security Policy setting 'SECURE_CSP' must be a dictionary (got [] instead)."
        );
    }

    const MW: &str = "MIDDLEWARE = ['django.middleware.csp.ContentSecurityPolicyMiddleware']\n";

    #[test]
    fn w027_a_nonce_without_the_context_processor() {
        let nonce = "SECURE_CSP = {'script-src': ['<CSP_NONCE_SENTINEL>']}\n";
        assert_eq!(kinds(w027, &format!("{MW}{nonce}")), "F");
        assert_eq!(kinds(w027, nonce), "p", "no middleware");
        assert_eq!(kinds(w027, MW), "p", "no nonce");
        // `in` a string is a substring test; a value `in` cannot test is skipped.
        assert_eq!(kinds(w027, &format!("{MW}SECURE_CSP_REPORT_ONLY = {{'x': 5, 'script-src': 'self <CSP_NONCE_SENTINEL>'}}")), "F");
        let processor = "TEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'OPTIONS': {'context_processors': ['django.template.context_processors.csp']}}]\n";
        assert_eq!(kinds(w027, &format!("{MW}{nonce}{processor}")), "p");
        assert_eq!(
            kinds(w027, &format!("{MW}{nonce}TEMPLATES = [{{'OPTIONS': []}}]")),
            "C"
        );
        // CSP.NONCE from Django's module is a value the checker does not see.
        assert_eq!(kinds(w027, &format!("{MW}from django.utils.csp import CSP\nSECURE_CSP = {{'script-src': [CSP.NONCE]}}")), "u");
    }
}
