"""django-settings-lsp beside ruff, interleaved run by run, on the same
generated settings modules (the shape of server/benches/support/mod.rs:
environment reads, dicts, conditionals, list mutations).

    python3 bench/compare_with_ruff.py [--runs 21] [--edits 600] [--sizes 300,4000,20000]
        [--bin target/release/django-settings-lsp] [--part check,edit]

`check`: the whole process, `django-settings-lsp check` against `ruff check
--select ALL` and `ruff check --select S,DJ` (the security and Django rules),
each module in a fresh temporary project; one run of each tool in turn, then
the next round, so that the machine's state is shared; medians.

`edit`: edit -> versioned publishDiagnostics, the language servers side by
side: `django-settings-lsp` and `ruff server` (default rules, and --select
ALL through its settings), the same one-character edits sent to each in
turn; p50 and p99 per server.

ruff is installed from PyPI into ~/.cache/django-settings-lsp/ruff-bench-venv
the first time (RUFF_VERSION, default the one BENCHMARKS.md was measured
with). The release binary is built when missing.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Empty, Queue

ROOT = Path(__file__).resolve().parents[1]
VENV = Path.home() / ".cache/django-settings-lsp/ruff-bench-venv"
RUFF_VERSION = os.environ.get("RUFF_VERSION", "0.17.6")


def settings_module(lines):
    """The generator of server/benches/support/mod.rs, line for line."""
    out = [
        '"""Generated settings for benchmarks."""',
        "import os",
        "from pathlib import Path",
        "",
        "BASE_DIR = Path(__file__).resolve().parent.parent",
        'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-bench")',
        'DEBUG = os.environ.get("DJANGO_DEBUG", "False") == "True"',
        'ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]',
        "",
        "def env_bool(name, default=False):",
        '    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes")',
        "",
        "INSTALLED_APPS = [",
        '    "django.contrib.auth",',
        '    "django.contrib.contenttypes",',
        '    "django.contrib.sessions",',
        "]",
        "MIDDLEWARE = [",
        '    "django.middleware.security.SecurityMiddleware",',
        '    "django.contrib.sessions.middleware.SessionMiddleware",',
        '    "django.middleware.csrf.CsrfViewMiddleware",',
        "]",
    ]
    i = 0
    while len(out) < max(lines - 3, 0):
        i += 1
        k = i % 8
        if k == 0:
            out.append(f"# Section {i}: feature flags and limits")
        elif k == 1:
            out.append(f'FEATURE_{i} = env_bool("FEATURE_{i}")')
        elif k == 2:
            out.append(f'LIMIT_{i} = int(os.environ.get("LIMIT_{i}", "{i}"))')
        elif k == 3:
            out += [f"SERVICE_{i} = {{", f'    "url": "https://svc{i}.example.com",', f'    "timeout": {i % 30},', "}"]
        elif k == 4:
            out.append(f'NAME_{i} = "value-{i}"')
        elif k == 5:
            out += [f"if FEATURE_{i - 4}:", f"    EXTRA_{i} = True", "else:", f"    EXTRA_{i} = False"]
        elif k == 6:
            out.append(f'INSTALLED_APPS.append("app{i}")')
        else:
            out.append(f"CACHE_TTL_{i} = LIMIT_{i - 5} * 60")
    out += ["SECURE_HSTS_SECONDS = 3600", "SECURE_SSL_REDIRECT = True"]
    return "\n".join(out) + "\n"


def ruff():
    exe = VENV / "bin" / "ruff"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", f"ruff=={RUFF_VERSION}"], check=True)
    return str(exe)


def project(root, lines):
    """A project folder holding manage.py and mysite/settings.py."""
    (root / "mysite").mkdir(parents=True)
    (root / "manage.py").write_text("import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n")
    (root / "mysite" / "__init__.py").write_text("")
    (root / "pyproject.toml").write_text('[tool.django-settings-lsp]\ndjango-version = "5.2"\n')
    path = root / "mysite" / "settings.py"
    path.write_text(settings_module(lines))
    return path


def wall(cmd, cwd):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def bench_check(binary, ruff_exe, sizes, runs):
    tools = {
        "django-settings-lsp check": lambda p: [binary, "check", str(p)],
        "ruff check --select ALL": lambda p: [ruff_exe, "check", "--no-cache", "--select", "ALL", str(p)],
        "ruff check --select S,DJ": lambda p: [ruff_exe, "check", "--no-cache", "--select", "S,DJ", str(p)],
    }
    print("\n| `check` whole process, median ms | " + " | ".join(f"{n:,} lines" for n in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    results = {name: {} for name in tools}
    with tempfile.TemporaryDirectory() as tmp:
        paths = {n: project(Path(tmp) / f"p{n}", n) for n in sizes}
        for n, path in paths.items():
            times = {name: [] for name in tools}
            for name, cmd in tools.items():  # warm the page cache: not counted
                wall(cmd(path), path.parent.parent)
            for _ in range(runs):
                for name, cmd in tools.items():
                    times[name].append(wall(cmd(path), path.parent.parent))
            for name in tools:
                results[name][n] = statistics.median(times[name])
    for name in tools:
        print(f"| {name} | " + " | ".join(f"{results[name][n]:.1f}" for n in sizes) + " |")


class Server:
    """A language server on pipes; messages read by a thread."""

    def __init__(self, cmd, init_options=None):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.queue = Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 1
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": None, "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
            "initializationOptions": init_options or {},
        })
        self.notify("initialized", {})

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.queue.put(json.loads(out.read(length)))

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            m = self.queue.get(timeout=60)
            if m.get("id") == rid and "method" not in m:
                return m
            if "method" in m and "id" in m:  # a request of the server's: answer null
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})

    def wait_diagnostics(self, uri, version, timeout=30):
        deadline = time.perf_counter() + timeout
        while True:
            m = self.queue.get(timeout=max(deadline - time.perf_counter(), 0.001))
            if "method" in m and "id" in m:
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
            elif m.get("method") == "textDocument/publishDiagnostics":
                p = m["params"]
                if p["uri"] == uri and p.get("version") == version:
                    return

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
        except (Empty, BrokenPipeError):
            pass
        self.proc.kill()


def bench_edit(binary, ruff_exe, sizes, edits):
    servers = {
        "django-settings-lsp": ([binary], None),
        "ruff server (default rules)": ([ruff_exe, "server"], None),
        "ruff server (--select ALL)": ([ruff_exe, "server"], {"settings": {"lint": {"select": ["ALL"]}}}),
    }
    print("\n| edit -> versioned diagnostics, p50 / p99 ms | " + " | ".join(f"{n:,} lines" for n in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    results = {name: {} for name in servers}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = project(Path(tmp), n)
            uri = path.as_uri()
            text = path.read_text()
            running = {name: Server(cmd, opts) for name, (cmd, opts) in servers.items()}
            try:
                for s in running.values():
                    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
                    s.wait_diagnostics(uri, 1, timeout=120)
                # The edit: a digit of a setting's value near the middle, typed and typed again.
                line = text.count("\n") // 2
                times = {name: [] for name in running}
                for i in range(edits):
                    version = i + 2
                    change = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                              "text": "#" if i % 2 == 0 else ""}
                    if i % 2 == 1:
                        change["range"]["end"]["character"] = 1
                    for name, s in running.items():
                        start = time.perf_counter()
                        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
                        s.wait_diagnostics(uri, version)
                        times[name].append((time.perf_counter() - start) * 1000)
                for name, t in times.items():
                    t.sort()
                    results[name][n] = (statistics.median(t), t[min(len(t) - 1, int(len(t) * 0.99))])
            finally:
                for s in running.values():
                    s.close()
    for name in servers:
        print(f"| {name} | " + " | ".join("%.2f / %.2f" % results[name][n] for n in sizes) + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target/release/django-settings-lsp"))
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--edits", type=int, default=600)
    ap.add_argument("--sizes", default="300,4000,20000")
    ap.add_argument("--part", default="check,edit")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    ruff_exe = ruff()
    print(subprocess.run([ruff_exe, "--version"], capture_output=True, text=True).stdout.strip(),
          "| django-settings-lsp", subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip())
    sizes = [int(s) for s in args.sizes.split(",")]
    parts = args.part.split(",")
    if "check" in parts:
        bench_check(binary, ruff_exe, sizes, args.runs)
    if "edit" in parts:
        bench_edit(binary, ruff_exe, sizes, args.edits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
