#!/usr/bin/env python3
"""Differential test: our static checker against real Django (the oracle).

Run with the venv made by tests/oracle/setup_venv.sh:

    tests/.venv/bin/python tests/differential/run.py --bin target/debug/django-settings-lsp
    tests/.venv/bin/python tests/differential/run.py --oracle-only [--record]
    tests/.venv/bin/python tests/differential/run.py --bin BIN --use-expected

For every case under tests/differential/cases/ (a `<name>.py` file, or a
`<name>/` directory with an ENTRY file naming the deploy settings module):

* the oracle (tests/oracle/django_oracle.py) runs in an EMPTY environment
  (only PATH, PYTHONDONTWRITEBYTECODE=1 and the case's `# oracle-env: NAME=value`
  variables) and gives Django's sorted IDs of the checks the analyser
  models (the rows of its registry, `server/src/analysis/checks/mod.rs`:
  `security.*`, `4_0.E001`), or a crash;
* `BIN check --format json ENTRY` gives our findings; their codes of those checks,
  sorted with duplicates kept, are compared with Django's. When Django crashed,
  the case passes when our output has a code starting with `dsl.E` ("Django
  would crash"); when Django did not crash, a `dsl.E` finding is a failure.

The last line is `differential: N passed, M failed`; exit status 1 if any case
failed (2 on a usage error).

--record writes the oracle results to tests/differential/expected.json, which
the Rust tests read to compare without Python. --oracle-only runs only the
oracle (no binary needed), prints its result per case and checks it against the
`Django reports: ...` claim on each case's first line. --use-expected takes
Django's results from expected.json instead of running the oracle.
"""

import argparse
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
CASES_DIR = os.path.join(HERE, "cases")
EXPECTED = os.path.join(HERE, "expected.json")
ORACLE = os.path.join(TESTS, "oracle", "django_oracle.py")
CHECKS_RS = os.path.join(os.path.dirname(TESTS), "server", "src", "analysis", "checks", "mod.rs")
# The IDs compared: the checks the analyser's registry has (one row each).
with open(CHECKS_RS, encoding="utf-8") as _f:
    MODELLED_IDS = frozenset(re.findall(r'CheckDef \{ id: "([^"]+)"', _f.read()))

ENV_RE = re.compile(r"^#\s*oracle-env:\s*([A-Za-z_][A-Za-z0-9_]*)=(.*?)\s*$")
CLAIM_RE = re.compile(r"Django reports:\s*(.*?)\s*$")
ORACLE_TIMEOUT = 120
BIN_TIMEOUT = 60


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

    def claim(self):
        """The `Django reports: ...` claim of the entry file's first line:
        ("ids", [...]) or ("crash", "ClassName"), or None."""
        with open(self.entry, encoding="utf-8") as f:
            first = f.readline()
        m = CLAIM_RE.search(first)
        if not m:
            return None
        text = m.group(1).rstrip(".")
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


def run_oracle(case):
    """Returns {"ids": [...]} (security IDs, sorted) or {"crash": name, "message": text}."""
    env = base_env()
    env.update(case.oracle_env())
    if case.site:
        env["PYTHONPATH"] = case.site
    try:
        proc = subprocess.run(
            [sys.executable, ORACLE, case.entry],
            env=env,
            cwd=os.path.dirname(case.entry),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=ORACLE_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"error": "oracle timed out after %ss" % ORACLE_TIMEOUT}
    if proc.returncode == 0:
        try:
            ids = json.loads(proc.stdout)
        except ValueError:
            return {"error": "oracle printed no JSON: %r" % proc.stdout[:200]}
        return {"ids": sorted(i for i in ids if i in MODELLED_IDS)}
    if proc.returncode == 2:
        for line in proc.stderr.splitlines():
            if line.startswith("ORACLE-CRASH "):
                rest = line[len("ORACLE-CRASH "):]
                cls, _, msg = rest.partition(": ")
                return {"crash": cls, "message": msg}
    return {
        "error": "oracle exited %d: %s" % (proc.returncode, proc.stderr.strip()[-500:]),
    }


def run_ours(binary, case):
    """Returns {"codes": [...all codes...]} or {"error": text}."""
    try:
        proc = subprocess.run(
            [binary, "check", "--format", "json", case.entry],
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
    sec = sorted(c for c in codes if c in MODELLED_IDS)
    crash_codes = sorted(c for c in codes if c.startswith("dsl.E"))
    if "crash" in oracle:
        if crash_codes:
            return True, "django=CRASH %s ours=%s" % (oracle["crash"], json.dumps(crash_codes))
        return False, "django=CRASH %s ours=%s (no dsl.E finding)" % (oracle["crash"], json.dumps(sec))
    if crash_codes:
        return False, "django=%s ours=%s + %s (Django does not crash)" % (
            json.dumps(oracle["ids"]), json.dumps(sec), json.dumps(crash_codes))
    ok = sec == oracle["ids"]
    return ok, "django=%s ours=%s" % (json.dumps(oracle["ids"]), json.dumps(sec))


def claim_matches(claim, res):
    if claim is None:
        return False
    kind, value = claim
    if kind == "crash":
        return res.get("crash") == value
    return res.get("ids") == value


def record(results):
    out = {}
    for name in sorted(results):
        res = results[name]
        if "error" in res:
            raise SystemExit("not recording: oracle error for %s: %s" % (name, res["error"]))
        out[name] = {"crash": res["crash"]} if "crash" in res else {"ids": res["ids"]}
    with open(EXPECTED, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, sort_keys=True)
        f.write("\n")
    print("recorded %d cases to %s" % (len(out), os.path.relpath(EXPECTED)))


def known_gaps():
    """Case name -> reason, from known_gaps.txt."""
    out = {}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "known_gaps.txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, reason = line.partition(" ")
                out[name] = reason.strip()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", help="our binary (runs `BIN check --format json ENTRY`)")
    ap.add_argument("--record", action="store_true", help="write oracle results to expected.json")
    ap.add_argument("--oracle-only", action="store_true", help="run only the oracle; check the header claims")
    ap.add_argument("--use-expected", action="store_true", help="take Django's results from expected.json")
    ap.add_argument("-k", metavar="SUBSTRING", help="only cases whose name contains SUBSTRING")
    ap.add_argument("-v", "--verbose", action="store_true", help="print a PASS line per passing case")
    ap.add_argument("-j", "--jobs", type=int, default=4, help="parallel oracle/binary runs (default 4)")
    args = ap.parse_args()

    if not args.oracle_only and not args.bin:
        ap.error("--bin is required unless --oracle-only is given")
    if args.use_expected and (args.record or args.oracle_only):
        ap.error("--use-expected cannot be combined with --record or --oracle-only")
    if args.record and args.k:
        ap.error("--record records every case; do not combine it with -k")

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

    if args.use_expected:
        with open(EXPECTED, encoding="utf-8") as f:
            expected = json.load(f)
        missing = [c.name for c in cases if c.name not in expected]
        if missing:
            print("run.py: not in expected.json (run --record): %s" % ", ".join(missing), file=sys.stderr)
            return 2
        oracle_results = {c.name: dict(expected[c.name]) for c in cases}
    else:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {c.name: pool.submit(run_oracle, c) for c in cases}
            oracle_results = {name: f.result() for name, f in futures.items()}

    if args.oracle_only:
        bad = 0
        for c in cases:
            res = oracle_results[c.name]
            claim = c.claim()
            ok = "error" not in res and claim_matches(claim, res)
            note = "" if ok else "   <-- header claims %s" % (claim,)
            if not ok:
                bad += 1
            if args.verbose or not ok or not args.record:
                print("%s: %s%s" % (c.name, fmt_oracle(res), note))
        if args.record:
            record(oracle_results)
        crashes = sum(1 for r in oracle_results.values() if "crash" in r)
        print("oracle: %d cases, %d crashes, %d header mismatches" % (len(cases), crashes, bad))
        return 1 if bad else 0

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {c.name: pool.submit(run_ours, binary, c) for c in cases}
        ours_results = {name: f.result() for name, f in futures.items()}

    gaps = known_gaps()
    passed = failed = still_gaps = 0
    for c in cases:
        ok, detail = compare(oracle_results[c.name], ours_results[c.name])
        if c.name in gaps:
            # A listed gap must still differ: when it agrees, shrink the list.
            if ok:
                failed += 1
                print("FAIL %s: agrees with Django now; remove it from known_gaps.txt" % c.name)
            else:
                still_gaps += 1
                if args.verbose:
                    print("GAP  %s: %s (%s)" % (c.name, detail, gaps[c.name]))
            continue
        if ok:
            passed += 1
            if args.verbose:
                print("PASS %s" % c.name)
        else:
            failed += 1
            print("FAIL %s: %s" % (c.name, detail))
    if args.record:
        record(oracle_results)
    print("known gaps still differing from Django (tests/differential/known_gaps.txt): %d" % still_gaps)
    print("differential: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
