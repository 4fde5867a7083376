#!/usr/bin/env bash
# Create the oracle's virtualenvs (if missing), one per Django series the
# differential test runs:
#
#   tests/.venv      Django 5.2.*  (python3, 3.11 here) + jsonschema (the SARIF
#                    test in tests/editors validates against the schema); the
#                    other Python tests use this one
#   tests/.venv-5.2  a symlink to tests/.venv, so every series has one path
#   tests/.venv-4.2  Django 4.2.*  (python3)
#   tests/.venv-6.0  Django 6.0.*  (Python >= 3.12, found below)
#   tests/.venv-6.1  Django 6.1.*  (Python >= 3.12)
#
# Each gets the settings libraries the differential cases use:
# django-environ, python-decouple, django-split-settings (include()),
# django-configurations (class-based settings), dj-email-url and environs.
#
# Idempotent and fast when set up: one Python start per venv checks that
# everything imports at the right Django series; only a venv failing that is
# (re)installed.
#
# Python >= 3.12 for 6.0 and 6.1: $PYTHON_312 if set, else the first of
# python3.12, python3.13, python3.14, python3 that is >= 3.12, else a pyenv
# version >= 3.12 (pyenv's shims refuse python3.12 unless PYENV_VERSION says
# which). Usage: bash tests/oracle/setup_venv.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tests_dir="$(dirname "$here")"
python="${PYTHON:-python3}"

die() {
    echo "setup_venv.sh: ERROR: $*" >&2
    exit 1
}

libs=("django-environ" "python-decouple" "django-split-settings==1.3.*"
      "django-configurations==2.5.*" "dj-email-url==1.0.*" "environs==15.*")
imports="django, environ, decouple, split_settings, configurations, dj_email_url, environs"

# A Python >= 3.12: sets `found_python` (empty when none is found) and
# `tried` (what was tried, for the error message).
tried=()
found_python=""
ok312() { "$@" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
find_python_312() {
    local cand v root
    if [ -n "${PYTHON_312:-}" ]; then
        tried+=("\$PYTHON_312=$PYTHON_312")
        if ok312 "$PYTHON_312"; then found_python="$PYTHON_312"; return; fi
    fi
    for cand in python3.12 python3.13 python3.14 python3; do
        tried+=("$cand")
        if ok312 "$cand"; then found_python="$cand"; return; fi
    done
    if command -v pyenv >/dev/null 2>&1; then
        root="$(pyenv root)"
        for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])(\.[0-9]+)?$' | sort -V); do
            tried+=("pyenv $v ($root/versions/$v/bin/python3)")
            if ok312 "$root/versions/$v/bin/python3"; then
                found_python="$root/versions/$v/bin/python3"
                return
            fi
        done
    else
        tried+=("pyenv (not installed)")
    fi
}

# setup VENV SERIES PYTHON-COMMAND EXTRA-REQUIREMENT...
# PYTHON-COMMAND may be "@312": a Python >= 3.12, looked for only when the
# venv has to be created.
setup() {
    local venv="$1" series="$2" py="$3"
    shift 3
    local extra=("$@") extra_imports=""
    local major="${series%.*}" minor="${series#*.}"
    for r in "${extra[@]}"; do extra_imports+=", ${r%%[=<>]*}"; done
    local check="import sys; import $imports$extra_imports; print('Django', django.get_version(), '($venv)'); sys.exit(0 if django.VERSION[:2] == ($major, $minor) else 1)"
    if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" 2>/dev/null; then
        return
    fi
    if [ ! -x "$venv/bin/python" ]; then
        if [ "$py" = "@312" ]; then
            [ -n "$found_python" ] || find_python_312
            py="$found_python"
            if [ -z "$py" ]; then
                local joined
                printf -v joined '%s; ' "${tried[@]}"
                die "Django $series needs Python >= 3.12; none found (tried: ${joined%; }). Set PYTHON_312 to one."
            fi
        fi
        echo "setup_venv.sh: creating $venv with $py ($("$py" --version 2>&1))"
        "$py" -m venv "$venv" || die "could not create the virtualenv at $venv with $py"
    fi
    local reqs=("django==$series.*" "${libs[@]}" "${extra[@]}")
    echo "setup_venv.sh: installing into $venv: ${reqs[*]}"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${reqs[@]}" \
        || die "pip install of ${reqs[*]} into $venv failed (is PyPI reachable?)"
    "$venv/bin/python" -c "$check" || die "$venv: the installed packages are not importable at Django $series"
}

setup "$tests_dir/.venv" 5.2 "$python" jsonschema
if [ ! -e "$tests_dir/.venv-5.2" ]; then
    ln -s .venv "$tests_dir/.venv-5.2"
fi
setup "$tests_dir/.venv-4.2" 4.2 "$python"
setup "$tests_dir/.venv-6.0" 6.0 @312
setup "$tests_dir/.venv-6.1" 6.1 @312
