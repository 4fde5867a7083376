//! How Django and Python's gettext turn a language code into catalog
//! folder names: Django's tag regex, `to_locale`, `locale.normalize` over
//! the alias table and gettext's `_expand_lang` fallbacks, as Django
//! 4.2–6.1 on Python 3.11/3.12 run them.

use crate::analysis::django_locales::locale_alias;

/// A letter for `[a-z]` under `re.IGNORECASE` on a str pattern: the ASCII
/// letters and the four characters whose case folding reaches one of them
/// (dotted and dotless i, long s, the Kelvin sign).
fn tag_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{130}' | '\u{131}' | '\u{17f}' | '\u{212a}')
}

fn tag_alnum(c: char) -> bool {
    tag_letter(c) || c.is_ascii_digit()
}

fn run_of(part: &str, max: usize, ok: fn(char) -> bool) -> bool {
    let n = part.chars().count();
    (1..=max).contains(&n) && part.chars().all(ok)
}

/// Django's `language_code_re.match(value)`:
/// `^[a-z]{1,8}(?:-[a-z0-9]{1,8})*(?:@[a-z0-9]{1,20})?$`, case-insensitive,
/// where `$` also matches before a final newline (so `"en\n"` passes).
pub(crate) fn tag_ok(value: &str) -> bool {
    let t = value.strip_suffix('\n').unwrap_or(value);
    let (main, modifier) = match t.split_once('@') {
        Some((m, modifier)) => (m, Some(modifier)),
        None => (t, None),
    };
    if let Some(m) = modifier {
        if !run_of(m, 20, tag_alnum) {
            return false;
        }
    }
    let mut parts = main.split('-');
    let first = parts.next().unwrap_or("");
    run_of(first, 8, tag_letter) && parts.all(|p| run_of(p, 8, tag_alnum))
}

/// Python's `str.title()` for the ASCII-like words of a locale's country
/// part: a cased character after an uncased one is upper-cased, the others
/// lower-cased.
fn title(s: &str) -> String {
    let mut out = String::new();
    let mut after_cased = false;
    for c in s.chars() {
        let cased = c.is_lowercase() || c.is_uppercase();
        if cased && !after_cased {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        after_cased = cased;
    }
    out
}

/// Django's `to_locale`: `en-us` → `en_US`, `sr-latn` → `sr_Latn`; a code
/// without a dash keeps its case after the first three characters.
pub(crate) fn to_locale(language: &str) -> String {
    let lower = language.to_lowercase();
    let Some((lang, country)) = lower.split_once('-') else {
        let head: String = language.chars().take(3).collect();
        let tail: String = language.chars().skip(3).collect();
        return head.to_lowercase() + &tail;
    };
    let (country, tail) = match country.split_once('-') {
        Some((c, t)) => (c, Some(t)),
        None => (country, None),
    };
    let mut country = if country.chars().count() > 2 {
        title(country)
    } else {
        country.to_uppercase()
    };
    if let Some(t) = tail {
        country = format!("{country}-{t}");
    }
    format!("{lang}_{country}")
}

fn alias(key: &str) -> Option<&'static str> {
    locale_alias()
        .split(' ')
        .filter_map(|kv| kv.split_once(':'))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// `locale._append_modifier`; `_replace_encoding(code, 'ISO8859-15')` is
/// the language part with that encoding.
fn append_modifier(code: &str, modifier: &str) -> String {
    if modifier == "euro" {
        match code.split_once('.') {
            None => return format!("{code}.ISO8859-15"),
            Some((_, "ISO8859-15" | "UTF-8")) => return code.to_string(),
            Some((lang, "ISO8859-1")) => return format!("{lang}.ISO8859-15"),
            Some(_) => {}
        }
    }
    format!("{code}@{modifier}")
}

/// `locale.normalize` for a name without an encoding (`.` or `:`), which
/// is every name `to_locale` makes of a code that passes the tag regex.
fn normalize(name: &str) -> String {
    let code = name.to_lowercase();
    let (langname, modifier) = match code.split_once('@') {
        Some((l, m)) => (l, m),
        None => (code.as_str(), ""),
    };
    if let Some(found) = alias(&code) {
        return found.to_string();
    }
    if !modifier.is_empty() {
        if let Some(found) = alias(langname) {
            match found.split_once('@') {
                None => return append_modifier(found, modifier),
                Some((_, m)) if m.to_lowercase() == modifier => return found.to_string(),
                Some(_) => {}
            }
        }
    }
    name.to_string()
}

/// The folder names `gettext.find` tries for one locale, in order: its
/// `_expand_lang` (the normalised name, then without its codeset,
/// territory or modifier, the bare language last), up to a `C`, where
/// gettext stops. `None` for a name with an encoding, whose normalisation
/// is not modelled (no tag-shaped code has one).
pub(crate) fn gettext_names(locale: &str) -> Option<Vec<String>> {
    if locale.contains(['.', ':']) {
        return None;
    }
    let loc = normalize(locale);
    let (rest, modifier) = match loc.find('@') {
        Some(i) => (&loc[..i], &loc[i..]),
        None => (loc.as_str(), ""),
    };
    let (rest, codeset) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (language, territory) = match rest.find('_') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mask = (!codeset.is_empty() as u8)
        | ((!territory.is_empty() as u8) << 1)
        | ((!modifier.is_empty() as u8) << 2);
    let mut out: Vec<String> = vec![];
    for i in (0..=mask).rev().filter(|i| i & !mask == 0) {
        let mut name = language.to_string();
        if i & 2 != 0 {
            name.push_str(territory);
        }
        if i & 1 != 0 {
            name.push_str(codeset);
        }
        if i & 4 != 0 {
            name.push_str(modifier);
        }
        if name == "C" {
            break;
        }
        if !out.contains(&name) {
            out.push(name);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_regex_as_python_matches_it() {
        for ok in [
            "en",
            "en-us",
            "EN-US",
            "zh-hant-tw",
            "sr@latin",
            "abcdefgh",
            "en\n",
            "x-1",
            "\u{212a}k",
        ] {
            assert!(tag_ok(ok), "{ok:?}");
        }
        for bad in [
            "",
            "en_US",
            "abcdefghi",
            "en-",
            "-en",
            "en\n\n",
            "en-\n",
            "1en",
            "en@",
            "en@a-b",
            "en-abcdefghi",
            "é",
            "en us",
            "en@latin@x",
        ] {
            assert!(!tag_ok(bad), "{bad:?}");
        }
        assert!(tag_ok(&format!("en@{}", "a".repeat(20))));
        assert!(!tag_ok(&format!("en@{}", "a".repeat(21))));
    }

    #[test]
    fn to_locale_as_django_writes_it() {
        assert_eq!(to_locale("en-us"), "en_US");
        assert_eq!(to_locale("sr-latn"), "sr_Latn");
        assert_eq!(to_locale("zh-hant-tw"), "zh_Hant-tw");
        assert_eq!(to_locale("EN"), "en");
        assert_eq!(to_locale("ENGLISH"), "engLISH");
        assert_eq!(to_locale("es-419"), "es_419");
    }

    #[test]
    fn gettext_expands_through_the_alias_table() {
        let names = |l: &str| gettext_names(l).unwrap();
        assert_eq!(
            names("en_US"),
            ["en_US.ISO8859-1", "en_US", "en.ISO8859-1", "en"]
        );
        assert!(names("iw").contains(&"he".to_string()));
        assert!(names("in").contains(&"id".to_string()));
        assert_eq!(names("zh_Hans"), ["zh_Hans", "zh"]);
        assert_eq!(names("sr@latin")[0], "sr_RS.UTF-8@latin");
        // `c` and `posix` normalise to C, where gettext stops.
        assert!(names("c").is_empty());
        assert!(names("posix").is_empty());
        assert_eq!(gettext_names("en.utf8"), None);
    }
}
