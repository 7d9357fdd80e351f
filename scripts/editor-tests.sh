#!/bin/bash
# Runs the editor tests (Tests/Editors): `airscript lsp` driven by real clients, pytest-lsp and
# headless Neovim (lsp.md §3). Their clients are installed when missing: pytest-lsp in a virtual
# environment (.venv-editors, from PyPI), Neovim from Debian's `neovim` package (as root, with
# apt-get). On CI (CI=true) a client that cannot be had fails the run; elsewhere the tests that
# need it are skipped, and say so.
set -euo pipefail
cd "$(dirname "$0")/.."

unavailable() {
    if [ "${CI:-}" = "true" ]; then
        echo "error: the editor tests need $1 on CI" >&2
        exit 1
    fi
    echo "note: $1 is missing; the editor tests that need it are skipped" >&2
}

venv=.venv-editors
if [ ! -x "$venv/bin/pytest" ] || ! "$venv/bin/python" -c "import pytest_lsp, jsonschema, yaml" 2>/dev/null; then
    echo "installing pytest-lsp in $venv..." >&2
    python3 -m venv "$venv" && "$venv/bin/pip" install -q "pytest-lsp==1.0.1" "pytest>=8" jsonschema pyyaml \
        || { unavailable "pytest-lsp (pip install pytest-lsp)"; exit 0; }
fi

if ! command -v nvim >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing neovim..." >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null \
            || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null; } \
            || unavailable "Neovim (apt-get install neovim)"
    else
        unavailable "Neovim (apt-get install neovim)"
    fi
fi

cd Tests/Editors
exec "../../$venv/bin/pytest" -q "$@"
