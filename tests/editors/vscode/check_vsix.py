"""The .vsix files as VS Code reads them.

For each .vsix: extension/package.json names an entry point (`main`) that is
in the archive; it declares every setting and command the extension's source
uses (and the ones the README promises); activation covers Django workspaces;
nothing that should stay out (src/, node_modules/, source maps) is packed.
A platform .vsix (--target) must also carry an executable server/ binary.

Usage: python check_vsix.py EXTENSION_SOURCE_DIR UNIVERSAL.vsix PLATFORM.vsix
"""

import json
import re
import sys
import unittest
import zipfile
from pathlib import Path

SRC = None
UNIVERSAL = None
PLATFORM = None

PREFIX = "django-settings-lsp."
# What the README documents: launch settings, the client's trace level, and
# the server's own configuration.
EXPECTED_SETTINGS = {
    "server.path",
    "server.extraArgs",
    "server.logLevel",
    "trace.server",
    "select",
    "ignore",
    "severity",
    "deployModules",
    "developmentModules",
    "notes",
}
EXPECTED_COMMANDS = {
    "django-settings-lsp.restart",
    "django-settings-lsp.showOutput",
    "django-settings-lsp.checkWorkspace",
}


def manifest(vsix):
    with zipfile.ZipFile(vsix) as z:
        return json.loads(z.read("extension/package.json")), z.namelist(), z


class Vsix(unittest.TestCase):
    def each(self):
        for v in (UNIVERSAL, PLATFORM):
            with self.subTest(vsix=Path(v).name):
                yield v

    def test_entry_point(self):
        for v in self.each():
            pkg, names, _ = manifest(v)
            main = pkg["main"]
            target = "extension/" + re.sub(r"^\./", "", main)
            if not target.endswith(".js"):
                target += ".js"
            self.assertIn(target, names, f"main {main!r} is not in the .vsix")
            self.assertGreater(zipfile.ZipFile(v).getinfo(target).file_size, 10000)

    def test_settings_declared(self):
        source = (Path(SRC) / "src/extension.ts").read_text()
        used = set(re.findall(r'config\.get<[^>]*>\("([^"]+)"', source))
        used |= {m for m in re.findall(r'\["(\w+)", "[\w-]+"\]', source)}
        used |= {m for m in re.findall(r'"(server\.\w+)"', source)}
        self.assertTrue({"server.path", "server.extraArgs", "select"} <= used, used)
        for v in self.each():
            pkg, _, _ = manifest(v)
            declared = {
                k[len(PREFIX):]
                for k in pkg["contributes"]["configuration"]["properties"]
            }
            self.assertEqual(declared, EXPECTED_SETTINGS)
            self.assertTrue(used <= declared, f"used but not declared: {used - declared}")
            for k, prop in pkg["contributes"]["configuration"]["properties"].items():
                self.assertIn("type", prop, k)
                self.assertTrue(prop.get("markdownDescription") or prop.get("description"), k)

    def test_commands_and_activation(self):
        source = (Path(SRC) / "src/extension.ts").read_text()
        for v in self.each():
            pkg, _, _ = manifest(v)
            commands = {c["command"] for c in pkg["contributes"]["commands"]}
            self.assertEqual(commands, EXPECTED_COMMANDS)
            for c in commands:
                suffix = c[len(PREFIX):]
                self.assertIn(f"registerCommand(`${{SECTION}}.{suffix}`", source)
            events = pkg["activationEvents"]
            self.assertIn("workspaceContains:**/manage.py", events)
            self.assertTrue(any("settings" in e for e in events), events)
            self.assertEqual(pkg["engines"]["vscode"], "^1.91.0")

    def test_contents(self):
        for v in self.each():
            _, names, _ = manifest(v)
            self.assertIn("extension/LICENSE.txt", names)
            self.assertIn("extension/readme.md", names)
            for n in names:
                self.assertFalse(n.startswith("extension/node_modules/"), n)
                self.assertFalse(n.startswith("extension/src/"), n)
                self.assertFalse(n.endswith(".map"), n)

    def test_platform_vsix_bundles_the_server(self):
        with zipfile.ZipFile(PLATFORM) as z:
            names = z.namelist()
            self.assertIn("extension/server/django-settings-lsp", names)
            info = z.getinfo("extension/server/django-settings-lsp")
            mode = info.external_attr >> 16
            self.assertTrue(mode & 0o111, f"not executable: {oct(mode)}")
            manifest_xml = z.read("extension.vsixmanifest").decode()
            self.assertIn('TargetPlatform="linux-x64"', manifest_xml)
        with zipfile.ZipFile(UNIVERSAL) as z:
            self.assertFalse(any(n.startswith("extension/server/") for n in z.namelist()))


if __name__ == "__main__":
    SRC, UNIVERSAL, PLATFORM = sys.argv[1:4]
    del sys.argv[1:4]
    unittest.main(verbosity=2)
