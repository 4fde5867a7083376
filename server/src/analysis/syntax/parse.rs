//! tree-sitter-python, bounded: a whole text, or one piece of it (a
//! statement) with positions kept absolute through tree-sitter's included
//! ranges, so nodes index the module's text whichever piece they came from.

use std::cell::RefCell;

use tree_sitter::{Parser, Point, Tree};

thread_local! {
    /// One parser per thread: a module is parsed a statement at a time.
    static PARSER: RefCell<Parser> = RefCell::new(python_parser());
}

fn python_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .expect("tree-sitter-python is compatible with the tree-sitter runtime");
    parser
}

/// Parses Python source; with `old`, reuses the edited old tree. A lone
/// `\r` ends a line for Python (and LSP) but not for tree-sitter-python, so
/// the parser reads a same-length view with lone `\r` as `\n`: byte offsets
/// stay valid for the original text.
pub fn parse_python(text: &str, old: Option<&Tree>) -> Tree {
    let view = python_view(text);
    let mut parser = python_parser();
    match bounded_parse(&mut parser, view.as_bytes(), 0, old) {
        Some(tree) => tree,
        // tree-sitter gave up recovering from the text's errors: the tree
        // of a same-length text that opens a bracket and never closes it,
        // so the module is a syntax error where it starts (Python cannot
        // parse it either: the recovery only runs on errors), and nothing
        // is read from text the parser could not make sense of.
        None => bounded_parse(&mut parser, &unparsed(view.as_bytes()), 0, None)
            .expect("an unclosed bracket is parsed within the bound"),
    }
}

/// The parser's progress checks (one per about 100 of its operations) a
/// parse may take: a bound in operations, not time, so the same text always
/// gets the same tree. Real modules take about one per 100 bytes (12 for a
/// 1.3 KB module, errors included); found by fuzz target (b),
/// tree-sitter-python's error recovery on a 1.4 KB text of edits took
/// 25,000 checks in 37 s and ran on for minutes. The bound is 12 times a
/// real module's need, plus a floor.
fn progress_checks_allowed(len: usize) -> u64 {
    1_000 + len as u64 / 8
}

/// A parse of `text`, which holds the module's bytes from `start` on (the
/// parser asks for absolute offsets), within the bound.
fn bounded_parse(
    parser: &mut Parser,
    text: &[u8],
    start: usize,
    old: Option<&Tree>,
) -> Option<Tree> {
    // A cancelled parse would otherwise resume on the next call, on the
    // next text: each parse starts afresh.
    parser.reset();
    let allowed = progress_checks_allowed(text.len());
    let mut checks: u64 = 0;
    let mut cancel = |_: &tree_sitter::ParseState| {
        checks += 1;
        checks > allowed
    };
    let options = tree_sitter::ParseOptions::new().progress_callback(&mut cancel);
    let mut read = |at: usize, _: Point| -> &[u8] {
        at.checked_sub(start)
            .and_then(|at| text.get(at..))
            .unwrap_or(&[])
    };
    parser.parse_with_options(&mut read, old, Some(options))
}

/// A same-length text that opens a bracket and never closes it, line
/// breaks kept: what a text tree-sitter gives up on is parsed as.
fn unparsed(view: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = view
        .iter()
        .map(|&b| if b == b'\n' { b'\n' } else { b' ' })
        .collect();
    if let Some(first) = out.first_mut() {
        *first = b'(';
    }
    out
}

/// Parses the piece `start..end` of `text` (whole lines; `row` is the
/// line `start` begins), its nodes at their offsets in `text`. The whole
/// text is parsed as such, as `parse_python` does.
pub(crate) fn parse_piece(text: &str, start: usize, end: usize, row: usize) -> Tree {
    if start == 0 && end == text.len() {
        return parse_python(text, None);
    }
    let piece = &text[start..end];
    let view = python_view(piece);
    // In the view every line break ends with `\n`.
    let bytes = view.as_bytes();
    let breaks = bytes.iter().filter(|&&b| b == b'\n').count();
    let last_line = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let range = tree_sitter::Range {
        start_byte: start,
        end_byte: end,
        start_point: Point::new(row, 0),
        end_point: Point::new(row + breaks, piece.len() - last_line),
    };
    // Only pieces use this parser, each setting its own range.
    PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser
            .set_included_ranges(&[range])
            .expect("one range within the text");
        let tree = match bounded_parse(&mut parser, view.as_bytes(), start, None) {
            Some(tree) => tree,
            None => bounded_parse(&mut parser, &unparsed(view.as_bytes()), start, None)
                .expect("an unclosed bracket is parsed within the bound"),
        };
        tree
    })
}

/// The text as tree-sitter should see it: lone `\r` read as `\n`.
pub fn python_view(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    for (i, b) in out.iter_mut().enumerate() {
        if lone(i) {
            *b = b'\n';
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}
