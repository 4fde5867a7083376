//! The output formats of `check`: one file each. `full`, `concise`,
//! `json`, `sarif` and `github` print rows (every module's findings, once
//! each); `django` prints each module as Django would; `--statistics`
//! counts rows per code.

pub(super) mod django;
mod full;
mod github;
mod json;
mod sarif;
pub(super) mod statistics;
mod text;

use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;

use super::args::OutputFormat;
use super::display_path;
use crate::analysis::lines::LineIndex;
use crate::analysis::{Finding, Severity};

/// One finding as the row formats print it.
#[derive(serde::Serialize)]
pub(super) struct Row {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub fixable: bool,
    /// The finding's documentation link (SARIF's rule `helpUri`); not part
    /// of the JSON output.
    #[serde(skip)]
    pub docs: Option<String>,
    /// One of its fixes is safe (`--fix` applies it without `--unsafe-fixes`).
    #[serde(skip)]
    pub safe_fix: bool,
    /// The file and the byte range in it (the code frames of `full`).
    #[serde(skip)]
    pub file: PathBuf,
    #[serde(skip)]
    pub range: Range<usize>,
}

/// Line indexes of the files findings are in, built once per file.
pub(super) type Indexed = std::collections::HashMap<PathBuf, (String, LineIndex)>;

pub(super) fn row(f: &Finding, indexed: &mut Indexed) -> Row {
    let (text, idx) = indexed.entry(f.path.clone()).or_insert_with(|| {
        let text = crate::analysis::source::read_text(&f.path).unwrap_or_default();
        let idx = LineIndex::new(&text);
        (text, idx)
    });
    let (l1, c1) = idx.line_col_chars(text, f.range.start);
    let (l2, c2) = idx.line_col_chars(text, f.range.end);
    Row {
        path: display_path(&f.path),
        line: l1 + 1,
        column: c1 + 1,
        end_line: l2 + 1,
        end_column: c2 + 1,
        code: f.code.clone(),
        severity: f.severity,
        message: f.message.clone(),
        fixable: f.fixable(),
        docs: f.docs.clone(),
        safe_fix: f.safely_fixable(),
        file: f.path.clone(),
        range: f.range.clone(),
    }
}

/// What the row formats print from.
pub(super) struct View<'a> {
    /// Sorted.
    pub rows: &'a [Row],
    /// How many modules were checked.
    pub modules: usize,
    /// The texts of the files the rows are in.
    pub texts: &'a Indexed,
    /// Every secret value of the checked modules: a code frame hides them.
    pub secrets: &'a [String],
    pub color: bool,
}

/// Writes the rows in `format` (`django` is per module: `django.rs`).
pub(super) fn write(format: OutputFormat, out: &mut dyn Write, v: &View) -> std::io::Result<()> {
    match format {
        OutputFormat::Json => json::write_json(out, v.rows),
        OutputFormat::Concise | OutputFormat::Django => text::write_text(out, v.rows, v.modules),
        OutputFormat::Full => full::write_full(out, v),
        OutputFormat::Sarif => sarif::write_sarif(out, v.rows),
        OutputFormat::Github => github::write_github(out, v.rows),
    }
}

/// What a code is about, in a sentence (SARIF's rule `shortDescription`,
/// `--statistics`).
pub(super) fn rule_description(code: &str) -> String {
    if let Some(c) = crate::analysis::checks::check_by_id(code) {
        return format!("{}: expects {}", c.setting, c.expects);
    }
    match crate::analysis::checks::own_code(code) {
        Some(c) => c.summary.to_string(),
        None => code.to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn row(line: usize, end_line: usize, severity: Severity, docs: Option<&str>) -> Row {
        Row {
            path: "app/settings.py".into(),
            line,
            column: 5,
            end_line,
            end_column: 9,
            code: "security.W018".into(),
            severity,
            message: "DEBUG is True".into(),
            fixable: true,
            docs: docs.map(String::from),
            safe_fix: true,
            file: PathBuf::from("/app/settings.py"),
            range: 4..8,
        }
    }
}
