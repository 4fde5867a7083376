//! The workspace requests: `django-settings-lsp/fileRole` (a file's role
//! and why) and `django-settings-lsp/checkWorkspace` (every deploy module of
//! the workspace folders analysed, the diagnostics of those not open
//! published with those of their base modules).

use crate::common;

use std::path::Path;
use std::time::Duration;

use common::*;
use serde_json::{json, Value};

const BASE: &str = "import os\n\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nDEBUG = True\nALLOWED_HOSTS = ['example.com']\nMIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.middleware.csrf.CsrfViewMiddleware',\n    'django.middleware.clickjacking.XFrameOptionsMiddleware',\n]\n";
const PRODUCTION: &str = "from .base import *  # noqa: F403\n\nSECURE_SSL_REDIRECT = True\nSESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n";
const LOCAL: &str = "from .base import *  # noqa: F403\n\nDEBUG = True\nALLOWED_HOSTS = []\n";

/// `proj/settings/{base,production,local}.py`, production named by
/// `proj/wsgi.py`, local by `manage.py`. DEBUG = True is set in base.py
/// only, so production.py's one warning (W018) is located in base.py.
fn split_project(d: &Path) {
    write(
        d,
        "manage.py",
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.local')\n",
    );
    write(d, "proj/__init__.py", "");
    write(
        d,
        "proj/wsgi.py",
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.production')\n",
    );
    write(d, "proj/urls.py", "urlpatterns = []\n");
    write(d, "proj/settings/__init__.py", "");
    write(d, "proj/settings/base.py", BASE);
    write(d, "proj/settings/production.py", PRODUCTION);
    write(d, "proj/settings/local.py", LOCAL);
}

async fn role(c: &mut Client, u: &str) -> Value {
    let r = c
        .request("django-settings-lsp/fileRole", json!({"uri": u}))
        .await;
    assert!(r.get("error").is_none(), "fileRole {u}: {r}");
    r["result"].clone()
}

async fn check_workspace(c: &mut Client) -> Value {
    let r = c
        .request("django-settings-lsp/checkWorkspace", json!({}))
        .await;
    assert!(r.get("error").is_none(), "checkWorkspace: {r}");
    r["result"].clone()
}

/// Waits for diagnostics of `uri` satisfying `pred`, whatever their version.
async fn published_until(c: &mut Client, u: &str, pred: impl Fn(&[Value]) -> bool) -> Value {
    c.wait_for(|n| {
        n["method"] == "textDocument/publishDiagnostics"
            && n["params"]["uri"] == u
            && pred(n["params"]["diagnostics"].as_array().unwrap())
    })
    .await["params"]
        .clone()
}

/// Like `published_until`, among the notifications from index `mark` on
/// (those received after the step that starts at `mark`).
async fn published_since(
    c: &mut Client,
    mark: usize,
    u: &str,
    pred: impl Fn(&[Value]) -> bool,
) -> Value {
    let matches = |n: &Value| {
        n["method"] == "textDocument/publishDiagnostics"
            && n["params"]["uri"] == u
            && pred(n["params"]["diagnostics"].as_array().unwrap())
    };
    if let Some(n) = c.notifications[mark..].iter().find(|n| matches(n)) {
        return n["params"].clone();
    }
    c.wait_for_new(matches).await["params"].clone()
}

fn has(code: &str) -> impl Fn(&[Value]) -> bool + '_ {
    move |d: &[Value]| d.iter().any(|x| x["code"] == code)
}

#[tokio::test]
async fn file_role_gives_each_file_its_role_and_why() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    split_project(d);
    let secret = "hQ9#vZ2!mK7$wT4^pL1&xR8*cN5(bJ3)fG6+dS0-aY";
    write(
        d,
        "proj/settings/production.py",
        &format!("{PRODUCTION}SECRET_KEY = {secret:?}\n"),
    );
    let mut c = Client::in_process();
    c.start_in(&[d]).await;
    let prod = uri(&d.join("proj/settings/production.py"));

    // Files never opened: classified from disk, as they would be if opened.
    let r = role(&mut c, &prod).await;
    assert_eq!(r["role"], "deploy", "{r}");
    assert_eq!(
        r["why"],
        "checked as deploy settings: DJANGO_SETTINGS_MODULE in proj/wsgi.py names it"
    );
    let r = role(&mut c, &uri(&d.join("proj/settings/base.py"))).await;
    assert_eq!(r["role"], "base", "{r}");
    assert_eq!(r["judges"], json!([prod]));
    assert!(
        r["why"]
            .as_str()
            .unwrap()
            .contains("checked as proj/settings/production.py see them"),
        "{r}"
    );
    let r = role(&mut c, &uri(&d.join("proj/settings/local.py"))).await;
    assert_eq!(r["role"], "development", "{r}");
    assert!(r["why"].as_str().unwrap().contains("\"local\""), "{r}");
    for rel in ["proj/urls.py", "proj/settings/__init__.py", "manage.py"] {
        let r = role(&mut c, &uri(&d.join(rel))).await;
        assert_eq!(r["role"], "other", "{rel}: {r}");
        assert!(r.get("judges").is_none(), "{r}");
    }

    // An open document: its own role, the same as from disk; no value in
    // the answer, even the secret the module sets.
    c.open(
        &prod,
        1,
        &std::fs::read_to_string(d.join("proj/settings/production.py")).unwrap(),
    )
    .await;
    let r = role(&mut c, &prod).await;
    assert_eq!(r["role"], "deploy");
    assert!(!r.to_string().contains(&secret[..8]), "{r}");

    // Outside every workspace folder: the whole path.
    let other = tempfile::tempdir().unwrap();
    let settings = startproject(other.path(), "DEBUG = True\n");
    let r = role(&mut c, &uri(&settings)).await;
    assert_eq!(r["role"], "deploy");
    let wsgi = other.path().join("mysite/wsgi.py");
    assert!(
        r["why"]
            .as_str()
            .unwrap()
            .contains(&wsgi.display().to_string()),
        "{r}"
    );

    // Bad input: a clear error, and the server keeps serving.
    for params in [
        json!({"uri": "untitled:Untitled-1"}),
        json!({"uri": uri(&d.join("no/such/settings.py"))}),
        json!({}),
        json!({"uri": 42}),
    ] {
        let r = c
            .request("django-settings-lsp/fileRole", params.clone())
            .await;
        assert_eq!(r["error"]["code"], -32602, "{params}: {r}");
        assert!(!r["error"]["message"].as_str().unwrap().is_empty());
    }
    let r = c
        .request(
            "django-settings-lsp/fileRole",
            json!({"uri": "untitled:Untitled-1"}),
        )
        .await;
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a file: URI"),
        "{r}"
    );
    let r = role(&mut c, &prod).await;
    assert_eq!(r["role"], "deploy");
}

/// The workspace check, nothing opened, against `check` on the same
/// project: the same findings in the same places, each base's own findings
/// on it, the development modules quiet, and the counts `check` prints.
#[tokio::test]
async fn check_workspace_publishes_what_check_reports_without_opening_anything() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    split_project_with_configuration(root);
    let check = |notes: bool| {
        let mut args = vec!["check", "--format", "json"];
        if notes {
            args.push("--show-notes");
        }
        args.push(".");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_django-settings-lsp"))
            .args(args)
            .current_dir(root)
            .output()
            .unwrap();
        let rows: Vec<Value> = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        rows
    };
    let rows = check(true);
    let mut from_check: Vec<(String, u64, u64, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
                r["column"].as_u64().unwrap(),
                r["code"].as_str().unwrap().to_string(),
                r["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();

    let mut c = Client::in_process();
    c.start_in(&[root]).await;
    let answer = check_workspace(&mut c).await;
    assert_eq!(
        answer,
        json!({"modules": 2, "findings": check(false).len(), "skipped": 0}),
        "production.py and staging.py"
    );
    // Every file check reports in has its diagnostics published.
    let mut files: Vec<String> = from_check.iter().map(|r| r.0.clone()).collect();
    files.dedup();
    for rel in &files {
        let u = uri(&root.join(rel));
        published_until(&mut c, &u, |d| !d.is_empty()).await;
    }
    c.drain(Duration::from_millis(200)).await;

    let all = [
        "config/settings/__init__.py",
        "config/settings/base.py",
        "config/settings/production.py",
        "config/settings/staging.py",
        "config/settings/sandbox.py",
        "config/settings/local.py",
    ];
    let mut from_editor = vec![];
    for rel in all {
        let u = uri(&root.join(rel));
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        let published = c.published(&u);
        if let Some(p) = published.last() {
            assert!(p.get("version").is_none(), "not open: unversioned: {p}");
        }
        from_editor.extend(rows_as_check_prints(
            rel,
            &text,
            &c.latest(&u).unwrap_or_default(),
        ));
    }
    from_check.sort();
    from_check.dedup();
    from_editor.sort();
    from_editor.dedup();
    assert_eq!(from_check, from_editor);
    assert!(
        from_check.iter().any(|r| r.0 == "config/settings/base.py"),
        "base.py shows the findings located in it: {from_check:?}"
    );
    for quiet in ["config/settings/sandbox.py", "config/settings/local.py"] {
        assert!(
            c.latest(&uri(&root.join(quiet))).is_none(),
            "{quiet} is a development module: nothing published"
        );
    }
    // A finding on production.py's star import, pointing into base.py.
    let prod = c
        .latest(&uri(&root.join("config/settings/production.py")))
        .unwrap();
    assert!(
        prod.iter()
            .any(|d| d["relatedInformation"][0]["location"]["uri"]
                == uri(&root.join("config/settings/base.py")).as_str()),
        "{prod:#?}"
    );
}

/// Opening a checked file shows its own (versioned) diagnostics; closing it
/// gives it back to the check, read from disk again; a file the check does
/// not show is cleared on close, as before; a file that no longer has
/// findings is cleared.
#[tokio::test]
async fn a_checked_file_opened_and_closed_keeps_no_stale_diagnostics() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    split_project(d);
    let base = uri(&d.join("proj/settings/base.py"));
    let prod = uri(&d.join("proj/settings/production.py"));
    let mut c = Client::in_process();
    c.start_in(&[d]).await;
    assert_eq!(
        check_workspace(&mut c).await,
        json!({"modules": 1, "findings": 1, "skipped": 0})
    );
    let p = published_until(&mut c, &base, has("security.W018")).await;
    assert!(p.get("version").is_none(), "{p}");
    published_until(&mut c, &prod, has("security.W018")).await;

    // base.py opened and edited, unsaved: its own diagnostics, and the
    // check's production.py sees the edit.
    let edited = BASE.replace("DEBUG = True", "DEBUG = False");
    let mark = c.notifications.len();
    c.open(&base, 1, &edited).await;
    assert!(c.diagnostics(&base, 1).await.is_empty());
    published_since(&mut c, mark, &prod, |d| !has("security.W018")(d)).await;

    // Closed without saving: the disk's base.py again, for both.
    let mark = c.notifications.len();
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": base}}),
    )
    .await;
    let p = published_since(&mut c, mark, &base, has("security.W018")).await;
    assert!(p.get("version").is_none(), "{p}");
    published_since(&mut c, mark, &prod, has("security.W018")).await;

    // production.py opened and closed: its diagnostics are the check's
    // again after closing, never cleared in between.
    c.open(&prod, 7, PRODUCTION).await;
    assert!(has("security.W018")(&c.diagnostics(&prod, 7).await));
    let before = c.published(&prod).len();
    let mark = c.notifications.len();
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": prod}}),
    )
    .await;
    published_since(&mut c, mark, &prod, has("security.W018")).await;
    c.drain(Duration::from_millis(200)).await;
    for p in &c.published(&prod)[before..] {
        assert!(
            has("security.W018")(p["diagnostics"].as_array().unwrap()),
            "{p}"
        );
    }

    // A file the check does not show (outside the folder): cleared on close.
    let other = tempfile::tempdir().unwrap();
    let elsewhere = uri(&startproject(other.path(), "DEBUG = True\n"));
    c.open(&elsewhere, 1, "DEBUG = True\n").await;
    assert!(has("security.W018")(&c.diagnostics(&elsewhere, 1).await));
    let mark = c.notifications.len();
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": elsewhere}}),
    )
    .await;
    published_since(&mut c, mark, &elsewhere, |d| d.is_empty()).await;

    // Fixed on disk: base.py's diagnostics are cleared, production.py's go.
    let mark = c.notifications.len();
    write(d, "proj/settings/base.py", &edited);
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": base, "type": 2}]}),
    )
    .await;
    published_since(&mut c, mark, &base, |d| d.is_empty()).await;
    published_since(&mut c, mark, &prod, |d| !has("security.W018")(d)).await;
}

/// Modules that each take a while to analyse: the check goes a slice at a
/// time, publishing as it goes, and a request sent while it runs is
/// answered before it ends.
#[tokio::test]
async fn a_long_check_does_not_hold_up_other_requests() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let slow = "TOTAL = 0\nfor i in range(200):\n    for j in range(100):\n        TOTAL = TOTAL + j\nDEBUG = True\n";
    let n = 8;
    for i in 0..n {
        write(d, &format!("site{i}/settings.py"), slow);
    }
    let mut c = Client::in_process();
    c.start_in(&[d]).await;
    let check = c
        .start_request("django-settings-lsp/checkWorkspace", json!({}))
        .await;
    // The first module's diagnostics, while the others are still to do.
    c.wait_for(|n| n["method"] == "textDocument/publishDiagnostics")
        .await;
    let asked = c
        .start_request(
            "django-settings-lsp/fileRole",
            json!({"uri": uri(&d.join("site0/settings.py"))}),
        )
        .await;
    let r = c.response(asked).await;
    assert_eq!(r["result"]["role"], "deploy", "{r}");
    assert!(
        !c.unmatched.iter().any(|m| m["id"] == json!(check)),
        "the role was answered only after the whole check"
    );
    let r = c.response(check).await;
    assert_eq!(r["result"]["modules"], n, "{r}");
    for i in 0..n {
        let u = uri(&d.join(format!("site{i}/settings.py")));
        published_until(&mut c, &u, has("security.W018")).await;
    }
}

#[tokio::test]
async fn workspace_folders_come_from_initialize_and_their_changes() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let settings = startproject(d, "DEBUG = True\n");
    let u = uri(&settings);

    // No folder declared: a clear error.
    let mut c = Client::in_process();
    let init = c.start(&["utf-16"]).await;
    let folders = &init["capabilities"]["workspace"]["workspaceFolders"];
    assert_eq!(folders["supported"], true, "{init}");
    assert_eq!(folders["changeNotifications"], true, "{init}");
    let r = c
        .request("django-settings-lsp/checkWorkspace", json!({}))
        .await;
    assert_eq!(r["error"]["code"], -32600, "{r}");
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no workspace folder"),
        "{r}"
    );

    // A folder added: checked (params may be null too).
    let folder = json!([{"uri": uri(d), "name": "site"}]);
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": folder, "removed": []}}),
    )
    .await;
    let r = c
        .request("django-settings-lsp/checkWorkspace", Value::Null)
        .await;
    assert_eq!(r["result"]["modules"], 1, "{r}");
    published_until(&mut c, &u, has("security.W018")).await;

    // Removed: what the check published for it is cleared.
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": folder}}),
    )
    .await;
    published_until(&mut c, &u, |d| d.is_empty()).await;
    let r = c
        .request("django-settings-lsp/checkWorkspace", json!({}))
        .await;
    assert_eq!(r["error"]["code"], -32600, "{r}");
}
