#!/usr/bin/env bash
# Create tests/.venv (if missing) with the Django oracle's dependencies and
# jsonschema (the SARIF test in tests/editors validates against the schema).
# Idempotent: re-running only re-checks the installed packages.
# Usage: bash tests/oracle/setup_venv.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tests_dir="$(dirname "$here")"
venv="$tests_dir/.venv"
python="${PYTHON:-python3}"

die() {
    echo "setup_venv.sh: ERROR: $*" >&2
    exit 1
}

if [ ! -x "$venv/bin/python" ]; then
    echo "setup_venv.sh: creating $venv"
    "$python" -m venv "$venv" || die "could not create the virtualenv at $venv with $python"
fi

# django-split-settings, django-configurations, dj-email-url and environs:
# the differential cases of settings split with include(), of class-based
# settings, of globals().update(dj_email_url.parse(...)) and of environs'
# Env() need them.
reqs=("django==5.2.*" "django-environ" "python-decouple" "jsonschema"
      "django-split-settings==1.3.*" "django-configurations==2.5.*" "dj-email-url==1.0.*"
      "environs==15.*")

# Fast path: everything already importable at the pinned Django series.
if "$venv/bin/python" - <<'PY' 2>/dev/null
import django, environ, decouple, jsonschema, split_settings, configurations, dj_email_url, environs, sys
sys.exit(0 if django.VERSION[:2] == (5, 2) else 1)
PY
then
    :
else
    echo "setup_venv.sh: installing ${reqs[*]}"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${reqs[@]}" \
        || die "pip install of ${reqs[*]} failed (is PyPI reachable?)"
fi

"$venv/bin/python" - <<'PY' || die "installed packages are not importable"
import django, environ, decouple, jsonschema, split_settings, configurations, dj_email_url, environs
print("Django", django.get_version())
PY
