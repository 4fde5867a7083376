//! The Django release a project runs, and why we think so: the checks,
//! defaults, load rules, messages and documentation links all follow it.
//! In order, the first that says something wins:
//!
//! 1. the configuration (`django-version`, `--django-version`);
//! 2. the Django installed in the project's virtualenv: the `VERSION`
//!    tuple of its `django/__init__.py` (read, never imported), else the
//!    name of its `Django-X.Y.Z.dist-info` (or `.egg-info`) folder;
//! 3. the project's dependency declarations, from the entry module's
//!    folder upwards, nearest folder first, through the repository root
//!    (the folder holding `.git`) or at most six folders above the
//!    first; in one folder, lock files first (`uv.lock`,
//!    `poetry.lock`, `Pipfile.lock`), then `pyproject.toml`, `Pipfile`,
//!    the requirements files, `setup.cfg`, `setup.py`;
//! 4. else the newest supported release, with a note saying so.
//!
//! A declaration allowing several releases (`Django>=4.2`) picks the
//! newest supported series some release of it satisfies (a series `X.Y`
//! is judged by its releases `X.Y.0` … `X.Y.999`; pre-releases are not
//! reasoned about); `Django` alone allows every release. A declaration
//! (or an installed release) no supported series satisfies (`==3.2.25`,
//! `==5.1.*`) still counts, as what the project says: the analysis
//! follows the newest supported series not newer than the highest release
//! it allows (5.1 → 4.2, 7.0 → 6.1), else the oldest supported series
//! (3.2 → 4.2), and `why` says so. A declaration no release satisfies at
//! all (`>=5.0,<4.0`) says nothing.

mod declarations;
mod requirements;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::analysis::site_packages::SitePackages;
use crate::analysis::source::SourceProvider;
use requirements::{django_requirement, release_of, Spec};

/// The folders above the entry module's searched for declarations, when
/// no repository root is met first.
const MAX_FOLDERS_ABOVE: usize = 6;

/// Dependency files bigger than this are not read: no real one is.
const MAX_DECLARATION_BYTES: usize = 2 * 1024 * 1024;

/// A Django release, `major.minor`: what `check --deploy` prints, the
/// defaults and the load rules differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DjangoVersion {
    pub major: u8,
    pub minor: u8,
}

impl DjangoVersion {
    pub const V4_2: DjangoVersion = DjangoVersion { major: 4, minor: 2 };
    pub const V5_2: DjangoVersion = DjangoVersion { major: 5, minor: 2 };
    pub const V6_0: DjangoVersion = DjangoVersion { major: 6, minor: 0 };
    pub const V6_1: DjangoVersion = DjangoVersion { major: 6, minor: 1 };
    /// The releases the tests run real Django for.
    pub const SUPPORTED: [DjangoVersion; 4] = [Self::V4_2, Self::V5_2, Self::V6_0, Self::V6_1];
    /// The release a project is judged by when nothing says which it runs.
    pub const NEWEST: DjangoVersion = Self::V6_1;

    /// The root of this release's documentation.
    pub fn docs_root(self) -> String {
        format!(
            "https://docs.djangoproject.com/en/{}.{}/",
            self.major, self.minor
        )
    }
}

impl std::fmt::Display for DjangoVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The release a module is judged by, and where that came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectVersion {
    pub version: DjangoVersion,
    pub source: VersionSource,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VersionSource {
    /// The configuration said so: `by` names where (`--django-version`,
    /// `pyproject.toml`, the editor's settings).
    Configured { by: String },
    /// The Django installed in the project's environment: its
    /// `django/__init__.py` (else its `Django-5.2.19.dist-info` folder)
    /// and the release it declares (`5.2.19`, `6.1.0a1`).
    Installed { file: PathBuf, release: String },
    /// A dependency declaration: the file and the requirement it holds
    /// (`Django>=4.2,<5.0`, a lock file's `5.2.19`).
    Declared { file: PathBuf, requirement: String },
    /// Nothing said which: the newest supported release.
    Default,
}

impl ProjectVersion {
    /// The newest supported release, when nothing says which one.
    pub fn default_release() -> ProjectVersion {
        ProjectVersion {
            version: DjangoVersion::NEWEST,
            source: VersionSource::Default,
        }
    }

    /// The release a configuration names.
    pub fn configured(version: DjangoVersion, by: &str) -> ProjectVersion {
        ProjectVersion {
            version,
            source: VersionSource::Configured { by: by.to_string() },
        }
    }

    /// "Django 5.2, installed in …" — for hover, `explain` and the notes.
    pub fn why(&self) -> String {
        let v = self.version;
        match &self.source {
            VersionSource::Configured { by } => format!("Django {v}, as {by} says"),
            VersionSource::Installed { file, release } => {
                let installed = format!(
                    "{release} is installed in the project's environment ({})",
                    file.display()
                );
                match release_of(release).map(|r| Spec::exact(&r)) {
                    Some(spec) if !spec.allows(v) => format!(
                        "Django {v}: {installed}, a release this analysis does not support (supported: {}), so it follows {v}, {}",
                        supported_list(),
                        instead(v, &spec)
                    ),
                    _ => format!("Django {v}: {installed}"),
                }
            }
            VersionSource::Declared { file, requirement } => {
                declared_why(v, &file.display().to_string(), requirement)
            }
            VersionSource::Default => format!(
                "Django {v}, the newest supported release: nothing in the project says which release it runs (set django-version in [tool.django-settings-lsp] to choose)"
            ),
        }
    }

    /// Whether the release was chosen for lack of anything saying which.
    pub fn is_default(&self) -> bool {
        self.source == VersionSource::Default
    }
}

/// A release as the configuration writes it: `5.2`, `6.1`, or a full
/// release (`5.2.19`) whose series is taken. Only supported series.
pub fn parse_configured(text: &str) -> Result<DjangoVersion, String> {
    let t = text.trim();
    let mut parts = t.split('.');
    let major = parts.next().and_then(|p| p.parse::<u8>().ok());
    let minor = parts.next().and_then(|p| p.parse::<u8>().ok());
    let supported = supported_list();
    match (major, minor) {
        (Some(major), Some(minor)) => {
            let v = DjangoVersion { major, minor };
            if DjangoVersion::SUPPORTED.contains(&v) {
                Ok(v)
            } else {
                Err(format!(
                    "Django {v} is not a supported release (supported: {supported})"
                ))
            }
        }
        _ => Err(format!(
            "{t:?} is not a Django release: write major.minor, one of {supported}"
        )),
    }
}

/// Why the analysis follows `v` for a spec that allows no supported series.
fn instead(v: DjangoVersion, spec: &Spec) -> &'static str {
    let highest = spec.highest_series();
    if highest.is_some_and(|h| (u32::from(v.major), u32::from(v.minor)) <= h) {
        "the newest supported release older than that"
    } else {
        "the oldest supported release"
    }
}

/// `why` for a declaration: a lock file's release is pinned, a range
/// picked its newest supported series, an unsupported release was replaced.
fn declared_why(v: DjangoVersion, file: &str, requirement: &str) -> String {
    let pinned = requirement.starts_with(|c: char| c.is_ascii_digit());
    let spec = if pinned {
        release_of(requirement).map(|r| Spec::exact(&r))
    } else {
        django_requirement(requirement)
    };
    let says = if pinned {
        format!("{file} pins Django {requirement}")
    } else {
        format!("{file} requires {requirement}")
    };
    match spec {
        Some(spec) if !spec.allows(v) => format!(
            "Django {v}: {says}, which no supported release satisfies (supported: {}), so the analysis follows {v}, {}",
            supported_list(),
            instead(v, &spec)
        ),
        Some(spec) if spec.supported_allowed().len() > 1 => {
            format!("Django {v}: {says}, and {v} is the newest supported release it allows")
        }
        _ => format!("Django {v}: {says}"),
    }
}

/// "4.2, 5.2, 6.0, 6.1".
fn supported_list() -> String {
    DjangoVersion::SUPPORTED
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The project's release: `configured` when given, else the Django
/// installed in `site`, else what the dependency files from `entry`'s
/// folder upwards declare, else the newest release (the module's
/// documentation gives the rules).
pub fn detect(
    entry: &Path,
    site: Option<&SitePackages>,
    configured: Option<&ProjectVersion>,
    sources: &dyn SourceProvider,
) -> ProjectVersion {
    if let Some(c) = configured {
        return c.clone();
    }
    site.and_then(|site| installed(site, sources))
        .or_else(|| declared(entry, sources))
        .unwrap_or_else(ProjectVersion::default_release)
}

/// The text of a file, unless it is missing, unreadable, not UTF-8 or
/// bigger than any dependency file is.
fn read_capped(sources: &dyn SourceProvider, file: &Path) -> Option<String> {
    let text = sources.read_text(file).ok()?;
    (text.len() <= MAX_DECLARATION_BYTES).then_some(text)
}

/// The Django in the first of the environment's folders that holds one.
fn installed(site: &SitePackages, sources: &dyn SourceProvider) -> Option<ProjectVersion> {
    site.roots.iter().find_map(|root| {
        let init = root.join("django").join("__init__.py");
        let (file, (numbers, release)) = read_capped(sources, &init)
            .and_then(|text| version_tuple(&text))
            .map(|found| (init, found))
            .or_else(|| distribution_folder(root, sources))?;
        Some(ProjectVersion {
            version: Spec::exact(&numbers).choose()?,
            source: VersionSource::Installed { file, release },
        })
    })
}

/// Django's `VERSION = (5, 2, 19, "final", 0)`: its numbers and the
/// release as shown, `5.2.19`, or `6.1.0a0` for a pre-release.
fn version_tuple(text: &str) -> Option<(Vec<u32>, String)> {
    text.lines().find_map(|line| {
        let value = line
            .strip_prefix("VERSION")?
            .trim_start()
            .strip_prefix('=')?;
        let inner = value.trim_start().strip_prefix('(')?.split(')').next()?;
        let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
        let number = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
        let (major, minor) = (number(0)?, number(1)?);
        let micro = number(2).unwrap_or(0);
        let level = parts
            .get(3)
            .map(|p| p.trim_matches(['"', '\'']))
            .unwrap_or("final");
        let tag = match level {
            "alpha" => "a",
            "beta" => "b",
            "rc" => "rc",
            _ => "",
        };
        let mut release = format!("{major}.{minor}.{micro}");
        if !tag.is_empty() {
            release.push_str(&format!("{tag}{}", number(4).unwrap_or(0)));
        }
        Some((vec![major, minor, micro], release))
    })
}

/// The release a `Django-5.2.19.dist-info` (or `.egg-info`) folder names,
/// for an environment whose `django/__init__.py` cannot be read.
fn distribution_folder(
    root: &Path,
    sources: &dyn SourceProvider,
) -> Option<(PathBuf, (Vec<u32>, String))> {
    sources.read_dir(root).into_iter().find_map(|entry| {
        let name = entry.path.file_name()?.to_str()?;
        let stem = name
            .strip_suffix(".dist-info")
            .or_else(|| name.strip_suffix(".egg-info"))?;
        let (distribution, version) = stem.split_once('-')?;
        let version = version.split('-').next()?;
        if !entry.is_dir || !requirements::is_django(distribution) {
            return None;
        }
        let numbers = release_of(version)?;
        Some((entry.path.clone(), (numbers, version.to_string())))
    })
}

/// The nearest declaration, from the entry module's folder upwards.
fn declared(entry: &Path, sources: &dyn SourceProvider) -> Option<ProjectVersion> {
    let start = if sources.is_dir(entry) {
        entry
    } else {
        entry.parent()?
    };
    let mut visited = HashSet::new();
    for dir in start.ancestors().take(MAX_FOLDERS_ABOVE + 1) {
        if let Some(found) = declarations::in_folder(dir, sources, &mut visited) {
            return Some(ProjectVersion {
                version: found.version,
                source: VersionSource::Declared {
                    file: found.file,
                    requirement: found.requirement,
                },
            });
        }
        let git = dir.join(".git");
        if sources.is_dir(&git) || sources.is_file(&git) {
            break;
        }
    }
    None
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::source::MemorySources;

    const SITE: &str = "/p/.venv/lib/python3.12/site-packages";

    fn sources(files: &[(&str, &str)]) -> MemorySources {
        let mut sources = MemorySources::new();
        sources.put("/p/.git/HEAD", "ref: refs/heads/main\n");
        sources.put("/p/manage.py", "import os\n");
        for (path, text) in files {
            sources.put(*path, text);
        }
        sources
    }

    fn site() -> SitePackages {
        SitePackages {
            env: PathBuf::from("/p/.venv"),
            roots: vec![PathBuf::from(SITE)],
            complete: true,
        }
    }

    /// What `detect` says for a project of these files, with its
    /// environment, from `/p/manage.py`.
    fn detected(files: &[(&str, &str)]) -> ProjectVersion {
        detect_from("/p/manage.py", files)
    }

    fn detect_from(entry: &str, files: &[(&str, &str)]) -> ProjectVersion {
        detect(Path::new(entry), Some(&site()), None, &sources(files))
    }

    fn declared(version: DjangoVersion, file: &str, requirement: &str) -> ProjectVersion {
        ProjectVersion {
            version,
            source: VersionSource::Declared {
                file: PathBuf::from(file),
                requirement: requirement.to_string(),
            },
        }
    }

    fn init_py(version: &str) -> String {
        format!("from django.utils.version import get_version\n\nVERSION = {version}\n\n__version__ = get_version(VERSION)\n")
    }

    #[test]
    fn a_configured_release_is_a_supported_series() {
        assert_eq!(parse_configured("5.2"), Ok(DjangoVersion::V5_2));
        assert_eq!(parse_configured(" 6.1.3 "), Ok(DjangoVersion::V6_1));
        assert!(parse_configured("3.2")
            .unwrap_err()
            .contains("not a supported"));
        assert!(parse_configured("five")
            .unwrap_err()
            .contains("major.minor"));
    }

    #[test]
    fn the_configuration_comes_first() {
        let configured = ProjectVersion::configured(DjangoVersion::V4_2, "--django-version");
        let files = sources(&[("/p/requirements.txt", "Django==5.2.1\n")]);
        let found = detect(
            Path::new("/p/manage.py"),
            Some(&site()),
            Some(&configured),
            &files,
        );
        assert_eq!(found, configured);
    }

    #[test]
    fn the_installed_django_says_its_release() {
        let init = format!("{SITE}/django/__init__.py");
        let found = detected(&[(&init, &init_py("(5, 2, 19, \"final\", 0)"))]);
        assert_eq!(
            found,
            ProjectVersion {
                version: DjangoVersion::V5_2,
                source: VersionSource::Installed {
                    file: PathBuf::from(&init),
                    release: "5.2.19".to_string(),
                },
            }
        );
        assert_eq!(
            found.why(),
            format!("Django 5.2: 5.2.19 is installed in the project's environment ({init})")
        );
        let alpha = detected(&[(&init, &init_py("(6, 1, 0, 'alpha', 0)"))]);
        assert_eq!(alpha.version, DjangoVersion::V6_1);
        assert!(
            matches!(alpha.source, VersionSource::Installed { ref release, .. } if release == "6.1.0a0")
        );
        let rc = detected(&[(&init, &init_py("(6, 0, 0, \"rc\", 2)"))]);
        assert!(rc.why().starts_with("Django 6.0: 6.0.0rc2 is installed"));
    }

    #[test]
    fn a_dist_info_folder_names_the_release_when_init_cannot_be_read() {
        let found = detected(&[
            (
                &format!("{SITE}/django_environ-0.11.2.dist-info/METADATA"),
                "",
            ),
            (&format!("{SITE}/Django-4.2.11.dist-info/METADATA"), ""),
            (&format!("{SITE}/django/__init__.py"), "# no VERSION here\n"),
        ]);
        assert_eq!(found.version, DjangoVersion::V4_2);
        assert_eq!(
            found.source,
            VersionSource::Installed {
                file: PathBuf::from(format!("{SITE}/Django-4.2.11.dist-info")),
                release: "4.2.11".to_string(),
            }
        );
    }

    #[test]
    fn an_unsupported_installed_release_follows_the_nearest_supported_one() {
        let init = format!("{SITE}/django/__init__.py");
        let found = detected(&[(&init, &init_py("(5, 1, 4, \"final\", 0)"))]);
        assert_eq!(found.version, DjangoVersion::V4_2);
        let why = found.why();
        assert!(why.contains("5.1.4 is installed"), "{why}");
        assert!(why.contains("does not support"), "{why}");
        assert!(
            why.contains("follows 4.2, the newest supported release older than that"),
            "{why}"
        );
        let old = detected(&[(&init, &init_py("(3, 2, 25, \"final\", 0)"))]);
        assert_eq!(old.version, DjangoVersion::V4_2);
        assert!(old
            .why()
            .contains("follows 4.2, the oldest supported release"));
        let future = detected(&[(&init, &init_py("(7, 0, 0, \"final\", 0)"))]);
        assert_eq!(future.version, DjangoVersion::V6_1);
    }

    #[test]
    fn lock_files_pin_a_release() {
        let uv = "version = 1\n[[package]]\nname = \"asgiref\"\nversion = \"3.8.1\"\n\n[[package]]\nname = \"django\"\nversion = \"5.2.19\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
        let found = detected(&[("/p/uv.lock", uv)]);
        assert_eq!(found, declared(DjangoVersion::V5_2, "/p/uv.lock", "5.2.19"));
        assert_eq!(found.why(), "Django 5.2: /p/uv.lock pins Django 5.2.19");

        let poetry = "[[package]]\nname = \"Django\"\nversion = \"4.2.16\"\ndescription = \"…\"\n\n[metadata]\nlock-version = \"2.0\"\n";
        let found = detected(&[("/p/poetry.lock", poetry)]);
        assert_eq!(
            found,
            declared(DjangoVersion::V4_2, "/p/poetry.lock", "4.2.16")
        );

        let pipfile = r#"{"_meta": {"hash": {}}, "default": {"asgiref": {"version": "==3.8.1"}, "django": {"hashes": ["sha256:x"], "index": "pypi", "version": "==6.0.2"}}, "develop": {}}"#;
        let found = detected(&[("/p/Pipfile.lock", pipfile)]);
        assert_eq!(
            found,
            declared(DjangoVersion::V6_0, "/p/Pipfile.lock", "6.0.2")
        );

        // Resolved per environment: the newest counts.
        let forked = "[[package]]\nname = \"django\"\nversion = \"4.2.20\"\n[[package]]\nname = \"django\"\nversion = \"5.2.3\"\n";
        assert_eq!(
            detected(&[("/p/uv.lock", forked)]).version,
            DjangoVersion::V5_2
        );
    }

    #[test]
    fn requirements_files_with_includes_extras_markers_comments_and_hashes() {
        let found = detected(&[
            (
                "/p/requirements.txt",
                "# production\n-r requirements/base.txt\ngunicorn==23.0  # server\n",
            ),
            (
                "/p/requirements/base.txt",
                "--index-url https://pypi.org/simple\n-e ./vendor/thing\ndjango-environ==0.11.2\ndjangorestframework>=3.15\n-r common.txt\n",
            ),
            (
                "/p/requirements/common.txt",
                "-r base.txt\nDjango[argon2]>=4.2,<5.0 ; python_version >= \"3.10\" \\\n    --hash=sha256:0123 \\\n    --hash=sha256:4567  # the framework\n",
            ),
        ]);
        assert_eq!(
            found,
            declared(
                DjangoVersion::V4_2,
                "/p/requirements/common.txt",
                "Django[argon2]>=4.2,<5.0 ; python_version >= \"3.10\""
            )
        );
        assert_eq!(
            found.why(),
            "Django 4.2: /p/requirements/common.txt requires Django[argon2]>=4.2,<5.0 ; python_version >= \"3.10\""
        );
    }

    #[test]
    fn requirements_folders_and_names() {
        let found = detected(&[
            ("/p/requirements/dev.txt", "-r prod.txt\npytest\n"),
            ("/p/requirements/prod.txt", "Django~=5.2.0\n"),
            ("/p/requirements/prod.in", "Django\n"),
        ]);
        assert_eq!(
            found,
            declared(
                DjangoVersion::V5_2,
                "/p/requirements/prod.txt",
                "Django~=5.2.0"
            )
        );
        // requirements.txt before requirements-dev.txt, compiled .txt before .in.
        let found = detected(&[
            ("/p/requirements-dev.txt", "Django==4.2.1\n"),
            ("/p/requirements.in", "Django>=4.2\n"),
            ("/p/requirements.txt", "django==6.0.1\n"),
        ]);
        assert_eq!(
            found,
            declared(DjangoVersion::V6_0, "/p/requirements.txt", "django==6.0.1")
        );
        let unpinned = detected(&[("/p/requirements.in", "Django\n")]);
        assert_eq!(
            unpinned,
            declared(DjangoVersion::V6_1, "/p/requirements.in", "Django")
        );
        let constraint = detected(&[
            ("/p/requirements.txt", "-c constraints.txt\nDjango\n"),
            ("/p/constraints.txt", "Django==5.2.4\n"),
        ]);
        assert_eq!(
            constraint,
            declared(DjangoVersion::V5_2, "/p/constraints.txt", "Django==5.2.4")
        );
    }

    #[test]
    fn pyproject_pep_621_dependency_groups_and_poetry() {
        let pep621 =
            "[project]\nname = \"site\"\ndependencies = [\"django-environ\", \"Django>=4.2\"]\n";
        assert_eq!(
            detected(&[("/p/pyproject.toml", pep621)]),
            declared(DjangoVersion::V6_1, "/p/pyproject.toml", "Django>=4.2")
        );
        let optional = "[project]\ndependencies = []\n[project.optional-dependencies]\nweb = [\"Django==6.0.*\"]\n";
        assert_eq!(
            detected(&[("/p/pyproject.toml", optional)]).version,
            DjangoVersion::V6_0
        );
        let groups =
            "[dependency-groups]\ndev = [{include-group = \"test\"}, \"django!=5.2.*,<6.1\"]\n";
        assert_eq!(
            detected(&[("/p/pyproject.toml", groups)]).version,
            DjangoVersion::V6_0
        );

        let caret = "[tool.poetry.dependencies]\npython = \"^3.12\"\ndjango = \"^5.2\"\n";
        let found = detected(&[("/p/pyproject.toml", caret)]);
        assert_eq!(
            found,
            declared(DjangoVersion::V5_2, "/p/pyproject.toml", "django ^5.2")
        );
        let tilde =
            "[tool.poetry.dependencies]\nDjango = { version = \"~4.2\", extras = [\"argon2\"] }\n";
        assert_eq!(
            detected(&[("/p/pyproject.toml", tilde)]),
            declared(DjangoVersion::V4_2, "/p/pyproject.toml", "Django ~4.2")
        );
        let group = "[tool.poetry.group.web.dependencies]\ndjango = \">=4.2,<6.0\"\n";
        assert_eq!(
            detected(&[("/p/pyproject.toml", group)]).version,
            DjangoVersion::V5_2
        );
        let pipfile = "[packages]\ndjango = \"~=6.0\"\n";
        assert_eq!(
            detected(&[("/p/Pipfile", pipfile)]),
            declared(DjangoVersion::V6_1, "/p/Pipfile", "django ~=6.0")
        );
    }

    #[test]
    fn setup_cfg_and_setup_py() {
        let cfg = "[metadata]\nname = site\n\n[options]\npython_requires = >=3.10\ninstall_requires =\n    django-environ\n    # the framework\n    Django>=5.2,<6.0\n\n[options.extras_require]\nnext = Django>=6.0\n";
        assert_eq!(
            detected(&[("/p/setup.cfg", cfg)]),
            declared(DjangoVersion::V5_2, "/p/setup.cfg", "Django>=5.2,<6.0")
        );
        let extras = "[options.extras_require]\nweb =\n    Django==4.2.9\n";
        assert_eq!(
            detected(&[("/p/setup.cfg", extras)]).version,
            DjangoVersion::V4_2
        );

        let py = "from setuptools import setup\n\nsetup(\n    name=\"django\",\n    packages=['django'],\n    install_requires=[\n        'django-environ>=0.11',\n        \"Django>=4.2,<6.0\",  # don't upgrade yet\n    ],\n)\n";
        assert_eq!(
            detected(&[("/p/setup.py", py)]),
            declared(DjangoVersion::V5_2, "/p/setup.py", "Django>=4.2,<6.0")
        );
        assert!(detected(&[("/p/setup.py", "setup(name='django')\n")]).is_default());
    }

    #[test]
    fn the_installed_release_beats_a_lock_which_beats_a_declaration() {
        let init = format!("{SITE}/django/__init__.py");
        let lock = "[[package]]\nname = \"django\"\nversion = \"5.2.1\"\n";
        let all = [
            (init.as_str(), init_py("(4, 2, 20, \"final\", 0)")),
            ("/p/uv.lock", lock.to_string()),
            (
                "/p/pyproject.toml",
                "[project]\ndependencies = [\"Django>=6.0\"]\n".to_string(),
            ),
        ];
        let files: Vec<(&str, &str)> = all.iter().map(|(p, t)| (*p, t.as_str())).collect();
        assert_eq!(detected(&files).version, DjangoVersion::V4_2);
        assert_eq!(detected(&files[1..]).version, DjangoVersion::V5_2);
        assert_eq!(detected(&files[2..]).version, DjangoVersion::V6_1);
        // Without an environment, the declarations.
        let no_site = detect(Path::new("/p/manage.py"), None, None, &sources(&files));
        assert_eq!(no_site.version, DjangoVersion::V5_2);
    }

    #[test]
    fn the_nearest_folder_comes_first_up_to_the_repository_root() {
        let files = [
            ("/p/src/site/config/settings.py", "DEBUG = False\n"),
            ("/p/src/site/requirements.txt", "Django==6.0.3\n"),
            (
                "/p/uv.lock",
                "[[package]]\nname = \"django\"\nversion = \"4.2.1\"\n",
            ),
        ];
        let nearest = detect_from("/p/src/site/config/settings.py", &files);
        assert_eq!(
            nearest,
            declared(
                DjangoVersion::V6_0,
                "/p/src/site/requirements.txt",
                "Django==6.0.3"
            )
        );
        // A folder that says nothing of Django is passed for its parent's.
        let files = [
            ("/p/src/site/config/settings.py", "DEBUG = False\n"),
            (
                "/p/src/site/pyproject.toml",
                "[project]\ndependencies = [\"django-environ\"]\n",
            ),
            (
                "/p/uv.lock",
                "[[package]]\nname = \"django\"\nversion = \"4.2.1\"\n",
            ),
        ];
        let up = detect_from("/p/src/site/config/settings.py", &files);
        assert_eq!(up, declared(DjangoVersion::V4_2, "/p/uv.lock", "4.2.1"));
        // Nothing above the repository root counts.
        let mut above = sources(&[("/requirements.txt", "Django==4.2.1\n")]);
        above.put("/p/sub/manage.py", "");
        assert!(detect(Path::new("/p/sub/manage.py"), None, None, &above).is_default());
        // Without a repository root, at most six folders above the first.
        let mut deep = MemorySources::new();
        deep.put("/a/requirements.txt", "Django==4.2.1\n");
        deep.put("/a/1/2/3/4/5/6/manage.py", "");
        deep.put("/a/1/2/3/4/5/6/7/manage.py", "");
        let six = detect(Path::new("/a/1/2/3/4/5/6/manage.py"), None, None, &deep);
        assert_eq!(six.version, DjangoVersion::V4_2);
        assert!(detect(Path::new("/a/1/2/3/4/5/6/7/manage.py"), None, None, &deep).is_default());
    }

    #[test]
    fn an_unsupported_declared_release_says_which_is_used_instead() {
        let old = detected(&[("/p/requirements.txt", "Django==3.2.25\n")]);
        assert_eq!(
            old,
            declared(DjangoVersion::V4_2, "/p/requirements.txt", "Django==3.2.25")
        );
        assert_eq!(
            old.why(),
            "Django 4.2: /p/requirements.txt requires Django==3.2.25, which no supported release satisfies (supported: 4.2, 5.2, 6.0, 6.1), so the analysis follows 4.2, the oldest supported release"
        );
        let between = detected(&[("/p/requirements.txt", "Django==5.1.4\n")]);
        assert_eq!(between.version, DjangoVersion::V4_2);
        assert!(between.why().ends_with(
            "so the analysis follows 4.2, the newest supported release older than that"
        ));
        let locked = detected(&[(
            "/p/uv.lock",
            "[[package]]\nname = \"django\"\nversion = \"5.1.4\"\n",
        )]);
        assert_eq!(locked.version, DjangoVersion::V4_2);
        assert!(locked
            .why()
            .contains("pins Django 5.1.4, which no supported release satisfies"));
        let range = detected(&[("/p/requirements.txt", "Django>=4.2\n")]);
        assert_eq!(
            range.why(),
            "Django 6.1: /p/requirements.txt requires Django>=4.2, and 6.1 is the newest supported release it allows"
        );
    }

    #[test]
    fn nothing_said_is_the_default() {
        let found = detected(&[("/p/requirements.txt", "django-environ\n# Django==4.2\n")]);
        assert_eq!(found, ProjectVersion::default_release());
        assert!(found.is_default());
        assert!(found.why().contains("nothing in the project says"));
        let bare = detect(Path::new("manage.py"), None, None, &MemorySources::new());
        assert!(bare.is_default());
    }

    #[test]
    fn unreadable_huge_and_contradictory_files_are_passed_over() {
        // One long comment: MemorySources parses it quickly as Python.
        let huge = format!("Django==4.2.1\n#{}\n", "x".repeat(MAX_DECLARATION_BYTES));
        let found = detected(&[
            ("/p/uv.lock", "[[package]\nname = django"),
            ("/p/poetry.lock", "\u{0}\u{1}\u{2}"),
            ("/p/Pipfile.lock", "{\"default\": "),
            (
                "/p/pyproject.toml",
                "[project]\ndependencies = [\"Django>=5.0,<4.0\"]\n",
            ),
            ("/p/requirements.txt", &huge),
            ("/p/requirements/a.txt", "-r a.txt\n-r b.txt\n"),
            (
                "/p/requirements/b.txt",
                "-r a.txt\nDjango @ https://example.com/django.tar.gz\n",
            ),
            ("/p/setup.py", "install_requires=['Django>=6.0,<6.1']\n"),
        ]);
        assert_eq!(
            found,
            declared(DjangoVersion::V6_0, "/p/setup.py", "Django>=6.0,<6.1")
        );
        let init = format!("{SITE}/django/__init__.py");
        for broken in [
            "VERSION = (",
            "VERSION = (x, 2)",
            "VERSION == (5, 2)",
            "VERSION = 5",
        ] {
            assert!(detected(&[(&init, broken)]).is_default(), "{broken}");
        }
    }
}
