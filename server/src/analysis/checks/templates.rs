//! Django's templates checks (`django/core/checks/templates.py`, always
//! registered). 4.2 reads TEMPLATES as it is: E001 (APP_DIRS with
//! loaders), E002 (string_if_invalid not a str) for every entry, E003
//! (a Warning, despite its ID: a library name used for two modules across
//! every entry and the installed apps). 5.2+ builds every engine
//! (`engines.all()`, which raises on a bad TEMPLATES: reported here, by
//! E002's row) and asks each DjangoTemplates engine: E002, and W003 (a
//! custom library named like an installed one, per engine).

use super::ctx::{dict_get, py_in, py_type_name, Ctx};
use super::engines::{self, Kind};
use super::{DjangoVersion, Outcome, NAMES_SEP};
use crate::analysis::eval::repr;
use crate::analysis::eval::value::{Dict, Extra, IterError, Tri, Unknown, Value};

/// E001 (4.2): `any(conf.get("APP_DIRS") and "loaders" in
/// conf.get("OPTIONS", {}) for conf in TEMPLATES)`: one error in all.
pub(crate) fn e001(c: &Ctx) -> Vec<Outcome> {
    // What raises here raises in E002's loop too, which reports it.
    let Ok(confs) = confs_42(c) else {
        return vec![];
    };
    let mut unknown = None;
    for conf in &confs {
        let app_dirs = match dict_get(conf, "APP_DIRS") {
            Ok(v) => v.map_or(Tri::False, |v| v.truthy()),
            Err(u) => Tri::Unknown(u),
        };
        let loaders = || match options_42(conf) {
            Ok(o) => py_in(&o, "loaders").unwrap_or(Tri::False),
            Err(Ok(u)) => Tri::Unknown(u),
            Err(Err(_)) => Tri::False,
        };
        match app_dirs.and(loaders) {
            Tri::True if unknown.is_none() => {
                return vec![Outcome::Fire(
                    "a TEMPLATES entry sets APP_DIRS and OPTIONS['loaders']: the loaders replace the app directories loader, so APP_DIRS would do nothing".into(),
                )]
            }
            Tri::Unknown(u) => {
                unknown.get_or_insert(u);
            }
            _ => {}
        }
    }
    unknown.map(Outcome::Undecided).into_iter().collect()
}

/// E002: 4.2 reads every entry's OPTIONS; 5.2+ asks every DjangoTemplates
/// engine, after building them all (what raises there is reported here).
pub(crate) fn e002(c: &Ctx) -> Vec<Outcome> {
    if c.settings.version < DjangoVersion::V5_2 {
        let confs = match confs_42(c) {
            Ok(confs) => confs,
            Err(o) => return vec![o],
        };
        let mut out = vec![];
        for (i, conf) in confs.iter().enumerate() {
            match options_42(conf) {
                Ok(Value::Dict(d)) => {
                    out.push(string_if_invalid(&d.borrow(), i, c.settings.version))
                }
                Ok(Value::Unknown(u)) | Err(Ok(u)) => out.push(Outcome::Undecided(u)),
                Ok(other) => out.push(Outcome::Crash(format!(
                    "a TEMPLATES entry's OPTIONS is {}, and Django calls its get()",
                    other.a_type_name()
                ))),
                Err(Err(why)) => out.push(Outcome::Crash(why)),
            }
        }
        return out;
    }
    let built = match engines::build(c) {
        Ok(b) => b,
        Err(o) => return vec![o],
    };
    let mut out: Vec<Outcome> = built
        .doubt
        .iter()
        .cloned()
        .map(Outcome::Undecided)
        .collect();
    for (i, e) in built.engines.iter().enumerate() {
        if e.kind == Kind::DjangoTemplates {
            out.push(string_if_invalid(&e.options, i, c.settings.version));
        }
    }
    out
}

fn string_if_invalid(options: &Dict, i: usize, version: DjangoVersion) -> Outcome {
    let value = match dict_get(options, "string_if_invalid") {
        Ok(Some(v)) => v,
        Ok(None) => return Outcome::Pass,
        Err(u) => return Outcome::Undecided(u),
    };
    match &value {
        Value::Str(_) => Outcome::Pass,
        Value::Unknown(u) => Outcome::Undecided(u.clone()),
        v => {
            let shown = repr(v).unwrap_or_else(|| v.a_type_name());
            // 4.2 formats str(value) and the type's name; 5.2+ repr(value)
            // and the type (`<class 'int'>`).
            let names = if version < DjangoVersion::V5_2 {
                format!("{shown} ({})", py_type_name(v))
            } else {
                format!("{shown} (<class '{}'>)", py_type_name(v))
            };
            Outcome::FireNaming(
                format!("TEMPLATES[{i}]'s OPTIONS['string_if_invalid'] is {shown}, not a string: Django puts it in place of every invalid variable"),
                names,
            )
        }
    }
}

/// 4.2: TEMPLATES's entries, each a dict (Django calls `conf.get`).
fn confs_42(c: &Ctx) -> Result<Vec<Dict>, Outcome> {
    let s = c.get("TEMPLATES");
    let (items, extra) = match s.value.iter_items() {
        Ok(x) => x,
        Err(IterError::Unknown(u)) => return Err(Outcome::Undecided(u)),
        Err(IterError::NotIterable(_)) => {
            return Err(Outcome::Crash(format!(
                "TEMPLATES is {}, which Django cannot iterate",
                s.value.a_type_name()
            )))
        }
    };
    if let Extra::MayContainMore(u) | Extra::Uncertain(u) = extra {
        return Err(Outcome::Undecided(u));
    }
    items
        .iter()
        .map(|i| match i {
            Value::Dict(d) => Ok(d.borrow().clone()),
            Value::Unknown(u) => Err(Outcome::Undecided(u.clone())),
            other => Err(Outcome::Crash(format!(
                "a TEMPLATES entry is {}, and Django calls its get()",
                other.a_type_name()
            ))),
        })
        .collect()
}

/// `conf.get("OPTIONS", {})`; `Err(Ok)`: unknown, `Err(Err)`: raises.
fn options_42(conf: &Dict) -> Result<Value, Result<Unknown, String>> {
    match dict_get(conf, "OPTIONS") {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Ok(Value::Dict(std::rc::Rc::new(std::cell::RefCell::new(
            Dict {
                entries: vec![],
                extra: Extra::Exact,
            },
        )))),
        Err(u) => Err(Ok(u)),
    }
}

/// The template tag libraries Django and the installed contrib apps have,
/// by name, in `version` (`get_template_tag_modules`); `Err` for an app
/// whose installation is unknown.
fn installed_libraries(c: &Ctx) -> Vec<(&'static str, &'static str, Tri)> {
    let v = c.settings.version;
    let mut out: Vec<(&'static str, &'static str, Tri)> = vec![
        ("cache", "django.templatetags.cache", Tri::True),
        ("i18n", "django.templatetags.i18n", Tri::True),
        ("l10n", "django.templatetags.l10n", Tri::True),
        ("static", "django.templatetags.static", Tri::True),
        ("tz", "django.templatetags.tz", Tri::True),
    ];
    let admin = c.app_installed("django.contrib.admin");
    for (name, path) in [
        ("admin_list", "django.contrib.admin.templatetags.admin_list"),
        (
            "admin_modify",
            "django.contrib.admin.templatetags.admin_modify",
        ),
        ("admin_urls", "django.contrib.admin.templatetags.admin_urls"),
        ("log", "django.contrib.admin.templatetags.log"),
    ] {
        out.push((name, path, admin.clone()));
    }
    if v >= DjangoVersion::V6_1 {
        out.push((
            "admin_filters",
            "django.contrib.admin.templatetags.admin_filters",
            admin,
        ));
    }
    if v >= DjangoVersion::V6_0 {
        out.push((
            "auth",
            "django.contrib.auth.templatetags.auth",
            c.app_installed("django.contrib.auth"),
        ));
    }
    out.push((
        "flatpages",
        "django.contrib.flatpages.templatetags.flatpages",
        c.app_installed("django.contrib.flatpages"),
    ));
    out.push((
        "humanize",
        "django.contrib.humanize.templatetags.humanize",
        c.app_installed("django.contrib.humanize"),
    ));
    out
}

/// The modules the installed apps that are not Django's have for the
/// library `name`; `Err` when an app's files do not show whether it has
/// one (the checker does not import them).
fn project_libraries(c: &Ctx, name: &str) -> Result<Vec<String>, Unknown> {
    let Ok((items, _)) = c.get("INSTALLED_APPS").value.iter_items() else {
        return Ok(vec![]);
    };
    let mut out = vec![];
    for app in items.iter().filter_map(|i| i.as_str()) {
        if app.starts_with("django.") {
            continue;
        }
        let unknown = || {
            Unknown::new(format!(
                "INSTALLED_APPS entry '{app}' may have a template tag library '{name}' of its own, which the checker cannot see"
            ))
        };
        // The app's module: the entry, or its config's name.
        let module = match c.facts.apps.iter().find(|(e, _)| e == app) {
            Some((_, crate::analysis::apps::AppFact::Other(m))) => m.as_str(),
            Some((
                _,
                crate::analysis::apps::AppFact::Contrib { .. }
                | crate::analysis::apps::AppFact::Subclass { .. },
            )) => continue,
            _ => return Err(unknown()),
        };
        let Some(libs) = c.facts.libraries.iter().find(|l| l.app == module) else {
            return Err(unknown());
        };
        if !libs.complete || libs.uncertain.iter().any(|n| n == name) {
            return Err(unknown());
        }
        if libs.names.iter().any(|n| n == name) {
            out.push(format!("{module}.templatetags.{name}"));
        }
    }
    Ok(out)
}

/// The modules Django records for the library `name` besides the custom
/// ones: Django's and the installed apps'. `Err`: an app whose
/// installation is unknown, or whose files do not say, may have one.
fn installed_paths(c: &Ctx, name: &str) -> Result<Vec<String>, Unknown> {
    let mut out = vec![];
    for (n, path, installed) in installed_libraries(c) {
        if n != name {
            continue;
        }
        match installed {
            Tri::True => out.push(path.to_string()),
            Tri::False => {}
            Tri::Unknown(u) => return Err(u),
        }
    }
    out.extend(project_libraries(c, name)?);
    Ok(out)
}

/// Django's W003/E003 message names: the library name's repr and the
/// modules' reprs, sorted.
fn names(name: &str, paths: &[String]) -> String {
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    sorted.dedup();
    let shown: Vec<String> = sorted
        .iter()
        .map(|p| repr(&Value::str(p)).unwrap_or_default())
        .collect();
    format!(
        "{}{NAMES_SEP}{}",
        repr(&Value::str(name)).unwrap_or_default(),
        shown.join(", ")
    )
}

/// W003 (5.2+): per DjangoTemplates engine, each custom library whose name
/// an installed library has, with another module.
pub(crate) fn w003(c: &Ctx) -> Vec<Outcome> {
    let Ok(built) = engines::build(c) else {
        return vec![];
    };
    let mut out = vec![];
    for (i, e) in built.engines.iter().enumerate() {
        if e.kind != Kind::DjangoTemplates {
            continue;
        }
        let Ok(Some(Value::Dict(libs))) = dict_get(&e.options, "libraries") else {
            continue;
        };
        for (name, path) in &libs.borrow().entries {
            out.push(match custom_library(c, name, std::slice::from_ref(path)) {
                Outcome::FireNaming(m, n) => {
                    Outcome::FireNaming(format!("in TEMPLATES[{i}], {m}"), n)
                }
                o => o,
            });
        }
    }
    out
}

/// One library name with the custom modules the engines (5.2+: one engine;
/// 4.2: every entry) give it.
fn custom_library(c: &Ctx, name: &Value, custom: &[Value]) -> Outcome {
    let Value::Str(name) = name else {
        return match name {
            Value::Unknown(u) => Outcome::Undecided(u.clone()),
            _ => Outcome::Pass,
        };
    };
    let mut paths: Vec<String> = vec![];
    for p in custom {
        match p {
            Value::Str(p) => paths.push(p.to_string()),
            Value::Unknown(u) => return Outcome::Undecided(u.clone()),
            _ => return Outcome::Pass,
        }
    }
    let installed = match installed_paths(c, name) {
        Ok(i) => i,
        Err(u) => {
            // Two different custom modules fire whatever the apps have.
            let mut distinct = paths.clone();
            distinct.sort();
            distinct.dedup();
            if distinct.len() < 2 {
                return Outcome::Undecided(u);
            }
            vec![]
        }
    };
    paths.extend(installed);
    paths.sort();
    paths.dedup();
    if paths.len() < 2 {
        return Outcome::Pass;
    }
    Outcome::FireNaming(
        format!(
            "the template tag library name '{name}' is given to {}: templates that load it get only one of them",
            paths.join(" and ")
        ),
        names(name, &paths),
    )
}

/// E003 (4.2): the library names of every entry's OPTIONS['libraries'] and
/// of the installed apps, with more than one module.
pub(crate) fn e003(c: &Ctx) -> Vec<Outcome> {
    let Ok(confs) = confs_42(c) else {
        return vec![];
    };
    let mut by_name: Vec<(Value, Vec<Value>)> = vec![];
    for conf in &confs {
        let libs = match options_42(conf) {
            Ok(Value::Dict(d)) => match dict_get(&d.borrow(), "libraries") {
                Ok(Some(l)) => l,
                Ok(None) => continue,
                Err(u) => return vec![Outcome::Undecided(u)],
            },
            // E002's loop raises on these first, and reports it.
            _ => return vec![],
        };
        let libs = match libs {
            Value::Dict(d) => d.borrow().clone(),
            Value::Unknown(u) => return vec![Outcome::Undecided(u)],
            other => {
                return vec![Outcome::Crash(format!(
                    "OPTIONS['libraries'] is {}, and Django calls its items()",
                    other.a_type_name()
                ))]
            }
        };
        if let Extra::MayContainMore(u) | Extra::Uncertain(u) = &libs.extra {
            return vec![Outcome::Undecided(u.clone())];
        }
        for (name, path) in libs.entries {
            if matches!(path, Value::List(_) | Value::Dict(_) | Value::Set(_)) {
                return vec![Outcome::Crash(format!(
                    "a template library path is {}, which Django puts in a set (unhashable)",
                    path.a_type_name()
                ))];
            }
            match by_name
                .iter_mut()
                .find(|(n, _)| n.py_eq(&name) == Tri::True)
            {
                Some((_, paths)) => paths.push(path),
                None => by_name.push((name, vec![path])),
            }
        }
    }
    let mut out = vec![];
    for (name, paths) in &by_name {
        // Sorting a set of a str and another type raises TypeError.
        if paths
            .iter()
            .any(|p| !matches!(p, Value::Str(_) | Value::Unknown(_)))
        {
            let Value::Str(n) = name else { continue };
            let installed = installed_paths(c, n).unwrap_or_default();
            if paths.len() + installed.len() > 1 {
                return vec![Outcome::Crash(format!(
                    "a template library path for '{n}' is not a string, and Django sorts the modules of each name (TypeError)"
                ))];
            }
            continue;
        }
        out.push(custom_library(c, name, paths));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::ctx::testing::{crashes, fires, named, undecided};
    use super::*;
    use DjangoVersion as V;

    const DT: &str = "\"BACKEND\": \"django.template.backends.django.DjangoTemplates\"";

    fn t(templates: &str) -> String {
        format!("TEMPLATES = {templates}\n")
    }

    #[test]
    fn e001_on_4_2_and_a_crash_from_5_2() {
        let both = t(&format!(
            "[{{{DT}, \"APP_DIRS\": True, \"OPTIONS\": {{\"loaders\": []}}}}]"
        ));
        assert_eq!(fires(e001, &both, V::V4_2), Some(1));
        assert!(crashes(e002, &both, V::V5_2));
        // None as loaders: 4.2's `in` test fires, 5.2's Engine takes no loaders.
        let none = t(&format!(
            "[{{{DT}, \"APP_DIRS\": True, \"OPTIONS\": {{\"loaders\": None}}}}]"
        ));
        assert_eq!(fires(e001, &none, V::V4_2), Some(1));
        assert_eq!(fires(e002, &none, V::V5_2), Some(0));
        let falsy = t(&format!(
            "[{{{DT}, \"APP_DIRS\": 0, \"OPTIONS\": {{\"loaders\": []}}}}]"
        ));
        assert_eq!(fires(e001, &falsy, V::V4_2), Some(0));
        let two = t(&format!("[{{{DT}, \"NAME\": \"a\", \"APP_DIRS\": True, \"OPTIONS\": {{\"loaders\": []}}}}, {{{DT}, \"NAME\": \"b\", \"APP_DIRS\": True, \"OPTIONS\": {{\"loaders\": []}}}}]"));
        assert_eq!(fires(e001, &two, V::V4_2), Some(1));
    }

    #[test]
    fn e002_names_the_value_as_each_release_prints_it() {
        let m = t(&format!("[{{{DT}, \"OPTIONS\": {{\"string_if_invalid\": b\"x\"}}}}, {{{DT}, \"NAME\": \"two\", \"OPTIONS\": {{\"string_if_invalid\": 0}}}}]"));
        assert_eq!(named(e002, &m, V::V4_2), vec!["b'x' (bytes)", "0 (int)"]);
        assert_eq!(
            named(e002, &m, V::V6_1),
            vec!["b'x' (<class 'bytes'>)", "0 (<class 'int'>)"]
        );
        let none = t(&format!(
            "[{{{DT}, \"OPTIONS\": {{\"string_if_invalid\": None}}}}]"
        ));
        assert_eq!(named(e002, &none, V::V4_2), vec!["None (NoneType)"]);
        // 4.2 reads every entry, any backend; 5.2+ builds the engines.
        let dummy = t("[{\"BACKEND\": \"django.template.backends.dummy.TemplateStrings\", \"OPTIONS\": {\"string_if_invalid\": None}}]");
        assert_eq!(fires(e002, &dummy, V::V4_2), Some(1));
        assert!(crashes(e002, &dummy, V::V5_2));
        assert_eq!(
            fires(
                e002,
                &t("({\"BACKEND\": \"x.y\", \"OPTIONS\": {\"string_if_invalid\": \"\"}},)"),
                V::V4_2
            ),
            Some(0)
        );
    }

    #[test]
    fn building_the_engines_raises_from_5_2() {
        for (templates, crash_42) in [
            (format!("[{{{DT}}}, {{{DT}}}]"), false),
            (format!("[{{{DT}}}, {{{DT}, \"NAME\": \"django\"}}]"), false),
            ("[{\"OPTIONS\": {}}]".to_string(), false),
            ("[{\"BACKEND\": \"nodots\"}]".to_string(), false),
            (format!("[{{{DT}, \"FOO\": 1}}]"), false),
            (format!("[{{{DT}, \"OPTIONS\": {{\"foo\": 1}}}}]"), false),
            (format!("[{{{DT}, \"OPTIONS\": {{\"dirs\": []}}}}]"), false),
            (format!("[{{{DT}, \"DIRS\": None}}]"), false),
            (format!("[{{{DT}, \"NAME\": []}}]"), false),
            (format!("[{{{DT}, \"OPTIONS\": {{\"builtins\": ()}}}}]"), false),
            (format!("[{{{DT}, \"OPTIONS\": {{\"libraries\": None}}}}]"), false),
            ("[{\"BACKEND\": \"django.template.backends.dummy.TemplateStrings\", \"OPTIONS\": {\"x\": 1}}]".to_string(), false),
            (format!("[{{{DT}, \"OPTIONS\": None}}]"), true),
            ("[[1]]".to_string(), true),
            ("None".to_string(), true),
        ] {
            assert_eq!(crashes(e002, &t(&templates), V::V4_2), crash_42, "{templates} on 4.2");
            for v in [V::V5_2, V::V6_0, V::V6_1] {
                assert!(crashes(e002, &t(&templates), v), "{templates} on {v}");
            }
        }
        assert_eq!(fires(e002, &t("{}"), V::V6_1), Some(0));
        assert_eq!(fires(e002, &t("[{\"BACKEND\": \"django.template.backends.dummy.TemplateStrings\", \"APP_DIRS\": True}]"), V::V6_1), Some(0));
        assert!(undecided(
            e002,
            &t("[{\"BACKEND\": \"django.template.backends.jinja2.Jinja2\"}]"),
            V::V6_1
        ));
        assert!(undecided(
            e002,
            &t("[{\"BACKEND\": \"myproj.backends.Mine\"}]"),
            V::V5_2
        ));
    }

    #[test]
    fn libraries_named_like_installed_ones() {
        let lib = |libs: &str| {
            t(&format!(
                "[{{{DT}, \"OPTIONS\": {{\"libraries\": {libs}}}}}]"
            ))
        };
        let static_i18n = lib("{\"static\": \"django.templatetags.i18n\"}");
        assert_eq!(fires(e003, &static_i18n, V::V4_2), Some(1));
        assert_eq!(
            named(w003, &static_i18n, V::V5_2),
            vec!["'static'\u{1f}'django.templatetags.i18n', 'django.templatetags.static'"]
        );
        assert_eq!(
            fires(
                w003,
                &lib("{\"static\": \"django.templatetags.static\"}"),
                V::V6_1
            ),
            Some(0)
        );
        assert_eq!(fires(w003, &lib("{\"static\": \"django.templatetags.i18n\", \"tz\": \"django.templatetags.cache\"}"), V::V6_1), Some(2));
        // An app's libraries only when it is installed, in the releases that have them.
        let apps = |apps: &str, libs: &str| format!("INSTALLED_APPS = [{apps}]\n{}", lib(libs));
        let log = "{\"log\": \"django.templatetags.i18n\"}";
        assert_eq!(fires(w003, &apps("", log), V::V6_1), Some(0));
        let admin = "\"django.contrib.admin\", \"django.contrib.auth\", \"django.contrib.contenttypes\", \"django.contrib.messages\", \"django.contrib.sessions\"";
        assert_eq!(fires(w003, &apps(admin, log), V::V6_1), Some(1));
        assert_eq!(fires(e003, &apps(admin, log), V::V4_2), Some(1));
        let filters = "{\"admin_filters\": \"django.templatetags.i18n\"}";
        assert_eq!(fires(w003, &apps(admin, filters), V::V6_0), Some(0));
        assert_eq!(fires(w003, &apps(admin, filters), V::V6_1), Some(1));
        let auth = "{\"auth\": \"django.templatetags.i18n\"}";
        let auth_apps = "\"django.contrib.auth\", \"django.contrib.contenttypes\"";
        assert_eq!(fires(w003, &apps(auth_apps, auth), V::V5_2), Some(0));
        assert_eq!(fires(w003, &apps(auth_apps, auth), V::V6_0), Some(1));
        // Another name is fine, unless a project app may have it.
        assert_eq!(
            fires(
                w003,
                &apps("", "{\"mine\": \"django.templatetags.i18n\"}"),
                V::V6_1
            ),
            Some(0)
        );
        assert!(undecided(
            w003,
            &apps("\"blog\"", "{\"mine\": \"blog.templatetags.mine\"}"),
            V::V6_1
        ));
        // 4.2 pools every entry: two modules for one name fire there only.
        let two = t(&format!("[{{{DT}, \"NAME\": \"a\", \"OPTIONS\": {{\"libraries\": {{\"mine\": \"django.templatetags.i18n\"}}}}}}, {{{DT}, \"NAME\": \"b\", \"OPTIONS\": {{\"libraries\": {{\"mine\": \"django.templatetags.l10n\"}}}}}}]"));
        assert_eq!(fires(e003, &two, V::V4_2), Some(1));
        assert_eq!(fires(w003, &two, V::V5_2), Some(0));
        // A module that is not a string: 4.2 fails sorting it beside another.
        assert!(crashes(e003, &lib("{\"static\": 5}"), V::V4_2));
        assert_eq!(fires(e003, &lib("{\"mine\": 5}"), V::V4_2), Some(0));
        assert!(crashes(e002, &lib("{\"static\": 5}"), V::V5_2));
    }
}

#[cfg(test)]
mod project_apps {
    use super::super::ctx::testing::outcomes_in;
    use super::*;
    use DjangoVersion as V;

    /// A project app's libraries are read from its `templatetags` folder:
    /// each module with a `register`.
    #[test]
    fn a_project_apps_libraries_from_its_files() {
        let run = |libs: &str, v: DjangoVersion, rule: fn(&Ctx) -> Vec<Outcome>| {
            let settings = format!("INSTALLED_APPS = [\"blog\", \"shop\"]\nTEMPLATES = [{{\"BACKEND\": \"django.template.backends.django.DjangoTemplates\", \"OPTIONS\": {{\"libraries\": {libs}}}}}]\n");
            outcomes_in(
                rule,
                &[
                    ("/proj/blog/__init__.py", ""),
                    ("/proj/blog/templatetags/__init__.py", ""),
                    (
                        "/proj/blog/templatetags/mine.py",
                        "from django import template\nregister = template.Library()\n",
                    ),
                    ("/proj/blog/templatetags/helpers.py", "def f():\n    pass\n"),
                    ("/proj/shop/__init__.py", ""),
                    ("/proj/settings.py", &settings),
                ],
                v,
            )
        };
        let fired = |o: Vec<Outcome>| {
            o.iter()
                .filter(|o| matches!(o, Outcome::FireNaming(..)))
                .count()
        };
        assert_eq!(
            run("{\"mine\": \"blog.templatetags.mine\"}", V::V6_1, w003),
            vec![Outcome::Pass]
        );
        assert_eq!(
            fired(run(
                "{\"mine\": \"django.templatetags.i18n\"}",
                V::V6_1,
                w003
            )),
            1
        );
        assert_eq!(
            fired(run(
                "{\"mine\": \"django.templatetags.i18n\"}",
                V::V4_2,
                e003
            )),
            1
        );
        // A module without `register` is no library.
        assert_eq!(
            run("{\"helpers\": \"django.templatetags.i18n\"}", V::V6_1, w003),
            vec![Outcome::Pass]
        );
        assert_eq!(
            run("{\"other\": \"django.templatetags.i18n\"}", V::V5_2, w003),
            vec![Outcome::Pass]
        );
    }
}
