//! Faults: the client disappearing, a client that never answers the
//! server's requests, and a panic inside one analysis.

use crate::binary_client;
use crate::common;

use std::time::{Duration, Instant};

use binary_client::Bin;
use common::{startproject, uri};
use serde_json::{json, Value};

/// The client closes the server's stdin: the process ends within a second
/// (measured from the close), whatever state the session is in.
#[test]
fn closing_stdin_ends_the_process_within_a_second() {
    let t = tempfile::tempdir().unwrap();
    let path = startproject(t.path(), "DEBUG = True\n");
    let u = uri(&path);
    type Setup = fn(&mut Bin, &str);
    let scenarios: [(&str, Setup); 4] = [
        ("before initialize", |_, _| {}),
        ("after initialize, idle", |b, _| {
            b.initialize(json!({}));
        }),
        ("with a document open", |b, u| {
            b.initialize(json!({}));
            b.open(u, 1, "DEBUG = True\n");
            b.wait_for(|n| n["method"] == "textDocument/publishDiagnostics");
        }),
        ("in the middle of a frame", |b, _| {
            b.initialize(json!({}));
            b.send_raw(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",");
        }),
    ];
    for (name, setup) in scenarios {
        let mut b = Bin::spawn(&[]);
        setup(&mut b, &u);
        b.close_stdin();
        let closed = Instant::now();
        let status = b.wait_exit(Duration::from_secs(1));
        assert!(
            status.is_some(),
            "{name}: still running 1 s after stdin closed (waited {:?})",
            closed.elapsed()
        );
        assert_eq!(
            status.unwrap().code(),
            Some(1),
            "{name}: exit without shutdown is 1"
        );
    }
}

/// The client disappears while the server is busy analysing a large module:
/// the process still ends within a second of stdin closing (not when the
/// analysis is done).
#[test]
fn closing_stdin_during_a_long_analysis_ends_the_process_within_a_second() {
    let t = tempfile::tempdir().unwrap();
    // About 2 MB of statements: seconds of analysis in a debug build.
    let text: String = (0..60_000)
        .map(|i| format!("SETTING_{i} = {{'k': ['v{i}', {i}], 'n': None}}\n"))
        .collect();
    let path = startproject(t.path(), &text);
    let u = uri(&path);
    let mut b = Bin::spawn(&[("DJANGO_SETTINGS_LSP_LOG", "debug")]);
    b.initialize(json!({}));
    b.open(&u, 1, &text);
    // Let the analysis start, then go away.
    std::thread::sleep(Duration::from_millis(300));
    b.close_stdin();
    let closed = Instant::now();
    let status = b.wait_exit(Duration::from_secs(1));
    let waited = closed.elapsed();
    let ended = status.is_some() || b.wait_exit(Duration::from_secs(60)).is_some();
    assert!(ended, "the process never ended after stdin closed");
    assert!(
        status.is_some(),
        "still running 1 s after stdin closed; it ended {:?} later, after the analysis; stderr:\n{}",
        closed.elapsed() - waited,
        b.stderr()
    );
}

/// A client that never answers `workspace/configuration` or
/// `client/registerCapability` (the binary, over pipes): every request is
/// still answered well before the server's 10 s request timeout, and edits
/// are still diagnosed.
#[test]
fn a_client_that_never_answers_server_requests_stalls_nothing() {
    let t = tempfile::tempdir().unwrap();
    let path = startproject(t.path(), "DEBUG = True\n");
    let u = uri(&path);
    let mut b = Bin::spawn(&[]);
    b.answer_server_requests = false;
    b.initialize(json!({"workspace": {"configuration": true, "didChangeConfiguration": {"dynamicRegistration": true}, "didChangeWatchedFiles": {"dynamicRegistration": true}}}));
    b.open(&u, 1, "DEBUG = True\n");
    // Under the 10 s after which the server gives up on the client.
    let prompt = Duration::from_secs(8);
    let started = Instant::now();
    let ask = |b: &mut Bin, method: &str, params: Value| {
        let id = b.start_request(method, params);
        let r = b
            .response_within(&json!(id), prompt)
            .unwrap_or_else(|| panic!("{method} not answered within {prompt:?} while the client ignores the server's requests"));
        assert!(r.get("error").is_none(), "{method}: {r}");
        r
    };
    let pos = json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 2}});
    let r = ask(&mut b, "textDocument/hover", pos.clone());
    assert!(r["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("DEBUG"));
    b.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    b.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": "DEBUG = False\n"}]}),
    );
    ask(
        &mut b,
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": {"line": 1, "character": 0}}),
    );
    ask(
        &mut b,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}}),
    );
    let v2 = b
        .wait_for(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["version"] == 2
        })
        .expect("diagnostics for the edit");
    assert!(!v2.to_string().contains("security.W018"));
    assert!(
        started.elapsed() < prompt,
        "the session took {:?}",
        started.elapsed()
    );
    assert!(
        b.server_requests
            .iter()
            .any(|r| r["method"] == "workspace/configuration"),
        "the server did ask (and got no answer)"
    );
    ask(&mut b, "shutdown", Value::Null);
}

/// A panic inside one analysis is caught, logged to stderr with its
/// backtrace, shown to the user once (`window/showMessage`), and the server
/// keeps serving other requests and documents.
///
/// Nothing reachable through the public interface panics (the fuzzers found
/// no panic), so the crash comes from the fault-injection hook of debug
/// builds (`injected_fault` in `lsp/actor.rs`): an analysis panics when the
/// open text holds the marker and the variable of that name is `1`. The
/// test binary is a debug build; release builds have no hook.
#[test]
fn a_panic_in_one_analysis_is_caught_logged_shown_once_and_the_server_keeps_serving() {
    const MARKER: &str = "DJANGO_SETTINGS_LSP_TEST_PANIC";
    let t = tempfile::tempdir().unwrap();
    let good = startproject(t.path(), "DEBUG = True\n");
    let t2 = tempfile::tempdir().unwrap();
    let bad = startproject(t2.path(), "");
    let (good_u, bad_u) = (uri(&good), uri(&bad));
    let mut b = Bin::spawn(&[(MARKER, "1"), ("RUST_BACKTRACE", "0")]);
    b.initialize(json!({}));
    let bad_text = format!("# {MARKER}\nSECRET_KEY = '{SECRET}'\nDEBUG = True\n");
    b.open(&bad_u, 1, &bad_text);
    b.open(&good_u, 1, "DEBUG = True\n");
    // The other document is still diagnosed.
    let good_diags = b
        .wait_for(|n| {
            n["method"] == "textDocument/publishDiagnostics"
                && n["params"]["uri"] == good_u.as_str()
        })
        .expect("the other document is diagnosed");
    assert!(good_diags.to_string().contains("security.W018"));
    // The crash is shown to the user.
    let shown = b
        .wait_for(|n| n["method"] == "window/showMessage")
        .expect("the crash is shown");
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("internal error")
            || shown["params"]["message"]
                .as_str()
                .unwrap()
                .contains("crashed")
    );
    // More edits to the crashing document: still shown only once.
    for v in 2..5 {
        b.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": bad_u, "version": v}, "contentChanges": [{"text": format!("{bad_text}# {v}\n")}]}),
        );
    }
    let r = b.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": good_u}, "position": {"line": 0, "character": 1}}),
    );
    assert!(r["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("DEBUG"));
    b.drain(Duration::from_millis(500));
    let shown = b
        .notifications
        .iter()
        .filter(|n| n["method"] == "window/showMessage")
        .count();
    assert_eq!(shown, 1, "the crash is reported once");
    // Logged with the panic message and a backtrace, even without RUST_BACKTRACE.
    let stderr = b.stderr();
    assert!(stderr.contains("panicked"), "{stderr}");
    assert!(stderr.to_lowercase().contains("backtrace"), "{stderr}");
    // The panic message quoted the module; the log does not.
    assert!(!stderr.contains(SECRET), "{stderr}");
    assert!(b.alive());
}

const SECRET: &str = "fault-secret-value-0123456789abcdefghijklmnopqrstuvwxyz";

/// `check` turns a panic into exit status 2 with a clear message and the
/// panic's location and backtrace on stderr, without the analysed text.
#[test]
fn a_panic_in_check_is_exit_status_2_with_a_backtrace_and_no_secret() {
    const MARKER: &str = "DJANGO_SETTINGS_LSP_TEST_PANIC";
    let t = tempfile::tempdir().unwrap();
    let path = startproject(t.path(), &format!("# {MARKER}\nSECRET_KEY = '{SECRET}'\n"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_django-settings-lsp"))
        .args(["check", path.to_str().unwrap()])
        .env(MARKER, "1")
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("internal error"), "{stderr}");
    assert!(
        stderr.contains("panicked at") && stderr.contains("backtrace"),
        "{stderr}"
    );
    assert!(!stderr.contains(SECRET) && !String::from_utf8_lossy(&out.stdout).contains(SECRET));
}
