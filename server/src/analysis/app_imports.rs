//! Which INSTALLED_APPS entries Django cannot import, when that is certain:
//! `django.setup()` imports every entry (a module, or the module holding
//! an AppConfig class) and stops with ModuleNotFoundError at the first it
//! cannot. Certain only for a misspelt `django.contrib` app, and for
//! modules neither the project nor a complete environment has.

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
    let certainly_missing = |dotted: &str| {
        matches!(
            resolver.resolve(sources, from, 0, dotted),
            Resolved::NotInstalled(_)
        )
    };
    // An AppConfig path: the module before the class must import.
    let (module, _) = entry.rsplit_once('.').unwrap_or((entry, ""));
    let top = entry.split('.').next().unwrap_or(entry);
    (certainly_missing(entry) && (module == entry || certainly_missing(module)))
        .then(|| top.to_string())
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
    fn a_module_missing_from_a_complete_environment() {
        let apps = [
            "blog",
            "blog.apps.BlogConfig",
            "rest_framework",
            "corsheaders",
        ];
        assert_eq!(
            first(&apps, true),
            Some(("corsheaders".into(), "corsheaders".into()))
        );
        // Without an environment a package may be installed: cannot tell.
        assert_eq!(first(&apps, false), None);
    }
}
