//! A module's statements after an edit: the statements the edit touched
//! are split and parsed again; the ones before keep their trees, the ones
//! after keep theirs moved to their new offsets.
//!
//! Where statements begin depends only on the text before (the lexer's
//! state at a line start) and the line itself. So the splitter restarts at
//! the start of the statement before the one the edit begins in (an edit
//! at the start of a statement may join it to the previous one: an indent,
//! an `else`), and stops at the first statement start past the edit that
//! was a statement start before it: from there the text, and so every
//! later split, is what it was. An edit that opens a bracket or a string
//! keeps the splitter inside it, so the widening goes as far as the text
//! makes it.

use tree_sitter::{InputEdit, Point, Tree};

use super::split::StatementStarts;
use super::{ModuleTree, Piece};

impl ModuleTree {
    /// The tree of `new`, made from this tree of `old` by parsing again
    /// only what changed: the same as `ModuleTree::parse(new)`.
    pub fn edited(&self, old: &str, new: &str) -> ModuleTree {
        let (o, n) = (old.as_bytes(), new.as_bytes());
        let prefix = o.iter().zip(n).take_while(|(a, b)| a == b).count();
        let suffix = o[prefix..]
            .iter()
            .rev()
            .zip(n[prefix..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let (old_end, new_end) = (o.len() - suffix, n.len() - suffix);
        if prefix == old_end && prefix == new_end {
            return self.clone();
        }
        // The statement holding the edit's start, and the one before.
        let holding = self.pieces.partition_point(|p| p.start <= prefix);
        let first = holding.saturating_sub(2);
        let (from, from_row) = (self.pieces[first].start, self.pieces[first].row);
        let mut starts = vec![(from, from_row)];
        // The first old statement that is reused, and its new row.
        let mut resume: Option<(usize, usize)> = None;
        for (at, row) in StatementStarts::new(new, from, from_row) {
            if at >= new_end {
                let old_at = at - new_end + old_end;
                if let Ok(j) = self.pieces.binary_search_by_key(&old_at, |p| p.start) {
                    resume = Some((j, row));
                    break;
                }
            }
            starts.push((at, row));
        }
        let mut pieces: Vec<Piece> = self.pieces[..first].to_vec();
        let end_of_split =
            resume.map_or(new.len(), |(j, _)| self.pieces[j].start - old_end + new_end);
        for (k, &(start, row)) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(end_of_split, |&(s, _)| s);
            // A statement wholly before the edit has the same text and tree.
            let unchanged = self.pieces[first..holding.max(first + 1)]
                .iter()
                .find(|p| p.start == start && p.end == end && end <= prefix);
            pieces.push(match unchanged {
                Some(p) => p.clone(),
                None => Piece::parse(new, start, end, row),
            });
        }
        if let Some((j, row)) = resume {
            let first_row = self.pieces[j].row;
            let moved = self.pieces[j..]
                .iter()
                .map(|p| moved(p, new, old_end, new_end, row + p.row - first_row));
            pieces.extend(moved);
        }
        ModuleTree { pieces }
    }
}

/// `piece` (wholly after the edit, which ended at `old_end` and now ends
/// at `new_end` in `new`) at its new offset and row: its tree is told that
/// the text before it changed length, which moves every node without
/// reparsing.
///
/// A piece with a syntax error is parsed again instead: tree-sitter's
/// error recovery weighs what it skips by its size, the first token's
/// leading space included, and that space runs from the start of the text
/// to the piece, so where the piece is can change how it is recovered.
fn moved(piece: &Piece, new: &str, old_end: usize, new_end: usize, row: usize) -> Piece {
    let start = piece.start - old_end + new_end;
    if start == piece.start && row == piece.row {
        return piece.clone();
    }
    let end = piece.end - old_end + new_end;
    if piece.judged.error.is_some() {
        return Piece::parse(new, start, end, row);
    }
    let mut tree = Tree::clone(&piece.tree);
    tree.edit(&InputEdit {
        start_byte: 0,
        old_end_byte: piece.start,
        new_end_byte: start,
        start_position: Point::new(0, 0),
        old_end_position: Point::new(piece.row, 0),
        new_end_position: Point::new(row, 0),
    });
    Piece {
        start,
        end,
        row,
        tree: std::sync::Arc::new(tree),
        judged: piece.judged.clone(),
    }
}
