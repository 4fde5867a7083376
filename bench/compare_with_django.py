"""Times `django-settings-lsp check` against `python manage.py check --deploy`
on the same example project, alternating runs, and prints medians, peak RSS
and the ratio.

    python3 bench/compare_with_django.py [--runs 21] [--project examples/startproject]

Creates tests/.venv with Django (tests/oracle/setup_venv.sh) if missing and
builds the release binary if missing.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd, cwd, env):
    """Wall time (s), peak RSS (KiB) and exit status of one child process.

    posix_spawn, not fork: a forked Python child's peak RSS would count the
    parent's pages, and forking a Python process costs milliseconds itself.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [
        (os.POSIX_SPAWN_DUP2, devnull, 1),
        (os.POSIX_SPAWN_DUP2, devnull, 2),
    ]
    here = os.getcwd()
    os.chdir(cwd)
    try:
        start = time.perf_counter()
        pid = os.posix_spawnp(cmd[0], cmd, env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - start
    finally:
        os.chdir(here)
        os.close(devnull)
    return elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--project", default="examples/startproject")
    args = ap.parse_args()

    subprocess.run(["bash", str(ROOT / "tests/oracle/setup_venv.sh")], check=True, stdout=subprocess.DEVNULL)
    binary = ROOT / "target/release/django-settings-lsp"
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    python = ROOT / "tests/.venv/bin/python"
    project = (ROOT / args.project).resolve()
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1"}
    ours_cmd = [str(binary), "check", str(project)]
    django_cmd = [str(python), "manage.py", "check", "--deploy"]

    # Warm up both (file cache, pyc).
    timed(ours_cmd, project, env)
    timed(django_cmd, project, env)
    ours, theirs = [], []
    for _ in range(args.runs):
        ours.append(timed(ours_cmd, project, env))
        theirs.append(timed(django_cmd, project, env))

    def summary(name, rows):
        wall = statistics.median(r[0] for r in rows)
        rss = statistics.median(r[1] for r in rows)
        print(f"{name:<44} median {wall * 1000:8.2f} ms   peak RSS {rss / 1024:6.1f} MiB   exit {rows[0][2]}")
        return wall, rss

    print(f"{args.project}, {args.runs} alternating runs each, this machine ({os.cpu_count()} cores)")
    baseline = statistics.median(timed(["true"], project, env)[0] for _ in range(args.runs))
    print(f"(starting a process costs {baseline * 1000:.2f} ms here; it is included below)")
    w1, r1 = summary("django-settings-lsp check", ours)
    w2, r2 = summary("python manage.py check --deploy (Django)", theirs)
    print(f"ratio: django-settings-lsp is {w2 / w1:.0f}x faster and uses {r2 / r1:.1f}x less memory")


if __name__ == "__main__":
    sys.exit(main())
