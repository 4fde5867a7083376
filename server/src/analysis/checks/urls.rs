//! Django's URL check the settings decide (`django/core/checks/urls.py`,
//! core): E006, STATIC_URL and MEDIA_URL ending with a slash. (The other
//! urls.* checks import ROOT_URLCONF: project code.)

use super::ctx::Ctx;
use super::Outcome;
use crate::analysis::eval::value::{Unknown, Value};

/// One error per setting whose value is truthy and does not end with `/`.
/// Django reads both through its settings object, which puts the script
/// prefix (always ending with `/`) before a value not starting with
/// `http://`, `https://` or `/`: so `""` becomes `"/"` and passes, and a
/// value that is not None nor a string raises there.
pub(crate) fn e006(c: &Ctx) -> Vec<Outcome> {
    ["STATIC_URL", "MEDIA_URL"]
        .into_iter()
        .map(|name| {
            let v = c.get(name).value;
            match &v {
                Value::None => Outcome::Pass,
                Value::Str(s) if s.is_empty() || s.ends_with('/') => Outcome::Pass,
                Value::Str(_) => Outcome::FireNaming(
                    format!("{}: Django joins paths to it, so it must end with a slash", c.describe(name)),
                    name.to_string(),
                ),
                Value::Unknown(u) => Outcome::Undecided(u.clone()),
                Value::Object(_) => Outcome::Undecided(Unknown::new(format!(
                    "{name} is an object the checker cannot see into"
                ))),
                other => Outcome::Crash(format!(
                    "{name} is {}, so Django's settings raise when they add the script prefix to it (`.startswith`)",
                    other.a_type_name()
                )),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checks::DjangoVersion;
    use crate::analysis::eval::testing::evaluate_module;
    use crate::analysis::settings::Settings;

    fn outcomes(module: &str) -> Vec<Outcome> {
        let eval = evaluate_module(module);
        let mut all = vec![];
        for version in DjangoVersion::SUPPORTED {
            let settings = Settings {
                namespace: &eval.namespace,
                version,
            };
            let o = e006(&Ctx::new(&settings));
            if !all.is_empty() {
                assert_eq!(all, o, "the same on every release");
            }
            all = o;
        }
        all
    }

    fn fired(module: &str) -> Vec<String> {
        outcomes(module)
            .into_iter()
            .filter_map(|o| match o {
                Outcome::FireNaming(_, n) => Some(n),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_url_without_a_final_slash_fires_per_setting() {
        assert!(fired("").is_empty(), "STATIC_URL None, MEDIA_URL ''");
        assert_eq!(fired("STATIC_URL = 'static'"), ["STATIC_URL"]);
        assert_eq!(
            fired("STATIC_URL = 'https://cdn/x'\nMEDIA_URL = 'media'"),
            ["STATIC_URL", "MEDIA_URL"]
        );
        assert!(fired("STATIC_URL = '//cdn/x/'\nMEDIA_URL = ''").is_empty());
        assert!(fired("STATIC_URL = '/static/'\nMEDIA_URL = 'media/'").is_empty());
    }

    #[test]
    fn a_value_that_is_not_a_string_crashes_the_settings() {
        for module in [
            "STATIC_URL = 5",
            "MEDIA_URL = False",
            "MEDIA_URL = b'/m/'",
            "STATIC_URL = ['/s/']",
        ] {
            assert!(
                outcomes(module)
                    .iter()
                    .any(|o| matches!(o, Outcome::Crash(_))),
                "{module}"
            );
        }
        assert!(matches!(
            outcomes("import os\nSTATIC_URL = os.environ['STATIC_URL']")[0],
            Outcome::Undecided(_)
        ));
    }
}
