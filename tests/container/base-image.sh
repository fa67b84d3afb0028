#!/usr/bin/env bash
# Makes the base image the Dockerfile starts from, debian:bookworm-slim, from Debian's own
# packages with debootstrap (no image registry is needed), and loads it into podman under the
# name the Dockerfile uses. Does nothing when podman already has it.
set -euo pipefail
image="docker.io/library/debian:bookworm-slim"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
if podman image exists "$image"; then exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "[orderflow] debootstrap needs root: run this as root" >&2; exit 1; fi
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
echo "[orderflow] debootstrap bookworm (minbase) from $mirror" >&2
debootstrap --variant=minbase bookworm "$root/rootfs" "$mirror" > "$root/debootstrap.log" 2>&1 \
  || { tail -20 "$root/debootstrap.log" >&2; exit 1; }
# What the slim image leaves out: the downloaded packages, package lists and caches, man pages
# and documentation.
rm -rf "$root/rootfs"/var/cache/apt/archives/*.deb "$root/rootfs"/var/lib/apt/lists/* "$root/rootfs"/var/cache/apt/*.bin \
       "$root/rootfs"/usr/share/doc/* "$root/rootfs"/usr/share/man/* "$root/rootfs"/usr/share/info/*
tar -C "$root/rootfs" -c . | podman import --quiet --change 'CMD ["bash"]' - "$image" > /dev/null
echo "[orderflow] $image: $(podman image inspect --format '{{.Size}}' "$image") bytes" >&2
