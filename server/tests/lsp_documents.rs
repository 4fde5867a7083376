//! Documents as they are edited: incremental changes, encodings, line
//! endings, ordering under load, split settings across files, configuration.

use crate::common;

use std::path::Path;

use common::*;
use django_settings_lsp::editor::{Encoding, LineIndex};
use serde_json::{json, Value};

fn lsp_range(text: &str, start: usize, end: usize, enc: Encoding) -> Value {
    let idx = LineIndex::new(text);
    serde_json::to_value(idx.range(&(start..end), enc)).unwrap()
}

/// Replaces `old` (its first occurrence) in `text` and returns the change.
fn replace(text: &mut String, old: &str, new: &str, enc: Encoding) -> Value {
    let at = text
        .find(old)
        .unwrap_or_else(|| panic!("{old:?} not in {text:?}"));
    let change = json!({"range": lsp_range(text, at, at + old.len(), enc), "text": new});
    text.replace_range(at..at + old.len(), new);
    change
}

fn enc_name(enc: Encoding) -> &'static str {
    match enc {
        Encoding::Utf8 => "utf-8",
        Encoding::Utf16 => "utf-16",
        Encoding::Utf32 => "utf-32",
    }
}

#[tokio::test]
async fn incremental_edits_update_diagnostics() {
    let t = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nDEBUG = False\nALLOWED_HOSTS = ['example.com']\n",
    );
    let path = startproject(t.path(), &text);
    let u = uri(&path);
    let enc = Encoding::Utf16;
    let mut c = Client::in_process();
    c.start(&["utf-16"]).await;
    c.open(&u, 1, &text).await;
    let d = c.diagnostics(&u, 1).await;
    assert!(!codes(&d).contains(&"security.W018".into()));

    // Two changes in one notification, each relative to the previous result.
    let a = replace(&mut text, "DEBUG = False", "DEBUG = True", enc);
    let b = replace(
        &mut text,
        "ALLOWED_HOSTS = ['example.com']",
        "ALLOWED_HOSTS = []",
        enc,
    );
    c.change(&u, 2, json!([a, b])).await;
    let d = c.diagnostics(&u, 2).await;
    assert_eq!(start(find(&d, "security.W018")), (1, 8));
    assert_eq!(start(find(&d, "security.W020")), (2, 16));

    // Insert lines above: findings move down.
    let at = 0;
    let ins = json!({"range": lsp_range(&text, at, at, enc), "text": "# one\n# two\n"});
    text.insert_str(at, "# one\n# two\n");
    c.change(&u, 3, json!([ins])).await;
    let d = c.diagnostics(&u, 3).await;
    assert_eq!(start(find(&d, "security.W018")), (3, 8));

    // Typing character by character, then deleting.
    let mut v = 4;
    for ch in [
        "S", "E", "C", "U", "R", "E", "_", "S", "S", "L", "_", "R", "E", "D", "I", "R", "E", "C",
        "T", " ", "=", " ", "T", "r", "u", "e", "\n",
    ] {
        let at = text.len();
        let change = json!({"range": lsp_range(&text, at, at, enc), "text": ch});
        text.push_str(ch);
        c.change(&u, v, json!([change])).await;
        v += 1;
    }
    let d = c.diagnostics(&u, v - 1).await;
    assert!(
        !codes(&d).contains(&"security.W008".into()),
        "{:?}",
        codes(&d)
    );
    let del = replace(&mut text, "SECURE_SSL_REDIRECT = True\n", "", enc);
    c.change(&u, v, json!([del])).await;
    let d = c.diagnostics(&u, v).await;
    assert!(codes(&d).contains(&"security.W008".into()));
    assert_eq!(c.document_text(&u).await["text"], text.as_str());
}

/// Emoji (outside the BMP) and CJK before a finding on the same line: the
/// column differs per encoding, and edits addressed in that encoding land
/// where they should.
#[tokio::test]
async fn utf8_utf16_and_utf32_columns_with_emoji_and_cjk() {
    let line = "A = '😀中文'; DEBUG = True";
    let prefix = "A = '😀中文'; DEBUG = ";
    for (enc, col) in [
        (Encoding::Utf8, prefix.len()),
        (Encoding::Utf16, prefix.encode_utf16().count()),
        (Encoding::Utf32, prefix.chars().count()),
    ] {
        let t = tempfile::tempdir().unwrap();
        let mut text = format!("{line}\nALLOWED_HOSTS = ['x']\n");
        let path = startproject(t.path(), &text);
        let u = uri(&path);
        let mut c = Client::in_process();
        let r = c.start(&[enc_name(enc)]).await;
        assert_eq!(r["capabilities"]["positionEncoding"], enc_name(enc));
        c.open(&u, 1, &text).await;
        let d = c.diagnostics(&u, 1).await;
        let w018 = find(&d, "security.W018");
        assert_eq!(start(w018), (0, col as u64), "{enc:?}");
        assert_eq!(
            w018["range"]["end"]["character"].as_u64().unwrap(),
            col as u64 + 4,
            "{enc:?}"
        );
        // An edit after the emoji, addressed in the client's encoding.
        let change = replace(&mut text, "文'", "文字'", enc);
        c.change(&u, 2, json!([change])).await;
        let d = c.diagnostics(&u, 2).await;
        assert_eq!(
            start(find(&d, "security.W018")).1,
            col as u64 + if enc == Encoding::Utf8 { 3 } else { 1 }
        );
        let change = replace(&mut text, "True", "False", enc);
        c.change(&u, 3, json!([change])).await;
        let d = c.diagnostics(&u, 3).await;
        assert!(!codes(&d).contains(&"security.W018".into()), "{enc:?}");
        assert_eq!(c.document_text(&u).await["text"], text.as_str());
    }
}

#[tokio::test]
async fn crlf_and_lone_cr_line_endings() {
    for nl in ["\r\n", "\r"] {
        let t = tempfile::tempdir().unwrap();
        let mut text = [
            "# 😀",
            "SECRET_KEY = 'short'",
            "DEBUG = True",
            "ALLOWED_HOSTS = []",
            "",
        ]
        .join(nl);
        let path = startproject(t.path(), &text);
        let u = uri(&path);
        let mut c = Client::in_process();
        c.start(&["utf-16"]).await;
        c.open(&u, 1, &text).await;
        let d = c.diagnostics(&u, 1).await;
        assert_eq!(start(find(&d, "security.W018")), (2, 8), "{nl:?}");
        assert_eq!(start(find(&d, "security.W020")), (3, 16), "{nl:?}");
        // Insert a line, then split a line break in two and join it back.
        let enc = Encoding::Utf16;
        let ins = json!({"range": lsp_range(&text, 0, 0, enc), "text": format!("X = 1{nl}")});
        text.insert_str(0, &format!("X = 1{nl}"));
        c.change(&u, 2, json!([ins])).await;
        let d = c.diagnostics(&u, 2).await;
        assert_eq!(start(find(&d, "security.W018")), (3, 8), "{nl:?}");
        // A change range ending past the end of a line clamps to the line end
        // (before the line break).
        let debug_line = 3;
        let change = json!({"range": {"start": {"line": debug_line, "character": 8}, "end": {"line": debug_line, "character": 999}}, "text": "False"});
        text = text.replace("DEBUG = True", "DEBUG = False");
        c.change(&u, 3, json!([change])).await;
        let d = c.diagnostics(&u, 3).await;
        assert!(!codes(&d).contains(&"security.W018".into()), "{nl:?}");
        assert_eq!(c.document_text(&u).await["text"], text.as_str(), "{nl:?}");
    }
}

/// 600 incremental changes sent back to back, then a request: the server
/// applies them in order, answers with the final text, publishes the last
/// version with the diagnostics of the final text, and never publishes an
/// older version after a newer one.
#[tokio::test]
async fn ordering_stress_many_changes_without_waiting() {
    const N: i64 = 600;
    let t = tempfile::tempdir().unwrap();
    let mut text = String::from("DEBUG = True\nALLOWED_HOSTS = ['x']\n");
    let path = startproject(t.path(), &text);
    let u = uri(&path);
    let enc = Encoding::Utf16;
    let mut c = Client::in_process();
    c.start(&["utf-16"]).await;
    c.open(&u, 1, &text).await;
    for v in 2..=N + 1 {
        let i = v - 2;
        let change = match i % 4 {
            // Prepend a comment line with non-ASCII text.
            0 => {
                let s = format!("# {i} 😀 中\n");
                let ch = json!({"range": lsp_range(&text, 0, 0, enc), "text": s});
                text.insert_str(0, &s);
                ch
            }
            // Flip DEBUG.
            1 => {
                if text.contains("DEBUG = True") {
                    replace(&mut text, "DEBUG = True", "DEBUG = False", enc)
                } else {
                    replace(&mut text, "DEBUG = False", "DEBUG = True", enc)
                }
            }
            // Append to the first comment line.
            2 => {
                let at = text.find('\n').unwrap();
                let ch = json!({"range": lsp_range(&text, at, at, enc), "text": "é"});
                text.insert(at, 'é');
                ch
            }
            // Delete the first line every so often, keep it otherwise.
            _ => {
                if i % 8 == 7 {
                    let end = text.find('\n').unwrap() + 1;
                    let ch = json!({"range": lsp_range(&text, 0, end, enc), "text": ""});
                    text.replace_range(0..end, "");
                    ch
                } else {
                    json!({"range": lsp_range(&text, 0, 0, enc), "text": ""})
                }
            }
        };
        c.change(&u, v, json!([change])).await;
    }
    let last = N + 1;
    let answer = c.document_text(&u).await;
    assert_eq!(answer["version"], last);
    assert_eq!(answer["text"], text.as_str());
    let d = c.diagnostics(&u, last).await;

    // The same text analysed afresh.
    let t2 = tempfile::tempdir().unwrap();
    let fresh_path = startproject(t2.path(), &text);
    let fresh_uri = uri(&fresh_path);
    c.open(&fresh_uri, 1, &text).await;
    let fresh = c.diagnostics(&fresh_uri, 1).await;
    assert_eq!(d, fresh);
    assert_eq!(
        codes(&d).contains(&"security.W018".into()),
        text.contains("DEBUG = True")
    );

    c.drain(std::time::Duration::from_millis(100)).await;
    let versions: Vec<i64> = c
        .published(&u)
        .iter()
        .map(|p| p["version"].as_i64().unwrap())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert_eq!(*versions.last().unwrap(), last);
}

fn split_project(d: &Path) -> (String, String, String) {
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
    write(d, "proj/settings/__init__.py", "");
    let base = write(d, "proj/settings/base.py", BASE);
    let prod = write(d, "proj/settings/production.py", PRODUCTION);
    let local = write(d, "proj/settings/local.py", LOCAL);
    (uri(&base), uri(&prod), uri(&local))
}

const BASE: &str = "import os\n\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nDEBUG = True\nALLOWED_HOSTS = ['example.com']\nMIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.middleware.csrf.CsrfViewMiddleware',\n    'django.middleware.clickjacking.XFrameOptionsMiddleware',\n]\n";
const PRODUCTION: &str = "from .base import *  # noqa: F403\n\nSECURE_SSL_REDIRECT = True\nSESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n";
const LOCAL: &str = "from .base import *  # noqa: F403\n\nDEBUG = True\nALLOWED_HOSTS = []\n";

#[tokio::test]
async fn editing_base_republishes_production_and_local_stays_quiet() {
    let t = tempfile::tempdir().unwrap();
    let (base, prod, local) = split_project(t.path());
    let mut c = Client::in_process();
    c.start(&["utf-8"]).await;
    c.open(&prod, 1, PRODUCTION).await;
    c.open(&local, 1, LOCAL).await;
    c.open(&base, 1, BASE).await;

    // production.py: DEBUG comes from base.py, shown on the star import with
    // the place it was set as related information.
    let d = c.diagnostics(&prod, 1).await;
    let w018 = find(&d, "security.W018");
    assert_eq!(start(w018), (0, 0));
    assert!(
        w018["message"]
            .as_str()
            .unwrap()
            .contains("base.py, line 4"),
        "{w018}"
    );
    let rel = &w018["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], base.as_str());
    assert_eq!(
        rel["location"]["range"]["start"],
        json!({"line": 3, "character": 0})
    );
    // The required variable is not a diagnostic: hover says it (a module
    // that reads its secret from the environment shows nothing for it).
    assert!(!codes(&d).iter().any(|c| c.starts_with("dsl.I")), "{d:#?}");

    // base.py shows its own findings, as production.py sees them, once.
    let d = c.diagnostics(&base, 1).await;
    assert_eq!(codes(&d), ["security.W018"]);
    let w018 = find(&d, "security.W018");
    assert_eq!(start(w018), (3, 8));
    assert!(w018["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["location"]["uri"] == prod.as_str()));

    // local.py is a development module: nothing.
    assert!(c.diagnostics(&local, 1).await.is_empty());

    // Editing base.py (unsaved) changes production.py's diagnostics.
    let enc = Encoding::Utf8;
    let mut text = BASE.to_string();
    let change = replace(&mut text, "DEBUG = True", "DEBUG = False", enc);
    c.change(&base, 2, json!([change])).await;
    let d = c.diagnostics(&base, 2).await;
    assert!(codes(&d).is_empty(), "{d:#?}");
    let n = c
        .wait_for(|n| {
            n["method"] == "textDocument/publishDiagnostics"
                && n["params"]["uri"] == prod.as_str()
                && !codes(n["params"]["diagnostics"].as_array().unwrap())
                    .contains(&"security.W018".to_string())
        })
        .await;
    assert_eq!(n["params"]["version"], 1, "production.py's own version");

    // Removing the middleware from base.py: production.py gets W001..W003.
    let start_at = text.find("MIDDLEWARE").unwrap();
    let change =
        json!({"range": lsp_range(&text, start_at, text.len(), enc), "text": "MIDDLEWARE = []\n"});
    text.replace_range(start_at.., "MIDDLEWARE = []\n");
    c.change(&base, 3, json!([change])).await;
    let n = c
        .wait_for(|n| {
            n["method"] == "textDocument/publishDiagnostics"
                && n["params"]["uri"] == prod.as_str()
                && codes(n["params"]["diagnostics"].as_array().unwrap())
                    .contains(&"security.W001".to_string())
        })
        .await;
    let d = n["params"]["diagnostics"].as_array().unwrap();
    assert!(codes(d).contains(&"security.W003".to_string()));

    c.drain(std::time::Duration::from_millis(100)).await;
    for p in c.published(&local) {
        assert_eq!(p["diagnostics"], json!([]), "local.py stays quiet");
    }
}

#[tokio::test]
async fn base_alone_is_judged_through_its_importers_on_disk() {
    let t = tempfile::tempdir().unwrap();
    let (base, _prod, _local) = split_project(t.path());
    let mut c = Client::in_process();
    c.start(&["utf-16"]).await;
    c.open(&base, 1, BASE).await;
    let d = c.diagnostics(&base, 1).await;
    assert_eq!(codes(&d), ["security.W018"]);
}

#[tokio::test]
async fn configuration_sources_and_precedence() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let text = "DEBUG = True\nALLOWED_HOSTS = []\n";
    let path = startproject(d, text);
    write(
        d,
        "pyproject.toml",
        "[tool.django-settings-lsp]\nignore = ['security.W020']\n[tool.django-settings-lsp.severity]\n'security.W018' = 'error'\n",
    );
    let u = uri(&path);

    // pyproject.toml alone.
    let mut c = Client::in_process();
    c.start(&["utf-8"]).await;
    c.open(&u, 1, text).await;
    let diags = c.diagnostics(&u, 1).await;
    assert!(!codes(&diags).contains(&"security.W020".into()));
    assert_eq!(find(&diags, "security.W018")["severity"], 1);

    // initializationOptions (wrapped shape) override pyproject.toml per field.
    let mut c = Client::in_process();
    c.initialize(
        json!({"general": {"positionEncodings": ["utf-8"]}}),
        json!({"django-settings-lsp": {"ignore": [], "severity": {"security.W018": "hint"}}}),
    )
    .await;
    c.open(&u, 1, text).await;
    let diags = c.diagnostics(&u, 1).await;
    assert!(codes(&diags).contains(&"security.W020".into()));
    assert_eq!(find(&diags, "security.W018")["severity"], 4);

    // workspace/configuration (flat shape) wins over both, and is pulled
    // again on didChangeConfiguration.
    let mut c = Client::in_process();
    c.configuration = json!({"select": ["security.W018"], "ignore": []});
    c.initialize(
        json!({"general": {"positionEncodings": ["utf-8"]}, "workspace": {"configuration": true}}),
        json!({"ignore": ["security.W018"]}),
    )
    .await;
    c.open(&u, 1, text).await;
    let n = c
        .wait_for(|n| {
            n["method"] == "textDocument/publishDiagnostics"
                && n["params"]["uri"] == u.as_str()
                && codes(n["params"]["diagnostics"].as_array().unwrap()) == ["security.W018"]
        })
        .await;
    assert_eq!(
        n["params"]["diagnostics"][0]["severity"], 1,
        "pyproject's severity kept"
    );
    c.configuration = json!({"django-settings-lsp": {"select": [], "ignore": ["security"]}});
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    )
    .await;
    c.wait_for(|n| {
        n["method"] == "textDocument/publishDiagnostics"
            && n["params"]["uri"] == u.as_str()
            && n["params"]["diagnostics"] == json!([])
    })
    .await;
    assert!(c
        .server_requests
        .iter()
        .filter(|r| r["method"] == "workspace/configuration")
        .all(|r| r["params"]["items"][0]["section"] == "django-settings-lsp"));
}

#[tokio::test]
async fn a_client_that_never_answers_configuration_does_not_stall_the_server() {
    let t = tempfile::tempdir().unwrap();
    let text = "DEBUG = True\n";
    let path = startproject(t.path(), text);
    let u = uri(&path);
    // Drive the server by hand, never answering its requests.
    let (client_out, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, client_in) = tokio::io::duplex(1 << 16);
    tokio::spawn(django_settings_lsp::serve(server_in, server_out));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(read_frames(client_in, tx));
    let mut writer = client_out;
    let send = |v: Value| {
        let body = v.to_string();
        format!("Content-Length: {}\r\n\r\n{}", body.len(), body)
    };
    use tokio::io::AsyncWriteExt;
    writer
        .write_all(send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {"workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}}}}})).as_bytes())
        .await
        .unwrap();
    let first = rx.recv().await.unwrap();
    assert_eq!(first["id"], 1);
    for m in [
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": u, "languageId": "python", "version": 1, "text": text}}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": u}, "position": {"line": 0, "character": 1}}}),
    ] {
        writer.write_all(send(m).as_bytes()).await.unwrap();
    }
    let mut saw_diagnostics = false;
    let mut saw_hover = false;
    while !(saw_diagnostics && saw_hover) {
        let m = tokio::time::timeout(TIMEOUT, rx.recv())
            .await
            .unwrap()
            .unwrap();
        if m["method"] == "textDocument/publishDiagnostics" {
            saw_diagnostics = true;
        }
        if m["id"] == 2 && m.get("method").is_none() {
            assert!(m["result"]["contents"]["value"]
                .as_str()
                .unwrap()
                .contains("DEBUG"));
            saw_hover = true;
        }
    }
}

#[tokio::test]
async fn watched_file_changes_are_picked_up() {
    let t = tempfile::tempdir().unwrap();
    let (_base, prod, _local) = split_project(t.path());
    let base_path = t.path().join("proj/settings/base.py");
    let mut c = Client::in_process();
    c.start(&["utf-8"]).await;
    c.open(&prod, 1, PRODUCTION).await;
    let d = c.diagnostics(&prod, 1).await;
    assert!(codes(&d).contains(&"security.W018".into()));
    // base.py changes on disk (it is not open).
    std::fs::write(
        &base_path,
        BASE.replace("DEBUG = True", "DEBUG = False  # on disk"),
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&base_path), "type": 2}]}),
    )
    .await;
    c.wait_for(|n| {
        n["method"] == "textDocument/publishDiagnostics"
            && n["params"]["uri"] == prod.as_str()
            && !codes(n["params"]["diagnostics"].as_array().unwrap())
                .contains(&"security.W018".to_string())
    })
    .await;
}

#[tokio::test]
async fn noqa_comments_and_silenced_checks_are_honoured() {
    let t = tempfile::tempdir().unwrap();
    let text = "DEBUG = True  # noqa: security.W018\nALLOWED_HOSTS = []\nSILENCED_SYSTEM_CHECKS = ['security.W020']\n";
    let path = startproject(t.path(), text);
    let u = uri(&path);
    let mut c = Client::in_process();
    c.start(&["utf-8"]).await;
    c.open(&u, 1, text).await;
    let d = codes(&c.diagnostics(&u, 1).await);
    assert!(!d.contains(&"security.W018".to_string()), "{d:?}");
    assert!(!d.contains(&"security.W020".to_string()), "{d:?}");
    assert!(d.contains(&"security.W009".to_string()), "{d:?}");
}

/// A setting neither module sets, checked because of a MIDDLEWARE entry in
/// the base: production.py shows the finding on its star import, with the
/// entry as related information; base.py shows it on the entry itself.
#[tokio::test]
async fn an_absent_setting_whose_reason_is_in_the_base_points_at_it() {
    let t = tempfile::tempdir().unwrap();
    let base_text = "MIDDLEWARE = [\n    \"django.middleware.security.SecurityMiddleware\",\n]\nSECURE_SSL_REDIRECT = True\n";
    let prod_text = "\"\"\"Production.\"\"\"\nfrom .base import *  # noqa: F403\n\nSECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_PRELOAD = True\n";
    write(t.path(), "manage.py", "");
    write(t.path(), "config/__init__.py", "");
    write(t.path(), "config/settings/__init__.py", "");
    let base = uri(&write(t.path(), "config/settings/base.py", base_text));
    let prod = uri(&write(t.path(), "config/settings/production.py", prod_text));
    write(
        t.path(),
        "config/wsgi.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\n",
    );
    let mut c = Client::in_process();
    c.start(&["utf-8"]).await;
    c.open(&prod, 1, prod_text).await;
    c.open(&base, 1, base_text).await;
    let d = c.diagnostics(&prod, 1).await;
    let w005 = find(&d, "security.W005");
    assert_eq!(start(w005), (1, 0), "on the star import: {w005}");
    let rel = &w005["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], base.as_str());
    assert_eq!(
        rel["location"]["range"]["start"],
        json!({"line": 1, "character": 4})
    );
    assert!(
        rel["message"]
            .as_str()
            .unwrap()
            .contains("SecurityMiddleware is installed here"),
        "{rel}"
    );
    let d = c.diagnostics(&base, 1).await;
    let w005 = find(&d, "security.W005");
    assert_eq!(start(w005), (1, 4), "on the entry in base.py: {w005}");
}

/// `check` and the editor read a project through one model: the same
/// project with the same `pyproject.toml` gets the same findings at the
/// same places and severities from both. Before, `check` ignored the
/// file's `ignore`, `severity`, `deploy-modules` and `development-modules`
/// (W021 reported, exit status 1, the sandbox module checked).
#[tokio::test]
async fn check_and_the_editor_report_the_same_findings_under_one_configuration() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    split_project_with_configuration(root);

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_django-settings-lsp"))
        .args(["check", "--format", "json", "--show-notes", "."])
        .current_dir(root)
        .output()
        .unwrap();
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
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
    c.start(&["utf-32"]).await;
    let files = [
        "config/settings/__init__.py",
        "config/settings/base.py",
        "config/settings/production.py",
        "config/settings/staging.py",
        "config/settings/sandbox.py",
        "config/settings/local.py",
    ];
    for rel in files {
        let path = root.join(rel);
        c.open(&uri(&path), 1, &std::fs::read_to_string(&path).unwrap())
            .await;
    }
    let mut from_editor = vec![];
    for rel in files {
        let u = uri(&root.join(rel));
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        from_editor.extend(rows_as_check_prints(
            rel,
            &text,
            &c.diagnostics(&u, 1).await,
        ));
    }
    from_check.sort();
    from_check.dedup();
    from_editor.sort();
    from_editor.dedup();
    assert_eq!(from_check, from_editor);
    let codes: Vec<&str> = from_check.iter().map(|r| r.3.as_str()).collect();
    assert!(!codes.contains(&"security.W021"), "ignored: {from_check:?}");
    assert!(
        from_check
            .iter()
            .any(|r| r.3 == "security.W005" && r.4 == "error"),
        "W005 as an error: {from_check:?}"
    );
    assert!(
        from_check
            .iter()
            .any(|r| r.0 == "config/settings/staging.py"),
        "staging.py is checked: {from_check:?}"
    );
    assert!(
        !from_check.iter().any(|r| r.0.ends_with("sandbox.py")),
        "sandbox.py is a development module: {from_check:?}"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// A deploy module written the way the fixes write it (secrets, DEBUG and
/// ALLOWED_HOSTS from the environment, the HTTPS settings on) shows
/// nothing in the editor: that it needs its variables is hover's to say,
/// and the command line's with `--show-notes`.
#[tokio::test]
async fn a_module_written_as_the_fixes_write_it_shows_nothing() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "manage.py", "");
    write(d, "mysite/__init__.py", "");
    let text = "import os\n\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\nDEBUG = os.environ.get(\"DJANGO_DEBUG\", \"False\") == \"True\"\nALLOWED_HOSTS = os.environ[\"DJANGO_ALLOWED_HOSTS\"].split(\",\")\nMIDDLEWARE = [\n    \"django.middleware.security.SecurityMiddleware\",\n    \"django.middleware.csrf.CsrfViewMiddleware\",\n    \"django.middleware.clickjacking.XFrameOptionsMiddleware\",\n]\nSECURE_SSL_REDIRECT = True\nSESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n";
    let settings = uri(&write(d, "mysite/settings.py", text));
    let mut c = Client::in_process();
    c.start(&["utf-8"]).await;
    c.open(&settings, 1, text).await;
    let diagnostics = c.diagnostics(&settings, 1).await;
    assert_eq!(diagnostics, Vec::<Value>::new());
    // The command line still lists what the deploy needs.
    let report = django_settings_lsp::analyze(
        &d.join("mysite/settings.py"),
        &django_settings_lsp::DiskSources::new(),
    )
    .unwrap();
    let mut required: Vec<&str> = report
        .requirements
        .iter()
        .filter(|f| f.code == "dsl.I002")
        .map(|f| f.message.as_str())
        .collect();
    required.sort();
    assert_eq!(required.len(), 2, "{required:?}");
    assert!(required[0].contains("DJANGO_ALLOWED_HOSTS"), "{required:?}");
    assert!(required[1].contains("DJANGO_SECRET_KEY"), "{required:?}");
}

/// A component that django-split-settings' `include()` runs is judged
/// through the module that includes it: it shows the findings about what
/// it sets, not those of a module of its own (no middleware there is not
/// "no middleware").
#[tokio::test]
async fn an_included_component_is_judged_through_its_includer() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "manage.py", "");
    write(d, "conf/__init__.py", "");
    write(
        d,
        "conf/settings/__init__.py",
        "from split_settings.tools import include\n\ninclude(\"components/*.py\")\n",
    );
    let base_text = "import os\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\nDEBUG = True\nALLOWED_HOSTS = [\"www.example.com\"]\n";
    let base = uri(&write(d, "conf/settings/components/base.py", base_text));
    write(
        d,
        "conf/settings/components/security.py",
        "MIDDLEWARE = [\n    \"django.middleware.security.SecurityMiddleware\",\n    \"django.middleware.csrf.CsrfViewMiddleware\",\n    \"django.middleware.clickjacking.XFrameOptionsMiddleware\",\n]\nSECURE_SSL_REDIRECT = True\nSECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n",
    );
    let mut c = Client::in_process();
    c.start(&["utf-8"]).await;
    c.open(&base, 1, base_text).await;
    let d = c.diagnostics(&base, 1).await;
    assert_eq!(codes(&d), ["security.W018"], "{d:#?}");
}
