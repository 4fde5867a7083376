//! The server as a client sees it: lifecycle, capabilities, encodings,
//! diagnostics on open, errors, hover and completion.

use crate::common;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

fn example(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(rel)
        .canonicalize()
        .unwrap()
}

#[tokio::test]
async fn initialize_advertises_incremental_sync_and_negotiates_utf8() {
    let mut c = Client::in_process();
    let r = c.start(&["utf-16", "utf-8"]).await;
    let caps = &r["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["textDocumentSync"]["save"]["includeText"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert!(caps["completionProvider"].is_object());
    let kinds = caps["codeActionProvider"]["codeActionKinds"].clone();
    assert_eq!(kinds, json!(["quickfix", "source.fixAll.django-settings"]));
    assert_eq!(r["serverInfo"]["name"], "django-settings-lsp");
}

#[tokio::test]
async fn utf16_is_the_fallback_encoding() {
    for offered in [json!(["utf-16"]), json!([]), json!(["utf-7"])] {
        let mut c = Client::in_process();
        let r = c
            .initialize(
                json!({"general": {"positionEncodings": offered}}),
                Value::Null,
            )
            .await;
        assert_eq!(
            r["capabilities"]["positionEncoding"], "utf-16",
            "offered {offered}"
        );
    }
    let mut c = Client::in_process();
    let r = c.initialize(json!({}), Value::Null).await;
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
}

#[tokio::test]
async fn diagnostics_on_open_match_the_startproject_example() {
    let path = example("startproject/mysite/settings.py");
    let text = std::fs::read_to_string(&path).unwrap();
    let u = uri(&path);
    let mut c = Client::in_process();
    c.start(&["utf-16"]).await;
    c.open(&u, 1, &text).await;
    let d = c.diagnostics(&u, 1).await;
    assert_eq!(
        codes(&d),
        [
            "security.W004",
            "security.W008",
            "security.W009",
            "security.W012",
            "security.W016",
            "security.W018",
            "security.W020"
        ]
    );
    let w018 = find(&d, "security.W018");
    assert_eq!(start(w018), (25, 8));
    assert_eq!(w018["range"]["end"], json!({"line": 25, "character": 12}));
    assert_eq!(w018["severity"], 2);
    assert_eq!(w018["source"], "django-settings");
    assert_eq!(
        w018["codeDescription"]["href"],
        "https://docs.djangoproject.com/en/6.1/ref/settings/#debug"
    );
    assert_eq!(start(find(&d, "security.W009")), (22, 13));
    assert_eq!(start(find(&d, "security.W020")), (27, 16));
    // Settings left out are reported on the reason Django checks them:
    // the MIDDLEWARE entry, never on the docstring of line 1.
    assert_eq!(start(find(&d, "security.W004")), (42, 4));
    assert_eq!(start(find(&d, "security.W008")), (42, 4));
    assert_eq!(start(find(&d, "security.W012")), (43, 4));
    assert_eq!(start(find(&d, "security.W016")), (45, 4));
    let w004 = find(&d, "security.W004");
    assert_eq!(w004["range"]["end"], json!({"line": 42, "character": 51}));
    assert!(
        w004["message"]
            .as_str()
            .unwrap()
            .starts_with("SECURE_HSTS_SECONDS is not set"),
        "{w004}"
    );
}

#[tokio::test]
async fn unknown_method_is_method_not_found() {
    let mut c = Client::in_process();
    c.start(&["utf-8"]).await;
    let r = c
        .request("textDocument/definitelyNotAMethod", json!({}))
        .await;
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // Code actions on a document never opened: no actions, no error.
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": "file:///x.py"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}}),
        )
        .await;
    assert!(r.get("error").is_none() && r["result"].is_null(), "{r}");
    // Still serving.
    let r = c.request("shutdown", Value::Null).await;
    assert_eq!(r["result"], Value::Null);
}

#[tokio::test]
async fn out_of_range_positions_and_unknown_documents_do_not_crash() {
    let t = tempfile::tempdir().unwrap();
    let path = startproject(t.path(), "DEBUG = True\n");
    let u = uri(&path);
    let mut c = Client::in_process();
    c.start(&["utf-16"]).await;
    c.open(&u, 1, "DEBUG = True\n").await;
    let before = codes(&c.diagnostics(&u, 1).await);
    assert!(before.contains(&"security.W018".to_string()), "{before:?}");

    // Requests far outside the document, or on documents never opened.
    for (doc, line, ch) in [
        (&u, 999, 0),
        (&u, 0, 9999),
        (&"file:///nowhere/settings.py".to_string(), 0, 0),
    ] {
        let pos =
            json!({"textDocument": {"uri": doc}, "position": {"line": line, "character": ch}});
        let r = c.request("textDocument/hover", pos.clone()).await;
        assert!(r.get("error").is_none(), "{r}");
        let r = c.request("textDocument/completion", pos).await;
        assert!(r.get("error").is_none(), "{r}");
    }
    // Notifications about documents never opened.
    c.change("file:///nowhere/settings.py", 2, json!([{"text": "x"}]))
        .await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": "file:///nowhere/a.py"}}),
    )
    .await;
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": "file:///nowhere/a.py"}, "text": "x"}),
    )
    .await;

    // A change past the end of the document: out of sync, diagnostics
    // cleared, the user told once.
    c.change(
        &u,
        2,
        json!([{"range": {"start": {"line": 40, "character": 0}, "end": {"line": 41, "character": 0}}, "text": "DEBUG = False\n"}]),
    )
    .await;
    assert!(c.diagnostics(&u, 2).await.is_empty());
    let shown = c.wait_for(|n| n["method"] == "window/showMessage").await;
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("lost track"),
        "{shown}"
    );
    // Further incremental edits cannot be applied to an unknown text.
    c.change(
        &u,
        3,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "# x\n"}]),
    )
    .await;
    assert!(c.diagnostics(&u, 3).await.is_empty());
    assert_eq!(c.document_text(&u).await["outOfSync"], true);
    // A save with the text recovers.
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": u}, "text": "DEBUG = False\nALLOWED_HOSTS = ['x']\n"}),
    )
    .await;
    // Version 3 was published empty while out of sync; now it has findings.
    let n = c
        .wait_for(|n| {
            n["method"] == "textDocument/publishDiagnostics"
                && n["params"]["uri"] == u.as_str()
                && n["params"]["version"] == 3
                && !n["params"]["diagnostics"].as_array().unwrap().is_empty()
        })
        .await;
    let d = n["params"]["diagnostics"].as_array().unwrap().clone();
    let after = codes(&d);
    assert!(!after.contains(&"security.W018".to_string()), "{after:?}");
    assert!(!after.contains(&"security.W020".to_string()), "{after:?}");
    assert_eq!(after.len(), before.len() - 2, "{after:?}");
    assert_eq!(c.document_text(&u).await["outOfSync"], false);
    let shown: Vec<_> = c
        .notifications
        .iter()
        .filter(|n| n["method"] == "window/showMessage")
        .collect();
    assert_eq!(shown.len(), 1, "told once: {shown:#?}");
}

/// Hover on an environment variable's name where the settings read it:
/// what it feeds, its type, whether Django needs it, whether it is secret,
/// where it is read; a secret default is never shown.
#[tokio::test]
async fn hover_on_an_environment_variable_gives_its_contract() {
    let t = tempfile::tempdir().unwrap();
    let text = "import os\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\nDEBUG = os.environ.get(\"DJANGO_DEBUG\", \"False\") == \"True\"\nEMAIL_HOST_PASSWORD = os.getenv(\"MAIL_PW\", \"Wq8Lm3Zx6Vb2\")\n";
    let path = startproject(t.path(), text);
    let u = uri(&path);
    let mut c = Client::in_process();
    c.start(&["utf-16"]).await;
    c.open(&u, 1, text).await;
    let hover = |line: u32, ch: u32| json!({"textDocument": {"uri": u}, "position": {"line": line, "character": ch}});
    let r = c.request("textDocument/hover", hover(1, 30)).await;
    let md = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        md.contains("**DJANGO_SECRET_KEY** · environment variable"),
        "{r}"
    );
    assert!(
        md.contains("Feeds: `SECRET_KEY`") && md.contains("required") && md.contains("secret"),
        "{md}"
    );
    assert_eq!(
        r["result"]["range"]["start"],
        json!({"line": 1, "character": 25})
    );
    let r = c.request("textDocument/hover", hover(2, 27)).await;
    let md = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        md.contains("Default when unset: `\"False\"`") && md.contains("optional"),
        "{md}"
    );
    let r = c.request("textDocument/hover", hover(3, 35)).await;
    let md = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        md.contains("**MAIL_PW**") && !md.contains("Wq8Lm3Zx"),
        "{md}"
    );
}

#[tokio::test]
async fn close_clears_diagnostics() {
    let t = tempfile::tempdir().unwrap();
    let path = startproject(t.path(), "DEBUG = True\n");
    let u = uri(&path);
    let mut c = Client::in_process();
    c.start(&["utf-8"]).await;
    c.open(&u, 1, "DEBUG = True\n").await;
    assert!(!c.diagnostics(&u, 1).await.is_empty());
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}))
        .await;
    let n = c
        .wait_for(|n| {
            n["method"] == "textDocument/publishDiagnostics"
                && n["params"]["uri"] == u.as_str()
                && n["params"]["diagnostics"] == json!([])
        })
        .await;
    assert!(n["params"].get("version").is_none_or(Value::is_null), "{n}");
}

#[tokio::test]
async fn hover_explains_a_setting_and_its_origin() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(
        d,
        "config/wsgi.py",
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\n",
    );
    write(d, "config/settings/base.py", "import os\nSECRET_KEY = 'django-insecure-0123456789'\nDEBUG = os.environ.get('DJANGO_DEBUG', 'True') == 'True'\n");
    let prod_text = "from .base import *\nSECURE_SSL_REDIRECT = True\nprint(DEBUG, SECRET_KEY)\n";
    let prod = write(d, "config/settings/production.py", prod_text);
    let u = uri(&prod);
    let mut c = Client::in_process();
    c.start(&["utf-16"]).await;
    c.open(&u, 1, prod_text).await;
    let hover = |line: u32, ch: u32| json!({"textDocument": {"uri": u}, "position": {"line": line, "character": ch}});
    let r = c.request("textDocument/hover", hover(2, 8)).await;
    let md = r["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(md.contains("**DEBUG**"), "{md}");
    assert!(md.contains("Django 6.1's default: `False`"), "{md}");
    assert!(md.contains("set in `base.py` (line 3)"), "{md}");
    assert!(md.contains("`DJANGO_DEBUG`"), "{md}");
    assert!(md.contains("security.W018"), "{md}");
    assert_eq!(
        r["result"]["range"]["start"],
        json!({"line": 2, "character": 6})
    );

    let r = c.request("textDocument/hover", hover(2, 15)).await;
    let md = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("**SECRET_KEY**") && !md.contains("0123456789"),
        "{md}"
    );

    let r = c.request("textDocument/hover", hover(1, 3)).await;
    let md = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("set in this module (line 2)"), "{md}");

    // Not a setting: no hover.
    let r = c.request("textDocument/hover", hover(2, 2)).await;
    assert_eq!(r["result"], Value::Null, "{r}");
}

#[tokio::test]
async fn completion_offers_setting_names_at_module_level() {
    let t = tempfile::tempdir().unwrap();
    let text = "SECURE_\nx = [\n    SEC\n]\ns = '''\nSEC\n'''\n";
    let path = startproject(t.path(), text);
    let u = uri(&path);
    let mut c = Client::in_process();
    c.start(&["utf-8"]).await;
    c.open(&u, 1, text).await;
    let complete = |line: u32, ch: u32| json!({"textDocument": {"uri": u}, "position": {"line": line, "character": ch}});
    let r = c.request("textDocument/completion", complete(0, 7)).await;
    let items = r["result"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"SECURE_SSL_REDIRECT"), "{labels:?}");
    assert!(
        labels.iter().all(|l| l.starts_with("SECURE_")),
        "{labels:?}"
    );
    let ssl = items
        .iter()
        .find(|i| i["label"] == "SECURE_SSL_REDIRECT")
        .unwrap();
    assert_eq!(ssl["detail"], "default: False");
    // Every checked setting is offered on an empty line.
    let r = c.request("textDocument/completion", complete(7, 0)).await;
    let labels: Vec<String> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect();
    for name in django_settings_lsp::CHECKED_SETTINGS {
        assert!(labels.iter().any(|l| l == name), "{name} missing");
    }
    // Not inside an expression, nor inside a string.
    let r = c.request("textDocument/completion", complete(2, 7)).await;
    assert_eq!(r["result"], Value::Null, "{r}");
    let r = c.request("textDocument/completion", complete(5, 3)).await;
    assert_eq!(r["result"], Value::Null, "{r}");
}

/// Reads one `Content-Length` frame from a blocking stream.
fn read_frame(r: &mut impl std::io::BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let value = line
            .strip_prefix("Content-Length: ")
            .unwrap_or_else(|| panic!("stdout carries only frames, found {line:?}"));
        len = Some(value.parse::<usize>().unwrap());
    }
    let mut body = vec![0; len.expect("a Content-Length header")];
    r.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("a JSON body"))
}

fn frame(v: Value) -> String {
    let body = v.to_string();
    format!("Content-Length: {}\r\n\r\n{}", body.len(), body)
}

/// The built binary: `shutdown` then `exit` end the process promptly even
/// though the client keeps stdin open (as Helix does), and stdout carries
/// only JSON-RPC frames.
#[test]
fn binary_exits_on_exit_while_stdin_stays_open() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_django-settings-lsp"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut send = |v: Value| {
        stdin.write_all(frame(v).as_bytes()).unwrap();
        stdin.flush().unwrap();
    };
    send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
    );
    assert_eq!(read_frame(&mut stdout).unwrap()["id"], 1);
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    let answer = read_frame(&mut stdout).unwrap();
    assert_eq!(answer["id"], 2);
    assert_eq!(answer["result"], Value::Null, "{answer}");
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let sent = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if sent.elapsed() > Duration::from_secs(1) {
            let _ = child.kill();
            panic!("the server did not exit within 1 s of `exit`");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_eq!(status.code(), Some(0), "exit after shutdown is status 0");
    assert!(
        read_frame(&mut stdout).is_none(),
        "nothing after the last answer"
    );
    // stdin was open until here.
    drop(stdin);
}

#[test]
fn binary_exit_without_shutdown_is_status_1() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_django-settings-lsp"))
        .arg("--stdio")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    use std::io::Write;
    stdin
        .write_all(frame(json!({"jsonrpc": "2.0", "method": "exit"})).as_bytes())
        .unwrap();
    stdin.flush().unwrap();
    let sent = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            sent.elapsed() < Duration::from_secs(1),
            "no exit within 1 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(status.code(), Some(1));
}
