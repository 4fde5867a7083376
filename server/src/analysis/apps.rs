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
    if file.tree.root_node().has_error() {
        return None;
    }
    let root = file.tree.root_node();
    let mut out = vec![];
    let mut c = root.walk();
    for stmt in root.named_children(&mut c) {
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
