#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: screenshots of the real dialog in GIMP 2.10 under Xvfb, for the README.
#
# Builds (or uses) a build directory, installs the plug-in into a throw-away
# GIMP profile, starts GIMP on its splash photo, opens the dialog through the
# PDB in interactive mode (plug-in-kcv-convolve-file, RUN-INTERACTIVE) once
# with a 3x3 sharpen kernel and once with a 101x101 disk (heat-map view),
# then blurs the photo by a 15-pixel horizontal motion and opens the dialog in
# Deconvolve mode on it (plug-in-kcv-deconvolve, RUN-INTERACTIVE, Wiener), and
# saves each dialog window as PNG.
#
# usage: scripts/screenshot-dialog.sh [BUILD-DIR] [OUT-DIR]
#   BUILD-DIR  default /tmp/build-screenshot (set up and built when missing)
#   OUT-DIR    default docs/img (dialog-3x3.png, dialog-101-disk.png, dialog-deconvolve.png)
# KCV_SCREENSHOT_FULL=1 also saves the whole screen (screen-*.png) to check the
# dialog sits centred on the image window. KCV_SCREENSHOT_SCREEN=WxH sets the
# virtual screen (default 1280x1024; 1366x768 is a common laptop).
# Needs: gimp-2.10, Xvfb, xdotool, ImageMagick's import, python3.
set -eu
. "$(dirname "$0")/../tests/common/gimp2-profile.sh"

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-/tmp/build-screenshot}
out=${2:-$src/docs/img}
image=${KCV_SCREENSHOT_IMAGE:-/usr/share/gimp/2.0/images/gimp-splash.png}
wait_preview=${KCV_SCREENSHOT_WAIT:-6}
screen=${KCV_SCREENSHOT_SCREEN:-1280x1024}

for tool in gimp-2.10 Xvfb xdotool import python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "screenshot-dialog: $tool is missing" >&2; exit 1; }
done
[ -f "$image" ] || { echo "screenshot-dialog: no image $image" >&2; exit 1; }

[ -f "$build/build.ninja" ] || meson setup "$build" "$src" >/dev/null
ninja -C "$build" plugin/kcv >/dev/null

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-shot.XXXXXX")
xvfb_pid=
gimp_pid=
cleanup() {
  [ -n "$gimp_pid" ] && kill "$gimp_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

profile=$tmp/profile
kcv_gimp2_profile "$profile" "$build/plugin/kcv" || exit 1

# The kernels, as libvips matrices (scale 0 would mean "automatic" nowhere: give the sum).
printf '3 3 1 0\n0 -1 0\n-1 5 -1\n0 -1 0\n' >"$tmp/sharpen.mat"
python3 - "$tmp/disk.mat" <<'PY'
import sys
n, r = 101, 50.0
c = (n - 1) / 2
rows = [[1 if (x - c) ** 2 + (y - c) ** 2 <= r * r else 0 for x in range(n)] for y in range(n)]
with open(sys.argv[1], "w") as f:
    f.write("%d %d %d 0\n" % (n, n, sum(map(sum, rows))))
    for row in rows:
        f.write(" ".join(map(str, row)) + "\n")
PY

# A free display number.
disp=77
while [ -e "/tmp/.X11-unix/X$disp" ] || [ -e "/tmp/.X$disp-lock" ]; do disp=$((disp + 1)); done
Xvfb ":$disp" -screen 0 "${screen}x24" -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=":$disp"
sleep 1

script="(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$image\" \"$image\")))
               (drw (car (gimp-image-get-active-drawable img))))
          (gimp-display-new img)
          (gimp-displays-flush)
          (plug-in-kcv-convolve-file RUN-INTERACTIVE img drw \"$tmp/sharpen.mat\" 0 0 0 1 0)
          (plug-in-kcv-convolve-file RUN-INTERACTIVE img drw \"$tmp/disk.mat\" 0 0 0 1 0)
          (plug-in-kcv-convolve RUN-NONINTERACTIVE img drw 15 1 15 (make-vector 15 1.0) 0 0
                                0 0 0 1 0)
          (gimp-displays-flush)
          (plug-in-kcv-deconvolve RUN-INTERACTIVE img drw 15 1 15 (make-vector 15 1.0)
                                  0 10 0.002 0 0 0)
          (gimp-quit 0))"
GIMP2_DIRECTORY=$profile gimp-2.10 -d -f -n -b "$script" >"$tmp/gimp.log" 2>&1 &
gimp_pid=$!

# Waits for the dialog, lets the preview finish, saves the window, presses Escape.
shoot() {
  name=$1
  wid=
  i=0
  while [ -z "$wid" ] && [ $i -lt 120 ]; do
    wid=$(xdotool search --onlyvisible --name '^Custom Convolution$' 2>/dev/null | head -n 1 || true)
    [ -z "$wid" ] && sleep 0.5
    i=$((i + 1))
  done
  if [ -z "$wid" ]; then
    echo "screenshot-dialog: the dialog did not appear; GIMP said:" >&2
    tail -n 30 "$tmp/gimp.log" >&2
    exit 1
  fi
  # The pointer off the dialog: no tooltip over the shot.
  xdotool mousemove 0 "$(( ${screen#*x} - 1 ))"
  sleep "$wait_preview"
  mkdir -p "$out"
  import -window "$wid" "$out/$name"
  echo "wrote $out/$name ($(xdotool getwindowgeometry "$wid" | tr '\n' ' '))"
  if [ -n "${KCV_SCREENSHOT_FULL:-}" ]; then
    import -window root "$out/screen-$name"
    echo "wrote $out/screen-$name"
  fi
  # No window manager gives focus: take it, then press Escape (XTEST).
  xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid" || true
  xdotool key Escape
  # Until this window is gone.
  i=0
  while xdotool search --onlyvisible --name '^Custom Convolution$' 2>/dev/null | grep -qx "$wid" &&
        [ $i -lt 40 ]; do
    sleep 0.25
    i=$((i + 1))
  done
}

shoot dialog-3x3.png
shoot dialog-101-disk.png
shoot dialog-deconvolve.png
wait "$gimp_pid" 2>/dev/null || true
gimp_pid=
