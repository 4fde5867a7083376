//! Fixes that rewrite one string literal in place, quotes kept: the
//! language code in Django's form (translation.E001), the default
//! mailer's backend to SMTP (mail.E001).

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
}
