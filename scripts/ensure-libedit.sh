#!/bin/sh
# Installs libedit-dev (headers and pkg-config file for the REPL's line editor) when it is missing.
set -e
if pkg-config --exists libedit 2>/dev/null && [ -f /usr/include/editline/readline.h ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing libedit-dev (needed by the REPL)..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq libedit-dev pkg-config >/dev/null
    exit 0
fi
echo "error: libedit-dev is missing. Install it with: sudo apt-get install libedit-dev pkg-config" >&2
echo "       (on macOS libedit ships with the system)" >&2
exit 1
