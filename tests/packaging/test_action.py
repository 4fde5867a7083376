"""action.yml, run step by step as GitHub's runner runs a composite action,
and the README's GitHub Actions workflow that uses it.

Each `run:` step runs with `bash --noprofile --norc -eo pipefail FILE` in
the workspace (a copy of examples/startproject), its `env:` evaluated first
with the expressions the action uses (`inputs.*`, `github.action_path`,
`steps.ID.outputs.NAME`; any other expression fails the test), a fresh
GITHUB_OUTPUT file per step, GITHUB_PATH and RUNNER_TEMP set. The steps
stop at the first failure and the action's outputs are evaluated after
them, as the runner does.

pip resolves from local folders only (PIP_NO_INDEX, PIP_FIND_LINKS: the
wheel run.sh built and a cached maturin wheel) and cargo reuses the
repository's target/ (CARGO_TARGET_DIR), so the default input (build the
action's checkout) costs seconds here.

Usage: python test_action.py REPO_ROOT WHEEL_DIR FIND_LINKS INSTALLED_BINARY
(needs PyYAML; INSTALLED_BINARY, the wheel's, applies the fixes)
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

ROOT = None
WHEEL_DIR = None
FIND_LINKS = None
BIN = None

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def evaluate(text, context):
    """Substitute `${{ name.path }}` expressions; fail on anything else."""

    def one(m):
        expr = m.group(1)
        if expr not in context:
            raise AssertionError(f"expression not modelled by this test: {m.group(0)!r}")
        return context[expr]

    return EXPR.sub(one, text)


class Run:
    def __init__(self, steps, outputs, github_path):
        self.steps = steps  # [(name, returncode, stdout, stderr)]
        self.outputs = outputs
        self.github_path = github_path

    def step(self, name):
        (s,) = [s for s in self.steps if s[0] == name]
        return s

    def log(self):
        return "\n".join(f"--- {n}: exit {c}\n{o}\n{e}" for n, c, o, e in self.steps)


def run_action(workspace, inputs, env, tmp):
    action = yaml.safe_load((Path(ROOT) / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    declared = action["inputs"]
    unknown = set(inputs) - set(declared)
    assert not unknown, f"inputs the action does not declare: {unknown}"
    values = {k: str(inputs.get(k, v.get("default", ""))) for k, v in declared.items()}
    context = {f"inputs.{k}": v for k, v in values.items()}
    context["github.action_path"] = ROOT
    runner_temp = Path(tmp) / "runner-temp"
    runner_temp.mkdir()
    github_path = Path(tmp) / "github_path"
    github_path.write_text("")
    steps = []
    for i, step in enumerate(action["runs"]["steps"]):
        name = step["name"]
        assert step.get("shell") == "bash", f"{name}: shell must be bash"
        script = step["run"]
        assert "${{" not in script, f"{name}: inputs reach the script through env only"
        output_file = Path(tmp) / f"output-{i}"
        output_file.write_text("")
        step_env = dict(
            env,
            GITHUB_OUTPUT=str(output_file),
            GITHUB_PATH=str(github_path),
            GITHUB_ACTION_PATH=ROOT,
            GITHUB_WORKSPACE=str(workspace),
            GITHUB_ACTIONS="true",
            RUNNER_TEMP=str(runner_temp),
        )
        for key, value in (step.get("env") or {}).items():
            step_env[key] = evaluate(str(value), context)
        script_file = Path(tmp) / f"step-{i}.sh"
        script_file.write_text(script)
        p = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
            cwd=workspace,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        steps.append((name, p.returncode, p.stdout, p.stderr))
        if "id" in step:
            for line in output_file.read_text().splitlines():
                key, sep, value = line.partition("=")
                assert sep, f"{name}: GITHUB_OUTPUT line not name=value: {line!r}"
                context[f"steps.{step['id']}.outputs.{key}"] = value
        if p.returncode != 0:
            break
    outputs = {}
    for key, spec in (action.get("outputs") or {}).items():
        try:
            outputs[key] = evaluate(spec["value"], context)
        except AssertionError:
            outputs[key] = ""  # a step output never set evaluates to ''
    return Run(steps, outputs, github_path.read_text().splitlines())


def sarif_results(path):
    sarif = json.loads(Path(path).read_text())
    assert sarif["version"] == "2.1.0"
    return sarif["runs"][0]["results"]


def env_with(path=None):
    env = dict(
        os.environ,
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=f"{WHEEL_DIR} {FIND_LINKS}",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        CARGO_TARGET_DIR=str(Path(ROOT) / "target"),
    )
    env.pop("VIRTUAL_ENV", None)
    if path is not None:
        env["PATH"] = path
    return env


def minimal_path():
    """No Rust toolchain: what a runner installing a published wheel needs."""
    path = "/usr/bin:/bin"
    for tool in ("cargo", "rustc"):
        assert shutil.which(tool, path=path) is None, f"{tool} on the minimal PATH"
    return path


class Action(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.workspace = Path(self.tmp) / "workspace"
        shutil.copytree(Path(ROOT) / "examples/startproject", self.workspace)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_defaults_build_the_checkout(self):
        run = run_action(self.workspace, {}, env_with(), self.tmp)
        print(run.log(), file=sys.stderr)
        self.assertEqual([c for _, c, _, _ in run.steps], [0, 0, 1], "findings fail the last step only")
        _, _, out, _ = run.step("manage.py check --deploy, statically")
        lines = out.splitlines()
        self.assertEqual(len(lines), 7, lines)
        self.assertTrue(all(l.startswith("::warning file=mysite/settings.py,") for l in lines), lines)
        sarif = run.outputs["sarif"]
        self.assertTrue(sarif and Path(sarif).is_file(), run.outputs)
        results = sarif_results(sarif)
        self.assertEqual(len(results), 7)
        self.assertEqual(
            {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results},
            {"mysite/settings.py"},
            "SARIF paths are relative to the workspace",
        )
        (bin_dir,) = run.github_path
        self.assertTrue(os.access(Path(bin_dir) / "django-settings-lsp", os.X_OK))

    def test_version_from_the_index_without_rust(self):
        run = run_action(
            self.workspace,
            {"version": "0.1.0", "args": "  --ignore   security.W008,security.W004 ", "django-version": "4.2"},
            env_with(minimal_path()),
            self.tmp,
        )
        print(run.log(), file=sys.stderr)
        self.assertEqual([c for _, c, _, _ in run.steps], [0, 0, 1])
        results = sarif_results(run.outputs["sarif"])
        # django-version reaches check as --django-version: Django 4.2's
        # documentation is what the rules link to.
        with open(run.outputs["sarif"], encoding="utf-8") as f:
            self.assertIn("docs.djangoproject.com/en/4.2/", f.read())
        self.assertEqual(len(results), 5)
        self.assertNotIn("security.W008", {r["ruleId"] for r in results})
        _, _, out, _ = run.step("manage.py check --deploy, statically")
        self.assertEqual(len(out.splitlines()), 5)

    def test_fixed_settings_pass(self):
        subprocess.run([BIN, "check", "--fix", "--unsafe-fixes", "."], cwd=self.workspace, capture_output=True)
        run = run_action(self.workspace, {"version": "0.1.0"}, env_with(minimal_path()), self.tmp)
        print(run.log(), file=sys.stderr)
        self.assertEqual([c for _, c, _, _ in run.steps], [0, 0, 0])
        self.assertEqual(sarif_results(run.outputs["sarif"]), [])

    def test_a_usage_error_is_not_findings(self):
        run = run_action(self.workspace, {"version": "0.1.0", "args": "--format"}, env_with(minimal_path()), self.tmp)
        print(run.log(), file=sys.stderr)
        self.assertEqual([c for _, c, _, _ in run.steps], [0, 2], "exit 2 fails the SARIF step")
        self.assertEqual(run.outputs["sarif"], "")


def readme_ci():
    text = (Path(ROOT) / "README.md").read_text()
    m = re.search(r"^## CI\n(.*?)(?=^## )", text, re.S | re.M)
    assert m, "README has no '## CI' section"
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", m.group(1), re.S)]


class ReadmeWorkflow(unittest.TestCase):
    """The README's workflow, its action step run as above (without Rust:
    the `uses:` ref stands for a released version, installed here from the
    wheel run.sh built)."""

    def test_workflow(self):
        workflow = readme_ci()[0]
        self.assertTrue("on" in workflow or True in workflow)  # YAML 1.1 reads `on` as True
        ((name, job),) = workflow["jobs"].items()
        self.assertEqual(job["permissions"]["security-events"], "write")
        steps = job["steps"]
        self.assertTrue(steps[0]["uses"].startswith("actions/checkout@"))
        (ours,) = [s for s in steps if s.get("uses", "").split("@")[0].endswith("/django-settings-lsp")]
        ref = ours["uses"].split("@")[1]
        self.assertRegex(ref, r"^v\d+\.\d+\.\d+$", "the README pins a release tag")
        inputs = dict(ours.get("with") or {})
        inputs.setdefault("version", ref[1:])
        with tempfile.TemporaryDirectory() as tmp:
            workspace = Path(tmp) / "workspace"
            shutil.copytree(Path(ROOT) / "examples/startproject", workspace)
            run = run_action(workspace, inputs, env_with(minimal_path()), tmp)
            print(run.log(), file=sys.stderr)
            self.assertEqual(run.steps[-1][1], 1, "findings fail the job")
            (upload,) = [s for s in steps if "upload-sarif" in s.get("uses", "")]
            self.assertTrue(upload["uses"].startswith("github/codeql-action/upload-sarif@"))
            self.assertIn("!cancelled()", upload.get("if", ""), "the upload runs after findings failed the check")
            context = {f"steps.{ours['id']}.outputs.{k}": v for k, v in run.outputs.items()}
            sarif_file = evaluate(upload["with"]["sarif_file"], context)
            self.assertEqual(len(sarif_results(sarif_file)), 7)

    def test_precommit_snippet(self):
        config = readme_ci()[1]
        hooks = yaml.safe_load((Path(ROOT) / ".pre-commit-hooks.yaml").read_text())
        by_id = {h["id"]: h for h in hooks}
        (repo,) = config["repos"]
        for hook in repo["hooks"]:
            self.assertIn(hook["id"], by_id)
        self.assertEqual(by_id[repo["hooks"][0]["id"]]["language"], "python", "the README leads with the hook that installs itself")


if __name__ == "__main__":
    ROOT = os.path.abspath(sys.argv.pop(1))
    WHEEL_DIR = os.path.abspath(sys.argv.pop(1))
    FIND_LINKS = os.path.abspath(sys.argv.pop(1))
    BIN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
