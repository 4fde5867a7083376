//! The `# noqa: CODE` suppression of a finding.

use super::*;

/// Adds `# noqa: CODE` to the line the finding is shown on in the checked module.
pub fn suppress_fix(eval: &Evaluation, finding: &Finding) -> Option<Fix> {
    let file = parsed(eval, &eval.module)?;
    suppress_at(file, finding.anchor.start, &finding.code)
}

/// Adds `# noqa: CODE` where `noqa` looks for a comment about `offset` in
/// `file` (its line, or the line closing a multi-line string running past
/// it), or adds the code to the `# noqa:` already there. `None` after a
/// `\` line continuation, where no comment can go.
pub fn suppress_at(file: &ParsedFile, offset: usize, code: &str) -> Option<Fix> {
    let path = file.path.as_path();
    let line_end = crate::analysis::noqa::comment_line_end(file, offset)?;
    // Into the codes of a `# noqa:` already there (which a comment after
    // it, `# noqa: A  # why`, may follow), else a new comment.
    let existing = crate::analysis::noqa::comment_on_line(file, line_end).and_then(|c| {
        let comment = &file.text[c.clone()];
        let i = comment.find("# noqa:")? + "# noqa:".len();
        let tail = &comment[i..];
        let list = tail[..tail.find('#').unwrap_or(tail.len())].trim_end();
        (!list.trim().is_empty()).then_some(c.start + i + list.len())
    });
    let (at, new_text) = match existing {
        Some(at) => (at, format!(", {code}")),
        None => (line_end, format!("  # noqa: {code}")),
    };
    Some(Fix {
        title: format!("Suppress {code} on this line (# noqa)"),
        code: code.to_string(),
        edits: vec![Edit {
            path: path.to_path_buf(),
            range: at..at,
            new_text,
        }],
        safe: false,
        preferred: false,
    })
}
