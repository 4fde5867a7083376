//! App labels, read statically: the label Django's app registry gives each
//! INSTALLED_APPS entry, when it is certain. Django picks an entry's
//! `AppConfig` from its `apps.py` (the one subclass there, or the one with
//! `default = True`), takes its `label`, else the last part of its `name`;
//! an app with no `apps.py` or no subclass there is labelled by the last
//! part of the entry. The label is certain only for Django's own apps and
//! for apps whose files the resolver finds and whose `apps.py` says it in
//! literals; anything else (an installed package we cannot see, a label
//! computed or inherited, an imported class that may be a config) is `None`,
//! and a duplicate-label finding needs every label involved to be certain.

use std::path::Path;

use tree_sitter::Node;

use super::imports::{Resolved, Resolver};
use super::source::{plain_string_literal, ParsedFile, SourceProvider};

/// The certain label of each entry, in order (`None`: cannot tell; an
/// entry that is not a string is `None` too).
pub fn app_labels(
    entries: &[Option<&str>],
    resolver: &Resolver,
    sources: &dyn SourceProvider,
    from: &Path,
) -> Vec<Option<String>> {
    entries
        .iter()
        .map(|e| e.and_then(|s| label_of(s, resolver, sources, from)))
        .collect()
}

fn label_of(
    entry: &str,
    resolver: &Resolver,
    sources: &dyn SourceProvider,
    from: &Path,
) -> Option<String> {
    // Django's own apps and their AppConfig paths: `django.contrib.X` is X.
    if let Some(rest) = entry.strip_prefix("django.contrib.") {
        return rest.split('.').next().map(str::to_string);
    }
    if entry.starts_with("django.") {
        return None;
    }
    let last = |s: &str| s.rsplit('.').next().unwrap_or(s).to_string();
    match resolver.resolve(sources, from, 0, entry) {
        // An app module: its apps.py decides.
        Resolved::File(module) | Resolved::Installed(module) => {
            if module.file_name().is_some_and(|f| f != "__init__.py") {
                // A plain module has no `apps` submodule.
                return Some(last(entry));
            }
            let apps = module.with_file_name("apps.py");
            if !sources.is_file(&apps) {
                return Some(last(entry));
            }
            let configs = read_configs(&apps, sources)?;
            let chosen = choose(&configs)?;
            match chosen {
                Some(c) => c.label.clone(),
                None => Some(last(entry)),
            }
        }
        // Maybe a path to an AppConfig class: `pkg.apps.PkgConfig`.
        Resolved::Missing(_) | Resolved::External(_) => {
            let (module, class) = entry.rsplit_once('.')?;
            let (Resolved::File(path) | Resolved::Installed(path)) =
                resolver.resolve(sources, from, 0, module)
            else {
                return None;
            };
            let configs = read_configs(&path, sources)?;
            configs
                .iter()
                .find(|c| c.class == class)
                .and_then(|c| c.label.clone())
        }
        _ => None,
    }
}

/// An `AppConfig` subclass in an `apps.py`, as far as literals say.
struct ConfigClass {
    class: String,
    /// Its label (from `label`, else from `name`); `None` when not literal.
    label: Option<String>,
    /// `default = True/False` when written; `None` when absent.
    default: Option<bool>,
}

/// The config Django picks among `configs`: `Some(None)` is "none, the
/// default AppConfig"; `None` is "cannot tell".
fn choose(configs: &[ConfigClass]) -> Option<Option<&ConfigClass>> {
    let candidates: Vec<&ConfigClass> = configs
        .iter()
        .filter(|c| c.default != Some(false))
        .collect();
    if candidates.len() == 1 {
        return Some(Some(candidates[0]));
    }
    let defaults: Vec<&ConfigClass> = candidates
        .into_iter()
        .filter(|c| c.default == Some(true))
        .collect();
    match defaults.len() {
        0 => Some(None),
        1 => Some(Some(defaults[0])),
        // Django raises RuntimeError: not a label question.
        _ => None,
    }
}

/// The AppConfig subclasses an `apps.py` defines; `None` when it cannot be
/// read with certainty (an import that may bring another config class, a
/// class derived from something other than `AppConfig`).
fn read_configs(path: &Path, sources: &dyn SourceProvider) -> Option<Vec<ConfigClass>> {
    let file = sources.load(path).ok()?;
    if file.tree.has_error() {
        return None;
    }
    let mut out = vec![];
    for stmt in file.tree.statements() {
        let stmt = match stmt.kind() {
            "decorated_definition" => stmt.child_by_field_id(crate::field!("definition"))?,
            _ => stmt,
        };
        match stmt.kind() {
            "import_from_statement" if !harmless_import(&file, stmt) => return None,
            "class_definition" => {
                if let Some(config) = config_class(&file, stmt)? {
                    out.push(config);
                }
            }
            _ => {}
        }
    }
    Some(out)
}

/// `from django.apps import AppConfig`, translation helpers, signals: no
/// class they bring is an app config. A star import, or an import from
/// anywhere else, may be.
fn harmless_import(file: &ParsedFile, stmt: Node) -> bool {
    let Some(module) = stmt.child_by_field_id(crate::field!("module_name")) else {
        return false;
    };
    let module = text(file, module);
    let mut c = stmt.walk();
    if stmt
        .named_children(&mut c)
        .any(|n| n.kind() == "wildcard_import")
    {
        return false;
    }
    matches!(
        module,
        "django.apps"
            | "django.utils.translation"
            | "django.db.models.signals"
            | "django.conf"
            | "django.core.checks"
            | "django.db.models"
            | "django.dispatch"
    )
}

/// `Some(Some(config))` for an AppConfig subclass, `Some(None)` for another
/// class, `None` when the bases leave it open.
fn config_class(file: &ParsedFile, class: Node) -> Option<Option<ConfigClass>> {
    let name = text(file, class.child_by_field_id(crate::field!("name"))?).to_string();
    let bases: Vec<String> = match class.child_by_field_id(crate::field!("superclasses")) {
        Some(args) => {
            let mut c = args.walk();
            args.named_children(&mut c)
                .map(|b| text(file, b).to_string())
                .collect()
        }
        None => vec![],
    };
    let is_config = bases
        .iter()
        .any(|b| b == "AppConfig" || b.ends_with(".AppConfig"));
    if !is_config {
        // A class with no bases, or `object`, is not a config; any other
        // base may be one.
        return bases.iter().all(|b| b == "object").then_some(None);
    }
    if bases.len() != 1 {
        return None;
    }
    let body = class.child_by_field_id(crate::field!("body"))?;
    let (mut label, mut app_name, mut default) = (None, None, None);
    let mut c = body.walk();
    for stmt in body.named_children(&mut c) {
        let Some(assign) = (stmt.kind() == "expression_statement")
            .then(|| stmt.named_child(0))
            .flatten()
            .filter(|a| a.kind() == "assignment")
        else {
            continue;
        };
        let Some(target) = assign.child_by_field_id(crate::field!("left")) else {
            continue;
        };
        let value = assign.child_by_field_id(crate::field!("right"));
        match text(file, target) {
            "label" => label = Some(value.and_then(|v| string_literal(file, v))),
            "name" => app_name = Some(value.and_then(|v| string_literal(file, v))),
            "default" => {
                default = match value.map(|v| text(file, v)) {
                    Some("True") => Some(true),
                    Some("False") => Some(false),
                    _ => return None,
                }
            }
            _ => {}
        }
    }
    let label = match (label, app_name) {
        (Some(l), _) => l,
        (None, Some(Some(n))) => Some(n.rsplit('.').next().unwrap_or(&n).to_string()),
        _ => None,
    };
    Some(Some(ConfigClass {
        class: name,
        label,
        default,
    }))
}

/// A plain string literal's value (no prefixes, escapes or interpolation).
fn string_literal(file: &ParsedFile, node: Node) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    plain_string_literal(text(file, node)).map(str::to_string)
}

fn text<'f>(file: &'f ParsedFile, node: Node) -> &'f str {
    &file.text[node.byte_range()]
}

/// Django's contrib apps and their AppConfig classes (the same in every
/// supported release): an INSTALLED_APPS entry naming the module or one of
/// these classes installs the app, and its `ready()` registers the app's
/// checks. The module path's default config is the first one.
pub const CONTRIB_CONFIGS: &[(&str, &[&str])] = &[
    (
        "django.contrib.admin",
        &["AdminConfig", "SimpleAdminConfig"],
    ),
    ("django.contrib.admindocs", &["AdminDocsConfig"]),
    ("django.contrib.auth", &["AuthConfig"]),
    ("django.contrib.contenttypes", &["ContentTypesConfig"]),
    ("django.contrib.flatpages", &["FlatPagesConfig"]),
    ("django.contrib.gis", &["GISConfig"]),
    ("django.contrib.humanize", &["HumanizeConfig"]),
    ("django.contrib.messages", &["MessagesConfig"]),
    ("django.contrib.postgres", &["PostgresConfig"]),
    ("django.contrib.redirects", &["RedirectsConfig"]),
    ("django.contrib.sessions", &["SessionsConfig"]),
    ("django.contrib.sitemaps", &["SiteMapsConfig"]),
    ("django.contrib.sites", &["SitesConfig"]),
    ("django.contrib.staticfiles", &["StaticFilesConfig"]),
    ("django.contrib.syndication", &["SyndicationConfig"]),
];

/// What an INSTALLED_APPS entry installs, as far as the files say: the app
/// Django's app registry records (`AppConfig.name`) and the config class.
#[derive(Debug, Clone, PartialEq)]
pub enum AppFact {
    /// Django's own app: the module path or one of its config classes
    /// (`config`: the class's dotted path, the default one for a module).
    Contrib { app: &'static str, config: String },
    /// A project's or a package's subclass of a contrib config that keeps
    /// its `name`: it installs the app and, unless it overrides `ready()`
    /// without calling the parent's, registers its checks.
    Subclass {
        app: &'static str,
        /// The contrib class it derives from (dotted path).
        base: String,
        /// `ready()` is overridden without a visible `super().ready()`.
        ready_overridden: bool,
        /// The class sets `default_site` (the admin's default site).
        sets_default_site: bool,
    },
    /// Any other app whose name is certain: a project module, a config
    /// class deriving from `AppConfig` with a literal `name`.
    Other(String),
    /// The files do not say (a computed name, a base class from elsewhere).
    Unknown,
}

/// The fact of each distinct string entry of INSTALLED_APPS.
pub fn app_facts(
    entries: &[&str],
    resolver: &Resolver,
    sources: &dyn SourceProvider,
    from: &Path,
) -> Vec<(String, AppFact)> {
    let mut out: Vec<(String, AppFact)> = vec![];
    for e in entries {
        if out.iter().any(|(k, _)| k == e) {
            continue;
        }
        let fact = contrib_fact(e).unwrap_or_else(|| project_fact(e, resolver, sources, from));
        out.push((e.to_string(), fact));
    }
    out
}

/// A `django.` entry: a contrib module or config class, or another Django
/// module (an app of no interest to the contrib checks).
pub fn contrib_fact(entry: &str) -> Option<AppFact> {
    if !entry.starts_with("django.") {
        return None;
    }
    for (app, classes) in CONTRIB_CONFIGS {
        if entry == *app {
            return Some(AppFact::Contrib {
                app,
                config: format!("{app}.apps.{}", classes[0]),
            });
        }
        if let Some(class) = entry
            .strip_prefix(app)
            .and_then(|r| r.strip_prefix(".apps."))
        {
            if classes.contains(&class) {
                return Some(AppFact::Contrib {
                    app,
                    config: entry.to_string(),
                });
            }
        }
    }
    Some(AppFact::Other(entry.to_string()))
}

/// A contrib config class by its dotted path.
fn contrib_config(dotted: &str) -> Option<&'static str> {
    match contrib_fact(dotted)? {
        AppFact::Contrib { app, config } if config == dotted => Some(app),
        _ => None,
    }
}

fn project_fact(
    entry: &str,
    resolver: &Resolver,
    sources: &dyn SourceProvider,
    from: &Path,
) -> AppFact {
    // A module path (lower case, as modules are named): the project's own
    // app or a package's, never a contrib one, whether the files show it
    // or not.
    let class_like = entry
        .rsplit('.')
        .next()
        .is_some_and(|c| c.starts_with(|ch: char| ch.is_uppercase()));
    if !class_like {
        return AppFact::Other(entry.to_string());
    }
    match resolver.resolve(sources, from, 0, entry) {
        // A module path: the project's own app (or a package's), never a
        // contrib one.
        Resolved::File(_) | Resolved::Installed(_) => AppFact::Other(entry.to_string()),
        Resolved::Missing(_) | Resolved::External(_) => {
            let Some((module, class)) = entry.rsplit_once('.') else {
                return AppFact::Unknown;
            };
            let (Resolved::File(path) | Resolved::Installed(path)) =
                resolver.resolve(sources, from, 0, module)
            else {
                return AppFact::Unknown;
            };
            sources
                .load(&path)
                .ok()
                .and_then(|file| class_fact(&file, class))
                .unwrap_or(AppFact::Unknown)
        }
        _ => AppFact::Unknown,
    }
}

/// The fact of class `class` defined at the top level of `file`, from its
/// one base (through the file's imports) and the literals of its body.
fn class_fact(file: &ParsedFile, class: &str) -> Option<AppFact> {
    if file.tree.has_error() {
        return None;
    }
    let imports = import_names(file);
    // The last definition of the name wins, as in Python; any other
    // binding of it makes the class unknown.
    let mut found = None;
    for stmt in file.tree.statements() {
        let stmt = match stmt.kind() {
            "decorated_definition" => stmt.child_by_field_id(crate::field!("definition"))?,
            _ => stmt,
        };
        if stmt.kind() == "class_definition"
            && stmt
                .child_by_field_id(crate::field!("name"))
                .is_some_and(|n| text(file, n) == class)
        {
            found = Some(stmt);
        }
    }
    let def = found?;
    let args = def.child_by_field_id(crate::field!("superclasses"))?;
    let mut ac = args.walk();
    let bases: Vec<Node> = args.named_children(&mut ac).collect();
    let [base] = bases[..] else {
        return None;
    };
    if !matches!(base.kind(), "identifier" | "attribute") {
        return None;
    }
    let written = text(file, base);
    let (head, rest) = written.split_once('.').unwrap_or((written, ""));
    let mut dotted = imports.iter().find(|(local, _)| local == head)?.1.clone();
    if !rest.is_empty() {
        dotted = format!("{dotted}.{rest}");
    }
    let body = def.child_by_field_id(crate::field!("body"))?;
    let facts = body_facts(file, body)?;
    if let Some(app) = contrib_config(&dotted) {
        return Some(match facts.name {
            None => AppFact::Subclass {
                app,
                base: dotted,
                ready_overridden: facts.ready_overridden,
                sets_default_site: facts.sets_default_site,
            },
            // A subclass that renames itself: what the registry and the
            // app's checks make of it is more than the files say.
            Some(_) => AppFact::Unknown,
        });
    }
    match (dotted.as_str(), facts.name) {
        ("django.apps.AppConfig" | "django.apps.config.AppConfig", Some(Some(name)))
            if !name.starts_with("django.") =>
        {
            Some(AppFact::Other(name))
        }
        _ => None,
    }
}

struct BodyFacts {
    /// `name = ...`: `Some(None)` when not a plain literal.
    name: Option<Option<String>>,
    ready_overridden: bool,
    sets_default_site: bool,
}

fn body_facts(file: &ParsedFile, body: Node) -> Option<BodyFacts> {
    let mut facts = BodyFacts {
        name: None,
        ready_overridden: false,
        sets_default_site: false,
    };
    let mut c = body.walk();
    for stmt in body.named_children(&mut c) {
        match stmt.kind() {
            "expression_statement" => {
                let Some(assign) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else {
                    continue;
                };
                let target = assign.child_by_field_id(crate::field!("left"))?;
                let value = assign.child_by_field_id(crate::field!("right"));
                match text(file, target) {
                    "name" => facts.name = Some(value.and_then(|v| string_literal(file, v))),
                    "default_site" => facts.sets_default_site = true,
                    _ => {}
                }
            }
            "function_definition" => {
                let name = stmt.child_by_field_id(crate::field!("name"))?;
                if text(file, name) == "ready" {
                    // `super().ready()` keeps the parent's registration.
                    let src = text(file, stmt);
                    let calls_super = src.contains("super().ready()")
                        || src.contains("super(") && src.contains(").ready()");
                    facts.ready_overridden = !calls_super;
                }
            }
            // A decorated method other than those above binds none of them.
            "decorated_definition" => {
                let def = stmt.child_by_field_id(crate::field!("definition"))?;
                let name = def.child_by_field_id(crate::field!("name"))?;
                if matches!(text(file, name), "name" | "ready" | "default_site") {
                    return None;
                }
            }
            // Anything else may bind the names above.
            "pass_statement" | "comment" => {}
            _ => return None,
        }
    }
    Some(facts)
}

/// The names a file's top-level imports bind, with the dotted path each
/// stands for (`AdminConfig` -> `django.contrib.admin.apps.AdminConfig`).
fn import_names(file: &ParsedFile) -> Vec<(String, String)> {
    let mut out = vec![];
    for stmt in file.tree.statements() {
        match stmt.kind() {
            "import_from_statement" => {
                let Some(module) = stmt.child_by_field_id(crate::field!("module_name")) else {
                    continue;
                };
                if module.kind() != "dotted_name" {
                    continue;
                }
                let module = text(file, module);
                let mut nc = stmt.walk();
                for name in stmt.children_by_field_name("name", &mut nc) {
                    let (imported, local) = match name.kind() {
                        "aliased_import" => (
                            name.child_by_field_id(crate::field!("name")),
                            name.child_by_field_id(crate::field!("alias")),
                        ),
                        _ => (Some(name), Some(name)),
                    };
                    if let (Some(i), Some(l)) = (imported, local) {
                        out.push((
                            text(file, l).to_string(),
                            format!("{module}.{}", text(file, i)),
                        ));
                    }
                }
            }
            "import_statement" => {
                let mut nc = stmt.walk();
                for name in stmt.children_by_field_name("name", &mut nc) {
                    match name.kind() {
                        "aliased_import" => {
                            if let (Some(i), Some(l)) = (
                                name.child_by_field_id(crate::field!("name")),
                                name.child_by_field_id(crate::field!("alias")),
                            ) {
                                out.push((text(file, l).to_string(), text(file, i).to_string()));
                            }
                        }
                        // `import django.contrib.admin.apps` binds `django`.
                        _ => {
                            let t = text(file, name);
                            let head = t.split('.').next().unwrap_or(t);
                            out.push((head.to_string(), head.to_string()));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::source::MemorySources;
    use std::path::PathBuf;

    fn facts(files: &[(&str, &str)], entries: &[&str]) -> Vec<AppFact> {
        let mut sources = MemorySources::new();
        sources.put("/proj/manage.py", "");
        sources.put("/proj/settings.py", "");
        for (path, text) in files {
            sources.put(*path, text);
        }
        let from = PathBuf::from("/proj/settings.py");
        let resolver = Resolver::for_module(&from, &sources, |_| false);
        app_facts(entries, &resolver, &sources, &from)
            .into_iter()
            .map(|(_, f)| f)
            .collect()
    }

    #[test]
    fn django_entries_are_known_facts() {
        assert_eq!(
            facts(
                &[],
                &[
                    "django.contrib.admin",
                    "django.contrib.admin.apps.SimpleAdminConfig",
                    "django.contrib.admin.apps",
                    "django.contrib.humanize"
                ]
            ),
            vec![
                AppFact::Contrib {
                    app: "django.contrib.admin",
                    config: "django.contrib.admin.apps.AdminConfig".into()
                },
                AppFact::Contrib {
                    app: "django.contrib.admin",
                    config: "django.contrib.admin.apps.SimpleAdminConfig".into()
                },
                AppFact::Other("django.contrib.admin.apps".into()),
                AppFact::Contrib {
                    app: "django.contrib.humanize",
                    config: "django.contrib.humanize.apps.HumanizeConfig".into()
                },
            ]
        );
    }

    #[test]
    fn a_project_config_subclassing_a_contrib_one_installs_it() {
        let apps = "from django.contrib.admin.apps import AdminConfig\nfrom django.apps import AppConfig\nimport django.contrib.sites.apps as sites\n\nclass MyAdminConfig(AdminConfig):\n    default_site = \"proj.admin.Site\"\n\nclass Quiet(AdminConfig):\n    def ready(self):\n        pass\n\nclass Loud(AdminConfig):\n    def ready(self):\n        super().ready()\n\nclass MySites(sites.SitesConfig):\n    verbose_name = \"Sites\"\n\nclass Blog(AppConfig):\n    name = \"blog\"\n\nclass Renamed(AdminConfig):\n    name = \"other\"\n";
        let got = facts(
            &[
                ("/proj/proj/__init__.py", ""),
                ("/proj/proj/apps.py", apps),
                ("/proj/blog/__init__.py", ""),
            ],
            &[
                "proj.apps.MyAdminConfig",
                "proj.apps.Quiet",
                "proj.apps.Loud",
                "proj.apps.MySites",
                "proj.apps.Blog",
                "proj.apps.Renamed",
                "blog",
                "proj.apps.Missing",
                "elsewhere.apps.Config",
            ],
        );
        let sub = |app, base: &str, ready_overridden, sets_default_site| AppFact::Subclass {
            app,
            base: base.into(),
            ready_overridden,
            sets_default_site,
        };
        assert_eq!(
            got,
            vec![
                sub(
                    "django.contrib.admin",
                    "django.contrib.admin.apps.AdminConfig",
                    false,
                    true
                ),
                sub(
                    "django.contrib.admin",
                    "django.contrib.admin.apps.AdminConfig",
                    true,
                    false
                ),
                sub(
                    "django.contrib.admin",
                    "django.contrib.admin.apps.AdminConfig",
                    false,
                    false
                ),
                sub(
                    "django.contrib.sites",
                    "django.contrib.sites.apps.SitesConfig",
                    false,
                    false
                ),
                AppFact::Other("blog".into()),
                AppFact::Unknown,
                AppFact::Other("blog".into()),
                AppFact::Unknown,
                AppFact::Unknown,
            ]
        );
    }
}

/// The template tag libraries of an installed app that is not Django's,
/// as its files show them (`get_template_tag_modules`: each module of its
/// `templatetags` package that has a `register`).
#[derive(Debug, Clone, PartialEq)]
pub struct AppLibraries {
    /// The app's module (its AppConfig's `name`).
    pub app: String,
    /// The library names whose module certainly has a `register`.
    pub names: Vec<String>,
    /// Names whose module may or may not have one.
    pub uncertain: Vec<String>,
    /// Whether the listing is complete (false: the package cannot be seen
    /// or has more than the checker reads: subpackages, compiled modules).
    pub complete: bool,
}

/// The libraries of each app among `apps` that is not Django's.
pub fn app_libraries(
    apps: &[(String, AppFact)],
    resolver: &Resolver,
    sources: &dyn SourceProvider,
    from: &Path,
) -> Vec<AppLibraries> {
    apps.iter()
        .filter_map(|(_, f)| match f {
            AppFact::Other(name) if !name.starts_with("django.") => Some(name),
            _ => None,
        })
        .take(200)
        .map(|app| libraries_of(app, resolver, sources, from))
        .collect()
}

fn libraries_of(
    app: &str,
    resolver: &Resolver,
    sources: &dyn SourceProvider,
    from: &Path,
) -> AppLibraries {
    let mut out = AppLibraries {
        app: app.to_string(),
        names: vec![],
        uncertain: vec![],
        complete: false,
    };
    let module = match resolver.resolve(sources, from, 0, app) {
        Resolved::File(m) | Resolved::Installed(m) => m,
        _ => return out,
    };
    if module.file_name().is_some_and(|f| f != "__init__.py") {
        // A plain module has no templatetags package.
        out.complete = true;
        return out;
    }
    let dir = module.with_file_name("templatetags");
    if !sources.is_dir(&dir) {
        out.complete = !sources.is_file(&dir.with_extension("py"));
        return out;
    }
    for entry in sources.read_dir(&dir) {
        let name = entry
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("");
        if entry.is_dir {
            if name == "__pycache__" {
                continue;
            }
            // A subpackage's modules are libraries too ("sub.mod").
            return out;
        }
        let Some(stem) = name.strip_suffix(".py") else {
            if name.ends_with(".so") || name.ends_with(".pyd") || name.ends_with(".pyc") {
                return out;
            }
            continue;
        };
        if stem == "__init__" {
            continue;
        }
        let text = sources.read_text(&entry.path).unwrap_or_default();
        if text
            .lines()
            .any(|l| l.starts_with("register =") || l.starts_with("register="))
        {
            out.names.push(stem.to_string());
        } else if text.contains("register") {
            out.uncertain.push(stem.to_string());
        }
    }
    out.complete = true;
    out
}
