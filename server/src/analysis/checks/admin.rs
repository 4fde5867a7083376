//! The admin's settings checks (`django/contrib/admin/checks.py`,
//! `check_dependencies`): the apps, template engine, context processors
//! and middleware the admin needs. They run only when the admin's config
//! registers them (`django.contrib.admin`, its AdminConfig or
//! SimpleAdminConfig, or a subclass). admin.E401 and E405 cannot be
//! printed: Django fails to load first without contenttypes and auth.

use super::ctx::{dict_get, py_in, Ctx};
use super::engines::{self, first_django};
use super::installed::{
    entries, every_possibility, Seen, AUTH_MW, MESSAGE_MW, MODEL_BACKEND, SESSION_MW,
};
use super::{DjangoVersion, Outcome};
use crate::analysis::apps::AppFact;
use crate::analysis::eval::value::{Tri, Unknown, Value};

pub(crate) const ADMIN_APP: &str = "django.contrib.admin";
const AUTH_CP: &str = "django.contrib.auth.context_processors.auth";
const MESSAGES_CP: &str = "django.contrib.messages.context_processors.messages";
const REQUEST_CP: &str = "django.template.context_processors.request";

pub(crate) fn e402(c: &Ctx) -> Vec<Outcome> {
    of(c, "admin.E402")
}
pub(crate) fn e403(c: &Ctx) -> Vec<Outcome> {
    of(c, "admin.E403")
}
pub(crate) fn e404(c: &Ctx) -> Vec<Outcome> {
    of(c, "admin.E404")
}
pub(crate) fn e406(c: &Ctx) -> Vec<Outcome> {
    of(c, "admin.E406")
}
pub(crate) fn e408(c: &Ctx) -> Vec<Outcome> {
    of(c, "admin.E408")
}
pub(crate) fn e409(c: &Ctx) -> Vec<Outcome> {
    of(c, "admin.E409")
}
pub(crate) fn e410(c: &Ctx) -> Vec<Outcome> {
    of(c, "admin.E410")
}
pub(crate) fn w411(c: &Ctx) -> Vec<Outcome> {
    of(c, "admin.W411")
}

/// One check's part of the admin's run: only when the admin registers its
/// checks (an unknown installation leaves undecided what would not pass).
fn of(c: &Ctx, id: &str) -> Vec<Outcome> {
    let gate = c.app_checks_run(ADMIN_APP);
    if gate == Tri::False {
        return vec![];
    }
    let mine: Vec<Outcome> = run(c)
        .into_iter()
        .filter(|(i, _)| *i == id)
        .map(|(_, o)| o)
        .collect();
    match gate {
        Tri::Unknown(u) if mine.iter().any(|o| !matches!(o, Outcome::Pass)) => {
            vec![Outcome::Undecided(u)]
        }
        _ => mine,
    }
}

/// `check_dependencies`, in Django's order: it stops at the first
/// exception, which only the check that raises reports.
fn run(c: &Ctx) -> Vec<(&'static str, Outcome)> {
    let mut out = vec![];
    match c.app_installed("django.contrib.messages") {
        Tri::False => out.push((
            "admin.E406",
            Outcome::Fire(
                "'django.contrib.messages' is not in INSTALLED_APPS, and the admin needs it".into(),
            ),
        )),
        Tri::Unknown(u) => out.push(("admin.E406", Outcome::Undecided(u))),
        Tri::True => {}
    }
    if !templates(c, &mut out) {
        return out;
    }
    for (id, class, what) in [
        ("admin.E408", AUTH_MW, "AuthenticationMiddleware"),
        ("admin.E409", MESSAGE_MW, "MessageMiddleware"),
        ("admin.E410", SESSION_MW, "SessionMiddleware"),
    ] {
        let outcome = match contains_subclass(c, "MIDDLEWARE", class) {
            Ok(Scan::Found) => Outcome::Pass,
            Ok(Scan::NotFound) => Outcome::Fire(format!(
                "MIDDLEWARE has no '{class}' (nor a subclass of {what}), which the admin needs"
            )),
            Ok(Scan::Raises(why)) => {
                out.push((id, Outcome::Crash(why)));
                return out;
            }
            Err(u) => Outcome::Undecided(u),
        };
        out.push((id, outcome));
    }
    out
}

/// The checks of the first DjangoTemplates engine: false when Django
/// raises there (the run stops).
fn templates(c: &Ctx, out: &mut Vec<(&'static str, Outcome)>) -> bool {
    let undecided = |out: &mut Vec<(&'static str, Outcome)>, u: &Unknown| {
        for id in ["admin.E403", "admin.E402", "admin.E404", "admin.W411"] {
            out.push((id, Outcome::Undecided(u.clone())));
        }
    };
    // 5.2+'s own templates check builds the same engines, and reports
    // what raises there (templates.E002's row); 4.2 builds them here only.
    let reports_build = c.settings.version < DjangoVersion::V5_2;
    let engines = match engines::build(c) {
        Ok(e) => e,
        Err(Outcome::Crash(why)) => {
            if reports_build {
                out.push(("admin.E403", Outcome::Crash(why)));
            }
            return false;
        }
        Err(Outcome::Undecided(u)) => {
            undecided(out, &u);
            return true;
        }
        Err(_) => return true,
    };
    if reports_build {
        if let Some(u) = &engines.doubt {
            out.push(("admin.E403", Outcome::Undecided(u.clone())));
        }
    }
    let engine = match first_django(&engines) {
        Ok(Some(e)) => e,
        Ok(None) => {
            out.push((
                "admin.E403",
                Outcome::Fire(
                    "TEMPLATES has no DjangoTemplates engine, which the admin needs".into(),
                ),
            ));
            return true;
        }
        Err(u) => {
            undecided(out, &u);
            return true;
        }
    };
    let processors = match dict_get(&engine.options, "context_processors") {
        Ok(Some(Value::None) | None) => Value::list(vec![]),
        Ok(Some(v)) => v,
        Err(u) => Value::Unknown(u),
    };
    // `NAME not in context_processors`, as Django tests it.
    let missing = |name: &str| -> Result<Tri, String> {
        match &processors {
            Value::Object(_) => Ok(Tri::Unknown(Unknown::new(
                "the first DjangoTemplates engine's context_processors is an object the checker cannot look into",
            ))),
            v => py_in(v, name).map(Tri::negate).ok_or_else(|| {
                format!(
                    "the first DjangoTemplates engine's context_processors is {}, so Django's `in` test raises TypeError",
                    v.a_type_name()
                )
            }),
        }
    };
    let auth = match missing(AUTH_CP) {
        Ok(t) => t,
        Err(why) => {
            out.push(("admin.E402", Outcome::Crash(why)));
            return false;
        }
    };
    let e402 = match auth {
        Tri::False => Outcome::Pass,
        auth => match contains_subclass(c, "AUTHENTICATION_BACKENDS", MODEL_BACKEND) {
            Ok(Scan::Raises(why)) => {
                out.push(("admin.E402", Outcome::Crash(why)));
                return false;
            }
            Ok(Scan::NotFound) => Outcome::Pass,
            Ok(Scan::Found) => match auth {
                Tri::True => Outcome::Fire(format!("the first DjangoTemplates engine's context_processors lacks '{AUTH_CP}', which the admin needs with a ModelBackend in AUTHENTICATION_BACKENDS")),
                Tri::Unknown(u) => Outcome::Undecided(u),
                Tri::False => Outcome::Pass,
            },
            Err(u) => Outcome::Undecided(u),
        },
    };
    out.push(("admin.E402", e402));
    let e404 = match missing(MESSAGES_CP) {
        Ok(Tri::True) => Outcome::Fire(format!("the first DjangoTemplates engine's context_processors lacks '{MESSAGES_CP}', which the admin needs")),
        Ok(Tri::False) => Outcome::Pass,
        Ok(Tri::Unknown(u)) => Outcome::Undecided(u),
        Err(why) => Outcome::Crash(why),
    };
    out.push(("admin.E404", e404));
    let w411 = match missing(REQUEST_CP) {
        Ok(Tri::False) => Outcome::Pass,
        Ok(Tri::True) => match sidebar_enabled(c) {
            Tri::True => Outcome::Fire(format!("the first DjangoTemplates engine's context_processors lacks '{REQUEST_CP}', which the admin's navigation sidebar needs")),
            Tri::False => Outcome::Pass,
            Tri::Unknown(u) => Outcome::Undecided(u),
        },
        Ok(Tri::Unknown(u)) => Outcome::Undecided(u),
        Err(why) => Outcome::Crash(why),
    };
    out.push(("admin.W411", w411));
    true
}

/// `any(site.enable_nav_sidebar for site in all_sites)`: AdminConfig's
/// `ready()` autodiscovers, which makes the default site (its sidebar is
/// on); SimpleAdminConfig makes none, so a site exists only if code makes
/// one (a URLconf with `admin.site.urls`, an app's models).
fn sidebar_enabled(c: &Ctx) -> Tri {
    let configs = c.app_configs(ADMIN_APP);
    let mut unknown = None;
    for f in &configs {
        match f {
            AppFact::Contrib { config, .. } if config.ends_with(".AdminConfig") => {
                return Tri::True
            }
            AppFact::Subclass {
                base,
                sets_default_site,
                ..
            } if base.ends_with(".AdminConfig") => {
                if *sets_default_site {
                    unknown.get_or_insert_with(|| {
                        Unknown::new("the admin's config sets its own default_site, whose enable_nav_sidebar is the project's code")
                    });
                } else {
                    return Tri::True;
                }
            }
            _ => {}
        }
    }
    if let Some(u) = unknown {
        return Tri::Unknown(u);
    }
    // SimpleAdminConfig: a site exists only if some code makes one.
    let urlconf = c.get("ROOT_URLCONF");
    match urlconf.value.truthy() {
        Tri::False => {}
        Tri::True => {
            return Tri::Unknown(Unknown::new(
                "with SimpleAdminConfig an admin site exists only if code makes one: the URLconf may (admin.site.urls), before or after the admin's check runs",
            ))
        }
        Tri::Unknown(u) => return Tri::Unknown(u),
    }
    // Django's own apps make no site without autodiscovery.
    let django_app = |e: &str| {
        e.starts_with("django.")
            || c.facts.apps.iter().any(|(k, f)| {
                k == e && matches!(f, AppFact::Contrib { .. } | AppFact::Subclass { .. })
            })
    };
    match c.get("INSTALLED_APPS").value.iter_items() {
        Ok((items, _)) if items.iter().all(|i| i.as_str().is_some_and(django_app)) => Tri::False,
        _ => Tri::Unknown(Unknown::new(
            "with SimpleAdminConfig an admin site exists only if code makes one, which a project app may",
        )),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Scan {
    Found,
    NotFound,
    Raises(String),
}

/// `_contains_subclass(class, settings.<setting>)`: each entry imported in
/// turn, ImportError skipped, the first match ends the scan; anything else
/// an import raises (an entry that is not a string) raises.
fn contains_subclass(c: &Ctx, setting: &'static str, class: &str) -> Result<Scan, Unknown> {
    let list = match entries(c, setting, &[class]) {
        Ok(l) => l,
        Err(Ok(u)) => return Err(u),
        Err(Err(why)) => return Ok(Scan::Raises(why)),
    };
    every_possibility(&list, 1, |seen: &[Seen]| {
        for e in seen {
            match e {
                Ok(is) if is[0] => return Scan::Found,
                Ok(_) => {}
                Err((why, _)) => return Scan::Raises(why.to_string()),
            }
        }
        Scan::NotFound
    })
}

#[cfg(test)]
mod tests {
    use super::super::ctx::testing::{crashes, fires, undecided};
    use super::*;
    use DjangoVersion as V;

    const APPS: &str = r#"INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "django.contrib.messages"]
"#;
    const MW: &str = r#"MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware", "django.contrib.auth.middleware.AuthenticationMiddleware", "django.contrib.messages.middleware.MessageMiddleware"]
"#;
    const CP: &str = r#"["django.template.context_processors.request", "django.contrib.auth.context_processors.auth", "django.contrib.messages.context_processors.messages"]"#;

    fn templates(cp: &str) -> String {
        format!(
            "TEMPLATES = [{{\"BACKEND\": \"django.template.backends.django.DjangoTemplates\", \"APP_DIRS\": True, \"OPTIONS\": {{\"context_processors\": {cp}}}}}]\n"
        )
    }

    fn module(apps: &str, mw: &str, tpl: &str, more: &str) -> String {
        format!("{apps}{mw}{tpl}{more}")
    }

    fn all(m: &str, v: DjangoVersion) -> Vec<(&'static str, Option<usize>)> {
        [
            ("E402", e402 as fn(&Ctx) -> Vec<Outcome>),
            ("E403", e403),
            ("E404", e404),
            ("E406", e406),
            ("E408", e408),
            ("E409", e409),
            ("E410", e410),
            ("W411", w411),
        ]
        .into_iter()
        .map(|(id, r)| (id, fires(r, m, v)))
        .filter(|(_, n)| *n != Some(0))
        .collect()
    }

    #[test]
    fn a_complete_admin_passes_and_nothing_runs_without_the_admin() {
        for v in V::SUPPORTED {
            assert_eq!(all(&module(APPS, MW, &templates(CP), ""), v), vec![]);
            // No admin: nothing, whatever is missing.
            assert_eq!(all("INSTALLED_APPS = []\nMIDDLEWARE = []\n", v), vec![]);
        }
    }

    #[test]
    fn empty_middleware_and_templates() {
        let m = module(APPS, "MIDDLEWARE = []\n", "TEMPLATES = []\n", "");
        for v in V::SUPPORTED {
            assert_eq!(
                all(&m, v),
                vec![
                    ("E403", Some(1)),
                    ("E408", Some(1)),
                    ("E409", Some(1)),
                    ("E410", Some(1))
                ]
            );
        }
        // TEMPLATES absent is [] too; a dummy backend only is no DjangoTemplates.
        assert_eq!(fires(e403, &module(APPS, MW, "", ""), V::V6_1), Some(1));
        let dummy =
            "TEMPLATES = [{\"BACKEND\": \"django.template.backends.dummy.TemplateStrings\"}]\n";
        assert_eq!(fires(e403, &module(APPS, MW, dummy, ""), V::V5_2), Some(1));
    }

    #[test]
    fn context_processors_as_django_tests_them() {
        for v in V::SUPPORTED {
            let none = all(&module(APPS, MW, &templates("()"), ""), v);
            assert_eq!(
                none,
                vec![("E402", Some(1)), ("E404", Some(1)), ("W411", Some(1))]
            );
            assert_eq!(all(&module(APPS, MW, &templates("None"), ""), v).len(), 3);
            // A string is searched as a substring.
            let s = format!("\" \".join({CP})");
            assert_eq!(all(&module(APPS, MW, &templates(&s), ""), v), vec![]);
            // An int makes `in` raise, once.
            let crash = module(APPS, MW, &templates("5"), "");
            assert!(crashes(e402, &crash, v));
            assert!(!crashes(e404, &crash, v) && !crashes(w411, &crash, v));
        }
    }

    #[test]
    fn e402_needs_a_model_backend() {
        let m = |backends: &str| {
            module(
                APPS,
                MW,
                &templates("[]"),
                &format!("AUTHENTICATION_BACKENDS = {backends}\n"),
            )
        };
        for v in V::SUPPORTED {
            assert_eq!(
                fires(
                    e402,
                    &m("[\"django.contrib.auth.backends.BaseBackend\"]"),
                    v
                ),
                Some(0)
            );
            assert_eq!(fires(e402, &m("[]"), v), Some(0));
            assert_eq!(fires(e402, &m("[\"nodots\", \".\"[1:]]"), v), Some(0));
            assert_eq!(
                fires(
                    e402,
                    &m("[\"django.contrib.auth.backends.RemoteUserBackend\"]"),
                    v
                ),
                Some(1)
            );
            assert_eq!(
                fires(
                    e402,
                    &m("[\"django.contrib.auth.backends.AllowAllUsersRemoteUserBackend\"]"),
                    v
                ),
                Some(1)
            );
            // The scan stops at the first match.
            assert_eq!(
                fires(
                    e402,
                    &m("[\"django.contrib.auth.backends.ModelBackend\", 1]"),
                    v
                ),
                Some(1)
            );
            assert!(crashes(e402, &m("[1]"), v));
            // Each character of a string: "." raises ValueError.
            assert!(crashes(
                e402,
                &m("\"django.contrib.auth.backends.ModelBackend\""),
                v
            ));
            // A project's backend may be a ModelBackend.
            assert!(undecided(e402, &m("[\"myproj.backends.Email\"]"), v));
            // With the auth context processor the backends are not read.
            let ok = module(APPS, MW, &templates(CP), "AUTHENTICATION_BACKENDS = [1]\n");
            assert_eq!(fires(e402, &ok, v), Some(0));
        }
    }

    #[test]
    fn middleware_by_subclass_and_the_first_crash_only() {
        let m = |mw: &str| module(APPS, &format!("MIDDLEWARE = {mw}\n"), &templates(CP), "");
        for v in V::SUPPORTED {
            let remote = "[\"django.contrib.sessions.middleware.SessionMiddleware\", \"django.contrib.auth.middleware.RemoteUserMiddleware\", \"django.contrib.messages.middleware.MessageMiddleware\"]";
            assert_eq!(all(&m(remote), v), vec![("E408", Some(1))]);
            let missing = "[\"django.nonexistent.Mw\", \"nodots\", \"django.contrib.sessions.middleware.SessionMiddleware\", \"django.contrib.auth.middleware.AuthenticationMiddleware\", \"django.contrib.messages.middleware.MessageMiddleware\"]";
            assert_eq!(all(&m(missing), v), vec![]);
            // The first scan that reaches the int raises; the others say nothing.
            let first = format!("[1] + {}", &MW["MIDDLEWARE = ".len()..MW.len() - 1]);
            assert!(crashes(e408, &m(&first), v));
            assert!(!crashes(e409, &m(&first), v) && !crashes(e410, &m(&first), v));
            // After every match: no scan reaches it.
            let after = format!("{} + [1]", &MW["MIDDLEWARE = ".len()..MW.len() - 1]);
            assert!(!crashes(e408, &m(&after), v) && !crashes(e410, &m(&after), v));
            assert!(crashes(
                e408,
                &m("\"django.contrib.sessions.middleware.SessionMiddleware\""),
                v
            ));
            assert_eq!(all(&m("\"abc\""), v).len(), 3);
            // A project class before the match changes nothing; alone it may be any.
            let project = "[\"corsheaders.middleware.CorsMiddleware\", \"django.contrib.sessions.middleware.SessionMiddleware\", \"django.contrib.auth.middleware.AuthenticationMiddleware\", \"django.contrib.messages.middleware.MessageMiddleware\"]";
            assert_eq!(all(&m(project), v), vec![]);
            assert!(undecided(e408, &m("[\"myproj.mw.Auth\"]"), v));
        }
    }

    #[test]
    fn messages_by_app_name_and_the_admin_by_any_config() {
        for v in V::SUPPORTED {
            let cfg = APPS.replace(
                "\"django.contrib.messages\"",
                "\"django.contrib.messages.apps.MessagesConfig\"",
            );
            assert_eq!(
                fires(e406, &module(&cfg, MW, &templates(CP), ""), v),
                Some(0)
            );
            let none = APPS.replace(", \"django.contrib.messages\"", "");
            assert_eq!(
                fires(e406, &module(&none, MW, &templates(CP), ""), v),
                Some(1)
            );
            let simple = APPS.replace(
                "\"django.contrib.admin\"",
                "\"django.contrib.admin.apps.SimpleAdminConfig\"",
            );
            assert_eq!(
                fires(
                    e408,
                    &module(&simple, "MIDDLEWARE = []\n", &templates(CP), ""),
                    v
                ),
                Some(1)
            );
            // A project's config class the checker cannot read.
            let project = APPS.replace("\"django.contrib.admin\"", "\"myproj.apps.MyAdminConfig\"");
            assert!(undecided(
                e408,
                &module(&project, "MIDDLEWARE = []\n", &templates(CP), ""),
                v
            ));
            assert_eq!(
                fires(e408, &module(&project, MW, &templates(CP), ""), v),
                Some(0)
            );
        }
    }

    /// SimpleAdminConfig autodiscovers nothing, so no site exists to have
    /// a sidebar; AdminConfig makes the default site.
    #[test]
    fn w411_needs_a_site() {
        let cp = "[\"django.contrib.auth.context_processors.auth\", \"django.contrib.messages.context_processors.messages\"]";
        for v in V::SUPPORTED {
            let simple = APPS.replace(
                "\"django.contrib.admin\"",
                "\"django.contrib.admin.apps.SimpleAdminConfig\"",
            );
            assert_eq!(
                fires(w411, &module(&simple, MW, &templates(cp), ""), v),
                Some(0)
            );
            assert!(undecided(
                w411,
                &module(
                    &simple,
                    MW,
                    &templates(cp),
                    "ROOT_URLCONF = \"proj.urls\"\n"
                ),
                v
            ));
            let full = APPS.replace(
                "\"django.contrib.admin\"",
                "\"django.contrib.admin.apps.AdminConfig\"",
            );
            assert_eq!(
                fires(w411, &module(&full, MW, &templates(cp), ""), v),
                Some(1)
            );
        }
    }

    #[test]
    fn the_engines_are_built_first() {
        let tpl = |t: &str| module(APPS, MW, &format!("TEMPLATES = {t}\n"), "");
        let dup = format!(
            "{} * 2",
            &templates(CP)["TEMPLATES = ".len()..templates(CP).len() - 1]
        );
        // 4.2 builds them only here; 5.2+'s templates check reports it.
        assert!(crashes(e403, &tpl(&dup), V::V4_2));
        assert!(!crashes(e403, &tpl(&dup), V::V5_2));
        assert_eq!(fires(e408, &tpl(&dup), V::V5_2), Some(0));
        assert!(crashes(e403, &tpl("[{\"OPTIONS\": {}}]"), V::V4_2));
        // The first DjangoTemplates engine is the one read.
        let two = format!(
            "[{{\"BACKEND\": \"django.template.backends.django.DjangoTemplates\", \"NAME\": \"one\"}}] + {}",
            &templates(CP)["TEMPLATES = ".len()..templates(CP).len() - 1]
        );
        assert_eq!(fires(e404, &tpl(&two), V::V6_1), Some(1));
        // Jinja2 needs the jinja2 package: whether building raises is open.
        let jinja = "[{\"BACKEND\": \"django.template.backends.jinja2.Jinja2\"}]";
        assert!(undecided(e403, &tpl(jinja), V::V4_2));
        assert_eq!(fires(e403, &tpl(jinja), V::V5_2), Some(1));
    }
}
