//! Hover on an environment variable's name where the settings read it
//! (`os.environ["DJANGO_SECRET_KEY"]`, `env.bool("DJANGO_DEBUG")`): its entry
//! of the environment contract.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use crate::analysis::env_contract::{contract, EnvVariable};
use crate::analysis::report::{text_of, Evaluation};
use crate::analysis::secrets::{redact, secret_values};

/// The variable named by the string literal under `offset` in `path`, when
/// a read the evaluation ran names it there: its Markdown and the range of
/// the name.
pub fn env_variable_hover(
    eval: &Evaluation,
    path: &Path,
    offset: usize,
) -> Option<(String, Range<usize>)> {
    let text = text_of(eval, path)?;
    let read = eval
        .env_reads
        .iter()
        .find(|r| r.path == path && r.call.start <= offset && offset <= r.call.end)?;
    let call = text.get(read.call.clone())?;
    let name_at = [format!("\"{}\"", read.var), format!("'{}'", read.var)]
        .iter()
        .find_map(|quoted| call.find(quoted.as_str()))?;
    let start = read.call.start + name_at + 1;
    let range = start..start + read.var.len();
    if !(range.start <= offset && offset <= range.end) {
        return None;
    }
    let variable = contract(eval).into_iter().find(|v| v.name == read.var)?;
    let md = redact(&markdown(&variable, eval), &secret_values(&eval.namespace));
    Some((md, range))
}

fn markdown(v: &EnvVariable, eval: &Evaluation) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "**{}** · environment variable\n", v.name);
    if !v.settings.is_empty() {
        let settings: Vec<String> = v.settings.iter().map(|s| format!("`{s}`")).collect();
        let _ = writeln!(md, "- Feeds: {}", settings.join(", "));
    }
    let need = if v.required {
        "required: Django cannot start without it"
    } else {
        "optional"
    };
    let _ = write!(md, "- Type: {} · {need}", v.kind);
    if v.secret {
        md.push_str(" · secret");
    }
    md.push('\n');
    match &v.default {
        Some(d) => {
            let _ = writeln!(md, "- Default when unset: `{d}`");
        }
        None => md.push_str("- No default\n"),
    }
    for r in &v.reads {
        let here = if r.path == eval.module {
            "this module".to_string()
        } else {
            r.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let _ = writeln!(md, "- Read in {here}, line {} ({})", r.line, r.library);
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::eval::testing::evaluate_module;
    use std::path::PathBuf;

    #[test]
    fn hover_on_a_read_variable() {
        let text = "import os\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\n";
        let eval = evaluate_module(text);
        let at = text.find("DJANGO_SECRET").unwrap() + 3;
        let (md, range) =
            env_variable_hover(&eval, &PathBuf::from("/proj/settings.py"), at).unwrap();
        assert_eq!(&text[range], "DJANGO_SECRET_KEY");
        assert!(md.contains("- Feeds: `SECRET_KEY`"), "{md}");
        assert!(md.contains("required"), "{md}");
        assert!(md.contains("secret"), "{md}");
        // Not on `os.environ` itself.
        let at = text.find("environ").unwrap();
        assert!(env_variable_hover(&eval, &PathBuf::from("/proj/settings.py"), at).is_none());
    }
}
