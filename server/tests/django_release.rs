//! The Django release a project is judged by: `--django-version`, the
//! configuration's `django-version`, else found from the project, else
//! the newest; and what follows it (documentation links, `explain`).

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::write;

fn bin(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_django-settings-lsp"))
        .args(args)
        .current_dir(dir)
        .env_remove("VIRTUAL_ENV")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

/// A project whose settings get security.W018; `pyproject` is its
/// pyproject.toml when given.
fn project(d: &Path, pyproject: Option<&str>) {
    write(d, ".git/HEAD", "ref: refs/heads/main\n");
    write(
        d,
        "manage.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n",
    );
    write(d, "site1/__init__.py", "");
    write(
        d,
        "site1/settings.py",
        "import os\n\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nDEBUG = True\nALLOWED_HOSTS = ['example.com']\nSILENCED_SYSTEM_CHECKS = ['security.W001', 'security.W002', 'security.W003']\n",
    );
    if let Some(p) = pyproject {
        write(d, "pyproject.toml", p);
    }
}

/// The documentation link of the W018 finding `check --format full` prints.
fn w018_docs(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["check", "--format", "full"];
    args.extend_from_slice(extra);
    args.push(".");
    let o = bin(dir, &args);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    out.lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("= note: documentation: ")
                .or_else(|| l.trim().strip_prefix("note: documentation: "))
        })
        .find(|l| l.ends_with("#debug"))
        .unwrap_or_else(|| panic!("no documentation link of W018 in {out}"))
        .to_string()
}

#[test]
fn nothing_said_is_the_newest_release_and_the_flag_chooses_another() {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), None);
    assert!(w018_docs(t.path(), &[]).starts_with("https://docs.djangoproject.com/en/6.1/"));
    for v in ["4.2", "5.2", "6.0", "6.1"] {
        assert!(
            w018_docs(t.path(), &["--django-version", v])
                .starts_with(&format!("https://docs.djangoproject.com/en/{v}/")),
            "{v}"
        );
    }
}

#[test]
fn the_configuration_names_the_release_and_the_flag_wins() {
    let t = tempfile::tempdir().unwrap();
    project(
        t.path(),
        Some("[tool.django-settings-lsp]\ndjango-version = \"5.2\"\n"),
    );
    assert!(w018_docs(t.path(), &[]).starts_with("https://docs.djangoproject.com/en/5.2/"));
    assert!(w018_docs(t.path(), &["--django-version", "4.2"])
        .starts_with("https://docs.djangoproject.com/en/4.2/"));
}

#[test]
fn an_unsupported_or_malformed_release_is_refused() {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), None);
    for (v, says) in [
        ("3.2", "not a supported release"),
        ("latest", "major.minor"),
    ] {
        let o = bin(t.path(), &["check", "--django-version", v, "."]);
        assert_eq!(o.status.code(), Some(2), "{v}");
        assert!(text(&o.stderr).contains(says), "{v}: {}", text(&o.stderr));
    }
    // In the configuration: a warning, and the release is found as if unsaid.
    let t = tempfile::tempdir().unwrap();
    project(
        t.path(),
        Some("[tool.django-settings-lsp]\ndjango-version = 6.0\n"),
    );
    let o = bin(t.path(), &["check", "."]);
    assert!(
        text(&o.stderr).contains("django-version: write the release as a string"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn explain_speaks_of_the_release_asked_or_found() {
    let t = tempfile::tempdir().unwrap();
    project(
        t.path(),
        Some("[tool.django-settings-lsp]\ndjango-version = \"5.2\"\n"),
    );
    let found = text(&bin(t.path(), &["explain", "security.W018"]).stdout);
    assert!(
        found.contains("https://docs.djangoproject.com/en/5.2/ref/settings/#debug"),
        "{found}"
    );
    assert!(
        found.contains("Explained for Django 5.2, as django-version in"),
        "{found}"
    );
    let asked = text(
        &bin(
            t.path(),
            &["explain", "--django-version", "4.2", "security.W018"],
        )
        .stdout,
    );
    assert!(
        asked.contains("https://docs.djangoproject.com/en/4.2/ref/settings/#debug"),
        "{asked}"
    );
    assert!(
        asked.contains("Explained for Django 4.2, as --django-version says."),
        "{asked}"
    );
}

#[test]
fn a_release_nothing_names_is_a_note() {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), None);
    let notes = text(&bin(t.path(), &["check", "--show-notes", "."]).stdout);
    assert!(
        notes.contains("site1/settings.py:1:1: dsl.I004 Judged by Django 6.1, the newest supported release: nothing in the project says which release it runs"),
        "{notes}"
    );
    // Not a finding: without --show-notes it is not printed, and it fails nothing.
    let plain = text(&bin(t.path(), &["check", "."]).stdout);
    assert!(!plain.contains("dsl.I004"), "{plain}");
    let named = tempfile::tempdir().unwrap();
    project(
        named.path(),
        Some("[tool.django-settings-lsp]\ndjango-version = \"6.1\"\n"),
    );
    let notes = text(&bin(named.path(), &["check", "--show-notes", "."]).stdout);
    assert!(!notes.contains("dsl.I004"), "{notes}");
}

#[test]
fn the_dependency_files_and_the_environment_name_the_release() {
    // A range picks the newest supported series it allows.
    let t = tempfile::tempdir().unwrap();
    project(t.path(), None);
    write(
        t.path(),
        "requirements.txt",
        "Django>=4.2,<5.0  # LTS\npsycopg[binary]\n",
    );
    assert!(w018_docs(t.path(), &[]).starts_with("https://docs.djangoproject.com/en/4.2/"));
    let explained = text(&bin(t.path(), &["explain", "security.W018"]).stdout);
    let flat = explained.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Explained for Django 4.2:"), "{explained}");
    assert!(
        flat.contains("requirements.txt requires Django>=4.2,<5.0"),
        "{explained}"
    );
    // The Django installed in the project's virtualenv wins over it.
    write(
        t.path(),
        ".venv/lib/python3.12/site-packages/django/__init__.py",
        "from django.utils.version import get_version\n\nVERSION = (6, 0, 10, \"final\", 0)\n",
    );
    assert!(w018_docs(t.path(), &[]).starts_with("https://docs.djangoproject.com/en/6.0/"));
    // And the configuration wins over both.
    write(
        t.path(),
        "pyproject.toml",
        "[tool.django-settings-lsp]\ndjango-version = \"5.2\"\n",
    );
    assert!(w018_docs(t.path(), &[]).starts_with("https://docs.djangoproject.com/en/5.2/"));
}
