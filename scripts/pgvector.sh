#!/usr/bin/env bash
# Installs the pgvector extension into the machine's PostgreSQL 15 (idempotent: does nothing when
# it is there already). Debian 12 does not package pgvector, but the Debian source package of the
# next release (trixie, pgvector 0.8.0) builds against postgresql-server-dev-15. Used by .ci/run,
# by scripts/pg-test.sh and by the README's PostgreSQL instructions. Needs root (apt-get, make
# install); as another user it only says what to run.
set -euo pipefail

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
SOURCES=/etc/apt/sources.list.d/engram-trixie-src.sources

log() { echo "[pgvector] $*" >&2; }
die() { echo "[pgvector] ERROR: $*" >&2; exit 1; }

installed() {
  [ -x "$PG_CONFIG" ] && [ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ] \
    && [ -f "$("$PG_CONFIG" --pkglibdir)/vector.so" ]
}

if installed; then
  log "pgvector is installed ($("$PG_CONFIG" --sharedir)/extension/vector.control)"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || die "pgvector is missing and installing it needs root: sudo bash $0"
command -v apt-get >/dev/null || die "pgvector is missing and this is not a Debian machine: see https://github.com/pgvector/pgvector#installation"

export DEBIAN_FRONTEND=noninteractive
# Another apt-get (a parallel CI step, unattended upgrades) may hold the lock: wait for it.
# Source packages only (Types: deb-src): nothing of trixie can be installed as a binary from it.
if [ ! -f "$SOURCES" ]; then
  log "adding the trixie source-package list ($SOURCES)"
  cat >"$SOURCES" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
fi
log "apt-get update"
apt-get -o DPkg::Lock::Timeout=600 update -qq
log "installing the build tools (postgresql-server-dev-15, make, gcc, dpkg-dev)"
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql-15 postgresql-server-dev-15 make gcc dpkg-dev >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/pgvector.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"   # apt-get source downloads as the _apt user
cd "$work"
log "fetching Debian's pgvector source package into $work"
# --download-only + dpkg-source: no build dependencies of the whole package (that would want
# every PostgreSQL version trixie builds for), only this tree against PostgreSQL 15.
apt-get source -qq --download-only pgvector >/dev/null
dpkg-source -x --no-check pgvector_*.dsc src >/dev/null
cd src
log "building $(basename "$(ls -d ../pgvector_*.dsc)" .dsc) against $("$PG_CONFIG" --version)"
# OPTFLAGS="": no -march=native, so the library runs on any x86-64 (CI machines differ).
make -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" >/dev/null
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
installed || die "make install ran but vector.control / vector.so are not where $PG_CONFIG says"
log "pgvector installed"
