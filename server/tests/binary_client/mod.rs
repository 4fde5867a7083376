//! Drives the built binary over real pipes: frames JSON-RPC, optionally
//! answers the server's requests, keeps notifications and stderr, and can
//! write arbitrary bytes (for malformed input) and close stdin.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Only detects hangs: every answer the tests wait for takes milliseconds.
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Bin {
    pub child: Child,
    stdin: Option<ChildStdin>,
    frames: Receiver<Value>,
    stderr: Arc<Mutex<Vec<u8>>>,
    next_id: i64,
    /// Answer `workspace/configuration` and other server requests.
    pub answer_server_requests: bool,
    pub notifications: Vec<Value>,
    pub server_requests: Vec<Value>,
}

/// Reads `Content-Length` frames until the stream ends.
fn read_frames(out: impl Read, tx: std::sync::mpsc::Sender<Value>) {
    let mut r = BufReader::new(out);
    loop {
        let mut len = None;
        loop {
            let mut line = String::new();
            match r.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                break;
            }
            let v = line
                .strip_prefix("Content-Length: ")
                .unwrap_or_else(|| panic!("stdout carries only frames, found {line:?}"));
            len = Some(v.parse::<usize>().unwrap());
        }
        let mut body = vec![0; len.expect("a Content-Length header")];
        if r.read_exact(&mut body).is_err() {
            return;
        }
        let v: Value = serde_json::from_slice(&body).expect("a JSON body");
        if tx.send(v).is_err() {
            return;
        }
    }
}

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    f.extend_from_slice(body);
    f
}

impl Bin {
    pub fn spawn(env: &[(&str, &str)]) -> Bin {
        Bin::spawn_with(env, |_| {})
    }

    pub fn spawn_with(env: &[(&str, &str)], adjust: impl FnOnce(&mut Command)) -> Bin {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_django-settings-lsp"));
        adjust(&mut cmd);
        Bin::spawn_command(cmd, env)
    }

    /// The server with its address space limited to `kib` (the shell's
    /// `ulimit -v`): an allocation past it fails and aborts the process.
    pub fn spawn_in_memory(kib: u64) -> Bin {
        let mut cmd = Command::new("sh");
        cmd.args([
            "-c",
            &format!("ulimit -v {kib} && exec \"$0\""),
            env!("CARGO_BIN_EXE_django-settings-lsp"),
        ]);
        Bin::spawn_command(cmd, &[])
    }

    fn spawn_command(mut cmd: Command, env: &[(&str, &str)]) -> Bin {
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let stdin = child.stdin.take();
        let out = child.stdout.take().unwrap();
        let mut err = child.stderr.take().unwrap();
        let (tx, frames) = channel();
        std::thread::spawn(move || read_frames(out, tx));
        let stderr = Arc::new(Mutex::new(vec![]));
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Bin {
            child,
            stdin,
            frames,
            stderr,
            next_id: 1,
            answer_server_requests: true,
            notifications: vec![],
            server_requests: vec![],
        }
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Writes bytes as they are; false once the server closed its stdin.
    pub fn send_raw(&mut self, bytes: &[u8]) -> bool {
        let Some(stdin) = self.stdin.as_mut() else {
            return false;
        };
        stdin.write_all(bytes).and_then(|_| stdin.flush()).is_ok()
    }

    pub fn send(&mut self, v: &Value) -> bool {
        self.send_raw(&frame(v.to_string().as_bytes()))
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    pub fn start_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The next message that is not a server request, within `wait`.
    fn next_message(&mut self, wait: Duration) -> Option<Value> {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = match self.frames.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return None
                }
            };
            if msg.get("method").is_some() && msg.get("id").is_some() {
                self.server_requests.push(msg.clone());
                if self.answer_server_requests {
                    let result = match msg["method"].as_str() {
                        Some("workspace/configuration") => json!([{}]),
                        _ => Value::Null,
                    };
                    self.send(
                        &json!({"jsonrpc": "2.0", "id": msg["id"].clone(), "result": result}),
                    );
                }
                continue;
            }
            if msg.get("method").is_some() {
                self.notifications.push(msg.clone());
            }
            return Some(msg);
        }
    }

    /// The response to `id`, or `None` if none came within `wait`.
    pub fn response_within(&mut self, id: &Value, wait: Duration) -> Option<Value> {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = self.next_message(left)?;
            if msg.get("method").is_none() && msg["id"] == *id {
                return Some(msg);
            }
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.start_request(method, params);
        self.response_within(&json!(id), TIMEOUT)
            .unwrap_or_else(|| {
                panic!(
                    "no answer to {method} within {TIMEOUT:?}; stderr:\n{}",
                    self.stderr()
                )
            })
    }

    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(n) = self.notifications.iter().find(|n| pred(n)) {
            return Some(n.clone());
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = self.next_message(left)?;
            if msg.get("method").is_some() && pred(&msg) {
                return Some(msg);
            }
        }
    }

    /// Lets messages arrive for `wait`.
    pub fn drain(&mut self, wait: Duration) {
        let deadline = Instant::now() + wait;
        while let Some(_m) = self.next_message(deadline.saturating_duration_since(Instant::now())) {
        }
    }

    pub fn initialize(&mut self, capabilities: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        );
        assert!(r.get("error").is_none(), "initialize failed: {r}");
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": version, "text": text}}),
        );
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// The exit status, if the process ends within `wait`.
    pub fn wait_exit(&mut self, wait: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return Some(s);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Bin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
