#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: the GIMP 3 suite from a Debian 12 host. Copies this checkout into the cached Debian 13
# root (scripts/gimp3-root.sh), builds kcv there against gimp-3.0 (incrementally: the copy keeps
# file times, the build folder stays in the root), then runs the Script-Fu suite in
# gimp-console-3.0 and passes its TAP through.
#
# usage: run-in-root.sh SOURCE-ROOT [console|gui|shot OUT.png]
#   console: tests/gimp3/kcv3-suite.scm in gimp-console-3.0 (the default)
#   gui:     tests/gimp3/kcv3-gui-suite.scm in gimp-3.0 under Xvfb (undo, the dialog)
#   shot:    the dialog in Deconvolve mode saved as OUT.png (tests/gimp3/shoot-deconv-dialog.sh)
# KCV_GIMP3_GROUP=NAME runs one group of the console suite alone (see run-gimp3-tests.sh).
set -uo pipefail

src=$(cd "$1" && pwd)
mode=${2:-console}
skip() {
  echo "1..0 # SKIP $1"
  exit 0
}
[ "$(id -u)" = 0 ] || skip "the Debian 13 root needs root (mmdebstrap, chroot)"
root=$(bash "$src/scripts/gimp3-root.sh" path) || skip "the Debian 13 root could not be made"

# One folder per checkout, so parallel runs from several clones do not collide.
key=$(printf '%s' "$src" | md5sum | cut -c1-12)
job=/kcv/$key
mkdir -p "$root$job"
exec 9>"$root$job.lock"
flock 9
rm -rf "$root$job/src"
mkdir -p "$root$job/src"
(cd "$src" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) |
  tar -xf - -C "$root$job/src" || skip "could not copy the sources into the root"

in_root() { bash "$src/scripts/gimp3-root.sh" run "$@"; }

log=$(mktemp "${TMPDIR:-/tmp}/kcv-gimp3-build.XXXXXX")
trap 'rm -f "$log"' EXIT
if [ ! -f "$root$job/build/build.ninja" ]; then
  in_root meson setup "$job/build" "$job/src" --buildtype=release --werror -Dtests=disabled \
    -Dplugin=disabled -Dplugin3=enabled >"$log" 2>&1
fi
if ! in_root ninja -C "$job/build" gimp3/kcv gegl/kcv-convolve.so >>"$log" 2>&1; then
  echo "1..1"
  echo "not ok 1 - kcv builds against gimp-3.0 in the Debian 13 root"
  sed 's/^/# /' "$log" | tail -n 40
  exit 1
fi
if [ "$mode" = shot ]; then
  in_root sh "$job/src/tests/gimp3/shoot-deconv-dialog.sh" "$job/build/gimp3/kcv" "$job/shot.png" &&
    cp "$root$job/shot.png" "$3" && echo "wrote $3"
elif [ "$mode" = gui ]; then
  in_root sh "$job/src/tests/gimp3/run-gimp3-gui-tests.sh" "$job/build/gimp3/kcv" \
    "$job/src/tests/gimp3/kcv3-gui-suite.scm" "$job/build/gegl/kcv-convolve.so"
else
  in_root env KCV_GIMP3_GROUP="${KCV_GIMP3_GROUP:-}" sh "$job/src/tests/gimp3/run-gimp3-tests.sh" \
    "$job/build/gimp3/kcv" \
    "$job/src/tests/gimp3/kcv3-suite.scm" "$job/build/gegl/kcv-convolve.so"
fi
