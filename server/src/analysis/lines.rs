//! Line starts of a text, breaking only at `\n`, `\r\n` and `\r` (as LSP
//! and Python do), for turning byte offsets into lines and columns.

pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            starts: line_starts(text),
        }
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// 0-based line and 0-based column counted in Unicode scalar values.
    pub fn line_col_chars(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        (line, text[start..offset].chars().count())
    }
}

/// Byte offsets where lines start: 0, and after each `\n`, `\r\n`, `\r`.
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                starts.push(i + 1);
            }
            _ => {}
        }
        i += 1;
    }
    starts
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_only_on_lf_crlf_cr() {
        let t = "a\nb\r\nc\rd\u{2028}e";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col_chars(t, t.find('d').unwrap()), (3, 0));
        assert_eq!(idx.line_col_chars(t, t.find('e').unwrap()), (3, 2));
        assert_eq!(idx.line_col_chars(t, t.find('c').unwrap()), (2, 0));
    }
}
