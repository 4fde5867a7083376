//! Findings of the core as LSP diagnostics.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Uri,
};

use super::encoding::{Encoding, LineIndex};
use crate::analysis::config::{Config, Level};
use crate::analysis::Finding;

pub const SOURCE: &str = "django-settings";

/// What conversion needs to know about files other than the one shown.
pub trait Files {
    /// The text of a file, as the analysis read it.
    fn text(&self, path: &Path) -> Option<Arc<str>>;
    /// The URI the editor knows a file by.
    fn uri(&self, path: &Path) -> Option<Uri>;
    /// The line index of a file's text; a view that keeps indexes returns
    /// the same one for every diagnostic instead of building one each time.
    fn index(&self, path: &Path) -> Option<Arc<LineIndex>> {
        self.text(path).map(|t| Arc::new(LineIndex::of(t)))
    }
}

pub fn severity(level: Level) -> Option<DiagnosticSeverity> {
    Some(match level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
        Level::Information => DiagnosticSeverity::INFORMATION,
        Level::Hint => DiagnosticSeverity::HINT,
        Level::Off => return None,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The diagnostic for `f` in the file `shown_in` (whose text is `text`):
/// at the finding's own range when it is in that file, else at its anchor
/// (the star import that brought the value in), with the place the value
/// was set in the message and in `relatedInformation`. `None` when the
/// configuration turns the code off.
pub fn diagnostic(
    f: &Finding,
    shown_in: &Path,
    text: &str,
    config: &Config,
    enc: Encoding,
    files: &dyn Files,
) -> Option<Diagnostic> {
    diagnostic_indexed(f, shown_in, &LineIndex::new(text), config, enc, files)
}

/// `diagnostic` with the line index of `shown_in`'s text, built once for
/// all the diagnostics of a publish.
pub fn diagnostic_indexed(
    f: &Finding,
    shown_in: &Path,
    index: &LineIndex,
    config: &Config,
    enc: Encoding,
    files: &dyn Files,
) -> Option<Diagnostic> {
    let severity = severity(config.level(&f.code, f.severity))?;
    let here = f.path == shown_in;
    let range = if here { &f.range } else { &f.anchor };
    let mut message = f.message.clone();
    let mut related: Vec<DiagnosticRelatedInformation> = vec![];
    for r in &f.related {
        // "X is set here" adds nothing when shown at that very place.
        if here
            && r.path == shown_in
            && r.range.start <= f.range.start
            && f.range.end <= r.range.end
        {
            continue;
        }
        if let Some(loc) = location(&r.path, &r.range, enc, files) {
            related.push(DiagnosticRelatedInformation {
                location: loc,
                message: r.message.clone(),
            });
        }
    }
    if !here {
        let line = files
            .index(&f.path)
            .map(|i| i.position(f.range.start, enc).line + 1);
        match line {
            Some(l) => message.push_str(&format!(" (in {}, line {l})", file_name(&f.path))),
            None => message.push_str(&format!(" (in {})", file_name(&f.path))),
        }
        if related.is_empty() {
            if let Some(loc) = location(&f.path, &f.range, enc, files) {
                related.push(DiagnosticRelatedInformation {
                    location: loc,
                    message: "here".into(),
                });
            }
        }
    }
    Some(Diagnostic {
        range: index.range(range, enc),
        severity: Some(severity),
        code: Some(NumberOrString::String(f.code.clone())),
        code_description: f
            .docs
            .as_deref()
            .and_then(|d| Uri::from_str(d).ok())
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    })
}

pub fn location(
    path: &Path,
    range: &std::ops::Range<usize>,
    enc: Encoding,
    files: &dyn Files,
) -> Option<Location> {
    let uri = files.uri(path)?;
    let index = files.index(path)?;
    Some(Location {
        uri,
        range: index.range(range, enc),
    })
}
