//! `--format github`: GitHub Actions workflow annotations.

use std::io::Write;

use super::Row;
use crate::analysis::Severity;

/// GitHub Actions workflow annotations, one line per finding:
/// `::warning file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::message`.
/// GitHub takes columns only for a range on one line, so a range spanning
/// lines gives lines only.
pub(super) fn write_github(out: &mut dyn Write, rows: &[Row]) -> std::io::Result<()> {
    for r in rows {
        let command = match r.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = format!(
            "file={},line={}",
            github_property(&r.path.replace('\\', "/")),
            r.line
        );
        if r.line == r.end_line {
            props.push_str(&format!(",col={}", r.column));
        }
        props.push_str(&format!(",endLine={}", r.end_line));
        if r.line == r.end_line {
            props.push_str(&format!(",endColumn={}", r.end_column));
        }
        props.push_str(&format!(",title={}", github_property(&r.code)));
        writeln!(out, "::{command} {props}::{}", github_data(&r.message))?;
    }
    Ok(())
}

/// A workflow command's message, escaped as GitHub's runner unescapes it.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::output::tests::row;

    #[test]
    fn github_escaping() {
        assert_eq!(github_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(github_property("a,b:c%d\n"), "a%2Cb%3Ac%25d%0A".to_string());
    }

    #[test]
    fn github_annotation_lines() {
        let mut out = vec![];
        write_github(
            &mut out,
            &[
                row(3, 3, Severity::Warning, None),
                row(3, 4, Severity::Error, None),
                row(1, 1, Severity::Info, None),
            ],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "::warning file=app/settings.py,line=3,col=5,endLine=3,endColumn=9,title=security.W018::DEBUG is True"
        );
        // Columns only for a range on one line.
        assert_eq!(
            lines[1],
            "::error file=app/settings.py,line=3,endLine=4,title=security.W018::DEBUG is True"
        );
        assert!(lines[2].starts_with("::notice "));
    }
}
