//! The project as both front ends see it: each module's configuration (the
//! nearest `pyproject.toml`'s `[tool.django-settings-lsp]` table under the
//! front end's own layers), which findings that configuration shows and at
//! what severity, and the deploy modules of a tree. `check` and the
//! language server read a project through these functions only, so the
//! same project with the same configuration gets the same findings from
//! both.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::checks::Severity;
use super::classify::{classify, Role};
use super::config::{find_project_config, Config, ConfigLayer, Level};
use super::discover::{looks_like_settings, python_files, resolve_dotted, settings_module_in};
use super::django_version::{detect, ProjectVersion};
use super::glob::matches_path;
use super::report::Finding;
use super::site_packages;
use super::source::SourceProvider;

/// The `pyproject.toml` layers found so far, per folder of a module (the
/// search goes upwards from there, so one answer serves a whole folder).
#[derive(Default)]
pub struct ProjectLayers {
    by_dir: HashMap<PathBuf, Option<(PathBuf, ConfigLayer, Vec<String>)>>,
}

impl ProjectLayers {
    /// The layer from the nearest `pyproject.toml` above `module` with our
    /// table (default when none), and on first sight its file and warnings.
    pub fn layer(
        &mut self,
        module: &Path,
        sources: &dyn SourceProvider,
    ) -> (ConfigLayer, Option<(PathBuf, Vec<String>)>) {
        let dir = module.parent().unwrap_or(Path::new("")).to_path_buf();
        if let Some(found) = self.by_dir.get(&dir) {
            let layer = found.as_ref().map(|f| f.1.clone()).unwrap_or_default();
            return (layer, None);
        }
        let found = find_project_config(module, sources).map(|p| (p.path, p.layer, p.warnings));
        let news = found.as_ref().map(|f| (f.0.clone(), f.2.clone()));
        let layer = found.as_ref().map(|f| f.1.clone()).unwrap_or_default();
        self.by_dir.insert(dir, found);
        (layer, news)
    }

    /// A module's configuration: its project layer, then the front end's
    /// layers in order of increasing precedence.
    pub fn config(
        &mut self,
        module: &Path,
        sources: &dyn SourceProvider,
        front_end: &[&ConfigLayer],
    ) -> Config {
        let (project, _) = self.layer(module, sources);
        Config::layered(std::iter::once(&project).chain(front_end.iter().copied()))
    }

    /// Forgets what was read (a `pyproject.toml` changed).
    pub fn clear(&mut self) {
        self.by_dir.clear();
    }
}

/// The Django release of the project in `dir` (what `explain` speaks of):
/// as a module there would be judged, by its configuration's
/// `django-version`, its virtualenv, its dependency files, else the newest.
pub fn folder_version(dir: &Path, sources: &dyn SourceProvider) -> ProjectVersion {
    // A module in the folder stands for the project's.
    let here = dir.join("manage.py");
    let configured = find_project_config(&here, sources).and_then(|c| c.layer.django_version);
    let virtual_env = std::env::var_os("VIRTUAL_ENV").map(PathBuf::from);
    let site = site_packages::find(&[dir], virtual_env.as_deref(), sources);
    detect(&here, site.as_ref(), configured.as_ref(), sources)
}

/// The severity `config` shows a finding at, `None` when it hides it.
/// Information and hints are notes: shown, but they fail no run.
pub fn shown_severity(config: &Config, f: &Finding) -> Option<Severity> {
    match config.level(&f.code, f.severity) {
        Level::Off => None,
        Level::Error => Some(Severity::Error),
        Level::Warning => Some(Severity::Warning),
        Level::Information | Level::Hint => Some(Severity::Info),
    }
}

/// The deploy settings modules below `dir`: every Python file the editor
/// would check there (`classify` gives it the deploy role), each under its
/// own configuration. Only files that can be deploy modules are classified:
/// those a `deploy-modules` glob matches, those `DJANGO_SETTINGS_MODULE`
/// names in a `wsgi.py`, `asgi.py` or `manage.py`, and settings-looking
/// files.
pub fn deploy_modules(
    dir: &Path,
    config_of: &mut dyn FnMut(&Path) -> Config,
    sources: &dyn SourceProvider,
) -> Vec<PathBuf> {
    let files = python_files(dir, sources);
    let mut named = vec![];
    for f in &files {
        let entry = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !matches!(entry, "wsgi.py" | "asgi.py" | "manage.py") {
            continue;
        }
        let Ok(text) = sources.read_text(f) else {
            continue;
        };
        if let Some(p) = settings_module_in(&text).and_then(|m| resolve_dotted(f, &m, sources)) {
            named.push(p);
        }
    }
    let mut out = vec![];
    for f in files {
        let config = config_of(&f);
        let candidate = named.contains(&f)
            || looks_like_settings(&f)
            || config.deploy_modules.iter().any(|g| matches_path(g, &f));
        if candidate && matches!(classify(&f, &config, sources), Role::Deploy(_)) {
            out.push(f);
        }
    }
    out
}
