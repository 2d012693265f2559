#!/usr/bin/env bash
# A private PostgreSQL for tests and benchmarks, on 127.0.0.1 and a free port, trust auth.
#
#   scripts/postgres.sh start [DIR]   initdb into DIR if empty, start, create database ocop_hq,
#                                     print its SQLAlchemy URL on stdout (the only stdout line)
#   scripts/postgres.sh stop [DIR]    stop it (fast shutdown); DIR is kept
#   scripts/postgres.sh url [DIR]     print the URL of the server running from DIR
#
# DIR defaults to $OCOP_PG_DIR or /tmp/ocop-pg. It must be reachable by the user `postgres` when run
# as root (initdb refuses to run as root), so keep it out of root-only folders.
# On a machine without the server binaries it installs Debian's `postgresql` package first.
set -euo pipefail
cmd=${1:-start}
dir=${2:-${OCOP_PG_DIR:-/tmp/ocop-pg}}
data="$dir/data"
sock="$dir/sock"
db=ocop_hq

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return 0
  fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url_of() { echo "postgresql+psycopg://postgres@127.0.0.1:$(cat "$dir/port")/$db"; }

running() { [ -f "$dir/port" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

if ! bin=$(find_bin); then
  if [ "$cmd" != start ]; then
    log "no PostgreSQL server binaries found"
    exit 1
  fi
  log "PostgreSQL server binaries not found: installing the postgresql package"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
  bin=$(find_bin) || { log "still no initdb/pg_ctl after installing postgresql"; exit 1; }
fi

case "$cmd" in
  start)
    if running; then
      url_of
      exit 0
    fi
    mkdir -p "$data" "$sock"
    if [ "$(id -u)" -eq 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" --shell /bin/sh postgres
      chown postgres:postgres "$dir" "$data" "$sock"
    fi
    chmod 700 "$data"
    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "$port" >"$dir/port"
    # Durability is not what tests measure; fsync stays on so the benchmark is honest.
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/log" -w -t 60 \
      -o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c max_connections=100" start >&2 \
      || { tail -20 "$dir/log" >&2; exit 1; }
    createdb="$bin/createdb"
    [ -x "$createdb" ] || createdb=$(command -v createdb)
    if ! as_owner "$createdb" -h "$sock" -p "$port" -U postgres "$db" 2>"$dir/createdb.log"; then
      grep -q "already exists" "$dir/createdb.log" || { cat "$dir/createdb.log" >&2; exit 1; }
    fi
    url_of
    ;;
  stop)
    if [ -f "$data/PG_VERSION" ]; then
      as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 || true
    fi
    ;;
  url)
    running || { log "not running from $dir"; exit 1; }
    url_of
    ;;
  *)
    echo "usage: $0 start|stop|url [DIR]" >&2
    exit 2
    ;;
esac
