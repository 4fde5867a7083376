#!/usr/bin/env python3
"""Write the Rust data translation.E004 reads about each Django release
(server/src/analysis/django_locales_data.rs): the `django.mo`
catalogs Django ships in `django/conf/locale` and in each contrib app's
`locale/`, `global_settings.LANGUAGES` and `LANGUAGES_BIDI`, the
`LANG_INFO` fallbacks, and the part of Python's `locale.locale_alias` that
a language code can reach (gettext normalises through it).

Each release is read by a Python that has it installed (one venv per
release, as CONTRIBUTING.md's "Add a Django release" makes them):

    python3 tests/oracle/locale_data.py --venvs DIR --write
        DIR/4.2/bin/python, DIR/5.2/bin/python, ... : writes the Rust file
    python3 tests/oracle/locale_data.py --python 5.2=tests/.venv/bin/python --check
        compares the releases given with the Rust file (exit 1 if it differs)

`--dump` (run by each release's Python) prints that release's data as JSON.
"""
import argparse
import json
import os
import re
import subprocess
import sys

RELEASES = ["4.2", "5.2", "6.0", "6.1"]
HERE = os.path.dirname(os.path.abspath(__file__))
RUST = os.path.join(HERE, "..", "..", "server", "src", "analysis",
                    "django_locales_data.rs")

# What `to_locale` can make of a code that passes Django's tag regex, as
# `locale.normalize` looks it up (lowercased, the modifier apart): only
# these alias keys are ever looked up.
REACHABLE_ALIAS = re.compile(
    r"^[a-z]{1,8}(_[a-z0-9]{1,8}(-[a-z0-9]{1,8})*)?(@[a-z0-9]{1,20})?$")


def dump():
    import locale
    import platform

    import django
    from django.conf import global_settings
    from django.conf.locale import LANG_INFO

    root = os.path.dirname(django.__file__)

    def catalogs(locale_dir):
        if not os.path.isdir(locale_dir):
            return None
        return sorted(
            name for name in os.listdir(locale_dir)
            if os.path.isfile(os.path.join(locale_dir, name, "LC_MESSAGES", "django.mo")))

    contrib = os.path.join(root, "contrib")
    apps = {}
    for app in sorted(os.listdir(contrib)):
        found = catalogs(os.path.join(contrib, app, "locale"))
        if found is not None:
            apps["django.contrib." + app] = found
    return {
        "django": django.get_version(),
        "python": platform.python_version(),
        "core": catalogs(os.path.join(root, "conf", "locale")),
        "apps": apps,
        "languages": [[str(code), str(name)] for code, name in global_settings.LANGUAGES],
        "bidi": list(global_settings.LANGUAGES_BIDI),
        "fallbacks": {k: v["fallback"] for k, v in sorted(LANG_INFO.items()) if "fallback" in v},
        "alias": {k: v for k, v in sorted(locale.locale_alias.items())
                  if REACHABLE_ALIAS.match(k)},
    }


def wrapped(words, sep=" ", indent=4, width=96):
    """A Rust string literal of `words` joined by `sep`, cut into lines with
    `\\` continuations (which drop the line break and the indentation)."""
    lines, line = [], ""
    for w in words:
        piece = (sep if line else "") + w
        if line and len(line) + len(piece) > width:
            lines.append(line + sep)
            line = w
        else:
            line += piece
    lines.append(line)
    body = ("\\\n" + " " * indent).join(json.dumps(l, ensure_ascii=False)[1:-1] for l in lines)
    return '"' + body + '"'


def fields(data):
    """Each field of a release as the words of one string literal."""
    out = {"CORE": data["core"]}
    for app, found in data["apps"].items():
        out["APP_" + app.rsplit(".", 1)[1].upper()] = found
    out["LANGUAGES"] = ["%s:%s" % (c, n) for c, n in data["languages"]]
    out["BIDI"] = data["bidi"]
    out["FALLBACKS"] = ["%s:%s" % (c, ",".join(to)) for c, to in data["fallbacks"].items()]
    return out


def const_name(release, field):
    return "V%s_%s" % (release.replace(".", "_"), field)


def release_block(release, data, earlier):
    """The constants of a release (a field equal to an earlier release's
    names that release's constant) and its ReleaseLocales."""
    seps = {"LANGUAGES": ";"}
    out = ["// Django %s.\n" % data["django"]]
    names = {}
    for field, words in fields(data).items():
        same = [r for r in earlier if fields(earlier[r]).get(field) == words]
        if same:
            names[field] = const_name(same[0], field)
            continue
        names[field] = const_name(release, field)
        out.append("const %s: &str = %s;\n" % (names[field], wrapped(words, seps.get(field, " "))))
    apps = ["        (%s, %s),\n" % (json.dumps(app), names["APP_" + app.rsplit(".", 1)[1].upper()])
            for app in data["apps"]]
    out.append("pub(super) const %s: ReleaseLocales = ReleaseLocales {\n" % const_name(release, "LOCALES"))
    out.append("    core: %s,\n    apps: &[\n%s    ],\n" % (names["CORE"], "".join(apps)))
    out.append("    languages: %s,\n    bidi: %s,\n    fallbacks: %s,\n};\n"
               % (names["LANGUAGES"], names["BIDI"], names["FALLBACKS"]))
    return "".join(out)


def alias_block(data):
    words = ["%s:%s" % kv for kv in data["alias"].items()]
    return ("// Python's locale.locale_alias, the keys a tag can reach, as key:value\n"
            "// (the same on Python 3.11 and 3.12 for these keys).\n"
            "pub(super) const LOCALE_ALIAS: &str = %s;\n" % wrapped(words))


HEADER = """//! What each Django release ships for translation.E004: its `django.mo`
//! catalogs (`django/conf/locale`, each contrib app's `locale/`), the
//! default LANGUAGES (`code:name;...`) and LANGUAGES_BIDI, LANG_INFO's
//! fallbacks (`code:fallback,...`); and the part of Python's
//! `locale.locale_alias` a language code can reach. Generated by
//! `tests/oracle/locale_data.py --venvs DIR --write` (one venv per release:
//! CONTRIBUTING.md, "Add a Django release"); do not edit by hand. A test
//! compares it with the script's output where the venvs exist.

use super::ReleaseLocales;
"""


def blocks(datas):
    """Each release's block, keyed by release, with the alias table's."""
    out, earlier = {}, {}
    for release in RELEASES:
        if release in datas:
            out[release] = release_block(release, datas[release], earlier)
            earlier[release] = datas[release]
    return out


def render(datas):
    parts = [HEADER]
    for block in blocks(datas).values():
        parts.append("\n" + block)
    parts.append("\n" + alias_block(datas[RELEASES[-1]]))
    return "".join(parts)


def literals(text):
    """The file's string constants, their continuations joined."""
    out = {}
    for m in re.finditer(r'const (\w+): &str =\s*"((?:[^"\\]|\\.)*)";', text, re.S):
        body = re.sub(r"\\\n\s*", "", m.group(2))
        out[m.group(1)] = json.loads('"%s"' % body)
    return out


def parse(text, release):
    """A release's fields as the Rust file has them (None: not there)."""
    m = re.search(r"const %s: ReleaseLocales = ReleaseLocales \{(.*?)\n\};"
                  % const_name(release, "LOCALES"), text, re.S)
    if not m:
        return None
    consts, body = literals(text), m.group(1)
    field = lambda name: re.search(r"\b%s: (\w+)," % name, body).group(1)
    words = lambda const, sep=" ": consts[const].split(sep)
    out = {"CORE": words(field("core"))}
    for app, const in re.findall(r'\("([\w.]+)", (\w+)\)', body):
        out["APP_" + app.rsplit(".", 1)[1].upper()] = words(const)
    out["LANGUAGES"] = words(field("languages"), ";")
    out["BIDI"] = words(field("bidi"))
    out["FALLBACKS"] = words(field("fallbacks"))
    return out


def parse_alias(text):
    return literals(text)["LOCALE_ALIAS"].split(" ")


def read_release(python):
    out = subprocess.run([python, os.path.abspath(__file__), "--dump"],
                         check=True, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"})
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", action="store_true")
    ap.add_argument("--venvs", help="a folder with one venv per release (4.2/bin/python...)")
    ap.add_argument("--python", action="append", default=[], help="RELEASE=PYTHON")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if args.dump:
        json.dump(dump(), sys.stdout)
        return 0
    pythons = {}
    if args.venvs:
        for r in RELEASES:
            p = os.path.join(args.venvs, r, "bin", "python")
            if os.path.exists(p):
                pythons[r] = p
    for spec in args.python:
        r, _, p = spec.partition("=")
        pythons[r] = p
    datas = {r: read_release(p) for r, p in pythons.items()}
    for r, d in datas.items():
        if not d["django"].startswith(r + "."):
            sys.exit("%s is Django %s, not %s" % (pythons[r], d["django"], r))
    if args.write:
        missing = [r for r in RELEASES if r not in datas]
        if missing:
            sys.exit("--write needs every release; missing: " + ", ".join(missing))
        with open(RUST, "w", encoding="utf-8") as f:
            f.write(render(datas))
        # As `cargo fmt` leaves it (the comparison reads the data, not the layout).
        subprocess.run(["rustfmt", "--edition", "2021", RUST], check=False)
        return 0
    if args.check:
        with open(RUST, encoding="utf-8") as f:
            text = f.read()
        # What the file says of each given release, field by field (CI has
        # one venv; `cargo fmt` lays the file out).
        given = sorted(datas)
        stale = [r for r in given if parse(text, r) != fields(datas[r])]
        newest = datas[given[-1]]
        if parse_alias(text) != ["%s:%s" % kv for kv in newest["alias"].items()]:
            stale.append("locale_alias")
        if stale:
            print("django_locales_data.rs differs from the script for: " + ", ".join(stale))
            print("regenerate: python3 tests/oracle/locale_data.py --venvs DIR --write")
            return 1
        print("django_locales_data.rs agrees with %s" % ", ".join(sorted(datas)))
        return 0
    ap.error("say --write, --check or --dump")


if __name__ == "__main__":
    sys.exit(main())
