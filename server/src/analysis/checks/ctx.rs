//! What a check rule asks of the settings: `in`, `is True`, truth, and
//! the description of a value for a message; and how an answer becomes an
//! outcome (`decide`), with three-valued `and`/`not` where Django's own
//! expression would raise (a crash) or the evaluator cannot see (undecided).

use super::{Outcome, SEC_MW};
use crate::analysis::eval::value::{seq_contains, Tri, Value};
use crate::analysis::eval::{repr, repr_within};
use crate::analysis::settings::{Setting, Settings};
use crate::analysis::source::SourceProvider;
use std::path::Path;

/// The settings and the questions the checks ask of them.
pub struct Ctx<'s> {
    pub settings: &'s Settings<'s>,
    /// Every setting a rule asked for, in order: the registry's test holds
    /// each rule to the settings its row says it reads.
    pub read: std::cell::RefCell<Vec<&'static str>>,
    /// The project's files, for the checks Django decides on the disk
    /// (files.E001, LOCALE_PATHS catalogs); `None`: they are undecided.
    pub disk: Option<ProjectDisk<'s>>,
}

/// The project's folder as the checks may read it: only paths inside the
/// project are looked at (a deploy path such as `/var/tmp/uploads` is the
/// server's, not what this machine has).
#[derive(Clone, Copy)]
pub struct ProjectDisk<'s> {
    pub sources: &'s dyn SourceProvider,
    pub root: &'s Path,
}

impl ProjectDisk<'_> {
    /// Whether `path` names something on the disk (`os.path.exists`), when
    /// it is absolute and inside the project; `None` otherwise.
    pub fn exists(&self, path: &Path) -> Option<bool> {
        self.covers(path)
            .then(|| self.sources.is_file(path) || self.sources.is_dir(path))
    }

    /// Whether `path` is a folder (`Path.is_dir()`), when it is absolute
    /// and inside the project; `None` otherwise.
    pub fn is_dir(&self, path: &Path) -> Option<bool> {
        self.covers(path).then(|| self.sources.is_dir(path))
    }

    fn covers(&self, path: &Path) -> bool {
        path.is_absolute()
            && path.starts_with(self.root)
            && !path
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
    }
}

pub(crate) type Q = Result<Tri, String>;

impl<'s> Ctx<'s> {
    pub fn new(settings: &'s Settings<'s>) -> Ctx<'s> {
        Ctx {
            settings,
            read: std::cell::RefCell::new(vec![]),
            disk: None,
        }
    }

    /// A `Ctx` that may read the project's files.
    pub fn with_disk(settings: &'s Settings<'s>, disk: Option<ProjectDisk<'s>>) -> Ctx<'s> {
        Ctx {
            disk,
            ..Ctx::new(settings)
        }
    }

    pub fn get(&self, name: &'static str) -> Setting {
        self.read.borrow_mut().push(name);
        self.settings.get(name)
    }

    /// `"<item>" in settings.<list_setting>`, exactly as Django tests it.
    pub(crate) fn has(&self, list_setting: &'static str, item: &str) -> Q {
        let s = self.get(list_setting);
        py_in(&s.value, item).ok_or_else(|| {
            format!(
                "{list_setting} is {}, so `in {list_setting}` raises TypeError",
                s.value.a_type_name()
            )
        })
    }

    pub(crate) fn sec_mw(&self) -> Q {
        self.has("MIDDLEWARE", SEC_MW)
    }

    pub(crate) fn is_true(&self, name: &'static str) -> Tri {
        self.get(name).value.is_true_object()
    }

    pub(crate) fn truthy(&self, name: &'static str) -> Tri {
        self.get(name).value.truthy()
    }

    /// "NAME is VALUE" with where the value came from, never a secret.
    pub fn describe(&self, name: &'static str) -> String {
        describe(&self.get(name))
    }
}

pub fn describe(s: &Setting) -> String {
    if s.is_absent() {
        return match repr(&s.value) {
            Some(r) => format!("{} is not set (Django's default is {r})", s.name),
            None => format!("{} is not set", s.name),
        };
    }
    // Shown when short: 80 characters take at most 320 bytes.
    let shown = match repr_within(&s.value, 320) {
        Some(r) if r.chars().count() <= 80 => r,
        Some(_) => format!("{} value", s.value.a_type_name()),
        None => format!("{} value", s.value.a_type_name()),
    };
    let env = s.env_vars();
    if env.is_empty() {
        format!("{} is {shown}", s.name)
    } else {
        format!("{} is {shown} when {} unset", s.name, env_list(&env))
    }
}

pub(crate) fn env_list(vars: &[std::rc::Rc<str>]) -> String {
    match vars {
        [one] => format!("{one} is"),
        many => format!(
            "{} are",
            many.iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Turns the answer to "does the check fire?" into an outcome.
pub(crate) fn decide(q: Q, message: impl FnOnce() -> String) -> Vec<Outcome> {
    vec![match q {
        Ok(Tri::True) => Outcome::Fire(message()),
        Ok(Tri::False) => Outcome::Pass,
        Ok(Tri::Unknown(u)) => Outcome::Undecided(u),
        Err(crash) => Outcome::Crash(crash),
    }]
}

pub(crate) fn and(a: Q, b: impl FnOnce() -> Q) -> Q {
    match a? {
        Tri::False => Ok(Tri::False),
        Tri::True => b(),
        Tri::Unknown(u) => match b()? {
            Tri::False => Ok(Tri::False),
            _ => Ok(Tri::Unknown(u)),
        },
    }
}

pub(crate) fn not(a: Q) -> Q {
    a.map(Tri::negate)
}

/// Python's `item in value` for a string item, as Django's checks write
/// it: a substring test on a string, membership in a list, tuple or set,
/// key membership in a dict. `None` where Python raises TypeError.
pub(crate) fn py_in(value: &Value, item: &str) -> Option<Tri> {
    let needle = Value::str(item);
    Some(match value {
        Value::Str(hay) => Tri::from_bool(hay.contains(item)),
        Value::List(l) => seq_contains(&l.borrow(), &needle),
        Value::Tuple(t) | Value::Set(t) => seq_contains(t, &needle),
        Value::Dict(_) => match value.iter_items() {
            Ok((items, extra)) => {
                seq_contains(&crate::analysis::eval::value::Seq { items, extra }, &needle)
            }
            Err(_) => return None,
        },
        Value::Unknown(u) => Tri::Unknown(u.clone()),
        _ => return None,
    })
}
