#!/usr/bin/env python3
"""`check --output-format django` against real Django, byte for byte.

Run with the venv made by tests/oracle/setup_venv.sh (tests/run does):

    tests/.venv/bin/python tests/cli/django_format.py --bin target/debug/django-settings-lsp

For the startproject example (`python manage.py check --deploy` in
examples/startproject) and the differential cases named in CASES (Django's
`check --deploy` command run on the case as tests/differential/run.py runs
its oracle: an empty environment, DJANGO_SETTINGS_MODULE and sys.path as
under manage.py), compares our stdout, stderr and exit status with
Django's, then the same with `--fail-level warning` against Django's
`--fail-level WARNING`. Every case must also give Django's output on its
own terms: Django must print only IDs our registry models (a case where it
prints another check's message is no test of ours and fails here).

The last line is `django format: N passed, M failed`; exit status 1 if any
comparison failed.
"""

import argparse
import difflib
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
ROOT = os.path.dirname(TESTS)
CASES_DIR = os.path.join(TESTS, "differential", "cases")
STARTPROJECT = os.path.join(ROOT, "examples", "startproject")
sys.path.insert(0, os.path.join(TESTS, "oracle"))
from django_oracle import module_name_for  # noqa: E402

# Varied on purpose: errors and warnings (SystemCheckError, stderr, exit 1),
# W025 once per weak fallback (sorted as Django sorts `[10]` and `[2]`),
# 4_0.E001 naming each origin, E023/E024 with their hints, silenced checks
# (a count of their own), the session warnings, and no issues at all
# (stdout, exit 0).
CASES = [
    "e001_4_0_csrf_trusted_origins_without_scheme",
    "w025_two_weak_fallbacks_of_three",
    "adv_fallbacks_three_weak_duplicates",
    "e023_referrer_policy_invalid_value",
    "e024_coop_invalid_value",
    "silenced_error_e023_and_w025",
    "silenced_list",
    "adv_silenced_w025_silences_every_fallback",
    "adv_sess_httponly_none_app_only",
    "w019_xframe_sameorigin",
    "adv_del_debug_falls_back_to_default",
    "adv_env_get_bool_false_default_debug",
]

ENV_RE = re.compile(r"^#\s*oracle-env:\s*([A-Za-z_][A-Za-z0-9_]*)=(.*?)\s*$")
ID_RE = re.compile(r"^\?: \(([^)]+)\) ", re.M)
TIMEOUT = 120

DJANGO_CHECK = """
import os, sys
sys.path[:0] = sys.argv[1].split(os.pathsep)
os.environ["DJANGO_SETTINGS_MODULE"] = sys.argv[2]
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", "check", "--deploy"] + sys.argv[3:])
"""


def entry_of(name):
    path = os.path.join(CASES_DIR, name)
    if os.path.isdir(path):
        with open(os.path.join(path, "ENTRY"), encoding="utf-8") as f:
            return os.path.join(path, f.read().strip())
    return path + ".py"


def base_env(entry=None):
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if entry:
        with open(entry, encoding="utf-8") as f:
            for line in f:
                m = ENV_RE.match(line)
                if m:
                    env[m.group(1)] = m.group(2)
    return env


def run(cmd, cwd, env):
    p = subprocess.run(
        cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT
    )
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def django_on_case(entry, extra):
    module, paths = module_name_for(entry)
    return run(
        [sys.executable, "-c", DJANGO_CHECK, os.pathsep.join(paths), module] + extra,
        os.path.dirname(entry),
        base_env(entry),
    )


def django_on_startproject(extra):
    return run([sys.executable, "manage.py", "check", "--deploy"] + extra, STARTPROJECT, base_env())


def ours(binary, target, extra, entry=None):
    return run([binary, "check", "--output-format", "django"] + extra + [target], ROOT, base_env(entry))


def modelled_ids(binary):
    """The IDs our registry has, from `explain` (which knows every code)."""
    rs = os.path.join(ROOT, "server", "src", "analysis", "checks", "mod.rs")
    with open(rs, encoding="utf-8") as f:
        return set(re.findall(r'CheckDef \{ id: "([^"]+)"', f.read()))


def compare(label, django, mine, modelled):
    """Prints a verdict; returns True when equal."""
    printed = set(ID_RE.findall(django[1] + django[2]))
    foreign = sorted(printed - modelled)
    if foreign:
        print("FAIL %s: Django prints IDs the registry does not model: %s" % (label, foreign))
        return False
    if django == mine:
        print("ok   %s (exit %d, %d bytes)" % (label, mine[0], len(mine[1]) + len(mine[2])))
        return True
    print("FAIL %s" % label)
    for what, d, m in (("exit status", str(django[0]), str(mine[0])), ("stdout", django[1], mine[1]), ("stderr", django[2], mine[2])):
        if d != m:
            print("  %s differs:" % what)
            for line in difflib.unified_diff(
                d.splitlines(keepends=True), m.splitlines(keepends=True), "django", "ours"
            ):
                print("    " + line.rstrip("\n").replace("\t", "\\t"))
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="our binary")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    modelled = modelled_ids(binary)
    passed = failed = 0
    for ours_extra, django_extra in (([], []), (["--fail-level", "warning"], ["--fail-level", "WARNING"])):
        suffix = " " + " ".join(ours_extra) if ours_extra else ""
        targets = [("startproject", None)] + [(name, entry_of(name)) for name in CASES]
        for name, entry in targets:
            if entry is None:
                django = django_on_startproject(django_extra)
                mine = ours(binary, STARTPROJECT, ours_extra)
            else:
                django = django_on_case(entry, django_extra)
                mine = ours(binary, entry, ours_extra, entry)
            if compare(name + suffix, django, mine, modelled):
                passed += 1
            else:
                failed += 1
    print("django format: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
