# Sourced by scripts/sdk-test.sh and scripts/console-test.sh: the packaged server for a test run.
#   require_java_and_node        the tools every such test needs (dies naming what is missing)
#   npm_ci_when_needed DIR PKG   npm ci in DIR when PKG is missing or the lock file changed
#   start_packaged_server NAME   builds target/quarkus-app when quarkus-run.jar is missing, starts
#                                it on a free loopback port with a fresh H2 database in a temp dir
#                                and a random API key, and waits for /q/health/ready
#                                (READY_TIMEOUT seconds); on exit it always stops the server and
#                                removes the temp dir.
# Needs log and die from the caller, and Node.js (for the free port, the key and the readiness
# check). Sets: JAR, port, api_key, work, server_log, server_pid.
JAR=target/quarkus-app/quarkus-run.jar

# What every such test needs: a JDK and Node.js 18 or later with npm.
require_java_and_node() {
  command -v java >/dev/null || die "java not found"
  command -v node >/dev/null || die "node not found (Node.js >= 18 is required)"
  command -v npm >/dev/null || die "npm not found"
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge 18 ] || die "Node.js >= 18 required, found $(node --version)"
}

# npm ci in DIR when PACKAGE is missing or node_modules is older than the lock file (npm keeps
# its own copy of the lock in node_modules/.package-lock.json; it differs when the lock changed).
npm_ci_when_needed() {
  local dir=$1 package=$2
  local lock="$dir/package-lock.json" installed="$dir/node_modules/.package-lock.json"
  if [ ! -d "$dir/node_modules/$package" ] || [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
    log "installing $package (npm ci in $dir)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  else
    log "$package already installed in $dir/node_modules"
  fi
}

start_packaged_server() {
  local name=$1
  if [ ! -f "$JAR" ]; then
    log "no $JAR yet: building the server"
    ${MVN:-mvn -B -q -ntp} package -DskipTests
  fi
  # A free TCP port on the loopback interface (asked from the kernel, then released).
  port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')
  api_key="$name-$(node -e 'console.log(require("crypto").randomBytes(16).toString("hex"))')"
  work=$(mktemp -d "${TMPDIR:-/tmp}/engram-$name.XXXXXX")
  server_log="$work/server.log"
  server_pid=""
  trap stop_packaged_server EXIT
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

  local ready_url="http://127.0.0.1:$port/q/health/ready"
  local deadline=$((SECONDS + READY_TIMEOUT))
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
}

# The EXIT trap: keeps the script's exit status.
stop_packaged_server() {
  local status=$?
  if [ -n "${server_pid:-}" ] && kill -0 "$server_pid" 2>/dev/null; then
    log "stopping server (pid $server_pid)"
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  [ -z "${work:-}" ] || rm -rf "$work"
  exit "$status"
}
