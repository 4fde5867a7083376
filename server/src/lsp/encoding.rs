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
use std::sync::Arc;

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
/// edited incrementally (disk files, document snapshots). It holds its text,
/// so one index serves every diagnostic of a publish and is kept with an
/// open document until the text changes (`Document::line_index`).
pub struct LineIndex {
    text: Arc<str>,
    starts: Vec<usize>,
}

impl LineIndex {
    /// An index of a copy of `text`.
    pub fn new(text: &str) -> LineIndex {
        LineIndex::of(Arc::from(text))
    }

    /// An index of `text`, shared.
    pub fn of(text: Arc<str>) -> LineIndex {
        LineIndex {
            starts: crate::analysis::lines::line_starts(&text),
            text,
        }
    }

    /// Whether this indexes that very text (the same allocation).
    pub fn indexes(&self, text: &Arc<str>) -> bool {
        Arc::ptr_eq(&self.text, text)
    }

    fn line(&self, l: usize) -> &str {
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

/// The length in bytes of line `l`'s terminator (`\r\n`, `\n`, `\r` or none).
fn terminator_len(rope: &Rope, l: usize) -> usize {
    let end = rope.line_to_byte(l + 1);
    let start = rope.line_to_byte(l);
    match (end - start, end.checked_sub(1).map(|e| rope.byte(e))) {
        (0, _) | (_, None) => 0,
        (n, Some(b'\n')) if n >= 2 && rope.byte(end - 2) == b'\r' => 2,
        (_, Some(b'\n' | b'\r')) => 1,
        _ => 0,
    }
}

/// The byte offset of `p` in the rope; `None` when the line is past the end.
///
/// Lines come from the rope's own line index (O(log n), no scan of the
/// text): with `cr_lines` and without `unicode_lines` (Cargo.toml), ropey
/// breaks lines at `\n`, `\r\n` and `\r` only, the project's rule; a test
/// below fails if U+2028, U+0085 etc. ever start a line (a feature enabled
/// elsewhere in the dependency graph would do it).
pub fn rope_offset(rope: &Rope, p: Position, enc: Encoding) -> Option<usize> {
    let l = p.line as usize;
    if l >= rope.len_lines() {
        return None;
    }
    let start = rope.line_to_byte(l);
    let content_end = rope.line_to_byte(l + 1) - terminator_len(rope, l);
    let column = p.character as usize;
    Some(match enc {
        Encoding::Utf8 => {
            // Round down to the start of the character it falls in.
            let b = (start + column).min(content_end);
            rope.char_to_byte(rope.byte_to_char(b))
        }
        Encoding::Utf16 => {
            let first = rope.char_to_utf16_cu(rope.byte_to_char(start));
            let last = rope.char_to_utf16_cu(rope.byte_to_char(content_end));
            // Inside a surrogate pair: ropey gives the pair's character.
            let c = rope.utf16_cu_to_char((first + column).min(last));
            rope.char_to_byte(c)
        }
        Encoding::Utf32 => {
            let first = rope.byte_to_char(start);
            let last = rope.byte_to_char(content_end);
            rope.char_to_byte((first + column).min(last))
        }
    })
}

/// The LSP position of a byte offset in the rope (lines from the rope's own
/// line index, see `rope_offset`).
pub fn rope_position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    // Round down to a character boundary.
    let c = rope.byte_to_char(offset);
    let offset = rope.char_to_byte(c);
    let l = rope.byte_to_line(offset);
    let start = rope.line_to_byte(l);
    let content_end = rope.line_to_byte(l + 1) - terminator_len(rope, l);
    // Inside a line break: the end of the line's content.
    let offset = offset.min(content_end);
    let column = match enc {
        Encoding::Utf8 => offset - start,
        Encoding::Utf16 => {
            rope.char_to_utf16_cu(rope.byte_to_char(offset))
                - rope.char_to_utf16_cu(rope.byte_to_char(start))
        }
        Encoding::Utf32 => rope.byte_to_char(offset) - rope.byte_to_char(start),
    };
    Position::new(l as u32, column as u32)
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

    /// The rope's line index breaks where the project's rule does, and
    /// nowhere else: not at U+2028, U+2029, U+0085, VT or FF.
    #[test]
    fn the_rope_breaks_lines_at_lf_crlf_cr_only() {
        let t = "a\u{2028}b\u{2029}c\u{85}d\u{b}e\u{c}f\r\ng\rh\ni\r";
        let rope = Rope::from_str(t);
        let starts = crate::analysis::lines::line_starts(t);
        assert_eq!(rope.len_lines(), starts.len());
        for (l, s) in starts.iter().enumerate() {
            assert_eq!(rope.line_to_byte(l), *s);
        }
        let idx = LineIndex::new(t);
        for o in 0..=t.len() {
            for enc in ALL {
                let p = idx.position(o, enc);
                assert_eq!(rope_position(&rope, o, enc), p, "{o} {enc:?}");
                assert_eq!(rope_offset(&rope, p, enc), idx.offset(p, enc));
            }
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
