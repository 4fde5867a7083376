//! A module's syntax: one tree-sitter tree per top-level statement (with
//! its decorators and its `elif`/`else`/`except`/`finally` parts), found by
//! `split::StatementStarts` and parsed on its own with its nodes at their
//! offsets in the module's text. After an edit only the statements it
//! touches are parsed again (`edit.rs`); the others keep their trees,
//! moved if the edit changed the text before them.
//!
//! tree-sitter-python cannot reuse a top-level statement that starts with
//! an identifier when it reparses a whole module (see BENCHMARKS.md), so a
//! tree per statement is what makes an edit cost what it changes.
//!
//! A piece is parsed on its own even when it has an error: an unclosed
//! bracket or triple-quoted string already runs its piece on to the end of
//! the module (the splitter stays inside it), and an error elsewhere stays
//! in its statement, as Python's own report of the first error does.

mod edit;
mod parse;
mod split;
mod verdict;

use std::ops::Range;
use std::sync::Arc;

use tree_sitter::{Node, Tree};

pub use parse::{parse_python, python_view};
pub(crate) use verdict::find_in_preorder;
use verdict::Judged;
pub use verdict::{SyntaxErrorKind, SyntaxVerdict};

/// One parsed piece of a module: whole lines, from a statement start to
/// the next (the first from the text's start, the last to its end).
#[derive(Clone)]
struct Piece {
    start: usize,
    end: usize,
    /// The line `start` begins.
    row: usize,
    /// Shared by every copy of the module's trees (a document hands one to
    /// each analysis): a copy costs a count, not a tree-sitter copy.
    tree: Arc<Tree>,
    judged: Judged,
}

impl Piece {
    fn parse(text: &str, start: usize, end: usize, row: usize) -> Piece {
        let tree = parse::parse_piece(text, start, end, row);
        let judged = Judged::of(&text[start..end], start, &tree);
        Piece {
            start,
            end,
            row,
            tree: Arc::new(tree),
            judged,
        }
    }
}

/// The trees of a module's statements, in order, covering its text.
#[derive(Clone)]
pub struct ModuleTree {
    pieces: Vec<Piece>,
}

impl ModuleTree {
    /// Splits `text` into statements and parses each.
    pub fn parse(text: &str) -> ModuleTree {
        let mut pieces = vec![];
        let (mut start, mut row) = (0, 0);
        for (next, next_row) in split::StatementStarts::new(text, 0, 0) {
            pieces.push(Piece::parse(text, start, next, row));
            (start, row) = (next, next_row);
        }
        pieces.push(Piece::parse(text, start, text.len(), row));
        ModuleTree { pieces }
    }

    /// Python's verdict: the first error of any statement, else the first
    /// nesting too deep, else the first construct Python refuses.
    pub fn verdict(&self) -> SyntaxVerdict {
        let first = |f: &dyn Fn(&Piece) -> Option<Range<usize>>| {
            self.pieces
                .iter()
                .find_map(|p| f(p).map(|r| r.start + p.start..r.end + p.start))
        };
        let (range, kind) = if let Some(r) = first(&|p| p.judged.error.clone()) {
            (r, SyntaxErrorKind::Unparsed)
        } else if let Some(r) = first(&|p| p.judged.too_deep.map(|at| at..at + 1)) {
            (r, SyntaxErrorKind::TooDeep)
        } else if let Some(r) = first(&|p| p.judged.refused.clone()) {
            (r, SyntaxErrorKind::Refused)
        } else {
            return SyntaxVerdict::Valid;
        };
        SyntaxVerdict::Error { range, kind }
    }

    /// The root (a `module` node) of each piece, in order.
    pub fn roots(&self) -> impl DoubleEndedIterator<Item = Node<'_>> {
        self.pieces.iter().map(|p| p.tree.root_node())
    }

    /// The module's top-level statements (and comments), in order (from
    /// the end too, without visiting the rest: `rfind`).
    pub fn statements(&self) -> impl DoubleEndedIterator<Item = Node<'_>> {
        self.roots().flat_map(|root| {
            let mut c = root.walk();
            root.named_children(&mut c).collect::<Vec<_>>()
        })
    }

    /// Whether any statement has a tree-sitter error.
    pub fn has_error(&self) -> bool {
        self.roots().any(|r| r.has_error())
    }

    /// The smallest node spanning `start..end`, looked for in the piece
    /// holding `start`: its root when the range runs past the piece (no
    /// node of one statement spans two).
    pub fn descendant_for_byte_range(&self, start: usize, end: usize) -> Option<Node<'_>> {
        let piece = self.piece_at(start)?;
        let root = piece.tree.root_node();
        if end > piece.end {
            return Some(root);
        }
        root.descendant_for_byte_range(start, end)
    }

    /// The first answer `visit` gives, visiting every node in document
    /// order (each piece's root first).
    pub fn find_in_preorder<T>(&self, mut visit: impl FnMut(Node) -> Option<T>) -> Option<T> {
        self.pieces
            .iter()
            .find_map(|p| find_in_preorder(&p.tree, &mut visit))
    }

    /// Each piece's byte range, first row and tree, for tests that compare
    /// trees node by node.
    pub fn pieces(&self) -> impl Iterator<Item = (Range<usize>, usize, &Tree)> {
        self.pieces
            .iter()
            .map(|p| (p.start..p.end, p.row, &*p.tree))
    }

    /// The S-expressions of the pieces, one per line.
    pub fn to_sexp(&self) -> String {
        self.roots()
            .map(|r| r.to_sexp())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn piece_at(&self, offset: usize) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.start <= offset);
        self.pieces.get(i.saturating_sub(1))
    }
}

/// The verdict of one tree of the whole module, as it was judged before
/// statements had trees of their own: what the statements' verdict must
/// equal wherever that tree has no error (the split's property test).
pub fn verdict_of_one_tree(text: &str) -> SyntaxVerdict {
    let tree = parse_python(text, None);
    let judged = Judged::of(text, 0, &tree);
    ModuleTree {
        pieces: vec![Piece {
            start: 0,
            end: text.len(),
            row: 0,
            tree: Arc::new(tree),
            judged,
        }],
    }
    .verdict()
}

#[cfg(test)]
mod tests;
