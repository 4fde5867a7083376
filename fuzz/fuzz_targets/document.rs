//! Target (b): random edit sequences on an open document in UTF-8, UTF-16
//! and UTF-32: text equals a reference, the incremental tree equals a fresh
//! parse node by node, positions round-trip.
#![no_main]

#[path = "../../server/tests/fuzzing/mod.rs"]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzzing::document_edits(data);
});
