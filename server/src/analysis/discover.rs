//! The facts about files that decide which modules are deploy settings:
//! the module `DJANGO_SETTINGS_MODULE` names in `wsgi.py`/`asgi.py`/
//! `manage.py` (read statically), settings-looking file names, development
//! module names, and the Python files of a tree. `classify` decides a
//! file's role from them; `project::deploy_modules` finds a tree's.

use std::path::{Path, PathBuf};

use super::source::SourceProvider;

/// Module names that are development settings by default.
pub const DEV_MODULE_NAMES: &[&str] = &[
    "local",
    "dev",
    "development",
    "test",
    "tests",
    "ci",
    "testing",
];

const SKIP_DIRS: &[&str] = &[
    "node_modules",
    "__pycache__",
    "site-packages",
    "venv",
    "env",
    "target",
    "build",
    "dist",
];
const MAX_DEPTH: usize = 12;
const MAX_FILES: usize = 100_000;

/// The dotted module named by `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "...")`
/// (or an assignment to it) in a Python file's text.
pub fn settings_module_in(text: &str) -> Option<String> {
    let key = "DJANGO_SETTINGS_MODULE";
    let mut rest = text;
    while let Some(i) = rest.find(key) {
        let after = &rest[i + key.len()..];
        // Skip the closing quote of the key, then separators, then a literal.
        let after = after.trim_start_matches(['"', '\'']);
        let after = after.trim_start_matches(|c: char| {
            c.is_whitespace() || c == ',' || c == '=' || c == ']' || c == ':'
        });
        if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = &after[1..];
            if let Some(end) = body.find(q) {
                let m = &body[..end];
                if !m.is_empty()
                    && m.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-')
                {
                    return Some(m.to_string());
                }
            }
        }
        rest = &rest[i + key.len()..];
    }
    None
}

/// Finds the file of a dotted module, trying `from`'s folder and its ancestors
/// as `sys.path` roots (manage.py's folder is the usual one).
pub fn resolve_dotted(from: &Path, dotted: &str, sources: &dyn SourceProvider) -> Option<PathBuf> {
    let dir = from.parent()?;
    for root in dir.ancestors().take(6) {
        let mut p = root.to_path_buf();
        for part in dotted.split('.') {
            p.push(part);
        }
        let file = p.with_extension("py");
        if sources.is_file(&file) {
            return Some(file);
        }
        let init = p.join("__init__.py");
        if sources.is_file(&init) {
            return Some(init);
        }
    }
    None
}

/// Whether a file looks like a settings module by its path.
pub fn looks_like_settings(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if !name.ends_with(".py") {
        return false;
    }
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    name == "settings.py" || parent == "settings"
}

/// Whether a module is a development module by its name.
pub fn is_dev_module(path: &Path, dev_names: &[String]) -> bool {
    let stem = path.file_stem().and_then(|n| n.to_str()).unwrap_or("");
    let stem = if stem == "__init__" { "" } else { stem };
    dev_names
        .iter()
        .any(|d| d == stem || stem.starts_with(&format!("{d}_")))
}

fn walk(dir: &Path, sources: &dyn SourceProvider, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH || out.len() > MAX_FILES {
        return;
    }
    for e in sources.read_dir(dir) {
        let name = e
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Symlinked folders are listed as files: not followed, no loops.
        if e.is_dir {
            if name.starts_with('.') || SKIP_DIRS.contains(&name.as_str()) {
                continue;
            }
            walk(&e.path, sources, depth + 1, out);
        } else if name.ends_with(".py") {
            out.push(e.path);
        }
    }
}

/// Every Python file below `dir`, in name order, without hidden folders,
/// virtualenvs, build output or symlinked folders.
pub fn python_files(dir: &Path, sources: &dyn SourceProvider) -> Vec<PathBuf> {
    let mut files = vec![];
    walk(dir, sources, 0, &mut files);
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_module() {
        let t = "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"config.settings.production\")";
        assert_eq!(
            settings_module_in(t).as_deref(),
            Some("config.settings.production")
        );
        let t = "os.environ['DJANGO_SETTINGS_MODULE'] = 'demo.settings'";
        assert_eq!(settings_module_in(t).as_deref(), Some("demo.settings"));
        assert_eq!(settings_module_in("nothing"), None);
    }
}
