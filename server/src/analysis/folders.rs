//! The folders a settings module names that Django's checks look for on
//! disk (`os.path.isdir` of each STATICFILES_DIRS entry, staticfiles.W004),
//! read once when the module is evaluated, through the `SourceProvider`:
//! only inside the project, where the checker reads the same disk as the
//! project. A relative path is taken from the folder of `manage.py`, where
//! `manage.py check` is usually run (Django takes it from the working
//! directory); an absolute path outside the project is a deploy path
//! (`/srv/static`), which this machine's disk does not show.

use std::path::{Path, PathBuf};

use super::source::{lexical_normal, SourceProvider};

/// What the disk says of the folders the settings name.
#[derive(Debug, Clone, Default)]
pub struct Folders {
    pub project_root: PathBuf,
    pub manage_dir: Option<PathBuf>,
    /// Each folder looked up, lexically normal, and whether it is one.
    pub seen: Vec<(PathBuf, bool)>,
}

/// Where a path a setting names is, for the checker.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// Inside the project: `path` (absolute, lexically normal) was looked up.
    Project {
        path: PathBuf,
        from_manage_dir: bool,
    },
    /// An absolute path outside the project.
    Outside,
    /// A relative path with no `manage.py` to take it from.
    Relative,
}

impl Folders {
    pub fn place(&self, path: &str) -> Place {
        let p = Path::new(path);
        if p.is_absolute() {
            let normal = lexical_normal(p);
            if normal.starts_with(&self.project_root) {
                Place::Project {
                    path: normal,
                    from_manage_dir: false,
                }
            } else {
                Place::Outside
            }
        } else {
            match &self.manage_dir {
                Some(m) => Place::Project {
                    path: lexical_normal(&m.join(p)),
                    from_manage_dir: true,
                },
                None => Place::Relative,
            }
        }
    }

    /// Whether `path` (absolute, lexically normal) is a folder, when it
    /// was looked up.
    pub fn is_dir(&self, path: &Path) -> Option<bool> {
        self.seen.iter().find(|(p, _)| p == path).map(|(_, d)| *d)
    }

    /// Looks up each of `paths` (what STATICFILES_DIRS names) that is in
    /// the project.
    pub fn record(&mut self, paths: &[String], sources: &dyn SourceProvider) {
        for text in paths.iter().take(1000) {
            if let Place::Project { path, .. } = self.place(text) {
                if self.is_dir(&path).is_none() {
                    let is = sources.is_dir(&path);
                    self.seen.push((path, is));
                }
            }
        }
    }
}
