"""``python -m django_settings_lsp ARGS``: the same as ``django-settings-lsp ARGS``."""

import os
import subprocess
import sys

from django_settings_lsp import find_binary


def main():
    try:
        binary = find_binary()
    except FileNotFoundError as error:
        print(f"django-settings-lsp: {error}", file=sys.stderr)
        return 2  # the binary's own status for a usage or I/O error
    args = [binary, *sys.argv[1:]]
    if sys.platform == "win32":
        # Windows has no exec that keeps the console and the exit status: run
        # the binary as a child and pass its status on.
        try:
            return subprocess.run(args).returncode
        except KeyboardInterrupt:
            return 130
    # Replace this process, so stdin/stdout (the language server's channel),
    # signals and the exit status are the binary's own.
    os.execv(binary, args)


if __name__ == "__main__":
    sys.exit(main())
