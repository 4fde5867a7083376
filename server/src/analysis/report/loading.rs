//! What stops `django.setup()` before any check: duplicate app labels, a
//! string MIDDLEWARE, and the release's load rules (`checks::loading`).

use super::*;

/// Crashes of `django.setup()` and the always-on checks that settings alone
/// decide: two entries of INSTALLED_APPS with the same app label, and a
/// MIDDLEWARE string (Django's auth check imports each of its characters).
pub(crate) fn app_loading_crashes(
    ctx: &Ctx,
    facts: &checks::loading::LoadFacts,
) -> Vec<(&'static str, String)> {
    let settings = ctx.settings;
    let labels = facts.labels;
    let mut out = vec![];
    let apps = settings.get("INSTALLED_APPS");
    if let Ok((items, Extra::Exact)) = apps.value.iter_items() {
        // Only certain labels can collide with certainty: an app whose
        // label the evaluator cannot read gives no finding either way.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for label in labels.iter().flatten() {
            if !seen.insert(label.as_str()) {
                out.push(("INSTALLED_APPS", format!("two INSTALLED_APPS entries have the app label '{label}' (ImproperlyConfigured: application labels aren't unique)")));
                break;
            }
        }
        let auth = items
            .iter()
            .any(|i| i.as_str() == Some("django.contrib.auth"));
        if auth && matches!(settings.get("MIDDLEWARE").value, Value::Str(_)) {
            out.push(("MIDDLEWARE", "MIDDLEWARE is a string, not a list: Django's auth check imports each of its characters as a middleware and raises ValueError".to_string()));
        }
    }
    out.extend(
        checks::loading::load_stops(ctx, facts)
            .into_iter()
            .map(|s| (s.setting, s.why)),
    );
    out
}
