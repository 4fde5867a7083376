//! Compares the analysis with Django's recorded results
//! (`tests/differential/expected.json`, written by the oracle) on every
//! differential case, without Python. `tests/run` also re-runs the oracle
//! live, so the recording cannot drift from real Django.

use std::path::{Path, PathBuf};

use django_settings_lsp::{analyze, DiskSources};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/differential")
}

fn entry_of(case: &Path) -> PathBuf {
    if case.is_dir() {
        let entry = std::fs::read_to_string(case.join("ENTRY")).expect("ENTRY file");
        case.join(entry.trim())
    } else {
        case.to_path_buf()
    }
}

#[test]
fn every_case_matches_recorded_django() {
    let dir = cases_dir();
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let expected = expected.as_object().unwrap();
    assert!(expected.len() >= 60, "too few recorded cases");
    // Cases known to differ (with why); they must keep differing.
    let gaps: Vec<String> = std::fs::read_to_string(dir.join("known_gaps.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    let sources = DiskSources::new();
    let mut failures = vec![];
    let mut gap_count = 0;
    for (name, want) in expected {
        let is_gap = gaps.contains(name);
        let mut case = dir.join("cases").join(name);
        if !case.exists() {
            case = dir.join("cases").join(format!("{name}.py"));
        }
        let entry = std::fs::canonicalize(entry_of(&case)).unwrap();
        let report = analyze(&entry, &sources).unwrap();
        let mut ours: Vec<String> = report
            .findings
            .iter()
            .map(|f| f.code.clone())
            // The IDs of the checks the registry has, as the runner compares.
            .filter(|c| django_settings_lsp::check_by_id(c).is_some())
            .collect();
        ours.sort();
        let crashed_ours = report.findings.iter().any(|f| f.code.starts_with("dsl.E"));
        if want.get("crash").is_some() {
            match (crashed_ours, is_gap) {
                (false, false) => {
                    failures.push(format!("{name}: Django crashes, we report {ours:?}"))
                }
                (true, true) => {
                    failures.push(format!("{name}: agrees now; remove it from known_gaps.txt"))
                }
                (false, true) => gap_count += 1,
                (true, false) => {}
            }
            continue;
        }
        let mut theirs: Vec<String> = want["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        theirs.sort();
        let differs = ours != theirs || crashed_ours;
        match (differs, is_gap) {
            (true, false) => failures.push(format!(
                "{name}: django={theirs:?} ours={ours:?} crash={crashed_ours}"
            )),
            (false, true) => {
                failures.push(format!("{name}: agrees now; remove it from known_gaps.txt"))
            }
            (true, true) => gap_count += 1,
            (false, false) => {}
        }
    }
    assert_eq!(gap_count, gaps.len(), "every known gap is a recorded case");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
