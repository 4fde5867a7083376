#!/usr/bin/env python3
"""Differential test: our static checker against real Django (the oracle),
on four Django series: 4.2, 5.2, 6.0 and 6.1.

Run with any Python 3 (the oracle itself runs under each series' venv, made by
tests/oracle/setup_venv.sh: tests/.venv-4.2, tests/.venv-5.2 (= tests/.venv),
tests/.venv-6.0, tests/.venv-6.1):

    python3 tests/differential/run.py --bin target/debug/django-settings-lsp
    python3 tests/differential/run.py --bin BIN --django 4.2 --django 6.1 -k w025
    python3 tests/differential/run.py --oracle-only [--record]
    python3 tests/differential/run.py --bin BIN --use-expected

For every selected series (--django X.Y, repeatable; default all four) and every
case under tests/differential/cases/ (a `<name>.py` file, or a `<name>/`
directory with an ENTRY file naming the deploy settings module):

* the oracle (tests/oracle/django_oracle.py) runs under tests/.venv-X.Y in an
  EMPTY environment (only PATH, PYTHONDONTWRITEBYTECODE=1 and the case's
  `# oracle-env: NAME=value` variables), with the case's folder as working
  directory, and gives every ID Django prints, sorted, duplicates kept, or a
  crash;
* `BIN check --format json --django-version X.Y ENTRY` gives our findings;
  every code not starting with `dsl.` is compared, sorted with duplicates
  kept, with Django's IDs. When Django crashed, the case passes when our
  output has a code starting with `dsl.E` ("Django would crash"); when Django
  did not crash, a `dsl.E` finding is a failure.

Known differences are listed per series in known_gaps/X.Y.txt (`name reason`);
a listed case must still differ (when it agrees, the runner says to remove it),
so the lists only shrink.

The output has one line per series, `differential X.Y: N passed, M failed`,
then the total, `differential: N passed, M failed`; exit status 1 if any case
failed (2 on a usage error).

--record writes the oracle results to expected/X.Y.json, which the Rust tests
read to compare without Python. --oracle-only runs only the oracle (no binary
needed), prints its result per case and checks it against the case's claims:
the `Django reports: ...` on the first line of each case is Django 5.2's; a
line `# Django X.Y reports: ...` among the case's leading comment lines is the
claim for series X.Y (a series without such a line is not checked).
--use-expected takes Django's results from expected/X.Y.json instead of
running the oracle.
"""

import argparse
import concurrent.futures
import glob
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
CASES_DIR = os.path.join(HERE, "cases")
EXPECTED_DIR = os.path.join(HERE, "expected")
GAPS_DIR = os.path.join(HERE, "known_gaps")
ORACLE = os.path.join(TESTS, "oracle", "django_oracle.py")
SERIES = ("4.2", "5.2", "6.0", "6.1")
# The series whose result a case's first-line `Django reports:` claim states.
CLAIM_SERIES = "5.2"

ENV_RE = re.compile(r"^#\s*oracle-env:\s*([A-Za-z_][A-Za-z0-9_]*)=(.*?)\s*$")
CLAIM_RE = re.compile(r"Django reports:\s*(.*?)\s*$")
SERIES_CLAIM_RE = re.compile(r"^#\s*Django (\d+\.\d+) reports:\s*(.*?)\s*$")
ORACLE_TIMEOUT = 120
BIN_TIMEOUT = 60


def venv_python(series):
    return os.path.join(TESTS, ".venv-" + series, "bin", "python")


def parse_claim(text):
    """("ids", [...]) or ("crash", "ClassName") from `W004, admin.E403`,
    `nothing` or `crash TypeError`. A bare ID means `security.<ID>`."""
    text = text.rstrip(".")
    if text == "nothing":
        return ("ids", [])
    if text.startswith("crash "):
        return ("crash", text.split()[1])
    ids = []
    for tok in re.split(r"[,\s]+", text):
        if not tok:
            continue
        ids.append(tok if "." in tok else "security." + tok)
    return ("ids", sorted(ids))


class Case:
    def __init__(self, name, entry, files, site=None):
        self.name = name
        self.entry = entry  # absolute path of the deploy settings module
        self.files = files  # every .py file of the case
        # The case's own virtualenv's site-packages (`.venv/lib/python3.X/
        # site-packages`): the oracle gets it on sys.path, as the project's
        # interpreter would have it.
        self.site = site

    def oracle_env(self):
        env = {}
        for path in self.files:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    m = ENV_RE.match(line)
                    if m:
                        env[m.group(1)] = m.group(2)
        return env

    def claims(self):
        """Series -> claim: the first line's `Django reports: ...` is 5.2's,
        `# Django X.Y reports: ...` lines of the leading comment block are
        X.Y's."""
        out = {}
        with open(self.entry, encoding="utf-8") as f:
            lines = f.read().splitlines()
        if lines:
            m = CLAIM_RE.search(lines[0])
            if m and not SERIES_CLAIM_RE.match(lines[0]):
                out[CLAIM_SERIES] = parse_claim(m.group(1))
        for line in lines:
            if not line.startswith("#"):
                break
            m = SERIES_CLAIM_RE.match(line)
            if m:
                out[m.group(1)] = parse_claim(m.group(2))
        return out


def discover(cases_dir):
    cases = []
    for name in sorted(os.listdir(cases_dir)):
        path = os.path.join(cases_dir, name)
        if name.startswith((".", "_")):
            continue
        if os.path.isfile(path) and name.endswith(".py"):
            cases.append(Case(name[:-3], path, [path]))
        elif os.path.isdir(path):
            entry_file = os.path.join(path, "ENTRY")
            if not os.path.isfile(entry_file):
                raise SystemExit("case directory %s has no ENTRY file" % path)
            with open(entry_file, encoding="utf-8") as f:
                rel = f.read().strip()
            entry = os.path.join(path, rel)
            if not os.path.isfile(entry):
                raise SystemExit("%s: ENTRY names a missing file: %s" % (path, rel))
            files = []
            for root, dirs, fnames in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                files += [os.path.join(root, n) for n in sorted(fnames) if n.endswith(".py")]
            sites = sorted(glob.glob(os.path.join(path, ".venv", "lib", "python3*", "site-packages")))
            cases.append(Case(name, entry, files, sites[0] if sites else None))
    return cases


def base_env():
    return {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def oracle_result(rc, stdout, stderr):
    """{"ids": [...]} (every ID Django prints, sorted) or {"crash": name,
    "message": text} or {"error": text}, from the oracle's exit status and
    output."""
    if rc == 0:
        try:
            ids = json.loads(stdout)
        except ValueError:
            return {"error": "oracle printed no JSON: %r" % stdout[:200]}
        return {"ids": sorted(ids)}
    if rc == 2:
        for line in stderr.splitlines():
            if line.startswith("ORACLE-CRASH "):
                rest = line[len("ORACLE-CRASH "):]
                cls, _, msg = rest.partition(": ")
                return {"crash": cls, "message": msg}
    return {"error": "oracle exited %d: %s" % (rc, stderr.strip()[-500:])}


def oracle_request(case):
    env = base_env()
    env.update(case.oracle_env())
    return {"entry": case.entry, "cwd": os.path.dirname(case.entry), "env": env, "site": case.site}


def run_oracle_fresh(series, case):
    """The oracle in a process of its own."""
    req = oracle_request(case)
    env = dict(req["env"])
    if req["site"]:
        env["PYTHONPATH"] = req["site"]
    try:
        proc = subprocess.run(
            [venv_python(series), ORACLE, case.entry],
            env=env,
            cwd=req["cwd"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=ORACLE_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"error": "oracle timed out after %ss" % ORACLE_TIMEOUT}
    return oracle_result(proc.returncode, proc.stdout, proc.stderr)


class OracleServers:
    """`django_oracle.py --serve` processes, one per (thread, series): each
    imports Django once and forks a child per case, which is what a fresh
    oracle process would be after its first imports (see the oracle's
    docstring). Several times faster than a process per case."""

    def __init__(self):
        self.local = threading.local()
        self.lock = threading.Lock()
        self.procs = []

    def run(self, series, case):
        servers = self.local.__dict__.setdefault("servers", {})
        proc = servers.get(series)
        if proc is None or proc.poll() is not None:
            proc = subprocess.Popen(
                [venv_python(series), ORACLE, "--serve"],
                env=base_env(),
                cwd=TESTS,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            servers[series] = proc
            with self.lock:
                self.procs.append(proc)
        try:
            proc.stdin.write(json.dumps(oracle_request(case)) + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
            reply = json.loads(line)
        except (OSError, ValueError) as exc:
            servers.pop(series, None)
            proc.kill()
            return {"error": "oracle server for %s failed: %s" % (series, exc)}
        if reply["rc"] == -signal.SIGALRM:
            return {"error": "oracle timed out"}
        res = oracle_result(reply["rc"], reply["stdout"], reply["stderr"])
        if "error" in res:
            # The server's answer is not a clean one: ask a fresh process,
            # the reference, and say so.
            print("run.py: Django %s, %s: the oracle server said %s; asked a fresh oracle process"
                  % (series, case.name, res["error"][:200]), file=sys.stderr)
            return run_oracle_fresh(series, case)
        return res

    def close(self):
        for proc in self.procs:
            try:
                proc.stdin.close()
            except OSError:
                pass
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def run_ours(binary, series, case):
    """{"codes": [...all codes...]} or {"error": text}."""
    try:
        proc = subprocess.run(
            [binary, "check", "--format", "json", "--django-version", series, case.entry],
            env=base_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=BIN_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"error": "timed out after %ss" % BIN_TIMEOUT}
    except OSError as exc:
        return {"error": "cannot run %s: %s" % (binary, exc)}
    if proc.returncode not in (0, 1):
        return {"error": "exit %d: %s" % (proc.returncode, proc.stderr.strip()[-500:])}
    try:
        data = json.loads(proc.stdout)
        codes = [str(item["code"]) for item in data]
    except (ValueError, TypeError, KeyError) as exc:
        return {"error": "bad JSON output (%s): %r" % (exc, proc.stdout[:200])}
    return {"codes": codes}


def fmt_oracle(res):
    if "ids" in res:
        return json.dumps(res["ids"])
    if "crash" in res:
        return "CRASH %s: %s" % (res["crash"], res.get("message", ""))
    return "ERROR %s" % res["error"]


def compare(oracle, ours):
    """(passed, detail line)."""
    if "error" in oracle:
        return False, "oracle error: %s" % oracle["error"]
    if "error" in ours:
        return False, "django=%s ours=ERROR %s" % (fmt_oracle(oracle), ours["error"])
    codes = ours["codes"]
    django_ids = sorted(c for c in codes if not c.startswith("dsl."))
    crash_codes = sorted(c for c in codes if c.startswith("dsl.E"))
    if "crash" in oracle:
        if crash_codes:
            return True, "django=CRASH %s ours=%s" % (oracle["crash"], json.dumps(crash_codes))
        return False, "django=CRASH %s ours=%s (no dsl.E finding)" % (oracle["crash"], json.dumps(django_ids))
    if crash_codes:
        return False, "django=%s ours=%s + %s (Django does not crash)" % (
            json.dumps(oracle["ids"]), json.dumps(django_ids), json.dumps(crash_codes))
    ok = django_ids == oracle["ids"]
    return ok, "django=%s ours=%s" % (json.dumps(oracle["ids"]), json.dumps(django_ids))


def claim_matches(claim, res):
    kind, value = claim
    if kind == "crash":
        return res.get("crash") == value
    return res.get("ids") == value


def expected_path(series):
    return os.path.join(EXPECTED_DIR, series + ".json")


def gaps_path(series):
    return os.path.join(GAPS_DIR, series + ".txt")


def record(series, results):
    out = {}
    for name in sorted(results):
        res = results[name]
        if "error" in res:
            raise SystemExit("not recording: Django %s: oracle error for %s: %s" % (series, name, res["error"]))
        out[name] = {"crash": res["crash"]} if "crash" in res else {"ids": res["ids"]}
    os.makedirs(EXPECTED_DIR, exist_ok=True)
    with open(expected_path(series), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, sort_keys=True)
        f.write("\n")
    print("recorded %d cases to %s" % (len(out), os.path.relpath(expected_path(series))))


def known_gaps(series):
    """Case name -> reason, from known_gaps/X.Y.txt."""
    out = {}
    with open(gaps_path(series), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, reason = line.partition(" ")
                out[name] = reason.strip()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", help="our binary (runs `BIN check --format json --django-version X.Y ENTRY`)")
    ap.add_argument("--django", metavar="X.Y", action="append", choices=SERIES,
                    help="a Django series to run (repeatable; default: all of %s)" % ", ".join(SERIES))
    ap.add_argument("--record", action="store_true", help="write oracle results to expected/X.Y.json")
    ap.add_argument("--oracle-only", action="store_true", help="run only the oracle; check the header claims")
    ap.add_argument("--use-expected", action="store_true", help="take Django's results from expected/X.Y.json")
    ap.add_argument("-k", metavar="SUBSTRING", help="only cases whose name contains SUBSTRING")
    ap.add_argument("-v", "--verbose", action="store_true", help="print a PASS line per passing case")
    ap.add_argument("--fresh", action="store_true",
                    help="run the oracle in a new process per case (slower; the fork server's reference)")
    ap.add_argument("-j", "--jobs", type=int, default=(os.cpu_count() or 1) + 1,
                    help="parallel oracle/binary runs (default: the number of cores + 1)")
    args = ap.parse_args()

    if not args.oracle_only and not args.bin:
        ap.error("--bin is required unless --oracle-only is given")
    if args.use_expected and (args.record or args.oracle_only):
        ap.error("--use-expected cannot be combined with --record or --oracle-only")
    if args.record and args.k:
        ap.error("--record records every case; do not combine it with -k")
    series_list = [s for s in SERIES if s in (args.django or SERIES)]

    cases = discover(CASES_DIR)
    if args.k:
        cases = [c for c in cases if args.k in c.name]
    if not cases:
        print("no cases selected", file=sys.stderr)
        return 2
    binary = os.path.abspath(args.bin) if args.bin else None
    if binary and not os.path.isfile(binary):
        print("run.py: no such binary: %s" % args.bin, file=sys.stderr)
        return 2
    if not args.use_expected:
        missing = [s for s in series_list if not os.path.isfile(venv_python(s))]
        if missing:
            print("run.py: no venv for Django %s (run bash tests/oracle/setup_venv.sh)" % ", ".join(missing),
                  file=sys.stderr)
            return 2

    started = time.monotonic()
    oracle_results = {s: {} for s in series_list}
    ours_results = {s: {} for s in series_list}
    if args.use_expected:
        for s in series_list:
            with open(expected_path(s), encoding="utf-8") as f:
                expected = json.load(f)
            missing = [c.name for c in cases if c.name not in expected]
            if missing:
                print("run.py: not in %s (run --record): %s" % (os.path.relpath(expected_path(s)), ", ".join(missing)),
                      file=sys.stderr)
                return 2
            oracle_results[s] = {c.name: dict(expected[c.name]) for c in cases}

    servers = OracleServers()

    def job(s, c):
        if not args.use_expected:
            oracle_results[s][c.name] = run_oracle_fresh(s, c) if args.fresh else servers.run(s, c)
        if not args.oracle_only:
            ours_results[s][c.name] = run_ours(binary, s, c)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        # Oracle runs are the slow part: interleave the series so that every
        # venv is busy from the start.
        futures = [pool.submit(job, s, c) for c in cases for s in series_list]
        try:
            for f in futures:
                f.result()
        finally:
            servers.close()
    elapsed = time.monotonic() - started

    if args.oracle_only:
        bad = 0
        for s in series_list:
            for c in cases:
                res = oracle_results[s][c.name]
                claim = c.claims().get(s)
                if "error" in res:
                    ok, note = False, ""
                elif claim is None:
                    # Only 5.2 must have a claim (the first line's).
                    ok = s != CLAIM_SERIES
                    note = "" if ok else "   <-- no `Django reports:` claim on the first line"
                else:
                    ok = claim_matches(claim, res)
                    note = "" if ok else "   <-- the case claims %s for %s" % (claim, s)
                if not ok:
                    bad += 1
                if args.verbose or not ok or not args.record:
                    print("%s %s: %s%s" % (s, c.name, fmt_oracle(res), note))
        for s in series_list:
            if args.record:
                record(s, oracle_results[s])
            crashes = sum(1 for r in oracle_results[s].values() if "crash" in r)
            print("oracle %s: %d cases, %d crashes" % (s, len(cases), crashes))
        print("oracle: %d header mismatches (%.0f s)" % (bad, elapsed))
        return 1 if bad else 0

    names = {c.name for c in cases}
    total_passed = total_failed = 0
    lines = []
    for s in series_list:
        gaps = known_gaps(s)
        rel_gaps = os.path.relpath(gaps_path(s))
        passed = failed = still_gaps = 0
        if not args.k:
            for name in sorted(set(gaps) - names):
                failed += 1
                print("FAIL %s %s: listed in %s but not a case" % (s, name, rel_gaps))
        for c in cases:
            ok, detail = compare(oracle_results[s][c.name], ours_results[s][c.name])
            if c.name in gaps:
                # A listed gap must still differ: when it agrees, shrink the list.
                if ok:
                    failed += 1
                    print("FAIL %s %s: agrees with Django now; remove it from %s" % (s, c.name, rel_gaps))
                else:
                    still_gaps += 1
                    if args.verbose:
                        print("GAP  %s %s: %s (%s)" % (s, c.name, detail, gaps[c.name]))
                continue
            if ok:
                passed += 1
                if args.verbose:
                    print("PASS %s %s" % (s, c.name))
            else:
                failed += 1
                print("FAIL %s %s: %s" % (s, c.name, detail))
        lines.append("known gaps of %s still differing from Django (%s): %d" % (s, rel_gaps, still_gaps))
        lines.append("differential %s: %d passed, %d failed" % (s, passed, failed))
        total_passed += passed
        total_failed += failed
        if args.record:
            record(s, oracle_results[s])
    for line in lines:
        print(line)
    print("(%d cases x %d series in %.0f s)" % (len(cases), len(series_list), elapsed))
    print("differential: %d passed, %d failed" % (total_passed, total_failed))
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main())
