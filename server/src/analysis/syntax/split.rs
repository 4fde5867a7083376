//! Where a module's top-level statements begin, found by a lexer that
//! knows only what decides it: brackets, strings (f-string fields with
//! their own nested strings included), comments, backslash continuations,
//! and the lines that continue a statement at column 0 (`else`, `elif`,
//! `except`, `finally`, and a definition after its decorators).
//!
//! A statement begins at a line start that is at column 0, outside every
//! bracket and string, not after a backslash, and not blank or a comment.
//! The lexer is allowed to be coarser than Python (two statements in one
//! piece only cost a bigger parse) but never finer on valid code: a piece
//! that ends inside a statement would parse as a syntax error. The property
//! test against a whole-file parse (`tests/fuzzing`) holds it to that.

/// What the lexer is inside of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// A string literal: its quote, whether triple-quoted, formatted (a
    /// raw string's backslash still keeps its quote from ending it).
    Str {
        quote: u8,
        triple: bool,
        formatted: bool,
    },
    /// A replacement field of an f-string (`{...}`): code again, with its
    /// own bracket count.
    Field { brackets: usize },
}

/// The statement starts after `from` (a statement start, or 0) in `text`,
/// each with its row (`from_row` is `from`'s). Rows count `\n`, `\r\n` and
/// lone `\r` breaks, as Python and the parser's view of the text do.
pub struct StatementStarts<'t> {
    bytes: &'t [u8],
    at: usize,
    row: usize,
    /// Brackets open outside any string.
    depth: usize,
    frames: Vec<Frame>,
    /// The previous line ended with a backslash outside a string.
    continued: bool,
    /// The current statement so far is only decorators.
    decorated: bool,
    /// `from` itself: never reported.
    first: bool,
}

impl<'t> StatementStarts<'t> {
    pub fn new(text: &'t str, from: usize, from_row: usize) -> StatementStarts<'t> {
        StatementStarts {
            bytes: text.as_bytes(),
            at: from,
            row: from_row,
            depth: 0,
            frames: vec![],
            continued: false,
            decorated: false,
            first: true,
        }
    }

    /// Whether a line beginning at `at` in the current state begins a
    /// statement; updates what the line says about the next one.
    fn begins_statement(&mut self, at: usize) -> bool {
        if self.depth > 0 || !self.frames.is_empty() || std::mem::take(&mut self.continued) {
            return false;
        }
        let Some(&c) = self.bytes.get(at) else {
            return false;
        };
        if matches!(c, b' ' | b'\t' | b'\x0c' | b'#' | b'\n' | b'\r') {
            return false;
        }
        let word_end = self.bytes[at..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80))
            .map_or(self.bytes.len(), |n| at + n);
        let word = &self.bytes[at..word_end];
        if matches!(word, b"else" | b"elif" | b"except" | b"finally") {
            return false;
        }
        let after_decorators = self.decorated;
        self.decorated = c == b'@';
        !after_decorators
    }

    /// Scans one line from `self.at` (a line start) to the start of the
    /// next line (or the end of the text).
    fn scan_line(&mut self) {
        let b = self.bytes;
        let mut i = self.at;
        while i < b.len() {
            let c = b[i];
            if c == b'\n' || c == b'\r' {
                let end = if c == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                // A one-quote string ends with its line (unterminated: the
                // parser reports it); a backslash before the break was
                // handled where it was read.
                while let Some(Frame::Str { triple: false, .. }) = self.frames.last() {
                    self.frames.pop();
                }
                self.row += 1;
                self.at = end;
                return;
            }
            match self.frames.last().copied() {
                Some(Frame::Str {
                    quote,
                    triple,
                    formatted,
                }) => {
                    if c == b'\\' {
                        // An escaped character, a break included (for a
                        // one-quote string, the string goes on next line).
                        i += 1;
                        if matches!(b.get(i), Some(b'\n' | b'\r')) {
                            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                                i += 1;
                            }
                            self.row += 1;
                            self.at = i + 1;
                            return;
                        }
                        i += b.get(i).map_or(0, |_| 1);
                        continue;
                    }
                    if formatted && c == b'{' {
                        if b.get(i + 1) == Some(&b'{') {
                            i += 2;
                        } else {
                            self.frames.push(Frame::Field { brackets: 0 });
                            i += 1;
                        }
                        continue;
                    }
                    if c == quote {
                        if !triple {
                            self.frames.pop();
                            i += 1;
                            continue;
                        }
                        if b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote) {
                            self.frames.pop();
                            i += 3;
                            continue;
                        }
                    }
                    i += 1;
                }
                Some(Frame::Field { .. }) | None => {
                    i = self.scan_code(i);
                    if i == usize::MAX {
                        // A backslash ended the line: it continues.
                        return;
                    }
                }
            }
        }
        self.at = b.len();
    }

    /// One step of code at `i`; the offset after it, or `usize::MAX` when
    /// a backslash continuation moved the lexer to the next line.
    fn scan_code(&mut self, i: usize) -> usize {
        let b = self.bytes;
        let c = b[i];
        match c {
            b'#' => {
                // To the end of the line.
                let n = b[i..]
                    .iter()
                    .position(|&x| x == b'\n' || x == b'\r')
                    .unwrap_or(b.len() - i);
                i + n
            }
            b'\\' if matches!(b.get(i + 1), Some(b'\n' | b'\r')) => {
                let end = if b[i + 1] == b'\r' && b.get(i + 2) == Some(&b'\n') {
                    i + 3
                } else {
                    i + 2
                };
                if self.frames.is_empty() {
                    self.continued = true;
                }
                self.row += 1;
                self.at = end;
                usize::MAX
            }
            b'(' | b'[' | b'{' => {
                match self.frames.last_mut() {
                    Some(Frame::Field { brackets }) => *brackets += 1,
                    _ => self.depth += 1,
                }
                i + 1
            }
            b')' | b']' | b'}' => {
                match self.frames.last_mut() {
                    Some(Frame::Field { brackets: 0 }) if c == b'}' => {
                        self.frames.pop();
                    }
                    Some(Frame::Field { brackets }) => *brackets = brackets.saturating_sub(1),
                    _ => self.depth = self.depth.saturating_sub(1),
                }
                i + 1
            }
            b'\'' | b'"' => self.open_string(i, i),
            _ if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                let n = b[i..]
                    .iter()
                    .position(|x| !(x.is_ascii_alphanumeric() || *x == b'_' || *x >= 0x80))
                    .unwrap_or(b.len() - i);
                let end = i + n;
                match b.get(end) {
                    Some(b'\'' | b'"') if is_string_prefix(&b[i..end]) => self.open_string(i, end),
                    _ => end,
                }
            }
            _ => i + 1,
        }
    }

    /// A string whose prefix starts at `prefix` and whose quote is at `q`.
    fn open_string(&mut self, prefix: usize, q: usize) -> usize {
        let b = self.bytes;
        let quote = b[q];
        let flags = b[prefix..q].to_ascii_lowercase();
        let triple = b.get(q + 1) == Some(&quote) && b.get(q + 2) == Some(&quote);
        self.frames.push(Frame::Str {
            quote,
            triple,
            formatted: flags.contains(&b'f') || flags.contains(&b't'),
        });
        q + if triple { 3 } else { 1 }
    }
}

/// The prefixes Python allows before a string's quote.
fn is_string_prefix(word: &[u8]) -> bool {
    matches!(
        word.to_ascii_lowercase().as_slice(),
        b"r" | b"u" | b"b" | b"f" | b"t" | b"br" | b"rb" | b"fr" | b"rf" | b"tr" | b"rt"
    )
}

impl Iterator for StatementStarts<'_> {
    /// A statement's first byte and its row.
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        while self.at < self.bytes.len() {
            let (line, row) = (self.at, self.row);
            let begins = self.begins_statement(line);
            let first = std::mem::take(&mut self.first);
            self.scan_line();
            if begins && !first {
                return Some((line, row));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(text: &str) -> Vec<usize> {
        StatementStarts::new(text, 0, 0).map(|(at, _)| at).collect()
    }

    fn lines_of(text: &str) -> Vec<&str> {
        let mut out = vec![];
        let mut from = 0;
        for at in starts(text) {
            out.push(&text[from..at]);
            from = at;
        }
        out.push(&text[from..]);
        out
    }

    #[test]
    fn one_piece_per_statement() {
        assert_eq!(
            lines_of("# head\nA = 1\nB = [\n1,\n]\n\n# c\nC = 3"),
            ["# head\n", "A = 1\n", "B = [\n1,\n]\n\n# c\n", "C = 3"]
        );
    }

    #[test]
    fn compound_statements_keep_their_parts() {
        let text = "if a:\n    x = 1\nelif b:\n  pass\nelse:\n  pass\ntry:\n  pass\nexcept* E:\n  pass\nfinally:\n  pass\n@d\n@e(1)\n\ndef f():\n  pass\nX = 1\n";
        assert_eq!(
            lines_of(text),
            [
                "if a:\n    x = 1\nelif b:\n  pass\nelse:\n  pass\n",
                "try:\n  pass\nexcept* E:\n  pass\nfinally:\n  pass\n",
                "@d\n@e(1)\n\ndef f():\n  pass\n",
                "X = 1\n"
            ]
        );
        // A name that only starts like a keyword begins a statement.
        assert_eq!(starts("if a:\n  pass\nelsewhere = 1\n"), [13]);
    }

    #[test]
    fn strings_brackets_and_continuations_hold_a_statement_together() {
        let text = concat!(
            "A = \"\"\"\nB = 1\n\"\"\"\n",
            "C = 'x\\\nD = 2'\n",
            "E = 1 + \\\nF\n",
            "G = f\"{ {'k': '}'}['k'] }\" + rb'\\''\n",
            "H = f'''{\nI}'''\n",
            "J = '''a'''  # (\n",
            "K = 1\r\nL = (\r2)\rM = 3",
        );
        assert_eq!(
            lines_of(text),
            [
                "A = \"\"\"\nB = 1\n\"\"\"\n",
                "C = 'x\\\nD = 2'\n",
                "E = 1 + \\\nF\n",
                "G = f\"{ {'k': '}'}['k'] }\" + rb'\\''\n",
                "H = f'''{\nI}'''\n",
                "J = '''a'''  # (\n",
                "K = 1\r\n",
                "L = (\r2)\r",
                "M = 3"
            ]
        );
    }

    /// A backslash joins the next line only: a blank line after it ends
    /// the statement, as Python's tokenizer has it.
    #[test]
    fn a_backslash_continues_one_line() {
        assert_eq!(lines_of("A = \\\n\r\nB = 1\n"), ["A = \\\n\r\n", "B = 1\n"]);
    }

    #[test]
    fn an_unterminated_one_quote_string_ends_with_its_line() {
        assert_eq!(lines_of("A = 'x\nB = 1\n"), ["A = 'x\n", "B = 1\n"]);
        assert_eq!(lines_of("A = (\nB = 1\n"), ["A = (\nB = 1\n"]);
    }

    #[test]
    fn rows_count_every_kind_of_break() {
        let text = "A = 1\r\nB = 2\rC = (\n1)\nD = 4";
        let rows: Vec<usize> = StatementStarts::new(text, 0, 0).map(|(_, r)| r).collect();
        assert_eq!(rows, [1, 2, 4]);
        // Starting from a statement start keeps counting from its row.
        let from = text.find('C').unwrap();
        let later: Vec<(usize, usize)> = StatementStarts::new(text, from, 2).collect();
        assert_eq!(later, [(text.find('D').unwrap(), 4)]);
    }
}
