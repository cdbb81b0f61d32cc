#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets kcv up and runs the main job: installs what is missing, builds, installs the plug-in for
# the current user, then convolves GIMP's splash photo with a 101x101 disk (bokeh) kernel
# through GIMP in batch mode. On Debian 12 that is GIMP 2.10; on Debian 13 (and later), whose
# GIMP is 3, it is GIMP 3 and the GIMP 3 plug-in.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

gimp=2
if [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091
  . /etc/os-release
  if [ "${ID:-}" = debian ] && [ "${VERSION_ID%%.*}" -ge 13 ] 2>/dev/null; then
    gimp=3
  fi
fi
command -v gimp-console-3.0 >/dev/null 2>&1 && ! command -v gimp-console-2.10 >/dev/null 2>&1 &&
  gimp=3

KCV_GIMP=$gimp bash scripts/deps.sh

build=$top/build/release
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" --buildtype=release
fi
ninja -C "$build"

install_locales() { # $1: the plug-in's folder
  [ -d "$build/po" ] || return 0
  for mo in "$build"/po/*/LC_MESSAGES/*.mo; do
    [ -e "$mo" ] || continue
    lang=$(basename "$(dirname "$(dirname "$mo")")")
    mkdir -p "$1/locale/$lang/LC_MESSAGES"
    install -m 644 "$mo" "$1/locale/$lang/LC_MESSAGES/"
  done
}

# The GEGL operation kcv:convolve, where GEGL looks for a user's operations (GIMP 2.10's own
# process, GIMP 3, and the gegl tool all read this folder).
if [ -f "$build/gegl/kcv-convolve.so" ]; then
  gegldir=${XDG_DATA_HOME:-$HOME/.local/share}/gegl-0.4/plug-ins
  mkdir -p "$gegldir"
  install -m 755 "$build/gegl/kcv-convolve.so" "$gegldir/"
  echo "setup: GEGL operation kcv:convolve installed in $gegldir"
fi

# The main job.
out=$top/out
mkdir -p "$out"
"$build/tools/kcv-make-kernel" disk 50 "$out/disk-101.mat"
rm -f "$out/gimp-splash.png"
start=$(date +%s.%N)

if [ "$gimp" = 3 ]; then
  # The user's GIMP 3 profile (GIMP3_DIRECTORY when set, as GIMP itself does).
  profile=${GIMP3_DIRECTORY:-${XDG_CONFIG_HOME:-$HOME/.config}/GIMP/3.0}
  plugdir=$profile/plug-ins/kcv
  mkdir -p "$plugdir"
  install -m 755 "$build/gimp3/kcv" "$plugdir/kcv"
  install_locales "$plugdir"
  echo "setup: GIMP 3 plug-in installed in $plugdir (Filters > Generic > Custom Convolution...)"
  splash=/usr/share/gimp/3.0/images/gimp-splash.png
  timeout 600 gimp-console-3.0 -i -d -f --quit --batch-interpreter=plug-in-script-fu-eval -b "
    (let* ((image (car (gimp-file-load RUN-NONINTERACTIVE \"$splash\")))
           (layer (vector-ref (car (gimp-image-get-layers image)) 0)))
      (plug-in-kcv-convolve-file RUN-NONINTERACTIVE image (vector layer) \"$out/disk-101.mat\"
                                 \"clamp\" \"auto\" 0 TRUE FALSE)
      (gimp-file-save RUN-NONINTERACTIVE image \"$out/gimp-splash.png\")
      (gimp-image-delete image))"
else
  # The user's GIMP profile (GIMP2_DIRECTORY when set, as GIMP itself does).
  profile=${GIMP2_DIRECTORY:-$HOME/.config/GIMP/2.10}
  plugdir=$profile/plug-ins/kcv
  mkdir -p "$plugdir"
  for d in brushes dynamics fonts gradients palettes patterns scripts templates tool-presets; do
    mkdir -p "$profile/$d"
  done
  install -m 755 "$build/plugin/kcv" "$plugdir/kcv"
  # The dialog: a module beside the binary, loaded only when the dialog opens.
  if [ -f "$build/plugin/kcv-dialog-gtk3.so" ]; then
    install -m 644 "$build/plugin/kcv-dialog-gtk3.so" "$plugdir/"
  fi
  install -m 644 plugin/kcv-batch-convolve.scm "$profile/scripts/"
  install_locales "$plugdir"
  echo "setup: plug-in installed in $plugdir (Filters > Generic > Custom Convolution...)"
  splash=/usr/share/gimp/2.0/images/gimp-splash.png
  timeout 600 gimp-console-2.10 -i -d -f \
    -b "(kcv-batch-convolve \"$splash\" \"$out/disk-101.mat\" \"$out\" 0 0)" \
    -b '(gimp-quit 0)'
fi
end=$(date +%s.%N)
if [ ! -s "$out/gimp-splash.png" ]; then
  echo "setup: the main job did not write $out/gimp-splash.png" >&2
  exit 1
fi
printf 'setup: %s convolved with a 101x101 disk in GIMP %s -> %s (%.1f s including GIMP start-up)\n' \
  "$splash" "$gimp" "$out/gimp-splash.png" "$(echo "$end - $start" | bc -l 2>/dev/null || echo 0)"
