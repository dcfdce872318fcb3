#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests and benchmarks, on 127.0.0.1 only.
#   scripts/pg-test-cluster.sh start [DIR]  -> prints the superuser URL on stdout (last line)
#   scripts/pg-test-cluster.sh stop  [DIR]
# Env: PGTEST_PORT (default 55432), PGTEST_DIR (default /tmp/pgtest-$PGTEST_PORT), PG_BIN,
#      PGTEST_DURABLE=1 to keep fsync and synchronous_commit on (benchmarks); tests turn them off.
# postgres refuses to run as root, so as root everything runs as the `postgres` OS user
# (created if missing) through runuser; as a normal user it runs as that user.
set -euo pipefail

cmd="${1:-}"
PORT="${PGTEST_PORT:-55432}"
DIR="${2:-${PGTEST_DIR:-/tmp/pgtest-$PORT}}"
if [[ -z "${PG_BIN:-}" ]]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [[ -n "$PG_BIN" ]] || PG_BIN="$(dirname "$(command -v initdb)")"
fi
if [[ "${PGTEST_DURABLE:-0}" == 1 ]]; then
  SAFETY="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
else
  SAFETY="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi

as_pg() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if [[ "$(id -u)" == 0 ]] && ! id -u postgres >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    if as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      echo "already running in $DIR" >&2
    else
      rm -rf "$DIR"
      mkdir -p "$DIR"
      [[ "$(id -u)" == 0 ]] && chown postgres: "$DIR"
      as_pg "$PG_BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        --no-sync --no-instructions >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; exit 1; }
      as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR $SAFETY -c max_connections=100" \
        >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    fi
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    if [[ -d "$DIR/data" ]]; then
      as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$DIR"
    fi
    ;;
  *)
    echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
