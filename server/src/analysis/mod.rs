//! The analysis core: parsing, static evaluation of settings modules, the
//! deploy checks and their findings. It knows nothing about LSP; the
//! language server and the CLI are thin adapters over it.

pub(crate) mod app_imports;
pub(crate) mod apps;
pub(crate) mod checks;
pub(crate) mod classify;
pub(crate) mod config;
pub(crate) mod discover;
pub(crate) mod django_locales;
pub(crate) mod django_version;
pub(crate) mod dotted;
pub(crate) mod env_contract;
pub(crate) mod eval;
pub(crate) mod fixes;
pub(crate) mod folders;
pub(crate) mod glob;
pub(crate) mod ide;
pub(crate) mod imports;
pub(crate) mod includes;
pub(crate) mod lines;
pub(crate) mod noqa;
pub(crate) mod placement;
pub(crate) mod project;
pub(crate) mod report;
pub(crate) mod secrets;
pub(crate) mod settings;
pub(crate) mod site_packages;
pub(crate) mod source;
pub(crate) mod syntax;

pub use checks::Severity;
pub use eval::driver::evaluate_with;
pub use report::{analyze, evaluate, report, report_reading, Finding, Report};
pub use source::DiskSources;
