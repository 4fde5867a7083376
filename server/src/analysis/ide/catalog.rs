//! What an editor shows about Django settings by name: a one-line summary and
//! Django 5.2's default, for hover and completion. Every setting the deploy
//! checks read is here (their defaults come from `settings::default_value`,
//! the values the checks use), plus commonly set ones.

use crate::analysis::checks::{settings_docs, CheckDef, DjangoVersion, CHECKED_SETTINGS, CHECKS};
use crate::analysis::eval::repr;
use crate::analysis::settings::default_value;

pub struct SettingInfo {
    pub name: &'static str,
    pub summary: &'static str,
    /// Django's default as Python source, when `default_value` does not know it.
    pub default: Option<&'static str>,
}

const fn info(name: &'static str, summary: &'static str) -> SettingInfo {
    SettingInfo {
        name,
        summary,
        default: None,
    }
}

const fn with_default(
    name: &'static str,
    default: &'static str,
    summary: &'static str,
) -> SettingInfo {
    SettingInfo {
        name,
        summary,
        default: Some(default),
    }
}

pub static SETTINGS: &[SettingInfo] = &[
    info("DEBUG", "Debug mode: detailed error pages that show settings, source and stack traces. Never on in deployment."),
    info("SECRET_KEY", "The key Django signs sessions, password reset tokens and messages with. Long, random, and kept out of source control."),
    info("SECRET_KEY_FALLBACKS", "Previous secret keys still accepted when verifying signatures, while rotating SECRET_KEY."),
    info("ALLOWED_HOSTS", "The host names this site may serve; protects against HTTP Host header attacks. Must not be empty when DEBUG is False."),
    info("MIDDLEWARE", "The middleware run on every request and response, in order."),
    info("INSTALLED_APPS", "The applications enabled in this project."),
    info("SECURE_HSTS_SECONDS", "When non-zero, SecurityMiddleware sends Strict-Transport-Security with this max-age, telling browsers to use only HTTPS."),
    info("SECURE_HSTS_INCLUDE_SUBDOMAINS", "Adds includeSubDomains to the Strict-Transport-Security header."),
    info("SECURE_HSTS_PRELOAD", "Adds preload to the Strict-Transport-Security header, allowing submission to browsers' preload lists."),
    info("SECURE_CONTENT_TYPE_NOSNIFF", "SecurityMiddleware sends X-Content-Type-Options: nosniff so browsers do not guess content types."),
    info("SECURE_SSL_REDIRECT", "SecurityMiddleware redirects every HTTP request to HTTPS."),
    info("SECURE_REFERRER_POLICY", "The Referrer-Policy header SecurityMiddleware sends (None sends none)."),
    info("SECURE_CROSS_ORIGIN_OPENER_POLICY", "The Cross-Origin-Opener-Policy header SecurityMiddleware sends (None sends none)."),
    info("SESSION_COOKIE_SECURE", "Marks the session cookie Secure: browsers send it only over HTTPS."),
    info("SESSION_COOKIE_HTTPONLY", "Marks the session cookie HttpOnly: JavaScript cannot read it."),
    info("CSRF_COOKIE_SECURE", "Marks the CSRF cookie Secure: browsers send it only over HTTPS."),
    info("CSRF_USE_SESSIONS", "Keeps the CSRF token in the session instead of a cookie."),
    info("X_FRAME_OPTIONS", "The X-Frame-Options header XFrameOptionsMiddleware sends."),
    info("SILENCED_SYSTEM_CHECKS", "System check IDs (such as \"security.W018\") Django does not report."),
    info("TEMPLATE_DIRS", "Removed in Django 1.10; use TEMPLATES' DIRS."),
    info("LOCALE_PATHS", "Folders where Django looks for translation files."),
    info("LANGUAGES", "The languages the site offers, as (code, name) pairs."),
    info("LANGUAGES_BIDI", "The language codes written right to left."),
    info("FILE_UPLOAD_TEMP_DIR", "The folder large uploads are streamed to (None: the system's temporary folder)."),
    info("SECURE_CSP", "The Content-Security-Policy header ContentSecurityPolicyMiddleware sends, as a dict of directives (Django 6.0 on)."),
    info("SECURE_CSP_REPORT_ONLY", "The Content-Security-Policy-Report-Only header ContentSecurityPolicyMiddleware sends (Django 6.0 on)."),
    with_default("MAILERS", "(not set)", "The email backends by alias, 'default' first (Django 6.1 on; replaces EMAIL_BACKEND and the EMAIL_* settings)."),
    with_default("ROOT_URLCONF", "(none: required)", "The module holding the root URL patterns, as a dotted path."),
    with_default("WSGI_APPLICATION", "None", "The WSGI application object runserver uses, as a dotted path."),
    with_default("DATABASES", "{}", "The databases Django connects to; the 'default' alias is required."),
    with_default("TEMPLATES", "[]", "The template engines and their options."),
    with_default("STATIC_URL", "None", "The URL prefix static files are served under."),
    with_default("STATIC_ROOT", "None", "The folder collectstatic gathers static files into for deployment."),
    with_default("STATICFILES_DIRS", "[]", "Additional folders the staticfiles app searches."),
    info("STATICFILES_FINDERS", "The finder classes the staticfiles app looks for static files with (FileSystemFinder reads STATICFILES_DIRS)."),
    with_default("STORAGES", "{'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}", "The file storages by alias: 'default' for uploaded files, 'staticfiles' for collected static files."),
    with_default("DEFAULT_FILE_STORAGE", "(removed in Django 5.1)", "Django 4.2's default file storage class, which STORAGES['default'] replaces."),
    info("AUTHENTICATION_BACKENDS", "The classes Django tries, in order, to authenticate a user."),
    with_default("SITE_ID", "(not set)", "The database id of the current site, for django.contrib.sites."),
    with_default("MEDIA_URL", "''", "The URL prefix uploaded files are served under."),
    with_default("MEDIA_ROOT", "''", "The folder uploaded files are stored in."),
    with_default("LANGUAGE_CODE", "'en-us'", "The default language of the site."),
    with_default("TIME_ZONE", "'America/Chicago'", "The time zone of the site."),
    with_default("USE_I18N", "True", "Turns on Django's translation system."),
    with_default("USE_TZ", "True", "Makes datetimes time-zone-aware."),
    with_default("DEFAULT_AUTO_FIELD", "'django.db.models.AutoField'", "The primary key field type of models that do not declare one."),
    with_default("AUTH_PASSWORD_VALIDATORS", "[]", "The validators that check the strength of user passwords."),
    with_default("AUTH_USER_MODEL", "'auth.User'", "The model that represents a user."),
    with_default("CSRF_TRUSTED_ORIGINS", "[]", "Origins trusted for unsafe requests (e.g. 'https://*.example.com')."),
    with_default("CSRF_COOKIE_HTTPONLY", "False", "Marks the CSRF cookie HttpOnly."),
    with_default("CSRF_COOKIE_SAMESITE", "'Lax'", "The SameSite flag of the CSRF cookie."),
    with_default("SESSION_COOKIE_SAMESITE", "'Lax'", "The SameSite flag of the session cookie."),
    with_default("SESSION_COOKIE_AGE", "1209600", "The age of session cookies, in seconds (two weeks)."),
    with_default("SESSION_ENGINE", "'django.contrib.sessions.backends.db'", "Where session data is stored."),
    with_default("SECURE_PROXY_SSL_HEADER", "None", "A header and value that tell Django a request came over HTTPS through a proxy."),
    with_default("SECURE_REDIRECT_EXEMPT", "[]", "URL patterns SECURE_SSL_REDIRECT does not redirect."),
    with_default("SECURE_SSL_HOST", "None", "The host SECURE_SSL_REDIRECT redirects to."),
    with_default("USE_X_FORWARDED_HOST", "False", "Uses the X-Forwarded-Host header over Host."),
    with_default("INTERNAL_IPS", "[]", "IP addresses that see debug information (e.g. the debug toolbar)."),
    with_default("APPEND_SLASH", "True", "Redirects URLs without a trailing slash to the slashed URL."),
    with_default("CACHES", "{'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}", "The cache backends."),
    with_default("LOGGING", "{}", "The logging configuration (dictConfig format)."),
    with_default("ADMINS", "[]", "Who receives error emails."),
    with_default("EMAIL_BACKEND", "'django.core.mail.backends.smtp.EmailBackend'", "The backend used to send email."),
    with_default("EMAIL_HOST", "'localhost'", "The SMTP server."),
    with_default("EMAIL_PORT", "25", "The SMTP port."),
    with_default("EMAIL_HOST_USER", "''", "The SMTP user name."),
    with_default("EMAIL_HOST_PASSWORD", "''", "The SMTP password."),
    with_default("EMAIL_USE_TLS", "False", "Uses STARTTLS with the SMTP server."),
    with_default("DEFAULT_FROM_EMAIL", "'webmaster@localhost'", "The sender address of automated email."),
    with_default("SERVER_EMAIL", "'root@localhost'", "The sender address of error email."),
    with_default("DATA_UPLOAD_MAX_MEMORY_SIZE", "2621440", "The largest request body, in bytes, read before SuspiciousOperation."),
    with_default("LOGIN_URL", "'/accounts/login/'", "Where login_required redirects to."),
    with_default("LOGIN_REDIRECT_URL", "'/accounts/profile/'", "Where users go after logging in."),
];

pub fn info_for(name: &str) -> Option<&'static SettingInfo> {
    SETTINGS.iter().find(|s| s.name == name)
}

/// Django's default of a setting as Python source, in `version`.
pub fn default_text(name: &str, version: DjangoVersion) -> Option<String> {
    // A dict default (STORAGES) has no repr the evaluator builds: the
    // catalog writes it.
    if let Some(r) = default_value(name, version).and_then(|v| repr(&v)) {
        return Some(r);
    }
    info_for(name).and_then(|i| i.default.map(str::to_string))
}

/// The checks `version` reports on this setting.
pub fn checks_on(name: &str, version: DjangoVersion) -> Vec<&'static CheckDef> {
    CHECKS
        .iter()
        .filter(|c| c.setting == name && c.exists_in(version))
        .collect()
}

/// A completion candidate, as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingCompletion {
    pub name: &'static str,
    pub default: Option<String>,
    pub summary: &'static str,
    pub docs: String,
    /// A deploy check reads it.
    pub checked: bool,
}

/// Every setting name offered for completion, checked ones first.
pub fn completions() -> Vec<SettingCompletion> {
    let mut out: Vec<SettingCompletion> = SETTINGS
        .iter()
        .map(|s| SettingCompletion {
            name: s.name,
            default: default_text(s.name, DjangoVersion::NEWEST),
            summary: s.summary,
            docs: settings_docs(s.name, DjangoVersion::NEWEST),
            checked: CHECKED_SETTINGS.contains(&s.name),
        })
        .collect();
    out.sort_by_key(|c| (!c.checked, c.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_checked_setting_is_described_with_a_default() {
        for name in CHECKED_SETTINGS {
            let i = info_for(name).unwrap_or_else(|| panic!("{name} has no summary"));
            assert!(!i.summary.is_empty());
            assert!(
                default_text(name, DjangoVersion::NEWEST).is_some(),
                "{name} has no default"
            );
        }
        let c = completions();
        assert!(c.iter().take(CHECKED_SETTINGS.len()).all(|c| c.checked));
        assert_eq!(
            default_text("DEBUG", DjangoVersion::NEWEST).as_deref(),
            Some("False")
        );
    }
}
