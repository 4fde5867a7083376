//! An open document: its text in a rope, edited change by change, and its
//! statements' trees (`ModuleTree`), brought up to date lazily (once per
//! burst of changes, when the text is next needed) by parsing again only
//! the statements the changes touched.
//!
//! Python reads a lone `\r` as a line break; tree-sitter-python does not (a
//! comment would run on to the next `\n`). The trees are therefore parsed
//! from a view of the text where each lone `\r` is a `\n` (same length,
//! same byte offsets), and the statement splitter breaks lines where Python
//! does.

use std::path::Path;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::Range as LspRange;

use super::encoding::{rope_offset, Encoding, LineIndex};
use crate::analysis::source::{ModuleTree, ParsedFile, SyntaxVerdict};

/// A change whose range does not exist in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct OutOfRange {
    pub range: LspRange,
    pub lines: usize,
}

impl std::fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "change range {}:{}-{}:{} lies past the end of the document ({} lines)",
            self.range.start.line,
            self.range.start.character,
            self.range.end.line,
            self.range.end.character,
            self.lines
        )
    }
}

#[derive(Clone)]
pub struct Document {
    rope: Rope,
    /// The trees of `parsed_text`'s statements.
    tree: ModuleTree,
    /// Python's verdict on the trees, judged with them and handed on with
    /// them to the analysis.
    syntax: SyntaxVerdict,
    /// The text the trees were last brought up to date with.
    parsed_text: Arc<str>,
    /// Whether the rope has changed since.
    edited: bool,
    /// The line index of `parsed_text`, built with it and kept until the
    /// text changes: every diagnostic of every publish uses this one.
    index: Arc<LineIndex>,
}

impl Document {
    pub fn new(text: &str) -> Document {
        let tree = ModuleTree::parse(text);
        let text: Arc<str> = Arc::from(text);
        Document {
            rope: Rope::from_str(&text),
            syntax: tree.verdict(),
            tree,
            index: Arc::new(LineIndex::of(text.clone())),
            parsed_text: text,
            edited: false,
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// Replaces the whole text (a change without a range, or a save with text).
    pub fn set_text(&mut self, text: &str) {
        *self = Document::new(text);
    }

    /// Applies one change of a `didChange` notification. Changes of one
    /// notification must be applied in order: each range refers to the text
    /// the previous change left.
    pub fn apply(
        &mut self,
        range: Option<LspRange>,
        text: &str,
        enc: Encoding,
    ) -> Result<(), OutOfRange> {
        let Some(range) = range else {
            self.set_text(text);
            return Ok(());
        };
        let out_of_range = || OutOfRange {
            range,
            lines: self.rope.len_lines(),
        };
        let a = rope_offset(&self.rope, range.start, enc).ok_or_else(out_of_range)?;
        let b = rope_offset(&self.rope, range.end, enc).ok_or_else(out_of_range)?;
        // A reversed range is taken as meaning the same span.
        let (start, end) = (a.min(b), a.max(b));
        let start_char = self.rope.byte_to_char(start);
        let end_char = self.rope.byte_to_char(end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, text);
        self.edited = true;
        Ok(())
    }

    /// The current text, bringing the trees up to date first if edits are
    /// pending: the statements between the first and the last changed byte
    /// are parsed again (`ModuleTree::edited`).
    pub fn text(&mut self) -> Arc<str> {
        if self.edited {
            let text: Arc<str> = Arc::from(self.rope.to_string());
            self.tree = self.tree.edited(&self.parsed_text, &text);
            self.syntax = self.tree.verdict();
            self.index = Arc::new(LineIndex::of(text.clone()));
            self.parsed_text = text;
            self.edited = false;
        }
        self.parsed_text.clone()
    }

    /// The line index of the current text, bringing the trees up to date
    /// first if edits are pending; the same index until the text changes.
    pub fn line_index(&mut self) -> Arc<LineIndex> {
        self.text();
        self.index.clone()
    }

    /// The line index of the current text, if no edits are pending.
    pub fn current_line_index(&self) -> Option<Arc<LineIndex>> {
        (!self.edited).then(|| self.index.clone())
    }

    pub fn tree(&mut self) -> &ModuleTree {
        self.text();
        &self.tree
    }

    /// The document as the analysis reads files.
    pub fn parsed(&mut self, path: &Path) -> Arc<ParsedFile> {
        let text = self.text();
        Arc::new(ParsedFile::with_tree(
            path.to_path_buf(),
            text,
            self.tree.clone(),
            self.syntax.clone(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Position;

    fn r(l1: u32, c1: u32, l2: u32, c2: u32) -> Option<LspRange> {
        Some(LspRange::new(Position::new(l1, c1), Position::new(l2, c2)))
    }

    #[test]
    fn edits_keep_tree_equal_to_fresh_parse() {
        let mut d = Document::new("DEBUG = True\r\nX = '😀'\rY = 1\n");
        d.apply(r(1, 5, 1, 7), "中文", Encoding::Utf16).unwrap();
        d.apply(r(0, 8, 0, 12), "False", Encoding::Utf16).unwrap();
        d.apply(r(2, 0, 2, 0), "Z = [\n", Encoding::Utf16).unwrap();
        let text = d.text();
        assert_eq!(&*text, "DEBUG = False\r\nX = '中文'\rZ = [\nY = 1\n");
        let fresh = ModuleTree::parse(&text);
        assert_eq!(d.tree().to_sexp(), fresh.to_sexp());
    }

    /// The document hands the analysis the verdict judged with its tree,
    /// the same as a fresh parse of its text gets.
    #[test]
    fn the_parsed_document_carries_the_verdict_of_a_fresh_parse() {
        let path = Path::new("settings.py");
        let mut d = Document::new("X = [*a.b]\n");
        assert!(!d.parsed(path).syntax.is_error());
        d.apply(r(0, 0, 0, 5), "", Encoding::Utf8).unwrap();
        let parsed = d.parsed(path);
        let fresh = ParsedFile::parse(path.to_path_buf(), parsed.text.clone());
        assert!(parsed.syntax.is_error());
        assert_eq!(parsed.syntax, fresh.syntax);
    }

    #[test]
    fn out_of_range_is_refused_and_leaves_text_alone() {
        let mut d = Document::new("A = 1\n");
        let e = d.apply(r(5, 0, 5, 1), "x", Encoding::Utf8).unwrap_err();
        assert_eq!(e.lines, 2);
        assert_eq!(&*d.text(), "A = 1\n");
        // Past the end of a line clamps instead.
        d.apply(r(0, 40, 0, 50), " # c", Encoding::Utf8).unwrap();
        assert_eq!(&*d.text(), "A = 1 # c\n");
    }

    #[test]
    fn the_parsed_view_reads_a_lone_cr_as_a_break() {
        assert_eq!(
            crate::analysis::source::python_view("a\rb\r\nc"),
            "a\nb\r\nc"
        );
    }

    #[test]
    fn lone_cr_ends_a_comment() {
        let d = Document::new("# x\rDEBUG = True\r");
        let mut d = d;
        assert!(!d.tree().has_error());
        assert_eq!(d.tree().statements().count(), 2);
    }

    #[test]
    fn turning_a_lone_cr_into_crlf_and_back() {
        let mut d = Document::new("A = 1\rB = 2\r");
        // Inserting `\n` after the first `\r` joins them into one break...
        d.apply(r(1, 0, 1, 0), "\n", Encoding::Utf8).unwrap();
        let text = d.text();
        assert_eq!(&*text, "A = 1\r\nB = 2\r");
        let fresh = ModuleTree::parse(&text);
        assert_eq!(d.tree().to_sexp(), fresh.to_sexp());
        // ...and deleting it (offsets 6..7) splits them again.
        d.apply(r(0, 5, 1, 0), "\r", Encoding::Utf8).unwrap();
        let text = d.text();
        assert_eq!(&*text, "A = 1\rB = 2\r");
        let fresh = ModuleTree::parse(&text);
        assert_eq!(d.tree().to_sexp(), fresh.to_sexp());
    }
}
