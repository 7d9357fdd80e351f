#!/bin/sh
# Installs the C libraries the command links, when they are missing (Linux):
#   libedit-dev     the REPL's line editor
#   libsqlite3-dev  the journey store in a SQLite file (GRDB)
#   libjemalloc-dev the command's allocator (see README, "Decisions beyond the spec": `map` runs up to
#                   a third faster on it than on glibc's malloc, most of all on several threads)
#   curl            the tests run the README's `airscript serve` walk-through with it
# On macOS both come with the system (libedit) or are not used (jemalloc).
set -e
[ "$(uname -s)" = "Linux" ] || exit 0
missing=""
pkg-config --exists sqlite3 2>/dev/null || missing="$missing libsqlite3-dev"
pkg-config --exists libedit 2>/dev/null && [ -f /usr/include/editline/readline.h ] || missing="$missing libedit-dev"
pkg-config --exists jemalloc 2>/dev/null || missing="$missing libjemalloc-dev"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
[ -n "$missing" ] || exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing$missing..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq $missing pkg-config >/dev/null
    exit 0
fi
echo "error: missing:$missing. Install with: sudo apt-get install$missing pkg-config" >&2
exit 1
