//! Every fix offered on every differential case and example: applied, the
//! result must parse (tree-sitter and `python3 -m py_compile`), the targeted
//! finding must be gone, no finding may appear, no byte outside the edits may
//! change, and fix-all must be idempotent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use django_settings_lsp::{
    edited_texts, evaluate, fix_all, fixes_for, report, suppress_fix, DiskSources, Finding, Fix,
    FixPolicy, OverlaySources, ParsedFile,
};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Entry modules of the differential cases and the examples.
fn entries() -> Vec<PathBuf> {
    let mut out = vec![];
    let cases = repo().join("tests/differential/cases");
    let mut dirs: Vec<_> = std::fs::read_dir(&cases)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for p in dirs {
        if p.is_dir() {
            let entry = std::fs::read_to_string(p.join("ENTRY")).unwrap();
            out.push(p.join(entry.trim()));
        } else if p.extension().map(|e| e == "py").unwrap_or(false) {
            out.push(p);
        }
    }
    out.push(repo().join("examples/startproject/mysite/settings.py"));
    out.push(repo().join("examples/split/config/settings/production.py"));
    out.into_iter()
        .map(|p| std::fs::canonicalize(p).unwrap())
        .collect()
}

fn key(f: &Finding) -> (String, Option<String>) {
    (f.code.clone(), f.setting.clone())
}

struct Checked {
    fixes: usize,
    compiled: Vec<(String, String)>,
}

fn check_fix(entry: &Path, finding: &Finding, fix: &Fix, sources: &DiskSources, out: &mut Checked) {
    let eval = evaluate(entry, sources).unwrap();
    let before = report(&eval).findings;
    let texts = edited_texts(&eval, &fix.edits, sources);
    assert!(
        !texts.is_empty(),
        "{}: fix {:?} edits nothing",
        entry.display(),
        fix.title
    );
    let mut overlay = OverlaySources::new(sources);
    for (path, new) in &texts {
        let old = std::fs::read_to_string(path).unwrap();
        // Bytes outside the edited span are untouched.
        let edits: Vec<_> = fix.edits.iter().filter(|e| &e.path == path).collect();
        let lo = edits.iter().map(|e| e.range.start).min().unwrap();
        let hi = edits.iter().map(|e| e.range.end).max().unwrap();
        assert_eq!(
            old[..lo],
            new[..lo],
            "{}: prefix changed by {:?}",
            path.display(),
            fix.title
        );
        assert_eq!(
            old[hi..],
            new[new.len() - (old.len() - hi)..],
            "{}: suffix changed",
            path.display()
        );
        // A module that did not parse before may still not parse after;
        // a module that parsed must still parse, also for Python.
        let had_error = ParsedFile::parse(path.clone(), Arc::from(old.as_str()))
            .syntax
            .is_error();
        let parsed = ParsedFile::parse(path.clone(), Arc::from(new.as_str()));
        assert!(
            had_error || !parsed.tree.has_error(),
            "{}: {:?} leaves a syntax error:\n{new}",
            path.display(),
            fix.title
        );
        overlay.put(path.clone(), Arc::from(new.as_str()));
        if !had_error {
            out.compiled
                .push((format!("{}: {}", path.display(), fix.title), new.clone()));
        }
    }
    let after_eval = evaluate(entry, &overlay).unwrap();
    let after = report(&after_eval).findings;
    if fix.title.starts_with("Suppress") {
        assert!(
            after.len() < before.len(),
            "{}: {:?} suppresses nothing",
            entry.display(),
            fix.title
        );
    } else {
        // One fewer of its kind: a check may report one finding per entry
        // (4_0.E001, W025) and a fix clears the one it names.
        let count = |fs: &[Finding]| fs.iter().filter(|f| key(f) == key(finding)).count();
        assert!(
            count(&after) < count(&before),
            "{}: {:?} leaves {}",
            entry.display(),
            fix.title,
            finding.code
        );
    }
    let reveals = django_settings_lsp::check_by_id(&finding.code)
        .map(|c| c.reveals)
        .unwrap_or(&[]);
    let mut pool: Vec<_> = before.iter().map(key).collect();
    for f in after
        .iter()
        .filter(|f| fix.title.starts_with("Suppress") || !reveals.contains(&f.code.as_str()))
    {
        let i = pool.iter().position(|k| *k == key(f));
        assert!(
            i.is_some(),
            "{}: {:?} introduces {}",
            entry.display(),
            fix.title,
            f.code
        );
        pool.swap_remove(i.unwrap());
    }
    out.fixes += 1;
}

/// Compiles every fixed text with Python in one process.
fn py_compile_all(texts: &[(String, String)]) {
    let dir = tempfile::tempdir().unwrap();
    let mut names = HashMap::new();
    for (i, (label, text)) in texts.iter().enumerate() {
        let f = dir.path().join(format!("fixed_{i}.py"));
        std::fs::write(&f, text).unwrap();
        names.insert(f.display().to_string(), label.clone());
    }
    let script = "import sys, py_compile\nbad = []\nfor f in sys.argv[1:]:\n    try:\n        py_compile.compile(f, doraise=True)\n    except py_compile.PyCompileError as e:\n        bad.append(f)\nprint('\\n'.join(bad))\n";
    let files: Vec<String> = names.keys().cloned().collect();
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(&files)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| names.get(l).cloned().unwrap_or_else(|| l.to_string()))
        .collect();
    assert!(bad.is_empty(), "py_compile rejects: {bad:#?}");
}

#[test]
fn every_offered_fix_is_valid_and_works() {
    let sources = DiskSources::new();
    let mut checked = Checked {
        fixes: 0,
        compiled: vec![],
    };
    let mut by_code: HashMap<String, usize> = HashMap::new();
    for entry in entries() {
        let eval = evaluate(&entry, &sources).unwrap();
        let rep = report(&eval);
        for finding in &rep.findings {
            let fixes = fixes_for(&eval, finding, &sources);
            if !fixes.is_empty() {
                assert_eq!(
                    fixes.iter().filter(|f| f.preferred).count(),
                    1,
                    "one preferred fix"
                );
            }
            for fix in &fixes {
                check_fix(&entry, finding, fix, &sources, &mut checked);
                *by_code.entry(finding.code.clone()).or_default() += 1;
            }
            if finding.anchor.start < eval.entry_text.len() || eval.entry_text.is_empty() {
                if let Some(s) = suppress_fix(&eval, finding) {
                    check_fix(&entry, finding, &s, &sources, &mut checked);
                }
            }
        }
    }
    py_compile_all(&checked.compiled);
    // Fixes exist for every check that has a fix kind and appears in the cases.
    for code in [
        "security.W001",
        "security.W002",
        "security.W003",
        "security.W004",
        "security.W005",
        "security.W006",
        "security.W008",
        "security.W009",
        "security.W012",
        "security.W016",
        "security.W018",
        "security.W019",
        "security.W020",
        "security.W021",
        "security.E023",
    ] {
        assert!(
            by_code.get(code).copied().unwrap_or(0) > 0,
            "no fix proven for {code}: {by_code:?}"
        );
    }
    assert!(checked.fixes > 300, "only {} fixes checked", checked.fixes);
}

#[test]
fn fix_all_is_idempotent_and_leaves_only_unsafe_findings() {
    let sources = DiskSources::new();
    for entry in entries() {
        let (once, _) = fix_all(&entry, &sources, &FixPolicy::SAFE);
        let mut overlay = OverlaySources::new(&sources);
        for (p, t) in &once {
            overlay.put(p.clone(), Arc::from(t.as_str()));
        }
        let (twice, applied) = fix_all(&entry, &overlay, &FixPolicy::SAFE);
        assert!(
            applied.is_empty(),
            "{}: second fix-all applied {applied:?}",
            entry.display()
        );
        assert!(
            twice.is_empty(),
            "{}: second fix-all changed files",
            entry.display()
        );
    }
    let sp =
        std::fs::canonicalize(repo().join("examples/startproject/mysite/settings.py")).unwrap();
    let (changed, applied) = fix_all(&sp, &sources, &FixPolicy::SAFE);
    assert_eq!(applied, vec!["Change DEBUG to False".to_string()]);
    let text = &changed[&sp];
    assert!(text.contains("\nDEBUG = False\n"));
}
