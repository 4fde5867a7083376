//! Code actions over the protocol: quick fixes computed from the current
//! text, a suppression per finding, `source.fixAll.django-settings`, and
//! edits that make the diagnostic go away when applied.

use crate::common;

use common::{codes, find, startproject, uri, Client};
use serde_json::{json, Value};

/// Applies LSP text edits (`changes` or `documentChanges`) for one URI.
fn apply(text: &str, edit: &Value, u: &str) -> String {
    let edits: Vec<Value> = if let Some(ch) = edit.get("changes") {
        ch[u].as_array().cloned().unwrap_or_default()
    } else {
        edit["documentChanges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["textDocument"]["uri"] == u)
            .flat_map(|d| d["edits"].as_array().unwrap().clone())
            .collect()
    };
    // UTF-16 positions; apply from the end.
    let mut sorted = edits;
    sorted.sort_by_key(|e| {
        let s = &e["range"]["start"];
        std::cmp::Reverse((
            s["line"].as_u64().unwrap(),
            s["character"].as_u64().unwrap(),
        ))
    });
    let mut out = text.to_string();
    for e in sorted {
        let at = |p: &Value| {
            offset(
                &out,
                p["line"].as_u64().unwrap() as usize,
                p["character"].as_u64().unwrap() as usize,
            )
        };
        let (a, b) = (at(&e["range"]["start"]), at(&e["range"]["end"]));
        out.replace_range(a..b, e["newText"].as_str().unwrap());
    }
    out
}

fn offset(text: &str, line: usize, character: usize) -> usize {
    let mut start = 0;
    for _ in 0..line {
        start += text[start..]
            .find('\n')
            .map(|i| i + 1)
            .unwrap_or(text.len() - start);
    }
    let mut units = 0;
    for (i, ch) in text[start..].char_indices() {
        if units >= character || ch == '\n' {
            return start + i;
        }
        units += ch.len_utf16();
    }
    text.len()
}

async fn actions(c: &mut Client, u: &str, line: u64, only: Option<Value>) -> Vec<Value> {
    let mut ctx = json!({"diagnostics": []});
    if let Some(o) = only {
        ctx["only"] = o;
    }
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "context": ctx}),
        )
        .await;
    r["result"].as_array().cloned().unwrap_or_default()
}

const SETTINGS: &str = "SECRET_KEY = \"django-insecure-abc\"\nDEBUG = True\nALLOWED_HOSTS = []\nMIDDLEWARE = [\n    \"django.middleware.security.SecurityMiddleware\",\n    \"django.middleware.csrf.CsrfViewMiddleware\",\n]\n";

#[tokio::test]
async fn quick_fix_clears_the_diagnostic_when_applied() {
    let t = tempfile::tempdir().unwrap();
    let path = startproject(t.path(), SETTINGS);
    let u = uri(&path);
    let mut c = Client::in_process();
    c.start(&["utf-16"]).await;
    c.open(&u, 1, SETTINGS).await;
    let diags = c.diagnostics(&u, 1).await;
    assert!(codes(&diags).contains(&"security.W018".to_string()));
    let acts = actions(&mut c, &u, 1, None).await;
    let titles: Vec<&str> = acts.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Change DEBUG to False"), "{titles:?}");
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Suppress security.W018")),
        "{titles:?}"
    );
    let preferred: Vec<&Value> = acts
        .iter()
        .filter(|a| a["isPreferred"] == true && a["diagnostics"][0]["code"] == "security.W018")
        .collect();
    assert_eq!(preferred.len(), 1, "{acts:#?}");
    assert_eq!(preferred[0]["kind"], "quickfix");
    let fixed = apply(SETTINGS, &preferred[0]["edit"], &u);
    assert!(fixed.contains("\nDEBUG = False\n"), "{fixed}");
    c.change(&u, 2, json!([{"text": fixed}])).await;
    let after = codes(&c.diagnostics(&u, 2).await);
    assert!(!after.contains(&"security.W018".to_string()), "{after:?}");

    // The SECRET_KEY rewrite adds `import os` and reads the environment.
    let acts = actions(&mut c, &u, 0, None).await;
    let env = acts
        .iter()
        .find(|a| a["title"] == "Read SECRET_KEY from the environment variable DJANGO_SECRET_KEY")
        .unwrap_or_else(|| panic!("{acts:#?}"));
    let rewritten = apply(&fixed, &env["edit"], &u);
    assert!(
        rewritten.starts_with("import os\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\n"),
        "{rewritten}"
    );
    c.change(&u, 3, json!([{"text": rewritten.clone()}])).await;
    let after = codes(&c.diagnostics(&u, 3).await);
    assert!(!after.contains(&"security.W009".to_string()), "{after:?}");

    // Suppression: a `# noqa` comment silences the finding on its line.
    let acts = actions(&mut c, &u, 3, None).await;
    let s = acts
        .iter()
        .find(|a| a["title"] == "Suppress security.W020 on this line (# noqa)")
        .unwrap_or_else(|| panic!("{acts:#?}"));
    let suppressed = apply(&rewritten, &s["edit"], &u);
    assert!(
        suppressed.contains("ALLOWED_HOSTS = []  # noqa: security.W020\n"),
        "{suppressed}"
    );
    c.change(&u, 4, json!([{"text": suppressed}])).await;
    let after = codes(&c.diagnostics(&u, 4).await);
    assert!(!after.contains(&"security.W020".to_string()), "{after:?}");
}

#[tokio::test]
async fn fix_all_applies_only_safe_fixes_and_is_versioned() {
    let t = tempfile::tempdir().unwrap();
    let path = startproject(t.path(), SETTINGS);
    let u = uri(&path);
    let mut c = Client::in_process();
    c.initialize(
        json!({"general": {"positionEncodings": ["utf-16"]}, "workspace": {"workspaceEdit": {"documentChanges": true}}}),
        Value::Null,
    )
    .await;
    c.open(&u, 7, SETTINGS).await;
    c.diagnostics(&u, 7).await;
    // Asked for source.fixAll (a prefix of our kind): only the fix-all action.
    let acts = actions(&mut c, &u, 0, Some(json!(["source.fixAll"]))).await;
    assert_eq!(acts.len(), 1, "{acts:#?}");
    assert_eq!(acts[0]["kind"], "source.fixAll.django-settings");
    let changes = &acts[0]["edit"]["documentChanges"][0];
    assert_eq!(changes["textDocument"]["version"], 7);
    let fixed = apply(SETTINGS, &acts[0]["edit"], &u);
    assert!(fixed.contains("DEBUG = False"), "{fixed}");
    assert!(
        fixed.contains("django-insecure-abc"),
        "a secret move is not safe: {fixed}"
    );
    c.change(&u, 8, json!([{"text": fixed.clone()}])).await;
    let diags = c.diagnostics(&u, 8).await;
    assert!(!codes(&diags).contains(&"security.W018".to_string()));
    // Idempotent: nothing left to fix safely.
    let again = actions(&mut c, &u, 0, Some(json!(["source.fixAll"]))).await;
    assert!(again.is_empty(), "{again:#?}");
    // Quick fixes are not offered when only source actions are wanted.
    let w = find(&diags, "security.W009");
    assert_eq!(w["range"]["start"]["line"], 0);
}

#[tokio::test]
async fn missing_middleware_is_inserted_one_per_line() {
    let t = tempfile::tempdir().unwrap();
    let path = startproject(t.path(), SETTINGS);
    let u = uri(&path);
    let mut c = Client::in_process();
    c.start(&["utf-8"]).await;
    c.open(&u, 1, SETTINGS).await;
    let diags = c.diagnostics(&u, 1).await;
    let w002 = find(&diags, "security.W002");
    let line = w002["range"]["start"]["line"].as_u64().unwrap();
    let acts = actions(&mut c, &u, line, None).await;
    let add = acts
        .iter()
        .find(|a| a["title"] == "Add XFrameOptionsMiddleware to MIDDLEWARE")
        .unwrap_or_else(|| panic!("{acts:#?}"));
    let fixed = apply(SETTINGS, &add["edit"], &u);
    assert!(
        fixed.contains("    \"django.middleware.csrf.CsrfViewMiddleware\",\n    \"django.middleware.clickjacking.XFrameOptionsMiddleware\",\n]"),
        "{fixed}"
    );
}

/// A finding about a setting the module leaves out is shown on the entry
/// that makes Django check it, and its quick fix is offered there: on the
/// SecurityMiddleware line, "Set SECURE_HSTS_SECONDS = 3600" clears W004.
#[tokio::test]
async fn the_fix_for_an_absent_setting_is_offered_on_its_reason() {
    let t = tempfile::tempdir().unwrap();
    let path = startproject(t.path(), SETTINGS);
    let u = uri(&path);
    let mut c = Client::in_process();
    c.start(&["utf-16"]).await;
    c.open(&u, 1, SETTINGS).await;
    let diags = c.diagnostics(&u, 1).await;
    let w004 = find(&diags, "security.W004");
    assert_eq!(w004["range"]["start"], json!({"line": 4, "character": 4}));
    assert_eq!(
        find(&diags, "security.W016")["range"]["start"],
        json!({"line": 5, "character": 4})
    );
    let acts = actions(&mut c, &u, 4, None).await;
    let set = acts
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Set SECURE_HSTS_SECONDS = 3600")
        })
        .unwrap_or_else(|| panic!("{acts:#?}"));
    let fixed = apply(SETTINGS, &set["edit"], &u);
    c.change(&u, 2, json!([{"text": fixed.clone()}])).await;
    let after = codes(&c.diagnostics(&u, 2).await);
    assert!(
        !after.contains(&"security.W004".to_string()),
        "{after:?}\n{fixed}"
    );
}

/// Hover reuses the evaluation of the last analysis while nothing it read
/// has changed, and never answers from an evaluation older than an edit
/// that came before it.
#[test]
fn hover_reuses_the_last_analysis_until_an_edit() {
    use crate::binary_client;
    let t = tempfile::tempdir().unwrap();
    let path = startproject(t.path(), SETTINGS);
    let u = uri(&path);
    let mut b = binary_client::Bin::spawn(&[("DJANGO_SETTINGS_LSP_LOG", "debug")]);
    b.initialize(json!({}));
    b.open(&u, 1, SETTINGS);
    b.wait_for(|n| n["method"] == "textDocument/publishDiagnostics")
        .expect("diagnostics");
    let hover = json!({"textDocument": {"uri": u}, "position": {"line": 1, "character": 2}});
    let r = b.request("textDocument/hover", hover.clone());
    assert!(r["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("DEBUG"));
    b.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": SETTINGS.replace("DEBUG = True", "DEBUG = False")}]}),
    );
    let r = b.request("textDocument/hover", hover);
    let value = r["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(value.contains("`False`"), "the edit is seen: {value}");
    // The first hover came after the analysis of the opened text: reused.
    // The second reuses the analysis of the edited text if it has run by
    // then, else evaluates the edited text; either way it sees the edit.
    let log = b.stderr();
    let first = log
        .lines()
        .find(|l| l.contains("hover in"))
        .unwrap_or_default()
        .to_string();
    assert!(first.contains("the last analysis's evaluation"), "{log}");
}
