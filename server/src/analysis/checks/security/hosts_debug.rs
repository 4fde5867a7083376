//! What must be off or set in deployment: DEBUG (W018), ALLOWED_HOSTS (W020).

use crate::analysis::checks::ctx::{decide, describe, Ctx};
use crate::analysis::checks::Outcome;
use crate::analysis::eval::value::Value;

pub(crate) fn w018(c: &Ctx) -> Vec<Outcome> {
    decide(Ok(c.truthy("DEBUG")), || {
        let s = c.get("DEBUG");
        let extra = match &s.value {
            Value::Bool(_) => "",
            _ => " (Django tests DEBUG for truth, and this value is true)",
        };
        format!(
            "{}{extra}: never run with DEBUG on in deployment",
            describe(&s)
        )
    })
}

pub(crate) fn w020(c: &Ctx) -> Vec<Outcome> {
    decide(Ok(c.truthy("ALLOWED_HOSTS").negate()), || {
        format!(
            "{}: Django answers no request in deployment until it lists the site's host names",
            c.describe("ALLOWED_HOSTS")
        )
    })
}
