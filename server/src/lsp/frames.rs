//! The client's byte stream cut into JSON-RPC messages, before
//! tower-lsp-server sees it: its transport stops answering after a body
//! that is not a JSON-RPC message or a `Content-Length` that lies, so only
//! well-formed messages, re-framed, reach it. Everything else is dropped
//! with a reason for the log, and reading resumes at the next header.
//!
//! Resynchronising is safe because of one fact: the bytes
//! `Content-Length: <digits>\r\n` cannot occur in valid JSON (a raw CR or LF
//! may not appear inside a string, and outside strings the words are not
//! JSON). So a header found inside a declared body proves the length lied.

use serde::de::{Deserializer, IgnoredAny};
use serde::Deserialize;
use serde_json::Value;

/// The largest body accepted; a larger `Content-Length` is treated as a lie.
pub const MAX_BODY: usize = 64 << 20;
/// A header block longer than this without its blank line is garbage.
const MAX_HEADER: usize = 8 << 10;
const HEADER_NAME: &[u8] = b"content-length:";

/// What the scanner found in the stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// A well-formed JSON-RPC message, re-framed with a correct header.
    Message(Vec<u8>),
    /// Input that was skipped, and why (never its content: it may hold a
    /// document's text and so a secret).
    Dropped(String),
}

#[derive(Debug, Default)]
pub struct FrameScanner {
    buf: Vec<u8>,
    /// Bytes skipped while looking for a header, not yet reported.
    skipped: usize,
    /// How far the current body was already searched for a header.
    searched: usize,
}

/// A `Content-Length` header found at `start`: its value (None when too
/// large to represent) and where its line ends.
struct Header {
    start: usize,
    length: Option<usize>,
    line_end: usize,
}

impl FrameScanner {
    pub fn new() -> FrameScanner {
        FrameScanner::default()
    }

    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next event the buffered input allows, or None until more input.
    pub fn next_event(&mut self) -> Option<Event> {
        loop {
            let Some(header) = find_header(&self.buf, 0) else {
                // Keep a tail that may be the beginning of a header.
                let keep = HEADER_NAME.len() + 32;
                if self.buf.len() > MAX_HEADER + keep {
                    let cut = self.buf.len() - keep;
                    self.skip(cut);
                }
                return None;
            };
            if header.start > 0 && !is_header_lines(&self.buf[..header.start]) {
                self.skip(header.start);
                continue;
            }
            if self.skipped > 0 {
                let n = std::mem::take(&mut self.skipped);
                return Some(Event::Dropped(format!("{n} bytes that are not a message")));
            }
            let after = &self.buf[header.line_end..];
            let blank = if after.starts_with(b"\r\n") {
                Some(header.line_end + 2)
            } else {
                find(after, b"\r\n\r\n").map(|i| header.line_end + i + 4)
            };
            let Some(blank) = blank else {
                if self.buf.len() - header.start > MAX_HEADER {
                    self.skip(header.line_end);
                    return Some(Event::Dropped("a header block with no end".to_string()));
                }
                return None;
            };
            let headers = &self.buf[..blank];
            if !is_header_lines(&headers[header.line_end..blank - 2]) {
                self.skip(header.line_end);
                continue;
            }
            let charset_ok = charset_is_utf8(headers);
            let length = match header.length {
                Some(n) if n <= MAX_BODY => n,
                _ => {
                    self.consume(blank);
                    return Some(Event::Dropped(format!(
                        "a Content-Length over the {} MiB limit",
                        MAX_BODY >> 20
                    )));
                }
            };
            // A header inside the declared body: the length lied.
            let available = (self.buf.len() - blank).min(length);
            let from = self.searched.max(blank);
            if let Some(next) = find_header(&self.buf[..blank + available], from) {
                self.consume(next.start);
                return Some(Event::Dropped(format!(
                    "a body shorter than its Content-Length ({length})"
                )));
            }
            if available < length {
                // Search the tail again next time: a header may straddle.
                self.searched = (blank + available).saturating_sub(HEADER_NAME.len() + 32);
                return None;
            }
            let body = self.buf[blank..blank + length].to_vec();
            self.consume(blank + length);
            if !charset_ok {
                return Some(Event::Dropped(
                    "a message in a charset other than UTF-8".to_string(),
                ));
            }
            return Some(match check_message(&body) {
                Ok(()) => {
                    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
                    framed.extend_from_slice(&body);
                    Event::Message(framed)
                }
                Err(why) => Event::Dropped(format!("a body of {length} bytes: {why}")),
            });
        }
    }

    /// What is left when the input ends.
    pub fn finish(&mut self) -> Option<Event> {
        let n = self.skipped + self.buf.len();
        self.buf.clear();
        self.skipped = 0;
        (n > 0).then(|| {
            Event::Dropped(format!(
                "{n} bytes at the end of input that are not a complete message"
            ))
        })
    }

    fn skip(&mut self, n: usize) {
        self.skipped += n;
        self.consume(n);
    }

    fn consume(&mut self, n: usize) {
        self.buf.drain(..n);
        self.searched = 0;
    }
}

/// The first `Content-Length: <digits>` line (any case) at or after `from`.
fn find_header(buf: &[u8], from: usize) -> Option<Header> {
    let mut at = from;
    while at + HEADER_NAME.len() <= buf.len() {
        let i = at + find_ignore_case(&buf[at..], HEADER_NAME)?;
        let mut j = i + HEADER_NAME.len();
        while j < buf.len() && matches!(buf[j], b' ' | b'\t') {
            j += 1;
        }
        let digits = j;
        while j < buf.len() && buf[j].is_ascii_digit() {
            j += 1;
        }
        let value_end = j;
        while j < buf.len() && matches!(buf[j], b' ' | b'\t') {
            j += 1;
        }
        if value_end > digits && buf[j..].starts_with(b"\r\n") {
            let length = std::str::from_utf8(&buf[digits..value_end])
                .ok()
                .and_then(|s| s.parse().ok());
            return Some(Header {
                start: i,
                length,
                line_end: j + 2,
            });
        }
        at = i + 1;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Whether `bytes` is zero or more `Name: value\r\n` lines.
fn is_header_lines(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return true;
    }
    let Some(lines) = bytes.strip_suffix(b"\r\n") else {
        return false;
    };
    split_crlf(lines).all(|line| match line.iter().position(|&b| b == b':') {
        Some(colon) if colon > 0 => {
            line[..colon]
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-')
                && !line.iter().any(|&b| b == b'\r' || b == b'\n')
        }
        _ => false,
    })
}

fn split_crlf(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(bytes);
    std::iter::from_fn(move || {
        let r = rest?;
        match find(r, b"\r\n") {
            Some(i) => {
                rest = Some(&r[i + 2..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// LSP bodies are UTF-8; `utf8` is accepted for compatibility, as the
/// specification asks.
fn charset_is_utf8(headers: &[u8]) -> bool {
    let text = String::from_utf8_lossy(headers).to_ascii_lowercase();
    text.lines()
        .filter(|l| l.starts_with("content-type:"))
        .all(|l| match l.split_once("charset=") {
            None => true,
            Some((_, cs)) => matches!(cs.trim().trim_matches('"'), "utf-8" | "utf8"),
        })
}

/// The envelope of a JSON-RPC 2.0 message as LSP uses it.
#[derive(Deserialize)]
struct Envelope {
    jsonrpc: String,
    #[serde(default)]
    method: Option<String>,
    #[serde(default, deserialize_with = "any_value")]
    id: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    result: bool,
    #[serde(default, deserialize_with = "present")]
    error: bool,
    #[serde(default)]
    #[allow(dead_code)]
    params: Option<IgnoredAny>,
}

/// `Some` even for `null`, which `Option` alone would turn into `None`.
fn any_value<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    IgnoredAny::deserialize(d).map(|_| true)
}

/// Whether `body` is one JSON-RPC 2.0 request, notification or response.
/// The reason never quotes the body.
pub fn check_message(body: &[u8]) -> Result<(), String> {
    let envelope: Envelope = serde_json::from_slice(body).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Io => "unreadable",
            serde_json::error::Category::Syntax => "not JSON",
            serde_json::error::Category::Data => "not a JSON-RPC message",
            serde_json::error::Category::Eof => "JSON cut short",
        };
        format!("{what} (line {}, column {})", e.line(), e.column())
    })?;
    if envelope.jsonrpc != "2.0" {
        return Err("not JSON-RPC 2.0".to_string());
    }
    let id_ok = |id: &Value, null_ok: bool| match id {
        Value::Number(n) => n.is_i64() || n.is_u64(),
        Value::String(_) => true,
        Value::Null => null_ok,
        _ => false,
    };
    match (&envelope.method, &envelope.id) {
        (Some(_), None) => Ok(()),
        (Some(_), Some(id)) if id_ok(id, false) => Ok(()),
        (None, Some(id)) if id_ok(id, true) && envelope.result != envelope.error => Ok(()),
        (Some(_), Some(_)) => Err("a request whose id is not an integer or a string".to_string()),
        _ => Err("neither a request, a notification nor a response".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        f.extend_from_slice(body);
        f
    }

    const PING: &[u8] = br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;

    /// Every event from feeding `input` in pieces of `step` bytes.
    fn scan(input: &[u8], step: usize) -> Vec<Event> {
        let mut s = FrameScanner::new();
        let mut out = vec![];
        for chunk in input.chunks(step.max(1)) {
            s.push(chunk);
            while let Some(e) = s.next_event() {
                out.push(e);
            }
        }
        out.extend(s.finish());
        out
    }

    fn messages(events: &[Event]) -> Vec<Vec<u8>> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Message(m) => Some(m.clone()),
                Event::Dropped(_) => None,
            })
            .collect()
    }

    fn dropped(events: &[Event]) -> usize {
        events
            .iter()
            .filter(|e| matches!(e, Event::Dropped(_)))
            .count()
    }

    #[test]
    fn well_formed_frames_pass_through_whatever_the_chunking() {
        let input = [
            frame(PING),
            frame(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            frame(br#"{"jsonrpc":"2.0","id":"a","result":null}"#),
        ]
        .concat();
        for step in [1, 2, 7, 64, input.len()] {
            let events = scan(&input, step);
            assert_eq!(dropped(&events), 0, "step {step}: {events:?}");
            assert_eq!(messages(&events).concat(), input, "step {step}");
        }
    }

    #[test]
    fn headers_are_case_insensitive_and_other_headers_are_allowed() {
        let input = [
            format!("content-length: {}\r\n\r\n", PING.len()).as_bytes(),
            PING,
            format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH:{}\r\n\r\n", PING.len()).as_bytes(),
            PING,
            format!("Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf8\r\n\r\n", PING.len()).as_bytes(),
            PING,
        ]
        .concat();
        for step in [1, 5, input.len()] {
            let events = scan(&input, step);
            assert_eq!(
                messages(&events),
                vec![frame(PING); 3],
                "step {step}: {events:?}"
            );
            assert_eq!(dropped(&events), 0);
        }
    }

    #[test]
    fn a_length_that_lies_loses_only_its_own_message() {
        let short = [&b"Content-Length: 10\r\n\r\n"[..], PING].concat();
        let long = [
            format!("Content-Length: {}\r\n\r\n", PING.len() + 30).as_bytes(),
            PING,
        ]
        .concat();
        let far_too_long = [&b"Content-Length: 5000\r\n\r\n"[..], PING].concat();
        for bad in [short, long, far_too_long] {
            let input = [bad, frame(PING), frame(PING)].concat();
            for step in [1, 3, input.len()] {
                let events = scan(&input, step);
                let got = messages(&events);
                assert!(
                    got.len() == 2 && got.iter().all(|m| m == &frame(PING)),
                    "step {step}: {events:?}"
                );
                assert!(dropped(&events) >= 1);
            }
        }
    }

    #[test]
    fn bodies_that_are_not_json_rpc_are_dropped() {
        for body in [
            &b"{not json"[..],
            b"{\"jsonrpc\":\"2.0\",\"method\":\"x\xff\"}",
            b"null",
            b"5",
            b"",
            br#"[{"jsonrpc":"2.0","id":6,"method":"shutdown"}]"#,
            br#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#,
            br#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#,
            br#"{"jsonrpc":"2.0","id":7,"method":5}"#,
            br#"{"id":5,"method":"shutdown"}"#,
            br#"{"jsonrpc":"1.0","id":5,"method":"shutdown"}"#,
            br#"{"jsonrpc":"2.0","id":5}"#,
            br#"{"jsonrpc":"2.0","id":5,"result":1,"error":{}}"#,
            br#"{"jsonrpc":"2.0","id":5,"method":"a","method":"b"}"#,
        ] {
            let input = [frame(body), frame(PING)].concat();
            let events = scan(&input, input.len());
            assert_eq!(
                messages(&events),
                vec![frame(PING)],
                "{:?}: {events:?}",
                String::from_utf8_lossy(body)
            );
            assert_eq!(dropped(&events), 1, "{:?}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn garbage_bad_lengths_and_charsets_are_skipped() {
        for bad in [
            &b"\x00\x01garbage\r\n\r\n"[..],
            b"Content-Length: abc\r\n\r\n{}",
            b"Content-Type: application/json\r\n\r\n{}",
            b"Content-Length: 99999999999\r\n\r\n{}",
            b"Content-Length: 999999999999999999999999\r\n\r\n{}",
            b"Content-Length: 2\r\nContent-Type: text/x; charset=latin1\r\n\r\n{}",
            b"Content-Length: 2\r\nnot a header\r\n\r\n{}",
        ] {
            let input = [bad, &frame(PING)].concat();
            for step in [1, input.len()] {
                let events = scan(&input, step);
                assert_eq!(
                    messages(&events),
                    vec![frame(PING)],
                    "{:?} step {step}: {events:?}",
                    String::from_utf8_lossy(bad)
                );
                assert!(dropped(&events) >= 1);
            }
        }
    }

    #[test]
    fn a_header_mentioned_inside_a_json_string_is_not_a_header() {
        let body =
            br#"{"jsonrpc":"2.0","method":"x","params":{"text":"Content-Length: 5\\r\\n\\r\\n"}}"#;
        let input = [frame(body), frame(PING)].concat();
        let events = scan(&input, 3);
        assert_eq!(
            messages(&events),
            vec![frame(body), frame(PING)],
            "{events:?}"
        );
    }

    #[test]
    fn endless_garbage_is_not_kept_in_memory() {
        let mut s = FrameScanner::new();
        for _ in 0..1000 {
            s.push(&[b'x'; 1024]);
            assert_eq!(s.next_event(), None);
            assert!(s.buf.len() <= MAX_HEADER + 128);
        }
        s.push(&frame(PING));
        assert!(matches!(s.next_event(), Some(Event::Dropped(_))));
        assert_eq!(s.next_event(), Some(Event::Message(frame(PING))));
    }

    #[test]
    fn the_end_of_input_inside_a_message_is_reported() {
        let mut s = FrameScanner::new();
        s.push(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":");
        assert_eq!(s.next_event(), None);
        assert!(matches!(s.finish(), Some(Event::Dropped(_))));
        assert_eq!(s.finish(), None);
    }
}
