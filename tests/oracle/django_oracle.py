#!/usr/bin/env python3
"""Ask real Django what `manage.py check --deploy` reports for a settings file.

Usage (with a venv made by tests/oracle/setup_venv.sh: tests/.venv-X.Y for
Django X.Y, X.Y one of 4.2, 5.2, 6.0, 6.1; tests/.venv is 5.2):

    tests/.venv-6.1/bin/python tests/oracle/django_oracle.py [--details] PATH
    tests/.venv-6.1/bin/python tests/oracle/django_oracle.py --serve

PATH is a settings module file. sys.path[0] is what it is under manage.py,
the folder of manage.py: the file's own folder when that is not a package;
when it is a package (it has __init__.py), the parent of the outermost
package, and the module is imported by its dotted name (so relative imports
such as `from .base import *` work as they do under manage.py). The settings
package's own folder is NOT on sys.path, as under manage.py: inside
`proj/celery.py`, `from celery import Celery` is the installed package. Then it sets DJANGO_SETTINGS_MODULE, calls django.setup() and
runs every check, deployment checks included, exactly as
`manage.py check --deploy` does (run_checks(include_deployment_checks=True,
databases=None)), drops the messages silenced by SILENCED_SYSTEM_CHECKS (with
Django's own CheckMessage.is_silenced()) and prints a JSON list of the IDs,
sorted, duplicates kept.

--details prints a JSON object with the Django version and every message
(silenced ones too) instead.

Exit status: 0 when the checks ran; 2 when loading the settings or running a
check raised, with one line on stderr:
    ORACLE-CRASH <ExceptionClassName>: <message>

When DJANGO_CONFIGURATION is set (a case's `# oracle-env:`), the settings
are django-configurations classes: the library's importer is installed first
(`configurations.setup()`), as a project's manage.py does.

Run it with an empty environment (the differential runner passes only PATH,
PYTHONDONTWRITEBYTECODE=1 and the case's `# oracle-env:` variables) so that
every environment lookup in the settings sees the variable unset.

--serve (for the differential runner, which runs thousands of cases) reads
one JSON request per line on stdin, {"entry": PATH, "cwd": DIR, "env": {...},
"site": DIR or null}, and answers each with one line {"rc": N, "stdout":
TEXT, "stderr": TEXT}: what `django_oracle.py PATH` run with that
environment (exactly: os.environ is replaced), working directory and
PYTHONPATH=site would have exited with and printed. It imports what the
oracle imports before it reads any settings (`django`,
`django.core.checks`: most of a run's time) once, then forks a child per
request, which does the rest as a fresh process would. The server itself
is to be started with the same empty environment.
"""

import json
import os
import sys

sys.dont_write_bytecode = True


def module_name_for(path):
    """Return (dotted module name, list of sys.path entries) for a settings file."""
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    stem = os.path.splitext(os.path.basename(path))[0]
    if not os.path.isfile(os.path.join(folder, "__init__.py")):
        return stem, [folder]
    # Walk up to the outermost folder that is still a package.
    root = folder
    while os.path.isfile(os.path.join(os.path.dirname(root), "__init__.py")):
        parent = os.path.dirname(root)
        if parent == root:
            break
        root = parent
    base = os.path.dirname(root)
    paths = [base]
    rel = os.path.relpath(path, base)
    parts = os.path.splitext(rel)[0].split(os.sep)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts), paths


def crash(exc):
    message = " ".join(str(exc).split())
    print("ORACLE-CRASH %s: %s" % (type(exc).__name__, message), file=sys.stderr)
    sys.exit(2)


def main(argv):
    details = False
    args = []
    for arg in argv:
        if arg == "--details":
            details = True
        elif arg in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            args.append(arg)
    if len(args) != 1:
        print("usage: django_oracle.py [--details] SETTINGS_FILE", file=sys.stderr)
        return 64
    path = args[0]
    if not os.path.isfile(path):
        print("django_oracle.py: no such file: %s" % path, file=sys.stderr)
        return 64

    module, paths = module_name_for(path)
    # The oracle script's own folder is sys.path[0] when Python starts it;
    # manage.py's folder takes its place.
    sys.path[0:1] = []
    for entry in paths:
        if entry not in sys.path:
            sys.path.insert(0, entry)
    os.environ["DJANGO_SETTINGS_MODULE"] = module

    try:
        import django
        from django.core.checks import run_checks

        if os.environ.get("DJANGO_CONFIGURATION"):
            # Class-based settings: django-configurations' importer turns
            # the class DJANGO_CONFIGURATION names into the module's
            # settings (what its manage.py and wsgi.py do).
            import configurations

            configurations.setup()
        else:
            django.setup()
        messages = run_checks(include_deployment_checks=True, databases=None)
        visible = [m for m in messages if not m.is_silenced()]
        if details:
            out = {
                "django": django.get_version(),
                "module": module,
                "ids": sorted(m.id for m in visible),
                "silenced": len(messages) - len(visible),
                "messages": [
                    {
                        "id": m.id,
                        "level": m.level,
                        "msg": m.msg,
                        "hint": m.hint,
                        "silenced": m.is_silenced(),
                    }
                    for m in sorted(messages, key=lambda m: (m.id or "", str(m)))
                ],
            }
        else:
            out = sorted(m.id for m in visible)
    except BaseException as exc:  # noqa: BLE001 - SystemExit from settings too
        crash(exc)
    print(json.dumps(out, indent=2 if details else None))
    return 0


# Seconds a served request may take before its child is killed (SIGALRM).
SERVE_TIMEOUT = 120


def serve_one(req):
    """Fork a child that runs main() on req as a fresh process would; return
    its exit status and output."""
    import signal
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 70
            try:
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                os.environ.clear()
                os.environ.update(req["env"])
                if req.get("site"):
                    # Where PYTHONPATH puts it: after the script's folder.
                    os.environ["PYTHONPATH"] = req["site"]
                    sys.path.insert(1, req["site"])
                os.chdir(req["cwd"])
                sys.argv = [os.path.abspath(__file__), req["entry"]]
                signal.alarm(SERVE_TIMEOUT)
                code = main([req["entry"]])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:  # noqa: BLE001 - reported as an exit status
                import traceback

                traceback.print_exc()
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                except BaseException as exc:  # noqa: BLE001
                    os.write(2, ("oracle server: flushing the output failed: %r\n" % (exc,)).encode())
                    code = 71
                os._exit(code if isinstance(code, int) else 1)
        _, status = os.waitpid(pid, 0)
        rc = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "rc": rc,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


def serve():
    # What main() imports before DJANGO_SETTINGS_MODULE's module is read.
    import django  # noqa: F401
    from django.core.checks import run_checks  # noqa: F401

    reply = os.fdopen(os.dup(1), "w", encoding="utf-8")
    for line in sys.stdin:
        if line.strip():
            reply.write(json.dumps(serve_one(json.loads(line))) + "\n")
            reply.flush()
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        sys.exit(serve())
    sys.exit(main(sys.argv[1:]))
