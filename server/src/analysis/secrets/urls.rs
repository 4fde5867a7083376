//! Credentials inside URLs and DSNs: `scheme://user:password@host`,
//! `scheme://:password@host` (Redis), and a Sentry DSN's key
//! (`https://<32 hex>@o1.ingest.sentry.io/1`).

use std::ops::Range;

use super::placeholders::is_placeholder;

pub struct UrlCredential {
    /// The URL's scheme, for messages (`redis`).
    pub scheme: String,
    /// Byte range of the secret part (the password, or a DSN's key) in the
    /// searched text.
    pub secret: Range<usize>,
}

/// Every URL in `text` that carries a credential worth hiding.
pub fn find_url_credentials(text: &str) -> Vec<UrlCredential> {
    if text.len() > super::formats::MAX_SEARCHED {
        return vec![];
    }
    let bytes = text.as_bytes();
    let mut out = vec![];
    let mut from = 0;
    while let Some(i) = text[from..].find("://") {
        let sep = from + i;
        from = sep + 3;
        let scheme_start = text[..sep]
            .bytes()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
            .count();
        let scheme_start = sep - scheme_start;
        let scheme = &text[scheme_start..sep];
        if scheme.is_empty() || !scheme.as_bytes()[0].is_ascii_alphabetic() {
            continue;
        }
        let auth_start = sep + 3;
        let auth_len = bytes[auth_start..]
            .iter()
            .take_while(|&&c| {
                !matches!(
                    c,
                    b'/' | b'?' | b'#' | b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\''
                )
            })
            .count();
        let authority = &text[auth_start..auth_start + auth_len];
        let Some(at) = authority.rfind('@') else {
            continue;
        };
        let userinfo = &authority[..at];
        let secret = match userinfo.find(':') {
            Some(colon) => {
                let user = &userinfo[..colon];
                let password = &userinfo[colon + 1..];
                if is_placeholder_password(user, password) {
                    continue;
                }
                auth_start + colon + 1..auth_start + at
            }
            // A Sentry DSN: the key is the whole user part.
            None if userinfo.len() == 32 && userinfo.bytes().all(|c| c.is_ascii_hexdigit()) => {
                auth_start..auth_start + at
            }
            None => continue,
        };
        out.push(UrlCredential {
            scheme: scheme.to_string(),
            secret,
        });
        from = auth_start + at;
    }
    out
}

/// A password that is a template or a local default, not a credential:
/// empty, a placeholder, a substitution (`${DB_PASSWORD}`, `%(pw)s`,
/// `{password}`), or the user's own name (`postgres:postgres`, the default
/// of a development database image).
fn is_placeholder_password(user: &str, password: &str) -> bool {
    password.is_empty()
        || is_placeholder(password)
        || password == user
        || password.starts_with('$')
        || (password.starts_with('{') && password.ends_with('}'))
        || (password.starts_with("%(") && password.ends_with(")s"))
        || password.chars().all(|c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(text: &str) -> Vec<&str> {
        find_url_credentials(text)
            .into_iter()
            .map(|c| &text[c.secret])
            .collect()
    }

    #[test]
    fn passwords_and_keys() {
        assert_eq!(secrets("amqp://admin:Rq7vLw2x@rabbit//"), vec!["Rq7vLw2x"]);
        assert_eq!(secrets("redis://:Zt4Kq9Wm@redis:6379/0"), vec!["Zt4Kq9Wm"]);
        assert_eq!(
            secrets("https://4f2a9c0b7e1d4a8c9b3e6f0a2d5c7b1e@o123.ingest.sentry.io/42"),
            vec!["4f2a9c0b7e1d4a8c9b3e6f0a2d5c7b1e"]
        );
        // A password with '@' in it: the last '@' ends the user part.
        assert_eq!(secrets("postgres://u:p@ss9Xq2@db/x"), vec!["p@ss9Xq2"]);
    }

    #[test]
    fn no_credential() {
        for quiet in [
            "https://example.com/path",
            "redis://redis:6379/0",
            "postgres://user@db/app",
            "postgres://postgres:postgres@localhost/app",
            "postgres://u:${DB_PASSWORD}@db/app",
            "postgres://u:%(password)s@db/app",
            "postgres://u:{password}@db/app",
            "postgres://u:changeme@db/app",
            "postgres://u:@db/app",
            "smtp://u:****@mail",
            "https://github.com/user/repo.git",
        ] {
            assert!(secrets(quiet).is_empty(), "{quiet}");
        }
    }
}
