//! The only place that converts between byte offsets and LSP positions.
//!
//! Lines break at `\n`, `\r\n` and `\r` only (as LSP says; the rope is built
//! with ropey's `cr_lines` and without `unicode_lines` for the same reason).
//! Columns count code units of the negotiated encoding. A column past the end
//! of a line, or inside a line break, clamps to the end of the line's content;
//! a column inside a character (a UTF-16 surrogate pair, a UTF-8 sequence)
//! rounds down to the character's start. tree-sitter `Point`s (byte columns,
//! rows counted by `\n` only) never reach LSP output.

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    ClientCapabilities, Position, PositionEncodingKind, Range as LspRange,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// UTF-8 when the client offers it; otherwise the first of UTF-32/UTF-16
    /// in the client's order of preference; UTF-16 (the LSP default) when it
    /// offers nothing we know.
    pub fn negotiate(caps: &ClientCapabilities) -> Encoding {
        let offered: Vec<Encoding> = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .map(|list| list.iter().filter_map(Encoding::from_kind).collect())
            .unwrap_or_default();
        if offered.contains(&Encoding::Utf8) {
            return Encoding::Utf8;
        }
        offered.first().copied().unwrap_or(Encoding::Utf16)
    }

    fn from_kind(k: &PositionEncodingKind) -> Option<Encoding> {
        match k.as_str() {
            "utf-8" => Some(Encoding::Utf8),
            "utf-16" => Some(Encoding::Utf16),
            "utf-32" => Some(Encoding::Utf32),
            _ => None,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }

    fn column_of(self, line_content: impl Iterator<Item = char>) -> u32 {
        line_content.map(|c| self.width(c)).sum()
    }

    /// The byte offset within `line_content` of `column`, clamped to its end.
    fn byte_in_line(self, line_content: impl Iterator<Item = char>, column: u32) -> usize {
        let mut units = 0u32;
        let mut bytes = 0usize;
        for c in line_content {
            let w = self.width(c);
            if units + w > column {
                break;
            }
            units += w;
            bytes += c.len_utf8();
        }
        bytes
    }
}

/// The length of a line without its terminator.
fn content_len(line: &str) -> usize {
    line.strip_suffix("\r\n")
        .or_else(|| line.strip_suffix('\n'))
        .or_else(|| line.strip_suffix('\r'))
        .unwrap_or(line)
        .len()
}

/// Line starts of a text, for converting offsets in files that are not
/// edited incrementally (disk files, document snapshots).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        LineIndex {
            text,
            starts: crate::analysis::lines::line_starts(text),
        }
    }

    fn line(&self, l: usize) -> &'a str {
        let start = self.starts[l];
        let end = self.starts.get(l + 1).copied().unwrap_or(self.text.len());
        &self.text[start..end]
    }

    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let l = match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let start = self.starts[l];
        let line = self.line(l);
        let upto = (offset - start).min(content_len(line));
        Position::new(l as u32, enc.column_of(line[..upto].chars()))
    }

    pub fn range(&self, r: &Range<usize>, enc: Encoding) -> LspRange {
        LspRange::new(
            self.position(r.start, enc),
            self.position(r.end.max(r.start), enc),
        )
    }

    /// `None` when the line is past the end of the text.
    pub fn offset(&self, p: Position, enc: Encoding) -> Option<usize> {
        let l = p.line as usize;
        if l >= self.starts.len() {
            return None;
        }
        let line = self.line(l);
        let content = &line[..content_len(line)];
        Some(self.starts[l] + enc.byte_in_line(content.chars(), p.character))
    }
}

/// The byte offset of `p` in the rope; `None` when the line is past the end.
pub fn rope_offset(rope: &Rope, p: Position, enc: Encoding) -> Option<usize> {
    let l = p.line as usize;
    if l >= rope.len_lines() {
        return None;
    }
    let line = rope.line(l);
    let mut len = line.len_bytes();
    // Drop the terminator: `\r\n`, `\n` or `\r`.
    if len > 0 && line.byte(len - 1) == b'\n' {
        len -= 1;
        if len > 0 && line.byte(len - 1) == b'\r' {
            len -= 1;
        }
    } else if len > 0 && line.byte(len - 1) == b'\r' {
        len -= 1;
    }
    let content = line.byte_slice(..len);
    Some(rope.line_to_byte(l) + enc.byte_in_line(content.chars(), p.character))
}

/// The LSP position of a byte offset in the rope.
pub fn rope_position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    // Round down to a character boundary.
    let offset = rope.char_to_byte(rope.byte_to_char(offset));
    let l = rope.byte_to_line(offset);
    let start = rope.line_to_byte(l);
    let line = rope.line(l);
    let mut content = line.len_bytes();
    while content > 0 && matches!(line.byte(content - 1), b'\n' | b'\r') {
        content -= 1;
    }
    let upto = (offset - start).min(content);
    Position::new(l as u32, enc.column_of(line.byte_slice(..upto).chars()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

    #[test]
    fn columns_per_encoding() {
        // 'é' is 2 bytes/1 unit, '😀' 4 bytes/2 UTF-16 units, '中' 3 bytes/1 unit.
        let t = "é😀中X";
        let x = t.find('X').unwrap();
        let idx = LineIndex::new(t);
        assert_eq!(idx.position(x, Encoding::Utf8), Position::new(0, 9));
        assert_eq!(idx.position(x, Encoding::Utf16), Position::new(0, 4));
        assert_eq!(idx.position(x, Encoding::Utf32), Position::new(0, 3));
        for enc in ALL {
            let p = idx.position(x, enc);
            assert_eq!(idx.offset(p, enc), Some(x));
            let rope = Rope::from_str(t);
            assert_eq!(rope_offset(&rope, p, enc), Some(x));
            assert_eq!(rope_position(&rope, x, enc), p);
        }
        // Inside the surrogate pair: rounds down to the emoji's start.
        assert_eq!(idx.offset(Position::new(0, 2), Encoding::Utf16), Some(2));
    }

    #[test]
    fn line_breaks_and_clamping() {
        let t = "a\r\nbb\rc\n\u{2028}d";
        let idx = LineIndex::new(t);
        let rope = Rope::from_str(t);
        assert_eq!(rope.len_lines(), 4);
        for enc in ALL {
            assert_eq!(idx.position(t.find('c').unwrap(), enc), Position::new(2, 0));
            assert_eq!(idx.position(t.find('d').unwrap(), enc).line, 3);
            // Past the end of line 1 ("bb"): clamps before the `\r`.
            assert_eq!(idx.offset(Position::new(1, 99), enc), Some(5));
            assert_eq!(rope_offset(&rope, Position::new(1, 99), enc), Some(5));
            // Inside the CRLF: the end of line 0's content.
            assert_eq!(idx.position(2, enc), Position::new(0, 1));
            assert_eq!(rope_position(&rope, 2, enc), Position::new(0, 1));
            assert_eq!(idx.offset(Position::new(4, 0), enc), None);
            assert_eq!(rope_offset(&rope, Position::new(4, 0), enc), None);
        }
    }

    #[test]
    fn negotiation() {
        use tower_lsp_server::ls_types::GeneralClientCapabilities;
        let caps = |list: Option<Vec<&'static str>>| ClientCapabilities {
            general: Some(GeneralClientCapabilities {
                position_encodings: list
                    .map(|l| l.into_iter().map(PositionEncodingKind::from).collect()),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            Encoding::negotiate(&caps(Some(vec!["utf-16", "utf-8"]))),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(&caps(Some(vec!["utf-32", "utf-16"]))),
            Encoding::Utf32
        );
        assert_eq!(
            Encoding::negotiate(&caps(Some(vec!["utf-7"]))),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(&caps(None)), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(&ClientCapabilities::default()),
            Encoding::Utf16
        );
    }
}
