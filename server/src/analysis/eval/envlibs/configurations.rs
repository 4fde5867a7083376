//! django-configurations: settings as a `Configuration` subclass, chosen by
//! `DJANGO_CONFIGURATION`, whose upper-case attributes (along its MRO) the
//! library's importer copies onto the settings module; `values.*Value`
//! attributes read `DJANGO_<NAME>` from the environment.
//!
//! The class is the one `DJANGO_CONFIGURATION` names where the evaluator can
//! read it (`os.environ.setdefault("DJANGO_CONFIGURATION", "Prod")` in
//! `manage.py`, `wsgi.py` or `asgi.py`), else the module's only
//! `Configuration` subclass. When neither decides, every setting is
//! undecided, with a note saying why; a setting a class defines is never
//! "not set". A class that overrides `pre_setup`, `setup` or `post_setup`
//! may set anything there: its settings are undecided too.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::analysis::eval::classes::ClassObj;
use crate::analysis::eval::namespace::{Binding, Namespace};
use crate::analysis::eval::objects::{Builtin, ExcClass, Object};
use crate::analysis::eval::value::{Dict, Extra, Tri, Unknown, Value};
use crate::analysis::source::SourceProvider;

use super::super::attributes::modelled_module;
use super::super::{kwarg, raise, raise_missing, Flow, Interp, R};
use super::{function, DefaultArg, EnvLibrary, LibraryFunction, LibraryObject, ReadPlace};

pub(super) struct Configurations;

const NAME: &str = "django-configurations";

/// `configurations.Configuration`, the base class of class-based settings.
pub(crate) const CONFIGURATION_BASE: LibraryFunction = LibraryFunction {
    library: NAME,
    name: "Configuration",
};

impl EnvLibrary for Configurations {
    fn name(&self) -> &'static str {
        NAME
    }

    fn modules(&self) -> &'static [&'static str] {
        &["configurations", "configurations.values"]
    }

    fn attr(&self, module: &str, attr: &str) -> Option<Value> {
        match (module, attr) {
            ("configurations", "Configuration") => Some(function(NAME, CONFIGURATION_BASE.name)),
            ("configurations", "values") => Some(modelled_module("configurations.values")),
            ("configurations.values", name) => VALUE_CLASSES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(n, _)| function(NAME, n)),
            _ => None,
        }
    }

    fn call(
        &self,
        interp: &mut Interp,
        function: &'static str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        match ValueKind::from_name(function) {
            Some(kind) => new_value(interp, kind, args, kwargs),
            None => Ok(Value::unknown("an instance of Configuration")),
        }
    }
}

/// The kinds of `configurations.values.*Value` the evaluator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    Plain,
    Boolean,
    Integer,
    Float,
    List,
    Tuple,
    Secret,
    /// `DatabaseURLValue`, `CacheURLValue`, `SearchURLValue`,
    /// `EmailURLValue`: a dict parsed from a URL.
    Url(&'static str),
    /// A kind whose parsing the evaluator does not model.
    Other,
}

/// The value classes of `configurations.values`, and their kinds.
const VALUE_CLASSES: &[(&str, ValueKind)] = &[
    ("Value", ValueKind::Plain),
    ("EmailValue", ValueKind::Plain),
    ("URLValue", ValueKind::Plain),
    ("IPValue", ValueKind::Plain),
    ("RegexValue", ValueKind::Plain),
    ("BooleanValue", ValueKind::Boolean),
    ("IntegerValue", ValueKind::Integer),
    ("PositiveIntegerValue", ValueKind::Integer),
    ("FloatValue", ValueKind::Float),
    ("ListValue", ValueKind::List),
    ("BackendsValue", ValueKind::List),
    ("TupleValue", ValueKind::Tuple),
    ("SecretValue", ValueKind::Secret),
    ("DatabaseURLValue", ValueKind::Url("DATABASE_URL")),
    ("CacheURLValue", ValueKind::Url("CACHE_URL")),
    ("SearchURLValue", ValueKind::Url("SEARCH_URL")),
    ("EmailURLValue", ValueKind::Url("EMAIL_URL")),
    ("DecimalValue", ValueKind::Other),
    ("SetValue", ValueKind::Other),
    ("DictValue", ValueKind::Other),
    ("PathValue", ValueKind::Other),
    ("SingleNestedListValue", ValueKind::Other),
    ("SingleNestedTupleValue", ValueKind::Other),
];

impl ValueKind {
    pub fn from_name(name: &str) -> Option<ValueKind> {
        VALUE_CLASSES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, k)| *k)
    }
}

/// A `values.*Value(...)` waiting for the importer's `setup`.
#[derive(Debug, Clone)]
pub struct ConfigValue {
    pub kind: ValueKind,
    pub default: Value,
    pub environ: bool,
    pub environ_name: Option<Rc<str>>,
    pub prefix: Option<Rc<str>>,
    pub required: bool,
    /// The `values.XValue(...)` call in the source: the read happens when
    /// the class is set up, and is recorded there.
    place: Option<ReadPlace>,
}

/// `values.XValue(default, environ=True, environ_name=None,
/// environ_prefix="DJANGO", environ_required=False, late_binding=False)`.
pub(crate) fn new_value(
    interp: &mut Interp,
    kind: ValueKind,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    let get = |i: usize, name: &str| args.get(i).or_else(|| kwarg(&kwargs, name)).cloned();
    let mut default = get(0, "default").unwrap_or(Value::None);
    let url = matches!(kind, ValueKind::Url(_));
    let environ = match get(1, "environ") {
        Some(v) => match v.truthy() {
            Tri::True => true,
            Tri::False => false,
            Tri::Unknown(u) => return Ok(Value::Unknown(u)),
        },
        None => true,
    };
    let text = |v: Option<Value>| match v {
        Some(Value::Str(s)) => Ok(Some(s)),
        Some(Value::None) | None => Ok(None),
        Some(Value::Unknown(u)) => Err(u),
        Some(_) => Err(Unknown::new("an environ_name that is not a string")),
    };
    let environ_name = match (text(get(2, "environ_name")), kind) {
        (Ok(None), ValueKind::Url(name)) => Some(Rc::from(name)),
        (Ok(n), _) => n,
        (Err(u), _) => return Ok(Value::Unknown(u)),
    };
    let prefix = match kwarg(&kwargs, "environ_prefix").or_else(|| args.get(3)) {
        Some(v) => match text(Some(v.clone())) {
            Ok(p) => p.map(|p| Rc::from(p.strip_suffix('_').unwrap_or(&p))),
            Err(u) => return Ok(Value::Unknown(u)),
        },
        None if url => None,
        None => Some(Rc::from("DJANGO")),
    };
    let required = kind == ValueKind::Secret
        || get(4, "environ_required").is_some_and(|v| v.truthy() == Tri::True);
    match kind {
        ValueKind::Boolean if !matches!(default, Value::Bool(_)) => {
            return raise(
                ExcClass::ValueError,
                "a BooleanValue's default must be True or False",
            )
        }
        ValueKind::Secret if !matches!(default, Value::None) => {
            return raise(
                ExcClass::ValueError,
                "Secret values are only allowed to be set as environment variables",
            )
        }
        ValueKind::List | ValueKind::Tuple => {
            let items = match &default {
                Value::None => vec![],
                other => match other.iter_items() {
                    Ok((items, Extra::Exact)) => items,
                    _ => return Ok(Value::unknown("a ListValue's default")),
                },
            };
            default = if kind == ValueKind::List {
                Value::list(items)
            } else {
                Value::tuple(items)
            };
        }
        ValueKind::Url(_) => {
            default = match default {
                Value::None => empty_dict(),
                _ => Value::unknown("the dict a URL default parses to"),
            }
        }
        _ => {}
    }
    let value = ConfigValue {
        kind,
        default,
        environ,
        environ_name,
        prefix,
        required,
        place: interp.read_place(Some(DefaultArg {
            position: 0,
            keyword: "default",
        })),
    };
    // `Value.__new__` resolves at once when the variable is named (or the
    // environment is off and there is a default), except for the URL kinds,
    // which bind late.
    if !url
        && ((value.environ && value.environ_name.is_some())
            || (!value.environ && value.default.truthy() == Tri::True))
    {
        let name = value.environ_name.clone().unwrap_or_else(|| Rc::from(""));
        return resolve(interp, &value, &name);
    }
    Ok(LibraryObject::value(NAME, "Value", value))
}

/// `Value.setup(name)`: the environment's value, cast, else the default.
pub(crate) fn resolve(interp: &mut Interp, v: &ConfigValue, name: &str) -> R<Value> {
    if !v.environ {
        return Ok(v.default.clone());
    }
    let var = {
        let base = v
            .environ_name
            .as_deref()
            .map(str::to_string)
            .unwrap_or_else(|| name.to_uppercase());
        match &v.prefix {
            Some(p) if !p.is_empty() => format!("{p}_{base}"),
            _ => base,
        }
    };
    if let Some(place) = &v.place {
        interp.record_read_at(NAME, &var, place);
    }
    let default = (!v.required).then_some(&v.default);
    let raw = match interp.read_env(&var, default) {
        Some(Ok(raw)) => raw,
        Some(Err(u)) => return Ok(Value::Unknown(u)),
        None if v.required => {
            return raise_missing(
                ExcClass::ValueError,
                format!("Value '{name}' is required to be set as the environment variable '{var}'"),
                &var,
            )
        }
        None => return Ok(v.default.clone()),
    };
    Ok(match v.kind {
        ValueKind::Plain => Value::Str(raw),
        ValueKind::Secret if raw.is_empty() => {
            return raise(
                ExcClass::ValueError,
                format!("Secret value '{name}' is not set"),
            )
        }
        ValueKind::Secret => Value::Str(raw),
        ValueKind::Boolean => match raw.trim().to_lowercase().as_str() {
            "yes" | "y" | "true" | "1" => Value::Bool(true),
            "no" | "n" | "false" | "0" | "" => Value::Bool(false),
            _ => {
                return raise(
                    ExcClass::ValueError,
                    format!("Cannot interpret boolean value in {var}"),
                )
            }
        },
        ValueKind::Integer => match raw.trim().parse::<i64>() {
            Ok(n) => Value::Int(n),
            Err(_) => {
                return raise(
                    ExcClass::ValueError,
                    format!("Cannot interpret value in {var}"),
                )
            }
        },
        ValueKind::Float => match raw.trim().parse::<f64>() {
            Ok(f) => Value::Float(f),
            Err(_) => {
                return raise(
                    ExcClass::ValueError,
                    format!("Cannot interpret value in {var}"),
                )
            }
        },
        ValueKind::List | ValueKind::Tuple => {
            let items: Vec<Value> = raw
                .trim()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(Value::str)
                .collect();
            if v.kind == ValueKind::List {
                Value::list(items)
            } else {
                Value::tuple(items)
            }
        }
        ValueKind::Url(_) => Value::unknown(format!("the dict parsed from the URL in {var}")),
        ValueKind::Other => Value::unknown(format!("the value parsed from {var}")),
    })
}

fn empty_dict() -> Value {
    Value::Dict(Rc::new(RefCell::new(Dict {
        entries: vec![],
        extra: Extra::Exact,
    })))
}

/// Whether `class` derives from `configurations.Configuration`.
pub(crate) fn is_configuration(class: &Value) -> bool {
    fn walk(v: &Value, depth: usize) -> bool {
        if depth > 50 {
            return false;
        }
        match v {
            Value::Object(o) => match o.as_ref() {
                Object::Builtin(Builtin::Library(f)) => *f == CONFIGURATION_BASE,
                Object::Class(c) => c.bases.iter().any(|b| walk(b, depth + 1)),
                _ => false,
            },
            _ => false,
        }
    }
    v_class(class).is_some() && walk(class, 0)
}

fn v_class(v: &Value) -> Option<&ClassObj> {
    match v {
        Value::Object(o) => match o.as_ref() {
            Object::Class(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

/// The configuration class's name, from (in order) `configuration` in the
/// project's `[tool.django-settings-lsp]`, the `DJANGO_CONFIGURATION` the
/// checker runs with (as CI sets it for Django), and the
/// `os.environ.setdefault("DJANGO_CONFIGURATION", ...)` of the project's
/// `manage.py`, `wsgi.py` or `asgi.py`.
pub(crate) fn chosen_configuration(
    entry: &Path,
    manage_dir: Option<&Path>,
    sources: &dyn SourceProvider,
) -> Option<String> {
    configured_class(entry, sources)
        .or_else(|| {
            std::env::var("DJANGO_CONFIGURATION")
                .ok()
                .filter(|v| !v.is_empty())
        })
        .or_else(|| configuration_from_entry_points(entry, manage_dir, sources))
}

/// `configuration` in the nearest pyproject.toml's `[tool.django-settings-lsp]`
/// (the file `config.rs` reads for the front ends, and validates).
fn configured_class(entry: &Path, sources: &dyn SourceProvider) -> Option<String> {
    for dir in entry.parent()?.ancestors() {
        let file = dir.join("pyproject.toml");
        if !sources.is_file(&file) {
            continue;
        }
        let table: toml::Table = toml::from_str(&sources.read_text(&file).ok()?).ok()?;
        if let Some(section) = table.get("tool").and_then(|t| t.get("django-settings-lsp")) {
            return section
                .get("configuration")
                .and_then(|v| v.as_str())
                .map(str::to_string);
        }
    }
    None
}

/// What `DJANGO_CONFIGURATION` is set to by `os.environ.setdefault` in the
/// project's `manage.py`, `wsgi.py` or `asgi.py`.
fn configuration_from_entry_points(
    entry: &Path,
    manage_dir: Option<&Path>,
    sources: &dyn SourceProvider,
) -> Option<String> {
    let mut files: Vec<PathBuf> = vec![];
    if let Some(m) = manage_dir {
        files.push(m.join("manage.py"));
    }
    for dir in entry.ancestors().skip(1).take(3) {
        files.push(dir.join("wsgi.py"));
        files.push(dir.join("asgi.py"));
    }
    files
        .iter()
        .filter(|f| sources.is_file(f))
        .filter_map(|f| sources.read_text(f).ok())
        .find_map(|text| setdefault_value(&text, "DJANGO_CONFIGURATION"))
}

/// The value in `setdefault("NAME", "value")`, quotes of either kind.
fn setdefault_value(text: &str, name: &str) -> Option<String> {
    let mut rest = text;
    while let Some(at) = rest.find("setdefault(") {
        rest = &rest[at + "setdefault(".len()..];
        let args = rest.trim_start();
        let Some(after) = args
            .strip_prefix(&format!("\"{name}\""))
            .or_else(|| args.strip_prefix(&format!("'{name}'")))
        else {
            continue;
        };
        let after = after.trim_start().strip_prefix(',')?.trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let body = &after[1..];
        let end = body.find(quote)?;
        let value = &body[..end];
        if value.chars().all(|c| c.is_alphanumeric() || c == '_') && !value.is_empty() {
            return Some(value.to_string());
        }
    }
    None
}

/// The importer's work on the settings module `ns`: picks the class, runs
/// nothing it cannot see, and copies the class's upper-case settings onto
/// the module. Errors are the ones Django would raise while loading.
pub(crate) fn apply(
    interp: &mut Interp,
    ns: &Rc<RefCell<Namespace>>,
    chosen: impl FnOnce() -> Option<String>,
) -> R<()> {
    let candidates: Vec<(Rc<str>, Value)> = {
        let n = ns.borrow();
        let mut c: Vec<(Rc<str>, Value)> = n
            .bindings
            .iter()
            .filter(|(_, b)| is_configuration(&b.value))
            .map(|(k, b)| (k.clone(), b.value.clone()))
            .collect();
        c.sort_by(|a, b| a.0.cmp(&b.0));
        c
    };
    if candidates.is_empty() {
        return Ok(());
    }
    let chosen = chosen();
    let class = match &chosen {
        Some(name) => match candidates.iter().find(|(k, _)| k.as_ref() == name) {
            Some((_, c)) => c.clone(),
            None => {
                return raise(
                    ExcClass::ImproperlyConfigured,
                    format!("Couldn't find configuration '{name}' in the settings module"),
                )
            }
        },
        None if candidates.len() == 1 => candidates[0].1.clone(),
        None => {
            let names: Vec<&str> = candidates.iter().map(|(k, _)| k.as_ref()).collect();
            interp.ns_open(
                ns,
                Rc::from(format!(
                    "the django-configurations class DJANGO_CONFIGURATION names, which the evaluator cannot see (manage.py, wsgi.py and asgi.py do not set it; the module defines {})",
                    names.join(", ")
                )),
            );
            return Ok(());
        }
    };
    let name = super::super::classes::class_name(&class);
    let order = mro_namespaces(&class);
    for hook in ["pre_setup", "setup", "post_setup"] {
        if order.iter().any(|c| c.borrow().get(hook).is_some()) {
            interp.ns_open(
                ns,
                Rc::from(format!(
                    "names {name}.{hook}() may set, which the evaluator does not run"
                )),
            );
        }
    }
    if order.iter().any(|c| {
        c.borrow()
            .get("DOTENV")
            .is_some_and(|b| b.value.truthy() != Tri::False)
    }) {
        interp.env_open = Some(Rc::from(format!("the .env file {name}.DOTENV names")));
    }
    let instance = interp.instantiate(&class, vec![], vec![])?;
    // Most derived last, so it wins.
    let mut settings: Vec<(Rc<str>, Binding)> = vec![];
    for c in order.iter().rev() {
        let c = c.borrow();
        let mut names: Vec<(&Rc<str>, &Binding)> = c
            .bindings
            .iter()
            .filter(|(k, _)| is_setting_name(k))
            .collect();
        names.sort_by(|a, b| a.0.cmp(b.0));
        for (k, b) in names {
            settings.retain(|(n, _)| n != k);
            settings.push((k.clone(), b.clone()));
        }
    }
    for (setting, binding) in settings {
        let value = match interp.get_attr(&instance, &setting) {
            Ok(v) => v,
            Err(Flow::Raise(e)) => return Err(Flow::Raise(e)),
            Err(other) => return Err(other),
        };
        let value = match (super::state_of::<ConfigValue>(&value, NAME), &value) {
            (Some(cv), _) => resolve(interp, cv, &setting)?,
            // An upper-case method: the importer calls it.
            (None, Value::Object(o))
                if matches!(o.as_ref(), Object::BoundMethod { .. } | Object::Function(_)) =>
            {
                interp.call(&value, vec![], vec![])?
            }
            _ => value.clone(),
        };
        interp.ns_set(ns, setting, Binding { value, ..binding });
    }
    Ok(())
}

/// The namespaces of the user classes along `class`'s MRO.
fn mro_namespaces(class: &Value) -> Vec<Rc<RefCell<Namespace>>> {
    let mut out: Vec<Rc<RefCell<Namespace>>> = vec![];
    fn walk(v: &Value, out: &mut Vec<Rc<RefCell<Namespace>>>, depth: usize) {
        if depth > 50 {
            return;
        }
        if let Some(c) = v_class(v) {
            if !out.iter().any(|n| Rc::ptr_eq(n, &c.namespace)) {
                out.push(c.namespace.clone());
                for b in &c.bases {
                    walk(b, out, depth + 1);
                }
            }
        }
    }
    walk(class, &mut out, 0);
    out
}

/// The importer copies names that are all upper case (`uppercase_attributes`).
fn is_setting_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase())
        && !name.chars().any(|c| c.is_lowercase())
        && !name.starts_with('_')
}

#[cfg(test)]
mod tests {
    use super::setdefault_value;

    #[test]
    fn setdefault_is_read_with_either_quote() {
        let manage = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\nos.environ.setdefault(\"DJANGO_CONFIGURATION\", \"Prod\")\n";
        assert_eq!(
            setdefault_value(manage, "DJANGO_CONFIGURATION").as_deref(),
            Some("Prod")
        );
        assert_eq!(
            setdefault_value(
                "setdefault('DJANGO_CONFIGURATION', name)",
                "DJANGO_CONFIGURATION"
            ),
            None
        );
        assert_eq!(setdefault_value("", "DJANGO_CONFIGURATION"), None);
    }
}
