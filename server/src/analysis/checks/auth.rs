//! The auth app's settings check (`django/contrib/auth/checks.py`,
//! `check_middleware`, 5.1+): LoginRequiredMiddleware needs
//! AuthenticationMiddleware before it. Registered by the auth app's
//! `ready()`, without a tag.

use super::ctx::Ctx;
use super::installed::{entries, every_possibility, Seen, AUTH_MW, LOGIN_REQUIRED_MW};
use super::Outcome;
use crate::analysis::eval::value::Tri;

const AUTH_APP: &str = "django.contrib.auth";

#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Pass,
    Fire,
    Raises(String),
}

/// `_subclass_index` twice: the first entry that is LoginRequiredMiddleware
/// or a subclass, then the first AuthenticationMiddleware; ImportError and
/// TypeError are skipped, anything else a scan meets raises (an entry that
/// is not a string: AttributeError).
pub(crate) fn e013(c: &Ctx) -> Vec<Outcome> {
    let gate = c.app_checks_run(AUTH_APP);
    if gate == Tri::False {
        return vec![];
    }
    let outcome = match entries(c, "MIDDLEWARE", &[LOGIN_REQUIRED_MW, AUTH_MW]) {
        Err(Ok(u)) => Outcome::Undecided(u),
        Err(Err(why)) => Outcome::Crash(why),
        Ok(list) => match every_possibility(&list, 2, judge) {
            Ok(Verdict::Pass) => Outcome::Pass,
            Ok(Verdict::Fire) => Outcome::Fire(
                "MIDDLEWARE has LoginRequiredMiddleware without AuthenticationMiddleware before it, which it needs to know the user".into(),
            ),
            Ok(Verdict::Raises(why)) => Outcome::Crash(why),
            Err(u) => Outcome::Undecided(u),
        },
    };
    match (gate, outcome) {
        (Tri::Unknown(u), o) if o != Outcome::Pass => vec![Outcome::Undecided(u)],
        (_, o) => vec![o],
    }
}

fn judge(seen: &[Seen]) -> Verdict {
    let index = |class: usize| -> Result<Option<usize>, String> {
        for (i, e) in seen.iter().enumerate() {
            match e {
                Ok(is) if is[class] => return Ok(Some(i)),
                Ok(_) | Err((_, true)) => {}
                Err((why, false)) => return Err(why.to_string()),
            }
        }
        Ok(None)
    };
    let login = match index(0) {
        Ok(Some(l)) => l,
        Ok(None) => return Verdict::Pass,
        Err(why) => return Verdict::Raises(why),
    };
    match index(1) {
        Ok(Some(a)) if a < login => Verdict::Pass,
        Ok(_) => Verdict::Fire,
        Err(why) => Verdict::Raises(why),
    }
}

#[cfg(test)]
mod tests {
    use super::super::ctx::testing::{crashes, fires, undecided};
    use super::super::DjangoVersion as V;
    use super::*;

    const LR: &str = "\"django.contrib.auth.middleware.LoginRequiredMiddleware\"";
    const AM: &str = "\"django.contrib.auth.middleware.AuthenticationMiddleware\"";

    fn m(mw: &str) -> String {
        format!("INSTALLED_APPS = [\"django.contrib.auth\", \"django.contrib.contenttypes\"]\nMIDDLEWARE = {mw}\n")
    }

    #[test]
    fn login_required_needs_authentication_before_it() {
        for v in [V::V5_2, V::V6_0, V::V6_1] {
            assert_eq!(fires(e013, &m(&format!("[{LR}, {AM}]")), v), Some(1));
            assert_eq!(fires(e013, &m(&format!("[{LR}]")), v), Some(1));
            assert_eq!(fires(e013, &m(&format!("[{AM}, {LR}]")), v), Some(0));
            assert_eq!(fires(e013, &m("[]"), v), Some(0));
            // RemoteUserMiddleware is no AuthenticationMiddleware.
            assert_eq!(
                fires(
                    e013,
                    &m(&format!(
                        "[\"django.contrib.auth.middleware.RemoteUserMiddleware\", {LR}]"
                    )),
                    v
                ),
                Some(1)
            );
            // Not installed: nothing runs.
            assert_eq!(
                fires(e013, &format!("MIDDLEWARE = [{LR}, 1]\n"), v),
                Some(0)
            );
            let cfg = "INSTALLED_APPS = [\"django.contrib.auth.apps.AuthConfig\", \"django.contrib.contenttypes\"]\n";
            assert_eq!(
                fires(e013, &format!("{cfg}MIDDLEWARE = [{LR}]\n"), v),
                Some(1)
            );
        }
    }

    #[test]
    fn every_entry_a_scan_reaches_is_imported() {
        for v in [V::V5_2, V::V6_1] {
            assert!(crashes(
                e013,
                &m("[1, \"django.contrib.sessions.middleware.SessionMiddleware\"]"),
                v
            ));
            assert!(crashes(e013, &m(&format!("[{LR}, 1, {AM}]")), v));
            assert_eq!(fires(e013, &m(&format!("[{AM}, {LR}, 1]")), v), Some(0));
            // Characters of a string: "." raises ValueError; no dot, ImportError.
            assert!(crashes(
                e013,
                &m("\"django.middleware.common.CommonMiddleware\""),
                v
            ));
            assert_eq!(fires(e013, &m("\"abc\""), v), Some(0));
            // A relative path raises TypeError, which this scan skips.
            assert_eq!(fires(e013, &m("[\".x.Y\"]"), v), Some(0));
        }
    }

    #[test]
    fn a_project_class_may_be_either() {
        let v = V::V6_1;
        assert!(undecided(
            e013,
            &m(&format!("[\"myproj.mw.Mine\", {AM}]")),
            v
        ));
        // After the authentication middleware it cannot matter.
        assert_eq!(
            fires(e013, &m(&format!("[{AM}, \"myproj.mw.Mine\"]")), v),
            Some(0)
        );
        assert_eq!(
            fires(e013, &m(&format!("[{AM}, {LR}, \"myproj.mw.Mine\"]")), v),
            Some(0)
        );
    }
}

#[cfg(test)]
mod project_classes {
    use super::super::ctx::testing::outcomes_in;
    use super::super::DjangoVersion as V;
    use super::*;

    /// The project's middleware classes are read from its files: one that
    /// derives from MiddlewareMixin only is neither middleware the scans
    /// look for, so the order of the others decides.
    #[test]
    fn the_projects_middleware_is_read_from_its_files() {
        let settings = |mw: &str| {
            format!("INSTALLED_APPS = [\"django.contrib.auth\", \"django.contrib.contenttypes\"]\nMIDDLEWARE = [{mw}]\n")
        };
        let mw = "from django.utils.deprecation import MiddlewareMixin\nfrom django.contrib.auth.middleware import LoginRequiredMiddleware\n\nclass Timing(MiddlewareMixin):\n    pass\n\nclass Strict(LoginRequiredMiddleware):\n    pass\n";
        let run = |entries: &str| {
            outcomes_in(
                e013,
                &[
                    ("/proj/proj/__init__.py", ""),
                    ("/proj/proj/mw.py", mw),
                    ("/proj/settings.py", &settings(entries)),
                ],
                V::V6_1,
            )
        };
        let am = "\"django.contrib.auth.middleware.AuthenticationMiddleware\"";
        assert_eq!(
            run(&format!("\"proj.mw.Timing\", {am}")),
            vec![Outcome::Pass]
        );
        assert!(matches!(
            run(&format!("\"proj.mw.Strict\", {am}"))[..],
            [Outcome::Fire(_)]
        ));
        assert_eq!(
            run(&format!("{am}, \"proj.mw.Strict\"")),
            vec![Outcome::Pass]
        );
        // A module of the project without the name: ImportError, skipped.
        assert!(matches!(
            run("\"proj.mw.Nothing\", \"proj.mw.Strict\"")[..],
            [Outcome::Fire(_)]
        ));
    }
}
