#!/usr/bin/env bash
# Builds the base image of `make image` as a `docker save` tarball, without a Docker daemon or a
# registry: a minimal Debian 12 (debootstrap, from Debian's own mirror) with Debian's OpenJDK 17
# runtime and an unprivileged user `engram` (uid 1000) owning /data. Jib reads it as a `tar://`
# base image. Idempotent: an existing tarball is kept (delete it, or IMAGE_BASE_REBUILD=1, to
# rebuild). Needs root (debootstrap, chroot) and the network to the Debian mirror.
#
#   scripts/image/base.sh [out.tar]      default .image-base/engram-base.tar
set -euo pipefail

out=${1:-.image-base/engram-base.tar}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm

if [[ -s "$out" && "${IMAGE_BASE_REBUILD:-0}" != 1 ]]; then
  echo "base image: $out exists (IMAGE_BASE_REBUILD=1 rebuilds it)"
  exit 0
fi
if [[ $(id -u) != 0 ]]; then
  echo "base image: debootstrap and chroot need root; run as root or give a base image with IMAGE_BASE=tar://file" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null; then
  echo "base image: installing debootstrap"
  apt-get install -y -q debootstrap >/dev/null
fi

mkdir -p "$(dirname "$out")"
work=$(mktemp -d "${TMPDIR:-/tmp}/engram-image-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs

echo "base image: debootstrap $suite with openjdk-17-jre-headless from $mirror (a few minutes)"
debootstrap --variant=minbase --include=openjdk-17-jre-headless "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  exit 1
}
chroot "$root" useradd --uid 1000 --user-group --home-dir /data --no-create-home --shell /usr/sbin/nologin engram
mkdir -p "$root/data" "$root/deployments"
chown 1000:1000 "$root/data"
# What a server needs at run time only: no package caches, lists, documentation or translations.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
  "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* "$root"/var/log/*.log \
  "$root"/var/cache/debconf/*-old "$root"/tmp/*
# Device nodes and kernel file systems are the container runtime's to provide.
rm -rf "$root"/dev/* "$root"/proc/* "$root"/sys/*

java_home=/usr/lib/jvm/$(ls "$root/usr/lib/jvm" | grep -m1 '^java-17-openjdk')

layer=$work/layer.tar
tar --numeric-owner --sort=name --mtime=@0 -C "$root" -cf "$layer" .
diff_id=sha256:$(sha256sum "$layer" | cut -d' ' -f1)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)

cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"$created","created_by":"scripts/image/base.sh: debootstrap --variant=minbase --include=openjdk-17-jre-headless $suite"}]}
JSON
cat >"$work/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["engram-base:$suite"],"Layers":["layer.tar"]}]
JSON
tar -C "$work" -cf "$out.part" manifest.json config.json layer.tar
mv "$out.part" "$out"
echo "base image: $out ($(du -h "$out" | cut -f1), $java_home)"
