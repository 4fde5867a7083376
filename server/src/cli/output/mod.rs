//! The output formats of `check`: one file each.

mod github;
mod json;
mod sarif;
mod text;

use std::io::Write;

use super::Row;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

pub(super) fn parse_format(v: &str) -> Result<Format, String> {
    match v {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        "sarif" => Ok(Format::Sarif),
        "github" => Ok(Format::Github),
        other => Err(format!(
            "unknown format {other:?}: use text, json, sarif or github"
        )),
    }
}
/// Writes `rows` (sorted) in `format`; `modules` is how many were checked.
pub(super) fn write(
    format: Format,
    out: &mut dyn Write,
    rows: &[Row],
    modules: usize,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write_json(out, rows),
        Format::Text => text::write_text(out, rows, modules),
        Format::Sarif => sarif::write_sarif(out, rows),
        Format::Github => github::write_github(out, rows),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::analysis::Severity;

    #[test]
    fn formats_parse() {
        assert_eq!(parse_format("sarif"), Ok(Format::Sarif));
        assert_eq!(parse_format("github"), Ok(Format::Github));
        assert!(parse_format("xml").unwrap_err().contains("sarif or github"));
    }

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
        }
    }
}
