//! Hostile input over LSP: malformed JSON-RPC to the built binary, requests
//! for documents never opened, positions far outside a document, a version
//! going backwards, deep nesting in the hover, completion and code-action
//! paths, and huge documents. The server must answer (an error where the
//! message is wrong) or log, and keep serving; never crash or hang.

use crate::binary_client;
use crate::common;

use std::time::Duration;

use binary_client::{frame, Bin};
use common::*;
use serde_json::{json, Value};

fn hover_unopened(id: i64) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///nowhere/settings.py"}, "position": {"line": 0, "character": 0}}})
}

/// What one malformed message did to a fresh server.
fn survives(name: &str, payload: &[u8], answers_id: Option<i64>) -> Result<(), String> {
    let mut b = Bin::spawn(&[("DJANGO_SETTINGS_LSP_LOG", "debug")]);
    b.initialize(json!({}));
    b.send_raw(payload);
    if let Some(id) = answers_id {
        match b.response_within(&json!(id), Duration::from_secs(10)) {
            Some(r) if r.get("error").is_some() => {}
            Some(r) => return Err(format!("{name}: answered without an error: {r}")),
            None => return Err(format!("{name}: no error response to id {id}")),
        }
    }
    // A lying Content-Length may swallow the next frame or two; a server
    // that resynchronises answers the last of these.
    for id in 100..103 {
        b.send(&hover_unopened(id));
    }
    let answered = b.response_within(&json!(102), Duration::from_secs(10));
    let alive = b.alive();
    match (answered, alive) {
        (Some(_), true) => Ok(()),
        (None, true) => Err(format!("{name}: alive but no longer answering (hung)")),
        (_, false) => Err(format!(
            "{name}: the server exited ({:?}); stderr:\n{}",
            b.wait_exit(Duration::from_secs(1)),
            b.stderr()
        )),
    }
}

#[test]
fn malformed_json_rpc_is_answered_or_logged_and_the_server_keeps_serving() {
    let shutdown = br#"{"jsonrpc":"2.0","id":8,"method":"shutdown"}"#;
    let mut cases: Vec<(&str, Vec<u8>, Option<i64>)> = vec![
        // Bodies that are not JSON-RPC.
        ("bad JSON", frame(b"{not json"), None),
        ("invalid UTF-8 body", frame(b"{\"jsonrpc\":\"2.0\",\"method\":\"x\xff\"}"), None),
        ("null body", frame(b"null"), None),
        ("a number", frame(b"5"), None),
        ("a batch array", frame(br#"[{"jsonrpc":"2.0","id":6,"method":"shutdown"}]"#), None),
        ("id is an object", frame(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#), None),
        ("method is a number", frame(br#"{"jsonrpc":"2.0","id":7,"method":5}"#), None),
        ("no jsonrpc member", frame(br#"{"id":5,"method":"shutdown"}"#), None),
        ("jsonrpc 1.0", frame(br#"{"jsonrpc":"1.0","id":5,"method":"shutdown"}"#), None),
        // Requests with wrong params: an error answer.
        ("params of the wrong types", frame(br#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":5,"position":"x"}}"#), Some(2)),
        ("params missing fields", frame(br#"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{}}"#), Some(3)),
        ("no params", frame(br#"{"jsonrpc":"2.0","id":4,"method":"textDocument/codeAction"}"#), Some(4)),
        ("negative positions", frame(br#"{"jsonrpc":"2.0","id":9,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///a.py"},"position":{"line":-1,"character":-5}}}"#), Some(9)),
        ("unknown method", frame(br#"{"jsonrpc":"2.0","id":10,"method":"textDocument/nope","params":{}}"#), Some(10)),
        // Notifications with wrong params, answers to nothing.
        ("didOpen with wrong types", frame(br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.py","version":"x","text":1}}}"#), None),
        ("didChange without changes", frame(br#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.py","version":2}}}"#), None),
        ("a response to nothing", frame(br#"{"jsonrpc":"2.0","id":99,"result":null}"#), None),
        // Framing.
        ("empty body", b"Content-Length: 0\r\n\r\n".to_vec(), None),
        ("Content-Length too short", [&b"Content-Length: 10\r\n\r\n"[..], shutdown].concat(), None),
        ("Content-Length too long", [format!("Content-Length: {}\r\n\r\n", shutdown.len() + 30).as_bytes(), shutdown].concat(), None),
        ("Content-Length huge", b"Content-Length: 99999999999\r\n\r\n{}".to_vec(), None),
        ("Content-Length not a number", b"Content-Length: abc\r\n\r\n{}".to_vec(), None),
        ("no Content-Length", b"Content-Type: application/json\r\n\r\n{}".to_vec(), None),
        ("unknown charset", b"Content-Length: 2\r\nContent-Type: text/x; charset=latin1\r\n\r\n{}".to_vec(), None),
        ("garbage bytes", b"\x00\x01garbage\r\n\r\n".to_vec(), None),
        ("lower-case header name", [format!("content-length: {}\r\n\r\n", shutdown.len()).as_bytes(), shutdown].concat(), None),
    ];
    let mut failures = vec![];
    for (name, payload, id) in cases.drain(..) {
        if let Err(e) = survives(name, &payload, id) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} malformed inputs broke the server:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn requests_for_documents_never_opened() {
    let mut c = Client::in_process();
    c.start(&["utf-16"]).await;
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}});
    for uri in [
        "file:///nowhere/settings.py",
        "untitled:Untitled-1",
        "file:///",
        "https://example.com/settings.py",
        "file:///nowhere/%FF%FE.py",
    ] {
        let pos = json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}});
        for (method, params) in [
            ("textDocument/hover", pos.clone()),
            ("textDocument/completion", pos.clone()),
            (
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
            ),
            (
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": [], "only": ["source.fixAll.django-settings"]}}),
            ),
            ("django-settings-lsp/documentText", json!({"uri": uri})),
        ] {
            let r = c.request(method, params).await;
            assert!(r.get("error").is_none(), "{method} on {uri}: {r}");
            assert!(
                r["result"].is_null() || r["result"] == json!([]),
                "{method} on {uri}: {r}"
            );
        }
        c.change(uri, 2, json!([{"range": range, "text": "x"}]))
            .await;
        c.notify(
            "textDocument/didSave",
            json!({"textDocument": {"uri": uri}, "text": "DEBUG = True\n"}),
        )
        .await;
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    }
    // A document that is open but not a file: no diagnostics, no errors.
    c.open("untitled:Untitled-2", 1, "DEBUG = True\n").await;
    let r = c
        .request("textDocument/hover", json!({"textDocument": {"uri": "untitled:Untitled-2"}, "position": {"line": 0, "character": 1}}))
        .await;
    assert!(r.get("error").is_none(), "{r}");
    let r = c.document_text("untitled:Untitled-2").await;
    assert_eq!(r["text"], "DEBUG = True\n");
    // Still serving files.
    let t = tempfile::tempdir().unwrap();
    let path = startproject(t.path(), "DEBUG = True\n");
    let u = uri(&path);
    c.open(&u, 1, "DEBUG = True\n").await;
    assert!(codes(&c.diagnostics(&u, 1).await).contains(&"security.W018".to_string()));
}

#[tokio::test]
async fn positions_far_outside_the_document() {
    let t = tempfile::tempdir().unwrap();
    let text = "DEBUG = True\nX = '😀'\r\n";
    let path = startproject(t.path(), text);
    let u = uri(&path);
    for enc in ["utf-8", "utf-16", "utf-32"] {
        let mut c = Client::in_process();
        c.start(&[enc]).await;
        c.open(&u, 1, text).await;
        c.diagnostics(&u, 1).await;
        let max = u32::MAX as u64;
        for (line, ch) in [
            (max, max),
            (0, max),
            (max, 0),
            (1, 3),
            (1, 4),
            (2, 0),
            (3, 0),
            (1_000_000, 5),
        ] {
            let pos =
                json!({"textDocument": {"uri": u}, "position": {"line": line, "character": ch}});
            for method in ["textDocument/hover", "textDocument/completion"] {
                let r = c.request(method, pos.clone()).await;
                assert!(
                    r.get("error").is_none(),
                    "{enc} {method} ({line}, {ch}): {r}"
                );
            }
            for (a, b) in [
                ((0, 0), (line, ch)),
                ((line, ch), (0, 0)),
                ((line, ch), (line, ch)),
            ] {
                let r = c
                    .request(
                        "textDocument/codeAction",
                        json!({"textDocument": {"uri": u}, "range": {"start": {"line": a.0, "character": a.1}, "end": {"line": b.0, "character": b.1}}, "context": {"diagnostics": []}}),
                    )
                    .await;
                assert!(
                    r.get("error").is_none(),
                    "{enc} codeAction to ({line}, {ch}): {r}"
                );
            }
        }
        // A change at the largest position: refused, out of sync, told once;
        // the text is untouched.
        c.change(
            &u,
            2,
            json!([{"range": {"start": {"line": max, "character": max}, "end": {"line": max, "character": max}}, "text": "x"}]),
        )
        .await;
        assert!(c.diagnostics(&u, 2).await.is_empty());
        let d = c.document_text(&u).await;
        assert_eq!(d["outOfSync"], true);
        // Columns past the end of an existing line clamp to its end.
        c.change(&u, 3, json!([{"text": text}])).await;
        c.change(
            &u,
            4,
            json!([{"range": {"start": {"line": 0, "character": max}, "end": {"line": 0, "character": max}}, "text": "  # end"}]),
        )
        .await;
        let d = c.document_text(&u).await;
        assert_eq!(d["text"], "DEBUG = True  # end\nX = '😀'\r\n", "{enc}");
        assert_eq!(d["outOfSync"], false);
        let r = c.request("shutdown", Value::Null).await;
        assert!(r.get("error").is_none());
    }
}

#[tokio::test]
async fn did_change_with_a_version_going_backwards() {
    let t = tempfile::tempdir().unwrap();
    let path = startproject(t.path(), "DEBUG = True\n");
    let u = uri(&path);
    let mut c = Client::in_process();
    c.start(&["utf-8"]).await;
    c.open(&u, 5, "DEBUG = True\n").await;
    assert!(codes(&c.diagnostics(&u, 5).await).contains(&"security.W018".to_string()));
    let whole = |s: &str| json!([{"text": s}]);
    c.change(&u, 3, whole("DEBUG = False\n")).await;
    let d = c.diagnostics(&u, 3).await;
    assert!(!codes(&d).contains(&"security.W018".to_string()), "{d:?}");
    let r = c.document_text(&u).await;
    assert_eq!(r["text"], "DEBUG = False\n");
    assert_eq!(r["version"], 3);
    // The same version again, then a negative one, then forwards.
    c.change(
        &u,
        3,
        json!([{"range": {"start": {"line": 0, "character": 8}, "end": {"line": 0, "character": 13}}, "text": "True"}]),
    )
    .await;
    c.change(&u, -7, whole("DEBUG = 1\n")).await;
    let d = c.diagnostics(&u, -7).await;
    assert!(codes(&d).contains(&"security.W018".to_string()), "{d:?}");
    c.change(&u, 4, whole("DEBUG = False\n")).await;
    let d = c.diagnostics(&u, 4).await;
    assert!(!codes(&d).contains(&"security.W018".to_string()), "{d:?}");
    assert_eq!(c.document_text(&u).await["text"], "DEBUG = False\n");
    let shown = c
        .notifications
        .iter()
        .filter(|n| n["method"] == "window/showMessage")
        .count();
    assert_eq!(shown, 0, "a version going backwards is not a lost edit");
}

/// 10,000 nested brackets through every request that reads the tree or
/// evaluates the module, on the built binary (whose main thread has the
/// stack the server really runs on).
#[test]
fn deep_nesting_in_hover_completion_and_code_actions() {
    let t = tempfile::tempdir().unwrap();
    let deep = |n: usize, inner: &str| format!("{}{inner}{}", "[".repeat(n), "]".repeat(n));
    let text = format!(
        "DEBUG = {}\nSECURE_SSL_REDIRECT = {}\nX_FRAME_OPTIONS = ({})\nALLOWED_HOSTS = [{}\n",
        deep(10_000, "True"),
        deep(10_000, "False"),
        "(".repeat(10_000) + "'deny'" + &")".repeat(10_000),
        "(".repeat(10_000)
    );
    let path = startproject(t.path(), &text);
    let u = uri(&path);
    let mut b = Bin::spawn(&[]);
    b.initialize(json!({"general": {"positionEncodings": ["utf-16"]}}));
    b.open(&u, 1, &text);
    let diags = b
        .wait_for(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == u.as_str()
        })
        .unwrap_or_else(|| panic!("no diagnostics; stderr:\n{}", b.stderr()));
    let codes: Vec<&str> = diags["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"dsl.E001"),
        "Python's nesting limit: {codes:?}"
    );
    for line in 0..5u64 {
        for ch in [0u64, 3, 9, 5_000, 10_004, 20_010] {
            let pos =
                json!({"textDocument": {"uri": u}, "position": {"line": line, "character": ch}});
            for method in ["textDocument/hover", "textDocument/completion"] {
                let r = b.request(method, pos.clone());
                assert!(r.get("error").is_none(), "{method} ({line}, {ch}): {r}");
            }
        }
        for only in [
            Value::Null,
            json!(["quickfix"]),
            json!(["source.fixAll.django-settings"]),
        ] {
            let mut context = json!({"diagnostics": []});
            if !only.is_null() {
                context["only"] = only;
            }
            let r = b.request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": u}, "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 20_000}}, "context": context}),
            );
            assert!(r.get("error").is_none(), "codeAction line {line}: {r}");
        }
    }
    assert!(b.alive(), "stderr:\n{}", b.stderr());
}

/// A 5 MB document with a 1 MB line, opened and edited at its far end in
/// UTF-16: diagnostics, hover and code actions still answer.
#[tokio::test]
async fn five_megabyte_document_with_a_one_megabyte_line() {
    let t = tempfile::tempdir().unwrap();
    let mut text = String::new();
    while text.len() < 4 << 20 {
        text.push_str("# a comment, repeated to make this module very large ..................\n");
    }
    let hosts: Vec<String> = (0..90_000).map(|i| format!("'h{i}.example.com'")).collect();
    text.push_str(&format!("ALLOWED_HOSTS = [{}]  # 😀 é\n", hosts.join(", ")));
    text.push_str("DEBUG = True\n");
    assert!(text.len() > 5 << 20);
    let path = startproject(t.path(), &text);
    let u = uri(&path);
    let lines = text.lines().count() as u64;
    let mut c = Client::in_process();
    c.start(&["utf-16"]).await;
    c.open(&u, 1, &text).await;
    let d = c.diagnostics(&u, 1).await;
    let w018 = find(&d, "security.W018");
    assert_eq!(start(w018), (lines - 1, 8));
    assert!(!codes(&d).contains(&"security.W020".to_string()));
    // Edit the end of the 1 MB line (after the emoji and é).
    let long_line = lines - 2;
    let units = text
        .lines()
        .nth(long_line as usize)
        .unwrap()
        .encode_utf16()
        .count() as u64;
    c.change(
        &u,
        2,
        json!([{"range": {"start": {"line": lines - 1, "character": 8}, "end": {"line": lines - 1, "character": 12}}, "text": "False"},
               {"range": {"start": {"line": long_line, "character": units}, "end": {"line": long_line, "character": units}}, "text": " x"}]),
    )
    .await;
    let d = c.diagnostics(&u, 2).await;
    assert!(
        !codes(&d).contains(&"security.W018".to_string()),
        "{:?}",
        codes(&d)
    );
    let r = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": {"line": long_line, "character": 3}}),
        )
        .await;
    assert!(r["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("ALLOWED_HOSTS"));
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": {"start": {"line": long_line, "character": units}, "end": {"line": long_line, "character": units + 2}}, "context": {"diagnostics": []}}),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
    let back = c.document_text(&u).await;
    assert!(back["text"]
        .as_str()
        .unwrap()
        .ends_with("]  # 😀 é x\nDEBUG = False\n"));
}

/// Fuzz target (a)'s module that doubled a string each loop round (see
/// `hostile_input::values_that_outgrow_their_inputs_are_bounded_memory`):
/// in the editor it is a user typing nested f-strings, and a failed
/// allocation would end the server. Opened, hovered and asked for fixes
/// (each fix proof runs the module again) in 400 MB of address space, the
/// server answers and keeps serving.
#[test]
fn a_module_whose_values_double_each_step_is_answered_in_bounded_memory() {
    let t = tempfile::tempdir().unwrap();
    let text = "DEBUG = True\nAWS_SECRET_ACCESS_KEY = AWS_SECRET_ACCESS_KEY\r\nSECRET_KEY_FALLBACKS = 0\r\nfor m in ('django.middleware.clickjacking.XFrameOptionsMiddleware'):\r\n    DEBUG = f'{f'{(\r\nf'{DEBUG}',\r\n    'django.middleware.security.SecurityMiddleware' or None)}'}'\r\nSECURE_SSL_REDIRECT = ''\nMIDDLEWARE.remove('django.middleware.common.CommonMiddleware')\nCSRF_USE_SESSIONS = f'{True}'\nCSRF_USE_SESSIONS = True\n";
    let path = startproject(t.path(), text);
    let u = uri(&path);
    let mut b = Bin::spawn_in_memory(400 * 1024);
    b.initialize(json!({}));
    b.open(&u, 1, text);
    b.wait_for(|n| {
        n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == u.as_str()
    })
    .unwrap_or_else(|| panic!("no diagnostics; stderr:\n{}", b.stderr()));
    let hover = b.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 4, "character": 5}}),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    let actions = b.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 11, "character": 0}}, "context": {"diagnostics": []}}),
    );
    assert!(actions.get("error").is_none(), "{actions}");
    assert!(b.alive(), "stderr:\n{}", b.stderr());
}
