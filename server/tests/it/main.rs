//! Every integration test in one crate, so `cargo test` links the tests
//! once. The test files stay in `server/tests/`, each a module here; the
//! helpers they share are modules of this crate too. `memory.rs` stays a
//! crate of its own: it counts the heap with a global allocator, which
//! every other test would disturb.

#[path = "../binary_client/mod.rs"]
mod binary_client;
#[path = "../common/mod.rs"]
mod common;
#[path = "../fixture/mod.rs"]
mod fixture;
#[path = "../fuzzing/mod.rs"]
mod fuzzing;

#[path = "../cli.rs"]
mod cli;
#[path = "../differential_expected.rs"]
mod differential_expected;
#[path = "../django_release.rs"]
mod django_release;
#[path = "../document_props.rs"]
mod document_props;
#[path = "../faults.rs"]
mod faults;
#[path = "../fixes_proven.rs"]
mod fixes_proven;
#[path = "../fixtures.rs"]
mod fixtures;
#[path = "../fuzz_analyser.rs"]
mod fuzz_analyser;
#[path = "../fuzz_fixes.rs"]
mod fuzz_fixes;
#[path = "../hostile_input.rs"]
mod hostile_input;
#[path = "../hostile_lsp.rs"]
mod hostile_lsp;
#[path = "../lsp_code_actions.rs"]
mod lsp_code_actions;
#[path = "../lsp_documents.rs"]
mod lsp_documents;
#[path = "../lsp_protocol.rs"]
mod lsp_protocol;
#[path = "../lsp_workspace.rs"]
mod lsp_workspace;
#[path = "../regressions.rs"]
mod regressions;
#[path = "../reparse_limits.rs"]
mod reparse_limits;
#[path = "../secrets.rs"]
mod secrets;
#[path = "../secrets_suite.rs"]
mod secrets_suite;
#[path = "../structure.rs"]
mod structure;
