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
