//! Fuzz target (a), quick run: the analyser on arbitrary bytes and on
//! generated and mutated settings modules (see `fuzzing/mod.rs`) must not
//! panic and must finish in bounded time; every finding's range lies in its
//! file. `DSL_FUZZ_CASES` sets the number of cases; the long, coverage-guided
//! run is `fuzz/run analyse` (CONTRIBUTING.md).

use crate::fuzzing;

use std::time::Duration;

use fuzzing::on_main_sized_stack;
use proptest::prelude::*;

/// Far above what any input takes (milliseconds); only a hang trips it.
const HANG: Duration = Duration::from_secs(20);

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzzing::cases(192), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn analyser_survives_structured_input(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        let ran = on_main_sized_stack(move || fuzzing::analyse_bytes(&data));
        prop_assert!(ran.elapsed < HANG, "took {:?}", ran.elapsed);
    }

    #[test]
    fn analyser_survives_arbitrary_text(text in ".{0,400}") {
        let ran = on_main_sized_stack(move || {
            fuzzing::analyse(&fuzzing::Project::new(vec![("settings.py", text)]))
        });
        prop_assert!(ran.elapsed < HANG, "took {:?}", ran.elapsed);
    }
}

/// The generator reaches what it is meant to: findings, star imports,
/// deep brackets, blocks. Guards the properties above against testing only
/// trivial modules.
#[test]
fn generated_modules_are_not_trivial() {
    on_main_sized_stack(|| {
        let mut with_findings = 0;
        let mut texts = String::new();
        for seed in 0u32..120 {
            let data: Vec<u8> = (0..1024u32)
                .map(|i| {
                    (seed
                        .wrapping_mul(2654435761)
                        .wrapping_add(i.wrapping_mul(40503))
                        >> 7) as u8
                })
                .collect();
            let mut b = fuzzing::Bytes::new(&data);
            let project = fuzzing::Project::decode(&mut b);
            for f in project.files.values() {
                texts.push_str(&f.text);
            }
            if fuzzing::analyse(&project).findings > 0 {
                with_findings += 1;
            }
        }
        assert!(
            with_findings > 60,
            "{with_findings} of 120 modules have findings"
        );
        for needle in [
            "from .base import *",
            "try:",
            "if ",
            "os.environ.get(",
            "(((((",
            "MIDDLEWARE",
        ] {
            assert!(texts.contains(needle), "no {needle:?} generated");
        }
    });
}

/// Found by the `analyse` target (a timeout on 49dfc38): a loop builds a
/// SECRET_KEY_FALLBACKS string of 352,800 characters, and W025, one
/// finding per entry as in Django, gave 352,800 findings (seven seconds of
/// reporting). A check gives at most `MAX_FINDINGS_PER_CHECK` findings; the
/// last says how many more Django would print.
#[test]
fn a_value_with_a_million_entries_gives_a_bounded_report() {
    let data: &[u8] = &[
        0x78, 0x40, 0xce, 0x25, 0x8a, 0x2b, 0x8a, 0x8a, 0x8a, 0x01, 0x7f, 0x24, 0xff, 0x80, 0x5f,
        0x07, 0x2e, 0x5e, 0x0a, 0x00, 0xfd, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a,
        0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x53, 0x45, 0x43, 0x52,
        0x45, 0x54, 0x8a, 0x8a, 0x8a, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad,
        0xad, 0xad, 0xad, 0xad, 0xad, 0x80, 0x00, 0x2e, 0xb0, 0xfe, 0xac, 0x44, 0x2f, 0xfe, 0x41,
        0x45, 0x45, 0x28, 0x28, 0x28, 0x45, 0x45, 0x7b, 0x45, 0x45, 0x45, 0x45, 0xad, 0xad, 0xad,
        0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad,
        0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad,
        0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad,
        0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad, 0xad,
        0xad, 0xad, 0xad, 0xad, 0xad, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x8a, 0x7d, 0x6c, 0x1a,
        0x7a, 0x01, 0x1a, 0x43, 0x43, 0x43, 0x45, 0x45, 0x45, 0x45, 0x45, 0x45, 0x45, 0x45, 0x45,
        0xb5, 0x45, 0x45, 0x00, 0xf6, 0x01, 0x00, 0x08, 0x08, 0x7d, 0x70, 0xff, 0x1a, 0x43, 0x43,
        0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43,
        0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x45, 0x45, 0x45, 0x45, 0x45, 0x45, 0x45,
        0x45, 0x45, 0x45, 0x24, 0x45, 0x07, 0x59, 0x6f, 0x7d, 0x45, 0x45, 0x3f, 0x45, 0x45, 0x45,
        0x45, 0x45, 0x45, 0x45, 0x45, 0x45, 0x45,
    ];
    let ran = fuzzing::analyse_bytes(data);
    assert!(ran.findings <= 200, "{} findings", ran.findings);
    let t = tempfile::tempdir().unwrap();
    let module = crate::common::write(
        t.path(),
        "settings.py",
        "SECRET_KEY_FALLBACKS = ['weak'] * 5000\n",
    );
    let rep =
        django_settings_lsp::analyze(&module, &django_settings_lsp::DiskSources::new()).unwrap();
    let w025: Vec<_> = rep
        .findings
        .iter()
        .filter(|f| f.code == "security.W025")
        .collect();
    assert_eq!(w025.len(), 100);
    assert!(
        w025.iter().any(|f| f
            .message
            .ends_with("(and 4900 more entries Django reports the same way)")),
        "{:?}",
        w025.last().map(|f| &f.message)
    );
}
