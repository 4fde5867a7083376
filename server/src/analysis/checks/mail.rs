//! Django 6.1's mail checks (`django/core/checks/mail.py`): W001 (MAILERS,
//! when the settings set it, has a `default` entry) and E001 (deploy: the
//! default mailer's BACKEND is not a development-only one).

use super::ctx::{py_in, Ctx};
use super::Outcome;
use crate::analysis::eval::repr;
use crate::analysis::eval::value::{Extra, Tri, Unknown, Value};

const NON_PRODUCTION: [&str; 4] = [
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
];

/// `settings.is_overridden("MAILERS")` and `"default" in MAILERS`.
pub(crate) fn w001(c: &Ctx) -> Vec<Outcome> {
    let s = c.get("MAILERS");
    // Global settings have no MAILERS: only the module's own counts
    // (`Settings.get` gives an unknown value when the module may set it).
    if s.is_absent() && !s.value.is_unknown() {
        return vec![Outcome::Pass];
    }
    vec![match py_in(&s.value, "default") {
        Some(Tri::True) => Outcome::Pass,
        Some(Tri::False) => Outcome::Fire(format!(
            "{}: with MAILERS set, sending email without naming a mailer uses its 'default' entry, which it lacks",
            super::ctx::describe(&s)
        )),
        Some(Tri::Unknown(u)) => Outcome::Undecided(u),
        None => Outcome::Crash(format!(
            "MAILERS is {}, so Django's `'default' in MAILERS` raises TypeError",
            s.value.a_type_name()
        )),
    }]
}

fn entry(d: &Value, key: &str) -> Result<Option<Value>, Unknown> {
    let Value::Dict(d) = d else { return Ok(None) };
    let d = d.borrow();
    match d.entries.iter().find(|(k, _)| k.as_str() == Some(key)) {
        Some((_, v)) => Ok(Some(v.clone())),
        None => match d.entries.iter().find_map(|(k, _)| k.as_unknown()) {
            Some(u) => Err(u.clone()),
            None => match &d.extra {
                Extra::Exact => Ok(None),
                Extra::MayContainMore(u) | Extra::Uncertain(u) => Err(u.clone()),
            },
        },
    }
}

/// `MAILERS["default"]["BACKEND"]` (a missing MAILERS, entry or BACKEND is
/// fine: SMTP) is one of the four development backends.
pub(crate) fn e001(c: &Ctx) -> Vec<Outcome> {
    let s = c.get("MAILERS");
    let undecided = |u: Unknown| vec![Outcome::Undecided(u)];
    let crash = |what: String| vec![Outcome::Crash(what)];
    let mailers = match &s.value {
        _ if s.is_absent() && !s.value.is_unknown() => return vec![Outcome::Pass],
        Value::Unknown(u) => return undecided(u.clone()),
        Value::Dict(_) => s.value.clone(),
        Value::Object(_) => {
            return undecided(Unknown::new(
                "MAILERS is an object the checker cannot see into",
            ))
        }
        other => {
            return crash(format!(
                "MAILERS is {}, so Django's `MAILERS['default']` raises TypeError",
                other.a_type_name()
            ))
        }
    };
    let default = match entry(&mailers, "default") {
        Err(u) => return undecided(u),
        Ok(None) => return vec![Outcome::Pass],
        Ok(Some(Value::Dict(d))) => Value::Dict(d),
        Ok(Some(Value::Unknown(u))) => return undecided(u),
        Ok(Some(Value::Object(_))) => {
            return undecided(Unknown::new(
                "MAILERS['default'] is an object the checker cannot see into",
            ))
        }
        Ok(Some(other)) => {
            return crash(format!(
                "MAILERS['default'] is {}, so Django's `['BACKEND']` on it raises TypeError",
                other.a_type_name()
            ))
        }
    };
    let backend = match entry(&default, "BACKEND") {
        Err(u) => return undecided(u),
        Ok(None) => return vec![Outcome::Pass],
        Ok(Some(b)) => b,
    };
    vec![match &backend {
        Value::Str(b) if NON_PRODUCTION.contains(&b.as_ref()) => Outcome::FireNaming(
            format!("MAILERS['default'] uses {}, a development backend that sends no email: use the SMTP backend (or another that delivers) in production", repr(&backend).unwrap_or_default()),
            b.to_string(),
        ),
        Value::Unknown(u) => Outcome::Undecided(u.clone()),
        Value::Object(_) => Outcome::Undecided(Unknown::new("MAILERS['default']['BACKEND'] is an object the checker cannot see into")),
        Value::List(_) | Value::Dict(_) | Value::Set(_) => Outcome::Crash(format!(
            "MAILERS['default']['BACKEND'] is {}, which Django's `in` test on a set cannot hash (TypeError)",
            backend.a_type_name()
        )),
        _ => Outcome::Pass,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checks::DjangoVersion;
    use crate::analysis::eval::testing::evaluate_module;
    use crate::analysis::settings::Settings;

    fn kind(rule: fn(&Ctx) -> Vec<Outcome>, module: &str) -> char {
        let eval = evaluate_module(module);
        let settings = Settings {
            namespace: &eval.namespace,
            version: DjangoVersion::V6_1,
        };
        match &rule(&Ctx::new(&settings))[..] {
            [Outcome::Pass] => 'p',
            [Outcome::Fire(_) | Outcome::FireNaming(..)] => 'F',
            [Outcome::Undecided(_)] => 'u',
            [Outcome::Crash(_)] => 'C',
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn w001_a_mailers_setting_needs_a_default() {
        assert_eq!(kind(w001, ""), 'p', "not set: nothing");
        assert_eq!(kind(w001, "MAILERS = {}"), 'F');
        assert_eq!(kind(w001, "MAILERS = {'notifications': {}}"), 'F');
        assert_eq!(kind(w001, "MAILERS = []"), 'F');
        assert_eq!(kind(w001, "MAILERS = {'default': {}}"), 'p');
        assert_eq!(kind(w001, "MAILERS = None"), 'C');
        assert_eq!(
            kind(w001, "from .other import *"),
            'u',
            "a star import may set it"
        );
    }

    #[test]
    fn e001_the_default_mailer_is_not_a_development_backend() {
        let with = |b: &str| format!("MAILERS = {{'default': {{'BACKEND': '{b}'}}}}");
        for dev in NON_PRODUCTION {
            assert_eq!(kind(e001, &with(dev)), 'F', "{dev}");
        }
        assert_eq!(
            kind(e001, &with("django.core.mail.backends.smtp.EmailBackend")),
            'p'
        );
        assert_eq!(
            kind(
                e001,
                &with("Django.core.mail.backends.console.EmailBackend")
            ),
            'p',
            "exact, case and all"
        );
        assert_eq!(kind(e001, ""), 'p');
        assert_eq!(
            kind(e001, "MAILERS = {'default': {}}"),
            'p',
            "no BACKEND is SMTP"
        );
        assert_eq!(kind(e001, "MAILERS = {'other': {'BACKEND': 'django.core.mail.backends.console.EmailBackend'}}"), 'p');
        assert_eq!(kind(e001, "MAILERS = {'default': 'smtp'}"), 'C');
        assert_eq!(kind(e001, "MAILERS = []"), 'C');
        assert_eq!(
            kind(
                e001,
                "import os\nMAILERS = {'default': {'BACKEND': os.environ['B']}}"
            ),
            'u'
        );
        let eval = evaluate_module(&with(NON_PRODUCTION[0]));
        let settings = Settings {
            namespace: &eval.namespace,
            version: DjangoVersion::V6_1,
        };
        match &e001(&Ctx::new(&settings))[0] {
            Outcome::FireNaming(_, b) => {
                assert_eq!(b, NON_PRODUCTION[0], "Django's message names it")
            }
            other => panic!("{other:?}"),
        }
    }
}
