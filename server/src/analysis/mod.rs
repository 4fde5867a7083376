//! The analysis core: parsing, static evaluation of settings modules, the
//! deploy checks and their findings. It knows nothing about LSP; the
//! language server and the CLI are thin adapters over it.

pub mod apps;
pub mod checks;
pub mod classify;
pub mod config;
pub mod credentials;
pub mod discover;
pub mod eval;
pub mod fixes;
pub mod glob;
pub mod ide;
pub mod imports;
pub mod lines;
pub mod noqa;
pub mod placement;
pub mod project;
pub mod report;
pub mod secrets;
pub mod settings;
pub mod source;

pub use checks::{Severity, CHECKS};
pub use report::{analyze, evaluate, report, Finding, Report};
pub use source::{DiskSources, ParsedFile, SourceProvider};
