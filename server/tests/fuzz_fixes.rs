//! Fuzz target (c), quick run: on generated and mutated settings modules,
//! every fix `fixes_for` offers for every finding, and the `# noqa`
//! suppression, applied to the module: the result parses with no new error
//! nodes, only the edited ranges change, the fixed finding is gone; and when
//! `python3` is on PATH, no fix turns a module Python compiles into one it
//! rejects. `DSL_FUZZ_CASES` sets the number of cases; the long run is
//! `fuzz/run fixes` (CONTRIBUTING.md).

mod fuzzing;

use std::sync::Mutex;

use fuzzing::{on_main_sized_stack, Fixed};
use proptest::prelude::*;

static FIXED: Mutex<Vec<Fixed>> = Mutex::new(Vec::new());

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzzing::cases(24), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_offered_fix_keeps_the_module_parseable(data in prop::collection::vec(any::<u8>(), 0..1536)) {
        let fixed = on_main_sized_stack(move || {
            let mut out = vec![];
            fuzzing::fix_validity(&data, &mut out, 8);
            out
        });
        FIXED.lock().unwrap_or_else(|e| e.into_inner()).extend(fixed);
    }
}

/// Runs after (or beside) the property; judges what it collected so far, then
/// its own small batch, with Python's compiler.
#[test]
fn fixed_modules_still_compile_with_python() {
    let fixed = on_main_sized_stack(|| {
        let mut out = vec![];
        for seed in 0u32..16 {
            let data: Vec<u8> = (0..1024u32)
                .map(|i| {
                    (seed
                        .wrapping_mul(0x9e37_79b9)
                        .wrapping_add(i.wrapping_mul(97))
                        >> 5) as u8
                })
                .collect();
            fuzzing::fix_validity(&data, &mut out, 8);
        }
        out
    });
    assert!(!fixed.is_empty(), "the batch offers fixes");
    let mut all = std::mem::take(&mut *FIXED.lock().unwrap_or_else(|e| e.into_inner()));
    all.extend(fixed);
    fuzzing::python_compiles_fixed(&all);
}
