#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes (once) and enters a Debian 13 root with GIMP 3 and kcv's build
# dependencies, kept outside the clone so a fresh CI clone reuses it.
#
# usage: gimp3-root.sh path            prints the root, making it when missing
#        gimp3-root.sh run CMD ARGS... runs CMD inside the root (proc and /dev
#                                      mounted for the command, unmounted after)
# KCV_GIMP3_ROOT overrides the place (default /var/cache/kcv/trixie-root).
# Needs root (mmdebstrap and chroot); prints the reason and exits 77 without.
set -euo pipefail

root=${KCV_GIMP3_ROOT:-/var/cache/kcv/trixie-root}
# What kcv's GIMP 3 build, suite, benchmark and scripts/setup.sh (KCV_GIMP=3) use.
packages=gimp,libgimp-3.0-dev,libgegl-dev,libbabl-dev,libglib2.0-dev,meson,ninja-build,build-essential
packages+=,pkg-config,git,bc,libfftw3-dev,libgtk-3-dev,gettext,xvfb,xauth,xdotool,clang-format,gegl,parallel

if [ "$(id -u)" != 0 ]; then
  echo "gimp3-root: needs root (mmdebstrap, chroot)" >&2
  exit 77
fi

# Installs into an existing root what a newer package list added (the stamp holds the list).
update_root() {
  [ "$(cat "$root/.kcv-root-ready")" = "$packages" ] && return 0
  echo "gimp3-root: adding packages to $root" >&2
  run_in_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(echo "$packages" | tr , ' ')" >&2 &&
    echo "$packages" >"$root/.kcv-root-ready"
}

make_root() {
  # A stamp written last: a root whose making was interrupted is made again.
  if [ -f "$root/.kcv-root-ready" ]; then
    (update_root)
    return 0
  fi
  if ! command -v mmdebstrap >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap >&2
  fi
  echo "gimp3-root: making $root (Debian 13 with GIMP 3; about a minute, once)" >&2
  rm -rf "$root" "$root.tmp"
  mkdir -p "$(dirname "$root")"
  mmdebstrap --quiet --variant=apt --include="$packages" trixie "$root.tmp" >&2
  echo "$packages" >"$root.tmp/.kcv-root-ready"
  mv "$root.tmp" "$root"
}

run_in_root() {
  # Global, not local: the EXIT trap runs after this function has returned, when a
  # local array would be gone and nothing would be unmounted.
  mounted=()
  # Unmount on every exit: a root left with /dev bound makes a later rm -rf walk into /dev.
  trap 'for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done' EXIT INT TERM
  mount -t proc proc "$root/proc" && mounted+=("$root/proc")
  mount --bind /dev "$root/dev" && mounted+=("$root/dev")
  local rc=0
  chroot "$root" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 "$@" || rc=$?
  return $rc
}

# One maker at a time: parallel test runs share the root.
mkdir -p "$(dirname "$root")"
exec 9>"$root.lock"
flock 9
make_root
flock -u 9

case "${1:-path}" in
path) echo "$root" ;;
run)
  shift
  run_in_root "$@"
  ;;
*)
  echo "usage: $0 path | run CMD ARGS..." >&2
  exit 2
  ;;
esac
