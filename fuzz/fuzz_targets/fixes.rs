//! Target (c): every fix offered for every finding (and the noqa
//! suppression) of a fuzzed settings module keeps it parseable with no new
//! error nodes, edits only its ranges, and removes its finding.
#![no_main]

#[path = "../../server/tests/fuzzing/mod.rs"]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut fixed = Vec::new();
    fuzzing::fix_validity(data, &mut fixed, 8);
});
