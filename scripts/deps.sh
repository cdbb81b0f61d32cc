#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs every Debian package kcv needs to build, run and test, when any is
# missing. Runs apt-get as root (directly, or through sudo).
set -euo pipefail

# KCV_GIMP=3 (scripts/setup.sh on Debian 13, whose GIMP is 3): what the GIMP 3 plug-in needs.
if [ "${KCV_GIMP:-2}" = 3 ]; then
  packages=(
    build-essential meson ninja-build pkg-config git
    libfftw3-dev libglib2.0-dev libgtk-3-dev libgimp-3.0-dev libgegl-dev libbabl-dev
    gimp gettext bc
    gegl parallel
  )
else
  # mmdebstrap makes the Debian 13 root the GIMP 3 suite runs in (scripts/gimp3-root.sh).
  packages=(
    build-essential meson ninja-build pkg-config git
    libfftw3-dev libglib2.0-dev libgtk-3-dev libgimp2.0-dev libgegl-dev libbabl-dev
    gimp gettext bc
    gegl parallel
    xvfb xauth xdotool imagemagick libxtst-dev
    clang llvm libclang-rt-14-dev clang-format valgrind
    mmdebstrap
    libvips-tools # `vips`: writes the reference .mat files in tests/kernels/data (see its README)
  )
fi
if [ "${KCV_BENCH_DEPS:-0}" = 1 ]; then
  packages+=(python3-numpy python3-scipy python3-opencv python3-matplotlib libvips-tools gmic)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
as_root=()
if [ "$(id -u)" != 0 ]; then
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
