//! `--output-format concise` (`--format text`): `path:line:col: code
//! message`, then a summary line.

use std::io::Write;

use super::Row;
use crate::analysis::Severity;

pub(super) fn write_text(out: &mut dyn Write, rows: &[Row], modules: usize) -> std::io::Result<()> {
    for r in rows {
        writeln!(
            out,
            "{}:{}:{}: {} {}",
            r.path, r.line, r.column, r.code, r.message
        )?;
    }
    write_summary(out, rows, modules)
}

/// "Found 1 error and 2 warnings in 1 settings module." (`full` ends so too.)
pub(super) fn write_summary(
    out: &mut dyn Write,
    rows: &[Row],
    modules: usize,
) -> std::io::Result<()> {
    let errors = rows
        .iter()
        .filter(|r| r.severity == Severity::Error)
        .count();
    let warnings = rows
        .iter()
        .filter(|r| r.severity == Severity::Warning)
        .count();
    let notes = rows.iter().filter(|r| r.severity == Severity::Info).count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut summary = if errors + warnings == 0 {
        format!(
            "No deploy findings in {}.",
            plural(modules, "settings module")
        )
    } else {
        format!(
            "Found {} and {} in {}.",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(modules, "settings module")
        )
    };
    if notes > 0 {
        summary.push_str(&format!(" {}.", plural(notes, "note")));
    }
    writeln!(out, "{summary}")
}
