//! What an excerpt of the source must hide before it is shown (the code
//! frames of `check --output-format full`). A message describes a value;
//! an excerpt shows the text itself, where a secret can be written in
//! pieces (implicit concatenation, escapes), in a base module whose value
//! a later module replaced, or beside a name that says it is secret.

use std::collections::HashSet;
use std::ops::Range;

use super::{find_tokens, find_url_credentials, is_secret_name, placeholders};

/// Any run this long of a secret's characters is hidden wherever it is.
const PIECE: usize = 8;

/// The byte ranges of `text` to hide, sorted and disjoint: every
/// occurrence of a secret of `secrets` (`secret_values`), every run of
/// [`PIECE`] characters that belongs to one, the tokens and URL passwords
/// found by their format, and on a line that names a secret (`PASSWORD`,
/// `SECRET_KEY`, `"api_token"`) the contents of its string literals.
pub fn secret_spans(text: &str, secrets: &[String]) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = vec![];
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        spans.extend(text.match_indices(s.as_str()).map(|(i, m)| i..i + m.len()));
    }
    spans.extend(pieces_of(text, secrets));
    spans.extend(find_tokens(text).into_iter().map(|t| t.range));
    spans.extend(find_url_credentials(text).into_iter().map(|c| c.secret));
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if names_a_secret(line) {
            spans.extend(
                literal_contents(line)
                    .into_iter()
                    .filter(|r| worth_hiding(&line[r.clone()]))
                    .map(|r| start + r.start..start + r.end),
            );
        }
        start += line.len();
    }
    merge(spans)
}

/// The runs of `PIECE` characters of `text` that occur in a secret.
fn pieces_of(text: &str, secrets: &[String]) -> Vec<Range<usize>> {
    let mut windows: HashSet<&str> = HashSet::new();
    for s in secrets {
        let bounds: Vec<usize> = s
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .collect();
        for w in bounds.windows(PIECE + 1) {
            windows.insert(&s[w[0]..w[PIECE]]);
        }
    }
    if windows.is_empty() {
        return vec![];
    }
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    bounds
        .windows(PIECE + 1)
        .filter(|w| windows.contains(&text[w[0]..w[PIECE]]))
        .map(|w| w[0]..w[PIECE])
        .collect()
}

/// Whether a word of the line (a name, or a word in quotes: a dictionary
/// key) is a secret's name.
fn names_a_secret(line: &str) -> bool {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|w| !w.is_empty() && is_secret_name(w))
}

/// A literal's contents that may be a secret: not a name (`"SECRET_KEY"`
/// read from the environment) and not a placeholder.
fn worth_hiding(s: &str) -> bool {
    let a_name = s
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    s.chars().count() >= 4 && !a_name && !placeholders::is_placeholder(s)
}

/// The contents (between the quotes) of the string literals of one line,
/// by Python's quoting: single or triple quotes, backslash escapes; a
/// literal still open at the end of the line runs to its end; a `#`
/// outside a literal starts a comment, whose text counts as one literal.
fn literal_contents(line: &str) -> Vec<Range<usize>> {
    let b = line.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                out.push(i + 1..line.trim_end_matches(['\n', '\r']).len().max(i + 1));
                break;
            }
            q @ (b'\'' | b'"') => {
                let triple = b.len() >= i + 3 && b[i + 1] == q && b[i + 2] == q;
                let open = if triple { 3 } else { 1 };
                let start = i + open;
                let mut j = start;
                let mut end = None;
                while j < b.len() {
                    if b[j] == b'\\' {
                        j += 2;
                        continue;
                    }
                    if b[j] == q
                        && (!triple || (b.len() >= j + 3 && b[j + 1] == q && b[j + 2] == q))
                    {
                        end = Some(j);
                        break;
                    }
                    j += 1;
                }
                let stop = end.unwrap_or(line.trim_end_matches(['\n', '\r']).len());
                if stop > start {
                    out.push(start..stop.min(b.len()));
                }
                i = match end {
                    Some(e) => e + open,
                    None => b.len(),
                };
            }
            _ => i += 1,
        }
    }
    out
}

fn merge(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.retain(|r| r.start < r.end);
    spans.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = vec![];
    for r in spans {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden(text: &str, secrets: &[&str]) -> String {
        let secrets: Vec<String> = secrets.iter().map(|s| s.to_string()).collect();
        let mut out = String::new();
        let mut pos = 0;
        for r in secret_spans(text, &secrets) {
            out.push_str(&text[pos..r.start]);
            out.push('*');
            pos = r.end;
        }
        out.push_str(&text[pos..]);
        out
    }

    #[test]
    fn a_secret_is_hidden_whole_in_pieces_and_by_its_name() {
        assert_eq!(
            hidden("X = 'hunter2Q7WpXz'\n", &["hunter2Q7WpXz"]),
            "X = '*'\n"
        );
        // Written in two literals: each piece of 8 characters is hidden.
        assert_eq!(
            hidden("X = ('hunter2Q7' 'WpXz')\n", &["hunter2Q7WpXz"]),
            "X = ('*' 'WpXz')\n"
        );
        // A value the evaluation never saw (a base module's, replaced
        // later) is hidden by the name beside it.
        assert_eq!(
            hidden("    'PASSWORD': 'tiny-pw',  # the old one\n", &[]),
            "    'PASSWORD': '*',  #*\n"
        );
        assert_eq!(
            hidden(
                "SECRET_KEY = os.environ.get('SECRET_KEY', 'fallback-k3y')\n",
                &[]
            ),
            "SECRET_KEY = os.environ.get('SECRET_KEY', '*')\n"
        );
        // By format, whatever the name.
        assert_eq!(
            hidden("BROKER = 'amqp://u:brkPw7Lq2Zx@h//'\n", &[]),
            "BROKER = 'amqp://u:*@h//'\n"
        );
        assert_eq!(
            hidden("DEBUG = True\n", &["hunter2Q7WpXz"]),
            "DEBUG = True\n"
        );
    }

    #[test]
    fn literals_of_a_line() {
        let l = "a = 'x' + \"y\\\"z\" + '''w''' # c\n";
        let got: Vec<&str> = literal_contents(l).into_iter().map(|r| &l[r]).collect();
        assert_eq!(got, ["x", "y\\\"z", "w", " c"]);
        let open = "A = '''abc\n";
        let got: Vec<&str> = literal_contents(open)
            .into_iter()
            .map(|r| &open[r])
            .collect();
        assert_eq!(got, ["abc"]);
    }
}
