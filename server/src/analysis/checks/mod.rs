//! The checks `check --deploy` prints that the settings decide: one table
//! row per Django check ID, with Django 5.2's exact condition. The CLI, the language server, hover and the fixes all
//! read this table.

mod admin;
mod auth;
mod caches;
mod compatibility;
mod ctx;
mod engines;
mod files;
mod installed;
pub mod loading;
mod mail;
pub mod own;
pub(crate) mod security;
mod sites;
mod staticfiles;
mod templates;
pub(crate) mod translation;
mod urls;

pub use ctx::{Ctx, Facts, ProjectDisk};
pub use loading::LIST_OR_TUPLE_SETTINGS;
pub use own::own_code;
pub use security::secret_key::weak_key_reason;

use compatibility::e001_4_0;
use ctx::py_in;
pub use installed::{AUTH_MW, MESSAGE_MW};
use security::csp::{e026, w027, CSP_MW};
use security::{cookies::*, headers::*, hosts_debug::*, hsts::*, middleware::*, secret_key::*};

pub use super::django_version::DjangoVersion;
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
    /// The check fires, with our message and the value Django's own
    /// message names (W025's fallback index, 4_0.E001's origin).
    FireNaming(String, String),
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
    /// Add a context processor to the first DjangoTemplates engine, where
    /// `startproject` writes it (safe: it only adds a template variable).
    AddContextProcessor(&'static str),
    /// Write the language code as Django's tag (`en_US` → `en-us`): safe,
    /// the same language in the form Django accepts.
    LanguageTag,
    /// The default mailer's backend to SMTP (never safe: the SMTP server's
    /// settings are the user's to give).
    SmtpMailer,
    /// Take STATIC_ROOT out of STATICFILES_DIRS (never safe: which folder
    /// holds the sources is the user's to say).
    DropStaticRoot,
}

impl FixKind {
    /// Whether `check --fix` applies it without `--unsafe-fixes`.
    pub fn is_safe(&self) -> bool {
        matches!(
            self,
            FixKind::SetValue { safe: true, .. }
                | FixKind::AddContextProcessor(_)
                | FixKind::LanguageTag
        )
    }
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
    /// Django's own message, as the modelled release prints it (the
    /// `django` output format). `{}` stands for the value Django's message
    /// names: W025's fallback index, 4_0.E001's origin
    /// (`Outcome::FireNaming`; see `django_message`).
    pub message: &'static str,
    /// Django's hint, printed after the message as `\n\tHINT: ...`.
    pub hint: Option<&'static str>,
    /// Why it matters, in plain English (`explain`).
    pub why: &'static str,
    /// How to fix it (`explain`).
    pub fix: &'static str,
    pub rule: fn(&Ctx) -> Vec<Outcome>,
    pub fixes: &'static [FixKind],
    /// Checks Django only runs once this one passes (they are gated on what
    /// its fix adds), so its fix may reveal them.
    pub reveals: &'static [&'static str],
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

    /// Django's message as `version` prints it, with the value it names
    /// (`None`: the setting's name, as W025 says when it cannot read its
    /// setting).
    /// Several values (E026's setting and value) are joined by `NAMES_SEP`
    /// and fill the `{}`s in order, the last one any further `{}`.
    pub fn django_message(&self, version: DjangoVersion, names: Option<&str>) -> String {
        let message = self.worded_in(version).map_or(self.message, |w| w.message);
        let names: Vec<&str> = names.unwrap_or(self.setting).split(NAMES_SEP).collect();
        // Each `{}` in turn takes the next value named (W003 names a
        // library and its modules).
        let mut out = String::new();
        let mut rest = message;
        let mut i = 0;
        while let Some(at) = rest.find("{}") {
            out.push_str(&rest[..at]);
            out.push_str(names[i.min(names.len() - 1)]);
            i += 1;
            rest = &rest[at + 2..];
        }
        out.push_str(rest);
        out
    }

    /// Django's hint as `version` prints it.
    pub fn django_hint(&self, version: DjangoVersion) -> Option<&'static str> {
        self.worded_in(version).map_or(self.hint, |w| w.hint)
    }

    fn worded_in(&self, version: DjangoVersion) -> Option<&'static Wording> {
        WORDINGS
            .iter()
            .find(|w| w.id == self.id && w.since <= version && w.until.is_none_or(|u| version < u))
    }
}

/// Between the values an `Outcome::FireNaming` names, when Django's
/// message names several (one per `{}`, in order).
pub const NAMES_SEP: char = '\u{1f}';

/// Django's `SECRET_KEY_WARNING_MSG` (W009, W025) with what it names.
macro_rules! secret_key_warning {
    ($what:literal) => {
        concat!(
            "Your ",
            $what,
            " has less than 50 characters, less than 5 unique characters, or it's prefixed with 'django-insecure-' indicating that it was generated automatically by Django. Please generate a long and random value, otherwise many of Django's security-critical features will be vulnerable to attack."
        )
    };
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
    CheckDef { id: "security.W001", severity: Severity::Warning, setting: "MIDDLEWARE", reads: &["MIDDLEWARE"], runs_because: &[], since: ALWAYS, until: None, docs: "ref/middleware/#module-django.middleware.security", expects: "django.middleware.security.SecurityMiddleware in MIDDLEWARE", message: "You do not have 'django.middleware.security.SecurityMiddleware' in your MIDDLEWARE so the SECURE_HSTS_SECONDS, SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY, SECURE_CROSS_ORIGIN_OPENER_POLICY, and SECURE_SSL_REDIRECT settings will have no effect.", hint: None, why: "SecurityMiddleware is what sends the HSTS, nosniff, Referrer-Policy and Cross-Origin-Opener-Policy headers and redirects HTTP to HTTPS. Without it in MIDDLEWARE those settings do nothing, whatever their values, and the site gets none of these protections.", fix: "Add 'django.middleware.security.SecurityMiddleware' to MIDDLEWARE, near the top: Django's documentation puts it first, before any middleware that may return a response.", rule: w001, fixes: &[FixKind::AddMiddleware(SEC_MW)], reveals: &["security.W004", "security.W005", "security.W006", "security.W008", "security.W021", "security.W022", "security.E023", "security.E024"] },
    CheckDef { id: "security.W002", severity: Severity::Warning, setting: "MIDDLEWARE", reads: &["MIDDLEWARE"], runs_because: &[], since: ALWAYS, until: None, docs: "ref/clickjacking/", expects: "django.middleware.clickjacking.XFrameOptionsMiddleware in MIDDLEWARE", message: "You do not have 'django.middleware.clickjacking.XFrameOptionsMiddleware' in your MIDDLEWARE, so your pages will not be served with an 'x-frame-options' header. Unless there is a good reason for your site to be served in a frame, you should consider enabling this header to help prevent clickjacking attacks.", hint: None, why: "Without the X-Frame-Options header any other site can load your pages in a hidden frame and trick your users into clicking buttons they cannot see (clickjacking).", fix: "Add 'django.middleware.clickjacking.XFrameOptionsMiddleware' to MIDDLEWARE. The views that must be framed can be exempted with the xframe_options_exempt decorator.", rule: w002, fixes: &[FixKind::AddMiddleware(XFO_MW)], reveals: &["security.W019"] },
    CheckDef { id: "security.W003", severity: Severity::Warning, setting: "MIDDLEWARE", reads: &["MIDDLEWARE"], runs_because: &[], since: ALWAYS, until: None, docs: "ref/csrf/", expects: "django.middleware.csrf.CsrfViewMiddleware in MIDDLEWARE", message: "You don't appear to be using Django's built-in cross-site request forgery protection via the middleware ('django.middleware.csrf.CsrfViewMiddleware' is not in your MIDDLEWARE). Enabling the middleware is the safest approach to ensure you don't leave any holes.", hint: None, why: "Without CsrfViewMiddleware, POST forms and other unsafe requests are not checked for a CSRF token, so another site can make your logged-in users' browsers send requests on their behalf (cross-site request forgery), unless every such view is decorated with csrf_protect.", fix: "Add 'django.middleware.csrf.CsrfViewMiddleware' to MIDDLEWARE, before any middleware that assumes CSRF attacks have been dealt with. Exempt only the views that truly need it, with csrf_exempt.", rule: w003, fixes: &[FixKind::AddMiddleware(CSRF_MW)], reveals: &["security.W016"] },
    CheckDef { id: "security.W004", severity: Severity::Warning, setting: "SECURE_HSTS_SECONDS", reads: &["SECURE_HSTS_SECONDS", "MIDDLEWARE"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-hsts-seconds"), expects: "a positive SECURE_HSTS_SECONDS (with SecurityMiddleware)", message: "You have not set a value for the SECURE_HSTS_SECONDS setting. If your entire site is served only over SSL, you may want to consider setting a value and enabling HTTP Strict Transport Security. Be sure to read the documentation first; enabling HSTS carelessly can cause serious, irreversible problems.", hint: None, why: "HTTP Strict Transport Security tells browsers to use only HTTPS for the site for SECURE_HSTS_SECONDS seconds. Without it a user who types the address or follows an http:// link makes a first request over plain HTTP, which an attacker on the network can intercept or downgrade.", fix: "Once the whole site is served over HTTPS, set SECURE_HSTS_SECONDS: start small (3600, one hour), check that everything still works, then raise it (31536000, one year). Browsers remember the header: a site that stops serving HTTPS is unreachable for them until it expires.", rule: w004, fixes: &[FixKind::SetValue { values: &[("3600", "one hour: a cautious start, since browsers remember HSTS"), ("31536000", "one year: once every subdomain is served over HTTPS")], safe: false }], reveals: &["security.W005", "security.W021"] },
    CheckDef { id: "security.W005", severity: Severity::Warning, setting: "SECURE_HSTS_INCLUDE_SUBDOMAINS", reads: &["SECURE_HSTS_INCLUDE_SUBDOMAINS", "MIDDLEWARE", "SECURE_HSTS_SECONDS"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-hsts-include-subdomains"), expects: "SECURE_HSTS_INCLUDE_SUBDOMAINS = True when HSTS is on", message: "You have not set the SECURE_HSTS_INCLUDE_SUBDOMAINS setting to True. Without this, your site is potentially vulnerable to attack via an insecure connection to a subdomain. Only set this to True if you are certain that all subdomains of your domain should be served exclusively via SSL.", hint: None, why: "Without includeSubDomains the HSTS policy covers only the exact host name, so an attacker on the network can still reach users through a subdomain over plain HTTP, for example to set cookies for the parent domain.", fix: "Set SECURE_HSTS_INCLUDE_SUBDOMAINS = True, but only when every subdomain is served over HTTPS: browsers will refuse plain HTTP on all of them.", rule: w005, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W006", severity: Severity::Warning, setting: "SECURE_CONTENT_TYPE_NOSNIFF", reads: &["SECURE_CONTENT_TYPE_NOSNIFF", "MIDDLEWARE"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-content-type-nosniff"), expects: "SECURE_CONTENT_TYPE_NOSNIFF = True", message: "Your SECURE_CONTENT_TYPE_NOSNIFF setting is not set to True, so your pages will not be served with an 'X-Content-Type-Options: nosniff' header. You should consider enabling this header to prevent the browser from identifying content types incorrectly.", hint: None, why: "Without X-Content-Type-Options: nosniff a browser may guess a response's type from its content, so a file uploaded by a user and served as plain text or an image can be run as HTML or JavaScript (a cross-site scripting vector).", fix: "Set SECURE_CONTENT_TYPE_NOSNIFF = True (Django's default), or remove the line that turns it off.", rule: w006, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W008", severity: Severity::Warning, setting: "SECURE_SSL_REDIRECT", reads: &["SECURE_SSL_REDIRECT", "MIDDLEWARE"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-ssl-redirect"), expects: "SECURE_SSL_REDIRECT = True", message: "Your SECURE_SSL_REDIRECT setting is not set to True. Unless your site should be available over both SSL and non-SSL connections, you may want to either set this setting True or configure a load balancer or reverse-proxy server to redirect all connections to HTTPS.", hint: None, why: "With SECURE_SSL_REDIRECT off, requests over plain HTTP are answered as they come, so pages, form posts and cookies can travel unencrypted, where anyone on the network can read or change them.", fix: "Set SECURE_SSL_REDIRECT = True, or redirect HTTP to HTTPS in the load balancer or reverse proxy in front of Django (and silence this warning). Behind a proxy that terminates TLS, also set SECURE_PROXY_SSL_HEADER so that Django knows a request came over HTTPS, or the redirect loops.", rule: w008, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W009", severity: Severity::Warning, setting: "SECRET_KEY", reads: &["SECRET_KEY"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("secret-key"), expects: "a SECRET_KEY of at least 50 characters, 5 distinct, not starting with 'django-insecure-'", message: secret_key_warning!("SECRET_KEY"), hint: None, why: "SECRET_KEY signs sessions, password-reset tokens, messages and everything signed with django.core.signing. A short, repetitive or published key (the django-insecure- key startproject writes is in your repository) lets an attacker forge them.", fix: "Generate a new key (django.core.management.utils.get_random_secret_key() gives 50 random characters) and read it from the environment or a secrets manager in production, for example os.environ[\"DJANGO_SECRET_KEY\"]; never commit it.", rule: w009, fixes: &[FixKind::FromEnvironment], reveals: &[] },
    CheckDef { id: "security.W010", severity: Severity::Warning, setting: "SESSION_COOKIE_SECURE", reads: &["SESSION_COOKIE_SECURE", "INSTALLED_APPS", "MIDDLEWARE"], runs_because: &[SESS_MW, SESS_APP], since: ALWAYS, until: None, docs: docs!("session-cookie-secure"), expects: "SESSION_COOKIE_SECURE = True", message: "You have 'django.contrib.sessions' in your INSTALLED_APPS, but you have not set SESSION_COOKIE_SECURE to True. Using a secure-only session cookie makes it more difficult for network traffic sniffers to hijack user sessions.", hint: None, why: "Without SESSION_COOKIE_SECURE the session cookie is also sent over plain HTTP, where anyone on the network can read it and take over the user's session.", fix: "Set SESSION_COOKIE_SECURE = True: the browser then sends the session cookie over HTTPS only (sessions stop working over plain HTTP).", rule: w010, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W011", severity: Severity::Warning, setting: "SESSION_COOKIE_SECURE", reads: &["SESSION_COOKIE_SECURE", "INSTALLED_APPS", "MIDDLEWARE"], runs_because: &[SESS_MW, SESS_APP], since: ALWAYS, until: None, docs: docs!("session-cookie-secure"), expects: "SESSION_COOKIE_SECURE = True", message: "You have 'django.contrib.sessions.middleware.SessionMiddleware' in your MIDDLEWARE, but you have not set SESSION_COOKIE_SECURE to True. Using a secure-only session cookie makes it more difficult for network traffic sniffers to hijack user sessions.", hint: None, why: "Without SESSION_COOKIE_SECURE the session cookie is also sent over plain HTTP, where anyone on the network can read it and take over the user's session.", fix: "Set SESSION_COOKIE_SECURE = True: the browser then sends the session cookie over HTTPS only (sessions stop working over plain HTTP).", rule: w011, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W012", severity: Severity::Warning, setting: "SESSION_COOKIE_SECURE", reads: &["SESSION_COOKIE_SECURE", "INSTALLED_APPS", "MIDDLEWARE"], runs_because: &[SESS_MW, SESS_APP], since: ALWAYS, until: None, docs: docs!("session-cookie-secure"), expects: "SESSION_COOKIE_SECURE = True", message: "SESSION_COOKIE_SECURE is not set to True. Using a secure-only session cookie makes it more difficult for network traffic sniffers to hijack user sessions.", hint: None, why: "Without SESSION_COOKIE_SECURE the session cookie is also sent over plain HTTP, where anyone on the network can read it and take over the user's session.", fix: "Set SESSION_COOKIE_SECURE = True: the browser then sends the session cookie over HTTPS only (sessions stop working over plain HTTP).", rule: w012, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W013", severity: Severity::Warning, setting: "SESSION_COOKIE_HTTPONLY", reads: &["SESSION_COOKIE_HTTPONLY", "INSTALLED_APPS", "MIDDLEWARE"], runs_because: &[SESS_MW, SESS_APP], since: ALWAYS, until: None, docs: docs!("session-cookie-httponly"), expects: "SESSION_COOKIE_HTTPONLY = True", message: "You have 'django.contrib.sessions' in your INSTALLED_APPS, but you have not set SESSION_COOKIE_HTTPONLY to True. Using an HttpOnly session cookie makes it more difficult for cross-site scripting attacks to hijack user sessions.", hint: None, why: "Without HttpOnly, JavaScript running in the page can read the session cookie, so any cross-site scripting flaw lets an attacker steal sessions.", fix: "Set SESSION_COOKIE_HTTPONLY = True (Django's default), or remove the line that turns it off.", rule: w013, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W014", severity: Severity::Warning, setting: "SESSION_COOKIE_HTTPONLY", reads: &["SESSION_COOKIE_HTTPONLY", "INSTALLED_APPS", "MIDDLEWARE"], runs_because: &[SESS_MW, SESS_APP], since: ALWAYS, until: None, docs: docs!("session-cookie-httponly"), expects: "SESSION_COOKIE_HTTPONLY = True", message: "You have 'django.contrib.sessions.middleware.SessionMiddleware' in your MIDDLEWARE, but you have not set SESSION_COOKIE_HTTPONLY to True. Using an HttpOnly session cookie makes it more difficult for cross-site scripting attacks to hijack user sessions.", hint: None, why: "Without HttpOnly, JavaScript running in the page can read the session cookie, so any cross-site scripting flaw lets an attacker steal sessions.", fix: "Set SESSION_COOKIE_HTTPONLY = True (Django's default), or remove the line that turns it off.", rule: w014, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W015", severity: Severity::Warning, setting: "SESSION_COOKIE_HTTPONLY", reads: &["SESSION_COOKIE_HTTPONLY", "INSTALLED_APPS", "MIDDLEWARE"], runs_because: &[SESS_MW, SESS_APP], since: ALWAYS, until: None, docs: docs!("session-cookie-httponly"), expects: "SESSION_COOKIE_HTTPONLY = True", message: "SESSION_COOKIE_HTTPONLY is not set to True. Using an HttpOnly session cookie makes it more difficult for cross-site scripting attacks to hijack user sessions.", hint: None, why: "Without HttpOnly, JavaScript running in the page can read the session cookie, so any cross-site scripting flaw lets an attacker steal sessions.", fix: "Set SESSION_COOKIE_HTTPONLY = True (Django's default), or remove the line that turns it off.", rule: w015, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W016", severity: Severity::Warning, setting: "CSRF_COOKIE_SECURE", reads: &["CSRF_COOKIE_SECURE", "CSRF_USE_SESSIONS", "MIDDLEWARE"], runs_because: &[CSRF_MW], since: ALWAYS, until: None, docs: docs!("csrf-cookie-secure"), expects: "CSRF_COOKIE_SECURE = True (unless CSRF_USE_SESSIONS)", message: "You have 'django.middleware.csrf.CsrfViewMiddleware' in your MIDDLEWARE, but you have not set CSRF_COOKIE_SECURE to True. Using a secure-only CSRF cookie makes it more difficult for network traffic sniffers to steal the CSRF token.", hint: None, why: "Without CSRF_COOKIE_SECURE the CSRF cookie is also sent over plain HTTP, where an attacker on the network can read the token and use it to forge requests.", fix: "Set CSRF_COOKIE_SECURE = True, or keep the token in the session instead of a cookie with CSRF_USE_SESSIONS = True (with SESSION_COOKIE_SECURE = True).", rule: w016, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W018", severity: Severity::Warning, setting: "DEBUG", reads: &["DEBUG"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("debug"), expects: "DEBUG = False in deployment", message: "You should not have DEBUG set to True in deployment.", hint: None, why: "With DEBUG on, any error shows a detailed page to whoever triggered it: the source code around the error, local variables, most settings and the SQL queries. Django also keeps every SQL query in memory, and error reports are not sent to ADMINS.", fix: "Set DEBUG = False in the deploy settings, or read it from the environment with False as the default, for example DEBUG = os.environ.get(\"DJANGO_DEBUG\") == \"1\".", rule: w018, fixes: &[FixKind::SetValue { values: &[("False", "")], safe: true }, FixKind::FromEnvironment], reveals: &[] },
    CheckDef { id: "security.W019", severity: Severity::Warning, setting: "X_FRAME_OPTIONS", reads: &["X_FRAME_OPTIONS", "MIDDLEWARE"], runs_because: &[XFO_MW], since: ALWAYS, until: None, docs: docs!("x-frame-options"), expects: "X_FRAME_OPTIONS = 'DENY' (with XFrameOptionsMiddleware)", message: "You have 'django.middleware.clickjacking.XFrameOptionsMiddleware' in your MIDDLEWARE, but X_FRAME_OPTIONS is not set to 'DENY'. Unless there is a good reason for your site to serve other parts of itself in a frame, you should change it to 'DENY'.", hint: None, why: "Any value but 'DENY' (such as 'SAMEORIGIN') lets pages be shown in a frame, so clickjacking stays possible from any page that can frame them.", fix: "Set X_FRAME_OPTIONS = 'DENY' (Django's default). Where the site must frame some of its own pages, put the xframe_options_sameorigin decorator on those views only.", rule: w019, fixes: &[FixKind::SetValue { values: &[("\"DENY\"", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W020", severity: Severity::Warning, setting: "ALLOWED_HOSTS", reads: &["ALLOWED_HOSTS"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("allowed-hosts"), expects: "a non-empty ALLOWED_HOSTS", message: "ALLOWED_HOSTS must not be empty in deployment.", hint: None, why: "Django checks the Host header of every request against ALLOWED_HOSTS, which stops HTTP Host header attacks (poisoned password-reset links and caches). With the list empty and DEBUG off, every request is answered with 400 Bad Request.", fix: "List the host names the site is served under, for example ALLOWED_HOSTS = [\"www.example.com\"] (a leading dot, \".example.com\", also matches the subdomains), often read from the environment.", rule: w020, fixes: &[FixKind::FromEnvironment], reveals: &[] },
    CheckDef { id: "security.W021", severity: Severity::Warning, setting: "SECURE_HSTS_PRELOAD", reads: &["SECURE_HSTS_PRELOAD", "MIDDLEWARE", "SECURE_HSTS_SECONDS"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-hsts-preload"), expects: "SECURE_HSTS_PRELOAD = True when HSTS is on", message: "You have not set the SECURE_HSTS_PRELOAD setting to True. Without this, your site cannot be submitted to the browser preload list.", hint: None, why: "Without the preload directive the domain cannot be added to the HSTS preload list built into browsers, so a user's very first visit can still be made over plain HTTP.", fix: "Set SECURE_HSTS_PRELOAD = True once HSTS covers the subdomains with a max-age of at least a year, then submit the domain to the preload list. Getting a domain off the list again takes months.", rule: w021, fixes: &[FixKind::SetValue { values: &[("True", "")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W022", severity: Severity::Warning, setting: "SECURE_REFERRER_POLICY", reads: &["SECURE_REFERRER_POLICY", "MIDDLEWARE"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-referrer-policy"), expects: "SECURE_REFERRER_POLICY not None (with SecurityMiddleware)", message: "You have not set the SECURE_REFERRER_POLICY setting. Without this, your site will not send a Referrer-Policy header. You should consider enabling this header to protect user privacy.", hint: None, why: "Without a Referrer-Policy header, browsers may send the full address of your pages, with paths and query strings that can hold tokens or personal data, to the other sites your users go to or load resources from.", fix: "Set SECURE_REFERRER_POLICY = 'same-origin' (Django's default) or another policy such as 'strict-origin-when-cross-origin'.", rule: w022, fixes: &[FixKind::SetValue { values: &[("\"same-origin\"", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.E023", severity: Severity::Error, setting: "SECURE_REFERRER_POLICY", reads: &["SECURE_REFERRER_POLICY", "MIDDLEWARE"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-referrer-policy"), expects: "SECURE_REFERRER_POLICY made of valid Referrer-Policy values", message: "You have set the SECURE_REFERRER_POLICY setting to an invalid value.", hint: Some("Valid values are: no-referrer, no-referrer-when-downgrade, origin, origin-when-cross-origin, same-origin, strict-origin, strict-origin-when-cross-origin, unsafe-url."), why: "Browsers ignore a Referrer-Policy value they do not know, so the site sends no policy that works, and a typing mistake goes unnoticed.", fix: "Use one of the valid values (no-referrer, no-referrer-when-downgrade, origin, origin-when-cross-origin, same-origin, strict-origin, strict-origin-when-cross-origin, unsafe-url), or several of them separated by commas or in a list, the last one the browser knows winning.", rule: e023, fixes: &[FixKind::SetValue { values: &[("\"same-origin\"", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.E024", severity: Severity::Error, setting: "SECURE_CROSS_ORIGIN_OPENER_POLICY", reads: &["SECURE_CROSS_ORIGIN_OPENER_POLICY", "MIDDLEWARE"], runs_because: &[SEC_MW], since: ALWAYS, until: None, docs: docs!("secure-cross-origin-opener-policy"), expects: "SECURE_CROSS_ORIGIN_OPENER_POLICY one of same-origin, same-origin-allow-popups, unsafe-none, or None", message: "You have set the SECURE_CROSS_ORIGIN_OPENER_POLICY setting to an invalid value.", hint: Some("Valid values are: same-origin, same-origin-allow-popups, unsafe-none."), why: "Browsers ignore a Cross-Origin-Opener-Policy value they do not know, so a page of another origin that opens yours (or that yours opens) keeps a reference to its window, which cross-origin attacks use.", fix: "Set SECURE_CROSS_ORIGIN_OPENER_POLICY to 'same-origin' (Django's default), 'same-origin-allow-popups' or 'unsafe-none', or to None to send no header.", rule: e024, fixes: &[FixKind::SetValue { values: &[("\"same-origin\"", "")], safe: true }], reveals: &[] },
    CheckDef { id: "security.W025", severity: Severity::Warning, setting: "SECRET_KEY_FALLBACKS", reads: &["SECRET_KEY_FALLBACKS"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("secret-key-fallbacks"), expects: "every SECRET_KEY_FALLBACKS entry a strong key", message: secret_key_warning!("SECRET_KEY_FALLBACKS[{}]"), hint: None, why: "The keys in SECRET_KEY_FALLBACKS still verify signatures, so that sessions and tokens survive a key rotation. A weak fallback lets an attacker forge them just as a weak SECRET_KEY would.", fix: "Remove old keys from SECRET_KEY_FALLBACKS once the rotation period is over, and list only strong keys (50 random characters), read from the environment.", rule: w025, fixes: &[], reveals: &[] },
    CheckDef { id: "4_0.E001", severity: Severity::Error, setting: "CSRF_TRUSTED_ORIGINS", reads: &["CSRF_TRUSTED_ORIGINS"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("csrf-trusted-origins"), expects: "every CSRF_TRUSTED_ORIGINS entry starting with a scheme (https://www.example.com)", message: "As of Django 4.0, the values in the CSRF_TRUSTED_ORIGINS setting must start with a scheme (usually http:// or https://) but found {}. See the release notes for details.", hint: None, why: "Since Django 4.0 the entries of CSRF_TRUSTED_ORIGINS are compared with the request's Origin header, scheme included. An entry without a scheme matches no origin, so unsafe requests from that origin fail CSRF verification.", fix: "Write each entry with its scheme: 'https://www.example.com', or 'https://*.example.com' for every subdomain.", rule: e001_4_0, fixes: &[FixKind::AddScheme], reveals: &[] },
    CheckDef { id: "translation.E001", severity: Severity::Error, setting: "LANGUAGE_CODE", reads: &["LANGUAGE_CODE"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("language-code"), expects: "LANGUAGE_CODE a language tag such as 'en-us'", message: "You have provided an invalid value for the LANGUAGE_CODE setting: {}.", hint: None, why: "Django matches LANGUAGE_CODE against language tags (in LANGUAGES, the Accept-Language header, URL prefixes) and turns it into a locale to find translations. A value that is not a tag, such as 'en_US' with an underscore, matches none of them.", fix: "Write the code as a tag: lowercase letters, with dashes between the parts ('en-us', 'pt-br', 'zh-hans').", rule: translation::e001, fixes: &[FixKind::LanguageTag], reveals: &[] },
    CheckDef { id: "translation.E002", severity: Severity::Error, setting: "LANGUAGES", reads: &["LANGUAGES"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("languages"), expects: "every LANGUAGES code a language tag", message: "You have provided an invalid language code in the LANGUAGES setting: {}.", hint: None, why: "LANGUAGES lists the languages the site offers; a code that is not a language tag can never be selected, neither from the browser's Accept-Language header nor from a URL prefix.", fix: "Write each entry as a (code, name) pair whose code is a tag such as 'en', 'pt-br' or 'zh-hans'.", rule: translation::e002, fixes: &[], reveals: &[] },
    CheckDef { id: "translation.E003", severity: Severity::Error, setting: "LANGUAGES_BIDI", reads: &["LANGUAGES_BIDI"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("languages-bidi"), expects: "every LANGUAGES_BIDI code a language tag", message: "You have provided an invalid language code in the LANGUAGES_BIDI setting: {}.", hint: None, why: "LANGUAGES_BIDI names the languages written right to left; a code that is not a language tag never matches the active language, so those pages are laid out left to right.", fix: "List language codes such as 'he', 'ar' or 'fa' (a list of strings: a single string is read one character at a time).", rule: translation::e003, fixes: &[], reveals: &[] },
    CheckDef { id: "translation.E004", severity: Severity::Error, setting: "LANGUAGE_CODE", reads: &["LANGUAGE_CODE", "USE_I18N", "LANGUAGES", "INSTALLED_APPS", "LOCALE_PATHS"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("language-code"), expects: "LANGUAGE_CODE (or its language) in LANGUAGES, with a translation catalog", message: "You have provided a value for the LANGUAGE_CODE setting that is not in the LANGUAGES setting.", hint: None, why: "LANGUAGE_CODE is the language Django falls back to. When neither it nor a variant of its language is in LANGUAGES (with a catalog Django or LOCALE_PATHS ships), requests that ask for no language of LANGUAGES get a language the site does not offer.", fix: "Add LANGUAGE_CODE's language to LANGUAGES, or set LANGUAGE_CODE to one of its codes; for a code Django has no catalog for, put one under a LOCALE_PATHS folder.", rule: translation::e004, fixes: &[], reveals: &[] },
    CheckDef { id: "caches.E001", severity: Severity::Error, setting: "CACHES", reads: &["CACHES"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("caches"), expects: "a 'default' cache in CACHES", message: "You must define a 'default' cache in your CACHES setting.", hint: None, why: "Django's cache framework, sessions stored in the cache and the cache middleware use the 'default' cache unless told otherwise; without one they fail when first used.", fix: "Name one of the CACHES entries 'default' (Django's default is a local-memory cache: {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}).", rule: caches::e001, fixes: &[], reveals: &[] },
    CheckDef { id: "caches.W002", severity: Severity::Warning, setting: "CACHES", reads: &["CACHES", "MEDIA_ROOT", "STATIC_ROOT", "STATICFILES_DIRS"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("caches"), expects: "no FileBasedCache folder that is, is inside or holds MEDIA_ROOT, STATIC_ROOT or a STATICFILES_DIRS entry", message: "Your '{}' cache configuration might expose your cache or lead to corruption of your data because its LOCATION {} {}.", hint: None, why: "The files a FileBasedCache writes hold pickled data. In a folder the web server serves (MEDIA_ROOT, STATIC_ROOT) anyone can download them; in one collectstatic or uploads write to, they can be overwritten with data Django then unpickles.", fix: "Give the cache a LOCATION of its own, outside MEDIA_ROOT, STATIC_ROOT and every STATICFILES_DIRS folder (for example /var/tmp/django_cache).", rule: caches::w002, fixes: &[], reveals: &[] },
    CheckDef { id: "caches.W003", severity: Severity::Warning, setting: "CACHES", reads: &["CACHES"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("caches"), expects: "an absolute LOCATION for every FileBasedCache", message: "Your '{}' cache LOCATION path is relative. Use an absolute path instead.", hint: None, why: "A relative LOCATION is resolved against the folder the server process starts in, which differs between manage.py, the application server and workers: each may write its own cache somewhere unexpected, possibly inside a served folder.", fix: "Give the FileBasedCache an absolute LOCATION, such as BASE_DIR / 'cache' outside the static and media folders, or '/var/tmp/django_cache'.", rule: caches::w003, fixes: &[], reveals: &[] },
    CheckDef { id: "urls.E006", severity: Severity::Error, setting: "STATIC_URL", reads: &["STATIC_URL", "MEDIA_URL"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("static-url"), expects: "STATIC_URL and MEDIA_URL ending with a slash", message: "The {} setting must end with a slash.", hint: None, why: "Django builds the address of each static and media file by appending its path to STATIC_URL or MEDIA_URL; without a final slash the two run together ('/staticcss/site.css').", fix: "End the value with a slash: '/static/', 'https://cdn.example.com/media/'.", rule: urls::e006, fixes: &[], reveals: &[] },
    CheckDef { id: "files.E001", severity: Severity::Error, setting: "FILE_UPLOAD_TEMP_DIR", reads: &["FILE_UPLOAD_TEMP_DIR"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("file-upload-temp-dir"), expects: "FILE_UPLOAD_TEMP_DIR an existing folder (or None)", message: "The FILE_UPLOAD_TEMP_DIR setting refers to the nonexistent directory '{}'.", hint: None, why: "Uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE are streamed to a temporary file in FILE_UPLOAD_TEMP_DIR; when the folder does not exist, every such upload fails.", fix: "Create the folder on the server (writable by the application), or leave FILE_UPLOAD_TEMP_DIR as None to use the system's temporary folder.", rule: files::e001, fixes: &[], reveals: &[] },
    CheckDef { id: "security.E026", severity: Severity::Error, setting: "SECURE_CSP", reads: &["SECURE_CSP", "SECURE_CSP_REPORT_ONLY"], runs_because: &[], since: DjangoVersion::V6_0, until: None, docs: docs!("secure-csp"), expects: "SECURE_CSP and SECURE_CSP_REPORT_ONLY dicts (or None)", message: "The Content Security Policy setting '{}' must be a dictionary (got {} instead).", hint: None, why: "ContentSecurityPolicyMiddleware builds the Content-Security-Policy headers from these dicts of directives; any other value gives no usable policy, so the site is not protected as intended.", fix: "Write the policy as a dict of directives, for example {'default-src': [CSP.SELF]} (from django.utils.csp import CSP), or None for no header.", rule: e026, fixes: &[FixKind::SetValue { values: &[("{}", "an empty policy to fill in: each directive a key, its sources a list")], safe: false }], reveals: &[] },
    CheckDef { id: "security.W027", severity: Severity::Warning, setting: "TEMPLATES", reads: &["TEMPLATES", "MIDDLEWARE", "SECURE_CSP", "SECURE_CSP_REPORT_ONLY"], runs_because: &[CSP_MW], since: DjangoVersion::V6_1, until: None, docs: "ref/csp/", expects: "the csp context processor when a CSP policy uses the nonce", message: "Your Content Security Policy includes CSP.NONCE and 'django.middleware.csp.ContentSecurityPolicyMiddleware' is enabled, but 'django.template.context_processors.csp' is not configured. The nonce will appear in the response header but not in rendered templates, so nonce-based protection will not take effect.", hint: Some("Add 'django.template.context_processors.csp' to the 'context_processors' option of at least one template backend."), why: "With CSP.NONCE in a policy, browsers run only the scripts and styles that carry the response's nonce. Templates get the nonce from the csp context processor; without it they cannot mark the page's own scripts, which are then blocked, or the policy is loosened to let them run.", fix: "Add 'django.template.context_processors.csp' to OPTIONS['context_processors'] of the template backend that renders the pages, and use {{ csp_nonce }} in the script and style tags.", rule: w027, fixes: &[FixKind::AddContextProcessor("django.template.context_processors.csp")], reveals: &[] },
    CheckDef { id: "mail.W001", severity: Severity::Warning, setting: "MAILERS", reads: &["MAILERS"], runs_because: &[], since: DjangoVersion::V6_1, until: None, docs: docs!("mailers"), expects: "a 'default' entry in MAILERS (when set)", message: "Your MAILERS setting has no 'default' entry. Sending email without a valid mailer will fail.", hint: Some("Add a 'default' entry to MAILERS, or pass 'using' when sending email."), why: "With MAILERS set, Django's send_mail and EmailMessage.send use its 'default' entry unless told which mailer to use; without one, they fail.", fix: "Name one of the MAILERS entries 'default', or pass using='name' everywhere email is sent.", rule: mail::w001, fixes: &[], reveals: &[] },
    CheckDef { id: "mail.E001", severity: Severity::Error, setting: "MAILERS", reads: &["MAILERS"], runs_because: &[], since: DjangoVersion::V6_1, until: None, docs: docs!("mailers"), expects: "a production email backend for MAILERS['default']", message: "Your MAILERS setting uses a development-only email backend in the 'default' entry ({}).", hint: Some("Use a production-ready email backend, such as the SMTP backend, otherwise email will not be sent."), why: "The console, dummy, file-based and local-memory backends never deliver email: password resets, notifications and error reports sent in production are printed, written to files or dropped.", fix: "Set MAILERS['default']['BACKEND'] to 'django.core.mail.backends.smtp.EmailBackend' (or a provider's backend) in the production settings, with its host and credentials read from the environment.", rule: mail::e001, fixes: &[FixKind::SmtpMailer], reveals: &[] },
    CheckDef { id: "admin.E402", severity: Severity::Error, setting: "TEMPLATES", reads: ADMIN_READS_TEMPLATES, runs_because: ADMIN_ENTRIES, since: ALWAYS, until: None, docs: "ref/contrib/admin/#overview", expects: "django.contrib.auth.context_processors.auth in the first DjangoTemplates engine's context_processors (with the admin and a ModelBackend)", message: "'django.contrib.auth.context_processors.auth' must be enabled in DjangoTemplates (TEMPLATES) if using the default auth backend in order to use the admin application.", hint: None, why: "The admin's templates read the logged-in user and their permissions from the `user` and `perms` variables that the auth context processor adds. Without it the admin cannot show who is logged in or what they may change.", fix: "Add 'django.contrib.auth.context_processors.auth' to OPTIONS['context_processors'] of the first DjangoTemplates engine in TEMPLATES, as startproject writes it.", rule: admin::e402, fixes: &[FixKind::AddContextProcessor("django.contrib.auth.context_processors.auth")], reveals: &[] },
    CheckDef { id: "admin.E403", severity: Severity::Error, setting: "TEMPLATES", reads: ADMIN_READS_TEMPLATES, runs_because: ADMIN_ENTRIES, since: ALWAYS, until: None, docs: "ref/contrib/admin/#overview", expects: "a DjangoTemplates engine in TEMPLATES (with the admin)", message: "A 'django.template.backends.django.DjangoTemplates' instance must be configured in TEMPLATES in order to use the admin application.", hint: None, why: "The admin's pages are Django templates: without a DjangoTemplates engine in TEMPLATES (a Jinja2 engine alone is not one) none of them can be rendered.", fix: "Add an engine with 'BACKEND': 'django.template.backends.django.DjangoTemplates' and 'APP_DIRS': True to TEMPLATES, with the auth, messages and request context processors, as startproject writes it.", rule: admin::e403, fixes: &[], reveals: &["admin.E402", "admin.E404", "admin.W411"] },
    CheckDef { id: "admin.E404", severity: Severity::Error, setting: "TEMPLATES", reads: ADMIN_READS_TEMPLATES, runs_because: ADMIN_ENTRIES, since: ALWAYS, until: None, docs: "ref/contrib/admin/#overview", expects: "django.contrib.messages.context_processors.messages in the first DjangoTemplates engine's context_processors (with the admin)", message: "'django.contrib.messages.context_processors.messages' must be enabled in DjangoTemplates (TEMPLATES) in order to use the admin application.", hint: None, why: "The admin tells users what happened (\"The book was changed successfully\") through the messages framework, whose messages reach its templates only through the messages context processor.", fix: "Add 'django.contrib.messages.context_processors.messages' to OPTIONS['context_processors'] of the first DjangoTemplates engine in TEMPLATES.", rule: admin::e404, fixes: &[FixKind::AddContextProcessor("django.contrib.messages.context_processors.messages")], reveals: &[] },
    CheckDef { id: "admin.E406", severity: Severity::Error, setting: "INSTALLED_APPS", reads: ADMIN_READS_APPS, runs_because: ADMIN_ENTRIES, since: ALWAYS, until: None, docs: "ref/contrib/admin/#overview", expects: "django.contrib.messages in INSTALLED_APPS (with the admin)", message: "'django.contrib.messages' must be in INSTALLED_APPS in order to use the admin application.", hint: None, why: "The admin reports the result of every change through the messages framework; without the messages app installed it fails on its first form.", fix: "Add 'django.contrib.messages' to INSTALLED_APPS (with MessageMiddleware in MIDDLEWARE and the messages context processor), as startproject writes them.", rule: admin::e406, fixes: &[], reveals: &[] },
    CheckDef { id: "admin.E408", severity: Severity::Error, setting: "MIDDLEWARE", reads: ADMIN_READS_MIDDLEWARE, runs_because: ADMIN_ENTRIES, since: ALWAYS, until: None, docs: "ref/middleware/#module-django.contrib.auth.middleware", expects: "django.contrib.auth.middleware.AuthenticationMiddleware in MIDDLEWARE (with the admin)", message: "'django.contrib.auth.middleware.AuthenticationMiddleware' must be in MIDDLEWARE in order to use the admin application.", hint: None, why: "AuthenticationMiddleware sets request.user, which the admin reads on every request to know who is logged in; without it no one can log in to the admin.", fix: "Add 'django.contrib.auth.middleware.AuthenticationMiddleware' to MIDDLEWARE, after SessionMiddleware (it reads the user from the session).", rule: admin::e408, fixes: &[FixKind::AddMiddleware(AUTH_MW)], reveals: &[] },
    CheckDef { id: "admin.E409", severity: Severity::Error, setting: "MIDDLEWARE", reads: ADMIN_READS_MIDDLEWARE, runs_because: ADMIN_ENTRIES, since: ALWAYS, until: None, docs: "ref/middleware/#module-django.contrib.messages.middleware", expects: "django.contrib.messages.middleware.MessageMiddleware in MIDDLEWARE (with the admin)", message: "'django.contrib.messages.middleware.MessageMiddleware' must be in MIDDLEWARE in order to use the admin application.", hint: None, why: "MessageMiddleware carries the admin's messages (\"The book was added successfully\") from one request to the next; without it the admin fails when it adds one.", fix: "Add 'django.contrib.messages.middleware.MessageMiddleware' to MIDDLEWARE, after SessionMiddleware (it can keep messages in the session).", rule: admin::e409, fixes: &[FixKind::AddMiddleware(MESSAGE_MW)], reveals: &[] },
    CheckDef { id: "admin.E410", severity: Severity::Error, setting: "MIDDLEWARE", reads: ADMIN_READS_MIDDLEWARE, runs_because: ADMIN_ENTRIES, since: ALWAYS, until: None, docs: "ref/middleware/#module-django.contrib.sessions.middleware", expects: "django.contrib.sessions.middleware.SessionMiddleware in MIDDLEWARE (with the admin)", message: "'django.contrib.sessions.middleware.SessionMiddleware' must be in MIDDLEWARE in order to use the admin application.", hint: Some("Insert 'django.contrib.sessions.middleware.SessionMiddleware' before 'django.contrib.auth.middleware.AuthenticationMiddleware'."), why: "The admin keeps its users logged in through the session; without SessionMiddleware there is no session to keep them in, so no one can log in.", fix: "Add 'django.contrib.sessions.middleware.SessionMiddleware' to MIDDLEWARE, before AuthenticationMiddleware and MessageMiddleware.", rule: admin::e410, fixes: &[FixKind::AddMiddleware(SESS_MW)], reveals: &["security.W011", "security.W012", "security.W014", "security.W015"] },
    CheckDef { id: "admin.W411", severity: Severity::Warning, setting: "TEMPLATES", reads: ADMIN_READS_TEMPLATES, runs_because: ADMIN_ENTRIES, since: ALWAYS, until: None, docs: "ref/contrib/admin/#django.contrib.admin.AdminSite.enable_nav_sidebar", expects: "django.template.context_processors.request in the first DjangoTemplates engine's context_processors (with the admin's sidebar)", message: "'django.template.context_processors.request' must be enabled in DjangoTemplates (TEMPLATES) in order to use the admin navigation sidebar.", hint: None, why: "The admin's navigation sidebar highlights the page being shown from the `request` variable, which only the request context processor adds to templates.", fix: "Add 'django.template.context_processors.request' to OPTIONS['context_processors'] of the first DjangoTemplates engine in TEMPLATES, or turn the sidebar off (enable_nav_sidebar = False on a custom AdminSite).", rule: admin::w411, fixes: &[FixKind::AddContextProcessor("django.template.context_processors.request")], reveals: &[] },
    CheckDef { id: "auth.E013", severity: Severity::Error, setting: "MIDDLEWARE", reads: &["MIDDLEWARE", "INSTALLED_APPS"], runs_because: AUTH_ENTRIES, since: DjangoVersion::V5_2, until: None, docs: "ref/middleware/#django.contrib.auth.middleware.LoginRequiredMiddleware", expects: "AuthenticationMiddleware before LoginRequiredMiddleware in MIDDLEWARE", message: "In order to use django.contrib.auth.middleware.LoginRequiredMiddleware, django.contrib.auth.middleware.AuthenticationMiddleware must be defined before it in MIDDLEWARE.", hint: None, why: "LoginRequiredMiddleware redirects every request whose request.user is not logged in; request.user is set by AuthenticationMiddleware, which must therefore run first, or every request fails.", fix: "Put 'django.contrib.auth.middleware.AuthenticationMiddleware' before 'django.contrib.auth.middleware.LoginRequiredMiddleware' in MIDDLEWARE (after SessionMiddleware).", rule: auth::e013, fixes: &[], reveals: &[] },
    CheckDef { id: "sites.E101", severity: Severity::Error, setting: "SITE_ID", reads: &["SITE_ID", "INSTALLED_APPS"], runs_because: SITES_ENTRIES, since: ALWAYS, until: None, docs: docs!("site-id"), expects: "SITE_ID an integer (or unset), with django.contrib.sites", message: "The SITE_ID setting {}.", hint: None, why: "The sites framework looks the current Site up by its primary key, SITE_ID: a value that is not an integer finds no site, and every view that asks for the current site fails.", fix: "Set SITE_ID to the integer primary key of the site in the database, usually SITE_ID = 1 (an int, not the string '1').", rule: sites::e101, fixes: &[], reveals: &[] },
    CheckDef { id: "staticfiles.E001", severity: Severity::Error, setting: "STATICFILES_DIRS", reads: STATICFILES_READS, runs_because: STATICFILES_ENTRIES, since: ALWAYS, until: None, docs: docs!("staticfiles-dirs"), expects: "STATICFILES_DIRS a list or a tuple", message: "The STATICFILES_DIRS setting is not a tuple or list.", hint: Some("Perhaps you forgot a trailing comma?"), why: "FileSystemFinder reads STATICFILES_DIRS as a list of folders: a single string is read as one folder per character, so none of the intended static files are found.", fix: "Make STATICFILES_DIRS a list, STATICFILES_DIRS = [BASE_DIR / \"static\"], or a tuple with its trailing comma: (BASE_DIR / \"static\",).", rule: staticfiles::e001, fixes: &[], reveals: &["staticfiles.E002", "staticfiles.E003", "staticfiles.W004"] },
    CheckDef { id: "staticfiles.E002", severity: Severity::Error, setting: "STATICFILES_DIRS", reads: STATICFILES_READS, runs_because: STATICFILES_ENTRIES, since: ALWAYS, until: None, docs: docs!("staticfiles-dirs"), expects: "STATIC_ROOT not among STATICFILES_DIRS", message: "The STATICFILES_DIRS setting should not contain the STATIC_ROOT setting.", hint: None, why: "collectstatic copies every static file into STATIC_ROOT; when STATIC_ROOT is also a folder it collects from, it copies files onto themselves and mixes collected files with the sources.", fix: "Give STATIC_ROOT a folder of its own (BASE_DIR / \"staticfiles\") that is not in STATICFILES_DIRS, and keep the source files in a folder such as BASE_DIR / \"static\".", rule: staticfiles::e002, fixes: &[FixKind::DropStaticRoot], reveals: &[] },
    CheckDef { id: "staticfiles.E003", severity: Severity::Error, setting: "STATICFILES_DIRS", reads: STATICFILES_READS, runs_because: STATICFILES_ENTRIES, since: ALWAYS, until: None, docs: docs!("staticfiles-dirs"), expects: "STATICFILES_DIRS prefixes without a trailing slash", message: "The prefix {} in the STATICFILES_DIRS setting must not end with a slash.", hint: None, why: "Django joins a (prefix, path) entry's prefix to the file names with a slash of its own: a prefix ending with one makes paths with a double slash, which match no static file.", fix: "Remove the trailing slash from the prefix: (\"css\", BASE_DIR / \"css\"), not (\"css/\", ...).", rule: staticfiles::e003, fixes: &[], reveals: &[] },
    CheckDef { id: "staticfiles.W004", severity: Severity::Warning, setting: "STATICFILES_DIRS", reads: STATICFILES_READS, runs_because: STATICFILES_ENTRIES, since: ALWAYS, until: None, docs: docs!("staticfiles-dirs"), expects: "every STATICFILES_DIRS folder existing", message: "The directory '{}' in the STATICFILES_DIRS setting does not exist.", hint: None, why: "A folder in STATICFILES_DIRS that does not exist holds no static files: a misspelt or misplaced path means the files meant to be there are not served or collected.", fix: "Create the folder, or correct the path (BASE_DIR / \"static\" is relative to the project, not to the working directory), or remove the entry.", rule: staticfiles::w004, fixes: &[], reveals: &[] },
    CheckDef { id: "staticfiles.E005", severity: Severity::Error, setting: "STORAGES", reads: &["STORAGES", "INSTALLED_APPS"], runs_because: STATICFILES_ENTRIES, since: DjangoVersion::V5_2, until: None, docs: docs!("storages"), expects: "a 'staticfiles' storage in STORAGES (with django.contrib.staticfiles)", message: "The STORAGES setting must define a 'staticfiles' storage.", hint: None, why: "collectstatic and the static template tag use the storage named 'staticfiles' in STORAGES; a STORAGES that sets only 'default' replaces Django's default whole and leaves none.", fix: "Add a 'staticfiles' entry to STORAGES, for example \"staticfiles\": {\"BACKEND\": \"django.contrib.staticfiles.storage.StaticFilesStorage\"} (or ManifestStaticFilesStorage in production).", rule: staticfiles::e005, fixes: &[], reveals: &[] },
    CheckDef { id: "templates.E001", severity: Severity::Error, setting: "TEMPLATES", reads: &["TEMPLATES"], runs_because: &[], since: ALWAYS, until: Some(DjangoVersion::V5_2), docs: docs!("templates"), expects: "no TEMPLATES entry with both APP_DIRS and OPTIONS['loaders']", message: "You have 'APP_DIRS': True in your TEMPLATES but also specify 'loaders' in OPTIONS. Either remove APP_DIRS or remove the 'loaders' option.", hint: None, why: "Custom loaders replace the app directories loader that APP_DIRS turns on, so the two contradict each other; Django refuses to build such an engine (and from 5.2 stops with an error).", fix: "Remove 'APP_DIRS': True from the entry and list 'django.template.loaders.app_directories.Loader' in its loaders, or remove the loaders option.", rule: templates::e001, fixes: &[], reveals: &[] },
    CheckDef { id: "templates.E002", severity: Severity::Error, setting: "TEMPLATES", reads: &["TEMPLATES"], runs_because: &[], since: ALWAYS, until: None, docs: docs!("templates"), expects: "OPTIONS['string_if_invalid'] a string in every DjangoTemplates engine", message: "'string_if_invalid' in TEMPLATES OPTIONS must be a string but got: {}.", hint: None, why: "Django puts string_if_invalid in place of every variable a template cannot resolve: a value that is not a string breaks rendering wherever a variable is missing.", fix: "Set OPTIONS['string_if_invalid'] to a string ('' is Django's default), or remove it.", rule: templates::e002, fixes: &[], reveals: &[] },
    CheckDef { id: "templates.E003", severity: Severity::Warning, setting: "TEMPLATES", reads: &["TEMPLATES", "INSTALLED_APPS"], runs_because: &[], since: ALWAYS, until: Some(DjangoVersion::V5_2), docs: docs!("templates"), expects: "each template tag library name given to one module only", message: "{} is used for multiple template tag modules: {}", hint: None, why: "A template that loads a library by name gets only one of the modules that share the name, so its tags and filters are not the ones some templates expect.", fix: "Give the custom library in OPTIONS['libraries'] a name of its own, or point the name at the same module everywhere.", rule: templates::e003, fixes: &[], reveals: &[] },
    CheckDef { id: "templates.W003", severity: Severity::Warning, setting: "TEMPLATES", reads: &["TEMPLATES", "INSTALLED_APPS"], runs_because: &[], since: DjangoVersion::V5_2, until: None, docs: docs!("templates"), expects: "no custom template tag library named like an installed one", message: "{} is used for multiple template tag modules: {}", hint: None, why: "A custom library in OPTIONS['libraries'] named like an installed app's library replaces it in that engine, so templates that load the name get other tags and filters than the app's own templates expect.", fix: "Give the custom library in OPTIONS['libraries'] a name of its own, or point the name at the installed module.", rule: templates::w003, fixes: &[], reveals: &[] },
];

/// A release range in which Django words a check differently from its
/// row's `message` and `hint` (which are the newest releases' words).
pub struct Wording {
    pub id: &'static str,
    pub since: DjangoVersion,
    pub until: Option<DjangoVersion>,
    pub message: &'static str,
    pub hint: Option<&'static str>,
}

/// Every check whose words differ between releases, by release range.
pub static WORDINGS: &[Wording] = &[Wording {
    id: "sites.E101",
    since: DjangoVersion::V4_2,
    until: Some(DjangoVersion::V6_1),
    message: "The SITE_ID setting must be an integer",
    hint: None,
}];

/// The INSTALLED_APPS entries that make Django run each contrib app's
/// checks, as they are written (the module, then its config classes).
const ADMIN_ENTRIES: &[&str] = &[
    "django.contrib.admin",
    "django.contrib.admin.apps.AdminConfig",
    "django.contrib.admin.apps.SimpleAdminConfig",
];
const AUTH_ENTRIES: &[&str] = &["django.contrib.auth", "django.contrib.auth.apps.AuthConfig"];
const SITES_ENTRIES: &[&str] = &[
    "django.contrib.sites",
    "django.contrib.sites.apps.SitesConfig",
];
const STATICFILES_ENTRIES: &[&str] = &[
    "django.contrib.staticfiles",
    "django.contrib.staticfiles.apps.StaticFilesConfig",
];

/// The admin's checks run as one (`check_dependencies`): each reads what
/// the run reads, its own setting first.
const ADMIN_READS_TEMPLATES: &[&str] = &[
    "TEMPLATES",
    "INSTALLED_APPS",
    "AUTHENTICATION_BACKENDS",
    "MIDDLEWARE",
    "ROOT_URLCONF",
];
const ADMIN_READS_APPS: &[&str] = &[
    "INSTALLED_APPS",
    "TEMPLATES",
    "AUTHENTICATION_BACKENDS",
    "MIDDLEWARE",
    "ROOT_URLCONF",
];
const ADMIN_READS_MIDDLEWARE: &[&str] = &[
    "MIDDLEWARE",
    "INSTALLED_APPS",
    "TEMPLATES",
    "AUTHENTICATION_BACKENDS",
    "ROOT_URLCONF",
];
const STATICFILES_READS: &[&str] = &[
    "STATICFILES_DIRS",
    "INSTALLED_APPS",
    "STATICFILES_FINDERS",
    "STATIC_ROOT",
    "STORAGES",
    "MEDIA_ROOT",
    "DEFAULT_FILE_STORAGE",
];

/// Django's deploy check that the environment decides, not the settings:
/// `DJANGO_ALLOW_ASYNC_UNSAFE` set (by the settings themselves, as the
/// checker starts with an empty environment). The evaluation reports it
/// (`report/findings.rs`), from this row; its rule decides nothing.
pub static ASYNC_UNSAFE: CheckDef = CheckDef { id: "async.E001", severity: Severity::Error, setting: "DJANGO_ALLOW_ASYNC_UNSAFE", reads: &[], runs_because: &[], since: ALWAYS, until: None, docs: "topics/async/#envvar-DJANGO_ALLOW_ASYNC_UNSAFE", expects: "the DJANGO_ALLOW_ASYNC_UNSAFE environment variable unset in deployment", message: "You should not set the DJANGO_ALLOW_ASYNC_UNSAFE environment variable in deployment. This disables async safety protection.", hint: None, why: "DJANGO_ALLOW_ASYNC_UNSAFE turns off the guard that stops synchronous code such as the ORM from running inside an asynchronous event loop, where it blocks the loop and can share a database connection between requests. It is meant for notebooks and interactive shells only.", fix: "Do not set DJANGO_ALLOW_ASYNC_UNSAFE in the settings or the deployment's environment; call synchronous code from asynchronous views through asgiref's sync_to_async.", rule: |_| vec![], fixes: &[], reveals: &[] };

/// A Django check by ID: a row of `CHECKS`, or `ASYNC_UNSAFE`.
pub fn check_by_id(id: &str) -> Option<&'static CheckDef> {
    CHECKS
        .iter()
        .chain(std::iter::once(&ASYNC_UNSAFE))
        .find(|c| c.id == id)
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
    "LANGUAGE_CODE",
    "LANGUAGES",
    "LANGUAGES_BIDI",
    "USE_I18N",
    "LOCALE_PATHS",
    "CACHES",
    "STATIC_URL",
    "MEDIA_URL",
    "FILE_UPLOAD_TEMP_DIR",
    "SECURE_CSP",
    "SECURE_CSP_REPORT_ONLY",
    "TEMPLATES",
    "MAILERS",
    "AUTHENTICATION_BACKENDS",
    "ROOT_URLCONF",
    "SITE_ID",
    "STATICFILES_DIRS",
    "STATICFILES_FINDERS",
    "STATIC_ROOT",
    "STORAGES",
    "MEDIA_ROOT",
    "DEFAULT_FILE_STORAGE",
];

/// The settings reference for `name`, in `version`'s documentation.
pub fn settings_docs(name: &str, version: DjangoVersion) -> String {
    format!(
        "{}ref/settings/#{}",
        version.docs_root(),
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
    for c in CHECKS.iter().chain(std::iter::once(&ASYNC_UNSAFE)) {
        let releases = match c.until {
            Some(u) => format!("{} to {u}", c.since),
            None => format!("{} on", c.since),
        };
        out.push_str(&format!(
            "| [`{}`]({}) | {} | `{}` | {} | {releases} |\n",
            c.id,
            c.docs_url(DjangoVersion::NEWEST),
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
            // `security.W004`, `4_0.E001`: the level follows the last dot,
            // but for 4.2's templates.E003, a Warning (Django's own slip).
            let level = c.id.as_bytes()[c.id.rfind('.').unwrap() + 1];
            let error = c.severity == Severity::Error;
            if c.id == "templates.E003" {
                assert!(!error && level == b'E');
            } else {
                assert_eq!(level == b'E', error, "{}", c.id);
            }
            assert!(
                !c.docs.starts_with("http"),
                "{}: a path below the docs root",
                c.id
            );
            assert!(c
                .docs_url(DjangoVersion::V6_1)
                .starts_with("https://docs.djangoproject.com/en/6.1/"));
            // Every row runs on some supported release, and its range is
            // one of releases the tests run.
            assert!(
                DjangoVersion::SUPPORTED.iter().any(|v| c.exists_in(*v)),
                "{} runs on no supported release",
                c.id
            );
            assert!(DjangoVersion::SUPPORTED.contains(&c.since), "{}", c.id);
            assert!(
                c.until
                    .is_none_or(|u| DjangoVersion::SUPPORTED.contains(&u)),
                "{}",
                c.id
            );
            assert!(
                CHECKED_SETTINGS.contains(&c.setting),
                "{}: {} is not in CHECKED_SETTINGS",
                c.id,
                c.setting
            );
        }
        // Django's 23 security deploy checks, 4_0.E001, the core checks the
        // settings decide (translation E001-E004, caches E001/W003, urls.E006,
        // files.E001, 6.0's security.E026, 6.1's W027 and mail.W001/E001) and
        // the contrib apps' and templates' (19): the reference's class A
        // for each release (48, 49, 50, 53), less the unreachable
        // admin.E401/E405, plus its three class B checks (staticfiles.W004,
        // files.E001, caches.W002).
        assert_eq!(CHECKS.len(), 56);
        let runs = |v: DjangoVersion| CHECKS.iter().filter(|c| c.exists_in(v)).count();
        assert_eq!(
            DjangoVersion::SUPPORTED.map(runs),
            [49, 50, 51, 54],
            "rows per release"
        );
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
                version: eval.django.version,
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
