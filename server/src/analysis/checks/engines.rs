//! The template engines Django builds from TEMPLATES
//! (`django.template.engines.all()`): what 5.2+'s templates checks and
//! every release's admin checks build before they look at anything, and
//! every way that building raises (`template/utils.py`,
//! `template/backends/{base,django,dummy}.py`, `template/engine.py`).

use super::ctx::{dict_get, Ctx};
use super::Outcome;
use crate::analysis::eval::repr;
use crate::analysis::eval::value::{Dict, Extra, IterError, Tri, Unknown, Value};

pub(crate) const DJANGO_TEMPLATES: &str = "django.template.backends.django.DjangoTemplates";
const JINJA2: &str = "django.template.backends.jinja2.Jinja2";
const DUMMY: &str = "django.template.backends.dummy.TemplateStrings";

/// What an engine's class is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    DjangoTemplates,
    /// Django's Jinja2 or string backend: not a DjangoTemplates.
    Other,
    /// A class the checker does not read (the project's, a package's).
    Unknown(Unknown),
}

/// One engine as built: its class and its OPTIONS (a dict).
pub(crate) struct Engine {
    pub kind: Kind,
    pub options: Dict,
}

/// The engines, and why building them may still raise where the checker
/// cannot see (Jinja2 needs the jinja2 package; a project's backend class).
pub(crate) struct Engines {
    pub engines: Vec<Engine>,
    pub doubt: Option<Unknown>,
}

/// The OPTIONS DjangoTemplates passes to `Engine(...)` as keywords.
const ENGINE_OPTIONS: &[&str] = &[
    "context_processors",
    "debug",
    "loaders",
    "string_if_invalid",
    "file_charset",
    "libraries",
    "builtins",
    "autoescape",
];

/// The template tag modules Django itself has, valid libraries all (a
/// custom library Django imports when it builds the engine).
const DJANGO_LIBRARY_MODULES: &[&str] = &[
    "django.templatetags.cache",
    "django.templatetags.i18n",
    "django.templatetags.l10n",
    "django.templatetags.static",
    "django.templatetags.tz",
    "django.template.defaulttags",
    "django.template.defaultfilters",
    "django.template.loader_tags",
    "django.contrib.admin.templatetags.admin_list",
    "django.contrib.admin.templatetags.admin_modify",
    "django.contrib.admin.templatetags.admin_urls",
    "django.contrib.admin.templatetags.log",
    "django.contrib.flatpages.templatetags.flatpages",
    "django.contrib.humanize.templatetags.humanize",
];

/// `engines.all()`: `Err` with Django's crash, or with why the checker
/// cannot list the engines at all.
pub(crate) fn build(c: &Ctx) -> Result<Engines, Outcome> {
    let s = c.get("TEMPLATES");
    let (items, extra) = match s.value.iter_items() {
        Ok(x) => x,
        Err(IterError::Unknown(u)) => return Err(Outcome::Undecided(u)),
        Err(IterError::NotIterable(_)) => {
            return Err(crash(format!(
                "TEMPLATES is {}, which Django cannot iterate",
                s.value.a_type_name()
            )))
        }
    };
    if let Some(u) = doubt(&extra) {
        return Err(Outcome::Undecided(u));
    }
    let mut names: Vec<Value> = vec![];
    let mut confs: Vec<(Dict, String)> = vec![];
    for item in &items {
        let (conf, backend, name) = alias(item)?;
        if names.iter().any(|n| n.py_eq(&name) == Tri::True) {
            return Err(crash(format!(
                "two TEMPLATES entries have the NAME {} (Django: template engine aliases aren't unique)",
                repr(&name).unwrap_or_default()
            )));
        }
        names.push(name);
        confs.push((conf, backend));
    }
    let mut out = Engines {
        engines: vec![],
        doubt: None,
    };
    for (conf, backend) in confs {
        let kind = match backend.as_str() {
            DJANGO_TEMPLATES => Kind::DjangoTemplates,
            DUMMY => Kind::Other,
            JINJA2 => {
                out.doubt.get_or_insert_with(|| {
                    Unknown::new("a Jinja2 engine in TEMPLATES needs the jinja2 package, which the checker cannot see installed")
                });
                out.engines.push(Engine {
                    kind: Kind::Other,
                    options: Dict {
                        entries: vec![],
                        extra: Extra::Exact,
                    },
                });
                continue;
            }
            other => {
                let u = Unknown::new(format!(
                    "TEMPLATES names the backend '{other}', a class the checker does not read"
                ));
                out.doubt.get_or_insert_with(|| u.clone());
                out.engines.push(Engine {
                    kind: Kind::Unknown(u),
                    options: Dict {
                        entries: vec![],
                        extra: Extra::Exact,
                    },
                });
                continue;
            }
        };
        let options = base_engine(&conf)?;
        if kind == Kind::DjangoTemplates {
            if let Some(u) = django_engine(&conf, &options)? {
                out.doubt.get_or_insert(u);
            }
        } else if !options.entries.is_empty() {
            return Err(crash("a TEMPLATES entry has OPTIONS for Django's TemplateStrings backend, which takes none (Unknown options)".into()));
        } else if let Some(u) = doubt(&options.extra) {
            return Err(Outcome::Undecided(u));
        }
        out.engines.push(Engine { kind, options });
    }
    Ok(out)
}

fn crash(why: String) -> Outcome {
    Outcome::Crash(why)
}

/// Why a sequence's or a dict's contents are not exactly known.
fn doubt(extra: &Extra) -> Option<Unknown> {
    match extra {
        Extra::Exact => None,
        Extra::MayContainMore(u) | Extra::Uncertain(u) => Some(u.clone()),
    }
}

/// An entry's dict, BACKEND and alias (`NAME`, else the next-to-last part
/// of BACKEND), as `EngineHandler.templates` reads them.
fn alias(item: &Value) -> Result<(Dict, String, Value), Outcome> {
    let conf = match item {
        Value::Dict(d) => d.borrow().clone(),
        Value::Unknown(u) => return Err(Outcome::Undecided(u.clone())),
        other => {
            return Err(crash(format!(
                "a TEMPLATES entry is {}, not a dict",
                other.a_type_name()
            )))
        }
    };
    let backend = dict_get(&conf, "BACKEND").map_err(Outcome::Undecided)?;
    let default_name = match &backend {
        Some(Value::Str(b)) if b.contains('.') => {
            let parts: Vec<&str> = b.rsplitn(3, '.').collect();
            parts[1].to_string()
        }
        Some(Value::Unknown(u)) => return Err(Outcome::Undecided(u.clone())),
        Some(other) => {
            return Err(crash(format!(
                "a TEMPLATES entry's BACKEND is {}, not a dotted path (Django: invalid BACKEND for a template engine)",
                repr(other).unwrap_or_else(|| other.a_type_name())
            )))
        }
        None => {
            return Err(crash(
                "a TEMPLATES entry has no BACKEND (Django: invalid BACKEND for a template engine)".into(),
            ))
        }
    };
    let name = match dict_get(&conf, "NAME").map_err(Outcome::Undecided)? {
        None => Value::str(&default_name),
        Some(Value::Unknown(u)) => return Err(Outcome::Undecided(u)),
        Some(n @ (Value::List(_) | Value::Dict(_) | Value::Set(_))) => {
            return Err(crash(format!(
                "a TEMPLATES entry's NAME is {}, which cannot be a dict key (unhashable)",
                n.a_type_name()
            )))
        }
        Some(n) => n,
    };
    let backend = match backend {
        Some(Value::Str(b)) => b.to_string(),
        _ => unreachable!("a dotted BACKEND string, checked above"),
    };
    Ok((conf, backend, name))
}

/// `BaseEngine.__init__` (after the backend copied its OPTIONS): DIRS is
/// iterated, every key but NAME, DIRS, APP_DIRS and OPTIONS is refused.
/// Returns the OPTIONS dict.
fn base_engine(conf: &Dict) -> Result<Dict, Outcome> {
    let options = match dict_get(conf, "OPTIONS").map_err(Outcome::Undecided)? {
        None => Dict {
            entries: vec![],
            extra: Extra::Exact,
        },
        Some(Value::Dict(d)) => d.borrow().clone(),
        Some(Value::Unknown(u)) => return Err(Outcome::Undecided(u)),
        Some(other) => {
            return Err(crash(format!(
                "a TEMPLATES entry's OPTIONS is {}, not a dict (the backend calls its copy() and setdefault())",
                other.a_type_name()
            )))
        }
    };
    if let Some(dirs) = dict_get(conf, "DIRS").map_err(Outcome::Undecided)? {
        match dirs.iter_items() {
            Ok(_) => {}
            Err(IterError::Unknown(u)) => return Err(Outcome::Undecided(u)),
            Err(IterError::NotIterable(_)) => {
                return Err(crash(format!(
                    "a TEMPLATES entry's DIRS is {}, which Django cannot iterate",
                    dirs.a_type_name()
                )))
            }
        }
    }
    for (k, _) in &conf.entries {
        match k {
            Value::Str(k)
                if matches!(&**k, "BACKEND" | "NAME" | "DIRS" | "APP_DIRS" | "OPTIONS") => {}
            Value::Unknown(u) => return Err(Outcome::Undecided(u.clone())),
            other => {
                return Err(crash(format!(
                "a TEMPLATES entry has the key {}, which Django does not know (Unknown parameters)",
                repr(other).unwrap_or_default()
            )))
            }
        }
    }
    Ok(options)
}

/// `DjangoTemplates.__init__` and `Engine.__init__`: the OPTIONS keywords,
/// loaders with APP_DIRS, libraries and builtins imported. `Ok(Some)`:
/// it may still raise where the checker cannot see.
fn django_engine(conf: &Dict, options: &Dict) -> Result<Option<Unknown>, Outcome> {
    if let Some(u) = doubt(&options.extra) {
        return Err(Outcome::Undecided(u));
    }
    for (k, _) in &options.entries {
        match k {
            Value::Str(k) if ENGINE_OPTIONS.contains(&&**k) => {}
            Value::Unknown(u) => return Err(Outcome::Undecided(u.clone())),
            other => {
                return Err(crash(format!(
                    "a DjangoTemplates engine's OPTIONS has the key {}, which Engine() does not take (TypeError)",
                    repr(other).unwrap_or_default()
                )))
            }
        }
    }
    let loaders = dict_get(options, "loaders").map_err(Outcome::Undecided)?;
    if loaders.as_ref().is_some_and(|l| !matches!(l, Value::None)) {
        let app_dirs = dict_get(conf, "APP_DIRS")
            .map_err(Outcome::Undecided)?
            .unwrap_or(Value::Bool(false));
        match app_dirs.truthy() {
            Tri::True => {
                return Err(crash(
                    "a DjangoTemplates engine has APP_DIRS set and 'loaders' in OPTIONS (Django: app_dirs must not be set when loaders is defined)".into(),
                ))
            }
            Tri::Unknown(u) => return Err(Outcome::Undecided(u)),
            Tri::False => {}
        }
    }
    let mut may_raise = None;
    if let Some(libs) = dict_get(options, "libraries").map_err(Outcome::Undecided)? {
        match &libs {
            Value::Dict(d) => {
                let d = d.borrow();
                if let Some(u) = doubt(&d.extra) {
                    return Err(Outcome::Undecided(u));
                }
                for (_, path) in &d.entries {
                    if let Some(u) = library(path)? {
                        may_raise.get_or_insert(u);
                    }
                }
            }
            Value::Unknown(u) => return Err(Outcome::Undecided(u.clone())),
            Value::List(_) | Value::Tuple(_) => {
                return Err(Outcome::Undecided(Unknown::new(
                    "OPTIONS['libraries'] is a sequence, which dict.update() reads as pairs",
                )))
            }
            other => {
                return Err(crash(format!(
                    "OPTIONS['libraries'] is {}, not a dict of library names",
                    other.a_type_name()
                )))
            }
        }
    }
    if let Some(builtins) = dict_get(options, "builtins").map_err(Outcome::Undecided)? {
        match &builtins {
            Value::None => {}
            Value::List(l) => {
                let l = l.borrow();
                if let Some(u) = doubt(&l.extra) {
                    return Err(Outcome::Undecided(u));
                }
                for path in &l.items {
                    if let Some(u) = library(path)? {
                        may_raise.get_or_insert(u);
                    }
                }
            }
            Value::Unknown(u) => return Err(Outcome::Undecided(u.clone())),
            other => {
                return Err(crash(format!(
                    "OPTIONS['builtins'] is {}, which Django adds to a list (TypeError)",
                    other.a_type_name()
                )))
            }
        }
    }
    Ok(may_raise)
}

/// A template library Django imports (`import_library`): Django's own
/// are known; another module of Django's may not be one; the project's are
/// imported as they are for every request (a failure there is not the
/// settings' to show).
fn library(path: &Value) -> Result<Option<Unknown>, Outcome> {
    match path {
        Value::Str(p) if DJANGO_LIBRARY_MODULES.contains(&&**p) => Ok(None),
        Value::Str(p) if p.starts_with("django.") || &**p == "django" => {
            Ok(Some(Unknown::new(format!(
                "the template library '{p}' is a module of Django's that may not be a tag library"
            ))))
        }
        Value::Str(_) => Ok(None),
        Value::Unknown(u) => Err(Outcome::Undecided(u.clone())),
        other => Err(crash(format!(
            "a template library path is {}, not a module path",
            other.a_type_name()
        ))),
    }
}

/// The first DjangoTemplates engine, as the admin finds it
/// (`isinstance(engine, DjangoTemplates)`): `Ok(None)` when there is none.
pub(crate) fn first_django(engines: &Engines) -> Result<Option<&Engine>, Unknown> {
    for e in &engines.engines {
        match &e.kind {
            Kind::DjangoTemplates => return Ok(Some(e)),
            Kind::Unknown(u) => return Err(u.clone()),
            Kind::Other => {}
        }
    }
    Ok(None)
}
