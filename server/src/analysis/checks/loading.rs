//! What stops Django before any check runs, as far as the settings decide it.

/// Settings Django refuses to load unless they are a list or a tuple.
pub const LIST_OR_TUPLE_SETTINGS: [&str; 5] = [
    "ALLOWED_HOSTS",
    "INSTALLED_APPS",
    "TEMPLATE_DIRS",
    "LOCALE_PATHS",
    "SECRET_KEY_FALLBACKS",
];
