#!/bin/bash
# Runs the tests that drive airscript through real clients: the editor tests (Tests/Editors:
# `airscript lsp` under pytest-lsp and headless Neovim, lsp.md §3) and the browser tests
# (Tests/Browser: the delivery inspector of `airscript serve` in headless Chromium, store.md §5).
# Their clients are installed when missing: pytest-lsp, Selenium and the schema checker in a
# virtual environment (.venv-clients, from PyPI); Neovim, Chromium and its WebDriver from Debian's
# packages (as root, with apt-get). On CI (CI=true) a client that cannot be had fails the run;
# elsewhere the tests that need it are skipped, and say so.
set -euo pipefail
cd "$(dirname "$0")/.."

unavailable() {
    if [ "${CI:-}" = "true" ]; then
        echo "error: the client tests need $1 on CI" >&2
        exit 1
    fi
    echo "note: $1 is missing; the tests that need it are skipped" >&2
}

venv=.venv-clients
if [ ! -x "$venv/bin/pytest" ] || ! "$venv/bin/python" -c "import pytest_lsp, selenium, jsonschema, yaml" 2>/dev/null; then
    echo "installing the Python clients in $venv..." >&2
    python3 -m venv "$venv" && "$venv/bin/pip" install -q "pytest-lsp==1.0.1" "pytest>=8" "selenium>=4.20" jsonschema pyyaml \
        || { unavailable "pytest-lsp and Selenium (pip)"; exit 0; }
fi

# Debian's packages: the command each provides, and the package.
missing=""
command -v nvim >/dev/null 2>&1 || missing="$missing neovim"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v chromedriver >/dev/null 2>&1 || missing="$missing chromium-driver"
if [ -n "$missing" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing$missing..." >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq $missing >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null; } \
            || unavailable "$missing (apt-get install$missing)"
    else
        unavailable "$missing (apt-get install$missing)"
    fi
fi

exec "$venv/bin/pytest" -q -c Tests/Clients.ini Tests/Editors Tests/Browser "$@"
