//! Django's cache checks the settings decide (`django/core/checks/caches.py`,
//! core): E001 (a `default` cache), W003 (a FileBasedCache with a
//! relative LOCATION) and the deploy check W002 (a FileBasedCache's folder
//! that is, is inside or holds MEDIA_ROOT, STATIC_ROOT or a STATICFILES_DIRS
//! entry). W003 instantiates every cache, as Django's
//! `caches[alias]` does, so a backend that cannot be built crashes it.

use super::ctx::{decide, py_in, Ctx};
use super::Outcome;
use crate::analysis::eval::objects::Object;
use crate::analysis::eval::paths::path_str;
use crate::analysis::eval::repr;
use crate::analysis::eval::value::{Extra, Tri, Unknown, Value};
use crate::analysis::source::lexical_normal;

pub(crate) fn e001(c: &Ctx) -> Vec<Outcome> {
    let v = c.get("CACHES").value;
    let q = match py_in(&v, "default") {
        Some(t) => Ok(t.negate()),
        None => Err(format!(
            "CACHES is {}, so Django's `'default' in CACHES` raises TypeError",
            v.a_type_name()
        )),
    };
    decide(q, || {
        format!(
            "{}: Django needs a cache named 'default' in it",
            c.describe("CACHES")
        )
    })
}

const BACKENDS: &str = "django.core.cache.backends.";

/// What building a cache of its `BACKEND` class gives: a FileBasedCache,
/// another of Django's caches, not known, or Django raises.
enum Backend {
    FileBased,
    Other,
    Unknown(Unknown),
    Crash(String),
}

/// Django's `caches[alias]` for one CACHES entry, as far as W003 needs it.
fn build(alias: &str, config: &Value) -> Backend {
    let config = match config {
        Value::Dict(d) => d.borrow().clone(),
        Value::Unknown(u) => return Backend::Unknown(u.clone()),
        Value::Object(_) => {
            return Backend::Unknown(Unknown::new(format!(
                "the '{alias}' cache is an object the checker cannot see into"
            )))
        }
        other => {
            return Backend::Crash(format!(
                "the '{alias}' cache is {}, not a dict, so Django cannot read its BACKEND",
                other.a_type_name()
            ))
        }
    };
    let get = |key: &str| {
        config
            .entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v.clone())
    };
    let uncertain = match &config.extra {
        Extra::Exact => None,
        Extra::MayContainMore(u) | Extra::Uncertain(u) => Some(u.clone()),
    };
    let backend = match (get("BACKEND"), uncertain) {
        (Some(b), None) | (Some(b @ Value::Str(_)), Some(_)) => b,
        (_, Some(u)) => return Backend::Unknown(u),
        (None, None) => {
            return Backend::Crash(format!("the '{alias}' cache has no BACKEND (KeyError)"))
        }
    };
    let path = match &backend {
        Value::Str(s) => s.to_string(),
        Value::Unknown(u) => return Backend::Unknown(u.clone()),
        other => {
            return Backend::Crash(format!(
                "the '{alias}' cache's BACKEND is {}, not a dotted path",
                other.a_type_name()
            ))
        }
    };
    let built = match path.strip_prefix(BACKENDS) {
        // Django's own classes; a subclass elsewhere is project code.
        Some("filebased.FileBasedCache") => Backend::FileBased,
        Some("locmem.LocMemCache") => match get("LOCATION") {
            // LocMemCache keys a dict with its LOCATION.
            Some(l @ (Value::List(_) | Value::Dict(_) | Value::Set(_))) => {
                return Backend::Crash(format!(
                    "the '{alias}' cache's LOCATION is {}, which LocMemCache cannot hash (TypeError)",
                    l.a_type_name()
                ))
            }
            _ => Backend::Other,
        },
        Some("dummy.DummyCache" | "db.DatabaseCache" | "redis.RedisCache") => Backend::Other,
        Some("memcached.PyMemcacheCache" | "memcached.PyLibMCCache") => {
            Backend::Unknown(Unknown::new(format!(
                "the '{alias}' cache needs its memcached client library, which Django imports when it builds the cache (it raises if the project's environment lacks it)"
            )))
        }
        // A module Django does not have: the import fails.
        Some(rest)
            if !["base.", "db.", "dummy.", "filebased.", "locmem.", "memcached.", "redis."]
                .iter()
                .any(|m| rest.starts_with(m)) =>
        {
            Backend::Crash(format!(
                "the '{alias}' cache's BACKEND {} names no module of Django's (InvalidCacheBackendError)",
                repr(&backend).unwrap_or_default()
            ))
        }
        _ if !path.contains('.') => Backend::Crash(format!(
            "the '{alias}' cache's BACKEND {} is not a dotted path (InvalidCacheBackendError)",
            repr(&backend).unwrap_or_default()
        )),
        _ => Backend::Unknown(Unknown::new(format!(
            "the '{alias}' cache's backend {} is a class the checker does not model",
            repr(&backend).unwrap_or_default()
        ))),
    };
    if !matches!(built, Backend::FileBased | Backend::Other) {
        return built;
    }
    // BaseCache.__init__: `params.get("OPTIONS", {}).get(...)`, and
    // KEY_FUNCTION imported or called.
    match get("OPTIONS") {
        None | Some(Value::Dict(_)) => {}
        Some(Value::Unknown(u)) => return Backend::Unknown(u),
        Some(Value::Object(_)) => {
            return Backend::Unknown(Unknown::new(format!(
                "the '{alias}' cache's OPTIONS is an object the checker cannot see into"
            )))
        }
        Some(other) => {
            return Backend::Crash(format!(
                "the '{alias}' cache's OPTIONS is {}, not a dict (AttributeError)",
                other.a_type_name()
            ))
        }
    }
    match get("KEY_FUNCTION") {
        None | Some(Value::None) => built,
        Some(_) => Backend::Unknown(Unknown::new(format!(
            "the '{alias}' cache's KEY_FUNCTION is project code, which Django imports when it builds the cache"
        ))),
    }
}

/// `pathlib.Path(location).is_absolute()` on POSIX.
fn location_is_absolute(alias: &str, location: Option<Value>) -> Result<Tri, String> {
    match location {
        None => Err(format!(
            "the '{alias}' cache is a FileBasedCache without LOCATION, so Django's check raises KeyError"
        )),
        Some(Value::Str(s)) => Ok(Tri::from_bool(s.starts_with('/'))),
        Some(Value::Object(o)) => match o.as_ref() {
            Object::Path(p) => Ok(Tri::from_bool(p.starts_with('/'))),
            _ => Ok(Tri::Unknown(Unknown::new(format!(
                "the '{alias}' cache's LOCATION is an object the checker cannot see into"
            )))),
        },
        Some(Value::Unknown(u)) => Ok(Tri::Unknown(u)),
        Some(other) => Err(format!(
            "the '{alias}' cache's LOCATION is {}, not a path (TypeError)",
            other.a_type_name()
        )),
    }
}

/// A cache entry's `LOCATION`, when it is a dict that has one.
fn location_of(config: &Value) -> Option<Value> {
    match config {
        Value::Dict(cd) => cd
            .borrow()
            .entries
            .iter()
            .find(|(k, _)| k.as_str() == Some("LOCATION"))
            .map(|(_, v)| v.clone()),
        _ => None,
    }
}

/// One warning per FileBasedCache alias whose LOCATION is relative.
pub(crate) fn w003(c: &Ctx) -> Vec<Outcome> {
    let v = c.get("CACHES").value;
    let d = match &v {
        Value::Dict(d) => d.borrow().clone(),
        Value::Unknown(u) => return vec![Outcome::Undecided(u.clone())],
        Value::Object(_) => {
            return vec![Outcome::Undecided(Unknown::new(
                "CACHES is an object the checker cannot see into",
            ))]
        }
        other => {
            return vec![Outcome::Crash(format!(
                "CACHES is {}, so Django's `CACHES.items()` raises AttributeError",
                other.a_type_name()
            ))]
        }
    };
    let mut out = vec![];
    for (key, config) in &d.entries {
        let alias = match key {
            Value::Str(s) => s.to_string(),
            Value::Unknown(u) => {
                out.push(Outcome::Undecided(u.clone()));
                continue;
            }
            other => repr(other).unwrap_or_else(|| other.a_type_name()),
        };
        let location = location_of(config);
        out.push(match build(&alias, config) {
            Backend::Other => Outcome::Pass,
            Backend::Unknown(u) => Outcome::Undecided(u),
            Backend::Crash(why) => Outcome::Crash(why),
            Backend::FileBased => match location_is_absolute(&alias, location) {
                Ok(Tri::True) => Outcome::Pass,
                Ok(Tri::False) => Outcome::FireNaming(
                    format!("the '{alias}' cache is a FileBasedCache whose LOCATION is a relative path: Django resolves it against the folder the server starts in; give an absolute path"),
                    alias.clone(),
                ),
                Ok(Tri::Unknown(u)) => Outcome::Undecided(u),
                Err(why) => Outcome::Crash(why),
            },
        });
    }
    if let Extra::MayContainMore(u) | Extra::Uncertain(u) = &d.extra {
        out.push(Outcome::Undecided(u.clone()));
    }
    out
}

/// The absolute, lexically normal form of a path Django `resolve()`s;
/// `Err` with why when a relative path makes it depend on the folder the
/// server starts in. (Symbolic links are not followed: for absolute deploy
/// paths the comparison is the path's own.)
fn resolved(v: &Value, what: &str) -> Result<Option<std::path::PathBuf>, Unknown> {
    match v {
        Value::Unknown(u) => Err(u.clone()),
        other => match path_str(other) {
            Some(p) if p.starts_with('/') => Ok(Some(lexical_normal(std::path::Path::new(&p)))),
            Some(_) => Err(Unknown::new(format!(
                "{what} is a relative path, which Django resolves against the folder the server starts in"
            ))),
            None => Ok(None),
        },
    }
}

/// One warning per setting and FileBasedCache alias whose folders match,
/// nest or hold each other.
pub(crate) fn w002(c: &Ctx) -> Vec<Outcome> {
    let caches = match c.get("CACHES").value {
        Value::Dict(d) => d.borrow().clone(),
        Value::Unknown(u) => return vec![Outcome::Undecided(u)],
        _ => return vec![],
    };
    let mut out = vec![];
    for name in ["MEDIA_ROOT", "STATIC_ROOT", "STATICFILES_DIRS"] {
        let setting = c.get(name).value;
        match setting.truthy() {
            Tri::False => continue,
            Tri::Unknown(u) => {
                out.push(Outcome::Undecided(u));
                continue;
            }
            Tri::True => {}
        }
        let values = if name == "STATICFILES_DIRS" {
            match setting.iter_items() {
                Ok((items, Extra::Exact)) => items
                    .iter()
                    .map(|i| match i {
                        Value::List(_) | Value::Tuple(_) => match i.iter_items() {
                            Ok((pair, _)) if pair.len() == 2 => pair[1].clone(),
                            _ => Value::None,
                        },
                        other => other.clone(),
                    })
                    .collect(),
                Ok((_, Extra::Uncertain(u) | Extra::MayContainMore(u))) => {
                    out.push(Outcome::Undecided(u));
                    continue;
                }
                Err(_) => continue,
            }
        } else {
            vec![setting.clone()]
        };
        let mut paths = vec![];
        let mut unseen = None;
        for v in &values {
            match resolved(v, name) {
                Ok(Some(p)) => paths.push(p),
                Ok(None) => {}
                Err(u) => unseen = Some(u),
            }
        }
        for (key, config) in &caches.entries {
            let Some(alias) = key.as_str() else { continue };
            match build(alias, config) {
                Backend::FileBased => {}
                Backend::Other | Backend::Crash(_) => continue,
                Backend::Unknown(u) => {
                    out.push(Outcome::Undecided(u));
                    continue;
                }
            }
            let location = location_of(config);
            let cache = match location
                .as_ref()
                .map(|l| resolved(l, "the cache's LOCATION"))
            {
                Some(Ok(Some(p))) => p,
                Some(Err(u)) => {
                    out.push(Outcome::Undecided(u));
                    continue;
                }
                _ => continue,
            };
            let relation = if paths.contains(&cache) {
                "matches"
            } else if paths.iter().any(|p| cache.starts_with(p)) {
                "is inside"
            } else if paths.iter().any(|p| p.starts_with(&cache)) {
                "contains"
            } else {
                if let Some(u) = &unseen {
                    out.push(Outcome::Undecided(u.clone()));
                }
                continue;
            };
            let sep = super::NAMES_SEP;
            out.push(Outcome::FireNaming(
                format!("the '{alias}' cache keeps its files in a folder that {relation} {name}: the web server may serve the cache, or collectstatic and uploads may overwrite it"),
                format!("{alias}{sep}{relation}{sep}{name}"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checks::DjangoVersion;
    use crate::analysis::eval::testing::evaluate_module;
    use crate::analysis::settings::Settings;

    fn run(rule: fn(&Ctx) -> Vec<Outcome>, module: &str) -> Vec<Outcome> {
        let eval = evaluate_module(module);
        let mut last: Option<Vec<Outcome>> = None;
        for version in DjangoVersion::SUPPORTED {
            let settings = Settings {
                namespace: &eval.namespace,
                version,
            };
            let o = rule(&Ctx::new(&settings));
            if let Some(l) = &last {
                assert_eq!(l, &o, "the same on every release");
            }
            last = Some(o);
        }
        last.unwrap()
    }

    fn kinds(rule: fn(&Ctx) -> Vec<Outcome>, module: &str) -> String {
        run(rule, module)
            .iter()
            .map(|o| match o {
                Outcome::Pass => 'p',
                Outcome::Fire(_) | Outcome::FireNaming(..) => 'F',
                Outcome::Undecided(_) => 'u',
                Outcome::Crash(_) => 'C',
            })
            .collect()
    }

    const FB: &str = "django.core.cache.backends.filebased.FileBasedCache";

    #[test]
    fn e001_needs_a_default_cache() {
        assert_eq!(kinds(e001, ""), "p");
        assert_eq!(kinds(e001, "CACHES = {}"), "F");
        assert_eq!(kinds(e001, "CACHES = {'other': {}}"), "F");
        assert_eq!(kinds(e001, "CACHES = ['default']"), "p", "`in` a list");
        assert_eq!(kinds(e001, "CACHES = 5"), "C");
    }

    #[test]
    fn w003_one_per_relative_file_based_location() {
        let two = format!("CACHES = {{'default': {{'BACKEND': '{FB}', 'LOCATION': '/tmp/c'}}, 'b': {{'BACKEND': '{FB}', 'LOCATION': '~/x'}}, 'c': {{'BACKEND': '{FB}', 'LOCATION': 'var/cache'}}}}");
        assert_eq!(kinds(w003, &two), "pFF");
        match &run(w003, &two)[1] {
            Outcome::FireNaming(_, alias) => assert_eq!(alias, "b"),
            other => panic!("{other:?}"),
        }
        let path = format!("from pathlib import Path\nCACHES = {{'default': {{'BACKEND': '{FB}', 'LOCATION': Path('/tmp/c')}}}}");
        assert_eq!(kinds(w003, &path), "p");
        // Other backends' LOCATION is never looked at.
        assert_eq!(kinds(w003, "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.db.DatabaseCache', 'LOCATION': 'table'}}"), "p");
        assert_eq!(kinds(w003, ""), "p");
    }

    #[test]
    fn w003_builds_every_cache_as_django_does() {
        let crash = |m: &str| assert_eq!(kinds(w003, m), "C", "{m}");
        crash(&format!("CACHES = {{'default': {{'BACKEND': '{FB}'}}}}"));
        crash("CACHES = {'default': {'LOCATION': 'x'}}");
        crash("CACHES = {'default': {'BACKEND': 'nodots'}}");
        crash("CACHES = {'default': {'BACKEND': 'django.core.cache.backends.nope.X'}}");
        crash("CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache', 'LOCATION': ['a']}}");
        crash("CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache', 'OPTIONS': []}}");
        crash("CACHES = {'default': 'x'}");
        crash(&format!(
            "CACHES = {{'default': {{'BACKEND': '{FB}', 'LOCATION': b'/tmp/c'}}}}"
        ));
        crash("CACHES = ['default']");
        // The memcached client library is the environment's; project classes are code.
        assert_eq!(kinds(w003, "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.memcached.PyMemcacheCache'}}"), "u");
        assert_eq!(
            kinds(
                w003,
                "CACHES = {'default': {'BACKEND': 'django_redis.cache.RedisCache'}}"
            ),
            "u"
        );
        assert_eq!(
            kinds(
                w003,
                "import os\nCACHES = {'default': {'BACKEND': os.environ['B']}}"
            ),
            "u"
        );
    }

    #[test]
    fn w002_a_file_cache_folder_that_matches_nests_or_holds_a_served_folder() {
        let with = |location: &str, rest: &str| {
            run(
                w002,
                &format!("CACHES = {{'default': {{'BACKEND': {FB:?}, 'LOCATION': {location:?}}}}}\n{rest}"),
            )
        };
        let names = |o: Vec<Outcome>| -> Vec<String> {
            o.into_iter()
                .map(|o| match o {
                    Outcome::FireNaming(_, n) => n.replace(super::super::NAMES_SEP, " "),
                    other => format!("{other:?}").chars().take(9).collect(),
                })
                .collect()
        };
        assert_eq!(
            names(with("/srv/media", "MEDIA_ROOT = '/srv/media/'")),
            ["default matches MEDIA_ROOT"]
        );
        assert_eq!(
            names(with("/srv/static/cache", "STATIC_ROOT = '/srv/static'")),
            ["default is inside STATIC_ROOT"]
        );
        assert_eq!(
            names(with(
                "/srv",
                "STATICFILES_DIRS = [('x', '/srv/assets'), '/opt/a']"
            )),
            ["default contains STATICFILES_DIRS"]
        );
        assert!(with("/var/tmp/cache", "MEDIA_ROOT = '/srv/media'").is_empty());
        assert!(
            with("/srv/media", "").is_empty(),
            "MEDIA_ROOT '' is skipped"
        );
        assert_eq!(kinds(w002, "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache', 'LOCATION': '/srv/media'}}\nMEDIA_ROOT = '/srv/media'"), "");
        // A relative path depends on the folder the server starts in.
        assert_eq!(kinds(w002, &format!("CACHES = {{'default': {{'BACKEND': {FB:?}, 'LOCATION': 'cache'}}}}\nMEDIA_ROOT = '/srv/media'")), "u");
        assert_eq!(kinds(w002, &format!("CACHES = {{'default': {{'BACKEND': {FB:?}, 'LOCATION': '/srv/x'}}}}\nMEDIA_ROOT = 'media'")), "u");
    }
}
