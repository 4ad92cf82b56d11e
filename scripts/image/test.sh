#!/usr/bin/env bash
# make image-test: the image of `make image`, loaded into Podman (a daemonless container engine,
# from Debian's packages) and run as a user would run it with docker:
#   1. on H2 with a named volume at /data: it answers, runs as the unprivileged user, keeps what
#      was written when the container is replaced by a new one on the same volume;
#   2. the CLI in the image (`… engram:latest export --url … --out -`) backs the server up;
#   3. on a throwaway PostgreSQL chosen with ENGRAM_DB_URL (the same image, no second build).
#
#   scripts/image/test.sh [image.tar]      default target/engram-image.tar
set -euo pipefail

tar=${1:-target/engram-image.tar}
image=${IMAGE:-engram:latest}
port=${IMAGE_TEST_PORT:-18089}
pg_port=${IMAGE_TEST_PG_PORT:-55462}
volume=engram-image-test-$$
containers=()

log() { echo "[image-test] $*"; }
die() { echo "[image-test] FAILED: $*" >&2; exit 1; }

for tool in podman runc curl; do
  if ! command -v "$tool" >/dev/null; then
    log "installing $tool"
    apt-get install -y -q "$tool" >/dev/null
  fi
done
# On these machines (a cgroup v1 hierarchy with cgroup2 mounted beside it, and hard limits below
# Podman's defaults) Debian's default runtime crun refuses to start a container; runc does, with
# the limits set to what the machine allows. Elsewhere `docker run` / `podman run` need neither.
RUN=(podman --runtime runc run --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit "nproc=4096:4096")

cleanup() {
  for c in "${containers[@]}"; do podman rm -f "$c" >/dev/null 2>&1 || true; done
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
  ENGRAM_PG_PORT=$pg_port ENGRAM_PG_DIR=/tmp/engram-pg-image bash scripts/pg-test.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

[[ -s "$tar" ]] || die "$tar not found: make image builds it"
log "podman load -i $tar"
podman load -i "$tar" | tail -1

# start NAME PORT [podman run options...]: runs the image detached, waits until it is ready.
start() {
  local name=$1 p=$2
  shift 2
  "${RUN[@]}" -d --name "$name" "$@" "$image" >/dev/null
  containers+=("$name")
  for _ in $(seq 1 180); do
    if curl -sf "http://127.0.0.1:$p/q/health/ready" >/dev/null; then
      log "$name ready on :$p"
      return
    fi
    [[ $(podman inspect -f '{{.State.Running}}' "$name") == true ]] || { podman logs "$name" | tail -30; die "$name exited"; }
    sleep 1
  done
  podman logs "$name" | tail -30
  die "$name not ready after 180 s"
}

# api PORT METHOD PATH [JSON]: the response body; fails on a status other than 2xx.
api() {
  curl -sf -X "$2" -H 'Content-Type: application/json' ${4:+--data "$4"} "http://127.0.0.1:$1/api/v2$3" \
    || die "$2 $3 on :$1"
}

log "1. H2 on a volume"
start engram-image-h2 "$port" -p "$port:8000" -v "$volume:/data"
uid=$(podman exec engram-image-h2 id -u)
[[ $uid == 1000 ]] || die "the server runs as uid $uid, not the image's user engram (1000)"
api "$port" POST /users '{"user_id":"image-user","first_name":"Ada"}' >/dev/null
api "$port" POST /sessions '{"session_id":"image-session","user_id":"image-user"}' >/dev/null
api "$port" POST /sessions/image-session/memory \
  '{"messages":[{"role_type":"user","role":"Ada","content":"I moved to Lisbon in May."},{"role_type":"assistant","content":"Lisbon is lovely in spring."}]}' >/dev/null
podman stop -t 30 engram-image-h2 >/dev/null
log "replaced by a new container on the same volume"
start engram-image-h2-again "$port" -p "$port:8000" -v "$volume:/data"
messages=$(api "$port" GET /sessions/image-session/messages)
grep -q 'I moved to Lisbon in May.' <<<"$messages" || die "the messages did not survive the container: $messages"
grep -q 'Lisbon is lovely in spring.' <<<"$messages" || die "the second message did not survive: $messages"
log "both messages are there after the restart"

log "2. the CLI of the image"
backup=$("${RUN[@]}" --rm --network host "$image" export --url "http://127.0.0.1:$port" --out -)
grep -q '"image-session"' <<<"$backup" || die "export from the image's CLI lacks the session: ${backup:0:500}"
log "export through the image's CLI: $(wc -l <<<"$backup") lines"
podman rm -f engram-image-h2 engram-image-h2-again >/dev/null

log "3. PostgreSQL, chosen at start with ENGRAM_DB_URL"
url=$(ENGRAM_PG_PORT=$pg_port ENGRAM_PG_DIR=/tmp/engram-pg-image bash scripts/pg-test.sh start)
pg_http=$((port + 1))
start engram-image-pg "$pg_http" --network host -e QUARKUS_HTTP_PORT="$pg_http" -e ENGRAM_DB_URL="$url"
api "$pg_http" POST /users '{"user_id":"image-pg-user"}' >/dev/null
api "$pg_http" GET /users/image-pg-user | grep -q '"image-pg-user"' || die "user not read back from PostgreSQL"
podman logs engram-image-pg 2>&1 | grep -q 'PostgreSQL' || log "(the log does not name PostgreSQL)"
log "PostgreSQL: a user written and read back"

log "passed"
