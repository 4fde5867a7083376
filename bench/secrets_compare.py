"""Runs detect-secrets, trufflehog3 and django-settings-lsp on the secrets
suite (tests/secrets/cases.txt) and prints each tool's recall (true cases
it reports) and precision (its reports that are true cases), per kind.

    python3 bench/secrets_compare.py [--bin target/release/django-settings-lsp]

A case counts as found when the tool reports anything in its file; a
look-alike counts as a false alarm when the tool reports anything in its
file. For django-settings-lsp only the secret codes (dsl.W001-W004) count:
the deploy checks are not secret findings. The scanners are installed from
PyPI into ~/.cache/django-settings-lsp/secrets-bench-venv the first time.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = Path.home() / ".cache/django-settings-lsp/secrets-bench-venv"
SECRET_CODES = {"dsl.W001", "dsl.W002", "dsl.W003", "dsl.W004"}


def cases():
    out = []
    for line in (ROOT / "tests/secrets/cases.txt").read_text().splitlines():
        if line.startswith("=== "):
            head = line[4:].split(" | ")[0]
            expect, case_id = head.split(" ", 1)
            out.append({"expect": expect, "id": case_id.strip(), "body": ""})
        elif out:
            out[-1]["body"] += line + "\n"
    return out


def scanners():
    bin_dir = VENV / "bin"
    if not (bin_dir / "detect-secrets").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(bin_dir / "pip"), "install", "-q", "detect-secrets", "trufflehog3"],
            check=True,
        )
    return bin_dir


def version(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    return (r.stdout or r.stderr).strip().splitlines()[0]


def detect_secrets(bin_dir, folder):
    r = subprocess.run(
        [str(bin_dir / "detect-secrets"), "scan", "--all-files", "."],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    results = json.loads(r.stdout)["results"]
    return {Path(f).stem for f, found in results.items() if found}


def trufflehog3(bin_dir, folder):
    out = Path(folder) / "trufflehog3.json"
    subprocess.run(
        [
            str(bin_dir / "trufflehog3"),
            "--no-history",
            "-z",
            "-f",
            "JSON",
            "-o",
            str(out),
            str(folder),
        ],
        capture_output=True,
        check=True,
    )
    found = json.loads(out.read_text()) if out.stat().st_size else []
    out.unlink()
    return {Path(i["path"]).stem for i in found}


def ours(binary, folder, ids):
    files = [str(Path(folder) / f"{i}.py") for i in ids]
    r = subprocess.run(
        [binary, "check", "--format", "json", *files], capture_output=True, text=True
    )
    return {
        Path(f["path"]).stem for f in json.loads(r.stdout) if f["code"] in SECRET_CODES
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/django-settings-lsp"))
    args = ap.parse_args()
    bin_dir = scanners()
    suite = cases()
    ids = [c["id"] for c in suite]
    with tempfile.TemporaryDirectory() as d:
        for c in suite:
            (Path(d) / f"{c['id']}.py").write_text(c["body"].lstrip())
        reports = {
            version([str(bin_dir / "detect-secrets"), "--version"]).join(
                ["detect-secrets ", ""]
            ): detect_secrets(bin_dir, d),
            "trufflehog3 "
            + version([str(bin_dir / "trufflehog3"), "--version"]).split()[-1]: trufflehog3(
                bin_dir, d
            ),
            version([args.bin, "--version"]): ours(args.bin, d, ids),
        }
    true_ids = {c["id"] for c in suite if c["expect"] != "quiet"}
    quiet_ids = set(ids) - true_ids
    kinds = defaultdict(set)
    for c in suite:
        if c["expect"] != "quiet":
            kinds[c["expect"]].add(c["id"])
    print(f"{len(true_ids)} true cases, {len(quiet_ids)} look-alikes\n")
    header = "| tool | recall | precision | false alarms | " + " | ".join(
        sorted(kinds)
    ) + " |"
    print(header)
    print("|" + "---|" * (4 + len(kinds)))
    for tool, found in reports.items():
        hits = found & true_ids
        alarms = found & quiet_ids
        precision = len(hits) / len(found) if found else 1.0
        per_kind = " | ".join(
            f"{len(found & kinds[k])}/{len(kinds[k])}" for k in sorted(kinds)
        )
        print(
            f"| {tool} | {len(hits)}/{len(true_ids)} ({100 * len(hits) / len(true_ids):.0f}%)"
            f" | {100 * precision:.0f}% | {len(alarms)} | {per_kind} |"
        )
    for tool, found in reports.items():
        missed = sorted(true_ids - found)
        alarms = sorted(found & quiet_ids)
        print(f"\n{tool}\n  missed: {', '.join(missed) or '-'}\n  false alarms: {', '.join(alarms) or '-'}")


if __name__ == "__main__":
    main()
