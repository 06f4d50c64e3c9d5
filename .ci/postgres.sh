#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests, bound to 127.0.0.1 on a free port, data and socket in a temp dir.
#
#   source .ci/postgres.sh        # exports ESEMES_TEST_POSTGRES_URL; stops the server when the shell exits
#   eval "$(bash .ci/postgres.sh)" # prints the export line (and how to stop); the server keeps running
#   bash .ci/postgres.sh stop     # stops the server started from this state dir and removes it
#
# Installs the `postgresql` package with apt-get only when no /usr/lib/postgresql/*/bin/initdb exists
# (needs root). Idempotent: a server that ESEMES_TEST_POSTGRES_URL already names and that answers, or
# the one of the state dir (ESEMES_PG_DIR, default ${TMPDIR:-/tmp}/esemes-ci-postgres), is reused.
# Tuned for tests, not for data: fsync off, trust authentication, listening on 127.0.0.1 only.

_esemes_pg_state_dir() { printf '%s\n' "${ESEMES_PG_DIR:-${TMPDIR:-/tmp}/esemes-ci-postgres}"; }

# The newest installed PostgreSQL bin dir, installing PostgreSQL first when there is none.
_esemes_pg_bin() {
  local initdb
  initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "postgres.sh: PostgreSQL is not installed and installing it needs root" >&2
      return 1
    fi
    echo "postgres.sh: installing PostgreSQL with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || return 1
    apt-get install -y -qq --no-install-recommends postgresql >&2 || return 1
    initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$initdb" ] || { echo "postgres.sh: initdb still missing after installing postgresql" >&2; return 1; }
  fi
  dirname "$initdb"
}

# Run a PostgreSQL tool as the postgres user when we are root (initdb refuses root), else as ourselves.
_esemes_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_esemes_pg_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Start (or find running) and print "<url> started", "<url> reused" (the state dir's server) or
# "<url> external" (the server ESEMES_TEST_POSTGRES_URL already named).
_esemes_pg_up() (
  set -euo pipefail
  state="$(_esemes_pg_state_dir)"
  bin="$(_esemes_pg_bin)"
  # Already given a server that answers (CI service, developer's own): use it as is.
  if [ -n "${ESEMES_TEST_POSTGRES_URL:-}" ] && "$bin/pg_isready" -q -d "$ESEMES_TEST_POSTGRES_URL" -t 2; then
    printf '%s external\n' "$ESEMES_TEST_POSTGRES_URL"
    exit 0
  fi
  if [ -f "$state/port" ] && "$bin/pg_isready" -q -h 127.0.0.1 -p "$(cat "$state/port")" -t 2; then
    printf 'postgres://postgres@127.0.0.1:%s/postgres reused\n' "$(cat "$state/port")"
    exit 0
  fi
  # A stale state dir (machine rebooted, server killed): stop what may remain and start over.
  if [ -d "$state/data" ]; then _esemes_pg_as_owner "$bin/pg_ctl" -D "$state/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$state"
  mkdir -p "$state/sock"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$state"; fi
  chmod 700 "$state"
  _esemes_pg_as_owner "$bin/initdb" -D "$state/data" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync >"$state/initdb.log" 2>&1 \
    || { cat "$state/initdb.log" >&2; exit 1; }
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    _esemes_pg_port_free "$port" || continue
    if _esemes_pg_as_owner "$bin/pg_ctl" -D "$state/data" -l "$state/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $state/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
      "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 10
      printf '%s\n' "$port" >"$state/port"
      printf 'postgres://postgres@127.0.0.1:%s/postgres started\n' "$port"
      exit 0
    fi
    tail -n 5 "$state/server.log" >&2 || true
  done
  echo "postgres.sh: could not start PostgreSQL on a free port" >&2
  exit 1
)

_esemes_pg_down() (
  state="$(_esemes_pg_state_dir)"
  [ -d "$state" ] || exit 0
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$bin" ] && [ -d "$state/data" ]; then _esemes_pg_as_owner "$bin/pg_ctl" -D "$state/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$state"
)

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: export the URL into the caller's shell; a server this call started stops when that shell
  # exits (one it found running is left alone). Not in an `||` list, so `set -e` inside keeps working.
  _esemes_pg_out="$(_esemes_pg_up)"
  _esemes_pg_rc=$?
  if [ "$_esemes_pg_rc" != 0 ]; then return "$_esemes_pg_rc"; fi
  export ESEMES_TEST_POSTGRES_URL="${_esemes_pg_out% *}"
  if [ "${_esemes_pg_out##* }" = started ]; then
    # `trap -p` quotes the earlier handler for the shell: eval reads it back verbatim.
    eval "_esemes_pg_previous_trap=$(trap -p EXIT | sed -e 's/^trap -- //' -e 's/ EXIT$//')"
    # shellcheck disable=SC2064 # expand now: the state dir and any earlier EXIT trap are fixed here
    trap "ESEMES_PG_DIR='$(_esemes_pg_state_dir)' _esemes_pg_down; ${_esemes_pg_previous_trap:-:}" EXIT
    echo "postgres.sh: ESEMES_TEST_POSTGRES_URL=$ESEMES_TEST_POSTGRES_URL (stopped when this shell exits)" >&2
  else
    echo "postgres.sh: ESEMES_TEST_POSTGRES_URL=$ESEMES_TEST_POSTGRES_URL (already running, left running)" >&2
  fi
  unset _esemes_pg_out _esemes_pg_rc _esemes_pg_previous_trap
else
  set -euo pipefail
  case "${1:-start}" in
    start)
      url="$(_esemes_pg_up)"
      printf 'export ESEMES_TEST_POSTGRES_URL=%s\n' "${url% *}"
      [ "${url##* }" = external ] || printf '# stop with: ESEMES_PG_DIR=%q bash %q stop\n' "$(_esemes_pg_state_dir)" "$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
      ;;
    stop) _esemes_pg_down ;;
    *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
  esac
fi
