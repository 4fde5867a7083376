//! The command line, on the built binary: the formats (`concise` as it
//! always was, `full` with its code frames, `django`), the exit statuses
//! (`--fail-level`, `--exit-zero`), `--statistics`, `--config`, colour,
//! `explain`, shell completions and each subcommand's help.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::write;

fn bin(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_django-settings-lsp"));
    cmd.args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

/// A project whose settings get two warnings (W018 with a safe fix, W020)
/// and, with `errors`, an error (4_0.E001).
fn project(d: &Path, errors: bool) {
    write(
        d,
        "manage.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n",
    );
    write(d, "site1/__init__.py", "");
    let origins = if errors {
        "CSRF_TRUSTED_ORIGINS = ['shop.example.org']\n"
    } else {
        ""
    };
    write(
        d,
        "site1/settings.py",
        &format!(
            "import os\n\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nDEBUG = True\nALLOWED_HOSTS = []\n{origins}SILENCED_SYSTEM_CHECKS = ['security.W001', 'security.W002', 'security.W003']\n"
        ),
    );
}

#[test]
fn concise_is_the_default_off_a_terminal_and_text_is_concise() {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), true);
    let default = bin(t.path(), &["check", "."], &[]);
    assert_eq!(default.status.code(), Some(1));
    let out = text(&default.stdout);
    assert_eq!(
        out,
        "site1/settings.py:4:9: security.W018 DEBUG is True: never run with DEBUG on in deployment\n\
         site1/settings.py:5:17: security.W020 ALLOWED_HOSTS is []: Django answers no request in deployment until it lists the site's host names\n\
         site1/settings.py:6:24: 4_0.E001 CSRF_TRUSTED_ORIGINS entry 'shop.example.org' has no scheme: since Django 4.0 each origin starts with one (https://www.example.com)\n\
         Found 1 error and 2 warnings in 1 settings module.\n"
    );
    for args in [
        &["check", "--format", "text", "."][..],
        &["check", "--output-format", "concise", "."],
        &["check", "--format=concise", "."],
    ] {
        assert_eq!(text(&bin(t.path(), args, &[]).stdout), out, "{args:?}");
    }
    // Forcing colour does not colour the concise form.
    let forced = bin(t.path(), &["check", "."], &[("FORCE_COLOR", "1")]);
    assert_eq!(text(&forced.stdout), out);
}

#[test]
fn full_shows_each_finding_in_its_source_with_the_fix_and_the_docs() {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), false);
    let o = bin(t.path(), &["check", "--output-format", "full", "."], &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    let w018 = "warning[security.W018]: DEBUG is True: never run with DEBUG on in deployment\n \
                --> site1/settings.py:4:9\n  |\n4 | DEBUG = True\n  |         ^^^^\n";
    assert!(out.contains(w018), "{out}");
    assert!(out.contains("help: `--fix` fixes this"), "{out}");
    assert!(
        out.contains(
            "note: documentation: https://docs.djangoproject.com/en/6.1/ref/settings/#debug"
        ),
        "{out}"
    );
    assert!(
        out.contains("\n5 | ALLOWED_HOSTS = []\n  |                 ^^\n"),
        "{out}"
    );
    assert!(out.contains("`--fix --unsafe-fixes` fixes this"), "{out}");
    assert!(
        out.ends_with("Found 0 errors and 2 warnings in 1 settings module.\n1 fixable with `--fix` (1 more with `--fix --unsafe-fixes`).\n"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "no colour off a terminal");
    // Colour when forced, never under NO_COLOR.
    let coloured = bin(
        t.path(),
        &["check", "--output-format", "full", "."],
        &[("FORCE_COLOR", "1")],
    );
    assert!(text(&coloured.stdout).contains('\x1b'));
    let coloured = bin(
        t.path(),
        &["check", "--output-format", "full", "."],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(text(&coloured.stdout).contains('\x1b'));
    let plain = bin(
        t.path(),
        &["check", "--output-format", "full", "."],
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")],
    );
    assert_eq!(text(&plain.stdout), out);
}

#[test]
fn a_finding_in_a_base_module_is_framed_there() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "conf/__init__.py", "");
    write(d, "conf/base.py", "X = 1\nDEBUG = True\n");
    write(
        d,
        "conf/prod.py",
        "from .base import *\nALLOWED_HOSTS = ['a.example']\n",
    );
    let o = bin(
        d,
        &[
            "check",
            "--format",
            "full",
            "--select",
            "security.W018",
            "conf/prod.py",
        ],
        &[],
    );
    let out = text(&o.stdout);
    assert!(out.contains("--> conf/base.py:2:9\n"), "{out}");
    assert!(out.contains("\n2 | DEBUG = True\n"), "{out}");
}

#[test]
fn fail_level_and_exit_zero_decide_the_exit_status() {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), false);
    let status = |args: &[&str]| bin(t.path(), args, &[]).status.code();
    assert_eq!(status(&["check", "."]), Some(1), "warnings fail by default");
    assert_eq!(status(&["check", "--fail-level", "warning", "."]), Some(1));
    assert_eq!(status(&["check", "--fail-level", "error", "."]), Some(0));
    assert_eq!(status(&["check", "--exit-zero", "."]), Some(0));
    assert_eq!(status(&["check", "--exit-zero", "missing.py"]), Some(2));
    // Django's own default: only errors fail.
    assert_eq!(
        status(&["check", "--output-format", "django", "."]),
        Some(0)
    );
    assert_eq!(
        status(&[
            "check",
            "--output-format",
            "django",
            "--fail-level",
            "warning",
            "."
        ]),
        Some(1)
    );
    project(t.path(), true);
    assert_eq!(status(&["check", "--fail-level", "error", "."]), Some(1));
    assert_eq!(
        status(&["check", "--output-format", "django", "."]),
        Some(1)
    );
    assert_eq!(
        status(&["check", "--output-format", "django", "--exit-zero", "."]),
        Some(0)
    );
}

#[test]
fn the_django_format_frames_each_module_as_django_does() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "conf/__init__.py", "");
    write(
        d,
        "conf/settings.py",
        "SECRET_KEY = 'x'\nDEBUG = True\nSILENCED_SYSTEM_CHECKS = ['security.W001', 'security.W002', 'security.W003', 'security.W009']\nALLOWED_HOSTS = ['a.example']\n",
    );
    // A hardcoded secret is ours (dsl.W002), never Django's.
    let o = bin(
        d,
        &["check", "--output-format", "django", "conf/settings.py"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o.stdout), "");
    assert_eq!(
        text(&o.stderr),
        "System check identified some issues:\n\nWARNINGS:\n?: (security.W018) You should not have DEBUG set to True in deployment.\n\nSystem check identified 1 issue (4 silenced).\n"
    );
    // `# noqa` and the configuration silence too; with no issue left,
    // the one line goes to stdout.
    let o = bin(
        d,
        &[
            "check",
            "--output-format",
            "django",
            "--ignore",
            "security.W018",
            "conf/settings.py",
        ],
        &[],
    );
    assert_eq!(
        text(&o.stdout),
        "System check identified no issues (5 silenced).\n"
    );
    assert_eq!(text(&o.stderr), "");
    // Several modules: each block under its module's path.
    write(
        d,
        "conf/other.py",
        "from .settings import *\nDEBUG = False\n",
    );
    let o = bin(
        d,
        &[
            "check",
            "--output-format",
            "django",
            "conf/settings.py",
            "conf/other.py",
        ],
        &[],
    );
    assert_eq!(
        text(&o.stdout),
        "conf/other.py:\nSystem check identified no issues (4 silenced).\n"
    );
    assert!(
        text(&o.stderr).starts_with("conf/settings.py:\nSystem check identified some issues:\n")
    );
    // Settings Django cannot load: no Django output, a failure.
    write(d, "conf/broken.py", "ALLOWED_HOSTS = 'a.example'\n");
    let o = bin(
        d,
        &["check", "--output-format", "django", "conf/broken.py"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("dsl.E001"), "{}", text(&o.stderr));
}

#[test]
fn statistics_count_the_findings_per_code() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(
        d,
        "a/settings.py",
        "DEBUG = True\nSECRET_KEY_FALLBACKS = ['a', 'b', 'c']\nMIDDLEWARE = []\nALLOWED_HOSTS = ['x']\nimport os\nSECRET_KEY = os.environ['K']\n",
    );
    let o = bin(d, &["check", "--statistics", "a/settings.py"], &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "3\tsecurity.W025\t[ ] SECRET_KEY_FALLBACKS: expects every SECRET_KEY_FALLBACKS entry a strong key"
    );
    assert!(
        lines.contains(&"1\tsecurity.W018\t[*] DEBUG: expects DEBUG = False in deployment"),
        "{out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("1\tsecurity.W001\t[-] ")),
        "{out}"
    );
    assert_eq!(lines.len(), 5, "W025, W001, W002, W003, W018: {out}");
    let o = bin(
        d,
        &["check", "--statistics", "--format", "json", "a/settings.py"],
        &[],
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json[0]["code"], "security.W025");
    assert_eq!(json[0]["count"], 3);
}

#[test]
fn a_config_file_replaces_the_nearest_pyproject() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    project(d, false);
    write(
        d,
        "pyproject.toml",
        "[tool.django-settings-lsp]\nignore = ['security.W020']\n",
    );
    let codes = |args: &[&str]| {
        let o = bin(d, args, &[]);
        let out = text(&o.stdout);
        (
            o.status.code(),
            out.lines()
                .filter_map(|l| l.split(' ').nth(1).map(String::from))
                .filter(|c| c.contains('.'))
                .collect::<Vec<_>>(),
            text(&o.stderr),
        )
    };
    let (_, found, _) = codes(&["check", "."]);
    assert_eq!(found, ["security.W018"], "the project's pyproject.toml");
    write(d, "ci/strict.toml", "select = ['security.W020']\n");
    let (_, found, _) = codes(&["check", "--config", "ci/strict.toml", "."]);
    assert_eq!(
        found,
        ["security.W020"],
        "the file's keys, not the pyproject's"
    );
    write(
        d,
        "ci/pyproject.toml",
        "[tool.django-settings-lsp]\nignore = ['security']\n",
    );
    let (status, found, _) = codes(&["check", "--config", "ci/pyproject.toml", "."]);
    assert_eq!((status, found.len()), (Some(0), 0));
    // The flags still win over the file.
    let (_, found, _) = codes(&[
        "check",
        "--config",
        "ci/strict.toml",
        "--select",
        "security.W018",
        ".",
    ]);
    assert_eq!(found, ["security.W018"]);
    write(d, "ci/other/pyproject.toml", "[project]\nname = 'x'\n");
    let (status, _, err) = codes(&["check", "--config", "ci/other/pyproject.toml", "."]);
    assert_eq!(status, Some(2));
    assert!(err.contains("no [tool.django-settings-lsp] table"), "{err}");
    let (status, _, err) = codes(&["check", "--config", "ci/none.toml", "."]);
    assert_eq!(status, Some(2), "{err}");
    write(d, "ci/typo.toml", "selct = ['security']\n");
    let (_, _, err) = codes(&["check", "--config", "ci/typo.toml", "."]);
    assert!(
        err.contains("ci/typo.toml: unknown setting \"selct\""),
        "{err}"
    );
}

#[test]
fn explain_and_its_errors() {
    let t = tempfile::tempdir().unwrap();
    let o = bin(t.path(), &["explain", "security.W018"], &[]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(
        out.starts_with("security.W018 (warning, on DEBUG)\n"),
        "{out}"
    );
    let o = bin(t.path(), &["explain", "dsl.W003"], &[]);
    assert_eq!(o.status.code(), Some(0));
    let o = bin(t.path(), &["explain", "security.W1018"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("did you mean security.W018"),
        "{}",
        text(&o.stderr)
    );
    assert!(o.stdout.is_empty());
    assert_eq!(bin(t.path(), &["explain"], &[]).status.code(), Some(2));
}

#[test]
fn completions_for_each_shell() {
    let t = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let o = bin(t.path(), &["completions", shell], &[]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let out = text(&o.stdout);
        for word in [
            "django-settings-lsp",
            "explain",
            "output-format",
            "fail-level",
        ] {
            assert!(out.contains(word), "{shell}: no {word}");
        }
    }
    assert_eq!(
        bin(t.path(), &["completions", "tcsh"], &[]).status.code(),
        Some(2)
    );
}

#[test]
fn help_and_version() {
    let t = tempfile::tempdir().unwrap();
    let o = bin(t.path(), &["--version"], &[]);
    assert_eq!(
        text(&o.stdout),
        format!("django-settings-lsp {}\n", env!("CARGO_PKG_VERSION"))
    );
    for (args, wants) in [
        (&["--help"][..], "completions"),
        (&["help"], "explain"),
        (&["check", "--help"], "--output-format <FORMAT>"),
        (&["help", "check"], "--fail-level <LEVEL>"),
        (&["explain", "--help"], "<CODE>"),
        (&["completions", "--help"], "<SHELL>"),
        (&["serve", "--help"], "--stdio"),
    ] {
        let o = bin(t.path(), args, &[]);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(
            text(&o.stdout).contains(wants),
            "{args:?}: {}",
            text(&o.stdout)
        );
    }
    let o = bin(t.path(), &["frobnicate"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("frobnicate"));
}

/// Modules are analysed on several threads; the output is the same, byte
/// for byte, as on one, for every format that lists findings.
#[test]
fn the_output_does_not_depend_on_the_number_of_threads() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/differential/cases");
    let cases = cases.to_string_lossy().to_string();
    for format in ["concise", "json", "sarif", "django"] {
        let args = [
            "check",
            "--output-format",
            format,
            "--show-notes",
            cases.as_str(),
        ];
        let one = bin(
            Path::new("."),
            &args,
            &[("DJANGO_SETTINGS_LSP_THREADS", "1")],
        );
        let many = bin(
            Path::new("."),
            &args,
            &[("DJANGO_SETTINGS_LSP_THREADS", "4")],
        );
        assert!(!one.stdout.is_empty(), "{format}: {}", text(&one.stderr));
        assert_eq!(text(&one.stdout), text(&many.stdout), "{format}");
        assert_eq!(text(&one.stderr), text(&many.stderr), "{format}");
        assert_eq!(one.status.code(), many.status.code(), "{format}");
    }
}
