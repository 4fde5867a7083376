//! The deploy checks: one table row per Django check ID, with Django 5.2's
//! exact condition. The CLI, the language server, hover and the fixes all
//! read this table.

use super::calls::{repr, repr_within};
use super::settings::{Setting, Settings};
use super::value::{seq_contains, Extra, IterError, Tri, Unknown, Value};

pub const SEC_MW: &str = "django.middleware.security.SecurityMiddleware";
pub const XFO_MW: &str = "django.middleware.clickjacking.XFrameOptionsMiddleware";
pub const CSRF_MW: &str = "django.middleware.csrf.CsrfViewMiddleware";
pub const SESS_MW: &str = "django.contrib.sessions.middleware.SessionMiddleware";
pub const SESS_APP: &str = "django.contrib.sessions";

pub const REFERRER_POLICY_VALUES: [&str; 8] = [
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
];
pub const COOP_VALUES: [&str; 3] = ["same-origin", "same-origin-allow-popups", "unsafe-none"];

pub const SECRET_KEY_MIN_LENGTH: usize = 50;
pub const SECRET_KEY_MIN_UNIQUE_CHARACTERS: usize = 5;
pub const SECRET_KEY_INSECURE_PREFIX: &str = "django-insecure-";

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
}

pub struct CheckDef {
    pub id: &'static str,
    pub severity: Severity,
    /// The setting the finding is reported on.
    pub setting: &'static str,
    /// The `MIDDLEWARE` or `INSTALLED_APPS` entries whose presence makes
    /// Django run the check, in order of preference: a finding about a
    /// setting the module leaves out is shown on the first one found.
    pub runs_because: &'static [&'static str],
    /// Django's documentation for the setting the check is about.
    pub docs: &'static str,
    /// What the check expects, in a few words (hover, docs).
    pub expects: &'static str,
    pub rule: fn(&Ctx) -> Vec<Outcome>,
    pub fixes: &'static [FixKind],
    /// Checks Django only runs once this one passes (they are gated on what
    /// its fix adds), so its fix may reveal them.
    pub reveals: &'static [&'static str],
}

const DOCS: &str = "https://docs.djangoproject.com/en/5.2/ref/settings/";

macro_rules! docs {
    ($anchor:literal) => {
        concat!(
            "https://docs.djangoproject.com/en/5.2/ref/settings/#",
            $anchor
        )
    };
}

pub static CHECKS: &[CheckDef] = &[
    CheckDef { id: "security.W001", severity: Severity::Warning, setting: "MIDDLEWARE", runs_because: &[], docs: "https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.security", expects: "django.middleware.security.SecurityMiddleware in MIDDLEWARE", rule: w001, fixes: &[FixKind::AddMiddleware(SEC_MW)], reveals: &["security.W004", "security.W005", "security.W006", "security.W008", "security.W021", "security.W022", "security.E023", "security.E024"] },
    CheckDef { id: "security.W002", severity: Severity::Warning, setting: "MIDDLEWARE", runs_because: &[], docs: "https://docs.djangoproject.com/en/5.2/ref/clickjacking/", expects: "django.middleware.clickjacking.XFrameOptionsMiddleware in MIDDLEWARE", rule: w002, fixes: &[FixKind::AddMiddleware(XFO_MW)], reveals: &["security.W019"] },
    CheckDef { id: "security.W003", severity: Severity::Warning, setting: "MIDDLEWARE", runs_because: &[], docs: "https://docs.djangoproject.com/en/5.2/ref/csrf/", expects: "django.middleware.csrf.CsrfViewMiddleware in MIDDLEWARE", rule: w003, fixes: &[FixKind::AddMiddleware(CSRF_MW)], reveals: &["security.W016"] },
    CheckDef { id: "security.W004", severity: Severity::Warning, setting: "SECURE_HSTS_SECONDS", runs_because: &[SEC_MW], docs: docs!("secure-hsts-seconds"), expects: "a positive SECURE_HSTS_SECONDS (with SecurityMiddleware)", rule: w004, fixes: &[FixKind::SetValue { values: &[("3600", "one hour: a cautious start, since browsers remember HSTS"), ("31536000", "one year: once every subdomain is served over HTTPS")], safe: false }], reveals: &["security.W005", "security.W021"] },
    CheckDef { id: "security.W005", severity: Severity::Warning, setting: "SECURE_HSTS_INCLUDE_SUBDOMAINS", runs_because: &[SEC_MW], docs: docs!("secure-hsts-include-subdomains"), expects: "SECURE_HSTS_INCLUDE_SUBDOMAINS = True when HSTS is on", rule: w005, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W006", severity: Severity::Warning, setting: "SECURE_CONTENT_TYPE_NOSNIFF", runs_because: &[SEC_MW], docs: docs!("secure-content-type-nosniff"), expects: "SECURE_CONTENT_TYPE_NOSNIFF = True", rule: w006, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W008", severity: Severity::Warning, setting: "SECURE_SSL_REDIRECT", runs_because: &[SEC_MW], docs: docs!("secure-ssl-redirect"), expects: "SECURE_SSL_REDIRECT = True", rule: w008, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W009", severity: Severity::Warning, setting: "SECRET_KEY", runs_because: &[], docs: docs!("secret-key"), expects: "a SECRET_KEY of at least 50 characters, 5 distinct, not starting with 'django-insecure-'", rule: w009, fixes: &[FixKind::FromEnvironment], reveals: &[] },
    CheckDef { id: "security.W010", severity: Severity::Warning, setting: "SESSION_COOKIE_SECURE", runs_because: &[SESS_MW, SESS_APP], docs: docs!("session-cookie-secure"), expects: "SESSION_COOKIE_SECURE = True", rule: w010, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W011", severity: Severity::Warning, setting: "SESSION_COOKIE_SECURE", runs_because: &[SESS_MW, SESS_APP], docs: docs!("session-cookie-secure"), expects: "SESSION_COOKIE_SECURE = True", rule: w011, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W012", severity: Severity::Warning, setting: "SESSION_COOKIE_SECURE", runs_because: &[SESS_MW, SESS_APP], docs: docs!("session-cookie-secure"), expects: "SESSION_COOKIE_SECURE = True", rule: w012, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W013", severity: Severity::Warning, setting: "SESSION_COOKIE_HTTPONLY", runs_because: &[SESS_MW, SESS_APP], docs: docs!("session-cookie-httponly"), expects: "SESSION_COOKIE_HTTPONLY = True", rule: w013, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W014", severity: Severity::Warning, setting: "SESSION_COOKIE_HTTPONLY", runs_because: &[SESS_MW, SESS_APP], docs: docs!("session-cookie-httponly"), expects: "SESSION_COOKIE_HTTPONLY = True", rule: w014, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W015", severity: Severity::Warning, setting: "SESSION_COOKIE_HTTPONLY", runs_because: &[SESS_MW, SESS_APP], docs: docs!("session-cookie-httponly"), expects: "SESSION_COOKIE_HTTPONLY = True", rule: w015, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W016", severity: Severity::Warning, setting: "CSRF_COOKIE_SECURE", runs_because: &[CSRF_MW], docs: docs!("csrf-cookie-secure"), expects: "CSRF_COOKIE_SECURE = True (unless CSRF_USE_SESSIONS)", rule: w016, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W018", severity: Severity::Warning, setting: "DEBUG", runs_because: &[], docs: docs!("debug"), expects: "DEBUG = False in deployment", rule: w018, fixes: &[FixKind::SetValue { values: &[("False", "")], safe: true }, FixKind::FromEnvironment], reveals: &[] },
    CheckDef { id: "security.W019", severity: Severity::Warning, setting: "X_FRAME_OPTIONS", runs_because: &[XFO_MW], docs: docs!("x-frame-options"), expects: "X_FRAME_OPTIONS = 'DENY' (with XFrameOptionsMiddleware)", rule: w019, fixes: &[FixKind::SetValue { values: &[("\"DENY\"", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W020", severity: Severity::Warning, setting: "ALLOWED_HOSTS", runs_because: &[], docs: docs!("allowed-hosts"), expects: "a non-empty ALLOWED_HOSTS", rule: w020, fixes: &[FixKind::FromEnvironment], reveals: &[] },
    CheckDef { id: "security.W021", severity: Severity::Warning, setting: "SECURE_HSTS_PRELOAD", runs_because: &[SEC_MW], docs: docs!("secure-hsts-preload"), expects: "SECURE_HSTS_PRELOAD = True when HSTS is on", rule: w021, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W022", severity: Severity::Warning, setting: "SECURE_REFERRER_POLICY", runs_because: &[SEC_MW], docs: docs!("secure-referrer-policy"), expects: "SECURE_REFERRER_POLICY not None (with SecurityMiddleware)", rule: w022, fixes: &[FixKind::SetValue { values: &[("\"same-origin\"", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.E023", severity: Severity::Error, setting: "SECURE_REFERRER_POLICY", runs_because: &[SEC_MW], docs: docs!("secure-referrer-policy"), expects: "SECURE_REFERRER_POLICY made of valid Referrer-Policy values", rule: e023, fixes: &[FixKind::SetValue { values: &[("\"same-origin\"", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.E024", severity: Severity::Error, setting: "SECURE_CROSS_ORIGIN_OPENER_POLICY", runs_because: &[SEC_MW], docs: docs!("secure-cross-origin-opener-policy"), expects: "SECURE_CROSS_ORIGIN_OPENER_POLICY one of same-origin, same-origin-allow-popups, unsafe-none, or None", rule: e024, fixes: &[FixKind::SetValue { values: &[("\"same-origin\"", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W025", severity: Severity::Warning, setting: "SECRET_KEY_FALLBACKS", runs_because: &[], docs: docs!("secret-key-fallbacks"), expects: "every SECRET_KEY_FALLBACKS entry a strong key", rule: w025, fixes: &[], reveals: &[] },
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
];

pub fn settings_docs(name: &str) -> String {
    format!("{DOCS}#{}", name.to_ascii_lowercase().replace('_', "-"))
}

/// The settings and the questions the checks ask of them.
pub struct Ctx<'s> {
    pub settings: &'s Settings<'s>,
}

type Q = Result<Tri, String>;

impl Ctx<'_> {
    pub fn get(&self, name: &'static str) -> Setting {
        self.settings.get(name)
    }

    /// `"<item>" in settings.<list_setting>`, exactly as Django tests it.
    fn has(&self, list_setting: &'static str, item: &str) -> Q {
        let s = self.get(list_setting);
        py_in(&s.value, item).ok_or_else(|| {
            format!(
                "{list_setting} is a {}, so `in {list_setting}` raises TypeError",
                s.value.type_name()
            )
        })
    }

    fn sec_mw(&self) -> Q {
        self.has("MIDDLEWARE", SEC_MW)
    }

    fn is_true(&self, name: &'static str) -> Tri {
        self.get(name).value.is_true_object()
    }

    fn truthy(&self, name: &'static str) -> Tri {
        self.get(name).value.truthy()
    }

    /// "NAME is VALUE" with where the value came from, never a secret.
    pub fn describe(&self, name: &'static str) -> String {
        describe(&self.get(name))
    }
}

pub fn describe(s: &Setting) -> String {
    if s.is_absent() {
        return match repr(&s.value) {
            Some(r) => format!("{} is not set (Django's default is {r})", s.name),
            None => format!("{} is not set", s.name),
        };
    }
    // Shown when short: 80 characters take at most 320 bytes.
    let shown = match repr_within(&s.value, 320) {
        Some(r) if r.chars().count() <= 80 => r,
        Some(_) => format!("a {} value", s.value.type_name()),
        None => format!("a {} value", s.value.type_name()),
    };
    let env = s.env_vars();
    if env.is_empty() {
        format!("{} is {shown}", s.name)
    } else {
        format!("{} is {shown} when {} unset", s.name, env_list(&env))
    }
}

fn env_list(vars: &[std::rc::Rc<str>]) -> String {
    match vars {
        [one] => format!("{one} is"),
        many => format!(
            "{} are",
            many.iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Turns the answer to "does the check fire?" into an outcome.
fn decide(q: Q, message: impl FnOnce() -> String) -> Vec<Outcome> {
    vec![match q {
        Ok(Tri::True) => Outcome::Fire(message()),
        Ok(Tri::False) => Outcome::Pass,
        Ok(Tri::Unknown(u)) => Outcome::Undecided(u),
        Err(crash) => Outcome::Crash(crash),
    }]
}

fn and(a: Q, b: impl FnOnce() -> Q) -> Q {
    match a? {
        Tri::False => Ok(Tri::False),
        Tri::True => b(),
        Tri::Unknown(u) => match b()? {
            Tri::False => Ok(Tri::False),
            _ => Ok(Tri::Unknown(u)),
        },
    }
}

fn not(a: Q) -> Q {
    a.map(Tri::negate)
}

fn w001(c: &Ctx) -> Vec<Outcome> {
    decide(not(c.sec_mw()), || {
        format!("{SEC_MW} is not in MIDDLEWARE, so none of its security headers or HTTPS redirects are applied")
    })
}

fn w002(c: &Ctx) -> Vec<Outcome> {
    decide(not(c.has("MIDDLEWARE", XFO_MW)), || {
        format!(
            "{XFO_MW} is not in MIDDLEWARE, so pages may be framed by other sites (clickjacking)"
        )
    })
}

fn w003(c: &Ctx) -> Vec<Outcome> {
    decide(not(c.has("MIDDLEWARE", CSRF_MW)), || {
        format!("{CSRF_MW} is not in MIDDLEWARE, so forms are not protected against cross-site request forgery")
    })
}

fn w004(c: &Ctx) -> Vec<Outcome> {
    decide(
        and(c.sec_mw(), || Ok(c.truthy("SECURE_HSTS_SECONDS").negate())),
        || {
            format!(
            "{}: HTTP Strict Transport Security is off. Set it to a positive number of seconds once the whole site is served over HTTPS (start small: HSTS is hard to undo)",
            c.describe("SECURE_HSTS_SECONDS")
        )
        },
    )
}

fn hsts_on(c: &Ctx) -> Q {
    and(c.sec_mw(), || Ok(c.truthy("SECURE_HSTS_SECONDS")))
}

fn w005(c: &Ctx) -> Vec<Outcome> {
    decide(
        and(hsts_on(c), || {
            Ok(c.is_true("SECURE_HSTS_INCLUDE_SUBDOMAINS").negate())
        }),
        || {
            format!(
                "{}, but HSTS is on: set it to True so subdomains are also HTTPS-only",
                c.describe("SECURE_HSTS_INCLUDE_SUBDOMAINS")
            )
        },
    )
}

fn w021(c: &Ctx) -> Vec<Outcome> {
    decide(
        and(hsts_on(c), || Ok(c.is_true("SECURE_HSTS_PRELOAD").negate())),
        || {
            format!(
            "{}, but HSTS is on: set it to True to allow submitting the site to browsers' preload lists",
            c.describe("SECURE_HSTS_PRELOAD")
        )
        },
    )
}

fn w006(c: &Ctx) -> Vec<Outcome> {
    decide(
        and(c.sec_mw(), || {
            Ok(c.is_true("SECURE_CONTENT_TYPE_NOSNIFF").negate())
        }),
        || {
            format!(
            "{}: set it to True so browsers do not guess content types (X-Content-Type-Options: nosniff)",
            c.describe("SECURE_CONTENT_TYPE_NOSNIFF")
        )
        },
    )
}

fn w008(c: &Ctx) -> Vec<Outcome> {
    decide(
        and(c.sec_mw(), || Ok(c.is_true("SECURE_SSL_REDIRECT").negate())),
        || {
            format!(
            "{}: set it to True to redirect all HTTP requests to HTTPS (or redirect at the proxy and silence this check)",
            c.describe("SECURE_SSL_REDIRECT")
        )
        },
    )
}

/// Why a key is weak, by Django's rule; `None` when it is strong; `Err`
/// when Django's check itself raises. Django tests
/// `len(set(key)) >= 5 and len(key) >= 50 and not key.startswith(prefix)`
/// in that order, so a non-string key is weak (not a crash) when one of the
/// first two tests already fails. Never includes the key itself.
pub fn weak_key_reason(key: &Value) -> Result<Option<String>, String> {
    let weak = |n: usize, distinct: usize| {
        if distinct < SECRET_KEY_MIN_UNIQUE_CHARACTERS {
            Some(if n == 0 {
                "is empty".to_string()
            } else {
                format!("has only {distinct} distinct characters (at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} needed)")
            })
        } else if n < SECRET_KEY_MIN_LENGTH {
            Some(format!(
                "is {n} characters long (at least {SECRET_KEY_MIN_LENGTH} needed)"
            ))
        } else {
            None
        }
    };
    match key {
        Value::Str(s) => {
            let n = s.chars().count();
            let mut cs: Vec<char> = s.chars().collect();
            cs.sort_unstable();
            cs.dedup();
            Ok(weak(n, cs.len()).or_else(|| {
                s.starts_with(SECRET_KEY_INSECURE_PREFIX).then(|| {
                    format!("starts with '{SECRET_KEY_INSECURE_PREFIX}' (generated by startproject for development)")
                })
            }))
        }
        Value::Bytes(b) => {
            let mut cs = b.to_vec();
            cs.sort_unstable();
            cs.dedup();
            match weak(b.len(), cs.len()) {
                Some(w) => Ok(Some(w)),
                None => Err("is bytes, so Django's check crashes (bytes.startswith with a str prefix raises TypeError)".into()),
            }
        }
        Value::List(_) | Value::Tuple(_) | Value::Set(_) | Value::Dict(_) => {
            let Ok((items, Extra::Exact)) = key.iter_items() else {
                return Ok(None);
            };
            if items
                .iter()
                .any(|i| matches!(i, Value::List(_) | Value::Dict(_) | Value::Set(_)))
            {
                return Err(format!(
                    "is a {} holding unhashable values, so Django's check crashes",
                    key.type_name()
                ));
            }
            let mut distinct: Vec<Value> = vec![];
            for i in &items {
                if super::value::contains(&distinct, i) != Tri::True {
                    distinct.push(i.clone());
                }
            }
            match weak(items.len(), distinct.len()) {
                Some(w) => Ok(Some(format!("is a {} and {w}", key.type_name()))),
                None => Err(format!(
                    "is a {}, so Django's check crashes (no startswith)",
                    key.type_name()
                )),
            }
        }
        Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::None => Err(format!(
            "is {}, so Django's check crashes (not a string)",
            repr(key).unwrap_or_default()
        )),
        _ => Err(format!(
            "is a {}, so Django's check crashes",
            key.type_name()
        )),
    }
}

fn w009(c: &Ctx) -> Vec<Outcome> {
    let s = c.get("SECRET_KEY");
    let env = s.env_vars();
    let when = if env.is_empty() {
        String::new()
    } else {
        format!(" when {} unset", env_list(&env))
    };
    let verdict = match s.value.truthy() {
        Tri::Unknown(u) => return vec![Outcome::Undecided(u)],
        Tri::False => {
            let what = if s.is_absent() {
                "is not set".to_string()
            } else {
                format!("is {}", describe_falsy(&s.value))
            };
            Some(format!(
                "SECRET_KEY {what}{when}: Django needs a long, random secret key"
            ))
        }
        Tri::True => match weak_key_reason(&s.value) {
            Ok(None) => None,
            Ok(Some(why)) => Some(format!(
                "SECRET_KEY {why}{when}: use a long, random key, read from the environment"
            )),
            Err(crash) => return vec![Outcome::Crash(format!("SECRET_KEY {crash}"))],
        },
    };
    vec![match verdict {
        Some(m) => Outcome::Fire(m),
        None => Outcome::Pass,
    }]
}

fn describe_falsy(v: &Value) -> String {
    match v {
        Value::Str(_) => "empty".into(),
        other => repr(other).unwrap_or_else(|| other.type_name().into()),
    }
}

fn w025(c: &Ctx) -> Vec<Outcome> {
    let s = c.get("SECRET_KEY_FALLBACKS");
    let (items, extra) = match s.value.iter_items() {
        Ok(x) => x,
        Err(IterError::Unknown(u)) => return vec![Outcome::Undecided(u)],
        Err(IterError::NotIterable(t)) => {
            return vec![Outcome::Crash(format!(
                "SECRET_KEY_FALLBACKS is a {t}, which Django cannot iterate"
            ))]
        }
    };
    if let Extra::Uncertain(u) = &extra {
        return vec![Outcome::Undecided(u.clone())];
    }
    let mut out = vec![];
    for (i, key) in items.iter().enumerate() {
        match key {
            Value::Unknown(u) => out.push(Outcome::Undecided(u.clone())),
            _ => match weak_key_reason(key) {
                Ok(None) => {}
                Ok(Some(why)) => out.push(Outcome::Fire(format!(
                    "SECRET_KEY_FALLBACKS[{i}] {why}: remove it or replace it with a strong key"
                ))),
                Err(crash) => {
                    out.push(Outcome::Crash(format!("SECRET_KEY_FALLBACKS[{i}] {crash}")))
                }
            },
        }
    }
    if let Extra::MayContainMore(u) = extra {
        out.push(Outcome::Undecided(u));
    }
    out
}

fn session_check(
    c: &Ctx,
    flag: &'static str,
    want_app: bool,
    want_mw: bool,
    id_help: &'static str,
) -> Vec<Outcome> {
    let q = and(Ok(c.is_true(flag).negate()), || {
        let app = c.has("INSTALLED_APPS", SESS_APP)?;
        let mw = c.has("MIDDLEWARE", SESS_MW)?;
        let app = if want_app { app } else { app.negate() };
        let mw = if want_mw { mw } else { mw.negate() };
        Ok(app.and(|| mw))
    });
    decide(q, || format!("{}: {id_help}", c.describe(flag)))
}

fn w010(c: &Ctx) -> Vec<Outcome> {
    session_check(c, "SESSION_COOKIE_SECURE", true, false, "with django.contrib.sessions installed, set it to True so the session cookie is only sent over HTTPS")
}
fn w011(c: &Ctx) -> Vec<Outcome> {
    session_check(c, "SESSION_COOKIE_SECURE", false, true, "with SessionMiddleware in MIDDLEWARE, set it to True so the session cookie is only sent over HTTPS")
}
fn w012(c: &Ctx) -> Vec<Outcome> {
    session_check(
        c,
        "SESSION_COOKIE_SECURE",
        true,
        true,
        "set it to True so the session cookie is only sent over HTTPS",
    )
}
fn w013(c: &Ctx) -> Vec<Outcome> {
    session_check(c, "SESSION_COOKIE_HTTPONLY", true, false, "with django.contrib.sessions installed, set it to True so scripts cannot read the session cookie")
}
fn w014(c: &Ctx) -> Vec<Outcome> {
    session_check(c, "SESSION_COOKIE_HTTPONLY", false, true, "with SessionMiddleware in MIDDLEWARE, set it to True so scripts cannot read the session cookie")
}
fn w015(c: &Ctx) -> Vec<Outcome> {
    session_check(
        c,
        "SESSION_COOKIE_HTTPONLY",
        true,
        true,
        "set it to True so scripts cannot read the session cookie",
    )
}

fn w016(c: &Ctx) -> Vec<Outcome> {
    let q = and(Ok(c.truthy("CSRF_USE_SESSIONS").negate()), || {
        and(c.has("MIDDLEWARE", CSRF_MW), || {
            Ok(c.is_true("CSRF_COOKIE_SECURE").negate())
        })
    });
    decide(q, || {
        format!(
            "{}: with CsrfViewMiddleware in MIDDLEWARE, set it to True so the CSRF cookie is only sent over HTTPS",
            c.describe("CSRF_COOKIE_SECURE")
        )
    })
}

fn w018(c: &Ctx) -> Vec<Outcome> {
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

fn w019(c: &Ctx) -> Vec<Outcome> {
    let q = and(c.has("MIDDLEWARE", XFO_MW), || {
        Ok(c.get("X_FRAME_OPTIONS")
            .value
            .py_eq(&Value::str("DENY"))
            .negate())
    });
    decide(q, || {
        format!("{}: with XFrameOptionsMiddleware, set it to 'DENY' (exactly, in capitals) unless pages must be framed", c.describe("X_FRAME_OPTIONS"))
    })
}

fn w020(c: &Ctx) -> Vec<Outcome> {
    decide(Ok(c.truthy("ALLOWED_HOSTS").negate()), || {
        format!(
            "{}: Django answers no request in deployment until it lists the site's host names",
            c.describe("ALLOWED_HOSTS")
        )
    })
}

fn w022(c: &Ctx) -> Vec<Outcome> {
    let q = and(c.sec_mw(), || {
        let v = c.get("SECURE_REFERRER_POLICY").value;
        Ok(match v {
            Value::None => Tri::True,
            Value::Unknown(u) => Tri::Unknown(u),
            _ => Tri::False,
        })
    });
    decide(q, || {
        format!(
            "{}: set a Referrer-Policy such as 'same-origin'",
            c.describe("SECURE_REFERRER_POLICY")
        )
    })
}

/// The referrer-policy values as Django collects them, or a crash.
fn referrer_values(v: &Value) -> Result<Result<Vec<Value>, Unknown>, String> {
    match v {
        Value::Str(s) => Ok(Ok(s.split(',').map(|p| Value::str(p.trim())).collect())),
        Value::Unknown(u) => Ok(Err(u.clone())),
        Value::List(_) | Value::Tuple(_) | Value::Set(_) | Value::Dict(_) => match v.iter_items() {
            Ok((items, Extra::Exact)) => {
                if items
                    .iter()
                    .any(|i| matches!(i, Value::List(_) | Value::Dict(_) | Value::Set(_)))
                {
                    return Err("SECURE_REFERRER_POLICY contains an unhashable value, so Django's check raises TypeError".into());
                }
                Ok(Ok(items))
            }
            Ok((_, Extra::MayContainMore(u) | Extra::Uncertain(u))) => Ok(Err(u)),
            Err(IterError::Unknown(u)) => Ok(Err(u)),
            Err(IterError::NotIterable(_)) => Err("SECURE_REFERRER_POLICY is not iterable".into()),
        },
        Value::Bytes(_) => Ok(Ok(vec![Value::unknown("bytes values")])),
        other => Err(format!(
            "SECURE_REFERRER_POLICY is {}, so Django's check raises TypeError (not iterable)",
            repr(other).unwrap_or_else(|| other.type_name().into())
        )),
    }
}

fn e023(c: &Ctx) -> Vec<Outcome> {
    let v = c.get("SECURE_REFERRER_POLICY").value;
    let q = and(c.sec_mw(), || {
        if matches!(v, Value::None) {
            return Ok(Tri::False);
        }
        match referrer_values(&v)? {
            Err(u) => Ok(Tri::Unknown(u)),
            Ok(values) => {
                let mut invalid = Tri::False;
                for val in values {
                    match val {
                        Value::Str(s) if REFERRER_POLICY_VALUES.contains(&s.as_ref()) => {}
                        Value::Unknown(u) => invalid = Tri::Unknown(u),
                        _ => return Ok(Tri::True),
                    }
                }
                Ok(invalid)
            }
        }
    });
    decide(q, || {
        format!(
            "{}: every value must be one of {}",
            c.describe("SECURE_REFERRER_POLICY"),
            REFERRER_POLICY_VALUES.join(", ")
        )
    })
}

fn e024(c: &Ctx) -> Vec<Outcome> {
    let v = c.get("SECURE_CROSS_ORIGIN_OPENER_POLICY").value;
    let q = and(c.sec_mw(), || {
        match &v {
        Value::None => Ok(Tri::False),
        Value::Unknown(u) => Ok(Tri::Unknown(u.clone())),
        Value::Str(s) => Ok(Tri::from_bool(!COOP_VALUES.contains(&s.as_ref()))),
        Value::List(_) | Value::Dict(_) | Value::Set(_) => Err(format!(
            "SECURE_CROSS_ORIGIN_OPENER_POLICY is a {}, so Django's check raises TypeError (unhashable)",
            v.type_name()
        )),
        _ => Ok(Tri::True),
    }
    });
    decide(q, || {
        format!(
            "{}: it must be one of {} (or None)",
            c.describe("SECURE_CROSS_ORIGIN_OPENER_POLICY"),
            COOP_VALUES.join(", ")
        )
    })
}

/// Settings Django refuses to load unless they are a list or a tuple.
pub const LIST_OR_TUPLE_SETTINGS: [&str; 5] = [
    "ALLOWED_HOSTS",
    "INSTALLED_APPS",
    "TEMPLATE_DIRS",
    "LOCALE_PATHS",
    "SECRET_KEY_FALLBACKS",
];

/// Whether Django silences `id`: `id in SILENCED_SYSTEM_CHECKS`.
pub fn silenced(settings: &Settings, id: &str) -> Tri {
    py_in(&settings.get("SILENCED_SYSTEM_CHECKS").value, id).unwrap_or(Tri::False)
}

/// Python's `item in value` for a string item, as Django's checks write
/// it: a substring test on a string, membership in a list, tuple or set,
/// key membership in a dict. `None` where Python raises TypeError.
fn py_in(value: &Value, item: &str) -> Option<Tri> {
    let needle = Value::str(item);
    Some(match value {
        Value::Str(hay) => Tri::from_bool(hay.contains(item)),
        Value::List(l) => seq_contains(&l.borrow(), &needle),
        Value::Tuple(t) | Value::Set(t) => seq_contains(t, &needle),
        Value::Dict(_) => match value.iter_items() {
            Ok((items, extra)) => seq_contains(&super::value::Seq { items, extra }, &needle),
            Err(_) => return None,
        },
        Value::Unknown(u) => Tri::Unknown(u.clone()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_ids_are_unique_and_django_shaped() {
        let mut ids: Vec<&str> = CHECKS.iter().map(|c| c.id).collect();
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len());
        for c in CHECKS {
            let level = c.id.as_bytes()["security.".len()];
            assert_eq!(level == b'E', c.severity == Severity::Error, "{}", c.id);
            assert!(c.docs.starts_with("https://docs.djangoproject.com/"));
        }
        assert_eq!(CHECKS.len(), 23);
    }

    #[test]
    fn secret_key_boundaries() {
        let strong = |s: &str| weak_key_reason(&Value::str(s)).unwrap().is_none();
        assert!(strong(&"abcde".repeat(10)));
        assert!(!strong(&"abcde".repeat(10)[..49]));
        assert!(!strong(&"abcd".repeat(20)));
        assert!(!strong(&format!(
            "django-insecure-{}",
            "abcdefghij".repeat(6)
        )));
        // Bytes: weak before Django reaches startswith; a strong one crashes it.
        let bytes = |b: &[u8]| weak_key_reason(&Value::Bytes(std::rc::Rc::from(b)));
        assert!(matches!(bytes(b"x"), Ok(Some(_))));
        assert!(bytes("abcde".repeat(10).as_bytes()).is_err());
    }
}
