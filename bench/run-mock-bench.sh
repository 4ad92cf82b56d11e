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

# Engram is started as make mock starts it: its JVM options, and with a JDK 25 the aot-jar from
# its AOT cache (scripts/aot.sh, trained when a source is newer than the cache). make passes its
# MOCK_JAVA_OPTS and AOT_JAVA (empty: no cache, as after AOT=0); run by hand, the script looks
# for a JDK 25 itself unless AOT=0.
MOCK_JAVA_OPTS=${MOCK_JAVA_OPTS:--Xms32m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
JAVA_CMD=java
if [ -z "${AOT_JAVA+set}" ]; then
  AOT_JAVA=""
  [ "${AOT:-1}" != 0 ] && AOT_JAVA=$(bash scripts/aot.sh java 2>/dev/null || true)
fi
if [ -n "$AOT_JAVA" ]; then
  if [ ! -f target/aot/app.aot ] || [ -n "$(find src/main openapi pom.xml -newer target/aot/app.aot -type f -print -quit)" ]; then
    AOT_JAVA=$AOT_JAVA JAVA_OPTS="$MOCK_JAVA_OPTS" bash scripts/aot.sh build
  fi
  JAR=target/aot/quarkus-run.jar
  JAVA_CMD=$AOT_JAVA
  MOCK_JAVA_OPTS="$MOCK_JAVA_OPTS $(bash scripts/aot.sh flags)"
  log "Engram from JDK 25's AOT cache: $JAVA_CMD $MOCK_JAVA_OPTS -jar $JAR"
elif [ ! -f "$JAR" ] || [ -n "$(find src/main openapi pom.xml -newer "$JAR" -type f -print -quit)" ]; then
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

exec node bench/mock-bench.mjs --engram-jar "$JAR" --engram-java "$JAVA_CMD" --engram-java-opts "$MOCK_JAVA_OPTS" --prism "$PRISM" --wiremock-jar "$WM_JAR" \
  --spec openapi/zep-v2.yaml "$@"
