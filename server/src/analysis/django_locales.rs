//! What each Django release ships that the checks read (translation.E004's
//! catalogs, the default LANGUAGES and LANGUAGES_BIDI): the data is
//! generated (`django_locales_data.rs`, by `tests/oracle/locale_data.py`).

#[path = "django_locales_data.rs"]
mod data;

use super::django_version::DjangoVersion;
use super::eval::value::Value;

/// What a Django release ships for translation, from `catalogs.rs`
/// (generated): each field is a string of words.
pub(crate) struct ReleaseLocales {
    /// The `django/conf/locale` folders holding `LC_MESSAGES/django.mo`.
    pub(crate) core: &'static str,
    /// The same for each contrib app with a `locale/` folder.
    pub(crate) apps: &'static [(&'static str, &'static str)],
    /// `global_settings.LANGUAGES`, as `code:name;code:name`.
    pub(crate) languages: &'static str,
    pub(crate) bidi: &'static str,
    /// `LANG_INFO[code]["fallback"]`, as `code:fallback,fallback`.
    pub(crate) fallbacks: &'static str,
}

pub(crate) fn locales(version: DjangoVersion) -> &'static ReleaseLocales {
    if version >= DjangoVersion::V6_1 {
        &data::V6_1_LOCALES
    } else if version >= DjangoVersion::V6_0 {
        &data::V6_0_LOCALES
    } else if version >= DjangoVersion::V5_2 {
        &data::V5_2_LOCALES
    } else {
        &data::V4_2_LOCALES
    }
}

/// `global_settings.LANGUAGES` of `version`: a list of (code, name) tuples.
pub(crate) fn default_languages(version: DjangoVersion) -> Value {
    Value::list(
        locales(version)
            .languages
            .split(';')
            .filter_map(|e| e.split_once(':'))
            .map(|(code, name)| Value::tuple(vec![Value::str(code), Value::str(name)]))
            .collect(),
    )
}

/// `global_settings.LANGUAGES_BIDI` of `version`.
pub(crate) fn default_bidi(version: DjangoVersion) -> Value {
    Value::list(locales(version).bidi.split(' ').map(Value::str).collect())
}

/// Python's `locale.locale_alias`, the keys a language tag can reach, as
/// `key:value` words.
pub(crate) fn locale_alias() -> &'static str {
    data::LOCALE_ALIAS
}
