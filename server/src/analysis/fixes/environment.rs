//! Fixes that move a value into the environment, in the module's idiom
//! (os.environ, django-environ, python-decouple, django-configurations'
//! `values`): SECRET_KEY, DEBUG,
//! ALLOWED_HOSTS, hardcoded secrets.

use super::*;
use crate::analysis::secrets::Hardcoded;

/// The environment-reading style a module already uses.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Idiom {
    Os,
    /// A library's, through the reader the module binds (an `Env()`,
    /// decouple's `config`).
    Library(ReadStyle),
}

/// The module's own styles, in the order of the names bound to their
/// readers, then `os.environ`, which every module can use.
pub(super) fn idioms(eval: &Evaluation) -> Vec<Idiom> {
    let mut names: Vec<(&str, &Value)> = eval
        .namespace
        .bindings
        .iter()
        .map(|(k, b)| (k.as_ref(), &b.value))
        .collect();
    names.sort_by_key(|(k, _)| *k);
    let mut out: Vec<Idiom> = read_styles(&names)
        .into_iter()
        .map(Idiom::Library)
        .collect();
    out.push(Idiom::Os);
    out
}

pub(super) fn env_expression(idiom: &Idiom, setting: &str, var: &str) -> String {
    match (idiom, setting) {
        (Idiom::Os, "DEBUG") => format!("os.environ.get(\"{var}\", \"False\") == \"True\""),
        (Idiom::Os, "ALLOWED_HOSTS") => format!("os.environ[\"{var}\"].split(\",\")"),
        (Idiom::Os, _) => format!("os.environ[\"{var}\"]"),
        (Idiom::Library(style), "DEBUG") => style.flag.replace("{var}", var),
        (Idiom::Library(style), "ALLOWED_HOSTS") => style.list.replace("{var}", var),
        (Idiom::Library(style), _) => style.required.replace("{var}", var),
    }
}

/// The raw string read of `var`, where it replaces a call inside a larger
/// expression.
fn raw_expression(idiom: &Idiom, var: &str) -> String {
    match idiom {
        Idiom::Os => format!("os.environ[\"{var}\"]"),
        Idiom::Library(style) => style.raw.replace("{var}", var),
    }
}

/// Where `import os` goes: before the first top-level import, else after the
/// docstring and `__future__` imports, else at the top. `None` when the
/// module already imports os.
pub(super) fn import_os_edit(file: &ParsedFile) -> Option<Edit> {
    let stmts = top_level(file);
    let imports_os = stmts.iter().any(|s| {
        s.kind() == "import_statement" && {
            let t = &file.text[s.byte_range()];
            t.trim_start_matches("import").split(',').any(|p| {
                let p = p.trim();
                p == "os" || p.starts_with("os.") || p.starts_with("os ")
            })
        }
    });
    if imports_os {
        return None;
    }
    let nl = line_ending(&file.text);
    let first_import = stmts
        .iter()
        .find(|s| matches!(s.kind(), "import_statement" | "import_from_statement"));
    if let Some(s) = first_import {
        let at = s.start_byte();
        return Some(Edit {
            path: file.path.clone(),
            range: at..at,
            new_text: format!("import os{nl}"),
        });
    }
    let mut after = 0;
    for s in &stmts {
        let is_doc = s.kind() == "expression_statement"
            && s.named_child(0)
                .map(|n| n.kind() == "string")
                .unwrap_or(false);
        if is_doc || s.kind() == "future_import_statement" || s.kind() == "comment" {
            after = s.end_byte();
        } else {
            break;
        }
    }
    if after == 0 {
        return Some(Edit {
            path: file.path.clone(),
            range: 0..0,
            new_text: format!("import os{nl}"),
        });
    }
    let at = line_end_after(&file.text, after);
    Some(Edit {
        path: file.path.clone(),
        range: at..at,
        new_text: format!("{nl}import os"),
    })
}

pub(super) fn from_environment(eval: &Evaluation, finding: &Finding, setting: &str) -> Vec<Fix> {
    let binding = eval.namespace.get(setting);
    let origin = binding.and_then(|b| b.origin.clone());
    let (file, target_range, existing_var) = match &origin {
        Some(o) => {
            let Some(file) = parsed(eval, &o.path) else {
                return vec![];
            };
            let Some(node) = node_at(file, &o.value) else {
                return vec![];
            };
            let reads = env_reads(eval, file, node);
            let var = reads.first().map(|r| r.var.clone());
            // A literal, or an environment read whose default is the problem.
            let replace = if is_literal(file, node) {
                Some(node.byte_range())
            } else if reads.len() == 1 && reads[0].default.is_some() {
                Some(
                    if setting == "SECRET_KEY" || node.byte_range() == reads[0].call {
                        node.byte_range()
                    } else {
                        reads[0].call.clone()
                    },
                )
            } else {
                None
            };
            let Some(range) = replace else { return vec![] };
            (file, Some(range), var)
        }
        None if binding.is_none() => {
            let Some(file) = parsed(eval, &eval.module) else {
                return vec![];
            };
            (file, None, None)
        }
        None => return vec![],
    };
    let var = existing_var.unwrap_or_else(|| format!("DJANGO_{setting}"));
    let mut out = vec![];
    for idiom in idioms(eval) {
        let mut expr = env_expression(&idiom, setting, &var);
        // Replacing only the call inside a larger expression (`... == "True"`)
        // keeps the expression: read the raw variable.
        if let (Some(o), Some(r)) = (&origin, &target_range) {
            if *r != o.value {
                expr = raw_expression(&idiom, &var);
            }
        }
        let expr = quoted(file, &expr);
        let mut edits = vec![];
        match &target_range {
            Some(r) => edits.push(Edit {
                path: file.path.clone(),
                range: r.clone(),
                new_text: expr.clone(),
            }),
            None => {
                let at = insertion_point(file, setting);
                edits.push(insert_line(file, at, &format!("{setting} = {expr}")));
            }
        }
        if idiom == Idiom::Os {
            if let Some(e) = import_os_edit(file) {
                edits.push(e);
            }
        }
        out.push(environment_fix(setting, &var, finding, edits));
    }
    out
}

/// A hardcoded secret becomes an environment read of the variable its
/// finding names (`DJANGO_SECRET_KEY`, `CELERY_BROKER_URL`,
/// `DATABASE_PASSWORD`): the literal, or the expression building it from
/// literals, is replaced where it stands, and the project's example
/// environment file, when it keeps one, gains the variable.
pub(super) fn secret_to_environment(
    eval: &Evaluation,
    finding: &Finding,
    sources: &dyn SourceProvider,
) -> Vec<Fix> {
    let Some(found) = crate::analysis::secrets::hardcoded(eval)
        .into_iter()
        .find(|h| h.path == finding.path && h.range == finding.range)
    else {
        return vec![];
    };
    let Some(file) = parsed(eval, &finding.path) else {
        return vec![];
    };
    // SECRET_KEY reads the way the module's SECRET_KEY fixes write it.
    let reads_as = if found.setting == "SECRET_KEY" {
        "SECRET_KEY"
    } else {
        ""
    };
    let example = example_env_edit(&eval.module, &found.var, sources);
    let mut out = vec![];
    if let Some(expr) = configurations_value(file, &found) {
        let mut edits = vec![Edit {
            path: finding.path.clone(),
            range: finding.range.clone(),
            new_text: expr,
        }];
        edits.extend(example.clone());
        out.push(environment_fix(&found.setting, &found.var, finding, edits));
    }
    for idiom in idioms(eval) {
        let expr = quoted(file, &env_expression(&idiom, reads_as, &found.var));
        let mut edits = vec![Edit {
            path: finding.path.clone(),
            range: finding.range.clone(),
            new_text: expr,
        }];
        if idiom == Idiom::Os {
            edits.extend(import_os_edit(file));
        }
        edits.extend(example.clone());
        out.push(environment_fix(&found.setting, &found.var, finding, edits));
    }
    out
}

/// In a django-configurations class of a module that imports `values`, the
/// library's own reader of a whole attribute: `values.SecretValue()` reads
/// `DJANGO_<SETTING>` (the library's prefix), `environ_prefix=None` the
/// variable as named. Required, as the library makes a secret value.
fn configurations_value(file: &ParsedFile, found: &Hardcoded) -> Option<String> {
    if found.setting.contains('[') {
        return None;
    }
    let node = node_at(file, &found.range)?;
    let mut up = node.parent();
    let in_class = loop {
        match up {
            Some(n) if n.kind() == "class_definition" => break true,
            Some(n) if n.kind() == "module" || n.kind() == "function_definition" => break false,
            Some(n) => up = n.parent(),
            None => break false,
        }
    };
    let imports_values = file.tree.statements().any(|s| {
        let t = &file.text[s.byte_range()];
        s.kind() == "import_from_statement"
            && t.starts_with("from configurations import")
            && t["from configurations import".len()..]
                .split([',', '(', ')', ' ', '\n'])
                .any(|w| w.trim() == "values")
    });
    if !in_class || !imports_values {
        return None;
    }
    if found.var == format!("DJANGO_{}", found.setting) {
        Some("values.SecretValue()".into())
    } else if found.var == found.setting {
        Some("values.SecretValue(environ_prefix=None)".into())
    } else {
        None
    }
}

/// The example environment files projects keep beside their settings, for
/// a deploy to copy and fill in.
const EXAMPLE_ENV_FILES: &[&str] = &[
    ".env.example",
    ".env.sample",
    ".env.template",
    ".env.dist",
    "env.example",
    "example.env",
];

/// How far above the settings module the example file is looked for: the
/// settings package, its parent, the project root.
const EXAMPLE_ENV_LEVELS: usize = 4;

/// The edit adding `var=` to the project's example environment file: the
/// first one found from the module's folder up to the folder of
/// `manage.py`. `None` when there is none, or it already lists `var`.
fn example_env_edit(module: &Path, var: &str, sources: &dyn SourceProvider) -> Option<Edit> {
    let mut dir = module.parent();
    for _ in 0..EXAMPLE_ENV_LEVELS {
        let d = dir?;
        for name in EXAMPLE_ENV_FILES {
            let path = d.join(name);
            if !sources.is_file(&path) {
                continue;
            }
            let text = sources.read_text(&path).ok()?;
            let listed = text.lines().any(|l| {
                let l = l.trim_start();
                let l = l.strip_prefix("export ").unwrap_or(l).trim_start();
                l.strip_prefix(var)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            });
            if listed {
                return None;
            }
            let nl = line_ending(&text);
            let lead = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                nl
            };
            return Some(Edit {
                path,
                range: text.len()..text.len(),
                new_text: format!("{lead}{var}={nl}"),
            });
        }
        if sources.is_file(&d.join("manage.py")) {
            return None;
        }
        dir = d.parent();
    }
    None
}

/// The fix reading `setting` from the variable `var`: never safe, the
/// variable must be set before deploying.
fn environment_fix(setting: &str, var: &str, finding: &Finding, edits: Vec<Edit>) -> Fix {
    Fix {
        title: format!("Read {setting} from the environment variable {var}"),
        code: finding.code.clone(),
        edits,
        safe: false,
        preferred: false,
    }
}
