#!/usr/bin/env bash
# Web console test: drives /console in Debian's headless Chromium (playwright-core, pinned in
# console-tests/package-lock.json) against the packaged server.
#   - builds target/quarkus-app only when quarkus-run.jar is missing
#   - starts the server on a free port with a fresh H2 database in a temp dir and a random API key
#   - waits for /q/health/ready, seeds two users and two sessions through the API and waits until
#     their messages are processed (facts, a summary, an invalidated fact)
#   - runs console-tests/console.test.mjs, which saves a screenshot of every page under
#     target/console-screenshots/
#   - always stops the server and removes the temp dir; exits with the test's status
# Env: CONSOLE_TEST_READY_TIMEOUT (seconds, default 60), CHROMIUM (default: chromium on PATH),
#      MVN (default "mvn -B -q -ntp").
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/packaged-server.sh

SUITE_DIR=console-tests
READY_TIMEOUT=${CONSOLE_TEST_READY_TIMEOUT:-60}
SHOTS="$PWD/target/console-screenshots"

log() { echo "[console-test] $*"; }
die() { echo "[console-test] ERROR: $*" >&2; exit 1; }

require_java_and_node
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$CHROMIUM" ] || die "chromium not found (apt-get install chromium; .ci/run installs it)"
export CHROMIUM

start_packaged_server console-test

npm_ci_when_needed "$SUITE_DIR" playwright-core

set +e
log "seeding users, sessions and messages; waiting until they are processed"
(cd "$SUITE_DIR" && ENGRAM_BASE_URL="http://127.0.0.1:$port/api/v2" ENGRAM_API_KEY="$api_key" node seed.mjs)
status=$?
if [ "$status" -eq 0 ]; then
  log "running the console test in $CHROMIUM against http://127.0.0.1:$port/console/"
  rm -rf "$SHOTS"
  (cd "$SUITE_DIR" && ENGRAM_URL="http://127.0.0.1:$port" ENGRAM_API_KEY="$api_key" SCREENSHOT_DIR="$SHOTS" node console.test.mjs)
  status=$?
fi
set -e
if [ "$status" -ne 0 ]; then
  log "failed (exit $status); last lines of the server log:"
  tail -n 60 "$server_log"
else
  log "passed; screenshots in $SHOTS"
fi
exit "$status"
