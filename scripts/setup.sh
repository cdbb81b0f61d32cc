#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets kcv up on Debian 12 and runs the main job: installs what is missing,
# builds, installs the plug-in for the current user, then convolves GIMP's
# splash photo with a 101x101 disk (bokeh) kernel through GIMP in batch mode.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

bash scripts/deps.sh

build=$top/build/release
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" --buildtype=release
fi
ninja -C "$build"

# The user's GIMP profile (GIMP2_DIRECTORY when set, as GIMP itself does).
profile=${GIMP2_DIRECTORY:-$HOME/.config/GIMP/2.10}
plugdir=$profile/plug-ins/kcv
mkdir -p "$plugdir"
for d in brushes dynamics fonts gradients palettes patterns scripts templates tool-presets; do
  mkdir -p "$profile/$d"
done
install -m 755 "$build/plugin/kcv" "$plugdir/kcv"
install -m 644 plugin/kcv-batch-convolve.scm "$profile/scripts/"
if [ -d "$build/po" ]; then
  for mo in "$build"/po/*/LC_MESSAGES/*.mo; do
    [ -e "$mo" ] || continue
    lang=$(basename "$(dirname "$(dirname "$mo")")")
    mkdir -p "$plugdir/locale/$lang/LC_MESSAGES"
    install -m 644 "$mo" "$plugdir/locale/$lang/LC_MESSAGES/"
  done
fi
echo "setup: plug-in installed in $plugdir (Filters > Generic > Custom Convolution...)"

# The main job.
out=$top/out
mkdir -p "$out"
splash=/usr/share/gimp/2.0/images/gimp-splash.png
"$build/tools/kcv-make-kernel" disk 50 "$out/disk-101.mat"
rm -f "$out/gimp-splash.png"
start=$(date +%s.%N)
timeout 600 gimp-console-2.10 -i -d -f \
  -b "(kcv-batch-convolve \"$splash\" \"$out/disk-101.mat\" \"$out\" 0 0)" \
  -b '(gimp-quit 0)'
end=$(date +%s.%N)
if [ ! -s "$out/gimp-splash.png" ]; then
  echo "setup: the main job did not write $out/gimp-splash.png" >&2
  exit 1
fi
printf 'setup: %s convolved with a 101x101 disk in GIMP -> %s (%.1f s including GIMP start-up)\n' \
  "$splash" "$out/gimp-splash.png" "$(echo "$end - $start" | bc -l 2>/dev/null || echo 0)"
