//! `--output-format full` (the default on a terminal): each finding as
//! rustc and ruff show one, with `annotate-snippets`: the code and message,
//! the source line(s) with the range underlined, whether a fix is offered,
//! the documentation link; then the summary line of `concise`. A secret is
//! never shown: the excerpt goes through the analysis core's
//! `secret_spans` before it is printed.

use std::io::Write;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use super::{text, Row, View};
use crate::analysis::secrets::{secret_spans, REDACTED};
use crate::analysis::Severity;

/// A range over more lines than this shows its first line only.
const MAX_FRAME_LINES: usize = 6;

pub(super) fn write_full(out: &mut dyn Write, v: &View) -> std::io::Result<()> {
    let renderer = if v.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for r in v.rows {
        let level = match r.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let title = level.primary_title(r.message.as_str()).id(r.code.as_str());
        let group = match excerpt(v, r) {
            Some((source, line, span)) => title.element(
                Snippet::source(source)
                    .line_start(line)
                    .path(r.path.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            ),
            None => {
                title.element(Level::NOTE.message(format!("at {}:{}:{}", r.path, r.line, r.column)))
            }
        };
        let mut group = group.element(Level::HELP.message(fix_hint(r)));
        if let Some(d) = &r.docs {
            group = group.element(Level::NOTE.message(format!("documentation: {d}")));
        }
        writeln!(out, "{}\n", renderer.render(&[group]))?;
    }
    write_summary(out, v)
}

fn fix_hint(r: &Row) -> String {
    if r.safe_fix {
        "`--fix` fixes this".into()
    } else if r.fixable {
        "`--fix --unsafe-fixes` fixes this (the fix needs a decision)".into()
    } else {
        format!(
            "`django-settings-lsp explain {}` says how to fix it",
            r.code
        )
    }
}

/// The summary line of `concise`, then how many findings `--fix` fixes.
fn write_summary(out: &mut dyn Write, v: &View) -> std::io::Result<()> {
    text::write_summary(out, v.rows, v.modules)?;
    let safe = v.rows.iter().filter(|r| r.safe_fix).count();
    let unsafe_only = v.rows.iter().filter(|r| r.fixable && !r.safe_fix).count();
    if safe + unsafe_only > 0 {
        let mut line = format!("{safe} fixable with `--fix`");
        if unsafe_only > 0 {
            line.push_str(&format!(
                " ({unsafe_only} more with `--fix --unsafe-fixes`)"
            ));
        }
        writeln!(out, "{line}.")?;
    }
    Ok(())
}

/// The lines of the row's range, secrets hidden, with the 1-based number
/// of the first and the range within them.
fn excerpt(v: &View, r: &Row) -> Option<(String, usize, Range<usize>)> {
    let (text, idx) = v.texts.get(&r.file)?;
    let start = r.range.start.min(text.len());
    let end = r.range.end.clamp(start, text.len());
    let first = idx.line_of(start);
    let from = idx.line_start(first);
    let mut last = idx.line_of(end);
    // A range that ends at a line's start ends on the line before.
    if last > first && idx.line_start(last) == end {
        last -= 1;
    }
    let (last, end) = if last - first >= MAX_FRAME_LINES {
        (first, line_end(text, from))
    } else {
        (last, end)
    };
    let to = line_end(text, idx.line_start(last));
    let source = &text[from..to.max(from)];
    let span = start - from..end.min(to) - from;
    let (shown, span) = hide_secrets(source, span, v.secrets);
    Some((shown, first + 1, span))
}

/// The end of the line starting at `start`, before its line break.
fn line_end(text: &str, start: usize) -> usize {
    text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i)
}

/// `source` with the secrets in it replaced by `<secret>`, and `span`
/// moved to the same text in the result.
fn hide_secrets(source: &str, span: Range<usize>, secrets: &[String]) -> (String, Range<usize>) {
    let hidden = secret_spans(source, secrets);
    if hidden.is_empty() {
        return (source.to_string(), span);
    }
    let mut out = String::with_capacity(source.len());
    let mut pos = 0;
    for h in &hidden {
        out.push_str(&source[pos..h.start]);
        out.push_str(REDACTED);
        pos = h.end;
    }
    out.push_str(&source[pos..]);
    // An offset inside a hidden span moves to that span's replacement: its
    // start for the range's start, its end for the range's end.
    let map = |o: usize, is_end: bool| {
        let mut shift: isize = 0;
        for h in &hidden {
            if h.end <= o {
                shift += REDACTED.len() as isize - h.len() as isize;
            } else if h.start < o {
                let new_start = (h.start as isize + shift) as usize;
                return if is_end {
                    new_start + REDACTED.len()
                } else {
                    new_start
                };
            } else {
                break;
            }
        }
        (o as isize + shift) as usize
    };
    let start = map(span.start, false);
    let end = map(span.end, true).max(start);
    (out, start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_span_follows_the_hidden_text() {
        let src = "DB = {'PASSWORD': 'hunter2Q7WpXz', 'HOST': 'db'}";
        let at = src.find("'hunter").unwrap();
        let secrets = vec!["hunter2Q7WpXz".to_string()];
        let (shown, span) = hide_secrets(src, at..at + 15, &secrets);
        assert_eq!(shown, "DB = {'PASSWORD': '<secret>', 'HOST': 'db'}");
        assert_eq!(&shown[span], "'<secret>'");
        let host = src.find("'db'").unwrap();
        let (shown, span) = hide_secrets(src, host..host + 4, &secrets);
        assert_eq!(&shown[span], "'db'");
    }
}
