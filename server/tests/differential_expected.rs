//! Compares the analysis with Django's recorded results on every
//! differential case, per Django series, without Python:
//! `tests/differential/expected/X.Y.json` (written by the oracle, real
//! Django X.Y) against the findings for that release, every code not
//! starting with `dsl.`; `known_gaps/X.Y.txt` lists the cases known to
//! differ. `tests/run` also re-runs the oracle live on the four series, so
//! the recordings cannot drift from real Django.

use std::path::{Path, PathBuf};

use django_settings_lsp::{evaluate_with, report, DiskSources, DjangoVersion, ProjectVersion};

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

/// The mismatches of one series (the known gaps that still differ are not
/// mismatches; those that agree now are).
fn mismatches(version: DjangoVersion) -> Vec<String> {
    let dir = cases_dir();
    let expected_file = dir.join("expected").join(format!("{version}.json"));
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&expected_file)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_file.display())),
    )
    .unwrap();
    let expected = expected.as_object().unwrap();
    assert!(expected.len() >= 60, "{version}: too few recorded cases");
    // Cases known to differ (with why); they must keep differing. A gap
    // marked `(cli)` is one of the command line's output only (what
    // `run.py` compares): the analysis itself agrees with Django there.
    let gaps_file = format!("known_gaps/{version}.txt");
    let gaps: Vec<String> = std::fs::read_to_string(dir.join(&gaps_file))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let name = words.next()?;
            (words.next() != Some("(cli)")).then(|| name.to_string())
        })
        .collect();
    let configured = ProjectVersion::configured(version, "the differential case");
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
        let eval = evaluate_with(&entry, &sources, Some(&configured)).unwrap();
        let found = report(&eval).findings;
        // Every code Django could print: all but our own `dsl.*`.
        let mut ours: Vec<String> = found
            .iter()
            .map(|f| f.code.clone())
            .filter(|c| !c.starts_with("dsl."))
            .collect();
        ours.sort();
        let crashed_ours = found.iter().any(|f| f.code.starts_with("dsl.E"));
        if want.get("crash").is_some() {
            match (crashed_ours, is_gap) {
                (false, false) => failures.push(format!(
                    "{version} {name}: Django crashes, we report {ours:?}"
                )),
                (true, true) => failures.push(format!(
                    "{version} {name}: agrees now; remove it from {gaps_file}"
                )),
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
                "{version} {name}: django={theirs:?} ours={ours:?} crash={crashed_ours}"
            )),
            (false, true) => failures.push(format!(
                "{version} {name}: agrees now; remove it from {gaps_file}"
            )),
            (true, true) => gap_count += 1,
            (false, false) => {}
        }
    }
    let unknown: Vec<&String> = gaps.iter().filter(|g| !expected.contains_key(*g)).collect();
    assert!(
        unknown.is_empty(),
        "{gaps_file} lists cases that are not recorded: {unknown:?}"
    );
    if failures.is_empty() {
        assert_eq!(gap_count, gaps.len(), "{version}: every known gap differs");
    }
    failures
}

fn series(version: DjangoVersion) {
    let failures = mismatches(version);
    assert!(
        failures.is_empty(),
        "Django {version}: {} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_case_matches_recorded_django_4_2() {
    series(DjangoVersion::V4_2);
}

#[test]
fn every_case_matches_recorded_django_5_2() {
    series(DjangoVersion::V5_2);
}

#[test]
fn every_case_matches_recorded_django_6_0() {
    series(DjangoVersion::V6_0);
}

#[test]
fn every_case_matches_recorded_django_6_1() {
    series(DjangoVersion::V6_1);
}

/// One recording per supported series, and no other.
#[test]
fn every_supported_series_is_recorded() {
    let mut recorded: Vec<String> = std::fs::read_dir(cases_dir().join("expected"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".json"))
                .map(str::to_string)
        })
        .collect();
    recorded.sort();
    let supported: Vec<String> = DjangoVersion::SUPPORTED
        .iter()
        .map(|v| v.to_string())
        .collect();
    assert_eq!(recorded, supported);
}
