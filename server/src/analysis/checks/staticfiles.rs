//! The staticfiles app's checks (`django/contrib/staticfiles/checks.py`):
//! the finders' own checks, of which only `FileSystemFinder.check()` says
//! anything (E001–E003, W004 on STATICFILES_DIRS), and 5.2+'s E005 (a
//! `staticfiles` storage in STORAGES). They run only when the app is
//! installed. Each finder of STATICFILES_FINDERS is built (once: Django
//! caches them) and checked in order, so a FileSystemFinder listed twice
//! reports everything twice.

use super::ctx::{dict_get, py_in, Ctx};
use super::Outcome;
use crate::analysis::dotted::DottedFact;
use crate::analysis::eval::paths::path_str;
use crate::analysis::eval::repr;
use crate::analysis::eval::value::{Extra, IterError, Tri, Unknown, Value};
use crate::analysis::folders::Place;

const STATICFILES_APP: &str = "django.contrib.staticfiles";
const FINDERS: &str = "django.contrib.staticfiles.finders.";

pub(crate) fn e001(c: &Ctx) -> Vec<Outcome> {
    finder_check(c, |f| &f.e001, true)
}
pub(crate) fn e002(c: &Ctx) -> Vec<Outcome> {
    finder_check(c, |f| &f.e002, false)
}
pub(crate) fn e003(c: &Ctx) -> Vec<Outcome> {
    finder_check(c, |f| &f.e003, false)
}
pub(crate) fn w004(c: &Ctx) -> Vec<Outcome> {
    finder_check(c, |f| &f.w004, false)
}

/// E005: `"staticfiles" not in settings.STORAGES`.
pub(crate) fn e005(c: &Ctx) -> Vec<Outcome> {
    gated(c, || {
        let s = c.get("STORAGES");
        match py_in(&s.value, "staticfiles") {
            Some(Tri::False) => vec![Outcome::Fire(
                "STORAGES has no 'staticfiles' storage, which collectstatic and the static template tag use".into(),
            )],
            Some(Tri::True) => vec![Outcome::Pass],
            Some(Tri::Unknown(u)) => vec![Outcome::Undecided(u)],
            None => vec![Outcome::Crash(format!(
                "STORAGES is {}, so Django's `'staticfiles' in STORAGES` raises TypeError",
                s.value.a_type_name()
            ))],
        }
    })
}

/// Only when the app registers its checks; an unknown installation leaves
/// undecided what would not pass.
fn gated(c: &Ctx, outcomes: impl FnOnce() -> Vec<Outcome>) -> Vec<Outcome> {
    match c.app_checks_run(STATICFILES_APP) {
        Tri::False => vec![],
        Tri::True => outcomes(),
        Tri::Unknown(u) => {
            let o = outcomes();
            if o.iter().all(|x| matches!(x, Outcome::Pass)) {
                o
            } else {
                vec![Outcome::Undecided(u)]
            }
        }
    }
}

/// What `FileSystemFinder.check()` reports once, per check.
#[derive(Default)]
struct FinderErrors {
    e001: Vec<Outcome>,
    e002: Vec<Outcome>,
    e003: Vec<Outcome>,
    w004: Vec<Outcome>,
}

/// One check's share of `check_finders`: FileSystemFinder's errors once per
/// time it is listed; what raises is reported by E001 alone (the run stops
/// there). A finder of the project's may be a FileSystemFinder: what the
/// check would report is then undecided.
fn finder_check(
    c: &Ctx,
    pick: impl Fn(&FinderErrors) -> &Vec<Outcome>,
    reports_crash: bool,
) -> Vec<Outcome> {
    gated(c, || {
        let finders = match finders(c) {
            Ok(f) => f,
            Err(Outcome::Crash(why)) if reports_crash => return vec![Outcome::Crash(why)],
            Err(Outcome::Crash(_)) => return vec![],
            Err(other) => return vec![other],
        };
        let mut out = vec![];
        if finders.file_system == 0 && finders.unknown.is_none() {
            return out;
        }
        let errors = match file_system_finder(c) {
            Ok(e) => e,
            Err(Outcome::Crash(why)) if reports_crash => return vec![Outcome::Crash(why)],
            Err(Outcome::Crash(_)) => return vec![],
            Err(other) => return vec![other],
        };
        let mine = pick(&errors);
        let reports = mine.iter().any(|o| !matches!(o, Outcome::Pass));
        if let Some(u) = finders.unknown {
            if reports {
                return vec![Outcome::Undecided(u)];
            }
        }
        for n in 0..finders.file_system {
            // Each time again, said so: identical findings are one.
            out.extend(mine.iter().map(|o| match (n, o) {
                (0, o) => o.clone(),
                (n, Outcome::Fire(m)) => Outcome::Fire(again(m, n)),
                (n, Outcome::FireNaming(m, v)) => Outcome::FireNaming(again(m, n), v.clone()),
                (_, o) => o.clone(),
            }));
        }
        out
    })
}

fn again(message: &str, n: usize) -> String {
    format!(
        "{message} (reported again: STATICFILES_FINDERS lists FileSystemFinder {} times)",
        n + 1
    )
}

struct Finders {
    /// How many times FileSystemFinder is listed.
    file_system: usize,
    /// A finder the checker cannot see into (the project's).
    unknown: Option<Unknown>,
}

/// STATICFILES_FINDERS as `get_finders()` builds them: each imported (any
/// failure raises), checked to be a BaseFinder and instantiated.
fn finders(c: &Ctx) -> Result<Finders, Outcome> {
    let s = c.get("STATICFILES_FINDERS");
    let (items, extra) = match s.value.iter_items() {
        Ok(x) => x,
        Err(IterError::Unknown(u)) => return Err(Outcome::Undecided(u)),
        Err(IterError::NotIterable(_)) => {
            return Err(Outcome::Crash(format!(
                "STATICFILES_FINDERS is {}, which Django cannot iterate",
                s.value.a_type_name()
            )))
        }
    };
    let mut out = Finders {
        file_system: 0,
        unknown: match extra {
            Extra::Exact => None,
            Extra::MayContainMore(u) | Extra::Uncertain(u) => Some(u),
        },
    };
    for item in &items {
        let path = match item {
            Value::Str(p) => p,
            Value::Unknown(u) => {
                out.unknown.get_or_insert_with(|| u.clone());
                continue;
            }
            other => {
                return Err(Outcome::Crash(format!(
                    "STATICFILES_FINDERS holds {}, and import_string() calls its rsplit()",
                    other.a_type_name()
                )))
            }
        };
        match path.strip_prefix(FINDERS) {
            Some("FileSystemFinder") => out.file_system += 1,
            // No check() of their own: NotImplementedError, which Django
            // skips.
            Some("AppDirectoriesFinder" | "BaseFinder") => {}
            Some("DefaultStorageFinder") => match default_storage_location(c) {
                Tri::True => {}
                Tri::False => {
                    return Err(Outcome::Crash(
                        "STATICFILES_FINDERS names DefaultStorageFinder, and the default storage has no location (MEDIA_ROOT is empty): ImproperlyConfigured".into(),
                    ))
                }
                Tri::Unknown(u) => {
                    out.unknown.get_or_insert(u);
                }
            },
            Some("BaseStorageFinder") => {
                return Err(Outcome::Crash(
                    "STATICFILES_FINDERS names BaseStorageFinder, which has no storage class (ImproperlyConfigured)".into(),
                ))
            }
            _ if path.starts_with("django.") || !path.contains('.') || path.starts_with('.') => {
                return Err(Outcome::Crash(format!(
                    "STATICFILES_FINDERS names '{path}', which is not one of Django's finders (importing it fails, or it is no BaseFinder)"
                )))
            }
            _ => match c.facts.classes.iter().find(|(p, _)| p == &**path).map(|(_, f)| f) {
                Some(DottedFact::ImportError | DottedFact::NotAClass) => {
                    return Err(Outcome::Crash(format!(
                        "STATICFILES_FINDERS names '{path}', which is no class to import (ImportError, or issubclass() raises TypeError)"
                    )))
                }
                Some(DottedFact::Class(bases)) if !bases.iter().any(|b| b.starts_with(FINDERS)) => {
                    return Err(Outcome::Crash(format!(
                        "STATICFILES_FINDERS names '{path}', which is no subclass of BaseFinder (ImproperlyConfigured)"
                    )))
                }
                // A finder of its own: only a FileSystemFinder reports
                // these checks (unless it overrides its check).
                Some(DottedFact::Class(bases)) if !bases.iter().any(|b| b.ends_with(".FileSystemFinder")) => {}
                _ => {
                    out.unknown.get_or_insert_with(|| {
                        Unknown::new(format!(
                            "STATICFILES_FINDERS names '{path}', the project's or a package's finder, which may be a FileSystemFinder"
                        ))
                    });
                }
            },
        }
    }
    Ok(out)
}

/// Whether DefaultStorageFinder's storage (STORAGES["default"]) has a
/// `base_location`, which its constructor requires: for Django's
/// FileSystemStorage, OPTIONS["location"] or else MEDIA_ROOT.
fn default_storage_location(c: &Ctx) -> Tri {
    let unknown = || {
        Tri::Unknown(Unknown::new("DefaultStorageFinder builds the default storage, which raises unless it has a location"))
    };
    if c.settings.version < super::DjangoVersion::V5_2 && !c.get("DEFAULT_FILE_STORAGE").is_absent()
    {
        return unknown();
    }
    let storages = c.get("STORAGES");
    let Value::Dict(d) = &storages.value else {
        return unknown();
    };
    let Ok(Some(Value::Dict(default))) = dict_get(&d.borrow(), "default") else {
        return unknown();
    };
    let default = default.borrow();
    let backend = dict_get(&default, "BACKEND");
    if !matches!(&backend, Ok(Some(Value::Str(b))) if &**b == "django.core.files.storage.FileSystemStorage")
    {
        return unknown();
    }
    let location = match dict_get(&default, "OPTIONS") {
        Ok(None) => None,
        Ok(Some(Value::Dict(o))) => match dict_get(&o.borrow(), "location") {
            Ok(l) => l,
            Err(u) => return Tri::Unknown(u),
        },
        _ => return unknown(),
    };
    match location {
        Some(l) => l.truthy(),
        None => c.get("MEDIA_ROOT").value.truthy(),
    }
}

/// `FileSystemFinder.__init__` then `check()`: what raises, else each
/// check's outcomes (one per entry where Django reports one per entry).
fn file_system_finder(c: &Ctx) -> Result<FinderErrors, Outcome> {
    let s = c.get("STATICFILES_DIRS");
    let (items, extra) = match s.value.iter_items() {
        Ok(x) => x,
        Err(IterError::Unknown(u)) => return Err(Outcome::Undecided(u)),
        // The constructor iterates it first.
        Err(IterError::NotIterable(_)) => {
            return Err(Outcome::Crash(format!(
                "STATICFILES_DIRS is {}, which FileSystemFinder iterates (TypeError)",
                s.value.a_type_name()
            )))
        }
    };
    let mut out = FinderErrors::default();
    if let Extra::Uncertain(u) | Extra::MayContainMore(u) = &extra {
        // What it may hold could be anything: nothing is certain but E001.
        if !matches!(s.value, Value::List(_) | Value::Tuple(_)) {
            return Err(Outcome::Undecided(u.clone()));
        }
    }
    let entries = constructor(&items)?;
    if !matches!(s.value, Value::List(_) | Value::Tuple(_)) {
        out.e001.push(Outcome::Fire(format!(
            "STATICFILES_DIRS is {}, not a list or a tuple",
            s.value.a_type_name()
        )));
        return Ok(out);
    }
    let root_setting = c.get("STATIC_ROOT");
    let static_root = &root_setting.value;
    for (i, (prefix, root)) in entries.iter().enumerate() {
        if let Some(prefix) = prefix {
            match prefix {
                Value::Str(p) if p.ends_with('/') => out.e003.push(Outcome::FireNaming(
                    format!(
                        "the prefix {} of STATICFILES_DIRS[{i}] ends with a slash: Django adds one of its own",
                        repr(prefix).unwrap_or_default()
                    ),
                    repr(prefix).unwrap_or_default(),
                )),
                Value::Str(_) => {}
                Value::Unknown(u) => out.e003.push(Outcome::Undecided(u.clone())),
                other => {
                    return Err(Outcome::Crash(format!(
                        "a STATICFILES_DIRS prefix is {}, and Django calls its endswith()",
                        other.a_type_name()
                    )))
                }
            }
        }
        out.e002.push(same_as_root(static_root, root, i)?);
        out.w004.push(missing_folder(root, i, c)?);
    }
    if let Extra::MayContainMore(u) = &extra {
        for list in [&mut out.e002, &mut out.e003, &mut out.w004] {
            list.push(Outcome::Undecided(u.clone()));
        }
    }
    Ok(out)
}

/// The constructor's loop: a list or tuple entry must be a pair, every
/// root a dict key (hashable). Each entry's prefix (for a pair) and root.
fn constructor(items: &[Value]) -> Result<Vec<(Option<Value>, Value)>, Outcome> {
    let mut out = vec![];
    for item in items {
        let (prefix, root) = match item {
            Value::List(_) | Value::Tuple(_) => match item.iter_items() {
                Ok((pair, Extra::Exact)) if pair.len() == 2 => {
                    (Some(pair[0].clone()), pair[1].clone())
                }
                Ok((pair, Extra::Exact)) => {
                    return Err(Outcome::Crash(format!(
                    "a STATICFILES_DIRS entry has {} items, not a (prefix, path) pair (ValueError)",
                    pair.len()
                )))
                }
                Ok((_, Extra::MayContainMore(u) | Extra::Uncertain(u)))
                | Err(IterError::Unknown(u)) => return Err(Outcome::Undecided(u)),
                Err(IterError::NotIterable(_)) => unreachable!("a list or a tuple"),
            },
            other => (None, other.clone()),
        };
        if matches!(root, Value::List(_) | Value::Dict(_) | Value::Set(_)) {
            return Err(Outcome::Crash(format!(
                "a STATICFILES_DIRS path is {}, which FileSystemFinder uses as a dict key (unhashable)",
                root.a_type_name()
            )));
        }
        out.push((prefix, root));
    }
    Ok(out)
}

/// E002 for one entry: `STATIC_ROOT and abspath(STATIC_ROOT) ==
/// abspath(root)`. Relative paths are taken from the working directory,
/// which the checker does not know: two paths are equal whatever it is
/// when they are the same once normalised, and differ whatever it is when
/// the absolute one does not end with the relative one.
fn same_as_root(static_root: &Value, root: &Value, i: usize) -> Result<Outcome, Outcome> {
    match static_root.truthy() {
        Tri::False => return Ok(Outcome::Pass),
        Tri::Unknown(u) => return Ok(Outcome::Undecided(u)),
        Tri::True => {}
    }
    // abspath() of bytes is bytes, never equal to a str.
    match (static_root, root) {
        (Value::Bytes(_), Value::Bytes(_)) => {
            return Ok(Outcome::Undecided(Unknown::new(
                "STATIC_ROOT and a STATICFILES_DIRS path are bytes",
            )))
        }
        (Value::Bytes(_), r) | (r, Value::Bytes(_)) if path_str(r).is_some() => {
            return Ok(Outcome::Pass)
        }
        _ => {}
    }
    let text = |v: &Value, what: &str| -> Result<Option<String>, Outcome> {
        match v {
            Value::Unknown(_) => Ok(None),
            v => path_str(v).map(Some).ok_or_else(|| {
                Outcome::Crash(format!(
                    "{what} is {}, and Django's os.path.abspath() of it raises TypeError",
                    v.a_type_name()
                ))
            }),
        }
    };
    let (a, b) = (
        text(static_root, "STATIC_ROOT")?,
        text(root, "a STATICFILES_DIRS path")?,
    );
    let (Some(a), Some(b)) = (a, b) else {
        let u = static_root.as_unknown().or(root.as_unknown()).cloned();
        return Ok(Outcome::Undecided(
            u.unwrap_or_else(|| Unknown::new("a path the checker cannot see")),
        ));
    };
    let fire = || {
        Outcome::Fire(format!(
            "STATICFILES_DIRS[{i}] is {}, the folder STATIC_ROOT names: collectstatic would copy the files into a folder it collects from",
            repr(root).unwrap_or_default()
        ))
    };
    Ok(match same_abspath(&a, &b) {
        Some(true) => fire(),
        Some(false) => Outcome::Pass,
        None => {
            Outcome::Undecided(Unknown::new(format!(
                "whether STATIC_ROOT {a:?} and the STATICFILES_DIRS path {b:?} are the same folder depends on the folder manage.py check runs from"
            )))
        }
    })
}

/// Whether `os.path.abspath(a) == os.path.abspath(b)` whatever the working
/// directory is (`None`: it depends on it).
pub(crate) fn same_abspath(a: &str, b: &str) -> Option<bool> {
    let (na, nb) = (normpath(a), normpath(b));
    if na == nb {
        return Some(true);
    }
    match (a.starts_with('/'), b.starts_with('/')) {
        (true, true) => Some(false),
        (false, false) => {
            // The working directory cancels out unless `..` climbs above it.
            if na.starts_with("..") || nb.starts_with("..") {
                None
            } else {
                Some(false)
            }
        }
        (true, false) => relative_could_be(&na, &nb),
        (false, true) => relative_could_be(&nb, &na),
    }
}

/// Whether `abspath(rel)` can be `abs` for some working directory: it ends
/// with the part of `rel` after its leading `..`s.
fn relative_could_be(abs: &str, rel: &str) -> Option<bool> {
    let tail: Vec<&str> = rel.split('/').skip_while(|p| *p == "..").collect();
    let tail = tail.join("/");
    if tail.is_empty() || tail == "." {
        return None;
    }
    if abs == format!("/{tail}") || abs.ends_with(&format!("/{tail}")) {
        None
    } else {
        Some(false)
    }
}

/// Python's `posixpath.normpath`.
pub(crate) fn normpath(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    // POSIX allows one implementation-defined leading `//`.
    let initial = if p.starts_with("//") && !p.starts_with("///") {
        "//"
    } else if p.starts_with('/') {
        "/"
    } else {
        ""
    };
    let mut parts: Vec<&str> = vec![];
    for comp in p.split('/') {
        if comp.is_empty() || comp == "." {
            continue;
        }
        if comp != ".." || (initial.is_empty() && parts.is_empty()) || parts.last() == Some(&"..") {
            parts.push(comp);
        } else if !parts.is_empty() {
            parts.pop();
        }
    }
    let joined = format!("{initial}{}", parts.join("/"));
    if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

/// W004 for one entry: `not os.path.isdir(root)`, from what the disk showed
/// when the module was evaluated.
fn missing_folder(root: &Value, i: usize, c: &Ctx) -> Result<Outcome, Outcome> {
    let text = match root {
        Value::Unknown(u) => return Ok(Outcome::Undecided(u.clone())),
        Value::None => {
            return Err(Outcome::Crash(
                "a STATICFILES_DIRS path is None, and Django's os.path.isdir() of it raises TypeError".into(),
            ))
        }
        v => match path_str(v) {
            Some(t) => t,
            None => {
                return Ok(Outcome::Undecided(Unknown::new(format!(
                    "a STATICFILES_DIRS path is {}, which os.path.isdir() reads as the checker does not",
                    v.a_type_name()
                ))))
            }
        },
    };
    let fire = |how: &str| {
        Outcome::FireNaming(
            format!("the folder '{text}' of STATICFILES_DIRS[{i}] does not exist{how}"),
            text.clone(),
        )
    };
    if text.is_empty() {
        // isdir('') is false whatever the working directory.
        return Ok(fire(""));
    }
    let Some(folders) = c.facts.folders else {
        return Ok(Outcome::Undecided(Unknown::new(
            "the checker did not look at the disk",
        )));
    };
    Ok(match folders.place(&text) {
        Place::Project {
            path,
            from_manage_dir,
        } => match folders.is_dir(&path) {
            Some(true) => Outcome::Pass,
            Some(false) if from_manage_dir => fire(
                " (taken from manage.py's folder, where manage.py check is usually run; Django takes a relative path from the working directory)",
            ),
            Some(false) => fire(""),
            None => Outcome::Undecided(Unknown::new(format!("the folder '{text}' was not looked up"))),
        },
        Place::Outside => Outcome::Undecided(Unknown::new(format!(
            "'{text}' is outside the project, a deploy path that this machine's disk does not show"
        ))),
        Place::Relative => Outcome::Undecided(Unknown::new(format!(
            "'{text}' is relative: Django takes it from the folder manage.py check runs from, and there is no manage.py to say which"
        ))),
    })
}

#[cfg(test)]
mod tests {
    use super::super::ctx::testing::{crashes, fires, named, undecided};
    use super::super::DjangoVersion as V;
    use super::*;

    fn m(more: &str) -> String {
        format!("INSTALLED_APPS = [\"django.contrib.staticfiles\"]\n{more}")
    }

    #[test]
    fn e001_a_list_or_a_tuple() {
        for v in V::SUPPORTED {
            assert_eq!(
                fires(e001, &m("STATICFILES_DIRS = \"static\"\n"), v),
                Some(1)
            );
            assert_eq!(
                fires(e001, &m("STATICFILES_DIRS = {\"/tmp\"}\n"), v),
                Some(1)
            );
            assert_eq!(
                fires(e001, &m("STATICFILES_DIRS = {\"/tmp\": 1}\n"), v),
                Some(1)
            );
            assert_eq!(
                fires(e001, &m("STATICFILES_DIRS = (\"/tmp\",)\n"), v),
                Some(0)
            );
            assert_eq!(fires(e001, &m(""), v), Some(0));
            // FileSystemFinder iterates it before its check does.
            assert!(crashes(e001, &m("STATICFILES_DIRS = None\n"), v));
            // Only FileSystemFinder checks; without it nothing is read.
            let finders = "STATICFILES_FINDERS = [\"django.contrib.staticfiles.finders.AppDirectoriesFinder\"]\n";
            assert_eq!(
                fires(e001, &m(&format!("STATICFILES_DIRS = None\n{finders}")), v),
                Some(0)
            );
            assert_eq!(
                fires(
                    e001,
                    &m("STATICFILES_DIRS = \"x\"\nSTATICFILES_FINDERS = []\n"),
                    v
                ),
                Some(0)
            );
            // Not installed: nothing.
            assert_eq!(fires(e001, "STATICFILES_DIRS = None\n", v), Some(0));
        }
    }

    #[test]
    fn the_constructor_and_the_finders_raise() {
        let v = V::V5_2;
        assert!(crashes(
            e001,
            &m("STATICFILES_DIRS = [(\"a\", \"b\", \"c\")]\n"),
            v
        ));
        assert!(crashes(
            e001,
            &m("STATICFILES_DIRS = [(\"p\", [\"/tmp\"])]\n"),
            v
        ));
        assert!(crashes(e001, &m("STATICFILES_DIRS = [(1, \"/tmp\")]\n"), v));
        assert!(crashes(e001, &m("STATICFILES_DIRS = [None]\n"), v));
        assert!(crashes(
            e001,
            &m("STATIC_ROOT = 5\nSTATICFILES_DIRS = [\"/tmp\"]\n"),
            v
        ));
        assert!(crashes(e001, &m("STATICFILES_FINDERS = [\"x\"]\n"), v));
        assert!(crashes(e001, &m("STATICFILES_FINDERS = [\"django.contrib.staticfiles.finders.BaseStorageFinder\"]\n"), v));
        let default_storage =
            "STATICFILES_FINDERS = [\"django.contrib.staticfiles.finders.DefaultStorageFinder\"]\n";
        assert!(crashes(e001, &m(default_storage), v));
        assert_eq!(
            fires(
                e001,
                &m(&format!("{default_storage}MEDIA_ROOT = \"/srv/media\"\n")),
                v
            ),
            Some(0)
        );
        // Only E001 reports what raises.
        assert!(!crashes(e002, &m("STATICFILES_DIRS = None\n"), v));
        assert!(undecided(e003, &m("STATICFILES_DIRS = [(\"css/\", \"/tmp\")]\nSTATICFILES_FINDERS = [\"myproj.finders.Mine\"]\n"), v));
    }

    #[test]
    fn e002_compares_absolute_paths() {
        for v in V::SUPPORTED {
            let dirs = "STATIC_ROOT = \"/srv/static/\"\nSTATICFILES_DIRS = [\"/srv/static\", \"/srv/x/../static\", (\"p\", \"/srv/static\"), \"/srv\"]\n";
            assert_eq!(fires(e002, &m(dirs), v), Some(3));
            let rel = "STATIC_ROOT = \"static\"\nSTATICFILES_DIRS = [\"./static\", \"static/\", \"other\"]\n";
            assert_eq!(fires(e002, &m(rel), v), Some(2));
            assert_eq!(
                fires(e002, &m("STATICFILES_DIRS = [\"/srv/static\"]\n"), v),
                Some(0)
            );
            // A relative path against an absolute one: the working directory decides.
            assert!(undecided(
                e002,
                &m("STATIC_ROOT = \"/srv/static\"\nSTATICFILES_DIRS = [\"static\"]\n"),
                v
            ));
            assert_eq!(
                fires(
                    e002,
                    &m("STATIC_ROOT = \"/srv/collected\"\nSTATICFILES_DIRS = [\"static\"]\n"),
                    v
                ),
                Some(0)
            );
            // FileSystemFinder listed twice: everything twice.
            let twice = "STATIC_ROOT = \"/srv/s\"\nSTATICFILES_DIRS = [\"/srv/s\"]\nSTATICFILES_FINDERS = [\"django.contrib.staticfiles.finders.FileSystemFinder\"] * 2\n";
            assert_eq!(fires(e002, &m(twice), v), Some(2));
        }
    }

    #[test]
    fn same_abspath_whatever_the_working_directory() {
        assert_eq!(same_abspath("/a/b/", "/a/./b"), Some(true));
        assert_eq!(same_abspath("/a/b", "/a/c/../b"), Some(true));
        assert_eq!(same_abspath("/a/b", "/a"), Some(false));
        assert_eq!(same_abspath("b", "./b/"), Some(true));
        assert_eq!(same_abspath("b", "c"), Some(false));
        assert_eq!(same_abspath("../b", "b"), None);
        assert_eq!(same_abspath("/a/b", "b"), None);
        assert_eq!(same_abspath("/a/b", "../a/b"), None);
        assert_eq!(same_abspath("/a/b", "c"), Some(false));
        assert_eq!(normpath("//a//b/"), "//a/b");
        assert_eq!(normpath("/../a"), "/a");
        assert_eq!(normpath("../../a/./b/.."), "../../a");
    }

    #[test]
    fn e003_and_e005() {
        for v in V::SUPPORTED {
            let dirs = "STATICFILES_DIRS = [(\"css/\", \"/tmp\"), [\"js/\", \"/tmp\"], (\"ok\", \"/tmp\")]\n";
            assert_eq!(named(e003, &m(dirs), v), vec!["'css/'", "'js/'"]);
            assert_eq!(
                fires(e005, &m("STORAGES = {\"default\": {}}\n"), v),
                Some(1)
            );
            assert_eq!(fires(e005, &m("STORAGES = \"staticfiles\"\n"), v), Some(0));
            assert_eq!(fires(e005, &m(""), v), Some(0));
            assert!(crashes(e005, &m("STORAGES = None\n"), v));
            let cfg = "INSTALLED_APPS = [\"django.contrib.staticfiles.apps.StaticFilesConfig\"]\nSTORAGES = {}\n";
            assert_eq!(fires(e005, cfg, v), Some(1));
            assert_eq!(fires(e005, "STORAGES = {}\n", v), Some(0));
        }
    }

    /// W004 reads the disk: inside the project, and a relative path from
    /// manage.py's folder; a deploy path outside it is not on this disk.
    #[test]
    fn w004_from_the_project_disk() {
        let v = V::V6_1;
        // The in-memory project has /proj (manage.py) and no other folder.
        assert_eq!(
            named(
                w004,
                &m("STATICFILES_DIRS = [\"/proj/static\", \"rel\", \"\"]\n"),
                v
            ),
            vec!["/proj/static", "rel", ""]
        );
        assert!(undecided(
            w004,
            &m("STATICFILES_DIRS = [\"/srv/static\"]\n"),
            v
        ));
        assert_eq!(
            fires(w004, &m("STATICFILES_DIRS = [\"/proj\", \".\"]\n"), v),
            Some(0)
        );
        assert_eq!(
            fires(
                w004,
                &m("import pathlib\nSTATICFILES_DIRS = [pathlib.Path(__file__).parent]\n"),
                v
            ),
            Some(0)
        );
        // Duplicates are each tested.
        assert_eq!(
            fires(
                w004,
                &m("STATICFILES_DIRS = [\"/proj/x\", \"/proj/x\"]\n"),
                v
            ),
            Some(2)
        );
    }
}

#[cfg(test)]
mod project_finders {
    use super::super::ctx::testing::outcomes_in;
    use super::super::DjangoVersion as V;
    use super::*;

    #[test]
    fn a_projects_finder_is_read_from_its_files() {
        let finders = "from django.contrib.staticfiles.finders import AppDirectoriesFinder, FileSystemFinder\n\nclass Apps(AppDirectoriesFinder):\n    pass\n\nclass Files(FileSystemFinder):\n    pass\n\nclass Nothing:\n    pass\n";
        let run = |finder: &str| {
            let settings = format!("INSTALLED_APPS = [\"django.contrib.staticfiles\"]\nSTATICFILES_DIRS = \"static\"\nSTATICFILES_FINDERS = [\"{finder}\"]\n");
            outcomes_in(
                e001,
                &[
                    ("/proj/proj/__init__.py", ""),
                    ("/proj/proj/finders.py", finders),
                    ("/proj/settings.py", &settings),
                ],
                V::V5_2,
            )
        };
        assert_eq!(run("proj.finders.Apps"), vec![]);
        assert!(matches!(
            run("proj.finders.Files")[..],
            [Outcome::Undecided(_)]
        ));
        assert!(matches!(
            run("proj.finders.Nothing")[..],
            [Outcome::Crash(_)]
        ));
        assert!(matches!(
            run("proj.finders.Missing")[..],
            [Outcome::Crash(_)]
        ));
    }
}
