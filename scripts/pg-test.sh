#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for tests.
#   scripts/pg-test.sh start   fresh cluster; prints the JDBC URL on the last line
#   scripts/pg-test.sh stop    stop it (no error if not running)
#   scripts/pg-test.sh url     print the JDBC URL
#   scripts/pg-test.sh resume  start the cluster already in ENGRAM_PG_DIR again, data kept (a fresh
#                              one if there is none); prints the JDBC URL
# Env: ENGRAM_PG_DIR (default /tmp/engram-pg), ENGRAM_PG_PORT (default 55432),
#      ENGRAM_PG_SHARED_BUFFERS (default: PostgreSQL's own, 128MB).
# Log lines go to stderr, so `URL=$(scripts/pg-test.sh start)` captures only the URL.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
DIR=${ENGRAM_PG_DIR:-/tmp/engram-pg}
PORT=${ENGRAM_PG_PORT:-55432}
URL="jdbc:postgresql://127.0.0.1:$PORT/engram"
case "$DIR" in /?*) ;; *) echo "[pg-test] ERROR: ENGRAM_PG_DIR must be an absolute path other than /: $DIR" >&2; exit 1 ;; esac

log() { echo "[pg-test] $*" >&2; }
die() { echo "[pg-test] ERROR: $*" >&2; exit 1; }

# PostgreSQL refuses to run as root, so as root we act as the `postgres` system
# user (the Debian package creates it). `cd /` avoids "could not change directory"
# noise when the caller's cwd (e.g. /root) is not readable by that user.
run() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

ensure_installed() {
  [ -x "$PG_BIN/postgres" ] && return
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    die "$PG_BIN/postgres not found; install PostgreSQL 15 (Debian: apt-get install postgresql-15)"
  fi
  log "installing postgresql-15 with apt-get"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15)
  # Package lists are often empty in fresh containers; only refresh them if needed.
  "${apt[@]}" || { log "install failed; running apt-get update and retrying"; apt-get update; "${apt[@]}"; }
  [ -x "$PG_BIN/postgres" ] || die "postgresql-15 installed but $PG_BIN/postgres is missing"
}

# The search index on PostgreSQL is pgvector's; without it the server falls back to its
# embedded Lucene index, so the suite would not test the PostgreSQL index.
ensure_pgvector() {
  if [ "$(id -u)" -eq 0 ]; then
    bash "$(dirname "$0")/pgvector.sh" || die "pgvector could not be installed"
  elif [ ! -f "$("$PG_BIN/pg_config" --sharedir 2>/dev/null)/extension/vector.control" ]; then
    log "WARNING: pgvector is not installed (sudo bash scripts/pgvector.sh); the server will use its Lucene index"
  fi
}

stop() {
  if [ -f "$DIR/postmaster.pid" ] && run "$PG_BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
    log "stopping cluster in $DIR"
    run "$PG_BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
  else
    log "no cluster running in $DIR"
  fi
}

start() {
  ensure_installed
  ensure_pgvector
  stop
  # Something else (e.g. a cluster whose dir was deleted) may still hold the port.
  local rc=0
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" || rc=$?
  [ "$rc" -ge 2 ] || die "port $PORT on 127.0.0.1 is already in use by another server"

  # We rm -rf this dir, so refuse anything that does not look like our own cluster.
  if [ -d "$DIR" ] && [ -n "$(ls -A "$DIR")" ] && [ ! -f "$DIR/PG_VERSION" ]; then
    die "$DIR exists and is not a PostgreSQL data dir; refusing to wipe it"
  fi
  log "creating fresh cluster in $DIR"
  rm -rf "$DIR"
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$DIR"

  # Unix socket: trust (only the owner can reach the socket inside the 0700 dir);
  # TCP: password, so the app's credentials are really exercised.
  # C.UTF-8 rather than C so pg_trgm/ILIKE treat non-ASCII letters as letters.
  local out
  out=$(run "$PG_BIN/initdb" -D "$DIR" -U postgres -E UTF8 --locale=C.UTF-8 \
          --auth-local=trust --auth-host=scram-sha-256 2>&1) || { echo "$out" >&2; die "initdb failed"; }
  # Appending keeps the file owned by the cluster user even when we are root.
  cat >>"$DIR/postgresql.conf" <<EOF

# --- engram test settings (scripts/pg-test.sh) ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'   # not /var/run/postgresql, which may not exist or be writable
# Durability is pointless for a throwaway test DB; these make schema setup much faster.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

  launch
  log "creating role and database engram"
  # SUPERUSER so that the server may CREATE EXTENSION vector for its search index.
  "$PG_BIN/psql" -q -X -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U postgres -d postgres \
    -c "CREATE ROLE engram LOGIN SUPERUSER PASSWORD 'engram'" \
    -c "CREATE DATABASE engram OWNER engram" >/dev/null
  log "ready"
  echo "$URL"
}

launch() {
  log "starting server on 127.0.0.1:$PORT (log: $DIR/server.log)"
  # -W: don't let pg_ctl wait; we poll pg_isready ourselves below.
  # Settings of this start (a kept cluster resumed with other settings takes them too).
  local options=""
  if [ -n "${ENGRAM_PG_SHARED_BUFFERS:-}" ]; then
    options="-c shared_buffers=$ENGRAM_PG_SHARED_BUFFERS"
  fi
  run "$PG_BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -o "$options" -W start >/dev/null
  local i
  for i in $(seq 60); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" && break
    if [ "$i" -eq 60 ]; then
      cat "$DIR/server.log" >&2 || true
      die "server did not accept connections within 30 s"
    fi
    sleep 0.5
  done
}

resume() {
  if [ ! -f "$DIR/PG_VERSION" ]; then
    start
    return
  fi
  ensure_installed
  ensure_pgvector
  stop
  launch
  log "ready (data kept)"
  echo "$URL"
}

case "${1:-}" in
  start) start ;;
  resume) resume ;;
  stop) stop ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|resume|stop|url" >&2; exit 2 ;;
esac
