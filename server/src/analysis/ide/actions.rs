//! Which findings a code-action request is about, and their fixes, in
//! bytes: the language server turns them into LSP code actions.

use std::ops::Range;
use std::path::Path;

use crate::analysis::config::{Config, Level};
use crate::analysis::fixes::{self, Fix};
use crate::analysis::report::{report, Evaluation, Finding};
use crate::analysis::source::SourceProvider;

/// The whole lines `range` touches in `text`: editors ask at the cursor
/// (Neovim, Helix) or a selection, and a finding anywhere on those lines is
/// what the user means.
pub fn asked_lines(text: &str, range: &Range<usize>) -> Range<usize> {
    let start = text[..range.start.min(text.len())]
        .rfind(['\n', '\r'])
        .map(|i| i + 1)
        .unwrap_or(0);
    let end = range.end.min(text.len());
    let end = text[end..]
        .find(['\n', '\r'])
        .map(|i| end + i)
        .unwrap_or(text.len());
    start..end
}

/// Where a finding of `judge`'s evaluation is shown in the document at
/// `path`: its own place when it is in that file, its anchor when that
/// document is the judge itself; `None` when it is not shown there.
pub fn shown_in(f: &Finding, path: &Path, judge: &Path) -> Option<Range<usize>> {
    if f.path == path {
        Some(f.range.clone())
    } else if judge == path {
        Some(f.anchor.clone())
    } else {
        None
    }
}

/// A finding the request is about and its proven fixes followed by its
/// `# noqa` suppression.
pub struct Offered {
    pub finding: Finding,
    pub fixes: Vec<Fix>,
}

/// The findings of `eval` (judged module `judge`) shown in `path` on the
/// `asked` lines that `config` reports, each with its fixes.
pub fn quick_fixes(
    eval: &Evaluation,
    judge: &Path,
    path: &Path,
    asked: &Range<usize>,
    config: &Config,
    sources: &dyn SourceProvider,
) -> Vec<Offered> {
    let overlaps = |a: &Range<usize>| a.start <= asked.end && asked.start <= a.end;
    let mut out = vec![];
    for f in report(eval).findings {
        if config.level(&f.code, f.severity) == Level::Off {
            continue;
        }
        let Some(shown) = shown_in(&f, path, judge).filter(overlaps) else {
            continue;
        };
        let mut found = fixes::fixes_for(eval, &f, sources);
        if let Ok(file) = sources.load(path) {
            found.extend(fixes::suppress_at(&file, shown.start, &f.code));
        }
        out.push(Offered {
            finding: f,
            fixes: found,
        });
    }
    out
}
