#!/usr/bin/env python3
"""Agreement with Django on the deploy settings of real, public projects.

Not part of CI: it needs checkouts of other projects, which are never
committed here. `manifest.json` lists the projects (repository and commit,
or the PyPI release), the deploy module, the django-configurations class
Django is run with, and what Django 5.2 reported for the module's
`security.*` checks (`null`: Django cannot load the settings in an empty
environment). Given a folder holding one checkout per project, named by its
id (`CHECKOUTS/07/hc/settings.py`), this runs the analyser on each module
and prints the agreement table:

    python3 tests/realworld/run.py --checkouts /tmp/corpus \\
        --bin target/release/django-settings-lsp [--make-venvs] [--oracle tests/.venv/bin/python]

A module Django loads agrees when the analyser gives exactly Django's IDs
and no dsl.E001 ("Django cannot import these settings"). A module Django
cannot load agrees when the analyser names a cause (dsl.E001, or dsl.I002
"Django cannot start unless the environment variable X is set"). Notes
(dsl.I001, undecided) are counted, never held against it: "cannot tell,
because X" is an allowed answer, a confident wrong one is not.

With --oracle, Django's verdict is taken again from real Django (the oracle
of tests/oracle/, with `sys.path` as manage.py has it and
DJANGO_CONFIGURATION set for class-based rows) instead of the manifest; the
oracle's venv must have what the settings import.
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(os.path.dirname(HERE), "oracle", "django_oracle.py")


def analyse(binary, folder, module, configuration):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    if configuration:
        env["DJANGO_CONFIGURATION"] = configuration
    proc = subprocess.run(
        # The manifest's verdicts are Django 5.2's: judge by 5.2, whatever
        # release the project declares.
        [binary, "check", "--django-version", "5.2", "--format", "json", "--show-notes", module],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300,
    )
    try:
        findings = json.loads(proc.stdout)
    except ValueError:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1:]}
    codes = [f["code"] for f in findings]
    return {
        "security": sorted(c.split(".", 1)[1] for c in codes if c.startswith("security.")),
        "load": [f["message"] for f in findings if f["code"] == "dsl.E001"],
        "required": [f["message"] for f in findings if f["code"] == "dsl.I002"],
        "notes": sum(1 for c in codes if c == "dsl.I001"),
        "crash": [c for c in codes if c == "dsl.E002"],
    }


def oracle(python, folder, module, configuration):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1"}
    if configuration:
        env["DJANGO_CONFIGURATION"] = configuration
    proc = subprocess.run(
        [python, ORACLE, os.path.join(folder, module)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    if proc.returncode != 0:
        return None
    return sorted(i.split(".", 1)[1] for i in json.loads(proc.stdout) if i.startswith("security."))


def make_venv(folder, packages):
    venv = os.path.join(folder, ".venv")
    if not os.path.isdir(venv):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run([os.path.join(venv, "bin", "pip"), "install", "--quiet", "--no-deps", *packages],
                   check=True)


def verdict(django, ours):
    if "error" in ours:
        return "analyser failed: %s" % ours["error"]
    if django is None:
        if ours["load"] or ours["required"]:
            return "agrees (cause named)"
        return "no cause named"
    if ours["load"]:
        return "false dsl.E001"
    missing = sorted(set(django) - set(ours["security"]))
    extra = sorted(set(ours["security"]) - set(django))
    if not missing and not extra and sorted(django) == ours["security"]:
        return "agrees"
    parts = []
    if extra:
        parts.append("extra " + " ".join(extra))
    if missing:
        parts.append("missing " + " ".join(missing))
    return "; ".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checkouts", required=True, help="folder with one checkout per project id")
    ap.add_argument("--bin", required=True, help="the django-settings-lsp binary")
    ap.add_argument("--oracle", help="a Python with Django: take Django's verdict live")
    ap.add_argument("-k", help="only ids containing this")
    ap.add_argument("--make-venvs", action="store_true",
                    help="first make CHECKOUT/.venv for rows that list `installed` packages "
                         "(pip install --no-deps: read by the analyser, never run)")
    args = ap.parse_args()
    manifest = json.load(open(os.path.join(HERE, "manifest.json"), encoding="utf-8"))
    binary = os.path.abspath(args.bin)
    rows = []
    for p in manifest["projects"]:
        if args.k and args.k not in p["id"]:
            continue
        folder = os.path.join(args.checkouts, p["id"])
        module = p["module"]
        if not os.path.isfile(os.path.join(folder, module)):
            rows.append((p, None, None, "no checkout"))
            continue
        if args.make_venvs and "installed" in p:
            make_venv(folder, p["installed"] + manifest["oracle_packages"])
        django = p["django"]
        if args.oracle:
            django = oracle(args.oracle, folder, module, p.get("configuration"))
        ours = analyse(binary, folder, module, p.get("configuration"))
        rows.append((p, django, ours, verdict(django, ours)))

    print("| id | project | Django | analyser | notes | verdict |")
    print("|---|---|---|---|---|---|")
    for p, django, ours, v in rows:
        if ours is None:
            print("| %s | %s | | | | %s |" % (p["id"], p["project"], v))
            continue
        shown = "cannot load" if django is None else " ".join(django)
        mine = " ".join(ours.get("security", []))
        if ours.get("load"):
            mine += " dsl.E001"
        if ours.get("required"):
            mine += " dsl.I002×%d" % len(ours["required"])
        if ours.get("crash"):
            mine += " dsl.E002"
        print("| %s | %s | %s | %s | %s | %s |" % (
            p["id"], p["project"], shown, mine.strip(), ours.get("notes", ""), v))
    loadable = [r for r in rows if r[2] is not None and r[1] is not None]
    unloadable = [r for r in rows if r[2] is not None and r[1] is None]
    exact = sum(1 for r in loadable if r[3] == "agrees")
    false_e001 = sum(1 for r in loadable if r[3] == "false dsl.E001")
    extra = sum(len(set(r[2].get("security", [])) - set(r[1])) for r in loadable)
    missing = sum(len(set(r[1]) - set(r[2].get("security", []))) for r in loadable)
    named = sum(1 for r in unloadable if r[3].startswith("agrees"))
    print()
    print("Django loads %d: exactly Django's IDs on %d; false dsl.E001 on %d; "
          "%d warnings Django does not give, %d it gives that we do not."
          % (len(loadable), exact, false_e001, extra, missing))
    print("Django cannot load %d: the cause named on %d." % (len(unloadable), named))
    missing_checkouts = sum(1 for r in rows if r[2] is None)
    if missing_checkouts:
        print("%d projects have no checkout under %s." % (missing_checkouts, args.checkouts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
