//! What stops `django.setup()` before any check: duplicate app labels, and
//! the release's load rules (`checks::loading`).

use super::*;

/// Crashes of `django.setup()` that settings alone decide: two entries of
/// INSTALLED_APPS with the same app label. (A MIDDLEWARE string, each of
/// whose characters the admin's and auth's checks import, is theirs:
/// `checks/admin.rs`, `checks/auth.rs`.)
pub(crate) fn app_loading_crashes(
    ctx: &Ctx,
    facts: &checks::loading::LoadFacts,
) -> Vec<(&'static str, String)> {
    let settings = ctx.settings;
    let labels = facts.labels;
    let mut out = vec![];
    let apps = settings.get("INSTALLED_APPS");
    if let Ok((_, Extra::Exact)) = apps.value.iter_items() {
        // Only certain labels can collide with certainty: an app whose
        // label the evaluator cannot read gives no finding either way.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for label in labels.iter().flatten() {
            if !seen.insert(label.as_str()) {
                out.push(("INSTALLED_APPS", format!("two INSTALLED_APPS entries have the app label '{label}' (ImproperlyConfigured: application labels aren't unique)")));
                break;
            }
        }
    }
    out.extend(
        checks::loading::load_stops(ctx, facts)
            .into_iter()
            .map(|s| (s.setting, s.why)),
    );
    out
}
