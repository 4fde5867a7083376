//! Which INSTALLED_APPS entries Django cannot import, when that is certain:
//! `django.setup()` imports every entry (a module, or the module holding
//! an AppConfig class) and stops with ModuleNotFoundError at the first it
//! cannot. Certain only for a misspelt `django.contrib` app, and for a
//! module missing from a package of the project itself. A package the
//! virtualenv lacks is not taken as missing: a virtualenv kept beside the
//! code often holds only part of what the deployment installs (a package
//! without its dependencies), and the module's own imports say more.

use std::path::Path;

use super::imports::{Resolved, Resolver};
use super::source::SourceProvider;

/// Django's contrib apps, the same in every supported release.
const CONTRIB_APPS: [&str; 15] = [
    "admin",
    "admindocs",
    "auth",
    "contenttypes",
    "flatpages",
    "gis",
    "humanize",
    "messages",
    "postgres",
    "redirects",
    "sessions",
    "sitemaps",
    "sites",
    "staticfiles",
    "syndication",
];

/// The first entry Django certainly cannot import, with the module it
/// cannot find.
pub fn first_unimportable(
    entries: &[Option<&str>],
    resolver: &Resolver,
    sources: &dyn SourceProvider,
    from: &Path,
) -> Option<(String, String)> {
    entries
        .iter()
        .flatten()
        .find_map(|e| missing_module(e, resolver, sources, from).map(|m| (e.to_string(), m)))
}

/// The module of `entry` that cannot be found, when certain.
fn missing_module(
    entry: &str,
    resolver: &Resolver,
    sources: &dyn SourceProvider,
    from: &Path,
) -> Option<String> {
    if let Some(rest) = entry.strip_prefix("django.contrib.") {
        let app = rest.split('.').next().unwrap_or(rest);
        return (!CONTRIB_APPS.contains(&app)).then(|| format!("django.contrib.{app}"));
    }
    if entry.starts_with("django.") || entry.is_empty() {
        return None;
    }
    // A folder without `__init__.py` is a namespace package, which imports.
    let namespace_package = |dotted: &str| {
        let rel: std::path::PathBuf = dotted.split('.').collect();
        resolver
            .manage_dir
            .iter()
            .chain(std::iter::once(&resolver.project_root))
            .any(|base| sources.is_dir(&base.join(&rel)))
    };
    let certainly_missing = |dotted: &str| {
        matches!(
            resolver.resolve(sources, from, 0, dotted),
            Resolved::Missing(_)
        ) && !namespace_package(dotted)
    };
    // Django imports the entry; failing that, a last part that starts
    // with a capital is an AppConfig class of the module before it.
    let wanted = match entry.rsplit_once('.') {
        Some((module, class)) if class.starts_with(char::is_uppercase) => module,
        _ => entry,
    };
    certainly_missing(wanted).then(|| wanted.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::source::MemorySources;

    fn first(entries: &[&str], venv_complete: bool) -> Option<(String, String)> {
        let mut s = MemorySources::new();
        s.put("/p/manage.py", "");
        s.put("/p/blog/__init__.py", "");
        s.put("/p/blog/apps.py", "");
        s.put("/p/blog/static_only/models.py", "");
        s.put("/p/site1/settings.py", "");
        if venv_complete {
            s.put(
                "/p/.venv/lib/python3.12/site-packages/rest_framework/__init__.py",
                "",
            );
        }
        let from = Path::new("/p/site1/settings.py");
        let resolver = Resolver::for_module(from, &s, |_| false);
        let entries: Vec<Option<&str>> = entries.iter().map(|e| Some(*e)).collect();
        first_unimportable(&entries, &resolver, &s, from)
    }

    #[test]
    fn a_misspelt_contrib_app_never_imports() {
        assert_eq!(
            first(&["django.contrib.auth", "django.contrib.sessionss"], false),
            Some((
                "django.contrib.sessionss".into(),
                "django.contrib.sessionss".into()
            ))
        );
        assert_eq!(
            first(&["django.contrib.admin.apps.SimpleAdminConfig"], false),
            None
        );
    }

    #[test]
    fn a_module_missing_from_a_project_package() {
        let apps = ["blog", "blog.apps.BlogConfig", "rest_framework"];
        assert_eq!(first(&apps, true), None);
        assert_eq!(
            first(&["blog", "blog.comments"], false),
            Some(("blog.comments".into(), "blog.comments".into()))
        );
        assert_eq!(
            first(&["blog.apps.MissingConfig", "blog.nope.NopeConfig"], false),
            Some(("blog.nope.NopeConfig".into(), "blog.nope".into()))
        );
        // A folder without __init__.py is a namespace package.
        assert_eq!(first(&["blog.static_only"], false), None);
        // A package the virtualenv lacks may be one the deployment installs.
        assert_eq!(first(&["corsheaders"], true), None);
    }
}
