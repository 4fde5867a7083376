//! The project's installed packages, found by reading folders, never by
//! starting an interpreter (whose `.pth` files can run code): the
//! virtualenv `$VIRTUAL_ENV` names (as the editor or CI passes it), else a
//! `.venv/`, `venv/` or `env/` folder beside `manage.py` or at the project
//! root; its `lib/python3.*/site-packages` (`Lib/site-packages` on Windows).
//! The folders a `.pth` file lists are on the path too. A `.pth` file that
//! runs code (an `import` line: editable installs' finders) may add modules
//! the evaluator cannot see, so then "not installed" is never certain.

use std::path::{Path, PathBuf};

use super::source::{lexical_normal, SourceProvider};

/// The `.pth` files every virtualenv has whose code adds no module.
const HARMLESS_PTH: &[&str] = &["distutils-precedence.pth", "_virtualenv.pth"];

#[derive(Debug, Clone, PartialEq)]
pub struct SitePackages {
    /// The environment's folder (for messages).
    pub env: PathBuf,
    /// `site-packages` and the folders its `.pth` files list.
    pub roots: Vec<PathBuf>,
    /// Whether the roots are all there is: no `.pth` file runs code.
    pub complete: bool,
}

impl SitePackages {
    pub fn contains(&self, path: &Path) -> bool {
        self.roots.iter().any(|r| path.starts_with(r))
    }
}

/// The project's environment, looked for beside `manage.py` and at the
/// project root.
pub fn find(
    bases: &[&Path],
    virtual_env: Option<&Path>,
    sources: &dyn SourceProvider,
) -> Option<SitePackages> {
    let mut candidates: Vec<PathBuf> = virtual_env.into_iter().map(Path::to_path_buf).collect();
    for base in bases {
        for name in [".venv", "venv", "env"] {
            candidates.push(base.join(name));
        }
    }
    candidates
        .into_iter()
        .find_map(|env| read_env(&env, sources))
}

fn read_env(env: &Path, sources: &dyn SourceProvider) -> Option<SitePackages> {
    if !sources.is_dir(env) {
        return None;
    }
    let mut site = vec![];
    for entry in sources.read_dir(&env.join("lib")) {
        let is_python = entry
            .path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("python3"));
        let dir = entry.path.join("site-packages");
        if entry.is_dir && is_python && sources.is_dir(&dir) {
            site.push(dir);
        }
    }
    let windows = env.join("Lib").join("site-packages");
    if sources.is_dir(&windows) {
        site.push(windows);
    }
    if site.is_empty() {
        return None;
    }
    let mut roots = site.clone();
    let mut complete = true;
    for dir in &site {
        for entry in sources.read_dir(dir) {
            let name = entry
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if entry.is_dir || !name.ends_with(".pth") {
                continue;
            }
            let Ok(text) = sources.read_text(&entry.path) else {
                complete = false;
                continue;
            };
            for line in text.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if line.starts_with("import ") || line.starts_with("import\t") {
                    if !HARMLESS_PTH.contains(&name.as_str()) {
                        complete = false;
                    }
                    continue;
                }
                let listed = lexical_normal(&dir.join(line));
                if sources.is_dir(&listed) && !roots.contains(&listed) {
                    roots.push(listed);
                }
            }
        }
    }
    Some(SitePackages {
        env: env.to_path_buf(),
        roots,
        complete,
    })
}

/// Whether `dir` holds a compiled module `name` (`name.cpython-312-….so`,
/// `name.pyd`): installed, but not readable.
pub fn compiled_module(dir: &Path, name: &str, sources: &dyn SourceProvider) -> bool {
    sources.read_dir(dir).iter().any(|e| {
        let file = e.path.file_name().map(|n| n.to_string_lossy().into_owned());
        !e.is_dir
            && file.is_some_and(|f| {
                f.strip_prefix(name).is_some_and(|rest| {
                    rest.starts_with('.') && (rest.ends_with(".so") || rest.ends_with(".pyd"))
                })
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::source::MemorySources;

    #[test]
    fn a_venv_beside_manage_py_is_read_with_its_pth_folders() {
        let mut s = MemorySources::new();
        s.put("/p/manage.py", "");
        s.put("/p/.venv/pyvenv.cfg", "home = /usr/bin\n");
        s.put(
            "/p/.venv/lib/python3.12/site-packages/oscar/__init__.py",
            "",
        );
        s.put(
            "/p/.venv/lib/python3.12/site-packages/distutils-precedence.pth",
            "import os; var = 'SETUPTOOLS_USE_DISTUTILS'\n",
        );
        s.put(
            "/p/.venv/lib/python3.12/site-packages/extra.pth",
            "# a comment\n../../../../vendor\n",
        );
        s.put("/p/vendor/thing.py", "");
        let site = find(&[Path::new("/p")], None, &s).expect("found");
        assert_eq!(site.env, PathBuf::from("/p/.venv"));
        assert!(site.complete, "distutils-precedence.pth adds nothing");
        assert_eq!(site.roots.len(), 2, "{:?}", site.roots);
        s.put(
            "/p/.venv/lib/python3.12/site-packages/__editable__.app.pth",
            "import __editable___app_finder; __editable___app_finder.install()\n",
        );
        assert!(!find(&[Path::new("/p")], None, &s).unwrap().complete);
    }

    #[test]
    fn no_environment_is_none() {
        let mut s = MemorySources::new();
        s.put("/p/manage.py", "");
        assert_eq!(find(&[Path::new("/p")], None, &s), None);
    }
}
