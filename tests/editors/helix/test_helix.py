"""Helix: editors/helix/languages.toml is valid TOML whose language server
runs, with exactly its `command` and `args`, as Helix would run it.

There is no Helix package in our registries, so this test plays Helix's part:
it parses the snippet (tomllib), checks that the python language re-lists
Helix's default servers and adds ours, then starts `command` + `args` (found
on PATH, as Helix finds it) and does what Helix does on a settings module:
initialize (with the snippet's `config` as initializationOptions and Helix's
capabilities), answer workspace/configuration the way Helix answers it (the
`config` table, walked down by the section's dot-separated parts), open the
file, receive its diagnostics, then shutdown and exit with stdin still open
(Helix keeps it open) and expect the process to end promptly.

Usage: python test_helix.py REPO_ROOT PROJECT_COPY   (PATH must find the server)
"""

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import tomllib
import unittest
from pathlib import Path

ROOT = None
PROJECT = None

# Helix's default servers for Python on master (languages.toml as of
# 2026-07: language-servers = ["ty", "ruff", "jedi", "pylsp", "zuban"]); its
# latest release (25.07.1) defines all but zuban.
HELIX_PYTHON_DEFAULTS = ["ty", "ruff", "jedi", "pylsp", "zuban"]
HELIX_RELEASE_DEFINES = ["ty", "ruff", "jedi", "pylsp"]
HELIX_PYTHON_ROOTS = ["pyproject.toml", "setup.py", "poetry.lock", "pyrightconfig.json"]


class Server:
    def __init__(self, argv, cwd):
        self.proc = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.inbox = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _drain_stderr(self):
        try:
            self.proc.stderr.read()
        except (OSError, ValueError):
            pass

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.decode().partition(":")
                headers[k.strip().lower()] = v.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body))

    def close(self):
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass

    def send(self, msg):
        msg = {"jsonrpc": "2.0", **msg}
        data = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        return rid

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def receive(self, until, timeout=10.0, on_request=None):
        """Messages until `until(msg)` is true; answers server requests."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("timed out waiting for the server")
            msg = self.inbox.get(timeout=left)
            if msg is None:
                raise AssertionError("the server closed its output")
            if "method" in msg and "id" in msg:
                result = on_request(msg) if on_request else None
                self.send({"id": msg["id"], "result": result})
                continue
            if until(msg):
                return msg


class Helix(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(Path(ROOT) / "editors/helix/languages.toml", "rb") as f:
            cls.toml = tomllib.load(f)
        cls.ls = cls.toml["language-server"]["django-settings-lsp"]

    def test_snippet(self):
        self.assertEqual(self.ls["command"], "django-settings-lsp")
        self.assertIsInstance(self.ls.get("args", []), list)
        (python,) = [l for l in self.toml["language"] if l["name"] == "python"]
        servers = python["language-servers"]
        self.assertIn("django-settings-lsp", servers)
        for name in HELIX_PYTHON_DEFAULTS:
            self.assertIn(name, servers, "Helix replaces the list: re-list its defaults")
        for name in servers:
            # A name the running Helix does not define is an error in its log.
            self.assertTrue(
                name in HELIX_RELEASE_DEFINES or name in self.toml["language-server"],
                f"{name} is defined neither by Helix 25.07 nor by the snippet",
            )
        self.assertIn("manage.py", python["roots"])
        for name in HELIX_PYTHON_ROOTS:
            self.assertIn(name, python["roots"], "Helix replaces roots too")
        self.assertIn("django-settings-lsp", self.ls["config"])

    def readme_toml_blocks(self):
        text = (Path(ROOT) / "editors/helix/README.md").read_text()
        blocks = re.findall(r"```toml\n(.*?)```", text, re.S)
        return [tomllib.loads(b) for b in blocks]

    def test_readme_matches_the_file(self):
        snippet, settings = self.readme_toml_blocks()
        self.assertEqual(snippet, self.toml, "README's snippet differs from languages.toml")
        cfg = settings["language-server"]["django-settings-lsp"]["config"]
        self.assertIn("ignore", cfg["django-settings-lsp"])

    def test_round_trip(self):
        codes = self.round_trip(self.ls.get("config", {}))
        self.assertIn("security.W018", codes)
        self.assertIn("security.W008", codes)

    def test_readme_settings_reach_the_server(self):
        _, settings = self.readme_toml_blocks()
        config = settings["language-server"]["django-settings-lsp"]["config"]
        codes = self.round_trip(config)
        self.assertNotIn("security.W008", codes, "ignore = [security.W008]")
        self.assertEqual(codes.get("security.W018"), 1, "security.W018 = error")

    def round_trip(self, config):
        """Diagnostics (code -> LSP severity) for mysite/settings.py."""
        argv = [self.ls["command"], *self.ls.get("args", [])]
        exe = shutil.which(argv[0])
        self.assertIsNotNone(exe, f"{argv[0]} is not on PATH")
        print(f"\n  running {argv} ({exe})", file=sys.stderr)
        srv = Server(argv, cwd=PROJECT)
        root = Path(PROJECT).resolve()
        settings = root / "mysite/settings.py"
        configuration_sections = []

        def answer(msg):
            if msg["method"] == "workspace/configuration":
                out = []
                for item in msg["params"]["items"]:
                    configuration_sections.append(item.get("section"))
                    c = config
                    for part in (item.get("section") or "").split("."):
                        if part:
                            c = c.get(part) if isinstance(c, dict) else None
                    out.append(c)
                return out
            return None

        rid = srv.request(
            "initialize",
            {
                "processId": os.getpid(),
                "clientInfo": {"name": "helix", "version": "25.07.1"},
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "initializationOptions": config,
                "capabilities": {
                    "general": {"positionEncodings": ["utf-8", "utf-32", "utf-16"]},
                    "workspace": {
                        "configuration": True,
                        "workspaceFolders": True,
                        "didChangeConfiguration": {"dynamicRegistration": False},
                    },
                    "textDocument": {
                        "publishDiagnostics": {"versionSupport": True},
                        "codeAction": {
                            "codeActionLiteralSupport": {
                                "codeActionKind": {"valueSet": ["", "quickfix", "source"]}
                            }
                        },
                    },
                },
            },
        )
        init = srv.receive(lambda m: m.get("id") == rid, on_request=answer)
        caps = init["result"]["capabilities"]
        self.assertEqual(caps["positionEncoding"], "utf-8")
        self.assertIn("codeActionProvider", caps)
        srv.notify("initialized", {})
        srv.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": settings.as_uri(),
                    "languageId": "python",
                    "version": 0,
                    "text": settings.read_text(),
                }
            },
        )
        diags = srv.receive(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == settings.as_uri()
            and m["params"]["diagnostics"],
            on_request=answer,
        )
        # The server asks for its section (answered from `config`, as Helix
        # does); a request after that is answered once it is handled.
        deadline = time.monotonic() + 5
        while "django-settings-lsp" not in configuration_sections:
            self.assertLess(time.monotonic(), deadline, "no workspace/configuration request")
            rid = srv.request("django-settings-lsp/documentText", {"uri": settings.as_uri()})
            srv.receive(lambda m: m.get("id") == rid, on_request=answer)
        codes = {d["code"]: d["severity"] for d in diags["params"]["diagnostics"]}
        rid = srv.request("shutdown", None)
        srv.receive(lambda m: m.get("id") == rid, on_request=answer)
        srv.notify("exit", None)
        # stdin stays open, as in Helix: the server must still exit.
        try:
            code = srv.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            srv.proc.kill()
            self.fail("the server did not exit within 3 s of `exit` with stdin open")
        finally:
            srv.close()
        self.assertEqual(code, 0)
        return codes


if __name__ == "__main__":
    ROOT = os.path.abspath(sys.argv.pop(1))
    PROJECT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
