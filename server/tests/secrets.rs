//! Secrets and safety: no diagnostic, hover, code action, log line (at
//! trace level), CLI output (text or JSON) or error message carries the
//! value of a secret key or credential from the analysed files; and the
//! server never starts another program (no Python: it never imports or runs
//! the project).

use crate::binary_client;
use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use binary_client::Bin;
use common::{uri, write};
use serde_json::{json, Value};

/// The random parts of the secrets below: none of them, nor any 8
/// characters of one, may appear in any output.
const SECRETS: &[&str] = &[
    "Kq3vZ8wPx1LmN0rT5yB7cD2fG4hJ6kA9sE",
    "hunter2Q7WpXz",
    "mailPw9Rt5Yx",
    "AKIAzZ8Qp4Lm0Xw",
    "ghpTok5Wq8Zr3Lx",
    "stripeK4y7Vn2Bq",
    "sentryS3cr9Mz",
    "envDefaultK7Zq1Wx9",
    "fbkK2Lp8QzR4",
    "dotenvS8Hq2Vw5",
    "bsmP4ss9ZkW2",
    "weakKy7Q",
    "dcpD3f4Ult9Xq",
    // Secret by format, under names that say nothing.
    "AKIAQ4ZV7LMX2WPN3KRT",
    "brkPw7Lq2Zx",
    "ghp_Wm4Lq8Zx2Vb7Nc1Rd5Hs9Jk3Gf6Ty0Pe4Ua8",
];

fn assert_clean(what: &str, output: &str) {
    for s in SECRETS {
        let chars: Vec<char> = s.chars().collect();
        for w in chars.windows(8) {
            let needle: String = w.iter().collect();
            if let Some(i) = output.find(&needle) {
                let lo = output[..i]
                    .char_indices()
                    .rev()
                    .nth(80)
                    .map_or(0, |(j, _)| j);
                let hi = (i + 160).min(output.len());
                let hi = (hi..=output.len())
                    .find(|&k| output.is_char_boundary(k))
                    .unwrap();
                panic!(
                    "{what} shows (part of) the secret {s:?}: ...{}...",
                    &output[lo..hi]
                );
            }
        }
    }
}

/// A split-settings project with secrets in every place settings hold them.
fn project(d: &Path) {
    write(
        d,
        "manage.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'conf.settings')\n",
    );
    write(d, "conf/__init__.py", "");
    write(
        d,
        "conf/wsgi.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'conf.settings')\n",
    );
    write(
        d,
        ".env",
        "DJANGO_SECRET_KEY=dotenvS8Hq2Vw5\nDATABASE_URL=postgres://u:dotenvS8Hq2Vw5@db/x\n",
    );
    write(
        d,
        "conf/base.py",
        "BASE_PASSWORD = 'bsmP4ss9ZkW2'\nSOCIAL_AUTH_GITHUB_SECRET = 'bsmP4ss9ZkW2'\nMIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\n",
    );
    write(
        d,
        "conf/settings.py",
        r#"import os
from decouple import config
from .base import *  # noqa

SECRET_KEY = "django-insecure-Kq3vZ8wPx1LmN0rT5yB7cD2fG4hJ6kA9sE"
SECRET_KEY_FALLBACKS = ["fbkK2Lp8QzR4", os.environ.get("OLD_KEY", "envDefaultK7Zq1Wx9")]
DEBUG = False
ALLOWED_HOSTS = ["example.com"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "PASSWORD": "hunter2Q7WpXz",
    },
    "replica": {"PASSWORD": os.getenv("REPLICA_PASSWORD", "hunter2Q7WpXz")},
}
EMAIL_HOST_PASSWORD = "mailPw9Rt5Yx"
AWS_SECRET_ACCESS_KEY = "AKIAzZ8Qp4Lm0Xw"
GITHUB_TOKEN = "ghpTok5Wq8Zr3Lx"
AWS_ACCESS_KEY_ID = "AKIAQ4ZV7LMX2WPN3KRT"
CELERY_BROKER_URL = "amqp://worker:brkPw7Lq2Zx@rabbit//"
DEPLOY_HOOK = {"github": "ghp_Wm4Lq8Zx2Vb7Nc1Rd5Hs9Jk3Gf6Ty0Pe4Ua8"}
STRIPE_API_KEY = "stripeK4y7Vn2Bq"
SENTRY_SECRET = "sentryS3cr9Mz"
CACHE_PASSWORD = os.environ.get("CACHE_PASSWORD", "envDefaultK7Zq1Wx9")
OTHER_SECRET_KEY = config("OTHER_SECRET_KEY", default="dcpD3f4Ult9Xq")
if not DEBUG:
    SESSION_COOKIE_SECURE = True
"#,
    );
    write(
        d,
        "conf/staging.py",
        "from .settings import *\nSECRET_KEY = 'weakKy7Q'\nDEBUG = True\n",
    );
}

fn cli(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_django-settings-lsp"))
        .args(args)
        .current_dir(dir)
        .env("DJANGO_SETTINGS_LSP_LOG", "trace")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "{args:?} crashed");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn cli_output_never_contains_a_secret() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    project(d);
    let mut seen_w001 = false;
    for args in [
        &["check", "conf/settings.py"][..],
        &[
            "check",
            "--show-notes",
            "conf/settings.py",
            "conf/staging.py",
        ],
        &[
            "check",
            "--format",
            "json",
            "--show-notes",
            "conf/settings.py",
            "conf/staging.py",
            "conf/base.py",
        ],
        &["check", "--show-notes", "."],
        &[
            "check",
            "--output-format",
            "full",
            "--show-notes",
            "conf/settings.py",
            "conf/staging.py",
            "conf/base.py",
        ],
        &["check", "--output-format", "full", "--show-notes", "."],
        &["check", "--output-format", "django", "."],
        &["check", "--statistics", "--show-notes", "."],
        &[
            "check",
            "--select",
            "dsl.",
            "--show-notes",
            "conf/staging.py",
        ],
        &["check", "--nope", "conf/settings.py"],
        &["check", "conf/missing.py"],
        // The environment contract shows defaults, never a secret one.
        &["env", "conf/settings.py", "conf/staging.py"],
        &["env", "--format", "json", "conf/settings.py"],
        &["env", "--format", "dotenv", "."],
    ] {
        let out = cli(d, args);
        seen_w001 |= out.contains("dsl.W001");
        assert_clean(&format!("`{}`", args.join(" ")), &out);
    }
    assert!(seen_w001, "the credentials were found (and described)");
}

/// The whole editor session on the built binary, logging at trace level:
/// diagnostics, hover on every name, completion, code actions (titles and
/// edits) for every line, edits that add secrets, stderr.
#[test]
fn lsp_session_at_trace_level_never_shows_a_secret() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    project(d);
    let settings = d.join("conf/settings.py");
    let staging = d.join("conf/staging.py");
    let base = d.join("conf/base.py");
    let mut b = Bin::spawn(&[("DJANGO_SETTINGS_LSP_LOG", "trace")]);
    b.initialize(json!({"general": {"positionEncodings": ["utf-8"]}, "workspace": {"configuration": true, "workspaceEdit": {"documentChanges": true}}}));
    let mut everything = String::new();
    for path in [&settings, &staging, &base] {
        let text = std::fs::read_to_string(path).unwrap();
        let u = uri(path);
        b.open(&u, 1, &text);
        for (line, content) in text.lines().enumerate() {
            // Every word start, and the end of the line.
            let mut cols: Vec<usize> = content
                .char_indices()
                .filter(|(i, c)| {
                    c.is_alphabetic()
                        && (*i == 0 || !content.as_bytes()[i - 1].is_ascii_alphanumeric())
                })
                .map(|(i, _)| i)
                .collect();
            cols.push(content.len());
            for col in cols {
                let pos = json!({"textDocument": {"uri": u}, "position": {"line": line, "character": col}});
                let r = b.request("textDocument/hover", pos.clone());
                everything.push_str(&r.to_string());
                let r = b.request("textDocument/completion", pos);
                everything.push_str(&r.to_string());
            }
            for only in [Value::Null, json!(["source.fixAll.django-settings"])] {
                let mut context = json!({"diagnostics": []});
                if !only.is_null() {
                    context["only"] = only;
                }
                let r = b.request(
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": u}, "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": content.len()}}, "context": context}),
                );
                everything.push_str(&r.to_string());
            }
        }
    }
    // An edit that adds a credential, then one that breaks the module.
    let u = uri(&staging);
    b.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "REDIS_PASSWORD = 'hunter2Q7WpXz'\nX = {}['weakKy7Q' if False else 'k']\n"}]}),
    );
    b.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": u}, "text": "SECRET_KEY = 'weakKy7Q'\nDEBUG = (\n"}),
    );
    b.wait_for(|n| {
        n["method"] == "textDocument/publishDiagnostics"
            && n["params"]["uri"] == u.as_str()
            && n["params"]["version"] == 2
    });
    b.request("shutdown", Value::Null);
    b.drain(Duration::from_millis(300));
    for n in &b.notifications {
        everything.push_str(&n.to_string());
    }
    for r in &b.server_requests {
        everything.push_str(&r.to_string());
    }
    assert!(
        everything.contains("dsl.W001"),
        "credentials were diagnosed"
    );
    assert!(everything.contains("SECRET_KEY"), "hovers were answered");
    assert_clean("LSP messages", &everything);
    let stderr = b.stderr();
    assert!(
        stderr.contains("TRACE") || stderr.contains("DEBUG"),
        "logging at trace level: {stderr}"
    );
    assert_clean("stderr at trace level", &stderr);
}

/// A secret's value must not reach a message through another value: a
/// `KeyError` naming it, an environment variable named by it, a setting
/// assigned from it.
#[test]
fn secret_values_do_not_leak_through_derived_values() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "manage.py", "");
    write(d, "pkg/__init__.py", "");
    let cases = [
        ("keyerror.py", "SECRET_KEY = 'Kq3vZ8wPx1LmN0rT5yB7cD2fG4hJ6kA9sE'\nLOOKUP = {}[SECRET_KEY]\n"),
        ("bytes_keyerror.py", "SECRET_KEY = b'Kq3vZ8wPx1LmN0rT5yB7cD2fG4hJ6kA9sE'\nLOOKUP = {}[SECRET_KEY]\n"),
        ("environ.py", "import os\nAPI_TOKEN = 'ghpTok5Wq8Zr3Lx'\nX = os.environ[API_TOKEN]\n"),
        ("debug.py", "API_TOKEN = 'ghpTok5Wq8Zr3Lx'\nDEBUG = API_TOKEN\n"),
        ("referrer.py", "EMAIL_HOST_PASSWORD = 'mailPw9Rt5Yx'\nSECURE_REFERRER_POLICY = EMAIL_HOST_PASSWORD\nMIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\n"),
        // Secret by the one predicate hover used to hide it with, which the
        // messages did not know (`*_KEY`, a secret-named dictionary key).
        ("stripe.py", "STRIPE_KEY = 'stripeK4y7Vn2Bq'\nDEBUG = STRIPE_KEY\n"),
        // Secret by format only: the names say nothing.
        ("format_debug.py", "AWS_ACCESS_KEY_ID = 'AKIAQ4ZV7LMX2WPN3KRT'\nDEBUG = AWS_ACCESS_KEY_ID\n"),
        ("url_debug.py", "CELERY_BROKER_URL = 'amqp://u:brkPw7Lq2Zx@h//'\nDEBUG = CELERY_BROKER_URL + '/1'\n"),
        ("url_keyerror.py", "DATABASE_URL = 'postgres://u:brkPw7Lq2Zx@h/db'\nX = {}[DATABASE_URL]\n"),
        ("token_concat.py", "GH = 'ghp_Wm4Lq8Zx2Vb7Nc1Rd5Hs9Jk3Gf6Ty0Pe4Ua8'\nSECURE_REFERRER_POLICY = 'x-' + GH\nMIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\n"),
        ("cache_options.py", "CACHES = {'default': {'OPTIONS': {'api_token': 'ghpTok5Wq8Zr3Lx'}}}\nDEBUG = CACHES['default']['OPTIONS']['api_token']\n"),
    ];
    let mut leaks = vec![];
    for (name, text) in cases {
        write(d, &format!("pkg/{name}"), text);
        let module = format!("pkg/{name}");
        let mut out = String::new();
        for format in ["json", "full"] {
            out.push_str(&cli(
                d,
                &["check", "--show-notes", "--format", format, &module],
            ));
        }
        if let Err(e) = std::panic::catch_unwind(|| assert_clean(name, &out)) {
            leaks.push(
                e.downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| name.to_string()),
            );
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

/// Hover hid `STRIPE_KEY`'s value but showed it on `DEBUG = STRIPE_KEY`:
/// what is secret is decided once, and hover goes through the same
/// redaction as the messages.
#[test]
fn hover_hides_a_secret_shown_through_another_setting() {
    use django_settings_lsp::{evaluate, hover_markdown, DiskSources};
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "manage.py", "");
    let path = write(
        d,
        "settings.py",
        "STRIPE_KEY = 'stripeK4y7Vn2Bq'\nDEBUG = STRIPE_KEY\nEXTRA = {'password': 'hunter2Q7WpXz'}\nMIRROR = EXTRA['password']\n",
    );
    let sources = DiskSources::new();
    let eval = evaluate(&path, &sources).unwrap();
    for name in ["STRIPE_KEY", "DEBUG", "EXTRA", "MIRROR"] {
        let md = hover_markdown(&eval, name, &sources).unwrap_or_default();
        assert_clean(&format!("hover on {name}"), &md);
    }
}

/// Fake `python`, `python3`, ... first on PATH record any call; the CLI and
/// a whole editor session (on settings that mention Python, subprocess and
/// Django) must not make one, and under `strace -f` (when installed) the
/// binary is the only program ever executed.
#[cfg(unix)]
#[test]
fn the_server_never_runs_python_or_any_other_program() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("project");
    project(&d);
    write(
        &d,
        "conf/settings.py",
        "import os, subprocess, sys\nimport django\nfrom django.core.management.utils import get_random_secret_key\nSECRET_KEY = get_random_secret_key()\nos.system('python3 -c pass')\nsubprocess.run([sys.executable, '-c', 'pass'])\nexec(open('x.py').read())\nfrom .base import *\nDEBUG = True\n",
    );
    let bin = t.path().join("fakebin");
    std::fs::create_dir_all(&bin).unwrap();
    let called = t.path().join("called");
    for name in [
        "python",
        "python3",
        "python3.11",
        "python3.12",
        "python3.13",
        "django-admin",
        "sh",
        "bash",
    ] {
        let p = bin.join(name);
        std::fs::write(
            &p,
            format!("#!/bin/sh\necho {name} >> '{}'\nexit 1\n", called.display()),
        )
        .unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let exe = env!("CARGO_BIN_EXE_django-settings-lsp");
    let session = |wrap: Option<&Path>| {
        let out = {
            let mut cmd = match wrap {
                Some(log) => {
                    let mut c = Command::new("strace");
                    c.args(["-f", "-qq", "-e", "trace=execve,execveat", "-o"])
                        .arg(log)
                        .arg(exe);
                    c
                }
                None => Command::new(exe),
            };
            cmd.args(["check", "--show-notes", "."])
                .current_dir(&d)
                .env("PATH", &path)
                .output()
                .unwrap()
        };
        assert!(out.status.code().is_some());
        let mut b = Bin::spawn_with(
            &[("PATH", &path), ("DJANGO_SETTINGS_LSP_LOG", "trace")],
            |cmd| {
                if let Some(log) = wrap {
                    let mut c = Command::new("strace");
                    c.args(["-f", "-qq", "-e", "trace=execve,execveat", "-o"])
                        .arg(log.with_extension("lsp"))
                        .arg(exe)
                        .stdin(Stdio::piped())
                        .stdout(Stdio::piped())
                        .stderr(Stdio::piped())
                        .env("PATH", &path);
                    *cmd = c;
                }
            },
        );
        b.initialize(json!({"workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}}}));
        let s = d.join("conf/settings.py");
        let u = uri(&s);
        b.open(&u, 1, &std::fs::read_to_string(&s).unwrap());
        b.wait_for(|n| n["method"] == "textDocument/publishDiagnostics");
        b.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": {"line": 3, "character": 2}}),
        );
        b.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 8, "character": 0}}, "context": {"diagnostics": []}}),
        );
        b.notify("textDocument/didSave", json!({"textDocument": {"uri": u}}));
        b.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": u, "type": 2}]}),
        );
        b.request("shutdown", Value::Null);
        b.notify("exit", Value::Null);
        assert!(b.wait_exit(Duration::from_secs(20)).is_some());
    };
    session(None);
    assert!(
        !called.exists(),
        "the server ran: {}",
        std::fs::read_to_string(&called).unwrap_or_default()
    );
    let has_strace = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_strace {
        eprintln!("strace is not installed: only the fake-PATH check ran");
        return;
    }
    let log = t.path().join("execve.log");
    session(Some(&log));
    for file in [log.clone(), log.with_extension("lsp")] {
        let text = std::fs::read_to_string(&file).unwrap();
        let execs: Vec<&str> = text.lines().filter(|l| l.contains("execve")).collect();
        assert_eq!(
            execs.len(),
            1,
            "only the server itself is executed: {execs:#?}"
        );
        assert!(execs[0].contains("django-settings-lsp"), "{execs:?}");
    }
    assert!(!called.exists());
}
