#!/usr/bin/env bash
# The server started from JDK 25's AOT cache (README "Memory and start-up"): classes already
# loaded, linked and profiled by a training run, so a start does a fraction of the JVM's work.
#
#   scripts/aot.sh java    prints the java of a JDK 25 or later ($AOT_JAVA, else $JAVA_HOME, else
#                          java on the PATH, else /usr/lib/jvm/*), exit 1 when there is none
#   scripts/aot.sh flags   prints the JVM options that start the aot-jar from its cache
#   scripts/aot.sh build   packages the server as an aot-jar into target/aot (the fast-jar of
#                          target/quarkus-app stays as it is) and trains target/aot/app.aot:
#                          one run of the jar on a throwaway H2 database, driven through the API
#                          (users, sessions, memory with its derived work, search, facts, errors),
#                          then stopped; the JVM writes the cache as it exits
#
# Why a second packaging: the AOT cache holds only classes of the JDK's own class loaders, and
# the default fast-jar loads the application through Quarkus' class loader (measured here: the
# cache then saves a quarter of a start's CPU, with the aot-jar over half). The cache belongs to
# this jar and this JDK: a rebuilt jar or another JDK makes the JVM ignore it (it says so and
# starts as usual).
set -euo pipefail
cd "$(dirname "$0")/.."

AOT_DIR=target/aot
CACHE=$AOT_DIR/app.aot
MVN=${MVN:-mvn -B -ntp -q}
JAVA_OPTS=${JAVA_OPTS:--Xms32m -Xmx512m -XX:+UseSerialGC}
# Lucene's madvise through the foreign-function API (JDK 25 warns without it). A run with the
# cache must give the same module options as the training run, or the JVM refuses the cache.
NATIVE_ACCESS=--enable-native-access=ALL-UNNAMED
# A start from the cache. -Xlog:aot*=error: JDK 25 warns at every start about two adapter stubs
# it does not take from the cache; a cache that does not fit the jar or the JDK is still
# reported (and the server starts without it).
RUN_FLAGS="-XX:AOTCache=$CACHE -Xlog:aot*=error $NATIVE_ACCESS"

log() { echo "[aot] $*" >&2; }
die() { log "$*; make run AOT=0 and make mock AOT=0 start without the cache"; exit 1; }

# The major version of a java binary, or nothing when it does not run.
feature_version() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}

find_java() {
  local candidates=() j v
  [ -n "${AOT_JAVA:-}" ] && candidates+=("$AOT_JAVA")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null && candidates+=("$(command -v java)")
  for j in /usr/lib/jvm/*/bin/java; do [ -x "$j" ] && candidates+=("$j"); done
  for j in "${candidates[@]}"; do
    v=$(feature_version "$j" || true)
    if [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -ge 25 ]; then
      echo "$j"
      return 0
    fi
  done
  return 1
}

# One request of the training run; its status is not checked (some are meant to fail).
call() {
  local method=$1 path=$2 body=${3:-}
  curl -s -o /dev/null --max-time 120 -X "$method" -H "Authorization: Api-Key $key" \
    ${body:+-H "Content-Type: application/json" --data "$body"} "$base$path" || true
}

train() {
  local java=$1 work port pid
  command -v curl >/dev/null || die "curl not found (the training run drives the server with it)"
  work=$(mktemp -d)
  port=$(( 20000 + RANDOM % 20000 ))
  key="aot-$RANDOM$RANDOM"
  base="http://127.0.0.1:$port"
  rm -f "$CACHE"
  log "training $CACHE: one run of $AOT_DIR/quarkus-run.jar on a throwaway database (about a minute)"
  # Derived work inline, so the embedding model, fact learning and summaries run during the
  # requests and their classes go into the cache.
  # shellcheck disable=SC2086
  ENGRAM_DATA_DIR="$work" QUARKUS_HTTP_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 ENGRAM_AUTH_API_KEYS=$key \
    ENGRAM_JOBS_INLINE=true "$java" $JAVA_OPTS $NATIVE_ACCESS -XX:AOTCacheOutput="$PWD/$CACHE" -jar "$PWD/$AOT_DIR/quarkus-run.jar" \
    >"$work/server.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
  local deadline=$((SECONDS + 180))
  until curl -s -o /dev/null -f "$base/q/health/ready"; do
    kill -0 $pid 2>/dev/null || { cat "$work/server.log" >&2; die "the server stopped during the training run"; }
    [ $SECONDS -lt $deadline ] || { cat "$work/server.log" >&2; die "the server was not ready after 180 s"; }
    sleep 0.2
  done
  local i
  for i in 1 2 3 4; do
    call POST /api/v2/users "{\"user_id\":\"aot-user-$i\",\"first_name\":\"Ann\",\"metadata\":{\"team\":\"blue\"}}"
    call GET "/api/v2/users/aot-user-$i"
    call POST /api/v2/sessions "{\"session_id\":\"aot-session-$i\",\"user_id\":\"aot-user-$i\"}"
    call POST "/api/v2/sessions/aot-session-$i/memory" '{"messages":[{"role_type":"user","role":"Ann","content":"I adopted a puppy named Max last week and we go hiking near the lake on Sundays."},{"role_type":"assistant","content":"That sounds lovely. How is Max settling in?"},{"role_type":"user","role":"Ann","content":"He loves it. I work as a nurse in Boston, so the weekends are our time."}]}'
    call GET "/api/v2/sessions/aot-session-$i/memory"
    call GET "/api/v2/sessions/aot-session-$i/messages?limit=10"
    call GET "/api/v2/sessions/aot-session-$i"
    call POST /api/v2/sessions/search "{\"user_id\":\"aot-user-$i\",\"text\":\"dog hiking\",\"search_scope\":\"messages\",\"limit\":5}"
    call POST /api/v2/sessions/search "{\"session_ids\":[\"aot-session-$i\"],\"text\":\"where does Ann work\",\"search_scope\":\"facts\"}"
    call POST /api/v2/sessions/search "{\"text\":\"weekend\",\"search_scope\":\"messages\",\"search_type\":\"mmr\"}"
    call POST /api/v2/sessions/search "{\"user_id\":\"aot-user-$i\",\"text\":\"puppy\",\"search_scope\":\"summary\"}"
    call GET "/api/v2/users/aot-user-$i/facts"
    call GET "/api/v2/users/aot-user-$i/sessions"
    call GET "/api/v2/users-ordered?pageNumber=1&pageSize=5"
    call POST "/api/v2/sessions/aot-session-$i/search" '{"text":"lake","search_scope":"messages"}'
    call POST /api/v2/users '{"user_id":5}'
    call GET /api/v2/sessions/no-such-session/memory
    call GET /q/health/ready
  done
  call DELETE /api/v2/sessions/aot-session-1/memory
  call DELETE /api/v2/users/aot-user-2
  # SIGTERM: a graceful stop, after which the JVM assembles the cache (a second JVM, some seconds).
  kill -TERM $pid
  wait $pid || true
  trap - EXIT
  if [ ! -s "$CACHE" ]; then
    tail -20 "$work/server.log" >&2
    rm -rf "$work"
    die "no $CACHE was written (the server's log is above)"
  fi
  rm -rf "$work"
  log "$CACHE: $(du -m "$CACHE" | cut -f1) MB; start with: $java $JAVA_OPTS $RUN_FLAGS -jar $AOT_DIR/quarkus-run.jar"
}

case "${1:-}" in
  java)
    find_java
    ;;
  flags)
    echo "$RUN_FLAGS"
    ;;
  build)
    java=$(find_java) || die "no JDK 25 or later found (set AOT_JAVA=/path/to/bin/java)"
    log "packaging the aot-jar into $AOT_DIR"
    # shellcheck disable=SC2086
    $MVN package -DskipTests -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=aot
    train "$java"
    ;;
  *)
    echo "usage: scripts/aot.sh java|flags|build" >&2
    exit 2
    ;;
esac
