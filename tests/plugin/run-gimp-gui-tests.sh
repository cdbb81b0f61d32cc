#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: checks that need GIMP's UI (undo, the dialog): gimp-2.10 under Xvfb, keys by xdotool.
#
# usage: run-gimp-gui-tests.sh PLUGIN-BINARY SUITE-SCM WRITE-ICC-BINARY
set -u

plugin=$1
suite=$2
write_icc=$3

if [ -z "${KCV_IN_XVFB:-}" ]; then
  for tool in gimp-2.10 xvfb-run xdotool; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "1..0 # SKIP $tool is not installed"
      exit 0
    fi
  done
  KCV_IN_XVFB=1 exec xvfb-run -a -s '-screen 0 1280x1024x24' "$0" "$@"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-gimp-gui.XXXXXX") || exit 1
gimp_pid=
cleanup() {
  [ -n "$gimp_pid" ] && kill "$gimp_pid" 2>/dev/null
  [ -n "${KCV_KEEP_LOG:-}" ] && cp "$tmp/log" "$KCV_KEEP_LOG"
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

profile=$tmp/profile
for d in brushes dynamics fonts gradients palettes patterns scripts templates tool-presets \
         plug-ins/kcv; do
  mkdir -p "$profile/$d"
done
cp "$plugin" "$profile/plug-ins/kcv/kcv"

# An image with a profile of its own, and the preview results the plug-in shows (the
# suite compares them with what OK writes), from a region cropped to 256 pixels a side.
# (GIMP 2.10 refuses gimp-image-set-color-profile-from-file in this set-up, "Operation not
# supported", so the profile goes in as bytes.)
"$write_icc" "$tmp/adobe.icc" || echo "# could not write an ICC profile"
icc_bytes=$(od -An -v -tu1 "$tmp/adobe.icc" | tr -s ' \n' ' ')
mkdir -p "$tmp/dump"
KCV_PREVIEW_DUMP_DIR=$tmp/dump KCV_PREVIEW_MAX_SIDE=256 \
GIMP2_DIRECTORY=$profile timeout ${KCV_GIMP_TIMEOUT:-300} gimp-2.10 -d -f -n \
  -b "(begin (define kcv-test-dir \"$tmp\") (define kcv-icc-bytes #($icc_bytes))
             (load \"$suite\"))" >"$tmp/log" 2>&1 &
gimp_pid=$!

# Waits up to 60 s for a marker file the suite writes.
wait_for() {
  i=0
  while [ ! -f "$tmp/$1" ] && [ $i -lt 120 ] && kill -0 "$gimp_pid" 2>/dev/null; do
    sleep 0.5
    i=$((i + 1))
  done
  [ -f "$tmp/$1" ]
}

# Without a window manager nothing has the focus: give it to the window named $1.
press() {
  win=
  i=0
  while [ -z "$win" ] && [ $i -lt 60 ]; do
    win=$(xdotool search --name "$1" 2>/dev/null | tail -n 1)
    [ -z "$win" ] && sleep 0.5
    i=$((i + 1))
  done
  [ -n "$win" ] || return 1
  sleep 1
  xdotool windowfocus --sync "$win" 2>/dev/null
  xdotool key "$2"
}

# The Progress dialog's Cancel: Escape, else a click on the button at its bottom right.
cancel_progress() {
  press '^Progress$' Escape || return 1
  sleep 2
  win=$(xdotool search --name '^Progress$' 2>/dev/null | tail -n 1)
  [ -z "$win" ] && return 0
  eval "$(xdotool getwindowgeometry --shell "$win")"
  xdotool mousemove $((X + WIDTH - 45)) $((Y + HEIGHT - 20)) click 1
}

if wait_for progress-ready; then
  sleep 2
  cancel_progress || echo "# no progress window found"
fi
if wait_for undo-ready; then
  press 'Untitled.*GIMP' ctrl+z || echo "# no image window found"
fi
# Keys only: a blind click could land on the next dialog, which opens at the same place.
if wait_for dialog-ready; then
  press 'Custom Convolution' Return || echo "# no dialog window found"
  sleep 2
  [ -n "${KCV_SHOT:-}" ] && import -window root "$KCV_SHOT"
  [ -n "${KCV_SHOT:-}" ] && xdotool search --name "" 2>/dev/null | while read w; do echo "# $w $(xdotool getwindowname $w 2>/dev/null) $(xdotool getwindowgeometry $w 2>/dev/null | tr '\n' ' ')"; done | grep -v "# [0-9]* *$"
fi
if wait_for cancel-ready; then
  press 'Custom Convolution' Escape || echo "# no dialog window found"
fi
# Twice: once a preview of the named drawable is dumped, OK.
for case in 1 2; do
  if wait_for preview-ready; then
    id=$(cat "$tmp/preview-ready")
    rm -f "$tmp/preview-ready"
    wait_for "dump/preview-$id.txt" || echo "# no preview dumped for drawable $id"
    sleep 1
    press 'Custom Convolution' Return || echo "# no dialog window found"
  fi
done
wait "$gimp_pid"
gimp_pid=

n=0
[ -f "$tmp/results.txt" ] && n=$(grep -c '' "$tmp/results.txt")
echo "1..$((n + 1))"
[ "$n" -gt 0 ] && awk '{ sub(/^ok - /, "ok " NR " - "); sub(/^not ok - /, "not ok " NR " - "); print }' \
  "$tmp/results.txt"
if [ "$n" -ge 7 ]; then
  echo "ok $((n + 1)) - the GUI suite ran to its end"
else
  echo "not ok $((n + 1)) - the GUI suite ran to its end"
  sed 's/^/# /' "$tmp/log" | tail -n 30
fi
