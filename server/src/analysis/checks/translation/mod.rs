//! Django's translation checks (`django/core/checks/translation.py`, core,
//! always registered): E001 (LANGUAGE_CODE a tag), E002 (LANGUAGES codes),
//! E003 (LANGUAGES_BIDI codes), E004 (LANGUAGE_CODE supported: Django's
//! `get_supported_language_variant`, which needs a catalog on the disk).

mod locale;

use std::path::Path;
use std::rc::Rc;

use super::ctx::{decide, Ctx, Q};
use super::{DjangoVersion, Outcome};
use crate::analysis::django_locales::locales;
use crate::analysis::eval::objects::Object;
use crate::analysis::eval::repr;
use crate::analysis::eval::value::{Extra, IterError, Tri, Unknown, Value};
pub(crate) use locale::tag_ok;
use locale::{gettext_names, to_locale};

fn shown(v: &Value) -> String {
    repr(v).unwrap_or_else(|| v.a_type_name())
}

pub(crate) fn e001(c: &Ctx) -> Vec<Outcome> {
    let v = c.get("LANGUAGE_CODE").value;
    vec![match &v {
        Value::Unknown(u) => Outcome::Undecided(u.clone()),
        Value::Object(_) => Outcome::Undecided(Unknown::new("LANGUAGE_CODE is an object the checker cannot see into")),
        Value::Str(s) if tag_ok(s) => Outcome::Pass,
        _ => Outcome::FireNaming(
            format!("{}: Django expects a language tag such as 'en-us' or 'pt-br' (letters, with dashes between the parts)", c.describe("LANGUAGE_CODE")),
            shown(&v),
        ),
    }]
}

/// Python's `a, b = item` for one entry: its first item, `Ok(None)` when
/// that cannot be seen, `Err` when Python raises (not two items).
fn first_of_pair(item: &Value, setting: &str) -> Result<Option<Value>, String> {
    let crash = |n: String| {
        Err(format!(
            "a {setting} entry is {} with {n}, so Django cannot unpack it into (code, name)",
            item.a_type_name()
        ))
    };
    match item {
        Value::Unknown(_) | Value::Object(_) => Ok(None),
        Value::Tuple(_) | Value::List(_) | Value::Str(_) | Value::Dict(_) | Value::Set(_) => {
            match item.iter_items() {
                Ok((items, Extra::Exact)) if items.len() == 2 => Ok(match item {
                    // A set's order is Python's hash order.
                    Value::Set(_) => None,
                    _ => Some(items[0].clone()),
                }),
                Ok((items, Extra::Exact)) => crash(format!("{} items", items.len())),
                Ok(_) | Err(IterError::Unknown(_)) => Ok(None),
                Err(IterError::NotIterable(_)) => crash("no items".into()),
            }
        }
        _ => crash("no items".into()),
    }
}

/// The items of a setting Django iterates, or the outcome when it cannot
/// (unknown: undecided; not iterable: a crash).
fn items_of(c: &Ctx, name: &'static str) -> Result<(Vec<Value>, Extra), Outcome> {
    let v = c.get(name).value;
    match v.iter_items() {
        Ok(x) => Ok(x),
        Err(IterError::Unknown(u)) => Err(Outcome::Undecided(u)),
        Err(IterError::NotIterable(_)) => Err(Outcome::Crash(format!(
            "{name} is {}, which Django cannot iterate",
            v.a_type_name()
        ))),
    }
}

/// One error per code that is not a string passing the tag regex.
fn per_code(tags: Vec<Result<Option<Value>, String>>, extra: Extra, setting: &str) -> Vec<Outcome> {
    if let Extra::Uncertain(u) = &extra {
        return vec![Outcome::Undecided(u.clone())];
    }
    let mut out = vec![];
    for tag in tags {
        out.push(match tag {
            Err(crash) => Outcome::Crash(crash),
            Ok(None) => Outcome::Undecided(Unknown::new(format!("a {setting} entry the checker cannot see"))),
            Ok(Some(Value::Unknown(u))) => Outcome::Undecided(u),
            Ok(Some(Value::Object(_))) => Outcome::Undecided(Unknown::new(format!("a {setting} code is an object the checker cannot see into"))),
            Ok(Some(Value::Str(s))) if tag_ok(&s) => Outcome::Pass,
            Ok(Some(tag)) => Outcome::FireNaming(
                format!("{setting} holds the code {}, which is not a language tag such as 'en-us' or 'pt-br'", shown(&tag)),
                shown(&tag),
            ),
        });
    }
    if let Extra::MayContainMore(u) = extra {
        out.push(Outcome::Undecided(u));
    }
    out
}

pub(crate) fn e002(c: &Ctx) -> Vec<Outcome> {
    match items_of(c, "LANGUAGES") {
        Err(o) => vec![o],
        Ok((items, extra)) => per_code(
            items
                .iter()
                .map(|i| first_of_pair(i, "LANGUAGES"))
                .collect(),
            extra,
            "LANGUAGES",
        ),
    }
}

pub(crate) fn e003(c: &Ctx) -> Vec<Outcome> {
    // A string is iterated one character at a time, as Django does.
    match items_of(c, "LANGUAGES_BIDI") {
        Err(o) => vec![o],
        Ok((items, extra)) => per_code(
            items.into_iter().map(|i| Ok(Some(i))).collect(),
            extra,
            "LANGUAGES_BIDI",
        ),
    }
}

/// `get_languages()`: the LANGUAGES codes lowercased (`dict(LANGUAGES)`'s
/// keys), with what cannot be seen; `Err` where Django raises.
struct Languages {
    codes: Vec<Result<String, Unknown>>,
    more: Option<Unknown>,
}

impl Languages {
    fn read(c: &Ctx) -> Result<Result<Languages, Unknown>, String> {
        let v = c.get("LANGUAGES").value;
        let (keys, extra): (Vec<Result<Option<Value>, String>>, Extra) = match &v {
            Value::Unknown(u) => return Ok(Err(u.clone())),
            Value::Object(_) => {
                return Ok(Err(Unknown::new(
                    "LANGUAGES is an object the checker cannot see into",
                )))
            }
            // `dict(a_dict)` keeps the dict's own keys.
            Value::Dict(d) => {
                let d = d.borrow();
                (
                    d.entries.iter().map(|(k, _)| Ok(Some(k.clone()))).collect(),
                    d.extra.clone(),
                )
            }
            _ => match v.iter_items() {
                Ok((items, extra)) => (
                    items
                        .iter()
                        .map(|i| first_of_pair(i, "LANGUAGES"))
                        .collect(),
                    extra,
                ),
                Err(IterError::Unknown(u)) => return Ok(Err(u)),
                Err(IterError::NotIterable(t)) => {
                    return Err(format!("LANGUAGES is a {t}, which dict() cannot read"))
                }
            },
        };
        let more = match extra {
            Extra::Exact => None,
            Extra::MayContainMore(u) => Some(u),
            Extra::Uncertain(u) => return Ok(Err(u)),
        };
        let mut codes = vec![];
        for key in keys {
            codes.push(match key? {
                Some(Value::Str(s)) => Ok(s.to_lowercase()),
                Some(Value::Unknown(u)) => Err(u),
                None | Some(Value::Object(_) | Value::Bytes(_)) => {
                    Err(Unknown::new("a LANGUAGES code the checker cannot see"))
                }
                Some(other) => {
                    return Err(format!(
                    "a LANGUAGES code is {}, so Django's `.lower()` on it raises AttributeError",
                    other.a_type_name()
                ))
                }
            });
        }
        Ok(Ok(Languages { codes, more }))
    }

    /// Whether some code satisfies `test`.
    fn any(&self, test: impl Fn(&str) -> bool) -> Tri {
        let mut result = match &self.more {
            Some(u) => Tri::Unknown(u.clone()),
            None => Tri::False,
        };
        for code in &self.codes {
            match code {
                Ok(c) if test(c) => return Tri::True,
                Ok(_) => {}
                Err(u) => result = Tri::Unknown(u.clone()),
            }
        }
        result
    }
}

/// The catalogs a contrib app entry brings: its locale/ folder's, when the
/// entry is `django.contrib.X` or one of X's AppConfig paths (a project's
/// subclass of a contrib config is another entry: unknown, see `catalog`).
fn contrib_catalogs(entry: &str, version: DjangoVersion) -> Option<&'static str> {
    locales(version).apps.iter().find_map(|(app, names)| {
        let rest = entry.strip_prefix(app)?;
        (rest.is_empty() || rest.starts_with(".apps.")).then_some(*names)
    })
}

fn has_word(words: &str, name: &str) -> bool {
    words.split(' ').any(|w| w == name)
}

/// Whether a LOCALE_PATHS entry holds one of `names`' catalogs: read on
/// the disk when the entry is a folder inside the project.
fn locale_path_holds(c: &Ctx, entry: &Value, names: &[String]) -> Tri {
    let folder = match entry {
        Value::Str(s) => s.to_string(),
        Value::Object(o) => match o.as_ref() {
            Object::Path(p) => p.to_string(),
            _ => {
                return Tri::Unknown(Unknown::new(
                    "a LOCALE_PATHS entry the checker cannot see into",
                ))
            }
        },
        Value::Unknown(u) => return Tri::Unknown(u.clone()),
        _ => {
            return Tri::Unknown(Unknown::new(
                "a LOCALE_PATHS entry that is not a path the checker reads",
            ))
        }
    };
    let unknown = || {
        Tri::Unknown(Unknown::new(format!(
            "the LOCALE_PATHS entry '{folder}', which could hold a catalog for it (the checker reads only folders inside the project)"
        )))
    };
    let Some(disk) = c.disk else {
        return unknown();
    };
    let mut found = Tri::False;
    for name in names {
        let mo = Path::new(&folder)
            .join(name)
            .join("LC_MESSAGES")
            .join("django.mo");
        match disk.exists(&mo) {
            Some(true) => return Tri::True,
            Some(false) => {}
            None => found = unknown(),
        }
    }
    found
}

/// Whether gettext finds a `django.mo` catalog for `code` where Django
/// looks (`all_locale_paths()`): `django/conf/locale`, each LOCALE_PATHS
/// entry, each installed app's `locale/` folder. No tag test (the load
/// failure at setup translates LANGUAGE_CODE without one); an entry whose
/// folder the checker cannot read makes the answer unknown only when
/// nothing else has the catalog.
pub(crate) fn catalog(c: &Ctx, code: &str) -> Tri {
    let Some(names) = gettext_names(&to_locale(code)) else {
        return Tri::Unknown(Unknown::new(format!(
            "the language code {code:?} has an encoding, which the checker does not model"
        )));
    };
    let version = c.settings.version;
    if names.iter().any(|n| has_word(locales(version).core, n)) {
        return Tri::True;
    }
    let mut found = Tri::False;
    let mut note = |t: Tri| match t {
        Tri::True => true,
        Tri::False => false,
        u => {
            found = u;
            false
        }
    };
    match c.get("INSTALLED_APPS").value.iter_items() {
        Ok((apps, extra)) => {
            for app in &apps {
                let t = match app {
                    Value::Str(s) => match contrib_catalogs(s, version) {
                        Some(words) => Tri::from_bool(names.iter().any(|n| has_word(words, n))),
                        // Django's own packages keep no other locale/ folder.
                        None if s.starts_with("django.") => Tri::False,
                        None => Tri::Unknown(Unknown::new(format!(
                            "the catalogs the installed app '{s}' may ship in its locale/ folder"
                        ))),
                    },
                    Value::Unknown(u) => Tri::Unknown(u.clone()),
                    _ => Tri::Unknown(Unknown::new(
                        "an INSTALLED_APPS entry the checker cannot see",
                    )),
                };
                if note(t) {
                    return Tri::True;
                }
            }
            if let Extra::MayContainMore(u) | Extra::Uncertain(u) = extra {
                note(Tri::Unknown(u));
            }
        }
        Err(IterError::Unknown(u)) => {
            note(Tri::Unknown(u));
        }
        // Django refuses such settings before any check (a load failure).
        Err(IterError::NotIterable(_)) => {}
    }
    match c.get("LOCALE_PATHS").value.iter_items() {
        Ok((paths, extra)) => {
            for p in &paths {
                if note(locale_path_holds(c, p, &names)) {
                    return Tri::True;
                }
            }
            if let Extra::MayContainMore(u) | Extra::Uncertain(u) = extra {
                note(Tri::Unknown(u));
            }
        }
        Err(IterError::Unknown(u)) => {
            note(Tri::Unknown(u));
        }
        Err(IterError::NotIterable(_)) => {}
    }
    found
}

/// `check_for_language(code)`: a well-formed code with a catalog.
fn check_for_language(c: &Ctx, code: &str) -> Tri {
    if !tag_ok(code) {
        return Tri::False;
    }
    catalog(c, code)
}

/// The longest LANGUAGE_CODE Django reads whole (`LANGUAGE_CODE_MAX_LENGTH`).
const MAX_CODE: usize = 500;

/// Whether E004 fires with USE_I18N on: trans_real's
/// `get_supported_language_variant` raising LookupError.
fn unsupported_real(c: &Ctx, v: &Value) -> Q {
    let s: Rc<str> = match v {
        Value::Unknown(u) => return Ok(Tri::Unknown(u.clone())),
        Value::Object(_) => {
            return Ok(Tri::Unknown(Unknown::new(
                "LANGUAGE_CODE is an object the checker cannot see into",
            )))
        }
        Value::Str(s) => s.clone(),
        other => {
            return match other.truthy() {
                Tri::Unknown(u) => Ok(Tri::Unknown(u)),
                // 4.2 caches the function: its argument must be hashable.
                _ if c.settings.version < DjangoVersion::V5_2
                    && matches!(other, Value::List(_) | Value::Dict(_) | Value::Set(_)) =>
                {
                    Err(format!(
                        "LANGUAGE_CODE is {}, which Django's cached lookup cannot hash (TypeError)",
                        other.a_type_name()
                    ))
                }
                Tri::False => Ok(Tri::True),
                Tri::True => Err(format!(
                    "LANGUAGE_CODE is {}, not a string, so Django's language lookup raises",
                    other.a_type_name()
                )),
            };
        }
    };
    if s.is_empty() {
        return Ok(Tri::True);
    }
    let mut code: String = s.to_string();
    if code.chars().count() > MAX_CODE {
        // Cut at the last dash within the limit, or not supported.
        let head: String = code.chars().take(MAX_CODE).collect();
        match head.rfind('-') {
            Some(i) if i > 0 => code = head[..i].to_string(),
            _ => return Ok(Tri::True),
        }
    }
    let mut candidates = vec![code.clone()];
    if let Some((_, to)) = locales(c.settings.version)
        .fallbacks
        .split(' ')
        .filter_map(|e| e.split_once(':'))
        .find(|(k, _)| *k == code)
    {
        candidates.extend(to.split(',').map(String::from));
    }
    let mut end = code.len();
    while let Some(i) = code[..end].rfind('-') {
        candidates.push(code[..i].to_string());
        end = i;
    }
    let langs = match Languages::read(c)? {
        Ok(l) => l,
        Err(u) => return Ok(Tri::Unknown(u)),
    };
    let mut unsure: Option<Unknown> = None;
    for cand in &candidates {
        let lower = cand.to_lowercase();
        match langs
            .any(|k| k == lower)
            .and(|| check_for_language(c, cand))
        {
            Tri::True => return Ok(Tri::False),
            Tri::False => {}
            Tri::Unknown(u) => unsure = Some(u),
        }
    }
    // "If fr-fr is not supported, try fr-ca": a LANGUAGES code of the
    // generic language's, with no catalog test.
    let prefix = format!("{}-", candidates.last().unwrap_or(&code));
    Ok(match (langs.any(|k| k.starts_with(&prefix)), unsure) {
        (Tri::True, _) => Tri::False,
        (Tri::Unknown(u), _) | (Tri::False, Some(u)) => Tri::Unknown(u),
        (Tri::False, None) => Tri::True,
    })
}

/// Whether E004 fires with USE_I18N off: trans_null accepts any truthy
/// LANGUAGE_CODE (it compares it with itself, lowercased).
fn unsupported_null(v: &Value) -> Q {
    match v {
        Value::Unknown(u) => Ok(Tri::Unknown(u.clone())),
        Value::Object(_) => Ok(Tri::Unknown(Unknown::new(
            "LANGUAGE_CODE is an object the checker cannot see into",
        ))),
        // `lang_code and lang_code.lower() == settings.LANGUAGE_CODE.lower()`.
        Value::Str(_) | Value::Bytes(_) => Ok(v.truthy().negate()),
        other => match other.truthy() {
            Tri::True => Err(format!(
                "LANGUAGE_CODE is {}, so Django's `.lower()` on it raises AttributeError",
                other.a_type_name()
            )),
            t => Ok(t.negate()),
        },
    }
}

pub(crate) fn e004(c: &Ctx) -> Vec<Outcome> {
    let v = c.get("LANGUAGE_CODE").value;
    let q = match c.truthy("USE_I18N") {
        Tri::True => unsupported_real(c, &v),
        Tri::False => unsupported_null(&v),
        // Either translation machinery: decided when both agree.
        Tri::Unknown(u) => match (unsupported_real(c, &v), unsupported_null(&v)) {
            (Ok(a), Ok(b)) if a == b && !matches!(a, Tri::Unknown(_)) => Ok(a),
            _ => Ok(Tri::Unknown(u)),
        },
    };
    decide(q, || {
        format!(
            "{}: Django finds neither it, a more general code of it (with a translation catalog), nor a variant of its language in LANGUAGES",
            c.describe("LANGUAGE_CODE")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checks::ProjectDisk;
    use crate::analysis::django_locales::{default_bidi, default_languages};
    use crate::analysis::eval::testing::evaluate_module;
    use crate::analysis::settings::Settings;
    use crate::analysis::source::MemorySources;

    const ALL: [DjangoVersion; 4] = DjangoVersion::SUPPORTED;

    /// The outcomes of `rule` on `module` for `version`.
    fn run(rule: fn(&Ctx) -> Vec<Outcome>, module: &str, version: DjangoVersion) -> Vec<Outcome> {
        let eval = evaluate_module(module);
        let settings = Settings {
            namespace: &eval.namespace,
            version,
        };
        rule(&Ctx::new(&settings))
    }

    fn fires(rule: fn(&Ctx) -> Vec<Outcome>, module: &str, version: DjangoVersion) -> usize {
        run(rule, module, version)
            .iter()
            .filter(|o| matches!(o, Outcome::Fire(_) | Outcome::FireNaming(..)))
            .count()
    }

    fn crashes(rule: fn(&Ctx) -> Vec<Outcome>, module: &str, version: DjangoVersion) -> bool {
        run(rule, module, version)
            .iter()
            .any(|o| matches!(o, Outcome::Crash(_)))
    }

    fn undecided(rule: fn(&Ctx) -> Vec<Outcome>, module: &str, version: DjangoVersion) -> bool {
        run(rule, module, version)
            .iter()
            .any(|o| matches!(o, Outcome::Undecided(_)))
    }

    #[test]
    fn the_defaults_are_each_release_s() {
        let codes = |v| match default_languages(v) {
            Value::List(l) => l.borrow().items.len(),
            _ => 0,
        };
        assert_eq!(ALL.map(codes), [98, 99, 100, 100]);
        let bidi = |v| default_bidi(v).iter_items().unwrap().0.len();
        assert_eq!(ALL.map(bidi), [6, 7, 7, 7]);
        for v in ALL {
            for rule in [e001, e002, e003, e004] {
                assert_eq!(fires(rule, "", v), 0, "the defaults pass on {v}");
            }
        }
    }

    #[test]
    fn e001_the_code_is_a_tag() {
        for v in ALL {
            for bad in ["'en_US'", "''", "None", "5", "['en']", "b'en'"] {
                assert_eq!(
                    fires(e001, &format!("LANGUAGE_CODE = {bad}"), v),
                    1,
                    "{bad}"
                );
            }
            for ok in ["'EN-US'", "'en\\n'", "'sr@latin'", "'zh-hant-tw'"] {
                assert_eq!(fires(e001, &format!("LANGUAGE_CODE = {ok}"), v), 0, "{ok}");
            }
            assert!(undecided(
                e001,
                "import os\nLANGUAGE_CODE = os.environ['LANG']",
                v
            ));
        }
        match &run(e001, "LANGUAGE_CODE = 'en_US'", DjangoVersion::V6_1)[0] {
            Outcome::FireNaming(_, named) => assert_eq!(named, "'en_US'", "Django's {{!r}}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn e002_one_per_bad_code_and_pairs_only() {
        let v = DjangoVersion::V4_2;
        // Duplicates count again; a non-str code is an error too.
        assert_eq!(
            fires(
                e002,
                "LANGUAGES = [('en_US', 'x'), ('en', 'y'), ('en_US', 'z'), (5, 'q')]",
                v
            ),
            3
        );
        // A two-character string unpacks into two characters.
        assert_eq!(fires(e002, "LANGUAGES = ['en', 'd_']", v), 0);
        for bad in ["[('en', 'x', 'y')]", "['e']", "[5]", "'en'", "5"] {
            assert!(crashes(e002, &format!("LANGUAGES = {bad}"), v), "{bad}");
        }
        assert!(undecided(
            e002,
            "import os\nLANGUAGES = [(os.environ['L'], 'x')]",
            v
        ));
    }

    #[test]
    fn e003_a_string_is_read_per_character() {
        let v = DjangoVersion::V5_2;
        assert_eq!(fires(e003, "LANGUAGES_BIDI = 'he'", v), 0);
        assert_eq!(fires(e003, "LANGUAGES_BIDI = ['he', 'x_y', 3]", v), 2);
        assert!(crashes(e003, "LANGUAGES_BIDI = 3", v));
    }

    #[test]
    fn e004_with_translation_on() {
        let e = |m: &str, v| fires(e004, m, v);
        for v in ALL {
            assert_eq!(e("LANGUAGE_CODE = 'de-at'", v), 0, "de is in LANGUAGES");
            assert_eq!(
                e("LANGUAGE_CODE = 'fr-fr'\nLANGUAGES = [('fr-ca', 'x')]", v),
                0,
                "a variant, no catalog test"
            );
            assert_eq!(
                e("LANGUAGE_CODE = 'pt'\nLANGUAGES = [('pt-br', 'x')]", v),
                0
            );
            assert_eq!(e("LANGUAGE_CODE = 'fr'\nLANGUAGES = [('en', 'x')]", v), 1);
            assert_eq!(e("LANGUAGE_CODE = 'sr@latin'", v), 1);
            assert_eq!(e("LANGUAGE_CODE = 'en\\n'", v), 1);
            assert_eq!(
                e("LANGUAGE_CODE = 'zh-cn'", v),
                0,
                "LANG_INFO's fallback zh-hans"
            );
            assert_eq!(
                e("LANGUAGE_CODE = 'zh-tw'\nLANGUAGES = [('zh-hant', 'x')]", v),
                0
            );
            assert_eq!(
                e("LANGUAGE_CODE = 'iw'\nLANGUAGES = [('iw', 'x')]", v),
                0,
                "iw finds he"
            );
            assert_eq!(
                e("LANGUAGE_CODE = 'no'\nLANGUAGES = [('no', 'x')]", v),
                1,
                "no finds no catalog"
            );
            assert_eq!(
                e(
                    "LANGUAGE_CODE = 'english'\nLANGUAGES = [('english', 'x')]",
                    v
                ),
                0,
                "english is en"
            );
            assert_eq!(
                e("LANGUAGE_CODE = 'c'\nLANGUAGES = [('c', 'x')]", v),
                1,
                "gettext stops at C"
            );
            assert_eq!(e("LANGUAGES = []", v), 1);
            assert_eq!(e("LANGUAGE_CODE = ''", v), 1);
            assert_eq!(e("LANGUAGE_CODE = None", v), 1);
            assert_eq!(
                e("LANGUAGE_CODE = 'am'", v),
                1,
                "am is not in the default LANGUAGES"
            );
            assert_eq!(
                e("LANGUAGE_CODE = 'am'\nLANGUAGES = [('am', 'x')]", v),
                1,
                "only the admin ships am"
            );
            assert_eq!(e("LANGUAGE_CODE = 'am'\nLANGUAGES = [('am', 'x')]\nINSTALLED_APPS = ['django.contrib.admin.apps.SimpleAdminConfig']", v), 0);
            assert_eq!(
                e("LANGUAGE_CODE = 'a' * 600", v),
                1,
                "too long, no dash to cut at"
            );
            assert_eq!(
                e("LANGUAGE_CODE = 'en-' + 'a' * 600", v),
                0,
                "too long, cut at the dash"
            );
            assert_eq!(
                e("LANGUAGE_CODE = 'en' + '-abcdefgh' * 60", v),
                0,
                "cut at a dash"
            );
            assert!(crashes(e004, "LANGUAGE_CODE = 5", v));
            assert!(crashes(e004, "LANGUAGE_CODE = ('en',)", v));
            assert!(crashes(e004, "LANGUAGES = [('en', 'x', 'y')]", v));
        }
        // ht is in LANGUAGES from 6.0 on, with no catalog; ug's came in 5.2.
        assert_eq!(ALL.map(|v| e("LANGUAGE_CODE = 'ht'", v)), [1, 1, 1, 1]);
        assert_eq!(ALL.map(|v| e("LANGUAGE_CODE = 'ug'", v)), [1, 0, 0, 0]);
        // 4.2 caches the lookup, so an unhashable empty value raises there.
        assert!(crashes(e004, "LANGUAGE_CODE = []", DjangoVersion::V4_2));
        assert_eq!(e("LANGUAGE_CODE = []", DjangoVersion::V5_2), 1);
    }

    #[test]
    fn e004_with_translation_off_only_needs_a_truthy_code() {
        for v in ALL {
            let off = |m: &str| fires(e004, &format!("USE_I18N = False\n{m}"), v);
            assert_eq!(off("LANGUAGE_CODE = 'en_US'"), 0);
            assert_eq!(off("LANGUAGE_CODE = b'en'"), 0);
            assert_eq!(off("LANGUAGE_CODE = ''"), 1);
            assert_eq!(off("LANGUAGE_CODE = []"), 1);
            assert_eq!(off("LANGUAGES = []"), 0);
            assert!(crashes(e004, "USE_I18N = 0\nLANGUAGE_CODE = 5", v));
        }
        // Unknown USE_I18N: decided where both machineries agree.
        let v = DjangoVersion::V6_1;
        assert_eq!(
            fires(
                e004,
                "import os\nUSE_I18N = os.environ['I18N']\nLANGUAGE_CODE = ''",
                v
            ),
            1
        );
        assert!(undecided(e004, "import os\nUSE_I18N = os.environ['I18N']\nLANGUAGE_CODE = 'fr'\nLANGUAGES = [('en', 'x')]", v));
    }

    #[test]
    fn e004_unknown_catalogs_are_undecided_only_when_they_matter() {
        let v = DjangoVersion::V6_1;
        // A project app may ship a catalog for ht.
        assert!(undecided(
            e004,
            "LANGUAGE_CODE = 'ht'\nINSTALLED_APPS = ['myapp']",
            v
        ));
        // ... but en is Django's own.
        assert_eq!(
            run(e004, "LANGUAGE_CODE = 'en'\nINSTALLED_APPS = ['myapp']", v),
            [Outcome::Pass]
        );
        // A LOCALE_PATHS entry is read only on the disk.
        assert!(undecided(
            e004,
            "LANGUAGE_CODE = 'ht'\nLOCALE_PATHS = ['/srv/locale']",
            v
        ));
    }

    fn with_disk(module: &str, files: &[&str]) -> Vec<Outcome> {
        let mut sources = MemorySources::new();
        sources.put("/proj/manage.py", "");
        sources.put("/proj/settings.py", module);
        for f in files {
            sources.put(f, "");
        }
        let eval =
            crate::analysis::eval::driver::evaluate(Path::new("/proj/settings.py"), &sources)
                .unwrap();
        let settings = Settings {
            namespace: &eval.namespace,
            version: DjangoVersion::V6_1,
        };
        let disk = ProjectDisk {
            sources: &sources,
            root: Path::new("/proj"),
        };
        e004(&Ctx::with_disk(&settings, Some(disk)))
    }

    #[test]
    fn e004_reads_locale_paths_inside_the_project() {
        let module = "LANGUAGE_CODE = 'ht'\nLOCALE_PATHS = ['/proj/locale']";
        assert_eq!(
            with_disk(module, &["/proj/locale/ht/LC_MESSAGES/django.mo"]),
            [Outcome::Pass]
        );
        assert!(matches!(
            with_disk(module, &["/proj/locale/fr/LC_MESSAGES/django.mo"])[..],
            [Outcome::Fire(_)]
        ));
        let outside = "LANGUAGE_CODE = 'ht'\nLOCALE_PATHS = ['/srv/locale']";
        assert!(matches!(
            with_disk(outside, &[])[..],
            [Outcome::Undecided(_)]
        ));
    }

    /// `django_locales_data.rs` is what `tests/oracle/locale_data.py` makes of the
    /// releases whose venvs this machine has: `DSL_DJANGO_VENVS` (a folder
    /// of `4.2/`, `5.2/`... venvs) and `tests/.venv` (5.2, as CI has it).
    #[test]
    fn the_generated_catalogs_are_the_releases() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let script = root.join("tests/oracle/locale_data.py");
        let mut args: Vec<String> = vec![];
        if let Some(dir) = std::env::var_os("DSL_DJANGO_VENVS") {
            args.push("--venvs".into());
            args.push(dir.to_string_lossy().into_owned());
        }
        let ci = root.join("tests/.venv/bin/python");
        if ci.exists() {
            args.push("--python".into());
            args.push(format!("5.2={}", ci.display()));
        }
        let python = if ci.exists() { ci } else { "python3".into() };
        if args.is_empty() {
            eprintln!("no Django venv here: django_locales_data.rs not compared");
            return;
        }
        let out = std::process::Command::new(python)
            .arg(&script)
            .args(&args)
            .arg("--check")
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
