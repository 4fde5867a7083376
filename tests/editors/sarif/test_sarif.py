"""`check --format sarif` and `check --format github`.

SARIF: the output validates against the vendored SARIF 2.1.0 schema
(sarif-schema-2.1.0.json beside this file) and has what GitHub code scanning
reads: one rule per code with a help URI, results with a rule ID, a level, a
message and a physical location whose URI is relative to the directory the
command ran in, with 1-based regions that agree with `--format json`.

GitHub: every line is a workflow command that parses back, once unescaped, to
the finding `--format json` reports (file, line, columns, code, message).

Usage: python test_sarif.py BINARY REPO_ROOT   (needs jsonschema)
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

import jsonschema

HERE = Path(__file__).resolve().parent
SCHEMA = json.loads((HERE / "sarif-schema-2.1.0.json").read_text())
BIN = None
ROOT = None

STARTPROJECT_CODES = {
    "security.W004",
    "security.W008",
    "security.W009",
    "security.W012",
    "security.W016",
    "security.W018",
    "security.W020",
}


def run(args, cwd):
    p = subprocess.run(
        [BIN, "check", *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )
    return p.returncode, p.stdout, p.stderr


def validate(log):
    validator = jsonschema.Draft4Validator(SCHEMA)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    if errors:
        raise AssertionError(
            "SARIF does not validate:\n"
            + "\n".join(f"  at {list(e.path)}: {e.message}" for e in errors[:10])
        )


def unescape_data(s):
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(s):
    return (
        s.replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
    )


ANNOTATION = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def parse_annotation(line):
    m = ANNOTATION.match(line)
    if not m:
        raise AssertionError(f"not a workflow annotation: {line!r}")
    kind, props, message = m.groups()
    fields = {}
    for part in props.split(","):
        key, eq, value = part.partition("=")
        if not eq:
            raise AssertionError(f"property without '=' in {line!r}")
        fields[key] = unescape_property(value)
    return kind, fields, unescape_data(message)


class Sarif(unittest.TestCase):
    def sarif_and_json(self, args, cwd):
        code, out, err = run(["--format", "sarif", *args], cwd)
        self.assertIn(code, (0, 1), err)
        log = json.loads(out)
        code2, out2, err2 = run(["--format", "json", *args], cwd)
        self.assertEqual(code, code2, err2)
        return log, json.loads(out2)

    def check_against_json(self, log, rows, cwd):
        validate(log)
        self.assertEqual(log["version"], "2.1.0")
        self.assertEqual(len(log["runs"]), 1)
        run_ = log["runs"][0]
        driver = run_["tool"]["driver"]
        self.assertEqual(driver["name"], "django-settings-lsp")
        rules = driver["rules"]
        ids = [r["id"] for r in rules]
        self.assertEqual(len(ids), len(set(ids)), "one rule per code")
        self.assertEqual(set(ids), {r["code"] for r in rows}, "a rule per code that appears")
        for r in rules:
            self.assertTrue(r["shortDescription"]["text"].strip(), r)
            if r["id"].startswith("security."):
                self.assertTrue(
                    r["helpUri"].startswith("https://docs.djangoproject.com/"), r
                )
        results = run_["results"]
        self.assertEqual(len(results), len(rows))
        levels = {"error": "error", "warning": "warning", "info": "note"}
        for res, row in zip(results, rows):
            self.assertEqual(res["ruleId"], row["code"])
            self.assertEqual(rules[res["ruleIndex"]]["id"], row["code"])
            self.assertEqual(res["level"], levels[row["severity"]])
            self.assertEqual(res["message"]["text"], row["message"])
            (loc,) = res["locations"]
            phys = loc["physicalLocation"]
            uri = phys["artifactLocation"]["uri"]
            region = phys["region"]
            self.assertEqual(
                (
                    region["startLine"],
                    region["startColumn"],
                    region["endLine"],
                    region["endColumn"],
                ),
                (row["line"], row["column"], row["end_line"], row["end_column"]),
            )
            if os.path.isabs(row["path"]):
                self.assertTrue(uri.startswith("file:///"), uri)
            else:
                self.assertNotIn("://", uri)
                self.assertFalse(uri.startswith("/"), uri)
                self.assertEqual(phys["artifactLocation"]["uriBaseId"], "%SRCROOT%")
                from urllib.parse import unquote

                self.assertEqual(unquote(uri), row["path"])
                self.assertTrue((Path(cwd) / unquote(uri)).is_file(), uri)
        if any(not os.path.isabs(r["path"]) for r in rows):
            base = run_["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            self.assertTrue(base.startswith("file:///") and base.endswith("/"), base)

    def test_startproject(self):
        log, rows = self.sarif_and_json(["examples/startproject"], ROOT)
        self.check_against_json(log, rows, ROOT)
        codes = {r["ruleId"] for r in log["runs"][0]["results"]}
        self.assertEqual(codes, STARTPROJECT_CODES)
        for res in log["runs"][0]["results"]:
            uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            self.assertEqual(uri, "examples/startproject/mysite/settings.py")

    def test_levels_notes_errors_and_awkward_paths(self):
        with tempfile.TemporaryDirectory() as tmp:
            # A directory name with a space, a comma, a colon and non-ASCII.
            d = Path(tmp) / "my site, été:1"
            d.mkdir()
            (d / "settings.py").write_text(
                "import os\n"
                "DEBUG = True\n"
                "SECRET_KEY = os.environ['KEY']\n"
                "ALLOWED_HOSTS = 'example.com'\n"
            )
            log, rows = self.sarif_and_json(["--show-notes", str(d.name)], tmp)
            self.check_against_json(log, rows, tmp)
            levels = {r["level"] for r in log["runs"][0]["results"]}
            self.assertEqual(levels, {"error", "warning", "note"}, rows)
            uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
                "artifactLocation"
            ]["uri"]
            self.assertEqual(uri, "my%20site%2C%20%C3%A9t%C3%A9%3A1/settings.py")
            # Run from elsewhere: the path is absolute, the URI a file: URI.
            with tempfile.TemporaryDirectory() as other:
                log, rows = self.sarif_and_json([str(d / "settings.py")], other)
                self.check_against_json(log, rows, other)

    def test_no_findings(self):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(Path(ROOT) / "examples/startproject", Path(tmp) / "p")
            code, out, err = run(
                ["--format", "sarif", "--select", "security.W999", "p"], tmp
            )
            self.assertEqual(code, 0, err)
            log = json.loads(out)
            validate(log)
            self.assertEqual(log["runs"][0]["results"], [])
            self.assertEqual(log["runs"][0]["tool"]["driver"]["rules"], [])


class Github(unittest.TestCase):
    def annotations(self, args, cwd):
        code, out, err = run(["--format", "github", *args], cwd)
        code2, out2, _ = run(["--format", "json", *args], cwd)
        self.assertEqual(code, code2, err)
        lines = out.splitlines()
        rows = json.loads(out2)
        self.assertEqual(len(lines), len(rows), out)
        return [parse_annotation(l) for l in lines], rows

    def check(self, parsed, rows):
        kinds = {"error": "error", "warning": "warning", "info": "notice"}
        for (kind, fields, message), row in zip(parsed, rows):
            self.assertEqual(kind, kinds[row["severity"]])
            self.assertEqual(fields["file"], row["path"])
            self.assertEqual(fields["title"], row["code"])
            self.assertEqual(int(fields["line"]), row["line"])
            self.assertEqual(int(fields["endLine"]), row["end_line"])
            if row["line"] == row["end_line"]:
                self.assertEqual(int(fields["col"]), row["column"])
                self.assertEqual(int(fields["endColumn"]), row["end_column"])
            else:
                self.assertNotIn("col", fields)
                self.assertNotIn("endColumn", fields)
            self.assertEqual(message, row["message"])

    def test_startproject(self):
        parsed, rows = self.annotations(["examples/startproject"], ROOT)
        self.check(parsed, rows)
        self.assertEqual({f["title"] for _, f, _ in parsed}, STARTPROJECT_CODES)
        self.assertTrue(all(k == "warning" for k, _, _ in parsed))

    def test_escaping(self):
        with tempfile.TemporaryDirectory() as tmp:
            d = Path(tmp) / "a,b:c%d"
            d.mkdir()
            (d / "settings.py").write_text(
                "import os\n"
                "DEBUG = True\n"
                "SECRET_KEY = os.environ['KEY']\n"
                "SECURE_REFERRER_POLICY = 'no-referrer,\\nbogus%20'\n"
                "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n]\n"
                "ALLOWED_HOSTS = (\n    'x'\n)\n"
            )
            code, out, _ = run(["--format", "github", "--show-notes", d.name], tmp)
            for line in out.splitlines():
                props = ANNOTATION.match(line).group(2)
                self.assertNotIn("a,b:c", props)
                self.assertIn("file=a%2Cb%3Ac%25d/settings.py", props)
            parsed, rows = self.annotations(["--show-notes", d.name], tmp)
            self.check(parsed, rows)
            self.assertIn("error", {k for k, _, _ in parsed})
            self.assertIn("notice", {k for k, _, _ in parsed})
            self.assertTrue(any("\n" in m or "%" in m for _, _, m in parsed), parsed)


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv.pop(1))
    ROOT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
