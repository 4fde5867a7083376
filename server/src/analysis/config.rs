//! User configuration: which codes are reported, at which severity, and which
//! modules are deploy or development settings.
//!
//! Sources, later ones winning field by field (a list replaces the earlier
//! list; `severity` entries merge per code):
//! 1. built-in defaults,
//! 2. `[tool.django-settings-lsp]` in the nearest `pyproject.toml` that has
//!    that table (searched upwards from the settings module),
//! 3. the editor's `initializationOptions`,
//! 4. the editor's `workspace/configuration` answer for section
//!    `django-settings-lsp` (pulled again on `didChangeConfiguration`).
//!
//! Both the flat shape (`{"ignore": [...]}`) and the wrapped one
//! (`{"django-settings-lsp": {"ignore": [...]}}`) are accepted, and keys may be
//! kebab-case, snake_case or camelCase.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::checks::Severity;
use super::discover::DEV_MODULE_NAMES;
use super::django_version::{parse_configured, ProjectVersion};
use super::source::SourceProvider;

pub const SECTION: &str = "django-settings-lsp";

/// How a code is shown; `Off` hides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Information,
    Hint,
    Off,
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
        Some(match s.to_ascii_lowercase().as_str() {
            "error" | "e" => Level::Error,
            "warning" | "warn" | "w" => Level::Warning,
            "information" | "info" | "i" => Level::Information,
            "hint" | "h" => Level::Hint,
            "off" | "none" | "ignore" | "false" => Level::Off,
            _ => return None,
        })
    }

    pub fn from_severity(s: Severity) -> Level {
        match s {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Info => Level::Information,
        }
    }
}

/// One source's settings; `None` leaves the earlier source's value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigLayer {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub deploy_modules: Option<Vec<String>>,
    pub development_modules: Option<Vec<String>>,
    pub severity: BTreeMap<String, Level>,
    pub notes: Option<bool>,
    /// The django-configurations class the project's settings use (what
    /// `DJANGO_CONFIGURATION` names). Validated here; the evaluator reads it
    /// from the project's pyproject.toml itself (`eval/envlibs/configurations.rs`).
    pub configuration: Option<String>,
    /// The Django release the project runs (`django-version = "5.2"`),
    /// with where it was said (`with_origin` names the file or flag).
    pub django_version: Option<ProjectVersion>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Code prefixes to report; empty means every code.
    pub select: Vec<String>,
    /// Code prefixes never reported.
    pub ignore: Vec<String>,
    /// Globs of modules always judged as deploy settings.
    pub deploy_modules: Vec<String>,
    /// Module names (file stems) that are development settings.
    pub development_modules: Vec<String>,
    pub severity: BTreeMap<String, Level>,
    /// Whether notes (`dsl.I001`, `dsl.I002`) are shown.
    pub notes: bool,
    /// The Django release a configuration names; `None`: found from the
    /// project (`django_version::detect`).
    pub django_version: Option<ProjectVersion>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            select: vec![],
            ignore: vec![],
            deploy_modules: vec![],
            development_modules: DEV_MODULE_NAMES.iter().map(|s| s.to_string()).collect(),
            severity: BTreeMap::new(),
            notes: true,
            django_version: None,
        }
    }
}

fn code_matches(prefix: &str, code: &str) -> bool {
    !prefix.is_empty() && code.starts_with(prefix)
}

impl Config {
    /// Applies the layers in order of increasing precedence.
    pub fn layered<'a>(layers: impl IntoIterator<Item = &'a ConfigLayer>) -> Config {
        let mut c = Config::default();
        for l in layers {
            c.apply(l);
        }
        c
    }

    pub fn apply(&mut self, l: &ConfigLayer) {
        if let Some(v) = &l.select {
            self.select = v.clone();
        }
        if let Some(v) = &l.ignore {
            self.ignore = v.clone();
        }
        if let Some(v) = &l.deploy_modules {
            self.deploy_modules = v.clone();
        }
        if let Some(v) = &l.development_modules {
            self.development_modules = v.clone();
        }
        if let Some(v) = l.notes {
            self.notes = v;
        }
        if let Some(v) = &l.django_version {
            self.django_version = Some(v.clone());
        }
        for (k, v) in &l.severity {
            self.severity.insert(k.clone(), *v);
        }
    }

    /// Whether findings with `code` are never shown (not selected, ignored,
    /// or their severity set to `off`): no fix is applied for them either.
    pub fn hides(&self, code: &str) -> bool {
        self.level(code, Severity::Warning) == Level::Off
    }

    /// The level a finding with `code` (default severity `default`) is shown
    /// at. A code is reported when `select` is empty or one of its entries is
    /// a prefix of the code, and no `ignore` entry is. The most specific
    /// (longest) matching `severity` entry wins.
    pub fn level(&self, code: &str, default: Severity) -> Level {
        let selected = self.select.is_empty() || self.select.iter().any(|p| code_matches(p, code));
        if !selected || self.ignore.iter().any(|p| code_matches(p, code)) {
            return Level::Off;
        }
        if default == Severity::Info && !self.notes {
            return Level::Off;
        }
        self.severity
            .iter()
            .filter(|(p, _)| code_matches(p, code))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, l)| *l)
            .unwrap_or_else(|| Level::from_severity(default))
    }
}

fn norm_key(k: &str) -> String {
    k.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The object holding our keys: the value itself, or its
/// `django-settings-lsp` member when the editor wrapped it.
fn unwrap_section(v: &Json) -> Option<&serde_json::Map<String, Json>> {
    let obj = v.as_object()?;
    for (k, inner) in obj {
        if norm_key(k) == norm_key(SECTION) {
            return inner.as_object();
        }
    }
    Some(obj)
}

fn string_list(v: &Json, key: &str, warnings: &mut Vec<String>) -> Option<Vec<String>> {
    match v {
        Json::String(s) => Some(vec![s.clone()]),
        Json::Array(items) => {
            let mut out = vec![];
            for i in items {
                match i.as_str() {
                    Some(s) => out.push(s.to_string()),
                    None => warnings.push(format!("{key}: expected strings, found {i}")),
                }
            }
            Some(out)
        }
        Json::Null => None,
        other => {
            warnings.push(format!("{key}: expected a list of strings, found {other}"));
            None
        }
    }
}

impl ConfigLayer {
    /// The layer with its `django-version` said by `origin` (a file, a
    /// flag, the editor's settings), for hover and `explain`.
    pub fn with_origin(mut self, origin: &str) -> ConfigLayer {
        if let Some(v) = &mut self.django_version {
            *v = ProjectVersion::configured(v.version, origin);
        }
        self
    }

    /// Reads a layer from editor settings or a converted TOML table. Unknown
    /// keys and wrong types are skipped with a warning.
    pub fn from_json(v: &Json) -> (ConfigLayer, Vec<String>) {
        let mut layer = ConfigLayer::default();
        let mut warnings = vec![];
        let Some(obj) = unwrap_section(v) else {
            if !v.is_null() {
                warnings.push(format!("settings must be an object, found {v}"));
            }
            return (layer, warnings);
        };
        for (key, value) in obj {
            match norm_key(key).as_str() {
                "select" => layer.select = string_list(value, key, &mut warnings),
                "ignore" => layer.ignore = string_list(value, key, &mut warnings),
                "deploymodules" => layer.deploy_modules = string_list(value, key, &mut warnings),
                "developmentmodules" | "devmodules" => {
                    layer.development_modules = string_list(value, key, &mut warnings)
                }
                "configuration" | "djangoconfiguration" => match value {
                    Json::String(s) => layer.configuration = Some(s.clone()),
                    Json::Null => {}
                    other => warnings.push(format!("{key}: expected a class name, found {other}")),
                },
                "djangoversion" => match value {
                    Json::String(s) => match parse_configured(s) {
                        Ok(v) => {
                            layer.django_version =
                                Some(ProjectVersion::configured(v, "the configuration"))
                        }
                        Err(e) => warnings.push(format!("{key}: {e}")),
                    },
                    Json::Number(n) => warnings.push(format!(
                        "{key}: write the release as a string, \"{n}\" (a number loses trailing zeros: 6.0)"
                    )),
                    Json::Null => {}
                    other => warnings.push(format!("{key}: expected a release such as \"5.2\", found {other}")),
                },
                "notes" | "shownotes" => match value {
                    Json::Bool(b) => layer.notes = Some(*b),
                    Json::Null => {}
                    other => warnings.push(format!("{key}: expected true or false, found {other}")),
                },
                "severity" | "severities" => match value {
                    Json::Object(m) => {
                        for (code, level) in m {
                            match level.as_str().and_then(Level::parse) {
                                Some(l) => {
                                    layer.severity.insert(code.clone(), l);
                                }
                                None => warnings.push(format!(
                                    "severity.{code}: expected error, warning, information, hint or off, found {level}"
                                )),
                            }
                        }
                    }
                    Json::Null => {}
                    other => warnings.push(format!(
                        "{key}: expected a table of code = level, found {other}"
                    )),
                },
                _ => warnings.push(format!("unknown setting {key:?}")),
            }
        }
        (layer, warnings)
    }

    /// Reads `[tool.django-settings-lsp]` from a pyproject.toml's text;
    /// `None` when the file has no such table.
    pub fn from_pyproject(text: &str) -> Result<Option<(ConfigLayer, Vec<String>)>, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.message().to_string())?;
        section_of(&table).map(|s| s.map(|json| ConfigLayer::from_json(&json)))
    }

    /// Reads a configuration file named on the command line (`check
    /// --config FILE`): a `pyproject.toml`'s `[tool.django-settings-lsp]`
    /// table, or a TOML file of its own with that table or the same keys at
    /// its top level.
    pub fn from_config_file(path: &Path, text: &str) -> Result<(ConfigLayer, Vec<String>), String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.message().to_string())?;
        if let Some(json) = section_of(&table)? {
            return Ok(ConfigLayer::from_json(&json));
        }
        if path.file_name().is_some_and(|n| n == "pyproject.toml") {
            return Err(format!("it has no [tool.{SECTION}] table"));
        }
        let json = serde_json::to_value(&table).map_err(|e| e.to_string())?;
        Ok(ConfigLayer::from_json(&json))
    }
}

/// The `[tool.django-settings-lsp]` table of a TOML document, as JSON.
fn section_of(table: &toml::Table) -> Result<Option<Json>, String> {
    let Some(section) = table
        .get("tool")
        .and_then(|t| t.as_table())
        .and_then(|t| t.get(SECTION))
    else {
        return Ok(None);
    };
    serde_json::to_value(section)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// The nearest `pyproject.toml` above `module` with a
/// `[tool.django-settings-lsp]` table, read from disk.
pub struct ProjectConfig {
    pub path: PathBuf,
    pub layer: ConfigLayer,
    pub warnings: Vec<String>,
}

pub fn find_project_config(module: &Path, sources: &dyn SourceProvider) -> Option<ProjectConfig> {
    for dir in module.parent()?.ancestors() {
        let candidate = dir.join("pyproject.toml");
        let Ok(text) = sources.read_text(&candidate) else {
            continue;
        };
        match ConfigLayer::from_pyproject(&text) {
            Ok(Some((layer, warnings))) => {
                let origin = format!("django-version in {}", candidate.display());
                return Some(ProjectConfig {
                    layer: layer.with_origin(&origin),
                    path: candidate,
                    warnings,
                });
            }
            Ok(None) => continue,
            Err(e) => {
                return Some(ProjectConfig {
                    path: candidate,
                    layer: ConfigLayer::default(),
                    warnings: vec![format!("cannot parse: {e}")],
                })
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flat_and_wrapped_shapes_agree() {
        let flat = json!({"ignore": ["security.W018"], "deployModules": ["prod*.py"]});
        let wrapped = json!({"django-settings-lsp": {"ignore": ["security.W018"], "deploy_modules": ["prod*.py"]}});
        let (a, wa) = ConfigLayer::from_json(&flat);
        let (b, wb) = ConfigLayer::from_json(&wrapped);
        assert_eq!(a, b);
        assert!(wa.is_empty() && wb.is_empty());
        assert_eq!(
            a.ignore.as_deref(),
            Some(&["security.W018".to_string()][..])
        );
    }

    #[test]
    fn select_ignore_and_severity() {
        let (layer, w) = ConfigLayer::from_json(&json!({
            "select": ["security", "dsl.E"],
            "ignore": ["security.W02"],
            "severity": {"security": "error", "security.W018": "hint", "x": "loud"}
        }));
        assert_eq!(w.len(), 1, "{w:?}");
        let c = Config::layered([&layer]);
        assert_eq!(c.level("security.W018", Severity::Warning), Level::Hint);
        assert_eq!(c.level("security.W001", Severity::Warning), Level::Error);
        assert_eq!(c.level("security.W020", Severity::Warning), Level::Off);
        assert_eq!(c.level("dsl.E001", Severity::Error), Level::Error);
        assert_eq!(c.level("dsl.I001", Severity::Info), Level::Off);
    }

    #[test]
    fn later_layers_win() {
        let (a, _) = ConfigLayer::from_json(
            &json!({"ignore": ["security.W018"], "severity": {"security.W001": "error"}}),
        );
        let (b, _) = ConfigLayer::from_json(&json!({"ignore": [], "notes": false}));
        let c = Config::layered([&a, &b]);
        assert!(c.ignore.is_empty());
        assert!(!c.notes);
        assert_eq!(c.level("security.W001", Severity::Warning), Level::Error);
        assert_eq!(c.level("dsl.I002", Severity::Info), Level::Off);
    }

    #[test]
    fn pyproject_table() {
        let text = "[project]\nname = 'x'\n\n[tool.django-settings-lsp]\nignore = ['security.W008']\ndevelopment-modules = ['local', 'sandbox']\n[tool.django-settings-lsp.severity]\n'security.W018' = 'error'\n";
        let (layer, w) = ConfigLayer::from_pyproject(text).unwrap().unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(layer.development_modules.unwrap(), vec!["local", "sandbox"]);
        assert_eq!(layer.severity["security.W018"], Level::Error);
        assert!(ConfigLayer::from_pyproject("[tool.ruff]\n")
            .unwrap()
            .is_none());
        assert!(ConfigLayer::from_pyproject("[[[").is_err());
    }

    #[test]
    fn a_config_file_of_its_own() {
        let own = Path::new("ci/django-settings-lsp.toml");
        let (layer, w) = ConfigLayer::from_config_file(
            own,
            "ignore = ['security.W008']\n[severity]\n'security.W018' = 'error'\n",
        )
        .unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(layer.ignore.unwrap(), vec!["security.W008"]);
        assert_eq!(layer.severity["security.W018"], Level::Error);
        // The table works in any file; a pyproject.toml must have it.
        let text = "[tool.django-settings-lsp]\nselect = ['security']\n";
        let (a, _) = ConfigLayer::from_config_file(own, text).unwrap();
        let (b, _) = ConfigLayer::from_config_file(Path::new("pyproject.toml"), text).unwrap();
        assert_eq!(a, b);
        assert!(ConfigLayer::from_config_file(
            Path::new("x/pyproject.toml"),
            "[project]\nname = 'x'\n"
        )
        .unwrap_err()
        .contains("no [tool.django-settings-lsp] table"));
        let (_, w) = ConfigLayer::from_config_file(own, "nope = 1\n").unwrap();
        assert_eq!(w.len(), 1, "unknown keys are warned about");
    }
}
