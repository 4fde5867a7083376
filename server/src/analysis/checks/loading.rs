//! What stops Django before any check runs, as far as the settings decide
//! it, per release (the reference's §1.2): `manage.py check --deploy`
//! prints a traceback instead of its checks. Each rule fires only when it
//! is certain; a value the evaluator cannot see stops nothing here.

use super::translation::catalog;
use super::{Ctx, DjangoVersion};
use crate::analysis::eval::value::{Extra, Tri, Value};
use crate::analysis::settings::Settings;

/// Settings Django refuses to load unless they are a list or a tuple.
pub const LIST_OR_TUPLE_SETTINGS: [&str; 5] = [
    "ALLOWED_HOSTS",
    "INSTALLED_APPS",
    "TEMPLATE_DIRS",
    "LOCALE_PATHS",
    "SECRET_KEY_FALLBACKS",
];

/// The `EMAIL_*` settings Django 6.1 refuses beside `MAILERS`.
const OLD_EMAIL_SETTINGS: [&str; 11] = [
    "EMAIL_BACKEND",
    "EMAIL_FILE_PATH",
    "EMAIL_HOST",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_HOST_USER",
    "EMAIL_PORT",
    "EMAIL_SSL_CERTFILE",
    "EMAIL_SSL_KEYFILE",
    "EMAIL_TIMEOUT",
    "EMAIL_USE_SSL",
    "EMAIL_USE_TLS",
];

/// The models of Django's contrib apps, by app label (lowercase, as
/// `apps.get_model` compares model names).
const CONTRIB_MODELS: &[(&str, &[&str])] = &[
    ("auth", &["user", "group", "permission"]),
    ("contenttypes", &["contenttype"]),
    ("sites", &["site"]),
    ("sessions", &["session"]),
    ("admin", &["logentry"]),
    ("flatpages", &["flatpage"]),
    ("redirects", &["redirect"]),
];

/// The apps each contrib app's models need installed: without them a
/// contrib model's app is missing and `django.setup()` raises RuntimeError.
const NEEDS: &[(&str, &[&str])] = &[
    ("django.contrib.auth", &["django.contrib.contenttypes"]),
    (
        "django.contrib.admin",
        &["django.contrib.contenttypes", "django.contrib.auth"],
    ),
    ("django.contrib.flatpages", &["django.contrib.sites"]),
    ("django.contrib.redirects", &["django.contrib.sites"]),
];

pub use crate::analysis::eval::driver::ZoneFile;

/// One reason Django stops before any check: the setting it is shown on,
/// and why (Django's exception first).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadStop {
    pub setting: &'static str,
    pub why: String,
}

fn stop(setting: &'static str, why: String) -> LoadStop {
    LoadStop { setting, why }
}

/// The INSTALLED_APPS entries, when known exactly and all strings.
fn installed_entries(settings: &Settings) -> Option<Vec<String>> {
    let (items, extra) = settings.get("INSTALLED_APPS").value.iter_items().ok()?;
    if !matches!(extra, Extra::Exact) {
        return None;
    }
    items
        .iter()
        .map(|i| i.as_str().map(str::to_string))
        .collect()
}

/// Whether an entry is `app` itself or one of Django's AppConfig classes
/// for it (`django.contrib.auth.apps.AuthConfig`).
fn spells(entry: &str, app: &str) -> bool {
    entry == app
        || entry
            .strip_prefix(app)
            .is_some_and(|rest| rest.starts_with(".apps."))
}

/// What the evaluation found out for the load rules beyond the values.
pub struct LoadFacts<'e> {
    /// The certain app label of each INSTALLED_APPS entry.
    pub labels: &'e [Option<String>],
    pub zone_file: ZoneFile,
    /// The first INSTALLED_APPS entry that certainly cannot be imported,
    /// and the module missing.
    pub unimportable_app: Option<&'e (String, String)>,
}

/// Every load failure the settings decide for their release (`ctx`: the
/// settings, and the project's files for the catalogs under LOCALE_PATHS).
pub fn load_stops(ctx: &Ctx, facts: &LoadFacts) -> Vec<LoadStop> {
    let settings = ctx.settings;
    let version = settings.version;
    let mut out = vec![];
    if let Some((entry, module)) = facts.unimportable_app {
        out.push(stop(
            "INSTALLED_APPS",
            format!("ModuleNotFoundError: No module named {module:?} (the INSTALLED_APPS entry {entry:?})"),
        ));
    }
    let (labels, zone_file) = (facts.labels, facts.zone_file);
    if let Some(entries) = installed_entries(settings) {
        missing_dependencies(ctx, &mut out);
        auth_user_model(ctx, &entries, labels, &mut out);
        untranslatable_language(ctx, &mut out);
    }
    databases(settings, &mut out);
    time_zone(settings, zone_file, &mut out);
    if version == DjangoVersion::V4_2 {
        storages_with_old_names(settings, &mut out);
    }
    if version >= DjangoVersion::V6_1 {
        mailers_with_email_settings(settings, &mut out);
    }
    out
}

fn missing_dependencies(ctx: &Ctx, out: &mut Vec<LoadStop>) {
    for (app, needs) in NEEDS {
        if ctx.app_installed(app) != Tri::True {
            continue;
        }
        if let Some(missing) = needs.iter().find(|n| ctx.app_installed(n) == Tri::False) {
            out.push(stop(
                "INSTALLED_APPS",
                format!(
                    "RuntimeError: {app} is installed without {missing}, which its models need"
                ),
            ));
            return;
        }
    }
}

/// `AUTH_USER_MODEL` must be `app_label.ModelName` naming an installed
/// model (the label case-sensitive, the model name not), once auth is
/// installed.
fn auth_user_model(
    ctx: &Ctx,
    entries: &[String],
    labels: &[Option<String>],
    out: &mut Vec<LoadStop>,
) {
    if ctx.app_installed("django.contrib.auth") != Tri::True {
        return;
    }
    let settings = ctx.settings;
    let s = settings.get("AUTH_USER_MODEL");
    if s.is_absent() {
        return;
    }
    let Value::Str(model) = &s.value else {
        return;
    };
    let Some((label, name)) = model.split_once('.').filter(|(_, n)| !n.contains('.')) else {
        out.push(stop(
            "AUTH_USER_MODEL",
            format!("ImproperlyConfigured: AUTH_USER_MODEL must be of the form 'app_label.model_name', not {model:?}"),
        ));
        return;
    };
    let all_certain = labels.len() == entries.len() && labels.iter().all(Option::is_some);
    let label_installed = labels.iter().flatten().any(|l| l == label);
    if !label_installed && all_certain {
        out.push(stop(
            "AUTH_USER_MODEL",
            format!("ImproperlyConfigured: AUTH_USER_MODEL refers to model {model:?}, but no installed app has the label {label:?} (labels are case-sensitive)"),
        ));
        return;
    }
    let Some((_, models)) = CONTRIB_MODELS.iter().find(|(l, _)| *l == label) else {
        return;
    };
    // A contrib label that is installed: its models are known.
    let contrib_installed = entries
        .iter()
        .any(|e| spells(e, &format!("django.contrib.{label}")));
    if !contrib_installed || !label_installed {
        return;
    }
    let lower = name.to_lowercase();
    if !models.contains(&lower.as_str()) {
        out.push(stop(
            "AUTH_USER_MODEL",
            format!("ImproperlyConfigured: AUTH_USER_MODEL refers to model {model:?}, which {label} does not have"),
        ));
    } else if label != "auth" || lower != "user" {
        out.push(stop(
            "AUTH_USER_MODEL",
            format!("AttributeError: AUTH_USER_MODEL is {model:?}, which is not a user model: the checks that read its user fields raise"),
        ));
    }
}

/// Django's contrib apps that have models (the others never touch the
/// database when the checks run).
const APPS_WITH_MODELS: [&str; 7] = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.admin",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.redirects",
];

/// Whether an installed app has models: certain for Django's own apps; a
/// project's app is taken to maybe have some (`None`).
fn some_app_has_models(settings: &Settings) -> Option<bool> {
    let entries = installed_entries(settings)?;
    if entries
        .iter()
        .any(|e| APPS_WITH_MODELS.iter().any(|app| spells(e, app)))
    {
        return Some(true);
    }
    entries
        .iter()
        .all(|e| e.starts_with("django."))
        .then_some(false)
}

/// With translations on, importing a model with an auto-created
/// many-to-many table (auth's, flatpages') translates its verbose name at
/// once, in LANGUAGE_CODE: without a catalog for it gettext raises.
fn untranslatable_language(ctx: &Ctx, out: &mut Vec<LoadStop>) {
    let m2m = ["django.contrib.auth", "django.contrib.flatpages"];
    if !m2m.iter().any(|app| ctx.app_installed(app) == Tri::True) {
        return;
    }
    if ctx.settings.get("USE_I18N").value.truthy() != Tri::True {
        return;
    }
    match &ctx.settings.get("LANGUAGE_CODE").value {
        Value::Str(code) if catalog(ctx, code) == Tri::False => out.push(stop(
            "LANGUAGE_CODE",
            format!("OSError: no translation catalog for the language code {code:?}, which Django translates in as it imports auth's models (USE_I18N is on)"),
        )),
        Value::None => out.push(stop(
            "LANGUAGE_CODE",
            "AttributeError: LANGUAGE_CODE is None, which Django cannot translate in as it imports auth's models (USE_I18N is on)".to_string(),
        )),
        _ => {}
    }
}

/// A non-empty `DATABASES` must have a `"default"` entry: Django looks it
/// up when the model checks run — from 6.1 always (the checks get every
/// alias), before only when an installed app has models.
fn databases(settings: &Settings, out: &mut Vec<LoadStop>) {
    if settings.version < DjangoVersion::V6_1 && some_app_has_models(settings) != Some(true) {
        return;
    }
    let Value::Dict(d) = &settings.get("DATABASES").value else {
        return;
    };
    let d = d.borrow();
    if !matches!(d.extra, Extra::Exact) || d.entries.is_empty() {
        return;
    }
    let keys_known = d
        .entries
        .iter()
        .all(|(k, _)| !matches!(k, Value::Unknown(_)));
    let has_default = d.entries.iter().any(|(k, _)| k.as_str() == Some("default"));
    if keys_known && !has_default {
        out.push(stop(
            "DATABASES",
            "ImproperlyConfigured: DATABASES has entries but none named 'default'".to_string(),
        ));
    }
}

/// A `TIME_ZONE` with no file under `/usr/share/zoneinfo` (when that
/// folder exists): Django raises ValueError when it applies the zone.
fn time_zone(settings: &Settings, zone_file: ZoneFile, out: &mut Vec<LoadStop>) {
    let s = settings.get("TIME_ZONE");
    if s.is_absent() {
        return;
    }
    if let (Value::Str(tz), Some(false)) = (&s.value, zone_file) {
        if !tz.is_empty() {
            out.push(stop(
                "TIME_ZONE",
                format!("ValueError: Incorrect timezone setting: {tz:?} has no file under /usr/share/zoneinfo"),
            ));
        }
    }
}

/// Django 4.2 refuses `STORAGES` beside the names it replaces.
fn storages_with_old_names(settings: &Settings, out: &mut Vec<LoadStop>) {
    if settings.get("STORAGES").is_absent() {
        return;
    }
    for old in ["DEFAULT_FILE_STORAGE", "STATICFILES_STORAGE"] {
        if !settings.get(old).is_absent() {
            out.push(stop(
                "STORAGES",
                format!(
                    "ImproperlyConfigured: STORAGES and {old} are mutually exclusive in Django 4.2"
                ),
            ));
            return;
        }
    }
}

/// Django 6.1 refuses `MAILERS` beside any of the `EMAIL_*` settings it
/// replaces.
fn mailers_with_email_settings(settings: &Settings, out: &mut Vec<LoadStop>) {
    if settings.get("MAILERS").is_absent() {
        return;
    }
    let set: Vec<&str> = OLD_EMAIL_SETTINGS
        .iter()
        .copied()
        .filter(|n| settings.namespace.get(n).is_some())
        .collect();
    if let Some(first) = set.first() {
        out.push(stop(
            "MAILERS",
            format!("ImproperlyConfigured: MAILERS cannot be used together with {first} (Django 6.1 replaced the EMAIL_* settings with MAILERS)"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::eval::testing::evaluate_module;

    fn stops_in(module: &str, version: DjangoVersion, zone_file: ZoneFile) -> Vec<String> {
        let eval = evaluate_module(module);
        let settings = Settings {
            namespace: &eval.namespace,
            version,
        };
        let facts = LoadFacts {
            labels: &eval.app_labels,
            zone_file,
            unimportable_app: eval.unimportable_app.as_ref(),
        };
        load_stops(&Ctx::new(&settings), &facts)
            .into_iter()
            .map(|s| format!("{}: {}", s.setting, s.why.split(':').next().unwrap()))
            .collect()
    }

    fn stops(module: &str) -> Vec<String> {
        stops_in(module, DjangoVersion::V5_2, None)
    }

    const AUTH: &str = "INSTALLED_APPS = ['django.contrib.auth', 'django.contrib.contenttypes']\n";

    #[test]
    fn contrib_apps_without_the_apps_their_models_need() {
        assert_eq!(
            stops("INSTALLED_APPS = ['django.contrib.auth']"),
            ["INSTALLED_APPS: RuntimeError"]
        );
        assert_eq!(
            stops("INSTALLED_APPS = ['django.contrib.admin.apps.SimpleAdminConfig', 'django.contrib.contenttypes']"),
            ["INSTALLED_APPS: RuntimeError"]
        );
        assert_eq!(
            stops("INSTALLED_APPS = ['django.contrib.flatpages', 'django.contrib.sites.apps.SitesConfig']"),
            Vec::<String>::new()
        );
        assert!(stops(AUTH).is_empty());
        assert_eq!(
            stops("INSTALLED_APPS = ['django.contrib.sessionz']"),
            ["INSTALLED_APPS: ModuleNotFoundError"]
        );
        // A project AppConfig class may install contenttypes under its own path.
        assert!(
            stops("INSTALLED_APPS = ['django.contrib.auth', 'shop.apps.TypesConfig']").is_empty()
        );
        assert!(stops("INSTALLED_APPS = ['django.contrib.auth', 'shop']")
            .contains(&"INSTALLED_APPS: RuntimeError".to_string()));
    }

    #[test]
    fn auth_user_model_must_name_an_installed_user_model() {
        let with = |m: &str| stops(&format!("{AUTH}AUTH_USER_MODEL = {m:?}\n"));
        assert!(with("auth.User").is_empty());
        assert!(
            with("auth.user").is_empty(),
            "the model name is case-insensitive"
        );
        assert_eq!(with("Auth.User"), ["AUTH_USER_MODEL: ImproperlyConfigured"]);
        assert_eq!(with("User"), ["AUTH_USER_MODEL: ImproperlyConfigured"]);
        assert_eq!(with("a.b.C"), ["AUTH_USER_MODEL: ImproperlyConfigured"]);
        assert_eq!(
            with("auth.Users"),
            ["AUTH_USER_MODEL: ImproperlyConfigured"]
        );
        assert_eq!(with("auth.Group"), ["AUTH_USER_MODEL: AttributeError"]);
        assert_eq!(
            with("accounts.User"),
            ["AUTH_USER_MODEL: ImproperlyConfigured"]
        );
        // Without auth, Django never looks it up.
        assert!(stops("INSTALLED_APPS = []\nAUTH_USER_MODEL = 'nope'").is_empty());
    }

    #[test]
    fn a_language_without_a_catalog_stops_the_import_of_auths_models() {
        let with = |code: &str| stops(&format!("{AUTH}LANGUAGE_CODE = {code}\n"));
        assert_eq!(with("'ht'"), ["LANGUAGE_CODE: OSError"]);
        assert_eq!(with("'zh-cn'"), ["LANGUAGE_CODE: OSError"]);
        assert_eq!(with("''"), ["LANGUAGE_CODE: OSError"]);
        assert_eq!(with("None"), ["LANGUAGE_CODE: AttributeError"]);
        assert!(with("'de-at'").is_empty());
        assert!(
            with("'en_US'").is_empty(),
            "a catalog exists: E001 and E004 only"
        );
        // Translations off, or no many-to-many model: the checks say it.
        assert!(stops(&format!("{AUTH}USE_I18N = False\nLANGUAGE_CODE = 'ht'\n")).is_empty());
        assert!(stops("LANGUAGE_CODE = 'ht'").is_empty());
        // ug has a catalog from 5.2.
        let ug = format!("{AUTH}LANGUAGE_CODE = 'ug'\n");
        assert_eq!(
            stops_in(&ug, DjangoVersion::V4_2, None),
            ["LANGUAGE_CODE: OSError"]
        );
        assert!(stops_in(&ug, DjangoVersion::V5_2, None).is_empty());
    }

    #[test]
    fn databases_need_a_default_unless_empty() {
        let v6_1 = |m: &str| stops_in(m, DjangoVersion::V6_1, None);
        assert!(v6_1("DATABASES = {}").is_empty());
        assert!(v6_1("DATABASES = {'default': {}}").is_empty());
        assert_eq!(
            v6_1("DATABASES = {'main': {}}"),
            ["DATABASES: ImproperlyConfigured"]
        );
        // Before 6.1 only an app with models makes Django look it up.
        assert!(stops("DATABASES = {'main': {}}").is_empty());
        assert!(
            stops("INSTALLED_APPS = ['django.contrib.messages']\nDATABASES = {'main': {}}")
                .is_empty()
        );
        assert_eq!(
            stops("INSTALLED_APPS = ['django.contrib.sessions']\nDATABASES = {'main': {}}"),
            ["DATABASES: ImproperlyConfigured"]
        );
        assert!(
            stops("INSTALLED_APPS = ['blog']\nDATABASES = {'main': {}}").is_empty(),
            "a project app may have models: cannot tell"
        );
        assert!(stops("import os\nDATABASES = {os.environ.get('X', 'a'): {}}").len() <= 1);
    }

    #[test]
    fn a_time_zone_without_a_zone_file() {
        let m = "TIME_ZONE = 'Mars/Olympus'";
        assert_eq!(
            stops_in(m, DjangoVersion::V5_2, Some(false)),
            ["TIME_ZONE: ValueError"]
        );
        assert!(stops_in(m, DjangoVersion::V5_2, Some(true)).is_empty());
        assert!(
            stops_in(m, DjangoVersion::V5_2, None).is_empty(),
            "no zoneinfo folder: nothing tested"
        );
    }

    #[test]
    fn storages_and_mailers_beside_the_settings_they_replace() {
        let m = "STORAGES = {}\nSTATICFILES_STORAGE = 'x'";
        assert_eq!(
            stops_in(m, DjangoVersion::V4_2, None),
            ["STORAGES: ImproperlyConfigured"]
        );
        assert!(
            stops_in(m, DjangoVersion::V5_2, None).is_empty(),
            "5.1 removed the old names"
        );
        let m = "MAILERS = {'default': {}}\nEMAIL_HOST = 'smtp'";
        assert_eq!(
            stops_in(m, DjangoVersion::V6_1, None),
            ["MAILERS: ImproperlyConfigured"]
        );
        assert!(stops_in(m, DjangoVersion::V6_0, None).is_empty());
        assert!(stops_in("MAILERS = {}", DjangoVersion::V6_1, None).is_empty());
    }
}
