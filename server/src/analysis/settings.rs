//! The settings Django would see: the module's UPPERCASE names, with
//! `django/conf/global_settings.py` defaults of the project's release for
//! absent ones.

use std::rc::Rc;

use super::django_version::DjangoVersion;
use super::eval::namespace::{Binding, Namespace, Origin};
use super::eval::value::{Unknown, Value};

/// Defaults of the settings the checks read, in `version`'s
/// `global_settings.py`.
pub fn default_value(name: &str, version: DjangoVersion) -> Option<Value> {
    Some(match name {
        "DEBUG" => Value::Bool(false),
        "SECRET_KEY" => Value::str(""),
        "SECRET_KEY_FALLBACKS" => Value::list(vec![]),
        "ALLOWED_HOSTS" => Value::list(vec![]),
        "MIDDLEWARE" => Value::list(vec![]),
        "INSTALLED_APPS" => Value::list(vec![]),
        "SECURE_HSTS_SECONDS" => Value::Int(0),
        "SECURE_HSTS_INCLUDE_SUBDOMAINS" => Value::Bool(false),
        "SECURE_HSTS_PRELOAD" => Value::Bool(false),
        "SECURE_CONTENT_TYPE_NOSNIFF" => Value::Bool(true),
        "SECURE_SSL_REDIRECT" => Value::Bool(false),
        "SECURE_REFERRER_POLICY" => Value::str("same-origin"),
        "SECURE_CROSS_ORIGIN_OPENER_POLICY" => Value::str("same-origin"),
        "SESSION_COOKIE_SECURE" => Value::Bool(false),
        "SESSION_COOKIE_HTTPONLY" => Value::Bool(true),
        "CSRF_COOKIE_SECURE" => Value::Bool(false),
        "CSRF_USE_SESSIONS" => Value::Bool(false),
        "X_FRAME_OPTIONS" => Value::str("DENY"),
        "CSRF_TRUSTED_ORIGINS" => Value::list(vec![]),
        "SILENCED_SYSTEM_CHECKS" => Value::list(vec![]),
        "TEMPLATE_DIRS" | "LOCALE_PATHS" => Value::list(vec![]),
        "LANGUAGE_CODE" => Value::str("en-us"),
        // 98 codes in 4.2, `ug` added in 5.2, `ht` in 6.0 (generated from
        // each release: `django_locales_data.rs`).
        "LANGUAGES" => super::django_locales::default_languages(version),
        "LANGUAGES_BIDI" => super::django_locales::default_bidi(version),
        "USE_I18N" => Value::Bool(true),
        "CACHES" => dict(vec![(
            Value::str("default"),
            dict(vec![(
                Value::str("BACKEND"),
                Value::str("django.core.cache.backends.locmem.LocMemCache"),
            )]),
        )]),
        "STATIC_URL" | "FILE_UPLOAD_TEMP_DIR" => Value::None,
        "MEDIA_URL" => Value::str(""),
        // Django 6.0 added Content Security Policy; MAILERS (6.1) has no
        // global default (its checks ask whether the module sets it).
        "SECURE_CSP" | "SECURE_CSP_REPORT_ONLY" if version >= DjangoVersion::V6_0 => dict(vec![]),
        // The same in the four releases' global_settings.py.
        "TEMPLATES" | "STATICFILES_DIRS" => Value::list(vec![]),
        "AUTHENTICATION_BACKENDS" => Value::list(vec![Value::str(
            "django.contrib.auth.backends.ModelBackend",
        )]),
        "STATICFILES_FINDERS" => Value::list(vec![
            Value::str("django.contrib.staticfiles.finders.FileSystemFinder"),
            Value::str("django.contrib.staticfiles.finders.AppDirectoriesFinder"),
        ]),
        "STATIC_ROOT" => Value::None,
        "MEDIA_ROOT" => Value::str(""),
        "STORAGES" => {
            let backend = |b: &str| dict(vec![(Value::str("BACKEND"), Value::str(b))]);
            dict(vec![
                (
                    Value::str("default"),
                    backend("django.core.files.storage.FileSystemStorage"),
                ),
                (
                    Value::str("staticfiles"),
                    backend("django.contrib.staticfiles.storage.StaticFilesStorage"),
                ),
            ])
        }
        _ => return None,
    })
}

fn dict(entries: Vec<(Value, Value)>) -> Value {
    Value::Dict(Rc::new(std::cell::RefCell::new(super::eval::value::Dict {
        entries,
        extra: super::eval::value::Extra::Exact,
    })))
}

/// Python's `str.isupper()`: at least one cased character, none lowercase.
pub fn is_setting_name(name: &str) -> bool {
    let mut cased = false;
    for c in name.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    cased
}

/// One setting as Django would read it.
#[derive(Debug, Clone)]
pub struct Setting {
    pub name: &'static str,
    pub value: Value,
    /// `None` when the setting is absent and Django's default applies.
    pub binding: Option<Binding>,
}

impl Setting {
    pub fn origin(&self) -> Option<&Origin> {
        self.binding.as_ref().and_then(|b| b.origin.as_ref())
    }

    pub fn env_vars(&self) -> Vec<Rc<str>> {
        self.binding
            .as_ref()
            .map(|b| b.env.to_vec())
            .unwrap_or_default()
    }

    pub fn is_absent(&self) -> bool {
        self.binding.is_none()
    }
}

pub struct Settings<'n> {
    pub namespace: &'n Namespace,
    /// The release whose defaults fill the absent settings (and whose
    /// checks read them).
    pub version: DjangoVersion,
}

impl Settings<'_> {
    pub fn get(&self, name: &'static str) -> Setting {
        match self.namespace.get(name) {
            Some(b) => Setting {
                name,
                value: b.value.clone(),
                binding: Some(b.clone()),
            },
            None => {
                let value = match &self.namespace.open {
                    Some(why) => Value::Unknown(Unknown {
                        reason: why.clone(),
                    }),
                    None => default_value(name, self.version).unwrap_or(Value::None),
                };
                Setting {
                    name,
                    value,
                    binding: None,
                }
            }
        }
    }
}
