#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1:${KHLANG_PG_PORT:-5433} for the test suite
# (installing Debian's server package first when it is missing) and prints the DSN to export as
# KHLANG_TEST_POSTGRES. Used by .ci/run; developers run it the same way:
#   export KHLANG_TEST_POSTGRES=$(.ci/postgres.sh)
set -euo pipefail
port=${KHLANG_PG_PORT:-5433}
if ! ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing postgresql from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
dir=${KHLANG_PG_DIR:-/tmp/khlang-pg-$port}
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if run "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
  exit 0
fi
rm -rf "$dir"; mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
run "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >&2
echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
