//! LSP latency benchmark: spawns the server binary as an editor would, and
//! measures (1) spawn → `initialize` answered, (2) for 1,000 one-character
//! incremental `didChange` on a 4,000-line settings module, the time until
//! `publishDiagnostics` for that version arrives, (3) peak RSS with 50 open
//! settings modules, (4) the same edits on one of 100 open settings modules.
//! `cargo bench --bench lsp_latency`; see BENCHMARKS.md.
//!
//! Knobs (environment), to keep runs short or to run one part:
//! `LSP_BENCH_PARTS` (comma-separated of `init,edit,rss,open`; all by default),
//! `LSP_BENCH_LINES` (the edited module's lines, 4000), `LSP_BENCH_EDITS`
//! (edits per loop, 1000), `LSP_BENCH_OPEN` (open modules of part 4, 100),
//! `LSP_BENCH_WRAP` (a command the server runs under, split at spaces, e.g.
//! `valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out`).

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const OPEN_MODULES: usize = 50;

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn part(name: &str) -> bool {
    std::env::var("LSP_BENCH_PARTS")
        .map(|p| p.split(',').any(|x| x.trim() == name))
        .unwrap_or(true)
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn spawn() -> Server {
        let bin = env!("CARGO_BIN_EXE_django-settings-lsp");
        let wrap = std::env::var("LSP_BENCH_WRAP").unwrap_or_default();
        let mut words = wrap.split_whitespace();
        let mut command = match words.next() {
            Some(w) => {
                let mut c = Command::new(w);
                c.args(words).arg(bin);
                c
            }
            None => Command::new(bin),
        };
        let mut child = command
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
                .recv_timeout(Duration::from_secs(300))
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
    let edits = knob("LSP_BENCH_EDITS", 1000);
    let lines = knob("LSP_BENCH_LINES", 4000);
    let open = knob("LSP_BENCH_OPEN", 100);
    println!(
        "lsp_latency ({} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );

    // 1. Spawn -> initialize answered (median of 21).
    if part("init") {
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
        println!(
            "  spawn -> initialize answered: median {:.2} ms (21 runs)",
            init_times[10].as_secs_f64() * 1e3
        );
    }

    // 2. didChange -> publishDiagnostics on a 4,000-line module.
    if part("edit") {
        let text = support::settings_module(lines);
        let path = project(dir.path(), "big", &text);
        let mut s = started_server(&caps);
        let lat = edit_loop(&mut s, &path, &text, 2000.min(lines as u32 / 2), edits);
        stop(s);
        report(&format!("{lines}-line module"), edits, &lat);
    }

    // 3. Peak RSS with 50 open settings modules.
    if part("rss") {
        let sp = support::startproject();
        let mut s = started_server(&caps);
        for i in 0..OPEN_MODULES {
            open_module(&mut s, dir.path(), &format!("p{i}"), &sp);
        }
        let rss = s.peak_rss_kib();
        stop(s);
        println!(
            "  peak RSS with {OPEN_MODULES} open settings modules: {:.1} MiB",
            rss as f64 / 1024.0
        );
    }

    // 4. The same edits on the last of `open` open settings modules.
    if part("open") {
        let sp = support::startproject();
        let mut s = started_server(&caps);
        for i in 1..open {
            open_module(&mut s, dir.path(), &format!("o{i}"), &sp);
        }
        let path = project(dir.path(), "o0", &sp);
        let lat = edit_loop(&mut s, &path, &sp, 10, edits);
        stop(s);
        report(
            &format!("one of {open} open startproject modules"),
            edits,
            &lat,
        );
    }
}

fn started_server(caps: &Value) -> Server {
    let mut s = Server::spawn();
    s.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": caps}),
    );
    s.notify("initialized", json!({}));
    s
}

fn stop(mut s: Server) {
    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    let _ = s.child.wait();
}

fn open_module(s: &mut Server, dir: &std::path::Path, name: &str, text: &str) {
    let p = project(dir, name, text);
    let u = format!("file://{}", p.display());
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "python", "version": 1, "text": text}}),
    );
    s.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == u);
}

/// Opens `path` (text `text`) and times `edits` one-character edits at the
/// end of `line`, each until its versioned diagnostics arrive.
fn edit_loop(
    s: &mut Server,
    path: &std::path::Path,
    text: &str,
    line: u32,
    edits: usize,
) -> Vec<Duration> {
    let uri = format!("file://{}", path.display());
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}),
    );
    s.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 1);
    let mut lat = Vec::with_capacity(edits);
    for i in 0..edits {
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
            let end_col = s_line_len(text, line as usize) as u32;
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
    lat
}

fn report(what: &str, edits: usize, lat: &[Duration]) {
    if lat.is_empty() {
        println!("  didChange -> publishDiagnostics, {what}: no edits");
        return;
    }
    println!(
        "  didChange -> publishDiagnostics, {what}, {edits} one-character edits: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        percentile(lat, 0.5).as_secs_f64() * 1e3,
        percentile(lat, 0.99).as_secs_f64() * 1e3,
        lat[lat.len() - 1].as_secs_f64() * 1e3
    );
}

fn s_line_len(text: &str, line: usize) -> usize {
    text.lines().nth(line).map(|l| l.len()).unwrap_or(0)
}
