#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: a screenshot of the dialog in Deconvolve mode in real GIMP 3, for the README: GIMP's
# splash photo blurred by a 15-pixel horizontal motion (plug-in-kcv-convolve), the dialog
# opened on it with that line as its kernel, Deconvolve clicked, the preview's restoration
# waited for, the window saved as PNG (shoot-window.py), then Cancel. Runs where gimp-3.0
# is (the Debian 13 root: scripts/screenshot-dialog-gimp3.sh runs it there).
#
# usage: shoot-deconv-dialog.sh PLUGIN-BINARY OUT.png
set -u

plugin=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${KCV_IN_XVFB:-}" ]; then
  KCV_IN_XVFB=1 exec xvfb-run -a -s '-screen 0 1280x1024x24' "$0" "$@"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-gimp3-shot.XXXXXX") || exit 1
gimp_pid=
cleanup() {
  [ -n "$gimp_pid" ] && kill "$gimp_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/profile/plug-ins/kcv" "$tmp/dump"
cp "$plugin" "$tmp/profile/plug-ins/kcv/kcv"

splash=/usr/share/gimp/3.0/images/gimp-splash.png
script="(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$splash\")))
               (layer (vector-ref (car (gimp-image-get-layers img)) 0))
               (line (make-vector 15 1.0)))
          (plug-in-kcv-convolve RUN-NONINTERACTIVE img (vector layer) 15 1 line 0 0 \"clamp\"
                                \"auto\" 0 FALSE FALSE)
          (gimp-display-new img)
          (gimp-displays-flush)
          (let ((port (open-output-file \"$tmp/ready\")))
            (display (number->string layer) port)
            (close-output-port port))
          (plug-in-kcv-convolve RUN-INTERACTIVE img (vector layer) 15 1 line 0 0 \"clamp\"
                                \"auto\" 0 FALSE FALSE)
          (gimp-quit TRUE))"
HOME=$tmp/home GIMP3_DIRECTORY=$tmp/profile KCV_PREVIEW_DUMP_DIR=$tmp/dump timeout 600 \
  gimp-3.0 -d -f -n --batch-interpreter=plug-in-script-fu-eval -b "$script" >"$tmp/log" 2>&1 &
gimp_pid=$!

wait_for() {
  i=0
  while [ ! -f "$1" ] && [ $i -lt 600 ] && kill -0 "$gimp_pid" 2>/dev/null; do
    sleep 0.5
    i=$((i + 1))
  done
  [ -f "$1" ]
}

# find_window, key_to, press_until_closed, click_widget, dump_time, wait_new_preview
. "$here/../common/gui-keys.sh"

fail() {
  echo "shoot-deconv-dialog: $1; GIMP said:" >&2
  tail -n 20 "$tmp/log" >&2
  exit 1
}
wait_for "$tmp/ready" || fail "the image did not load"
id=$(cat "$tmp/ready")
win=$(find_window 'Custom Convolution')
[ -n "$win" ] || fail "the dialog did not open"
wait_for "$tmp/dump/widgets-$id.txt" && wait_for "$tmp/dump/preview-$id.txt" || fail "no preview"
preview=$tmp/dump/preview-$id.txt
before=$(dump_time "$preview")
click_widget deconvolve "$tmp/dump/widgets-$id.txt"
wait_new_preview "$preview" "$before" || fail "no restored preview"
# The preview at 1:1 on the logo's letters, where the restored edges show: a click there
# (the preview takes the focus), four wheel steps zooming at the pointer, then key 1. The
# logo sits 92 and 76 pixels left of and above the preview's centre at the fitted zoom.
# shellcheck disable=SC2046 # split on purpose: NAME X Y
set -- $(grep '^preview ' "$tmp/dump/widgets-$id.txt")
before=$(dump_time "$preview")
xdotool mousemove $(($2 - 92)) $(($3 - 76)) click 1 click 4 click 4 click 4 click 4
key_to "$win" 1
wait_new_preview "$preview" "$before" || fail "no preview at 1:1"
xdotool mousemove 0 0
sleep 2
python3 "$here/shoot-window.py" "$win" "$out"
press_until_closed 'Custom Convolution' Escape || echo "shoot-deconv-dialog: the dialog stayed open" >&2
wait "$gimp_pid"
gimp_pid=
