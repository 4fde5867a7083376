//! Our own codes, in the `dsl.` namespace, beside Django's: what Django
//! would say but cannot print itself (its settings do not load, one of its
//! checks crashes), what could not be decided, and hardcoded credentials.
//! The README's table of codes and the SARIF rule descriptions are made
//! from this table (`code_table_markdown`; a test compares the README).

use super::Severity;

pub struct OwnCode {
    pub code: &'static str,
    /// The README's table; read only by the test that compares it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub severity: Severity,
    /// One sentence (SARIF's `shortDescription`).
    pub summary: &'static str,
    /// The README's explanation (Markdown); read only by the test that
    /// compares the README.
    #[cfg_attr(not(test), allow(dead_code))]
    pub meaning: &'static str,
}

pub const LOAD_FAILURE: &str = "dsl.E001";
pub const CHECK_CRASH: &str = "dsl.E002";
pub const UNDECIDED: &str = "dsl.I001";
pub const REQUIRED_ENV: &str = "dsl.I002";
pub const NOQA_MOVED: &str = "dsl.I003";
pub const HARDCODED_CREDENTIAL: &str = "dsl.W001";
pub const HARDCODED_SECRET_KEY: &str = "dsl.W002";
pub const URL_CREDENTIAL: &str = "dsl.W003";
pub const HARDCODED_TOKEN: &str = "dsl.W004";

pub static OWN_CODES: &[OwnCode] = &[
    OwnCode {
        code: LOAD_FAILURE,
        severity: Severity::Error,
        summary: "Django cannot load these settings",
        meaning: "Django cannot load these settings (a statement raises on import, a syntax error, or a list setting such as `ALLOWED_HOSTS` that is not a list or tuple)",
    },
    OwnCode {
        code: CHECK_CRASH,
        severity: Severity::Error,
        summary: "One of Django's deploy checks would crash on this value",
        meaning: "one of Django's deploy checks would crash on this value (e.g. a bytes `SECRET_KEY`, a list `SECURE_CROSS_ORIGIN_OPENER_POLICY`)",
    },
    OwnCode {
        code: UNDECIDED,
        severity: Severity::Info,
        summary: "A deploy check could not be decided: the value depends on something the checker cannot see",
        meaning: "a check could not be decided: the value depends on something the evaluator cannot see",
    },
    OwnCode {
        code: REQUIRED_ENV,
        severity: Severity::Info,
        summary: "The settings require an environment variable; its value is taken as unknown",
        meaning: "the settings require an environment variable (`os.environ[\"X\"]`, `env(\"X\")` without default); its value is taken as unknown. Listed by `check --show-notes`; in the editor, shown in hover only",
    },
    OwnCode {
        code: NOQA_MOVED,
        severity: Severity::Info,
        summary: "A # noqa on line 1, where earlier releases showed findings about absent settings, still suppresses one; move it to the line named",
        meaning: "a `# noqa` on line 1, where earlier releases showed findings about absent settings, still suppresses one; it names the line to move the comment to (line 1 stops suppressing in the next release)",
    },
    OwnCode {
        code: HARDCODED_CREDENTIAL,
        severity: Severity::Warning,
        summary: "A credential written into the settings as a string literal",
        meaning: "a credential written into the settings as a string literal, found by its name: `EMAIL_HOST_PASSWORD`, `AWS_SECRET_ACCESS_KEY`, settings ending in `_PASSWORD`, `_SECRET`, `_SECRET_KEY`, `_PRIVATE_KEY`, `_TOKEN`, `_API_KEY`, and dictionary entries such as `DATABASES[...][\"PASSWORD\"]`, a cache's `\"password\"`, a provider's `\"secret\"`",
    },
    OwnCode {
        code: HARDCODED_SECRET_KEY,
        severity: Severity::Warning,
        summary: "SECRET_KEY (or a SECRET_KEY_FALLBACKS entry) written into the settings as a literal",
        meaning: "`SECRET_KEY` or a `SECRET_KEY_FALLBACKS` entry written into the settings as a literal, however strong: everyone who can read the repository can sign as the site (the `django-insecure-` key of `startproject` is Django's own `security.W009`)",
    },
    OwnCode {
        code: URL_CREDENTIAL,
        severity: Severity::Warning,
        summary: "A URL or DSN in the settings carries a hardcoded password or key",
        meaning: "a URL or DSN in any setting's value carries a password or key written into the source (`amqp://user:password@host`, `redis://:password@host`, a Sentry DSN's key), in `DATABASES`, `CACHES`, `CHANNEL_LAYERS`, Celery settings or anywhere else",
    },
    OwnCode {
        code: HARDCODED_TOKEN,
        severity: Severity::Warning,
        summary: "A token recognisable by its format is written into the settings",
        meaning: "a token recognisable by its format, whatever the setting is called: AWS access key IDs, Stripe, GitHub, GitLab, Slack, SendGrid, Mailgun, Mailchimp, Twilio, Google, npm, PyPI, Shopify, DigitalOcean, OpenAI, Anthropic, Hugging Face, Sentry and other service keys, private-key blocks, JSON Web Tokens",
    },
];

pub fn own_code(code: &str) -> Option<&'static OwnCode> {
    OWN_CODES.iter().find(|c| c.code == code)
}
