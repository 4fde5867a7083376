//! Our own codes, in the `dsl.` namespace, beside Django's: what Django
//! would say but cannot print itself (its settings do not load, one of its
//! checks crashes), what could not be decided, and hardcoded credentials.
//! The README's table of codes and the SARIF rule descriptions are made
//! from this table (`code_table_markdown`; a test compares the README).

use super::Severity;

pub struct OwnCode {
    pub code: &'static str,
    pub severity: Severity,
    /// One sentence (SARIF's `shortDescription`).
    pub summary: &'static str,
    /// The README's explanation and `explain`'s "what it reports" (Markdown).
    pub meaning: &'static str,
    /// Why it matters, in plain English (`explain`).
    pub why: &'static str,
    /// How to fix it (`explain`).
    pub fix: &'static str,
    /// Django's documentation on the subject, as a path below a release's
    /// documentation root (as `CheckDef::docs`).
    pub docs: Option<&'static str>,
}

pub const LOAD_FAILURE: &str = "dsl.E001";
pub const CHECK_CRASH: &str = "dsl.E002";
pub const UNDECIDED: &str = "dsl.I001";
pub const REQUIRED_ENV: &str = "dsl.I002";
pub const NOQA_MOVED: &str = "dsl.I003";
pub const RELEASE_UNKNOWN: &str = "dsl.I004";
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
        why: "Django itself would stop before running any check: `manage.py`, the WSGI server and every management command fail to start with these settings.",
        fix: "Read the message: make the statement that raises work without the project's environment, correct the syntax error, or make the list setting a list or a tuple.",
        docs: Some("ref/settings/"),
    },
    OwnCode {
        code: CHECK_CRASH,
        severity: Severity::Error,
        summary: "One of Django's deploy checks would crash on this value",
        meaning: "one of Django's deploy checks would crash on this value (e.g. a bytes `SECRET_KEY`, a list `SECURE_CROSS_ORIGIN_OPENER_POLICY`)",
        why: "`check --deploy` stops with a traceback on this value instead of reporting, and a value Django's check cannot handle is most likely wrong for the running site as well.",
        fix: "Give the setting a value of the type Django documents for it (a string for SECRET_KEY, a string or None for SECURE_CROSS_ORIGIN_OPENER_POLICY, a list or tuple of strings for SECRET_KEY_FALLBACKS and CSRF_TRUSTED_ORIGINS).",
        docs: Some("ref/settings/"),
    },
    OwnCode {
        code: UNDECIDED,
        severity: Severity::Info,
        summary: "A deploy check could not be decided: the value depends on something the checker cannot see",
        meaning: "a check could not be decided: the value depends on something the evaluator cannot see",
        why: "The checker reads the settings without running the project: a value that comes from a file, a database, code it cannot run or a library it does not model is unknown to it, so the check is neither passed nor failed. Django itself would decide it when the project runs.",
        fix: "Nothing needs fixing as such. For a verdict, write the value so that it can be read from the source (a literal, or an environment read with a default), or run Django's own `manage.py check --deploy` in an environment like production's.",
        docs: Some("ref/django-admin/#check"),
    },
    OwnCode {
        code: REQUIRED_ENV,
        severity: Severity::Info,
        summary: "The settings require an environment variable; its value is taken as unknown",
        meaning: "the settings require an environment variable (`os.environ[\"X\"]`, `env(\"X\")` without default); its value is taken as unknown. Listed by `check --show-notes`; in the editor, shown in hover only",
        why: "Django cannot start without the variable, so the deployment must set it; the checks that depend on its value are left undecided.",
        fix: "Make sure the deployment's environment sets the variable; the settings need no change.",
        docs: Some("howto/deployment/checklist/"),
    },
    OwnCode {
        code: NOQA_MOVED,
        severity: Severity::Info,
        summary: "A # noqa on line 1, where earlier releases showed findings about absent settings, still suppresses one; move it to the line named",
        meaning: "a `# noqa` on line 1, where earlier releases showed findings about absent settings, still suppresses one; it names the line to move the comment to (line 1 stops suppressing in the next release)",
        why: "From the next release, a `# noqa` on line 1 no longer suppresses findings shown on another line, and the finding it hides now comes back.",
        fix: "Move the `# noqa: CODE` comment to the line the note names (the reason Django runs the check).",
        docs: None,
    },
    OwnCode {
        code: RELEASE_UNKNOWN,
        severity: Severity::Info,
        summary: "Nothing says which Django release the project runs; it is judged by the newest",
        meaning: "nothing says which Django release the project runs (no `django-version`, no Django in its virtualenv, none in its dependency files), so it is judged by the newest supported release. Listed by `check --show-notes`; in the editor, shown in hover only",
        why: "The checks, their defaults and what stops Django from loading differ between releases (Django 6.1 adds mail.E001, 6.0 security.E026; 4.2 lacks auth.E013): judged by the wrong release, a module can get findings its Django never prints, or miss some it does.",
        fix: "Say which release the project runs: `django-version = \"5.2\"` in `[tool.django-settings-lsp]`, `check --django-version 5.2`, or declare Django in the project's requirements or pyproject.toml.",
        docs: Some("releases/"),
    },
    OwnCode {
        code: HARDCODED_CREDENTIAL,
        severity: Severity::Warning,
        summary: "A credential written into the settings as a string literal",
        meaning: "a credential written into the settings as a string literal, found by its name: `EMAIL_HOST_PASSWORD`, `AWS_SECRET_ACCESS_KEY`, settings ending in `_PASSWORD`, `_SECRET`, `_SECRET_KEY`, `_PRIVATE_KEY`, `_TOKEN`, `_API_KEY`, and dictionary entries such as `DATABASES[...][\"PASSWORD\"]`, a cache's `\"password\"`, a provider's `\"secret\"`",
        why: "Everyone who can read the repository, its history, forks, backups or CI logs has the credential, and changing it means changing the code.",
        fix: "Read it from the environment (`os.environ[\"NAME\"]` or the project's settings library) or a secrets manager, and rotate the credential that was committed. `check --fix --unsafe-fixes` writes the read and adds the variable to the project's example environment file.",
        docs: Some("howto/deployment/checklist/#critical-settings"),
    },
    OwnCode {
        code: HARDCODED_SECRET_KEY,
        severity: Severity::Warning,
        summary: "SECRET_KEY (or a SECRET_KEY_FALLBACKS entry) written into the settings as a literal",
        meaning: "`SECRET_KEY` or a `SECRET_KEY_FALLBACKS` entry written into the settings as a literal, however strong: everyone who can read the repository can sign as the site (the `django-insecure-` key of `startproject` is Django's own `security.W009`)",
        why: "The key signs sessions, password-reset tokens and other signed data: written into the settings, it lets everyone who can read the repository forge them, however strong it is.",
        fix: "Read SECRET_KEY from the environment or a secrets manager (`os.environ[\"DJANGO_SECRET_KEY\"]`), generate a new key for production, and keep the committed one only where it is harmless (local development). `check --fix --unsafe-fixes` writes the read.",
        docs: Some("howto/deployment/checklist/#critical-settings"),
    },
    OwnCode {
        code: URL_CREDENTIAL,
        severity: Severity::Warning,
        summary: "A URL or DSN in the settings carries a hardcoded password or key",
        meaning: "a URL or DSN in any setting's value carries a password or key written into the source (`amqp://user:password@host`, `redis://:password@host`, a Sentry DSN's key), in `DATABASES`, `CACHES`, `CHANNEL_LAYERS`, Celery settings or anywhere else",
        why: "The password or key in the URL gives access to the service (database, broker, cache, error tracker) to everyone who can read the repository.",
        fix: "Read the whole URL from the environment (`DATABASE_URL`, `CELERY_BROKER_URL`, ...) and rotate the password that was committed. `check --fix --unsafe-fixes` writes the read.",
        docs: Some("howto/deployment/checklist/#critical-settings"),
    },
    OwnCode {
        code: HARDCODED_TOKEN,
        severity: Severity::Warning,
        summary: "A token recognisable by its format is written into the settings",
        meaning: "a token recognisable by its format, whatever the setting is called: AWS access key IDs, Stripe, GitHub, GitLab, Slack, SendGrid, Mailgun, Mailchimp, Twilio, Google, npm, PyPI, Shopify, DigitalOcean, OpenAI, Anthropic, Hugging Face, Sentry and other service keys, private-key blocks, JSON Web Tokens",
        why: "A token in the source is as good as published: services and attackers scan repositories for these formats, and anyone who finds it can act as your account.",
        fix: "Revoke the token at the service, issue a new one and read it from the environment or a secrets manager. `check --fix --unsafe-fixes` writes the read.",
        docs: Some("howto/deployment/checklist/#critical-settings"),
    },
];

pub fn own_code(code: &str) -> Option<&'static OwnCode> {
    OWN_CODES.iter().find(|c| c.code == code)
}
