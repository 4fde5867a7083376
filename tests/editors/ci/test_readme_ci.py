"""The README's "CI" section, tried as a user would.

- The GitHub Actions workflow is valid YAML; each `run:` step that uses the
  checker is run as GitHub runs it (`bash -e -o pipefail`, from the
  repository root, here a copy of examples/startproject) with the server
  under test on PATH: the annotations job fails the build on a fresh
  startproject and prints annotations; the code-scanning job succeeds and
  writes the file that upload-sarif is given.
- `cargo install --locked --git URL PACKAGE` names this workspace's binary
  package (it cannot be run here: no network to GitHub).
- The pre-commit snippet uses the hook id defined in .pre-commit-hooks.yaml.

Usage: python test_readme_ci.py SERVER_BINARY REPO_ROOT   (needs PyYAML)
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import yaml

BIN = None
ROOT = None


def ci_section():
    text = (Path(ROOT) / "README.md").read_text()
    m = re.search(r"^## CI\n(.*?)(?=^## )", text, re.S | re.M)
    assert m, "README has no '## CI' section"
    return m.group(1)


def yaml_blocks():
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", ci_section(), re.S)]


class ReadmeCI(unittest.TestCase):
    def test_workflow_runs(self):
        workflow, _ = yaml_blocks()
        self.assertTrue("on" in workflow or True in workflow)  # YAML 1.1 reads `on` as True
        jobs = workflow["jobs"]
        self.assertEqual(set(jobs), {"check-deploy", "code-scanning"})
        env = dict(os.environ, PATH=f"{os.path.dirname(BIN)}{os.pathsep}{os.environ['PATH']}")
        with tempfile.TemporaryDirectory() as tmp:
            repo = Path(tmp) / "repo"
            shutil.copytree(Path(ROOT) / "examples/startproject", repo)
            for name, job in jobs.items():
                for step in job["steps"]:
                    run = step.get("run")
                    if not run:
                        continue
                    if "cargo install" in run:
                        self.check_cargo_install(run)
                        continue
                    p = subprocess.run(
                        ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", run],
                        cwd=repo,
                        env=env,
                        capture_output=True,
                        text=True,
                        timeout=60,
                    )
                    print(f"\n  [{name}] $ {run}\n  exit {p.returncode}", file=sys.stderr)
                    if name == "check-deploy":
                        self.assertEqual(p.returncode, 1, "findings fail the build: " + p.stderr)
                        lines = p.stdout.splitlines()
                        self.assertTrue(lines)
                        self.assertTrue(all(l.startswith("::warning file=mysite/settings.py,") for l in lines), lines)
                    else:
                        self.assertEqual(p.returncode, 0, "findings do not fail this job: " + p.stderr)
                upload = [s for s in job["steps"] if "upload-sarif" in s.get("uses", "")]
                if name == "code-scanning":
                    (upload,) = upload
                    self.assertTrue(upload["uses"].startswith("github/codeql-action/upload-sarif@"))
                    sarif = json.loads((repo / upload["with"]["sarif_file"]).read_text())
                    self.assertEqual(sarif["version"], "2.1.0")
                    self.assertEqual(len(sarif["runs"][0]["results"]), 7)
                    self.assertEqual(job["permissions"]["security-events"], "write")

    def check_cargo_install(self, run):
        args = run.split()
        self.assertIn("--git", args)
        self.assertIn("--locked", args)
        package = args[-1]
        meta = json.loads(
            subprocess.run(
                ["cargo", "metadata", "--no-deps", "--format-version", "1", "--offline"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        (pkg,) = [p for p in meta["packages"] if p["name"] == package]
        bins = [t["name"] for t in pkg["targets"] if "bin" in t["kind"]]
        self.assertEqual(bins, ["django-settings-lsp"])
        self.assertTrue((Path(ROOT) / "Cargo.lock").is_file(), "--locked needs Cargo.lock")

    def test_precommit_snippet(self):
        _, config = yaml_blocks()
        (repo,) = config["repos"]
        (hook,) = repo["hooks"]
        hooks = yaml.safe_load((Path(ROOT) / ".pre-commit-hooks.yaml").read_text())
        self.assertIn(hook["id"], [h["id"] for h in hooks])


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv.pop(1))
    ROOT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
