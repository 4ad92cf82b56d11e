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
. scripts/packaged-server.sh

SUITE_DIR=sdk-tests/typescript
READY_TIMEOUT=${SDK_TEST_READY_TIMEOUT:-60}

log() { echo "[sdk-test] $*"; }
die() { echo "[sdk-test] ERROR: $*" >&2; exit 1; }

require_java_and_node

start_packaged_server sdk-test

npm_ci_when_needed "$SUITE_DIR" @getzep/zep-cloud

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
