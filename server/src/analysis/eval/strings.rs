//! Decoding Python string literals (prefixes, escapes) from their source text.

/// The prefix letters and the quote of a literal's opening delimiter.
pub struct Delims {
    pub raw: bool,
    pub bytes: bool,
    pub format: bool,
    pub quote_len: usize,
    pub prefix_len: usize,
}

pub fn delims(start: &str) -> Delims {
    let prefix_len = start.find(['"', '\'']).unwrap_or(start.len());
    let prefix = start[..prefix_len].to_ascii_lowercase();
    Delims {
        raw: prefix.contains('r'),
        bytes: prefix.contains('b'),
        format: prefix.contains('f') || prefix.contains('t'),
        quote_len: start.len() - prefix_len,
        prefix_len,
    }
}

/// Decodes the escapes of a non-raw literal body. Returns `None` for escapes
/// the evaluator does not model (`\N{...}`), so the caller can give up
/// rather than guess.
pub fn unescape(body: &str, bytes: bool) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            '\n' => {}
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut n = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            n = n * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(n)?);
            }
            'x' => {
                let h: String = (0..2).filter_map(|_| chars.next()).collect();
                out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
            }
            'u' | 'U' if !bytes => {
                let n = if e == 'u' { 4 } else { 8 };
                let h: String = (0..n).filter_map(|_| chars.next()).collect();
                out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
            }
            'N' if !bytes => return None,
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(unescape(r"a\nb\tc\\d\'e", false).unwrap(), "a\nb\tc\\d'e");
        assert_eq!(unescape(r"\x41\101\u00e9", false).unwrap(), "AAé");
        assert_eq!(unescape(r"\q", false).unwrap(), "\\q");
        assert!(unescape(r"\N{DASH}", false).is_none());
    }

    #[test]
    fn prefixes() {
        let d = delims("rb'''");
        assert!(d.raw && d.bytes && !d.format);
        assert_eq!((d.prefix_len, d.quote_len), (2, 3));
        let d = delims("f\"");
        assert!(d.format && !d.raw);
    }
}
