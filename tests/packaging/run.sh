#!/usr/bin/env bash
# The install paths a user without Rust takes, tried end to end:
#   wheel       `maturin build --release` of pyproject.toml (bindings = "bin")
#   pip         the wheel into a fresh venv (`pip install --no-index`); then,
#               with a PATH holding no cargo or rustc: `django-settings-lsp
#               check` and `python -m django_settings_lsp check` on
#               examples/startproject (7 warnings, exit 1) and examples/split
#               (4), `--version`, an LSP initialize/shutdown/exit round trip
#               through both
#   uv          `uv tool install WHEEL` and `uvx --from WHEEL`, offline
#   pre-commit  .pre-commit-hooks.yaml validated; the python hook installed
#               by pre-commit from a git copy of this work tree (pip builds
#               it with maturin, as for a user: that step needs Rust) and run
#               without Rust; the system hook run with the wheel's binary on
#               PATH; both fail on a fresh startproject and pass once
#               `check --fix --unsafe-fixes` has run
#   action      action.yml's steps run as GitHub runs them, and the README's
#               workflow and pre-commit snippet (test_action.py)
#
# Installs what it needs by itself, cached under tests/packaging/.cache/
# (git ignores it): a venv with maturin, pre-commit and uv from PyPI, and
# maturin's wheel, which the pre-commit and action builds take from there
# (pip runs with --no-index against local folders, so those builds need no
# index; cargo reuses the repository's target/ and runs offline when the
# crates are already fetched). The wheel and the logs go to
# tests/packaging/.out/; the venvs and the copies of the repository to a
# temporary folder, removed when the run passes (kept, and named, when it
# fails). Stops at the first failure (exit 1); prints
# `packaging: N passed, 0 failed` last.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
HERE=$ROOT/tests/packaging
CACHE=$HERE/.cache
OUT=$HERE/.out
MATURIN_VERSION=1.16.0
PRE_COMMIT_VERSION=4.7.0
UV_VERSION=0.13.9
TOOLS=$CACHE/tools
WHEELS=$CACHE/wheels
unset VIRTUAL_ENV DJANGO_CONFIGURATION PIP_FIND_LINKS PIP_NO_INDEX
export PIP_DISABLE_PIP_VERSION_CHECK=1
export CARGO_TARGET_DIR=$ROOT/target

passed=0
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
step() { printf -- '-- %s\n' "$*"; }
ok() {
    passed=$((passed + 1))
    printf 'ok    %s\n' "$*"
}
fail() {
    printf 'FAIL  %s\n' "$*" >&2
    exit 1
}

# logged NAME COMMAND...: run with its output in $OUT/NAME.log; on failure
# print the log's end and stop.
logged() {
    local name=$1
    shift
    local log=$OUT/$name.log
    if ! "$@" >"$log" 2>&1; then
        tail -n 40 "$log" | sed 's/^/    | /' >&2
        fail "$name (log: ${log#"$ROOT"/})"
    fi
}

mkdir -p "$CACHE" "$OUT"
rm -f "$OUT"/*.log
# Outside the repository: a copy of it under tests/ would be seen by
# anything that walks the work tree.
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/dsl-packaging.XXXXXX")
cleanup() {
    local code=$?
    if [ "$code" -eq 0 ]; then rm -rf "$SCRATCH"; else echo "scratch files kept in $SCRATCH" >&2; fi
}
trap cleanup EXIT

# ------------------------------------------------------------------ tools

step "tools: maturin $MATURIN_VERSION, pre-commit $PRE_COMMIT_VERSION, uv $UV_VERSION ($TOOLS)"
want="maturin==$MATURIN_VERSION pre-commit==$PRE_COMMIT_VERSION uv==$UV_VERSION"
if [ "$(cat "$TOOLS/.installed" 2>/dev/null)" != "$want" ] || ! "$TOOLS/bin/maturin" --version >/dev/null 2>&1; then
    rm -rf "$TOOLS"
    logged tools-venv python3 -m venv "$TOOLS"
    # shellcheck disable=SC2086 # $want is a list of requirements
    logged tools-install "$TOOLS/bin/python" -m pip install --quiet $want
    echo "$want" >"$TOOLS/.installed"
fi
if ! ls "$WHEELS"/maturin-"$MATURIN_VERSION"-*.whl >/dev/null 2>&1; then
    logged maturin-wheel "$TOOLS/bin/python" -m pip download --quiet --no-deps -d "$WHEELS" "maturin==$MATURIN_VERSION"
fi
"$TOOLS/bin/maturin" --version

# The crates are fetched once tests/run has built the workspace: builds after
# that need no network.
if cargo fetch --locked --offline >/dev/null 2>&1; then
    export CARGO_NET_OFFLINE=true
    echo "crates already fetched: cargo runs offline"
fi

# ------------------------------------------------------------------ wheel

step "wheel: maturin build --release"
start=$(now)
rm -rf "$OUT/dist"
logged maturin-build "$TOOLS/bin/maturin" build --release --locked --out "$OUT/dist"
wheels=("$OUT"/dist/*.whl)
[ ${#wheels[@]} -eq 1 ] && [ -f "${wheels[0]}" ] || fail "expected one wheel in $OUT/dist, got: ${wheels[*]}"
WHEEL=${wheels[0]}
crate_version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
case "$(basename "$WHEEL")" in
django_settings_lsp-"$crate_version"-py3-none-*.whl) ;;
*) fail "wheel $(basename "$WHEEL") is not django_settings_lsp-$crate_version-py3-none-*" ;;
esac
# The binary, the package python -m runs, the metadata the README promises.
"$TOOLS/bin/python" - "$WHEEL" <<'PY' || fail "wheel contents"
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
meta = zipfile.ZipFile(sys.argv[1]).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
for want in ("django_settings_lsp/__init__.py", "django_settings_lsp/__main__.py"):
    assert want in names, (want, names)
assert any(n.endswith(".data/scripts/django-settings-lsp") for n in names), names
for line in ("License-Expression: MIT", "Classifier: Framework :: Django :: 5.2", "Requires-Python: >=3.9"):
    assert line in meta.splitlines(), line
PY
ok "wheel $(basename "$WHEEL") ($(du -k "$WHEEL" | cut -f1) KiB, $(elapsed "$start")s)"

# ------------------------------------------------------------ pip install

step "pip: the wheel into a fresh venv, then no Rust on PATH"
VENV=$SCRATCH/venv
rm -rf "$VENV"
start=$(now)
logged venv python3 -m venv "$VENV"
logged pip-install "$VENV/bin/python" -m pip install --no-index "$WHEEL"
ok "pip install --no-index $(basename "$WHEEL") ($(elapsed "$start")s)"

# The venv's bin (as an activated venv has it) and the system's, nothing else.
NORUST=$VENV/bin:/usr/bin:/bin
norust() { env PATH="$NORUST" "$@"; }
if norust bash -c 'command -v cargo || command -v rustc'; then
    fail "the minimal PATH has a Rust toolchain"
fi
[ "$(norust bash -c 'command -v django-settings-lsp')" = "$VENV/bin/django-settings-lsp" ] ||
    fail "django-settings-lsp on PATH is not the wheel's"

version=$(norust django-settings-lsp --version)
[[ $version == *"$crate_version"* ]] || fail "--version says '$version', the crate is $crate_version"
ok "django-settings-lsp --version: $version"

# expect_check EXIT WARNINGS LABEL COMMAND...: the text report of a check.
expect_check() {
    local want_exit=$1 want_warnings=$2 label=$3 out code=0
    shift 3
    out=$(norust "$@" 2>&1) || code=$?
    printf '%s\n' "$out" | sed 's/^/    | /'
    [ "$code" -eq "$want_exit" ] || fail "$label: exit $code, expected $want_exit"
    local found
    found=$(grep -cE '^[^ ]+\.py:[0-9]+:[0-9]+: security\.W[0-9]{3} ' <<<"$out" || true)
    [ "$found" -eq "$want_warnings" ] || fail "$label: $found warning lines, expected $want_warnings"
    grep -qx "Found 0 errors and $want_warnings warnings in 1 settings module." <<<"$out" ||
        fail "$label: no summary line for $want_warnings warnings"
    ok "$label"
}
expect_check 1 7 "django-settings-lsp check examples/startproject" django-settings-lsp check examples/startproject
expect_check 1 7 "python -m django_settings_lsp check examples/startproject" python -m django_settings_lsp check examples/startproject
expect_check 1 4 "django-settings-lsp check examples/split" django-settings-lsp check examples/split
expect_check 1 4 "python -m django_settings_lsp check examples/split" python -m django_settings_lsp check examples/split
[ "$(norust django-settings-lsp check examples/startproject 2>&1)" = "$(norust python -m django_settings_lsp check examples/startproject 2>&1)" ] ||
    fail "python -m prints something else than the binary"
code=0
norust python -m django_settings_lsp check --format nonsense examples/startproject >/dev/null 2>&1 || code=$?
[ "$code" -eq 2 ] || fail "python -m passes on the binary's exit status: got $code for a usage error, expected 2"
ok "python -m django_settings_lsp passes the exit status through (2 on a usage error)"

logged lsp-binary norust python tests/packaging/lsp_roundtrip.py examples/startproject django-settings-lsp
ok "LSP initialize/shutdown/exit through django-settings-lsp ($(grep -m1 "^initialize:" "$OUT/lsp-binary.log"))"
logged lsp-python-m norust python tests/packaging/lsp_roundtrip.py examples/startproject python -m django_settings_lsp
ok "LSP initialize/shutdown/exit through python -m django_settings_lsp"

# ------------------------------------------------------------------ uv

step "uv: tool install and uvx, offline, no Rust on PATH"
UVDIR=$SCRATCH/uv
rm -rf "$UVDIR"
uv_env=(
    env PATH=/usr/bin:/bin
    UV_CACHE_DIR="$UVDIR/cache" UV_TOOL_DIR="$UVDIR/tools" UV_TOOL_BIN_DIR="$UVDIR/bin"
    UV_PYTHON_DOWNLOADS=never UV_OFFLINE=1 UV_NO_CONFIG=1
)
start=$(now)
logged uv-tool-install "${uv_env[@]}" "$TOOLS/bin/uv" tool install "$WHEEL"
[ -x "$UVDIR/bin/django-settings-lsp" ] || fail "uv tool install put no django-settings-lsp in its bin folder"
ok "uv tool install $(basename "$WHEEL") ($(elapsed "$start")s)"
NORUST=$UVDIR/bin:/usr/bin:/bin
expect_check 1 7 "django-settings-lsp check examples/startproject (uv tool)" django-settings-lsp check examples/startproject
NORUST=/usr/bin:/bin
expect_check 1 7 "uvx --from WHEEL django-settings-lsp check . (in examples/startproject)" \
    bash -c 'cd examples/startproject && exec "$@"' - "${uv_env[@]}" "$TOOLS/bin/uvx" --from "$WHEEL" django-settings-lsp check .
NORUST=$VENV/bin:/usr/bin:/bin

# ------------------------------------------------------------- pre-commit

step "pre-commit: the hooks in .pre-commit-hooks.yaml"
PC=$TOOLS/bin/pre-commit
logged pre-commit-validate "$PC" validate-manifest .pre-commit-hooks.yaml
ok "pre-commit validate-manifest .pre-commit-hooks.yaml"

export PRE_COMMIT_HOME=$SCRATCH/pre-commit-home
# The hook repository: this work tree's files (tracked, and new ones git does
# not ignore) committed to a fresh repository; on CI's clean clone, HEAD.
HOOKS=$SCRATCH/hooks
"$TOOLS/bin/python" - "$ROOT" "$HOOKS" <<'PY' || fail "copying the work tree"
import os, shutil, subprocess, sys
root, dest = sys.argv[1:]
listed = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                        check=True, capture_output=True).stdout.decode().split("\0")
for rel in filter(None, listed):
    src = os.path.join(root, rel)
    if os.path.isfile(src):  # a tracked file deleted in the work tree is skipped
        os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
        shutil.copy2(src, os.path.join(dest, rel))
PY
git -C "$HOOKS" init -q
git -C "$HOOKS" add -A
git -C "$HOOKS" -c user.name=test -c user.email=test@example.invalid commit -qm "django-settings-lsp work tree"
HOOKS_REV=$(git -C "$HOOKS" rev-parse HEAD)

# project HOOK_ID: a fresh git repository holding examples/startproject.
project() {
    local dir=$SCRATCH/project-$1
    cp -r examples/startproject "$dir"
    cat >"$dir/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $HOOKS
    rev: $HOOKS_REV
    hooks:
      - id: $1
EOF
    git -C "$dir" init -q
    git -C "$dir" add -A
    echo "$dir"
}

# precommit_run PATH DIR EXPECTED_EXIT LABEL ARGS...
precommit_run() {
    local path=$1 dir=$2 want=$3 label=$4 out code=0
    shift 4
    out=$(cd "$dir" && env PATH="$path" "$PC" run "$@" 2>&1) || code=$?
    printf '%s\n' "$out" | sed 's/^/    | /'
    [ "$code" -eq "$want" ] || fail "$label: pre-commit exited $code, expected $want"
    if [ "$want" -eq 1 ]; then
        grep -q "mysite/settings.py:26:9: security.W018" <<<"$out" || fail "$label: W018 not reported"
    fi
    ok "$label"
}

# fix_and_pass PATH DIR LABEL: the fixes applied, the settings then need two
# variables (the checker never reads them: it does not import the project;
# they are set as a deployment sets them, and plain Python proves they are
# what the fixed module needs), and the hook passes.
fix_and_pass() {
    local path=$1 dir=$2 label=$3
    (cd "$dir" && norust django-settings-lsp check --fix --unsafe-fixes . >/dev/null 2>&1) || fail "$label: check --fix --unsafe-fixes left findings"
    if (cd "$dir" && env -u DJANGO_SECRET_KEY -u DJANGO_ALLOWED_HOSTS /usr/bin/python3 mysite/settings.py 2>/dev/null); then
        fail "$label: the fixed settings load without DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS"
    fi
    export DJANGO_SECRET_KEY=pre-commit-test-"$(head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    export DJANGO_ALLOWED_HOSTS=example.com,www.example.com
    (cd "$dir" && /usr/bin/python3 mysite/settings.py) || fail "$label: the fixed settings do not load with the variables set"
    precommit_run "$path" "$dir" 0 "$label: passes after check --fix --unsafe-fixes" --all-files
    unset DJANGO_SECRET_KEY DJANGO_ALLOWED_HOSTS
}

# The python hook: pre-commit builds it from the hook repository with pip
# (maturin, then cargo: Rust is on PATH for this step only), as on a user's
# first commit; it then runs without Rust.
dir=$(project django-settings-lsp)
start=$(now)
logged pre-commit-install-hooks bash -c 'cd "$1" && PIP_NO_INDEX=1 PIP_FIND_LINKS="$2" "$3" install-hooks' - "$dir" "$WHEELS" "$PC"
ok "pre-commit install-hooks: the python hook built from the repository ($(elapsed "$start")s)"
precommit_run /usr/bin:/bin "$dir" 1 "python hook fails on a fresh startproject (no Rust on PATH)" --all-files
precommit_run /usr/bin:/bin "$dir" 0 "python hook skips a commit of urls.py" --files mysite/urls.py
fix_and_pass /usr/bin:/bin "$dir" "python hook"

# The system hook: the binary on PATH, here the wheel's.
dir=$(project django-settings-lsp-system)
precommit_run "$VENV/bin:/usr/bin:/bin" "$dir" 1 "system hook fails on a fresh startproject (the wheel's binary on PATH)" --all-files
fix_and_pass "$VENV/bin:/usr/bin:/bin" "$dir" "system hook"

# ----------------------------------------------------------------- action

step "action.yml and the README's workflow (test_action.py)"
start=$(now)
logged action "$TOOLS/bin/python" tests/packaging/test_action.py "$ROOT" "$OUT/dist" "$WHEELS" "$VENV/bin/django-settings-lsp"
# Passed, each of them (their step logs are in the log file).
grep -oE '^test_[a-z_]+ \(__main__\.[A-Za-z]+' "$OUT/action.log" | sed -E 's/^(test_[a-z_]+) \(__main__\.(.*)/    | ok \2.\1/'
grep -E '^Ran [0-9]+ tests' "$OUT/action.log" | sed 's/^/    | /'
ok "action.yml steps and the README's CI section ($(elapsed "$start")s)"

echo
echo "packaging: $passed passed, 0 failed"
