//! Fixes that rewrite one string literal in place, quotes kept: the
//! language code in Django's form (translation.E001), the default
//! mailer's backend to SMTP (mail.E001); and the one that takes a literal
//! out of its list: STATIC_ROOT out of STATICFILES_DIRS (staticfiles.E002).

use super::*;

const SMTP_BACKEND: &str = "django.core.mail.backends.smtp.EmailBackend";

/// Django's `to_language`: `en_US` is `en-us`.
fn as_language_tag(code: &str) -> String {
    match code.split_once('_') {
        Some((lang, country)) => format!("{}-{}", lang.to_lowercase(), country.to_lowercase()),
        None => code.to_lowercase(),
    }
}

/// The edit replacing the string literal `node` of `path` by `value`.
fn replace_literal(file: &ParsedFile, path: &Path, node: Node, value: &str) -> Edit {
    Edit {
        path: path.to_path_buf(),
        range: node.byte_range(),
        new_text: quoted(file, &format!("\"{value}\"")),
    }
}

pub(super) fn language_tag(eval: &Evaluation, finding: &Finding, setting: &str) -> Vec<Fix> {
    let Some(origin) = eval.namespace.get(setting).and_then(|b| b.origin.clone()) else {
        return vec![];
    };
    let Some(file) = parsed(eval, &origin.path) else {
        return vec![];
    };
    let Some(node) = node_at(file, &origin.value).filter(|n| n.kind() == "string") else {
        return vec![];
    };
    let Some(code) = crate::analysis::source::plain_string_literal(&file.text[node.byte_range()])
    else {
        return vec![];
    };
    let tag = as_language_tag(code.trim());
    if tag.is_empty() || tag == code {
        return vec![];
    }
    vec![Fix {
        title: format!("Write the language code as {tag:?}"),
        code: finding.code.clone(),
        edits: vec![replace_literal(file, &origin.path, node, &tag)],
        safe: true,
        preferred: false,
    }]
}

pub(super) fn smtp_mailer(eval: &Evaluation, finding: &Finding) -> Vec<Fix> {
    let Some(origin) = eval.namespace.get("MAILERS").and_then(|b| b.origin.clone()) else {
        return vec![];
    };
    let Some(file) = parsed(eval, &origin.path) else {
        return vec![];
    };
    let backend = node_at(file, &origin.value)
        .and_then(|d| entry(file, d, "default"))
        .and_then(|d| entry(file, d, "BACKEND"))
        .filter(|b| b.kind() == "string");
    let Some(backend) = backend else {
        return vec![];
    };
    vec![Fix {
        title: "Send the default mailer's e-mail by SMTP".to_string(),
        code: finding.code.clone(),
        edits: vec![replace_literal(file, &origin.path, backend, SMTP_BACKEND)],
        safe: false,
        preferred: false,
    }]
}

/// The STATICFILES_DIRS entries written as the same literal as STATIC_ROOT,
/// each removed with its line (one entry per line) or its comma.
pub(super) fn drop_static_root(eval: &Evaluation, finding: &Finding) -> Vec<Fix> {
    let Some(Value::Str(root)) = eval.namespace.get("STATIC_ROOT").map(|b| b.value.clone()) else {
        return vec![];
    };
    let Some((origin, file, list)) = assigned_list(eval, "STATICFILES_DIRS") else {
        return vec![];
    };
    let text = &file.text;
    let mut c = list.walk();
    let items: Vec<Node> = list
        .named_children(&mut c)
        .filter(|k| k.kind() != "comment")
        .collect();
    let Some(at) = items.iter().position(|i| {
        i.kind() == "string"
            && crate::analysis::source::plain_string_literal(&text[i.byte_range()])
                == Some(root.as_ref())
    }) else {
        return vec![];
    };
    let item = items[at];
    let (after, _) = after_item(text, item, list);
    let own_line = item.start_position().row != list.start_position().row;
    let range = if own_line {
        let start = text[..item.start_byte()]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        // The line and its break.
        let end = line_end_after(text, after);
        let rest = &text[end..];
        let nl = if rest.starts_with("\r\n") {
            2
        } else {
            usize::from(rest.starts_with(['\n', '\r']))
        };
        start..end + nl
    } else if at + 1 < items.len() {
        item.start_byte()..items[at + 1].start_byte()
    } else if at > 0 {
        items[at - 1].end_byte()..after
    } else {
        item.start_byte()..after
    };
    vec![Fix {
        title: "Take STATIC_ROOT out of STATICFILES_DIRS".to_string(),
        code: finding.code.clone(),
        edits: vec![Edit {
            path: origin.path.clone(),
            range,
            new_text: String::new(),
        }],
        safe: false,
        preferred: false,
    }]
}

#[cfg(test)]
mod tests {
    use super::as_language_tag;

    #[test]
    fn language_codes_in_djangos_form() {
        assert_eq!(as_language_tag("en_US"), "en-us");
        assert_eq!(as_language_tag("pt_BR"), "pt-br");
        assert_eq!(as_language_tag("DE"), "de");
        assert_eq!(as_language_tag("sr_Latn"), "sr-latn");
    }

    /// The proven fixes of `code` on `text` (judged by Django 6.1), each applied.
    fn offered(text: &str, code: &str) -> Vec<String> {
        use crate::analysis::django_version::{DjangoVersion, ProjectVersion};
        let mut sources = crate::analysis::source::MemorySources::new();
        sources.put("/proj/manage.py", "");
        sources.put("/proj/settings.py", text);
        let path = std::path::PathBuf::from("/proj/settings.py");
        let v = ProjectVersion::configured(DjangoVersion::V6_1, "the test");
        let eval = crate::analysis::eval::driver::evaluate_with(&path, &sources, Some(&v)).unwrap();
        let report = crate::analysis::report::report(&eval);
        let finding = report
            .findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("{code}"));
        crate::analysis::fixes::fixes_for(&eval, finding, &sources)
            .iter()
            .map(|fix| {
                crate::analysis::fixes::apply_edits(text, &fix.edits.iter().collect::<Vec<_>>())
            })
            .collect()
    }

    fn fixed(text: &str, code: &str) -> String {
        let [one] = &offered(text, code)[..] else {
            panic!("{code}: not one fix")
        };
        one.clone()
    }

    #[test]
    fn the_literal_fixes_are_proven() {
        assert_eq!(
            fixed("LANGUAGE_CODE = 'en_US'\n", "translation.E001"),
            "LANGUAGE_CODE = 'en-us'\n"
        );
        let mailers = "MAILERS = {'default': {'BACKEND': 'django.core.mail.backends.console.EmailBackend'}}\n";
        assert!(
            fixed(mailers, "mail.E001").contains("'django.core.mail.backends.smtp.EmailBackend'")
        );
        let dirs = "INSTALLED_APPS = ['django.contrib.staticfiles']\nSTATIC_ROOT = '/srv/static'\n";
        assert_eq!(
            fixed(
                &format!("{dirs}STATICFILES_DIRS = [\n    '/srv/assets',\n    '/srv/static',\n]\n"),
                "staticfiles.E002"
            ),
            format!("{dirs}STATICFILES_DIRS = [\n    '/srv/assets',\n]\n")
        );
        assert_eq!(
            fixed(
                &format!("{dirs}STATICFILES_DIRS = ['/srv/static', '/srv/assets']\n"),
                "staticfiles.E002"
            ),
            format!("{dirs}STATICFILES_DIRS = ['/srv/assets']\n")
        );
        // `('/srv/assets', '/srv/static')` without its last entry would be a
        // string: the proof refuses the edit, and no fix is offered.
        assert!(offered(
            &format!("{dirs}STATICFILES_DIRS = ('/srv/assets', '/srv/static')\n"),
            "staticfiles.E002"
        )
        .is_empty());
    }
}
