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
    /// What the evaluation read beside the settings: what each
    /// INSTALLED_APPS entry installs, the folders the settings name.
    pub facts: Facts<'s>,
    /// `facts.apps` by entry (the first of each), made when first asked:
    /// the contrib checks each look every INSTALLED_APPS entry up.
    pub(crate) app_index: std::cell::OnceCell<AppIndex<'s>>,
}

pub(crate) type AppIndex<'s> =
    std::collections::HashMap<&'s str, &'s crate::analysis::apps::AppFact>;

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

/// What the evaluation found out from files, for the checks that depend on
/// more than the settings' values (`Evaluation::apps`, `Evaluation::dirs`).
#[derive(Clone, Copy, Default)]
pub struct Facts<'s> {
    pub apps: &'s [(String, crate::analysis::apps::AppFact)],
    /// `None`: nothing was looked up on disk.
    pub folders: Option<&'s crate::analysis::folders::Folders>,
    /// What the classes the settings name are (`Evaluation::classes`).
    pub classes: &'s [(String, crate::analysis::dotted::DottedFact)],
    /// The template tag libraries of the apps not Django's.
    pub libraries: &'s [crate::analysis::apps::AppLibraries],
}

pub(crate) type Q = Result<Tri, String>;

impl<'s> Ctx<'s> {
    /// A context without the evaluation's facts: an INSTALLED_APPS entry
    /// that is a project's config class is unknown.
    pub fn new(settings: &'s Settings<'s>) -> Ctx<'s> {
        Ctx::with_facts(settings, Facts::default())
    }

    pub fn with_facts(settings: &'s Settings<'s>, facts: Facts<'s>) -> Ctx<'s> {
        Ctx {
            settings,
            read: std::cell::RefCell::new(vec![]),
            disk: None,
            facts,
            app_index: std::cell::OnceCell::new(),
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

/// `d.get(key)` of a dict with string keys, as far as it is known:
/// `Ok(None)` when the key is certainly absent, `Err` when the dict's
/// contents (or a key) cannot be seen.
pub(crate) fn dict_get(
    d: &crate::analysis::eval::value::Dict,
    key: &str,
) -> Result<Option<Value>, crate::analysis::eval::value::Unknown> {
    use crate::analysis::eval::value::Extra;
    let needle = Value::str(key);
    let mut unknown = None;
    for (k, v) in d.entries.iter().rev() {
        match k.py_eq(&needle) {
            Tri::True => {
                return match &d.extra {
                    Extra::Uncertain(u) => Err(u.clone()),
                    _ => Ok(Some(v.clone())),
                }
            }
            Tri::False => {}
            Tri::Unknown(u) => unknown = Some(u),
        }
    }
    if let Some(u) = unknown {
        return Err(u);
    }
    match &d.extra {
        Extra::Exact => Ok(None),
        Extra::MayContainMore(u) | Extra::Uncertain(u) => Err(u.clone()),
    }
}

/// Python's `type(value).__name__`.
pub(crate) fn py_type_name(v: &Value) -> &'static str {
    match v {
        Value::None => "NoneType",
        other => other.type_name(),
    }
}

/// For the rules' unit tests: a rule's outcomes on a module (as
/// `/proj/settings.py`, beside a `manage.py`) judged by `version`.
#[cfg(test)]
pub(crate) mod testing {
    use super::super::{DjangoVersion, Outcome};
    use super::{Ctx, Facts};
    use crate::analysis::eval::testing::evaluate_module;
    use crate::analysis::settings::Settings;

    pub(crate) fn outcomes(
        rule: fn(&Ctx) -> Vec<Outcome>,
        module: &str,
        version: DjangoVersion,
    ) -> Vec<Outcome> {
        judge(rule, &evaluate_module(module), version)
    }

    /// The rule's outcomes on `/proj/settings.py` of a project of `files`
    /// (beside a `manage.py`).
    pub(crate) fn outcomes_in(
        rule: fn(&Ctx) -> Vec<Outcome>,
        files: &[(&str, &str)],
        version: DjangoVersion,
    ) -> Vec<Outcome> {
        let mut sources = crate::analysis::source::MemorySources::new();
        sources.put("/proj/manage.py", "");
        for (path, text) in files {
            sources.put(*path, text);
        }
        let path = std::path::PathBuf::from("/proj/settings.py");
        let eval =
            crate::analysis::eval::driver::evaluate(&path, &sources).expect("the module loads");
        judge(rule, &eval, version)
    }

    fn judge(
        rule: fn(&Ctx) -> Vec<Outcome>,
        eval: &crate::analysis::eval::driver::Evaluation,
        version: DjangoVersion,
    ) -> Vec<Outcome> {
        let settings = Settings {
            namespace: &eval.namespace,
            version,
        };
        let facts = Facts {
            apps: &eval.apps,
            folders: Some(&eval.folders),
            classes: &eval.classes,
            libraries: &eval.libraries,
        };
        rule(&Ctx::with_facts(&settings, facts))
    }

    /// How many messages the rule prints, or `None` when it crashes or is
    /// undecided.
    pub(crate) fn fires(
        rule: fn(&Ctx) -> Vec<Outcome>,
        module: &str,
        version: DjangoVersion,
    ) -> Option<usize> {
        let out = outcomes(rule, module, version);
        if out
            .iter()
            .any(|o| matches!(o, Outcome::Crash(_) | Outcome::Undecided(_)))
        {
            return None;
        }
        Some(
            out.iter()
                .filter(|o| matches!(o, Outcome::Fire(_) | Outcome::FireNaming(..)))
                .count(),
        )
    }

    pub(crate) fn crashes(
        rule: fn(&Ctx) -> Vec<Outcome>,
        module: &str,
        version: DjangoVersion,
    ) -> bool {
        outcomes(rule, module, version)
            .iter()
            .any(|o| matches!(o, Outcome::Crash(_)))
    }

    pub(crate) fn undecided(
        rule: fn(&Ctx) -> Vec<Outcome>,
        module: &str,
        version: DjangoVersion,
    ) -> bool {
        let out = outcomes(rule, module, version);
        out.iter().any(|o| matches!(o, Outcome::Undecided(_)))
            && !out.iter().any(|o| matches!(o, Outcome::Crash(_)))
    }

    /// The values Django's message names, for each message printed.
    pub(crate) fn named(
        rule: fn(&Ctx) -> Vec<Outcome>,
        module: &str,
        version: DjangoVersion,
    ) -> Vec<String> {
        outcomes(rule, module, version)
            .into_iter()
            .filter_map(|o| match o {
                Outcome::FireNaming(_, n) => Some(n),
                _ => None,
            })
            .collect()
    }
}
