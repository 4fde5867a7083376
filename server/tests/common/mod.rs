//! A small LSP client for the tests: frames JSON-RPC over any byte streams,
//! answers the server's requests (`workspace/configuration`,
//! `client/registerCapability`) and keeps every notification it received.

#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    writer: Box<dyn AsyncWrite + Unpin + Send>,
    incoming: UnboundedReceiver<Value>,
    next_id: i64,
    /// Every notification from the server, in arrival order.
    pub notifications: Vec<Value>,
    /// Every request from the server, in arrival order.
    pub server_requests: Vec<Value>,
    /// What `workspace/configuration` is answered with (one item).
    pub configuration: Value,
    /// Responses that arrived while another one was awaited, in arrival order.
    pub unmatched: Vec<Value>,
}

/// Reads `Content-Length` framed messages until the stream ends.
pub async fn read_frames<R: AsyncRead + Unpin>(
    mut reader: R,
    tx: tokio::sync::mpsc::UnboundedSender<Value>,
) {
    let mut buf: Vec<u8> = vec![];
    let mut chunk = [0u8; 8192];
    loop {
        // Parse every complete frame in the buffer.
        while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let header = std::str::from_utf8(&buf[..end]).expect("ASCII header");
            let len: usize = header
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length: "))
                .unwrap_or_else(|| panic!("no Content-Length in {header:?}"))
                .trim()
                .parse()
                .unwrap();
            if buf.len() < end + 4 + len {
                break;
            }
            let body: Value = serde_json::from_slice(&buf[end + 4..end + 4 + len])
                .expect("the server writes only JSON-RPC frames");
            buf.drain(..end + 4 + len);
            if tx.send(body).is_err() {
                return;
            }
        }
        match reader.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

impl Client {
    pub fn over<R, W>(reader: R, writer: W) -> Client
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let (tx, incoming) = unbounded_channel();
        tokio::spawn(read_frames(reader, tx));
        Client {
            writer: Box::new(writer),
            incoming,
            next_id: 1,
            notifications: vec![],
            server_requests: vec![],
            configuration: Value::Null,
            unmatched: vec![],
        }
    }

    /// A server in this process, over in-memory pipes.
    pub fn in_process() -> Client {
        let (client_out, server_in) = tokio::io::duplex(1 << 16);
        let (server_out, client_in) = tokio::io::duplex(1 << 16);
        tokio::spawn(django_settings_lsp::serve(server_in, server_out));
        Client::over(client_in, client_out)
    }

    pub async fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        self.writer.write_all(&frame).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Sends a request without waiting; returns its id.
    pub async fn start_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        id
    }

    /// The whole response message (with `result` or `error`).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.start_request(method, params).await;
        self.response(id).await
    }

    pub async fn response(&mut self, id: i64) -> Value {
        if let Some(i) = self.unmatched.iter().position(|r| r["id"] == json!(id)) {
            return self.unmatched.remove(i);
        }
        loop {
            let msg = self.next_message().await;
            if msg.get("method").is_none() {
                if msg["id"] == json!(id) {
                    return msg;
                }
                self.unmatched.push(msg);
            }
        }
    }

    /// The next message that is not a server request (those are answered here).
    async fn next_message(&mut self) -> Value {
        loop {
            let msg = tokio::time::timeout(TIMEOUT, self.incoming.recv())
                .await
                .expect("the server answered in time")
                .expect("the server is still running");
            if msg.get("method").is_some() && msg.get("id").is_some() {
                let result = match msg["method"].as_str().unwrap() {
                    "workspace/configuration" => {
                        let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                        Value::Array(vec![self.configuration.clone(); n])
                    }
                    _ => Value::Null,
                };
                let answer = json!({"jsonrpc": "2.0", "id": msg["id"].clone(), "result": result});
                self.server_requests.push(msg);
                self.send(&answer).await;
                continue;
            }
            if msg.get("method").is_some() {
                self.notifications.push(msg.clone());
            }
            return msg;
        }
    }

    /// Waits for a notification satisfying `pred` (already received ones count).
    pub async fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(n) = self.notifications.iter().find(|n| pred(n)) {
            return n.clone();
        }
        loop {
            let msg = self.next_message().await;
            if msg.get("method").is_none() {
                self.unmatched.push(msg);
            } else if pred(&msg) {
                return msg;
            }
        }
    }

    /// Waits for a notification satisfying `pred` that has not been received
    /// yet (those already received do not count).
    pub async fn wait_for_new(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let msg = self.next_message().await;
            if msg.get("method").is_none() {
                self.unmatched.push(msg);
            } else if pred(&msg) {
                return msg;
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let n = self
            .wait_for(|n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == uri
                    && n["params"]["version"] == version
            })
            .await;
        n["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// Lets pending messages arrive, for checks that nothing more was sent.
    pub async fn drain(&mut self, wait: Duration) {
        while let Ok(Some(msg)) = tokio::time::timeout(wait, self.incoming.recv()).await {
            if msg.get("method").is_some() && msg.get("id").is_none() {
                self.notifications.push(msg);
            } else if msg.get("method").is_none() {
                self.unmatched.push(msg);
            }
        }
    }

    pub fn published(&self, uri: &str) -> Vec<&Value> {
        self.notifications
            .iter()
            .filter(|n| {
                n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
            })
            .map(|n| &n["params"])
            .collect()
    }

    pub async fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let mut params = json!({"processId": null, "rootUri": null, "capabilities": capabilities});
        if !options.is_null() {
            params["initializationOptions"] = options;
        }
        let r = self.request("initialize", params).await;
        assert!(r.get("error").is_none(), "initialize failed: {r}");
        self.notify("initialized", json!({})).await;
        r["result"].clone()
    }

    /// Initializes as a client that offers `encodings` and nothing fancy.
    pub async fn start(&mut self, encodings: &[&str]) -> Value {
        self.initialize(
            json!({"general": {"positionEncodings": encodings}}),
            Value::Null,
        )
        .await
    }

    /// Initializes as VS Code does for a window with these workspace
    /// folders (UTF-16, `workspace/configuration`, dynamic file watching).
    pub async fn start_in(&mut self, folders: &[&Path]) -> Value {
        let folders: Vec<Value> = folders
            .iter()
            .map(|f| json!({"uri": uri(f), "name": f.file_name().unwrap().to_string_lossy()}))
            .collect();
        let params = json!({
            "processId": null,
            "rootUri": folders.first().map(|f| f["uri"].clone()),
            "workspaceFolders": folders,
            "capabilities": {"workspace": {"workspaceFolders": true}},
        });
        let r = self.request("initialize", params).await;
        assert!(r.get("error").is_none(), "initialize failed: {r}");
        self.notify("initialized", json!({})).await;
        r["result"].clone()
    }

    /// The newest diagnostics published for `uri` so far (`None`: never).
    pub fn latest(&self, uri: &str) -> Option<Vec<Value>> {
        self.published(uri)
            .last()
            .map(|p| p["diagnostics"].as_array().unwrap().clone())
    }

    pub async fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": version, "text": text}}),
        )
        .await;
    }

    pub async fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    pub async fn document_text(&mut self, uri: &str) -> Value {
        self.request("django-settings-lsp/documentText", json!({"uri": uri}))
            .await["result"]
            .clone()
    }
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

pub fn codes(diags: &[Value]) -> Vec<String> {
    let mut c: Vec<String> = diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    c.sort();
    c
}

pub fn find<'a>(diags: &'a [Value], code: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:#?}"))
}

/// `(line, character)` of a diagnostic's start.
pub fn start(d: &Value) -> (u64, u64) {
    (
        d["range"]["start"]["line"].as_u64().unwrap(),
        d["range"]["start"]["character"].as_u64().unwrap(),
    )
}

pub fn write(dir: &Path, rel: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

/// A startproject-like project whose settings module is `mysite/settings.py`
/// (named by `mysite/wsgi.py`), with `text` as the settings.
pub fn startproject(dir: &Path, text: &str) -> std::path::PathBuf {
    write(
        dir,
        "manage.py",
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    );
    write(dir, "mysite/__init__.py", "");
    write(
        dir,
        "mysite/wsgi.py",
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    );
    write(dir, "mysite/settings.py", text)
}

/// The split example copied into `root`, with a staging module (a deploy
/// module importing production), a sandbox development module, and a
/// `pyproject.toml` that ignores a code, makes a warning an error and names
/// the development modules: what `check` and the editor must agree on.
pub fn split_project_with_configuration(root: &Path) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/split");
    for rel in [
        "manage.py",
        "config/__init__.py",
        "config/wsgi.py",
        "config/settings/__init__.py",
        "config/settings/base.py",
        "config/settings/production.py",
        "config/settings/local.py",
    ] {
        let text = std::fs::read_to_string(example.join(rel)).unwrap();
        write(root, rel, &text);
    }
    write(
        root,
        "config/settings/staging.py",
        "from .production import *  # noqa: F403\nSECURE_HSTS_SECONDS = 60\nSESSION_COOKIE_SECURE = False\n",
    );
    write(
        root,
        "config/settings/sandbox.py",
        "from .base import *  # noqa: F403\nDEBUG = True\n",
    );
    write(
        root,
        "pyproject.toml",
        "[project]\nname = \"site\"\n\n[tool.django-settings-lsp]\ndjango-version = \"5.2\"\nignore = [\"security.W021\"]\ndevelopment-modules = [\"local\", \"sandbox\"]\n\n[tool.django-settings-lsp.severity]\n\"security.W005\" = \"error\"\n",
    );
}

/// Published diagnostics of the file `rel` as `check` prints its rows:
/// (file, 1-based line, column, code, severity). A finding located in
/// another file is also shown on the star import that brings it in;
/// `check` prints it only where it is, so those are left out.
pub fn rows_as_check_prints(
    rel: &str,
    text: &str,
    diags: &[Value],
) -> Vec<(String, u64, u64, String, String)> {
    let mut out = vec![];
    for d in diags {
        let line = text.lines().nth(start(d).0 as usize).unwrap_or("");
        if line.starts_with("from .") && line.contains(" import *") {
            continue;
        }
        let severity = match d["severity"].as_u64().unwrap() {
            1 => "error",
            2 => "warning",
            _ => "info",
        };
        let (line, col) = start(d);
        out.push((
            rel.to_string(),
            line + 1,
            col + 1,
            d["code"].as_str().unwrap().to_string(),
            severity.to_string(),
        ));
    }
    out
}
