#!/usr/bin/env bash
# make bench-mock: Engram's mock mode vs Prism vs WireMock, same call sequence and concurrency.
# Fetches what is missing (Prism into bench/node_modules from the committed lock file, the
# WireMock standalone jar from Maven Central into bench/lib), rebuilds the server when a source
# is newer than the jar, then runs bench/mock-bench.mjs. Extra arguments go to the driver, e.g.
#   bench/run-mock-bench.sh --concurrency 16 --duration 30 --tools engram,wiremock
set -euo pipefail
cd "$(dirname "$0")/.."

MVN=${MVN:-mvn -B -ntp -q}
WIREMOCK_VERSION=3.13.2
JAR=target/quarkus-app/quarkus-run.jar
WM_JAR=bench/lib/wiremock-standalone-$WIREMOCK_VERSION.jar
PRISM=bench/node_modules/@stoplight/prism-cli/dist/index.js

log() { echo "[bench] $*" >&2; }

if [ ! -f "$JAR" ] || [ -n "$(find src/main openapi pom.xml -newer "$JAR" -type f -print -quit)" ]; then
  log "building the server ($JAR)"
  $MVN package -DskipTests
fi
if [ ! -f "$PRISM" ]; then
  log "installing Prism into bench/node_modules (npm ci)"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -f "$WM_JAR" ]; then
  log "fetching WireMock standalone $WIREMOCK_VERSION from Maven Central"
  $MVN dependency:copy -Dartifact=org.wiremock:wiremock-standalone:$WIREMOCK_VERSION \
    -DoutputDirectory=bench/lib -Dmdep.overWriteIfNewer=true
fi

exec node bench/mock-bench.mjs --engram-jar "$JAR" --prism "$PRISM" --wiremock-jar "$WM_JAR" \
  --spec openapi/zep-v2.yaml "$@"
