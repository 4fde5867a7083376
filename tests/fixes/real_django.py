"""Fixes judged by real Django: copies the example projects (and the
startproject of each Django series the differential suite keeps), applies
fixes with `check --fix`, and runs Django's own checks on the result, with
that series' Django (the venvs of tests/oracle/setup_venv.sh).

Run with the venv made by tests/oracle/setup_venv.sh:

    tests/.venv/bin/python tests/fixes/real_django.py --bin target/debug/django-settings-lsp
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ORACLE = ROOT / "tests" / "oracle" / "django_oracle.py"
STRONG_KEY = secrets.token_urlsafe(60)


def oracle(settings: Path, env: dict, series: str) -> list:
    run_env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", **env}
    python = ROOT / "tests" / f".venv-{series}" / "bin" / "python"
    out = subprocess.run(
        [str(python), str(ORACLE), str(settings)],
        capture_output=True, text=True, env=run_env, cwd=settings.parent,
    )
    if out.returncode != 0:
        return ["crash: " + out.stderr.strip()[-300:]]
    return sorted(json.loads(out.stdout))


def fix(binary: str, target: Path, *flags: str) -> None:
    subprocess.run([binary, "check", "--fix", *flags, str(target)], capture_output=True, text=True)


def case(name, project, module, flags, env, expected, binary, results, series="5.2"):
    with tempfile.TemporaryDirectory() as tmp:
        source = ROOT / "examples" / project
        if not source.exists():
            source = ROOT / "tests" / "differential" / "cases" / project
        copy = Path(tmp) / project
        shutil.copytree(source, copy)
        fix(binary, copy / module, "--django-version", series, *flags)
        got = oracle(copy / module, env, series)
    ok = got == sorted(expected)
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f": django={got} expected={sorted(expected)}"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    args = ap.parse_args()
    b = str(Path(args.bin).resolve())
    w = lambda *ids: [f"security.{i}" for i in ids]  # noqa: E731
    results = []
    sp = "mysite/settings.py"
    case("startproject: safe fixes leave only what needs a decision", "startproject", sp, [], {},
         w("W004", "W008", "W009", "W012", "W016", "W020"), b, results)
    case("startproject: the SECRET_KEY rewrite clears W009 and nothing else", "startproject", sp,
         ["--unsafe-fixes", "--select", "security.W009"], {"DJANGO_SECRET_KEY": STRONG_KEY},
         w("W004", "W008", "W012", "W016", "W018", "W020"), b, results)
    case("startproject: every preferred fix, variables set: Django reports nothing", "startproject", sp,
         ["--unsafe-fixes"], {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "example.com"}, [], b, results)
    case("split: every preferred fix on production, variables set: nothing", "split", "config/settings/production.py",
         ["--unsafe-fixes"], {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "example.com"}, [], b, results)
    # The startproject each series generates (6.1's writes the console
    # mailer, mail.E001): after every preferred fix, that series' Django
    # reports nothing.
    for series in ["4.2", "5.2", "6.0", "6.1"]:
        case(f"startproject of {series}: every preferred fix, variables set: Django {series} reports nothing",
             f"startproject_{series.replace('.', '_')}", sp, ["--unsafe-fixes"],
             {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "example.com"}, [], b, results, series)
    passed = sum(results)
    print(f"fixes-real-django: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
