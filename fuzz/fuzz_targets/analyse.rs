//! Target (a): the analyser on arbitrary bytes, decoded into generated,
//! mutated or raw settings modules (one to four files). No panic; time is
//! bounded by libFuzzer's `-timeout`.
#![no_main]

#[path = "../../server/tests/fuzzing/mod.rs"]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzzing::analyse_bytes(data);
});
