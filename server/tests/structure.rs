//! The layout's rules, checked on the source: no file in `server/src` over
//! 800 lines, no function over 150 lines, no import cycle between the
//! modules of `analysis/` (a folder counts as one module: what is inside
//! may use each other), no file access in the analysis core but through
//! `source.rs`, and no LSP in the core.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 150;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The text before the file's `#[cfg(test)]` module: the rules are for the
/// code, not its unit tests.
fn code_of(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    }
}

#[test]
fn no_file_over_800_lines() {
    let mut files = vec![];
    rust_files(&src(), &mut files);
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let n = code_of(&text).lines().count();
            (n > MAX_FILE_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn no_function_over_150_lines() {
    let mut files = vec![];
    rust_files(&src(), &mut files);
    let mut long = vec![];
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = code_of(&text).lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            let is_fn = (t.starts_with("fn ")
                || t.starts_with("pub fn ")
                || t.starts_with("pub(crate) fn ")
                || t.starts_with("pub(super) fn "))
                && !t.ends_with(';');
            if !is_fn {
                continue;
            }
            let indent = line.len() - t.len();
            // The function ends at the first later line that closes at its
            // indentation (rustfmt's layout).
            let close = " ".repeat(indent) + "}";
            if let Some(len) = lines[i + 1..].iter().position(|l| *l == close) {
                if len + 2 > MAX_FN_LINES {
                    long.push(format!(
                        "{}:{} {} ({} lines)",
                        f.display(),
                        i + 1,
                        t,
                        len + 2
                    ));
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn no_import_cycle_between_analysis_modules() {
    let root = src().join("analysis");
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let module_of = |p: &Path| -> String {
        let rel = p.strip_prefix(&root).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        first.trim_end_matches(".rs").to_string()
    };
    let mut files = vec![];
    rust_files(&root, &mut files);
    let names: BTreeSet<String> = files
        .iter()
        .map(|f| module_of(f))
        .filter(|m| m != "mod")
        .collect();
    for f in &files {
        let m = module_of(f);
        if m == "mod" {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        let code = code_of(&text);
        let entry = deps.entry(m.clone()).or_default();
        for prefix in ["crate::analysis::", "super::"] {
            for (i, _) in code.match_indices(prefix) {
                // `super::` from a file directly in analysis/ names a sibling;
                // inside a folder it names the folder itself.
                if prefix == "super::" && f.parent() != Some(root.as_path()) {
                    continue;
                }
                let rest = &code[i + prefix.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if names.contains(&name) && name != m {
                    entry.insert(name);
                }
            }
        }
    }
    // A cycle: a module that reaches itself.
    let mut cycles = vec![];
    for start in deps.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        while let Some((m, path)) = stack.pop() {
            for d in deps.get(&m).into_iter().flatten() {
                if d == start {
                    cycles.push(path.join(" -> ") + " -> " + start);
                } else if seen.insert(d.clone()) {
                    let mut p = path.clone();
                    p.push(d.clone());
                    stack.push((d.clone(), p));
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(
        cycles.is_empty(),
        "import cycles between analysis modules:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_analysis_core_reads_files_only_through_source_rs() {
    let root = src().join("analysis");
    let mut files = vec![];
    rust_files(&root, &mut files);
    let mut offenders = vec![];
    for f in &files {
        if f.ends_with("source.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in code_of(&text).lines().enumerate() {
            let t = line.trim_start();
            if t.starts_with("//") {
                continue;
            }
            for needle in [
                "std::fs::",
                ".is_file()",
                ".is_dir()",
                ".exists()",
                "read_to_string(",
            ] {
                if t.contains(needle) {
                    offenders.push(format!("{}:{}: {t}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "file access outside source.rs:\n{}",
        offenders.join("\n")
    );
}

/// The core names neither the language server nor the protocol's crate.
/// (The server's modules are private to `lsp/`, so only its few
/// re-exports could be named at all.)
#[test]
fn the_analysis_core_knows_nothing_of_lsp() {
    let root = src().join("analysis");
    let mut files = vec![];
    rust_files(&root, &mut files);
    let mut offenders = vec![];
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            if ["crate::lsp", "tower_lsp_server", "ls_types"]
                .iter()
                .any(|needle| line.contains(needle))
            {
                offenders.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "LSP in the analysis core:\n{}",
        offenders.join("\n")
    );
}
