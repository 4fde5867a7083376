//! LSP latency benchmark: spawns the server binary as an editor would, and
//! measures (1) spawn → `initialize` answered, (2) for 1,000 one-character
//! incremental `didChange` on a 4,000-line settings module, the time until
//! `publishDiagnostics` for that version arrives, (3) peak RSS with 50 open
//! settings modules. `cargo bench --bench lsp_latency`; see BENCHMARKS.md.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const EDITS: usize = 1000;
const OPEN_MODULES: usize = 50;

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn spawn() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_django-settings-lsp"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            rx,
            next_id: 0,
        }
    }

    fn send(&mut self, v: Value) {
        let body = serde_json::to_vec(&v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .rx
                .recv_timeout(Duration::from_secs(30))
                .expect("the server answers");
            if m.get("method").is_some() && m.get("id").is_some() {
                // A server request (configuration, registration): answer null.
                let id = m["id"].clone();
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
                continue;
            }
            if pred(&m) {
                return m;
            }
        }
    }

    fn peak_rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn project(dir: &std::path::Path, name: &str, settings: &str) -> std::path::PathBuf {
    let root = dir.join(name);
    std::fs::create_dir_all(root.join("mysite")).unwrap();
    std::fs::write(
        root.join("manage.py"),
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    )
    .unwrap();
    std::fs::write(root.join("mysite/__init__.py"), "").unwrap();
    std::fs::write(
        root.join("mysite/wsgi.py"),
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    )
    .unwrap();
    let p = root.join("mysite/settings.py");
    std::fs::write(&p, settings).unwrap();
    p
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let caps = json!({"general": {"positionEncodings": ["utf-8"]}});

    // 1. Spawn -> initialize answered (median of 21).
    let mut init_times = vec![];
    for _ in 0..21 {
        let started = Instant::now();
        let mut s = Server::spawn();
        s.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": caps}),
        );
        init_times.push(started.elapsed());
        s.request("shutdown", Value::Null);
        s.notify("exit", Value::Null);
        let _ = s.child.wait();
    }
    init_times.sort();

    // 2. didChange -> publishDiagnostics on a 4,000-line module.
    let text = support::settings_module(4000);
    let path = project(dir.path(), "big", &text);
    let uri = format!("file://{}", path.display());
    let mut s = Server::spawn();
    s.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": caps}),
    );
    s.notify("initialized", json!({}));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}),
    );
    s.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 1);
    let line = 2000u32;
    let mut lat = Vec::with_capacity(EDITS);
    for i in 0..EDITS {
        let version = i as i64 + 2;
        // Type a character at the end of the line, then delete it: the text
        // alternates, so every edit is a real one-character change.
        let col = 200u32; // clamped to the line end
        let (range, new) = if i % 2 == 0 {
            (
                json!({"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}),
                " ",
            )
        } else {
            let end_col = s_line_len(&text, line as usize) as u32;
            (
                json!({"start": {"line": line, "character": end_col}, "end": {"line": line, "character": end_col + 1}}),
                "",
            )
        };
        let started = Instant::now();
        s.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": new}]}));
        s.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
        lat.push(started.elapsed());
    }
    lat.sort();
    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    let _ = s.child.wait();

    // 3. Peak RSS with 50 open settings modules.
    let sp = support::startproject();
    let mut s = Server::spawn();
    s.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": caps}),
    );
    s.notify("initialized", json!({}));
    for i in 0..OPEN_MODULES {
        let p = project(dir.path(), &format!("p{i}"), &sp);
        let u = format!("file://{}", p.display());
        s.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": "python", "version": 1, "text": sp}}),
        );
        s.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == u);
    }
    let rss = s.peak_rss_kib();
    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    let _ = s.child.wait();

    println!(
        "lsp_latency ({} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!(
        "  spawn -> initialize answered: median {:.2} ms (21 runs)",
        init_times[10].as_secs_f64() * 1e3
    );
    println!(
        "  didChange -> publishDiagnostics, 4,000-line module, {EDITS} one-character edits: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        percentile(&lat, 0.5).as_secs_f64() * 1e3,
        percentile(&lat, 0.99).as_secs_f64() * 1e3,
        lat[lat.len() - 1].as_secs_f64() * 1e3
    );
    println!(
        "  peak RSS with {OPEN_MODULES} open settings modules: {:.1} MiB",
        rss as f64 / 1024.0
    );
}

fn s_line_len(text: &str, line: usize) -> usize {
    text.lines().nth(line).map(|l| l.len()).unwrap_or(0)
}
