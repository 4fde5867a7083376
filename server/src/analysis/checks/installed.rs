//! What the contrib checks ask before anything else: whether an app is
//! installed, as Django's app registry sees it (`apps.is_installed(name)`
//! compares AppConfig names, so a config class installs its app), and what
//! `import_string` makes of a dotted path a setting names (a middleware, an
//! authentication backend, a staticfiles finder), as far as Django's own
//! classes are known facts.

use super::ctx::Ctx;
use crate::analysis::apps::{contrib_fact, AppFact};
use crate::analysis::dotted::DottedFact;
use crate::analysis::eval::value::{Extra, IterError, Tri, Unknown, Value};

impl Ctx<'_> {
    /// What the INSTALLED_APPS entry `entry` installs.
    fn app_fact(&self, entry: &str) -> AppFact {
        let index = self.app_index.get_or_init(|| {
            let mut index = super::ctx::AppIndex::new();
            for (e, f) in self.facts.apps {
                index.entry(e.as_str()).or_insert(f);
            }
            index
        });
        if let Some(f) = index.get(entry) {
            return (*f).clone();
        }
        if let Some(f) = contrib_fact(entry) {
            return f;
        }
        // Without the evaluation's facts (a rule's unit test): a module path
        // is written in lower case, a config class is not.
        let last = entry.rsplit('.').next().unwrap_or(entry);
        if last.starts_with(|c: char| c.is_uppercase()) {
            AppFact::Unknown
        } else {
            AppFact::Other(entry.to_string())
        }
    }

    /// `apps.is_installed(app)`: some entry's AppConfig is named `app`.
    pub(crate) fn app_installed(&self, app: &str) -> Tri {
        self.app_scan(app, false)
    }

    /// Whether `app` is installed by a config whose `ready()` registers the
    /// app's checks: Django's own, or a subclass that keeps its `ready()`.
    pub(crate) fn app_checks_run(&self, app: &str) -> Tri {
        self.app_scan(app, true)
    }

    fn app_scan(&self, app: &str, registers: bool) -> Tri {
        let s = self.get("INSTALLED_APPS");
        let (items, extra) = match s.value.iter_items() {
            Ok(x) => x,
            Err(IterError::Unknown(u)) => return Tri::Unknown(u),
            // Django refuses to load such settings (a load failure): no
            // check runs.
            Err(IterError::NotIterable(_)) => return Tri::False,
        };
        let mut unknown: Option<Unknown> = None;
        for item in &items {
            let entry = match item {
                Value::Str(e) => e,
                Value::Unknown(u) => {
                    unknown.get_or_insert_with(|| u.clone());
                    continue;
                }
                // Django cannot load it (a load failure, reported elsewhere).
                _ => continue,
            };
            match self.app_fact(entry) {
                AppFact::Contrib { app: a, .. } if a == app => return certain(&extra),
                AppFact::Subclass {
                    app: a,
                    ready_overridden,
                    base,
                    ..
                } if a == app => {
                    if registers && ready_overridden {
                        unknown.get_or_insert_with(|| {
                            Unknown::new(format!(
                                "INSTALLED_APPS entry '{entry}' subclasses {base} and overrides ready(), which registers the app's checks"
                            ))
                        });
                    } else {
                        return certain(&extra);
                    }
                }
                AppFact::Unknown => {
                    unknown.get_or_insert_with(|| {
                        Unknown::new(format!(
                            "the checker cannot tell which app INSTALLED_APPS entry '{entry}' installs"
                        ))
                    });
                }
                _ => {}
            }
        }
        if let Some(u) = unknown {
            return Tri::Unknown(u);
        }
        match extra {
            Extra::Exact => Tri::False,
            Extra::MayContainMore(u) | Extra::Uncertain(u) => Tri::Unknown(u),
        }
    }

    /// The INSTALLED_APPS facts that install `app` (for the admin: which
    /// config, and whether it changes the default site).
    pub(crate) fn app_configs(&self, app: &str) -> Vec<AppFact> {
        let Ok((items, _)) = self.get("INSTALLED_APPS").value.iter_items() else {
            return vec![];
        };
        items
            .iter()
            .filter_map(|i| i.as_str())
            .map(|e| self.app_fact(e))
            .filter(|f| match f {
                AppFact::Contrib { app: a, .. } | AppFact::Subclass { app: a, .. } => *a == app,
                _ => false,
            })
            .collect()
    }
}

/// A literal entry is in the list: certain, unless code the evaluator could
/// not run may have removed it.
fn certain(extra: &Extra) -> Tri {
    match extra {
        Extra::Uncertain(u) => Tri::Unknown(u.clone()),
        _ => Tri::True,
    }
}

/// What `django.utils.module_loading.import_string(path)` gives.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Imported {
    /// ImportError (no dot, no such module or attribute): the scans skip it.
    ImportError,
    /// One of the Django classes the checks ask about, and the classes it
    /// is a subclass of (itself first).
    Class(&'static [&'static str]),
    /// Something of Django's that is none of those classes nor a subclass.
    Other,
    /// A class of the project's (or a package's) and the classes asked
    /// about that it is a subclass of.
    Subclass(Vec<&'static str>),
    /// Not a class: `issubclass()` raises TypeError (both scans skip it).
    NotAClass,
    /// An exception other than ImportError: ValueError for an empty module
    /// name (`.`), TypeError for a relative one (`.x.Y`).
    Raises(&'static str),
    /// Code the checker does not read (the project's, a package's).
    Unknown(Unknown),
}

/// The Django classes the contrib checks test entries against, with the
/// classes each is a subclass of (itself first). Every other class of
/// Django's is a subclass of none of them (`grep` of the four releases).
const KNOWN_CLASSES: &[(&str, &[&str])] = &[
    (AUTH_MW, &[AUTH_MW]),
    (LOGIN_REQUIRED_MW, &[LOGIN_REQUIRED_MW]),
    (MESSAGE_MW, &[MESSAGE_MW]),
    (SESSION_MW, &[SESSION_MW]),
    (MODEL_BACKEND, &[MODEL_BACKEND]),
    (
        "django.contrib.auth.backends.AllowAllUsersModelBackend",
        &[MODEL_BACKEND],
    ),
    (
        "django.contrib.auth.backends.RemoteUserBackend",
        &[MODEL_BACKEND],
    ),
    (
        "django.contrib.auth.backends.AllowAllUsersRemoteUserBackend",
        &[MODEL_BACKEND],
    ),
];

pub const AUTH_MW: &str = "django.contrib.auth.middleware.AuthenticationMiddleware";
pub(crate) const LOGIN_REQUIRED_MW: &str = "django.contrib.auth.middleware.LoginRequiredMiddleware";
pub const MESSAGE_MW: &str = "django.contrib.messages.middleware.MessageMiddleware";
pub(crate) const SESSION_MW: &str = super::SESS_MW;
pub(crate) const MODEL_BACKEND: &str = "django.contrib.auth.backends.ModelBackend";

/// Django modules whose import can raise something other than ImportError
/// where a library is missing (GDAL, a database driver).
const FRAGILE_MODULES: &[&str] = &[
    "django.contrib.gis",
    "django.db.backends",
    "django.contrib.postgres",
];

/// `import_string(path)` for a string, as far as Django's own modules are
/// known facts (4.2 has no LoginRequiredMiddleware: an ImportError there).
pub(crate) fn import_string(path: &str, version: super::DjangoVersion) -> Imported {
    let Some((module, _)) = path.rsplit_once('.') else {
        return Imported::ImportError;
    };
    if module.is_empty() {
        return Imported::Raises("ValueError (Empty module name)");
    }
    if module.starts_with('.') {
        return Imported::Raises("TypeError (a relative import without a package)");
    }
    if module != "django" && !module.starts_with("django.") {
        return Imported::Unknown(Unknown::new(format!(
            "'{path}' is the project's or a package's code, which the checker does not import"
        )));
    }
    if FRAGILE_MODULES
        .iter()
        .any(|m| module == *m || module.starts_with(&format!("{m}.")))
    {
        return Imported::Unknown(Unknown::new(format!(
            "importing '{path}' needs libraries of the environment"
        )));
    }
    if path == LOGIN_REQUIRED_MW && version < super::DjangoVersion::V5_2 {
        return Imported::ImportError;
    }
    match KNOWN_CLASSES.iter().find(|(p, _)| *p == path) {
        Some((_, supers)) => Imported::Class(supers),
        None => Imported::Other,
    }
}

/// Whether `import_string(path)` is `class` or a subclass of it.
pub(crate) fn is_subclass(imported: &Imported, class: &str) -> Tri {
    match imported {
        Imported::Class(supers) => Tri::from_bool(supers.contains(&class)),
        Imported::Subclass(supers) => Tri::from_bool(supers.contains(&class)),
        Imported::Unknown(u) => Tri::Unknown(u.clone()),
        _ => Tri::False,
    }
}

impl Ctx<'_> {
    /// `import_string(path)` for an entry of a setting that names classes:
    /// Django's own are known facts; the project's and its packages' as
    /// their files say (`Evaluation::classes`).
    pub(crate) fn import_string(&self, path: &str) -> Imported {
        let version = self.settings.version;
        let known = import_string(path, version);
        let Imported::Unknown(_) = &known else {
            return known;
        };
        let Some((_, fact)) = self.facts.classes.iter().find(|(p, _)| p == path) else {
            return known;
        };
        match fact {
            DottedFact::ImportError => Imported::ImportError,
            DottedFact::NotAClass => Imported::NotAClass,
            DottedFact::Unknown => known,
            DottedFact::Class(bases) => {
                let mut supers: Vec<&'static str> = vec![];
                for b in bases {
                    match import_string(b, version) {
                        Imported::Class(s) => supers.extend(s.iter().copied()),
                        Imported::Unknown(u) => return Imported::Unknown(u),
                        // Another class of Django's, or one a release lacks.
                        _ => {}
                    }
                }
                Imported::Subclass(supers)
            }
        }
    }
}

/// One entry of a list of dotted paths (MIDDLEWARE, AUTHENTICATION_BACKENDS)
/// as a scan that imports each sees it.
#[derive(Debug, Clone)]
pub(crate) enum Entry {
    /// Is (a subclass of) each of the classes asked about, or not.
    Known(Vec<bool>),
    /// The scan raises when it reaches it (`why`); `caught` says whether a
    /// scan that catches TypeError skips it instead.
    Raises { why: String, type_error: bool },
    /// May or may not be each of them.
    Unknown(Unknown),
}

/// The entries of `setting` against `classes`, or why they cannot be had
/// (Err: the setting itself is unknown, or cannot be iterated: Django
/// crashes).
pub(crate) fn entries(
    c: &Ctx,
    setting: &'static str,
    classes: &[&str],
) -> Result<Vec<Entry>, Result<Unknown, String>> {
    let s = c.get(setting);
    let (items, extra) = match s.value.iter_items() {
        Ok(x) => x,
        Err(IterError::Unknown(u)) => return Err(Ok(u)),
        Err(IterError::NotIterable(_)) => {
            return Err(Err(format!(
                "{setting} is {}, which Django cannot iterate",
                s.value.a_type_name()
            )))
        }
    };
    let more = match extra {
        Extra::Exact => None,
        // Entries may have been changed or removed: nothing is certain.
        Extra::Uncertain(u) => return Err(Ok(u)),
        Extra::MayContainMore(u) => Some(u),
    };
    let mut out: Vec<Entry> = items
        .iter()
        .map(|item| match item {
            Value::Str(path) => match c.import_string(path) {
                Imported::Raises(why) => Entry::Raises {
                    why: format!("importing {setting} entry '{path}' raises {why}"),
                    type_error: why.starts_with("TypeError"),
                },
                Imported::Unknown(u) => Entry::Unknown(u),
                imported => Entry::Known(
                    classes
                        .iter()
                        .map(|k| is_subclass(&imported, k) == Tri::True)
                        .collect(),
                ),
            },
            Value::Unknown(u) => Entry::Unknown(u.clone()),
            other => Entry::Raises {
                why: format!(
                    "{setting} holds {}, and import_string() calls its rsplit()",
                    other.a_type_name()
                ),
                type_error: false,
            },
        })
        .collect();
    // What code the evaluator could not run added: entries of unknown
    // class, after the known ones.
    if let Some(u) = more {
        out.push(Entry::Unknown(u));
    }
    Ok(out)
}

/// An entry as one possibility has it: the classes it is (a subclass of),
/// or why importing it raises and whether that is a TypeError.
pub(crate) type Seen<'e> = Result<Vec<bool>, (&'e str, bool)>;

/// How many entries of unknown class the scans try every possibility of.
const MAX_UNKNOWN: usize = 6;

/// The verdict of `judge` over every possibility for the entries of
/// unknown class (each may be any combination of the classes asked
/// about): certain when all agree. `judge` gets each entry's classes, or
/// `Err((why, type_error))` for an entry that raises.
pub(crate) fn every_possibility<T: PartialEq + Clone>(
    entries: &[Entry],
    n_classes: usize,
    judge: impl Fn(&[Seen]) -> T,
) -> Result<T, Unknown> {
    let unknown: Vec<usize> = (0..entries.len())
        .filter(|&i| matches!(entries[i], Entry::Unknown(_)))
        .collect();
    let first_unknown = || match unknown.first().map(|&i| &entries[i]) {
        Some(Entry::Unknown(u)) => u.clone(),
        _ => Unknown::new("an entry the checker cannot see"),
    };
    if unknown.len() > MAX_UNKNOWN {
        return Err(first_unknown());
    }
    let states = 1usize << n_classes;
    let combos = states.pow(unknown.len() as u32);
    let mut verdict: Option<T> = None;
    for combo in 0..combos {
        let mut k = combo;
        let view: Vec<Seen> = entries
            .iter()
            .map(|e| match e {
                Entry::Known(v) => Ok(v.clone()),
                Entry::Raises { why, type_error } => Err((why.as_str(), *type_error)),
                Entry::Unknown(_) => {
                    let state = k % states;
                    k /= states;
                    Ok((0..n_classes).map(|b| state & (1 << b) != 0).collect())
                }
            })
            .collect();
        let v = judge(&view);
        match &verdict {
            None => verdict = Some(v),
            Some(prev) if *prev == v => {}
            Some(_) => return Err(first_unknown()),
        }
    }
    Ok(verdict.expect("at least one possibility"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checks::ctx::Facts;
    use crate::analysis::checks::DjangoVersion;
    use crate::analysis::eval::testing::evaluate_module;
    use crate::analysis::settings::Settings;

    fn installed(module: &str, app: &str) -> (Tri, Tri) {
        let eval = evaluate_module(module);
        let settings = Settings {
            namespace: &eval.namespace,
            version: DjangoVersion::V6_1,
        };
        let facts = Facts {
            apps: &eval.apps,
            folders: None,
            classes: &[],
            libraries: &[],
        };
        let c = Ctx::with_facts(&settings, facts);
        (c.app_installed(app), c.app_checks_run(app))
    }

    #[test]
    fn an_app_is_installed_by_its_module_or_any_config() {
        let yes = (Tri::True, Tri::True);
        let admin = "django.contrib.admin";
        assert_eq!(
            installed("INSTALLED_APPS = ['django.contrib.admin']", admin),
            yes
        );
        assert_eq!(
            installed(
                "INSTALLED_APPS = ('django.contrib.admin.apps.SimpleAdminConfig',)",
                admin
            ),
            yes
        );
        assert_eq!(
            installed("INSTALLED_APPS = ['django.contrib.auth']", admin),
            (Tri::False, Tri::False)
        );
        assert_eq!(installed("", admin), (Tri::False, Tri::False));
        // A module of the project is not the admin.
        assert_eq!(
            installed("INSTALLED_APPS = ['blog', 'myproj.accounts']", admin),
            (Tri::False, Tri::False)
        );
        // A class the files do not show: unknown, unless a literal entry decides.
        assert!(matches!(
            installed("INSTALLED_APPS = ['myproj.apps.AdminConfig']", admin).0,
            Tri::Unknown(_)
        ));
        assert_eq!(
            installed(
                "INSTALLED_APPS = ['myproj.apps.AdminConfig', 'django.contrib.admin']",
                admin
            ),
            yes
        );
        assert!(matches!(
            installed("import os\nINSTALLED_APPS = [os.environ['APP']]", admin).0,
            Tri::Unknown(_)
        ));
    }

    #[test]
    fn import_string_as_django_has_it() {
        let v = DjangoVersion::V6_1;
        assert_eq!(import_string("nodots", v), Imported::ImportError);
        assert!(
            matches!(import_string(".", v), Imported::Raises(w) if w.starts_with("ValueError"))
        );
        assert!(
            matches!(import_string(".x.Y", v), Imported::Raises(w) if w.starts_with("TypeError"))
        );
        assert_eq!(
            import_string(LOGIN_REQUIRED_MW, DjangoVersion::V4_2),
            Imported::ImportError
        );
        assert_eq!(
            is_subclass(&import_string(LOGIN_REQUIRED_MW, v), LOGIN_REQUIRED_MW),
            Tri::True
        );
        assert_eq!(
            is_subclass(
                &import_string("django.contrib.auth.backends.RemoteUserBackend", v),
                MODEL_BACKEND
            ),
            Tri::True
        );
        assert_eq!(
            is_subclass(
                &import_string("django.contrib.auth.backends.BaseBackend", v),
                MODEL_BACKEND
            ),
            Tri::False
        );
        assert_eq!(
            is_subclass(
                &import_string("django.contrib.auth.middleware.RemoteUserMiddleware", v),
                AUTH_MW
            ),
            Tri::False
        );
        assert!(matches!(
            is_subclass(&import_string("myproj.mw.Auth", v), AUTH_MW),
            Tri::Unknown(_)
        ));
        assert!(matches!(
            import_string("django.contrib.gis.x.Y", v),
            Imported::Unknown(_)
        ));
    }
}
