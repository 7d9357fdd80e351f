#!/bin/bash
# Runs a command beside a throwaway PostgreSQL cluster, for the store's tests (store.md §2):
#   scripts/with-postgres.sh swift test --skip-build
# The cluster lives in a temporary folder, listens on 127.0.0.1 on a free port (and on a Unix
# socket in that folder), and is stopped and removed when the command ends, however it ends. The
# command sees its URL in AIRSCRIPT_TEST_POSTGRES.
#
# Debian's `postgresql` package is installed when missing (as root, with apt-get). When no server
# can be had: on CI (CI=true) this fails; elsewhere the command runs without the URL, and the
# PostgreSQL tests say how to provide one.
set -euo pipefail

if [ -n "${AIRSCRIPT_TEST_POSTGRES:-}" ]; then
    exec "$@"  # a server of the caller's own
fi

unavailable() {
    if [ "${CI:-}" = "true" ]; then
        echo "error: PostgreSQL is needed for the store's tests on CI: $1" >&2
        exit 1
    fi
    echo "note: no PostgreSQL for the store's tests ($1); they are skipped. See README, \"Keeping journeys\"." >&2
    exec "$@"
}

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ -z "$(bin_dir)" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing postgresql..." >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq postgresql >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null; }
    fi
fi
BIN="$(bin_dir)"
[ -n "$BIN" ] || unavailable "the postgresql package is not installed (apt-get install postgresql)"

# initdb refuses to run as root: as root, the cluster belongs to the package's `postgres` user.
as_owner() {
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
OWNER="$(id -un)"
[ "$(id -u)" = "0" ] && OWNER=postgres

DIR="$(mktemp -d /tmp/airscript-postgres.XXXXXX)"
chmod 755 "$DIR"
[ "$(id -u)" = "0" ] && chown postgres "$DIR"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop() {
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap stop EXIT
trap 'exit 143' INT TERM  # so that the EXIT trap runs when the run is interrupted

as_owner "$BIN/initdb" -D "$DIR/data" -U "$OWNER" --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; unavailable "initdb failed"; }
# Written into the cluster's configuration, so that a test that stops the server starts it again
# with a plain `pg_ctl start`.
cat >>"$DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
fsync = off
max_connections = 200
CONF
as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start >/dev/null \
    || { cat "$DIR/server.log" >&2; unavailable "the server did not start"; }

export AIRSCRIPT_TEST_POSTGRES="postgres://$OWNER@127.0.0.1:$PORT/postgres"
# For the tests that stop and start the server (store.md §4: a store that goes away).
export AIRSCRIPT_TEST_POSTGRES_CTL="$BIN/pg_ctl"
export AIRSCRIPT_TEST_POSTGRES_DATA="$DIR/data"
export AIRSCRIPT_TEST_POSTGRES_OWNER="$OWNER"
export AIRSCRIPT_TEST_POSTGRES_LOG="$DIR/server.log"
echo "PostgreSQL for the tests: $AIRSCRIPT_TEST_POSTGRES" >&2
"$@"
