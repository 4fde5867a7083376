//! Values that stand in for a secret without being one: reported, they
//! would be false alarms (`"changeme"`, `"<your key>"`, `"${TOKEN}"`).

/// Whole values that are obviously not a real credential.
const WORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "changeme",
    "change-me",
    "change_me",
    "secret",
    "todo",
    "dummy",
    "example",
    "sample",
    "test",
    "testing",
    "none",
    "null",
    "placeholder",
    "fixme",
    "redacted",
    "default",
    "notset",
    "not-set",
    "unset",
];

/// Parts that mark a template value wherever they appear.
const MARKERS: &[&str] = &[
    // A value that says what it stands for ("rabbitmqpassword",
    // "my-secret-key") is a template's, not a credential.
    "password",
    "secret",
    "example",
    "dummy",
    "placeholder",
    "changeme",
    "change-me",
    "change_me",
    "change-this",
    "change_this",
    "replace-me",
    "replace_me",
    "set-me",
    "set_me",
    "setme",
    "fill-me",
    "fill_me",
    "fillme",
    "12345",
    "helloworld",
    "hello-world",
    "not-a-real",
    "not_a_real",
    "notreal",
    "xxxx",
    "****",
    "....",
];

pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    let first = v.chars().next().unwrap_or(' ');
    v.is_empty()
        || WORDS.contains(&lower.as_str())
        || MARKERS.iter().any(|m| lower.contains(m))
        || lower.starts_with("your")
        || lower.starts_with("my-")
        || lower.starts_with("my_")
        || lower.starts_with("change")
        || lower.starts_with("replace")
        || lower.starts_with("insert")
        || lower.starts_with("enter-")
        || lower.starts_with("enter_")
        || lower.starts_with("put-")
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('[') && v.ends_with(']'))
        || v.contains("{{")
        || v.contains("${")
        || (v.starts_with('$')
            && v[1..]
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_'))
        || (v.contains("%(") && v.contains(")s"))
        || v.chars().all(|c| c == first)
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn placeholders_and_values() {
        for p in [
            "",
            "changeme",
            "your-secret-here",
            "<your password>",
            "${DB_PASSWORD}",
            "$DB_PASSWORD",
            "%(password)s",
            "{{ secret_key }}",
            "xxxxxxxxxxxx",
            "*****",
            "example-token",
            "sk_test_EXAMPLE",
            "not-a-real-secret",
            "PASSWORD",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for v in ["hunter2-Xq9", "Zt4Kq9Wm", "s3cr3t!Vq"] {
            assert!(!is_placeholder(v), "{v}");
        }
    }
}
