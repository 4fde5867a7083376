//! The secrets suite (`tests/secrets/cases.txt`): every true case gives
//! exactly its finding, with a fix that passes the proof, reads the variable
//! from the environment, lists it in the project's example environment file
//! and leaves no secret finding behind; every look-alike stays quiet; and no
//! output of any case — the concise and full formats (code frames
//! included), JSON, SARIF, GitHub annotations, Django's format,
//! statistics, notes, fix titles, hover — shows any part of a case's secret.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use django_settings_lsp::{
    analyze, edited_texts, evaluate, fixes_for, hover_markdown, report, run_check, DiskSources,
    OverlaySources, ParsedFile,
};

use crate::common::write;

const SECRET_CODES: &[&str] = &["dsl.W001", "dsl.W002", "dsl.W003", "dsl.W004"];

struct Case {
    expect: String,
    id: String,
    secret: Option<String>,
    body: String,
}

fn cases() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/secrets/cases.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: Vec<Case> = vec![];
    for line in text.lines() {
        if let Some(header) = line.strip_prefix("=== ") {
            let (head, secret) = match header.split_once(" | ") {
                Some((h, s)) => (h, Some(s.trim().to_string())),
                None => (header, None),
            };
            let (expect, id) = head.split_once(' ').expect("=== <expect> <id>");
            out.push(Case {
                expect: expect.to_string(),
                id: id.trim().to_string(),
                secret,
                body: String::new(),
            });
        } else if let Some(c) = out.last_mut() {
            c.body.push_str(line);
            c.body.push('\n');
        }
    }
    out
}

/// A project holding the case as its settings, with an empty example
/// environment file.
fn project(dir: &Path, case: &Case) -> PathBuf {
    write(
        dir,
        "manage.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    );
    write(dir, "mysite/__init__.py", "");
    write(dir, ".env.example", "# Copy to .env and fill in.\n");
    let p = write(dir, "mysite/settings.py", case.body.trim_start());
    std::fs::canonicalize(p).unwrap()
}

#[test]
fn the_suite_is_big_enough_and_labelled() {
    let all = cases();
    let ids: BTreeSet<&str> = all.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), all.len(), "case ids are unique");
    let true_cases = all.iter().filter(|c| c.expect != "quiet").count();
    let quiet = all.len() - true_cases;
    assert!(true_cases >= 60, "{true_cases} true cases");
    assert!(quiet >= 40, "{quiet} look-alikes");
    for c in &all {
        assert!(
            c.expect == "quiet" || SECRET_CODES.contains(&c.expect.as_str()),
            "{}: {}",
            c.id,
            c.expect
        );
        assert_eq!(c.expect == "quiet", c.secret.is_none(), "{}", c.id);
        if let Some(s) = &c.secret {
            assert!(
                c.body.contains(s.as_str()),
                "{}: the secret is in the body",
                c.id
            );
        }
    }
}

#[test]
fn every_true_case_is_found_and_fixed_and_no_look_alike_is() {
    let sources = DiskSources::new();
    let mut failures = vec![];
    for case in cases() {
        let t = tempfile::tempdir().unwrap();
        let module = project(t.path(), &case);
        let rep = analyze(&module, &sources).unwrap();
        let found: BTreeSet<&str> = rep
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .filter(|c| SECRET_CODES.contains(c))
            .collect();
        let want: BTreeSet<&str> = if case.expect == "quiet" {
            BTreeSet::new()
        } else {
            [case.expect.as_str()].into()
        };
        if found != want {
            failures.push(format!("{}: found {found:?}, want {want:?}", case.id));
            continue;
        }
        if case.expect == "quiet" {
            continue;
        }
        let eval = evaluate(&module, &sources).unwrap();
        for f in rep.findings.iter().filter(|f| f.code == case.expect) {
            let fixes = fixes_for(&eval, f, &sources);
            let Some(fix) = fixes.iter().find(|x| x.preferred) else {
                failures.push(format!("{}: no proven fix for {}", case.id, f.message));
                continue;
            };
            let texts = edited_texts(&eval, &fix.edits, &sources);
            let example = texts
                .iter()
                .find(|(p, _)| p.ends_with(".env.example"))
                .map(|(_, t)| t.clone());
            let Some(example) = example else {
                failures.push(format!("{}: the fix leaves .env.example alone", case.id));
                continue;
            };
            let settings = &texts[&module];
            let var = example.lines().last().unwrap().trim_end_matches('=');
            if !settings.contains(&format!("\"{var}\"")) && !settings.contains(&format!("'{var}'"))
            {
                failures.push(format!(
                    "{}: .env.example gains {var}, the settings do not read it:\n{settings}",
                    case.id
                ));
            }
            let mut overlay = OverlaySources::new(&sources);
            overlay.files.insert(
                module.clone(),
                Arc::new(ParsedFile::parse(
                    module.clone(),
                    Arc::from(settings.as_str()),
                )),
            );
            let after = report(&evaluate(&module, &overlay).unwrap());
            // One fewer of its kind: a setting may hold two (both branches
            // of a conditional), and the fix clears the one it names.
            let kind = |fs: &[django_settings_lsp::Finding]| {
                fs.iter()
                    .filter(|a| a.code == f.code && a.setting == f.setting)
                    .count()
            };
            if kind(&after.findings) >= kind(&rep.findings) {
                failures.push(format!("{}: the fix leaves its finding", case.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every eight characters of `secret` (all of it when shorter).
fn pieces(secret: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() <= 8 {
        return vec![secret.to_string()];
    }
    chars.windows(8).map(|w| w.iter().collect()).collect()
}

#[test]
fn no_output_shows_a_secret() {
    let sources = DiskSources::new();
    let mut failures = vec![];
    for case in cases() {
        let Some(secret) = &case.secret else { continue };
        let t = tempfile::tempdir().unwrap();
        let module = project(t.path(), &case);
        let m = module.to_string_lossy().to_string();
        let mut outputs: Vec<(String, String)> = vec![];
        for args in [
            vec![m.as_str()],
            vec!["--show-notes", m.as_str()],
            vec!["--output-format", "full", m.as_str()],
            vec!["--output-format", "full", "--show-notes", m.as_str()],
            vec!["--format", "json", m.as_str()],
            vec!["--format", "sarif", m.as_str()],
            vec!["--format", "github", m.as_str()],
            vec!["--output-format", "django", m.as_str()],
            vec!["--statistics", m.as_str()],
            vec!["--diff", "--unsafe-fixes", m.as_str()],
        ] {
            let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            let (mut out, mut err) = (vec![], vec![]);
            let status = run_check(&args, &mut out, &mut err);
            let mut shown = String::from_utf8_lossy(&out).into_owned();
            shown.push_str(&String::from_utf8_lossy(&err));
            let diff = args.iter().any(|a| a == "--diff");
            // The run checked the module and found the case's finding (the
            // diff fixes it; the django format leaves our codes out).
            let django = args.iter().any(|a| a == "django");
            assert!(
                status == 1 || diff || django,
                "{}: `check {}` exited {status}:\n{shown}",
                case.id,
                args.join(" ")
            );
            if !diff && !django {
                assert!(
                    shown.contains(&case.expect),
                    "{}: `check {}` does not show {}:\n{shown}",
                    case.id,
                    args.join(" "),
                    case.expect
                );
            }
            if diff {
                // A diff shows the removed line: only the added lines, the
                // titles and the messages count.
                shown = shown
                    .lines()
                    .filter(|l| !l.starts_with('-') && !l.starts_with(' '))
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            outputs.push((format!("check {}", args.join(" ")), shown));
        }
        let eval = evaluate(&module, &sources).unwrap();
        let mut names: Vec<String> = eval
            .namespace
            .bindings
            .keys()
            .map(|k| k.to_string())
            .collect();
        names.sort();
        for name in names {
            if let Some(h) = hover_markdown(&eval, &name, &sources) {
                outputs.push((format!("hover on {name}"), h));
            }
        }
        let rep = report(&eval);
        for f in &rep.findings {
            for fix in fixes_for(&eval, f, &sources) {
                outputs.push((format!("fix title for {}", f.code), fix.title));
            }
        }
        for (what, text) in &outputs {
            if let Some(p) = pieces(secret).iter().find(|p| text.contains(p.as_str())) {
                failures.push(format!("{}: {what} shows {p:?}:\n{text}", case.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// In a django-configurations class the fix is the library's own reader:
/// `values.SecretValue()` reads `DJANGO_SECRET_KEY`, and with
/// `environ_prefix=None` a variable named as the setting (checked against
/// django-configurations: with the variables set, the class loads them).
#[test]
fn in_a_configurations_class_the_fix_is_a_secret_value() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(
        d,
        "manage.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\nos.environ.setdefault('DJANGO_CONFIGURATION', 'Prod')\n",
    );
    write(d, "mysite/__init__.py", "");
    let module = write(
        d,
        "mysite/settings.py",
        "from configurations import Configuration, values\n\n\nclass Prod(Configuration):\n    DEBUG = False\n    SECRET_KEY = \"i414k5xoCsz=Kjvk3RZa_d$fX5fc$g1_!0XAt%r-@hA8=gc9*Z\"\n    STRIPE_KEY = \"sk_live_8TSCpqglNnhF6bQmBVeRL8f3\"\n",
    );
    let module = std::fs::canonicalize(module).unwrap();
    let sources = DiskSources::new();
    let eval = evaluate(&module, &sources).unwrap();
    let rep = report(&eval);
    let mut written = vec![];
    for code in ["dsl.W002", "dsl.W004"] {
        let f = rep
            .findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("no {code}: {:?}", rep.findings));
        let fixes = fixes_for(&eval, f, &sources);
        let fix = fixes.iter().find(|x| x.preferred).expect("a proven fix");
        written.push(fix.edits[0].new_text.clone());
    }
    assert_eq!(
        written,
        [
            "values.SecretValue()",
            "values.SecretValue(environ_prefix=None)"
        ]
    );
}
