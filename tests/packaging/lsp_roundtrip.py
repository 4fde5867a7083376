"""initialize / initialized / shutdown / exit through a command that starts
the language server (the installed binary, or `python -m django_settings_lsp`).

Frames are written with Content-Length headers as a client writes them; the
initialize answer must carry `capabilities`, shutdown must answer null, and
the process must exit 0 after `exit`.

Usage: python lsp_roundtrip.py WORKSPACE_FOLDER COMMAND...
"""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def read_frame(stream):
    headers = {}
    while True:
        line = stream.readline()
        if not line:
            raise EOFError("the server closed stdout before answering")
        line = line.strip()
        if not line:
            break
        key, _, value = line.decode("ascii").partition(":")
        headers[key.strip().lower()] = value.strip()
    return json.loads(stream.read(int(headers["content-length"])))


def answer(stream, request_id):
    """The response to request_id, skipping notifications and server requests."""
    while True:
        message = read_frame(stream)
        if message.get("id") == request_id and "method" not in message:
            return message


def main():
    folder = Path(sys.argv[1]).resolve()
    command = sys.argv[2:]
    server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    # A hung server fails the test instead of hanging it.
    timer = threading.Timer(30, server.kill)
    timer.start()
    try:
        server.stdin.write(
            frame(
                {
                    "jsonrpc": "2.0",
                    "id": 1,
                    "method": "initialize",
                    "params": {
                        "processId": os.getpid(),
                        "rootUri": folder.as_uri(),
                        "workspaceFolders": [{"uri": folder.as_uri(), "name": folder.name}],
                        "capabilities": {},
                    },
                }
            )
        )
        server.stdin.flush()
        init = answer(server.stdout, 1)
        assert "result" in init, init
        assert isinstance(init["result"].get("capabilities"), dict), init
        info = init["result"].get("serverInfo", {})
        print(f"initialize: {info.get('name')} {info.get('version')}, capabilities {sorted(init['result']['capabilities'])}")
        server.stdin.write(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        server.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        server.stdin.flush()
        shutdown = answer(server.stdout, 2)
        assert "error" not in shutdown and shutdown.get("result") is None, shutdown
        server.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
        server.stdin.flush()
        code = server.wait(timeout=30)
    finally:
        timer.cancel()
        if server.poll() is None:
            server.kill()
    print(f"exit status {code}")
    if code != 0:
        sys.exit(f"the server exited {code} after shutdown + exit")


if __name__ == "__main__":
    main()
