//! What stops `django.setup()` before any check: duplicate app labels, a
//! string MIDDLEWARE.

use super::*;

/// Crashes of `django.setup()` and the always-on checks that settings alone
/// decide: two entries of INSTALLED_APPS with the same app label, and a
/// MIDDLEWARE string (Django's auth check imports each of its characters).
pub(crate) fn app_loading_crashes(settings: &Settings) -> Vec<(&'static str, String)> {
    let mut out = vec![];
    let apps = settings.get("INSTALLED_APPS");
    if let Ok((items, Extra::Exact)) = apps.value.iter_items() {
        let mut labels: Vec<String> = vec![];
        for item in &items {
            let Some(path) = item.as_str() else { continue };
            // Django's own apps: `django.contrib.X` and its AppConfig path
            // both have the label X.
            let label = match path.strip_prefix("django.contrib.") {
                Some(rest) => rest.split('.').next().unwrap_or(rest).to_string(),
                None => match path.rsplit_once(".apps.") {
                    Some(_) => continue,
                    None => path.rsplit('.').next().unwrap_or(path).to_string(),
                },
            };
            if labels.contains(&label) {
                out.push(("INSTALLED_APPS", format!("two INSTALLED_APPS entries have the app label '{label}' (ImproperlyConfigured: application labels aren't unique)")));
                break;
            }
            labels.push(label);
        }
        let auth = items
            .iter()
            .any(|i| i.as_str() == Some("django.contrib.auth"));
        if auth && matches!(settings.get("MIDDLEWARE").value, Value::Str(_)) {
            out.push(("MIDDLEWARE", "MIDDLEWARE is a string, not a list: Django's auth check imports each of its characters as a middleware and raises ValueError".to_string()));
        }
    }
    out
}
