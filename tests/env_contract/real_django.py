"""`django-settings-lsp env --format dotenv`, judged by real Django: for each
project below, the variables the file asks for are filled in with values
of their stated type, and Django must then load the deploy settings
(`manage.py check --deploy` runs its checks: exit status 0, or 1 with
findings only, never an exception), with the values taken from the
environment. Where the file lists required variables, Django must fail
without them: the contract is not just a list of names.

    tests/.venv/bin/python tests/env_contract/real_django.py --bin target/debug/django-settings-lsp

Projects: both examples (the split one as it is; startproject after its
fixes, which move its secrets into the environment), and one module each in
the idioms of os.environ, django-environ and python-decouple.
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ENVIRON = """\
import environ
env = environ.Env()
SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0)
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
"""

DECOUPLE = """\
from decouple import Csv, config
SECRET_KEY = config("SECRET_KEY")
DEBUG = config("DEBUG", default=False, cast=bool)
ALLOWED_HOSTS = config("ALLOWED_HOSTS", cast=Csv())
EMAIL_HOST_PASSWORD = config("EMAIL_HOST_PASSWORD", default="")
"""

OS_ENVIRON = """\
import os
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG", "False") == "True"
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")
if "DJANGO_DATABASE_NAME" not in os.environ:
    raise RuntimeError("DJANGO_DATABASE_NAME is not set")
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["DJANGO_DATABASE_NAME"]}}
"""


def value_for(kind, name, tmp):
    """A value of the stated type that Django accepts."""
    if kind == "bool":
        return "False"
    if kind == "int":
        return "3600"
    if kind == "list":
        return "www.mysite.org,mysite.org"
    if kind == "database URL":
        return f"sqlite:///{tmp}/db.sqlite3"
    if "HOST" in name:
        return "www.mysite.org"
    if "DATABASE_NAME" in name:
        return f"{tmp}/db.sqlite3"
    return secrets.token_urlsafe(48)


def to_fill(dotenv):
    """The uncommented `NAME=` lines, with the type the comment above says."""
    out = {}
    kind = "str"
    for line in dotenv.splitlines():
        if line.startswith("# ") and " · read at " in line:
            about = line[2:].split(" · read at ")[0].split(" · ")[-1]
            kind = about.split(", ")[0]
        elif line and not line.startswith("#") and line.endswith("="):
            out[line[:-1]] = kind
    return out


def run_django(project, module, env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=project,
        env={**env, "DJANGO_SETTINGS_MODULE": module, "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
    )


def loads(result):
    """Django loaded the settings and ran its checks."""
    return result.returncode in (0, 1) and "Traceback" not in result.stderr and (
        "System check identified" in result.stdout + result.stderr
    )


def judge(name, binary, project, settings_file, module, must_require):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL", "EMAIL_"))}
    dotenv = subprocess.run(
        [binary, "env", "--format", "dotenv", settings_file],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    wanted = to_fill(dotenv)
    missing = [v for v in must_require if v not in wanted]
    if missing:
        return f"FAIL {name}: the file does not ask for {missing}:\n{dotenv}"
    filled = {k: value_for(kind, k, project) for k, kind in wanted.items()}
    result = run_django(project, module, {**env, **filled})
    if not loads(result):
        return f"FAIL {name}: filled in, Django does not load the settings:\n{dotenv}\n{result.stdout}{result.stderr}"
    for var in must_require:
        without = {k: v for k, v in filled.items() if k != var}
        if loads(run_django(project, module, {**env, **without})):
            return f"FAIL {name}: {var} is listed as required, yet Django loads without it"
    return f"PASS {name}: {len(wanted)} variables to set ({', '.join(sorted(wanted)) or 'none'}); filled in, Django loads the settings"


def write_project(root, settings):
    (root / "proj").mkdir(parents=True)
    (root / "proj" / "__init__.py").write_text("")
    (root / "proj" / "settings.py").write_text(settings)
    (root / "manage.py").write_text(
        "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"
        "from django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n"
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/debug/django-settings-lsp"))
    args = ap.parse_args()
    binary = str(Path(args.bin).resolve())
    results = []
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        split = d / "split"
        shutil.copytree(ROOT / "examples/split", split, ignore=shutil.ignore_patterns("__pycache__"))
        results.append(judge("split", binary, split, "config/settings/production.py", "config.settings.production", []))

        start = d / "startproject"
        shutil.copytree(ROOT / "examples/startproject", start, ignore=shutil.ignore_patterns("__pycache__"))
        subprocess.run(
            [binary, "check", "--fix", "--unsafe-fixes", "mysite/settings.py"],
            cwd=start,
            capture_output=True,
        )
        results.append(judge("startproject after its fixes", binary, start, "mysite/settings.py", "mysite.settings", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"]))

        for name, settings, required in [
            ("django-environ", ENVIRON, ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"]),
            ("python-decouple", DECOUPLE, ["SECRET_KEY", "ALLOWED_HOSTS"]),
            ("os.environ", OS_ENVIRON, ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_DATABASE_NAME"]),
        ]:
            root = d / name
            write_project(root, settings)
            results.append(judge(name, binary, root, "proj/settings.py", "proj.settings", required))
    for r in results:
        print(r)
    failed = sum(r.startswith("FAIL") for r in results)
    print(f"env-real-django: {len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
