//! Which role a Python file plays for the deploy checks, decided per file,
//! the same for the editor and `check` (`project::deploy_modules` asks it
//! about every candidate of a tree). In order:
//!
//! 1. a configured `deploy-modules` glob matches: **deploy**;
//! 2. `DJANGO_SETTINGS_MODULE` in a `wsgi.py`/`asgi.py` of an enclosing folder
//!    names it (production entry points): **deploy**;
//! 3. its name is a development module name (`local`, `dev`, ...): **development**;
//! 4. `manage.py` in an enclosing folder names it: **deploy** (cookiecutter
//!    projects point `manage.py` at a local module, caught by rule 3);
//! 5. a settings module in the same folder star-imports it, or one in its
//!    folder or above runs it with django-split-settings' `include()`:
//!    **base**, judged through the deploy modules that import it (directly
//!    or through other bases);
//! 6. a package `__init__.py` that only imports: **other**;
//! 7. `settings.py` or any module in a `settings/` package: **deploy**;
//! 8. anything else: **other** (no diagnostics of its own).

use std::path::{Path, PathBuf};

use super::config::Config;
use super::discover::{is_dev_module, looks_like_settings, resolve_dotted, settings_module_in};
use super::glob::matches_path;
use super::includes::includers;
use super::source::SourceProvider;

/// How far a chain of bases is followed.
const MAX_DEPTH: usize = 4;
/// Folders with more Python files than this are not scanned for importers.
const MAX_SIBLINGS: usize = 300;
/// How many enclosing folders are searched for `wsgi.py`/`asgi.py`/`manage.py`.
const ENTRY_LEVELS: usize = 6;

#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    Deploy(Why),
    /// Star-imported by other settings modules; `judges` are the deploy
    /// modules that see it (possibly none, when only development modules
    /// import it).
    Base {
        judges: Vec<PathBuf>,
    },
    Development,
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    Configured(String),
    NamedBy(PathBuf),
    LooksLikeSettings,
}

impl Role {
    /// The role's name for editors: `deploy`, `base`, `development` or `other`.
    pub fn name(&self) -> &'static str {
        match self {
            Role::Deploy(_) => "deploy",
            Role::Base { .. } => "base",
            Role::Development => "development",
            Role::Other => "other",
        }
    }

    /// Why `path` has this role, in a sentence for the editor: it names
    /// files (relative to `root` when inside it), globs and module names,
    /// never a value.
    pub fn why(&self, path: &Path, root: Option<&Path>) -> String {
        let show = |p: &Path| {
            root.and_then(|r| p.strip_prefix(r).ok())
                .filter(|rel| !rel.as_os_str().is_empty())
                .unwrap_or(p)
                .display()
                .to_string()
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match self {
            Role::Deploy(Why::Configured(g)) => {
                format!("checked as deploy settings: it matches the deploy-modules glob {g:?}")
            }
            Role::Deploy(Why::NamedBy(entry)) => format!(
                "checked as deploy settings: DJANGO_SETTINGS_MODULE in {} names it",
                show(entry)
            ),
            Role::Deploy(Why::LooksLikeSettings) => {
                let what = if name == "settings.py" {
                    "its file name is settings.py"
                } else {
                    "it is a module of a settings/ package"
                };
                format!(
                    "checked as deploy settings: {what} (no wsgi.py, asgi.py or manage.py names it)"
                )
            }
            Role::Base { judges } if judges.is_empty() => "a base module that only development \
                 modules star-import or include(): not checked"
                .into(),
            Role::Base { judges } => format!(
                "a base module: settings modules star-import or include() it, and the values \
                 it sets are checked as {} see them",
                judges
                    .iter()
                    .map(|j| show(j))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Role::Development => {
                let stem = path.file_stem().and_then(|n| n.to_str()).unwrap_or("");
                format!(
                    "development settings: {stem:?} is a development module name \
                     (development-modules), so it is not checked"
                )
            }
            Role::Other if !name.ends_with(".py") => "not a Python file".into(),
            Role::Other if name == "__init__.py" && looks_like_settings(path) => {
                "a settings package's __init__.py that only imports: not checked".into()
            }
            Role::Other => "not a settings module: no deploy-modules glob matches it, no \
                 DJANGO_SETTINGS_MODULE names it, no settings module star-imports or \
                 include()s it, and it is neither a settings.py nor in a settings/ package"
                .into(),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Role::Deploy(Why::Configured(g)) => format!("deploy settings (matches the glob {g:?})"),
            Role::Deploy(Why::NamedBy(p)) => {
                format!(
                    "deploy settings (DJANGO_SETTINGS_MODULE in {})",
                    p.display()
                )
            }
            Role::Deploy(Why::LooksLikeSettings) => "deploy settings (by its file name)".into(),
            Role::Base { judges } if judges.is_empty() => {
                "a base module only development modules import".into()
            }
            Role::Base { judges } => format!(
                "a base module, judged through {}",
                judges
                    .iter()
                    .map(|j| j.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Role::Development => "development settings: no deploy checks".into(),
            Role::Other => "not a settings module".into(),
        }
    }
}

pub fn classify(path: &Path, config: &Config, sources: &dyn SourceProvider) -> Role {
    classify_at(path, config, sources, 0)
}

fn classify_at(path: &Path, config: &Config, sources: &dyn SourceProvider, depth: usize) -> Role {
    if path.extension().and_then(|e| e.to_str()) != Some("py") {
        return Role::Other;
    }
    if let Some(g) = config.deploy_modules.iter().find(|g| matches_path(g, path)) {
        return Role::Deploy(Why::Configured(g.clone()));
    }
    let named = entries_naming(path, sources);
    if let Some((entry, _)) = named.iter().find(|(_, production)| *production) {
        return Role::Deploy(Why::NamedBy(entry.clone()));
    }
    if is_dev_module(path, &config.development_modules) {
        return Role::Development;
    }
    if let Some((entry, _)) = named.first() {
        return Role::Deploy(Why::NamedBy(entry.clone()));
    }
    if depth < MAX_DEPTH {
        let mut is_base = false;
        let mut judges: Vec<PathBuf> = vec![];
        let mut importers = star_importers(path, sources);
        importers.extend(includers(path, sources));
        for importer in importers {
            match classify_at(&importer, config, sources, depth + 1) {
                Role::Deploy(_) => {
                    is_base = true;
                    judges.push(importer);
                }
                Role::Base { judges: j } => {
                    is_base = true;
                    judges.extend(j);
                }
                Role::Development => is_base = true,
                Role::Other => {}
            }
        }
        if is_base {
            judges.sort();
            judges.dedup();
            return Role::Base { judges };
        }
    }
    if path.file_name().is_some_and(|n| n == "__init__.py") && only_imports(path, sources) {
        return Role::Other;
    }
    if looks_like_settings(path) {
        return Role::Deploy(Why::LooksLikeSettings);
    }
    Role::Other
}

/// `wsgi.py`/`asgi.py` (true) and `manage.py` (false) files in enclosing
/// folders whose `DJANGO_SETTINGS_MODULE` names `path`.
fn entries_naming(path: &Path, sources: &dyn SourceProvider) -> Vec<(PathBuf, bool)> {
    let mut out = vec![];
    let Some(dir) = path.parent() else {
        return out;
    };
    for ancestor in dir.ancestors().take(ENTRY_LEVELS) {
        for (name, production) in [("wsgi.py", true), ("asgi.py", true), ("manage.py", false)] {
            let entry = ancestor.join(name);
            if !sources.exists(&entry) {
                continue;
            }
            let Ok(file) = sources.load(&entry) else {
                continue;
            };
            let Some(module) = settings_module_in(&file.text) else {
                continue;
            };
            if resolve_dotted(&entry, &module, sources).as_deref() == Some(path) {
                out.push((entry, production));
            }
        }
    }
    // Production entry points first.
    out.sort_by_key(|(_, production)| !*production);
    out
}

/// Python files in `path`'s folder that star-import it.
fn star_importers(path: &Path, sources: &dyn SourceProvider) -> Vec<PathBuf> {
    let Some(dir) = path.parent() else {
        return vec![];
    };
    let mut files: Vec<PathBuf> = sources
        .read_dir(dir)
        .into_iter()
        .filter(|e| !e.is_dir)
        .map(|e| e.path)
        .filter(|p| p.extension().is_some_and(|e| e == "py") && p != path)
        .collect();
    if files.len() > MAX_SIBLINGS {
        return vec![];
    }
    files.sort();
    files
        .into_iter()
        .filter(|f| may_star_import(f, sources))
        .filter(|f| star_imports(f, sources).iter().any(|t| t == path))
        .collect()
}

/// A cheap test on the saved file before parsing it: folders of plain
/// modules (an app with dozens of files) are not parsed just to find none.
fn may_star_import(path: &Path, sources: &dyn SourceProvider) -> bool {
    let Ok(text) = sources.read_text(path) else {
        return true;
    };
    let bytes = text.as_bytes();
    bytes.windows(6).enumerate().any(|(i, w)| {
        w == b"import"
            && bytes[i + 6..]
                .iter()
                .find(|b| !matches!(b, b' ' | b'\t' | b'\\' | b'\r' | b'\n' | b'('))
                == Some(&b'*')
    })
}

/// The files a module star-imports (`from .base import *`,
/// `from config.settings.base import *`), at module level or inside
/// `if`/`try` blocks.
pub fn star_imports(path: &Path, sources: &dyn SourceProvider) -> Vec<PathBuf> {
    let Ok(file) = sources.load(path) else {
        return vec![];
    };
    let text = file.text.as_bytes();
    let mut out = vec![];
    let mut stack: Vec<_> = file.tree.roots().collect();
    while let Some(n) = stack.pop() {
        match n.kind() {
            "import_from_statement" => {
                let mut c = n.walk();
                let wildcard = n
                    .named_children(&mut c)
                    .any(|k| k.kind() == "wildcard_import");
                let module = n
                    .child_by_field_id(crate::field!("module_name"))
                    .and_then(|m| m.utf8_text(text).ok());
                if let (true, Some(module)) = (wildcard, module) {
                    if let Some(target) = resolve_import(path, module, sources) {
                        out.push(target);
                    }
                }
            }
            "module" | "if_statement" | "try_statement" | "block" | "else_clause"
            | "except_clause" | "elif_clause" | "finally_clause" => {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
            _ => {}
        }
    }
    out
}

fn resolve_import(from: &Path, module: &str, sources: &dyn SourceProvider) -> Option<PathBuf> {
    let module: String = module.chars().filter(|c| !c.is_whitespace()).collect();
    let level = module.chars().take_while(|c| *c == '.').count();
    if level == 0 {
        return resolve_dotted(from, &module, sources);
    }
    let mut base = from.parent()?.to_path_buf();
    for _ in 1..level {
        base = base.parent()?.to_path_buf();
    }
    let name = &module[level..];
    if name.is_empty() {
        let init = base.join("__init__.py");
        return sources.exists(&init).then_some(init);
    }
    for part in name.split('.') {
        base.push(part);
    }
    let file = base.with_extension("py");
    if sources.exists(&file) {
        return Some(file);
    }
    let init = base.join("__init__.py");
    sources.exists(&init).then_some(init)
}

/// A module made only of imports, comments and docstrings.
fn only_imports(path: &Path, sources: &dyn SourceProvider) -> bool {
    let Ok(file) = sources.load(path) else {
        return true;
    };
    let only = file.tree.statements().all(|n| match n.kind() {
        "import_statement" | "import_from_statement" | "future_import_statement" | "comment" => {
            true
        }
        "expression_statement" => n.named_child(0).is_some_and(|e| e.kind() == "string"),
        _ => false,
    });
    only
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::source::DiskSources;

    fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn split_project_roles() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        write(
            d,
            "manage.py",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.local')\n",
        );
        write(d, "config/__init__.py", "");
        write(
            d,
            "config/wsgi.py",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\n",
        );
        write(d, "config/settings/__init__.py", "");
        let base = write(d, "config/settings/base.py", "DEBUG = True\n");
        let prod = write(d, "config/settings/production.py", "from .base import *\n");
        let local = write(
            d,
            "config/settings/local.py",
            "from .base import *\nDEBUG = True\n",
        );
        let staging = write(
            d,
            "config/settings/staging.py",
            "from config.settings.base import *\n",
        );
        let init = d.join("config/settings/__init__.py");
        let urls = write(d, "config/urls.py", "urlpatterns = []\n");
        let src = DiskSources::new();
        let cfg = Config::default();
        assert_eq!(
            classify(&prod, &cfg, &src),
            Role::Deploy(Why::NamedBy(d.join("config/wsgi.py")))
        );
        assert_eq!(classify(&local, &cfg, &src), Role::Development);
        assert_eq!(
            classify(&base, &cfg, &src),
            Role::Base {
                judges: vec![prod.clone(), staging.clone()]
            }
        );
        assert_eq!(
            classify(&staging, &cfg, &src),
            Role::Deploy(Why::LooksLikeSettings)
        );
        assert_eq!(classify(&init, &cfg, &src), Role::Other);
        assert_eq!(classify(&urls, &cfg, &src), Role::Other);

        // What the editor shows: a name and a reason naming files relative
        // to the workspace folder.
        let why = |p: &Path| {
            let role = classify(p, &cfg, &src);
            (role.name(), role.why(p, Some(d)))
        };
        assert_eq!(
            why(&prod),
            (
                "deploy",
                "checked as deploy settings: DJANGO_SETTINGS_MODULE in config/wsgi.py names it"
                    .into()
            )
        );
        assert_eq!(
            why(&base),
            (
                "base",
                "a base module: settings modules star-import or include() it, and the values \
                 it sets are checked as config/settings/production.py, \
                 config/settings/staging.py see them"
                    .into()
            )
        );
        assert_eq!(why(&local).0, "development");
        assert!(why(&local)
            .1
            .contains("\"local\" is a development module name"));
        assert_eq!(why(&staging).0, "deploy");
        assert!(why(&staging).1.contains("a module of a settings/ package"));
        assert_eq!(
            why(&init),
            (
                "other",
                "a settings package's __init__.py that only imports: not checked".into()
            )
        );
        assert_eq!(why(&urls).0, "other");
        assert!(why(&urls).1.starts_with("not a settings module"));
        // Outside the root, or without one: the whole path.
        let outside = classify(&prod, &cfg, &src).why(&prod, Some(Path::new("/elsewhere")));
        assert!(outside.contains(&d.join("config/wsgi.py").display().to_string()));

        let cfg = Config {
            development_modules: vec![],
            deploy_modules: vec!["settings/base.py".into()],
            ..Config::default()
        };
        assert_eq!(
            classify(&base, &cfg, &src),
            Role::Deploy(Why::Configured("settings/base.py".into()))
        );
        assert_eq!(
            classify(&local, &cfg, &src),
            Role::Deploy(Why::NamedBy(d.join("manage.py")))
        );
    }

    #[test]
    fn startproject_settings_named_by_wsgi() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        write(
            d,
            "manage.py",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
        );
        write(d, "mysite/__init__.py", "");
        write(
            d,
            "mysite/wsgi.py",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
        );
        let s = write(d, "mysite/settings.py", "DEBUG = True\n");
        let role = classify(&s, &Config::default(), &DiskSources::new());
        assert_eq!(role, Role::Deploy(Why::NamedBy(d.join("mysite/wsgi.py"))));
    }
}
