//! Secrets by name: the names whose values are never shown, and the
//! narrower set whose literal values are reported as hardcoded credentials
//! (hiding too much is safe, reporting too much is noise).

/// Names whose values are never shown (hover, messages, logs).
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    [
        "SECRET",
        "PASSWORD",
        "PASSWD",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "CREDENTIAL",
        "PRIVATE",
    ]
    .iter()
    .any(|w| n.contains(w))
        || n == "KEY"
        || n.ends_with("_KEY")
        || n.ends_with("_KEYS")
        || n.ends_with("DSN")
}

/// Settings that hold a credential by name (`SECRET_KEY` has a rule of its
/// own).
const EXACT: &[&str] = &["EMAIL_HOST_PASSWORD", "AWS_SECRET_ACCESS_KEY"];
const SUFFIXES: &[&str] = &[
    "_PASSWORD",
    "_PASSWD",
    "_SECRET",
    "_SECRET_KEY",
    "_SECRET_ACCESS_KEY",
    "_PRIVATE_KEY",
    "_TOKEN",
    "_API_KEY",
    "_APIKEY",
];

/// A setting whose string value is a credential.
pub fn is_credential_name(name: &str) -> bool {
    EXACT.contains(&name) || SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// A dictionary key whose string value is a credential, in any case
/// (`DATABASES`' `"PASSWORD"`, a cache's `"password"`, a social-auth
/// provider's `"secret"`).
pub fn is_credential_key(key: &str) -> bool {
    let k = key.to_ascii_uppercase().replace('-', "_");
    matches!(
        k.as_str(),
        "PASSWORD"
            | "PASSWD"
            | "SECRET"
            | "TOKEN"
            | "API_KEY"
            | "APIKEY"
            | "SECRET_KEY"
            | "PRIVATE_KEY"
    ) || is_credential_name(&k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_names() {
        assert!(is_credential_name("EMAIL_HOST_PASSWORD"));
        assert!(is_credential_name("STRIPE_API_KEY"));
        assert!(is_credential_name("GITHUB_TOKEN"));
        assert!(is_credential_name("MINIO_SECRET_ACCESS_KEY"));
        assert!(!is_credential_name("SECRET_KEY"));
        assert!(!is_credential_name("PASSWORD_HASHERS"));
        assert!(!is_credential_name("STRIPE_PUBLISHABLE_KEY"));
        assert!(is_credential_key("password"));
        assert!(is_credential_key("client_secret"));
        assert!(!is_credential_key("client_id"));
        assert!(!is_credential_key("HOST"));
    }
}
