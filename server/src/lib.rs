//! django-settings-lsp: Django's `check --deploy`, statically, as a language
//! server and a command-line checker.
//!
//! `analysis` is the core and knows nothing about LSP; `cli` and `lsp` are
//! adapters over it. The modules are private: what the binary, the
//! integration tests, the benchmarks and the fuzz targets use is this
//! façade.

mod analysis;
mod cli;
mod fault;
mod lsp;

// The tree-sitter field-id macros, `crate::field!` throughout the crate.
use analysis::source::{field, field_id};

// The core: a settings module evaluated, reported on, fixed, hovered.
pub use analysis::checks::{check_by_id, CHECKED_SETTINGS};
pub use analysis::config::Config;
/// The Django release a module is judged by (`evaluate_with` takes it).
pub use analysis::django_version::{DjangoVersion, ProjectVersion, VersionSource};
pub use analysis::eval::MAX_STEPS;
pub use analysis::fixes::{
    edited_texts, fix_all, fixes_for, suppress_fix, Edit, Fix, FixPolicy, MAX_PROOF_STEPS,
};
pub use analysis::ide::hover::hover_markdown;
/// Byte offsets to lines and columns in characters (`editor::LineIndex`
/// converts to LSP positions).
pub use analysis::lines::LineIndex;
pub use analysis::report::Evaluation;
pub use analysis::{
    analyze, evaluate, evaluate_with, report, report_reading, Finding, Report, Severity,
};

// The files the core reads, and their parses.
pub use analysis::source::{
    parse_python, python_view, DirEntry, DiskSources, LoadError, MemorySources, ModuleTree,
    OverlaySources, ParsedFile, SourceProvider, SyntaxErrorKind, SyntaxVerdict,
};
pub use analysis::syntax::verdict_of_one_tree;

// The front ends: `check` and the language server.
pub use cli::{main as cli_main, run as run_check, Dispatch};
pub use lsp::{log_panics, run_stdio, serve};

/// The language server's open documents, position encodings and
/// diagnostics, for the tests and fuzz targets that drive them without a
/// client.
pub mod editor {
    pub use crate::lsp::{
        diagnostic, rope_offset, rope_position, Document, EditorSources, Encoding, Files, LineIndex,
    };
}
