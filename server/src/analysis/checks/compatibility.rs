//! Django's compatibility checks that the settings decide
//! (`django/core/checks/compatibility/`): 4_0.E001, the scheme Django 4.0
//! made `CSRF_TRUSTED_ORIGINS` entries need.

use crate::analysis::checks::ctx::Ctx;
use crate::analysis::checks::Outcome;
use crate::analysis::eval::repr;
use crate::analysis::eval::value::{Extra, IterError, Value};

/// One error per entry without `://` (a string is iterated character by
/// character, as Django does); an entry that is not a string makes
/// Django's `in` test raise.
pub(crate) fn e001_4_0(c: &Ctx) -> Vec<Outcome> {
    let s = c.get("CSRF_TRUSTED_ORIGINS");
    let (items, extra) = match s.value.iter_items() {
        Ok(x) => x,
        Err(IterError::Unknown(u)) => return vec![Outcome::Undecided(u)],
        Err(IterError::NotIterable(_)) => {
            return vec![Outcome::Crash(format!(
                "CSRF_TRUSTED_ORIGINS is {}, which Django cannot iterate",
                s.value.a_type_name()
            ))]
        }
    };
    if let Extra::Uncertain(u) = &extra {
        return vec![Outcome::Undecided(u.clone())];
    }
    let mut out = vec![];
    for item in &items {
        match item {
            Value::Str(origin) if origin.contains("://") => {}
            Value::Str(origin) => out.push(Outcome::FireNaming(
                format!(
                    "CSRF_TRUSTED_ORIGINS entry {} has no scheme: since Django 4.0 each origin starts with one (https://www.example.com)",
                    repr(item).unwrap_or_default()
                ),
                origin.to_string(),
            )),
            Value::Unknown(u) => out.push(Outcome::Undecided(u.clone())),
            other => out.push(Outcome::Crash(format!(
                "CSRF_TRUSTED_ORIGINS holds {}, so Django's `'://' in origin` raises TypeError",
                other.a_type_name()
            ))),
        }
    }
    if let Extra::MayContainMore(u) = extra {
        out.push(Outcome::Undecided(u));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::eval::testing::evaluate_module;
    use crate::analysis::settings::Settings;

    fn outcomes(module: &str) -> Vec<Outcome> {
        let eval = evaluate_module(module);
        let settings = Settings {
            namespace: &eval.namespace,
            version: eval.django.version,
        };
        e001_4_0(&Ctx::new(&settings))
    }

    fn fired(module: &str) -> usize {
        outcomes(module)
            .iter()
            .filter(|o| matches!(o, Outcome::FireNaming(..)))
            .count()
    }

    #[test]
    fn one_error_per_origin_without_a_scheme() {
        assert_eq!(fired(""), 0, "the default is []");
        assert_eq!(fired("CSRF_TRUSTED_ORIGINS = ['https://a.example', 'HTTPS://B', 'https://*.example.com']"), 0);
        assert_eq!(
            fired("CSRF_TRUSTED_ORIGINS = ['example.com', 'c:/x', 'http://ok']"),
            2
        );
        // A string is iterated per character, as Django does.
        assert_eq!(fired("CSRF_TRUSTED_ORIGINS = 'https://ex.com'"), 14);
    }

    #[test]
    fn a_non_string_entry_crashes_and_an_unknown_one_is_undecided() {
        assert!(matches!(
            outcomes("CSRF_TRUSTED_ORIGINS = [5]")[..],
            [Outcome::Crash(_)]
        ));
        assert!(matches!(
            outcomes("import os\nCSRF_TRUSTED_ORIGINS = [os.environ['ORIGIN']]")[..],
            [Outcome::Undecided(_)]
        ));
    }
}
