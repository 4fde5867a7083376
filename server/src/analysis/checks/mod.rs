//! The checks `check --deploy` prints that the settings decide: one table
//! row per Django check ID, with Django 5.2's exact condition. The CLI, the language server, hover and the fixes all
//! read this table.

mod compatibility;
mod ctx;
pub mod loading;
pub mod own;
pub(crate) mod security;

pub use ctx::Ctx;
pub use loading::LIST_OR_TUPLE_SETTINGS;
pub use own::own_code;
pub use security::secret_key::weak_key_reason;

use compatibility::e001_4_0;
use ctx::py_in;
use security::{cookies::*, headers::*, hosts_debug::*, hsts::*, middleware::*, secret_key::*};

use super::eval::value::{Tri, Unknown};
use super::settings::Settings;

pub const SEC_MW: &str = "django.middleware.security.SecurityMiddleware";
pub const XFO_MW: &str = "django.middleware.clickjacking.XFrameOptionsMiddleware";
pub const CSRF_MW: &str = "django.middleware.csrf.CsrfViewMiddleware";
pub const SESS_MW: &str = "django.contrib.sessions.middleware.SessionMiddleware";
pub const SESS_APP: &str = "django.contrib.sessions";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// What a check concluded.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Pass,
    /// The check fires, with our message (never a secret's value).
    Fire(String),
    /// The check depends on a value the evaluator cannot see.
    Undecided(Unknown),
    /// Django's check itself would raise.
    Crash(String),
}

/// How a check can be fixed; `fixes.rs` turns it into edits and proves
/// each one by re-running the checks on the edited text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    /// Set the anchor setting to one of these Python literals (with why).
    /// `safe`: cannot break a running deployment by itself, so `source.fixAll`
    /// and `check --fix` apply it.
    SetValue {
        values: &'static [(&'static str, &'static str)],
        safe: bool,
    },
    /// Add a middleware to MIDDLEWARE, where Django documents it.
    AddMiddleware(&'static str),
    /// Read the value from an environment variable (never safe: the variable
    /// must be set before deploying).
    FromEnvironment,
    /// Give a `CSRF_TRUSTED_ORIGINS` entry a scheme (never safe: http or
    /// https is the user's to say).
    AddScheme,
}

pub struct CheckDef {
    pub id: &'static str,
    pub severity: Severity,
    /// The setting the finding is reported on.
    pub setting: &'static str,
    /// Every setting the rule reads, `setting` first (a test holds each
    /// rule to it): what hover lists as checked and what a change to the
    /// settings must re-run.
    pub reads: &'static [&'static str],
    /// The `MIDDLEWARE` or `INSTALLED_APPS` entries whose presence makes
    /// Django run the check, in order of preference: a finding about a
    /// setting the module leaves out is shown on the first one found.
    pub runs_because: &'static [&'static str],
    /// The Django releases that have the check: from `since`, up to and
    /// excluding `until`.
    pub since: DjangoVersion,
    pub until: Option<DjangoVersion>,
    /// Django's documentation for the setting the check is about, as a
    /// path below a release's documentation root (see `docs_url`).
    pub docs: &'static str,
    /// What the check expects, in a few words (hover, docs).
    pub expects: &'static str,
    pub rule: fn(&Ctx) -> Vec<Outcome>,
    pub fixes: &'static [FixKind],
    /// Checks Django only runs once this one passes (they are gated on what
    /// its fix adds), so its fix may reveal them.
    pub reveals: &'static [&'static str],
}

/// A Django release, `major.minor`: what `check --deploy` prints, the
/// defaults and the load rules differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DjangoVersion {
    pub major: u8,
    pub minor: u8,
}

impl DjangoVersion {
    pub const V4_2: DjangoVersion = DjangoVersion { major: 4, minor: 2 };
    pub const V5_2: DjangoVersion = DjangoVersion { major: 5, minor: 2 };
    pub const V6_0: DjangoVersion = DjangoVersion { major: 6, minor: 0 };
    pub const V6_1: DjangoVersion = DjangoVersion { major: 6, minor: 1 };
    /// The releases the tests run real Django for.
    pub const SUPPORTED: [DjangoVersion; 4] = [Self::V4_2, Self::V5_2, Self::V6_0, Self::V6_1];
    /// The release whose checks, defaults and load rules the analysis
    /// follows until a project's own release is read.
    pub const MODELLED: DjangoVersion = Self::V5_2;

    /// The root of this release's documentation.
    pub fn docs_root(self) -> String {
        format!(
            "https://docs.djangoproject.com/en/{}.{}/",
            self.major, self.minor
        )
    }
}

impl std::fmt::Display for DjangoVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl CheckDef {
    /// Whether `version` runs this check.
    pub fn exists_in(&self, version: DjangoVersion) -> bool {
        self.since <= version && self.until.is_none_or(|u| version < u)
    }

    /// The check's documentation for `version`.
    pub fn docs_url(&self, version: DjangoVersion) -> String {
        format!("{}{}", version.docs_root(), self.docs)
    }
}

/// The settings reference's anchor for a setting (`ref/settings/#debug`).
macro_rules! docs {
    ($anchor:literal) => {
        concat!("ref/settings/#", $anchor)
    };
}

/// Every row but E024 (Django 4.0) and W025 (4.1) is older than the oldest
/// supported release; `since` says "from the oldest supported release" for them.
const ALWAYS: DjangoVersion = DjangoVersion::V4_2;

pub static CHECKS: &[CheckDef] = &[
    CheckDef { id: "security.W001", severity: Severity::Warning, setting: "MIDDLEWARE", reads: &["MIDDLEWARE"], runs_because: &[], since: ALWAYS, until: None, docs: "ref/middleware/#module-django.middleware.security", expects: "django.middleware.security.SecurityMiddleware in MIDDLEWARE", rule: w001, fixes: &[FixKind::AddMiddleware(SEC_MW)], reveals: &["security.W004", "security.W005", "security.W006", "security.W008", "security.W021", "security.W022", "security.E023", "security.E024"] },
    CheckDef { id: "security.W002", severity: Severity::Warning, setting: "MIDDLEWARE", reads: &["MIDDLEWARE"], runs_because: &[], since: ALWAYS, until: None, docs: "ref/clickjacking/", expects: "django.middleware.clickjacking.XFrameOptionsMiddleware in MIDDLEWARE", rule: w002, fixes: &[FixKind::AddMiddleware(XFO_MW)], reveals: &["security.W019"] },
    CheckDef { id: "security.W003", severity: Severity::Warning, setting: "MIDDLEWARE", reads: &["MIDDLEWARE"], runs_because: &[], since: ALWAYS, until: None, docs: "ref/csrf/", expects: "django.middleware.csrf.CsrfViewMiddleware in MIDDLEWARE", rule: w003, fixes: &[FixKind::AddMiddleware(CSRF_MW)], reveals: &["security.W016"] },
    CheckDef { id: "security.W004", severity: Severity::Warning, setting: "SECURE_HSTS_SECONDS", reads: &["SECURE_HSTS_SECONDS", "MIDDLEWARE"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-hsts-seconds"), expects: "a positive SECURE_HSTS_SECONDS (with SecurityMiddleware)", rule: w004, fixes: &[FixKind::SetValue { values: &[("3600", "one hour: a cautious start, since browsers remember HSTS"), ("31536000", "one year: once every subdomain is served over HTTPS")], safe: false }], reveals: &["security.W005", "security.W021"] },
    CheckDef { id: "security.W005", severity: Severity::Warning, setting: "SECURE_HSTS_INCLUDE_SUBDOMAINS", reads: &["SECURE_HSTS_INCLUDE_SUBDOMAINS", "MIDDLEWARE", "SECURE_HSTS_SECONDS"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-hsts-include-subdomains"), expects: "SECURE_HSTS_INCLUDE_SUBDOMAINS = True when HSTS is on", rule: w005, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W006", severity: Severity::Warning, setting: "SECURE_CONTENT_TYPE_NOSNIFF", reads: &["SECURE_CONTENT_TYPE_NOSNIFF", "MIDDLEWARE"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-content-type-nosniff"), expects: "SECURE_CONTENT_TYPE_NOSNIFF = True", rule: w006, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W008", severity: Severity::Warning, setting: "SECURE_SSL_REDIRECT", reads: &["SECURE_SSL_REDIRECT", "MIDDLEWARE"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-ssl-redirect"), expects: "SECURE_SSL_REDIRECT = True", rule: w008, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W009", severity: Severity::Warning, setting: "SECRET_KEY", reads: &["SECRET_KEY"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("secret-key"), expects: "a SECRET_KEY of at least 50 characters, 5 distinct, not starting with 'django-insecure-'", rule: w009, fixes: &[FixKind::FromEnvironment], reveals: &[] },
    CheckDef { id: "security.W010", severity: Severity::Warning, setting: "SESSION_COOKIE_SECURE", reads: &["SESSION_COOKIE_SECURE", "INSTALLED_APPS", "MIDDLEWARE"], runs_because: &[SESS_MW, SESS_APP], since: ALWAYS, until: None, docs: docs!("session-cookie-secure"), expects: "SESSION_COOKIE_SECURE = True", rule: w010, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W011", severity: Severity::Warning, setting: "SESSION_COOKIE_SECURE", reads: &["SESSION_COOKIE_SECURE", "INSTALLED_APPS", "MIDDLEWARE"], runs_because: &[SESS_MW, SESS_APP], since: ALWAYS, until: None, docs: docs!("session-cookie-secure"), expects: "SESSION_COOKIE_SECURE = True", rule: w011, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W012", severity: Severity::Warning, setting: "SESSION_COOKIE_SECURE", reads: &["SESSION_COOKIE_SECURE", "INSTALLED_APPS", "MIDDLEWARE"], runs_because: &[SESS_MW, SESS_APP], since: ALWAYS, until: None, docs: docs!("session-cookie-secure"), expects: "SESSION_COOKIE_SECURE = True", rule: w012, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W013", severity: Severity::Warning, setting: "SESSION_COOKIE_HTTPONLY", reads: &["SESSION_COOKIE_HTTPONLY", "INSTALLED_APPS", "MIDDLEWARE"], runs_because: &[SESS_MW, SESS_APP], since: ALWAYS, until: None, docs: docs!("session-cookie-httponly"), expects: "SESSION_COOKIE_HTTPONLY = True", rule: w013, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W014", severity: Severity::Warning, setting: "SESSION_COOKIE_HTTPONLY", reads: &["SESSION_COOKIE_HTTPONLY", "INSTALLED_APPS", "MIDDLEWARE"], runs_because: &[SESS_MW, SESS_APP], since: ALWAYS, until: None, docs: docs!("session-cookie-httponly"), expects: "SESSION_COOKIE_HTTPONLY = True", rule: w014, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W015", severity: Severity::Warning, setting: "SESSION_COOKIE_HTTPONLY", reads: &["SESSION_COOKIE_HTTPONLY", "INSTALLED_APPS", "MIDDLEWARE"], runs_because: &[SESS_MW, SESS_APP], since: ALWAYS, until: None, docs: docs!("session-cookie-httponly"), expects: "SESSION_COOKIE_HTTPONLY = True", rule: w015, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W016", severity: Severity::Warning, setting: "CSRF_COOKIE_SECURE", reads: &["CSRF_COOKIE_SECURE", "CSRF_USE_SESSIONS", "MIDDLEWARE"], runs_because: &[CSRF_MW], since: ALWAYS, until: None, docs: docs!("csrf-cookie-secure"), expects: "CSRF_COOKIE_SECURE = True (unless CSRF_USE_SESSIONS)", rule: w016, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W018", severity: Severity::Warning, setting: "DEBUG", reads: &["DEBUG"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("debug"), expects: "DEBUG = False in deployment", rule: w018, fixes: &[FixKind::SetValue { values: &[("False", "")], safe: true }, FixKind::FromEnvironment], reveals: &[] },
    CheckDef { id: "security.W019", severity: Severity::Warning, setting: "X_FRAME_OPTIONS", reads: &["X_FRAME_OPTIONS", "MIDDLEWARE"], runs_because: &[XFO_MW], since: ALWAYS, until: None, docs: docs!("x-frame-options"), expects: "X_FRAME_OPTIONS = 'DENY' (with XFrameOptionsMiddleware)", rule: w019, fixes: &[FixKind::SetValue { values: &[("\"DENY\"", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W020", severity: Severity::Warning, setting: "ALLOWED_HOSTS", reads: &["ALLOWED_HOSTS"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("allowed-hosts"), expects: "a non-empty ALLOWED_HOSTS", rule: w020, fixes: &[FixKind::FromEnvironment], reveals: &[] },
    CheckDef { id: "security.W021", severity: Severity::Warning, setting: "SECURE_HSTS_PRELOAD", reads: &["SECURE_HSTS_PRELOAD", "MIDDLEWARE", "SECURE_HSTS_SECONDS"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-hsts-preload"), expects: "SECURE_HSTS_PRELOAD = True when HSTS is on", rule: w021, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W022", severity: Severity::Warning, setting: "SECURE_REFERRER_POLICY", reads: &["SECURE_REFERRER_POLICY", "MIDDLEWARE"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-referrer-policy"), expects: "SECURE_REFERRER_POLICY not None (with SecurityMiddleware)", rule: w022, fixes: &[FixKind::SetValue { values: &[("\"same-origin\"", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.E023", severity: Severity::Error, setting: "SECURE_REFERRER_POLICY", reads: &["SECURE_REFERRER_POLICY", "MIDDLEWARE"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-referrer-policy"), expects: "SECURE_REFERRER_POLICY made of valid Referrer-Policy values", rule: e023, fixes: &[FixKind::SetValue { values: &[("\"same-origin\"", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.E024", severity: Severity::Error, setting: "SECURE_CROSS_ORIGIN_OPENER_POLICY", reads: &["SECURE_CROSS_ORIGIN_OPENER_POLICY", "MIDDLEWARE"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-cross-origin-opener-policy"), expects: "SECURE_CROSS_ORIGIN_OPENER_POLICY one of same-origin, same-origin-allow-popups, unsafe-none, or None", rule: e024, fixes: &[FixKind::SetValue { values: &[("\"same-origin\"", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W025", severity: Severity::Warning, setting: "SECRET_KEY_FALLBACKS", reads: &["SECRET_KEY_FALLBACKS"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("secret-key-fallbacks"), expects: "every SECRET_KEY_FALLBACKS entry a strong key", rule: w025, fixes: &[], reveals: &[] },
    CheckDef { id: "4_0.E001", severity: Severity::Error, setting: "CSRF_TRUSTED_ORIGINS", reads: &["CSRF_TRUSTED_ORIGINS"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("csrf-trusted-origins"), expects: "every CSRF_TRUSTED_ORIGINS entry starting with a scheme (https://www.example.com)", rule: e001_4_0, fixes: &[FixKind::AddScheme], reveals: &[] },
];

pub fn check_by_id(id: &str) -> Option<&'static CheckDef> {
    CHECKS.iter().find(|c| c.id == id)
}

/// Settings the checks read, for hover and completion.
pub const CHECKED_SETTINGS: &[&str] = &[
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "ALLOWED_HOSTS",
    "MIDDLEWARE",
    "INSTALLED_APPS",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_SSL_REDIRECT",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_USE_SESSIONS",
    "X_FRAME_OPTIONS",
    "SILENCED_SYSTEM_CHECKS",
    "CSRF_TRUSTED_ORIGINS",
];

/// The settings reference for `name`, in the modelled release's documentation.
pub fn settings_docs(name: &str) -> String {
    format!(
        "{}ref/settings/#{}",
        DjangoVersion::MODELLED.docs_root(),
        name.to_ascii_lowercase().replace('_', "-")
    )
}

/// Whether Django silences `id`: `id in SILENCED_SYSTEM_CHECKS`.
pub fn silenced(settings: &Settings, id: &str) -> Tri {
    py_in(&settings.get("SILENCED_SYSTEM_CHECKS").value, id).unwrap_or(Tri::False)
}

/// The README's tables of codes: Django's checks (with the releases that
/// run them) and ours, made from the registry; a test compares the README.
#[cfg(test)]
fn code_table_markdown() -> String {
    let severity = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let mut out = String::from(
        "| Django's check | severity | setting | expects | releases |\n|---|---|---|---|---|\n",
    );
    for c in CHECKS {
        let releases = match c.until {
            Some(u) => format!("{} to {u}", c.since),
            None => format!("{} on", c.since),
        };
        out.push_str(&format!(
            "| [`{}`]({}) | {} | `{}` | {} | {releases} |\n",
            c.id,
            c.docs_url(DjangoVersion::MODELLED),
            severity(c.severity),
            c.setting,
            c.expects
        ));
    }
    out.push_str("\nBesides Django's IDs it reports, in its own `dsl.` namespace:\n\n| code | severity | meaning |\n|---|---|---|\n");
    for c in own::OWN_CODES {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            c.code,
            severity(c.severity),
            c.meaning
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::settings::Settings;

    /// The README shows `code_table_markdown()` between its markers;
    /// `DSL_UPDATE_README=1 cargo test --lib readme` writes it there.
    #[test]
    fn readme_code_tables_are_the_registry() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
        let readme = std::fs::read_to_string(path).unwrap();
        let (start, end) = ("<!-- codes:start -->\n", "<!-- codes:end -->");
        let a = readme.find(start).expect("the README's codes:start marker") + start.len();
        let b = readme.find(end).expect("the README's codes:end marker");
        let want = code_table_markdown();
        if readme[a..b] != want {
            if std::env::var_os("DSL_UPDATE_README").is_some() {
                std::fs::write(path, format!("{}{want}{}", &readme[..a], &readme[b..])).unwrap();
            } else {
                panic!("README's tables of codes differ from the registry: run DSL_UPDATE_README=1 cargo test --lib readme");
            }
        }
    }

    #[test]
    fn table_ids_are_unique_and_django_shaped() {
        let mut ids: Vec<&str> = CHECKS.iter().map(|c| c.id).collect();
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len());
        for c in CHECKS {
            // `security.W004`, `4_0.E001`: the level follows the last dot.
            let level = c.id.as_bytes()[c.id.rfind('.').unwrap() + 1];
            assert_eq!(level == b'E', c.severity == Severity::Error, "{}", c.id);
            assert!(
                !c.docs.starts_with("http"),
                "{}: a path below the docs root",
                c.id
            );
            assert!(c
                .docs_url(DjangoVersion::V6_1)
                .starts_with("https://docs.djangoproject.com/en/6.1/"));
            for v in DjangoVersion::SUPPORTED {
                assert!(c.exists_in(v), "{} runs on every supported release", c.id);
            }
            assert!(
                CHECKED_SETTINGS.contains(&c.setting),
                "{}: {} is not in CHECKED_SETTINGS",
                c.id,
                c.setting
            );
        }
        // Django 5.2's 23 security deploy checks, and 4_0.E001.
        assert_eq!(CHECKS.len(), 24);
    }

    /// Each rule reads only the settings its row lists, on every module of
    /// the differential suite (over 600, every branch of every rule), and
    /// CHECKED_SETTINGS is what the rows read, with SILENCED_SYSTEM_CHECKS
    /// (which the report reads for every check).
    #[test]
    fn every_rule_reads_only_what_its_row_lists() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/differential/cases");
        let sources = crate::analysis::source::DiskSources::new();
        let mut cases: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        cases.sort();
        assert!(cases.len() > 500);
        for case in cases {
            let entry = if case.is_dir() {
                case.join(std::fs::read_to_string(case.join("ENTRY")).unwrap().trim())
            } else {
                case.clone()
            };
            let Ok(eval) = crate::analysis::eval::driver::evaluate(
                &std::fs::canonicalize(&entry).unwrap(),
                &sources,
            ) else {
                continue;
            };
            let settings = Settings {
                namespace: &eval.namespace,
            };
            for c in CHECKS {
                let ctx = Ctx::new(&settings);
                let _ = (c.rule)(&ctx);
                for name in ctx.read.borrow().iter() {
                    assert!(
                        c.reads.contains(name),
                        "{}: its rule reads {name}, not in its row's reads ({})",
                        c.id,
                        case.display()
                    );
                }
            }
        }
        let mut from_rows: Vec<&str> = CHECKS
            .iter()
            .flat_map(|c| c.reads.iter().copied())
            .collect();
        from_rows.push("SILENCED_SYSTEM_CHECKS");
        from_rows.sort_unstable();
        from_rows.dedup();
        let mut listed: Vec<&str> = CHECKED_SETTINGS.to_vec();
        listed.sort_unstable();
        assert_eq!(listed, from_rows, "CHECKED_SETTINGS is what the rows read");
        for c in CHECKS {
            assert_eq!(
                c.reads.first(),
                Some(&c.setting),
                "{}: its setting comes first",
                c.id
            );
        }
    }
}
