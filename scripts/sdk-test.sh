#!/usr/bin/env bash
# SDK conformance: drives the official TypeScript SDK (@getzep/zep-cloud, pinned in
# sdk-tests/typescript/package-lock.json) against the packaged server.
#   - builds target/quarkus-app only when quarkus-run.jar is missing
#   - starts the server on a free port with a fresh H2 database in a temp dir and a random API key
#   - waits for /q/health/ready (60 s), installs the SDK with `npm ci` when needed, runs the suite
#   - always stops the server and removes the temp dir; exits with the suite's status
# Env: SDK_TEST_READY_TIMEOUT (seconds, default 60), MVN (default "mvn -B -q -ntp").
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/quarkus-app/quarkus-run.jar
SUITE_DIR=sdk-tests/typescript
READY_TIMEOUT=${SDK_TEST_READY_TIMEOUT:-60}

log() { echo "[sdk-test] $*"; }
die() { echo "[sdk-test] ERROR: $*" >&2; exit 1; }

command -v java >/dev/null || die "java not found"
command -v node >/dev/null || die "node not found (Node.js >= 18 is required)"
command -v npm >/dev/null || die "npm not found"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || die "Node.js >= 18 required, found $(node --version)"

if [ ! -f "$JAR" ]; then
  log "no $JAR yet: building the server"
  ${MVN:-mvn -B -q -ntp} package -DskipTests
fi

# A free TCP port on the loopback interface (asked from the kernel, then released).
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')
api_key="sdk-test-$(node -e 'console.log(require("crypto").randomBytes(16).toString("hex"))')"
work=$(mktemp -d "${TMPDIR:-/tmp}/engram-sdk-test.XXXXXX")
server_log="$work/server.log"
server_pid=""

cleanup() {
  local status=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    log "stopping server (pid $server_pid)"
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting server on 127.0.0.1:$port (data dir $work/data)"
# A fresh H2 database: a database URL left in the caller's environment would pick another one.
env -u ENGRAM_DB_URL -u QUARKUS_DATASOURCE_JDBC_URL \
ENGRAM_DATA_DIR="$work/data" \
QUARKUS_HTTP_PORT="$port" \
QUARKUS_HTTP_HOST=127.0.0.1 \
ENGRAM_AUTH_API_KEYS="$api_key" \
  java -jar "$JAR" >"$server_log" 2>&1 &
server_pid=$!

ready_url="http://127.0.0.1:$port/q/health/ready"
deadline=$((SECONDS + READY_TIMEOUT))
until node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$ready_url" 2>/dev/null; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    log "server exited before becoming ready; its log:"
    cat "$server_log"
    die "server did not start"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "server not ready after ${READY_TIMEOUT}s; its log:"
    cat "$server_log"
    die "timeout waiting for $ready_url"
  fi
  sleep 0.5
done
log "server ready after ${SECONDS}s"

# npm ci when node_modules is missing or older than the lock file (npm keeps its own copy of
# the lock in node_modules/.package-lock.json; it differs when the lock changed).
lock="$SUITE_DIR/package-lock.json"
installed="$SUITE_DIR/node_modules/.package-lock.json"
if [ ! -d "$SUITE_DIR/node_modules/@getzep/zep-cloud" ] || [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
  log "installing the SDK (npm ci in $SUITE_DIR)"
  (cd "$SUITE_DIR" && npm ci --no-audit --no-fund --loglevel=error)
else
  log "SDK already installed in $SUITE_DIR/node_modules"
fi

log "running the conformance suite against http://127.0.0.1:$port/api/v2"
set +e
(cd "$SUITE_DIR" && ENGRAM_BASE_URL="http://127.0.0.1:$port/api/v2" ENGRAM_API_KEY="$api_key" node conformance.mjs)
status=$?
set -e
if [ "$status" -ne 0 ]; then
  log "suite failed (exit $status); last lines of the server log:"
  tail -n 60 "$server_log"
else
  log "suite passed"
fi
exit "$status"
