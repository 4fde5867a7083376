//! Tokens recognisable by their format, whatever the setting holding them is
//! called: cloud, payment, source-hosting, chat and mail-service keys,
//! private-key blocks, JWTs. The formats are those the public rule sets of
//! detect-secrets, gitleaks and trufflehog describe, written here as
//! prefix + alphabet + length, which is all they need and keeps the scan a
//! single pass over each prefix's occurrences (no regular expressions).

use std::ops::Range;

/// One token format.
pub struct TokenFormat {
    /// What the token is, for messages ("a Stripe secret key").
    pub kind: &'static str,
    /// The literal starts the token may have.
    prefixes: &'static [&'static str],
    /// The alphabet of what follows the prefix.
    body: Alphabet,
    /// How many characters of `body` follow the prefix.
    len: (usize, usize),
    /// A fixed text that must follow the body (`-us12` after a Mailchimp
    /// key is handled by `Shape::Mailchimp`), checked by `shape`.
    shape: Shape,
}

#[derive(Clone, Copy)]
enum Alphabet {
    /// `[A-Za-z0-9]`
    Alnum,
    /// `[A-Za-z0-9_-]`, base64url
    Url,
    /// `[A-Za-z0-9_]`
    Word,
    /// `[0-9a-f]` (either case)
    Hex,
    /// `[A-Za-z0-9+/=]`
    Base64,
    /// `[A-Za-z]`
    Letters,
    /// `[A-Z0-9]`
    UpperAlnum,
}

impl Alphabet {
    fn has(self, c: u8) -> bool {
        match self {
            Alphabet::Alnum => c.is_ascii_alphanumeric(),
            Alphabet::Url => c.is_ascii_alphanumeric() || c == b'_' || c == b'-',
            Alphabet::Word => c.is_ascii_alphanumeric() || c == b'_',
            Alphabet::Hex => c.is_ascii_hexdigit(),
            Alphabet::Base64 => c.is_ascii_alphanumeric() || c == b'+' || c == b'/' || c == b'=',
            Alphabet::Letters => c.is_ascii_alphabetic(),
            Alphabet::UpperAlnum => c.is_ascii_uppercase() || c.is_ascii_digit(),
        }
    }
}

/// What the token looks like beyond prefix + body.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Plain,
    /// `SG.<22>.<43>`: the body is the first part; a second follows.
    SendGrid,
    /// `eyJ<header>.eyJ<payload>.<signature>`
    Jwt,
    /// `-----BEGIN ... PRIVATE KEY-----`
    PrivateKey,
    /// `<32 hex>-us<1-2 digits>`: no prefix.
    Mailchimp,
    /// `<8-10 digits>:AA<33>`: no prefix.
    Telegram,
    /// `https://hooks.slack.com/services/T…/B…/…`
    SlackWebhook,
    /// `PMAK-<24 hex>-<34 hex>`
    Postman,
}

const fn f(
    kind: &'static str,
    prefixes: &'static [&'static str],
    body: Alphabet,
    len: (usize, usize),
) -> TokenFormat {
    TokenFormat {
        kind,
        prefixes,
        body,
        len,
        shape: Shape::Plain,
    }
}

const fn shaped(
    kind: &'static str,
    prefixes: &'static [&'static str],
    body: Alphabet,
    len: (usize, usize),
    shape: Shape,
) -> TokenFormat {
    TokenFormat {
        kind,
        prefixes,
        body,
        len,
        shape,
    }
}

use Alphabet::*;

/// Every format, most specific prefix first where prefixes overlap
/// (`sk-ant-` and `sk-proj-` before nothing else starts with `sk-`).
pub static FORMATS: &[TokenFormat] = &[
    f(
        "an AWS access key ID",
        &["AKIA", "ASIA", "ABIA", "ACCA"],
        UpperAlnum,
        (16, 16),
    ),
    f(
        "a Stripe secret key",
        &["sk_live_", "rk_live_", "sk_test_", "rk_test_"],
        Alnum,
        (24, 247),
    ),
    f(
        "a Stripe webhook signing secret",
        &["whsec_"],
        Alnum,
        (32, 64),
    ),
    f(
        "a GitHub token",
        &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        Alnum,
        (36, 36),
    ),
    f("a GitHub token", &["github_pat_"], Word, (82, 82)),
    f(
        "a GitLab token",
        &["glpat-", "gldt-", "glrt-"],
        Url,
        (20, 20),
    ),
    f(
        "a Slack token",
        &["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"],
        Url,
        (20, 255),
    ),
    shaped(
        "a Slack webhook URL",
        &["https://hooks.slack.com/services/"],
        Url,
        (0, 0),
        Shape::SlackWebhook,
    ),
    shaped(
        "a SendGrid API key",
        &["SG."],
        Url,
        (22, 22),
        Shape::SendGrid,
    ),
    f("a Mailgun API key", &["key-"], Hex, (32, 32)),
    shaped(
        "a Mailchimp API key",
        &[""],
        Hex,
        (32, 32),
        Shape::Mailchimp,
    ),
    f("a Twilio API key", &["SK"], Hex, (32, 32)),
    f("a Google API key", &["AIza"], Url, (35, 35)),
    shaped(
        "a private key",
        &["-----BEGIN "],
        Alnum,
        (0, 0),
        Shape::PrivateKey,
    ),
    shaped("a JSON Web Token", &["eyJ"], Url, (10, 4096), Shape::Jwt),
    f("an npm token", &["npm_"], Alnum, (36, 36)),
    f("a PyPI token", &["pypi-AgEIcHlwaS5vcmc"], Url, (50, 400)),
    f(
        "a Shopify token",
        &["shpat_", "shpss_", "shpca_", "shppa_"],
        Hex,
        (32, 32),
    ),
    f(
        "a DigitalOcean token",
        &["dop_v1_", "doo_v1_", "dor_v1_"],
        Hex,
        (64, 64),
    ),
    f(
        "an Anthropic API key",
        &["sk-ant-api03-", "sk-ant-admin01-"],
        Url,
        (80, 120),
    ),
    f(
        "an OpenAI API key",
        &["sk-proj-", "sk-svcacct-", "sk-admin-"],
        Url,
        (40, 200),
    ),
    f("a Hugging Face token", &["hf_"], Letters, (34, 34)),
    f("a Sentry auth token", &["sntrys_"], Base64, (60, 250)),
    f("a Sentry auth token", &["sntryu_"], Hex, (64, 64)),
    f("a Databricks token", &["dapi"], Hex, (32, 32)),
    f("a Linear API key", &["lin_api_"], Alnum, (40, 40)),
    f("a New Relic API key", &["NRAK-"], UpperAlnum, (27, 27)),
    shaped(
        "a Postman API key",
        &["PMAK-"],
        Hex,
        (24, 24),
        Shape::Postman,
    ),
    f(
        "a Square token",
        &["sq0atp-", "sq0csp-", "EAAAE"],
        Url,
        (22, 60),
    ),
    f(
        "an Azure storage account key",
        &["AccountKey="],
        Base64,
        (86, 88),
    ),
    shaped(
        "a Telegram bot token",
        &[""],
        Alnum,
        (8, 10),
        Shape::Telegram,
    ),
];

/// A token found in a string.
pub struct Token {
    pub kind: &'static str,
    /// Byte range of the token in the searched text.
    pub range: Range<usize>,
}

/// Longer strings are not searched: no token is this long (a 4096-bit
/// private key block is about 3,300 bytes), and a value built by a loop
/// can be megabytes.
pub const MAX_SEARCHED: usize = 16 * 1024;

/// Every token in `text`, leftmost first, never two overlapping.
pub fn find_tokens(text: &str) -> Vec<Token> {
    if text.len() > MAX_SEARCHED {
        return vec![];
    }
    let bytes = text.as_bytes();
    let mut found: Vec<Token> = vec![];
    for format in FORMATS {
        for prefix in format.prefixes {
            if prefix.is_empty() {
                scan_unprefixed(format, bytes, &mut found);
                continue;
            }
            let mut from = 0;
            while let Some(start) = find_from(bytes, from, prefix.as_bytes()) {
                from = start + 1;
                if start > 0 && continues(bytes[start - 1]) && !prefix.starts_with('-') {
                    continue;
                }
                if let Some(end) = format.matches_at(bytes, start, prefix.len()) {
                    found.push(Token {
                        kind: format.kind,
                        range: start..end,
                    });
                    from = end;
                }
            }
        }
    }
    found.sort_by_key(|t| (t.range.start, std::cmp::Reverse(t.range.end)));
    let mut out: Vec<Token> = vec![];
    for t in found {
        if out.last().is_none_or(|l| t.range.start >= l.range.end) {
            out.push(t);
        }
    }
    out.retain(|t| !looks_fake(&text[t.range.clone()]));
    out
}

/// The first place at or after `from` where `prefix` starts. Settings
/// values are short and prefixes a few bytes: a scan for the first byte
/// is cheaper than building a substring searcher per prefix and value.
fn find_from(bytes: &[u8], from: usize, prefix: &[u8]) -> Option<usize> {
    let (&first, rest) = prefix.split_first()?;
    let last_start = bytes.len().checked_sub(prefix.len())?;
    (from..=last_start).find(|&i| bytes[i] == first && bytes[i + 1..].starts_with(rest))
}

/// A character that would make a token part of a longer word.
fn continues(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn run(bytes: &[u8], from: usize, alphabet: Alphabet) -> usize {
    bytes[from..]
        .iter()
        .take_while(|&&c| alphabet.has(c))
        .count()
}

impl TokenFormat {
    /// The end of the token whose prefix (`prefix_len` bytes) starts at
    /// `start`, if the text there has this format.
    fn matches_at(&self, bytes: &[u8], start: usize, prefix_len: usize) -> Option<usize> {
        let body = start + prefix_len;
        match self.shape {
            Shape::PrivateKey => private_key_end(bytes, start),
            Shape::SlackWebhook => {
                // T<team>/B<bot>/<secret>
                let mut at = body;
                for lead in [b'T', b'B'] {
                    if bytes.get(at) != Some(&lead) {
                        return None;
                    }
                    let n = run(bytes, at, UpperAlnum);
                    if n < 8 || bytes.get(at + n) != Some(&b'/') {
                        return None;
                    }
                    at += n + 1;
                }
                let n = run(bytes, at, Alnum);
                (n >= 20).then_some(at + n)
            }
            Shape::Jwt => {
                let n = run(bytes, body, Url);
                let second = body + n;
                if n < self.len.0 || bytes.get(second) != Some(&b'.') {
                    return None;
                }
                if !bytes[second + 1..].starts_with(b"eyJ") {
                    return None;
                }
                let m = run(bytes, second + 1, Url);
                let third = second + 1 + m;
                if m < 10 || bytes.get(third) != Some(&b'.') {
                    return None;
                }
                let s = run(bytes, third + 1, Url);
                (s >= 16).then_some(third + 1 + s)
            }
            Shape::SendGrid => two_parts(bytes, body, Url, (22, b'.', 43)),
            Shape::Postman => two_parts(bytes, body, Hex, (24, b'-', 34)),
            Shape::Plain => {
                let n = run(bytes, body, self.body);
                let end = body + n;
                let fits = (self.len.0..=self.len.1).contains(&n);
                // `Base64` ends in padding; other alphabets must not be
                // followed by more word characters.
                let bounded = bytes.get(end).is_none_or(|&c| !continues(c));
                (fits && bounded).then_some(end)
            }
            Shape::Mailchimp | Shape::Telegram => None,
        }
    }
}

/// The end of `<first>SEP<second>` at `at`, both parts in `alphabet` and
/// of exactly their lengths (`SG.<22>.<43>`, `PMAK-<24>-<34>`).
fn two_parts(
    bytes: &[u8],
    at: usize,
    alphabet: Alphabet,
    (first, sep, second): (usize, u8, usize),
) -> Option<usize> {
    let n = run(bytes, at, alphabet);
    if n != first || bytes.get(at + n) != Some(&sep) {
        return None;
    }
    let m = run(bytes, at + n + 1, alphabet);
    (m == second).then_some(at + n + 1 + m)
}

/// Formats with no prefix: found by what ends them (`-us12`, `:AA`).
fn scan_unprefixed(format: &TokenFormat, bytes: &[u8], out: &mut Vec<Token>) {
    let mut i = 0;
    while i < bytes.len() {
        if i > 0 && continues(bytes[i - 1]) {
            i += 1;
            continue;
        }
        let hit = match format.shape {
            Shape::Mailchimp => {
                let n = run(bytes, i, Hex);
                let after = i + n;
                let digits = if n == 32 && bytes[after..].starts_with(b"-us") {
                    run(bytes, after + 3, UpperAlnum)
                } else {
                    0
                };
                let end = after + 3 + digits;
                (n == 32
                    && (1..=2).contains(&digits)
                    && bytes[after + 3..end].iter().all(u8::is_ascii_digit)
                    && bytes.get(end).is_none_or(|&c| !continues(c)))
                .then_some(end)
            }
            Shape::Telegram => {
                let n = bytes[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let after = i + n;
                let tail = if (format.len.0..=format.len.1).contains(&n)
                    && bytes[after..].starts_with(b":AA")
                {
                    run(bytes, after + 1, Url)
                } else {
                    0
                };
                (tail == 35 && bytes.get(after + 1 + tail).is_none_or(|&c| !continues(c)))
                    .then_some(after + 1 + tail)
            }
            _ => None,
        };
        match hit {
            Some(end) => {
                out.push(Token {
                    kind: format.kind,
                    range: i..end,
                });
                i = end;
            }
            // No token starts inside the word that starts here: skip it,
            // so the scan stays linear.
            None => i += 1 + run(bytes, i, Word),
        }
    }
}

/// `-----BEGIN [RSA |EC |OPENSSH |DSA |ENCRYPTED ]PRIVATE KEY-----`, through
/// its END line when there is one (a key written whole), else the header.
fn private_key_end(bytes: &[u8], start: usize) -> Option<usize> {
    let text = std::str::from_utf8(&bytes[start..]).ok()?;
    // The closing dashes of the BEGIN line, after its opening ones.
    let opening = "-----BEGIN ".len();
    let header_end = opening + text[opening..].find("-----")? + 5;
    let header = &text[..header_end];
    let label = header
        .trim_start_matches("-----BEGIN ")
        .trim_end_matches("-----");
    if !(label.ends_with("PRIVATE KEY") || label == "PGP PRIVATE KEY BLOCK") || label.len() > 40 {
        return None;
    }
    // A header alone is a template, not a key: some key material must follow.
    let rest = &text[header.len()..];
    let material = rest
        .chars()
        .take_while(|c| *c != '-')
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
        .count();
    if material < 32 {
        return None;
    }
    let end = match rest.find("-----END ") {
        Some(e) => {
            let after = &rest[e + 9..];
            header.len() + e + 9 + after.find("-----").map_or(after.len(), |x| x + 5)
        }
        None => text.len(),
    };
    Some(start + end)
}

/// A token whose random part is not random: `sk_live_xxxxxxxx…`,
/// `AKIAIOSFODNN7EXAMPLE` (AWS's documentation key), `ghp_000…`.
fn looks_fake(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    if [
        "example", "xxxxxxxx", "00000000", "11111111", "abcdefgh", "12345678",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        return true;
    }
    let mut distinct: Vec<u8> = token
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len() < 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<&'static str> {
        find_tokens(text).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn prefixed_tokens_and_their_bounds() {
        assert_eq!(kinds("AKIA2E0A8F3B244C9986"), vec!["an AWS access key ID"]);
        // AWS's documentation key is an example, not a key.
        assert!(kinds("AKIAIOSFODNN7EXAMPLE").is_empty());
        // One character short, or part of a longer word.
        assert!(kinds("AKIA2E0A8F3B244C998").is_empty());
        assert!(kinds("XAKIA2E0A8F3B244C9986").is_empty());
        assert_eq!(
            kinds("key sk_live_4eC39HqLyjWDarjtT1zdp7dc here"),
            vec!["a Stripe secret key"]
        );
        assert!(kinds("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx").is_empty());
        // A publishable key is public.
        assert!(kinds("pk_live_4eC39HqLyjWDarjtT1zdp7dc").is_empty());
    }

    #[test]
    fn shaped_tokens() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert_eq!(kinds(jwt), vec!["a JSON Web Token"]);
        assert_eq!(
            kinds("9f3c2a7b5e1d4c8a6b0e2f4a7c9d1e3b-us21"),
            vec!["a Mailchimp API key"]
        );
        assert_eq!(
            kinds("bot 5832917460:AAHq7Vw2Lm9Xz3Rt8Yp4Kn6Bc1Df5Gh0Js2 end"),
            vec!["a Telegram bot token"]
        );
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi8\n-----END RSA PRIVATE KEY-----\n";
        let t = find_tokens(pem);
        assert_eq!(t.len(), 1);
        assert_eq!(&pem[t[0].range.clone()], pem.trim_end());
        // A header with no key after it is a template.
        assert!(kinds("-----BEGIN PRIVATE KEY-----\n...\n").is_empty());
        assert!(kinds(
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n"
        )
        .is_empty());
    }
}
