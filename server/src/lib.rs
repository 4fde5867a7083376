//! django-settings-lsp: Django's `check --deploy`, statically, as a language
//! server and a command-line checker.
//!
//! `analysis` is the core and knows nothing about LSP; `cli` and `lsp` are
//! adapters over it.

pub mod analysis;
pub mod cli;
pub mod fault;
pub mod lsp;
