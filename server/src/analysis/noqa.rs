//! `# noqa: CODE` comments: which codes silence a finding, and where the
//! comment for a finding goes. A finding is silenced by a comment on the
//! line it is shown on or, when that line ends inside a multi-line string
//! (a module docstring; line 1, where earlier releases showed findings
//! about absent settings), on the line where the string ends, as flake8
//! reads `noqa` for multi-line strings.

use super::lines::floor_char_boundary;
use super::source::ParsedFile;

/// Codes named by `# noqa: code, code` comments that apply to `offset`.
/// A bare `# noqa` (often there for flake8 on star imports) silences
/// nothing: the codes must be named.
pub fn codes_for(file: &ParsedFile, offset: usize) -> Vec<String> {
    let text = file.text.as_ref();
    let mut codes = codes_on_line(file, offset);
    if let Some(end) = comment_line_end(file, offset) {
        if end != line_end(text, offset) {
            codes.extend(codes_on_line(file, end));
        }
    }
    codes
}

/// Where a `# noqa` comment for `offset` goes: the end of its line, or of
/// the line where a multi-line string running past that line ends. `None`
/// after a `\` continuation, where no comment can go.
pub fn comment_line_end(file: &ParsedFile, offset: usize) -> Option<usize> {
    let text = file.text.as_ref();
    let mut end = line_end(text, offset);
    // Each step moves to a later line, so this ends.
    loop {
        if text[..end].trim_end().ends_with('\\') {
            return None;
        }
        match string_running_past(file, end) {
            Some(string_end) => end = line_end(text, string_end),
            None => return Some(end),
        }
    }
}

/// The end of a string node that starts before `at` and ends after it.
fn string_running_past(file: &ParsedFile, at: usize) -> Option<usize> {
    let mut node = file.tree.descendant_for_byte_range(at, at);
    while let Some(n) = node {
        if n.kind() == "string" && n.start_byte() < at && at < n.end_byte() {
            return Some(n.end_byte());
        }
        node = n.parent();
    }
    None
}

fn line_end(text: &str, offset: usize) -> usize {
    let at = floor_char_boundary(text, offset.min(text.len()));
    text[at..]
        .find(['\n', '\r'])
        .map(|i| at + i)
        .unwrap_or(text.len())
}

/// Codes named by the `# noqa:` comment on the line holding `offset`.
/// Only a real comment counts: `# noqa: X` inside a string literal is text.
pub fn codes_on_line(file: &ParsedFile, offset: usize) -> Vec<String> {
    let Some(comment) = comment_on_line(file, offset) else {
        return vec![];
    };
    let mut out = vec![];
    let mut rest = &file.text[comment];
    while let Some(i) = rest.find("# noqa:") {
        let tail = &rest[i + "# noqa:".len()..];
        let list_end = tail.find('#').unwrap_or(tail.len());
        for code in tail[..list_end].split([',', ' ']) {
            let code = code.trim();
            if !code.is_empty() {
                out.push(code.to_string());
            }
        }
        rest = &tail[list_end..];
    }
    out
}

/// The byte range of the comment that ends the line holding `offset`, if
/// the line ends with one (a comment always runs to the end of its line).
pub fn comment_on_line(file: &ParsedFile, offset: usize) -> Option<std::ops::Range<usize>> {
    let text = file.text.as_ref();
    let end = line_end(text, offset);
    let start = text[..floor_char_boundary(text, offset.min(end))]
        .rfind(['\n', '\r'])
        .map(|i| i + 1)
        .unwrap_or(0);
    let last = text[start..end].trim_end();
    if last.is_empty() {
        return None;
    }
    let at = start + last.len() - 1;
    let node = file.tree.descendant_for_byte_range(at, at + 1)?;
    (node.kind() == "comment" && node.start_byte() >= start).then(|| node.byte_range())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn file(text: &str) -> ParsedFile {
        ParsedFile::parse("settings.py".into(), Arc::from(text))
    }

    #[test]
    fn codes_must_be_named() {
        let t = "A = 1\nDEBUG = True  # noqa: security.W018, dsl.I001\nB = 2  # noqa\n";
        let f = file(t);
        assert_eq!(
            codes_on_line(&f, t.find("True").unwrap()),
            vec!["security.W018", "dsl.I001"]
        );
        assert!(codes_on_line(&f, t.find("B =").unwrap()).is_empty());
        assert!(codes_on_line(&f, 0).is_empty());
    }

    /// Found by fuzz target (c): `# noqa: X` inside a docstring was read
    /// as a comment, so it suppressed X, and the "Suppress" action added
    /// `, CODE` after the string (valid Python, but no comment).
    #[test]
    fn noqa_inside_a_string_is_not_a_comment() {
        let t = "\"\"\"Settings # noqa: security.W018 here.\"\"\"\nX = '# noqa: security.W004'\nY = 1  # noqa: dsl.W001\r\n";
        let f = file(t);
        assert!(codes_on_line(&f, 0).is_empty());
        assert!(codes_for(&f, 0).is_empty());
        assert!(codes_on_line(&f, t.find("X =").unwrap()).is_empty());
        assert_eq!(codes_on_line(&f, t.find("Y =").unwrap()), vec!["dsl.W001"]);
    }

    #[test]
    fn a_docstring_on_the_first_line_takes_the_comment_where_it_ends() {
        let t = "\"\"\"\nDjango settings.\n\"\"\"  # noqa: security.W004\nDEBUG = False\n";
        let f = file(t);
        assert_eq!(comment_line_end(&f, 0), Some(t.find("W004").unwrap() + 4));
        assert_eq!(codes_for(&f, 0), vec!["security.W004"]);
        assert!(codes_for(&f, t.find("DEBUG").unwrap()).is_empty());
    }

    #[test]
    fn strings_chained_over_lines_and_continuations() {
        let t = "X = '''a\nb''' + '''c\nd'''\nY = \\\n  1\n";
        let f = file(t);
        assert_eq!(comment_line_end(&f, 0), Some(t.find("d'''").unwrap() + 4));
        assert_eq!(comment_line_end(&f, t.find("Y").unwrap()), None);
        let one_line = file("A = 1\n");
        assert_eq!(comment_line_end(&one_line, 0), Some(5));
    }
}
