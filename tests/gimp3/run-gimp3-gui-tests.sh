#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: checks that need GIMP 3's UI (undo, the dialog): gimp-3.0 under Xvfb, pointer and keys by
# xdotool. KCV_SHOT=FILE.png also saves the dialog in Deconvolve mode (tests/gimp3/shoot-window.py).
#
# usage: run-gimp3-gui-tests.sh PLUGIN-BINARY SUITE-SCM [GEGL-MODULE]
# With GEGL-MODULE (kcv-convolve.so) in the user's GEGL folder, GIMP applies the filter in its own
# process, the way users with the module get (the undo check then covers that way).
set -u

plugin=$1
suite=$2
module=${3:-}

. "$(dirname "$0")/../common/gui-start.sh"
kcv_gui_xvfb gimp-3.0 "$0" "$@"
kcv_gui_workdir kcv-gimp3-gui

mkdir -p "$tmp/home" "$tmp/profile/plug-ins/kcv"
cp "$plugin" "$tmp/profile/plug-ins/kcv/kcv"
if [ -n "$module" ]; then
  mkdir -p "$tmp/home/.local/share/gegl-0.4/plug-ins"
  cp "$module" "$tmp/home/.local/share/gegl-0.4/plug-ins/"
fi
mkdir -p "$tmp/dump"
HOME=$tmp/home GIMP3_DIRECTORY=$tmp/profile KCV_VERBOSE=1 KCV_PREVIEW_DUMP_DIR=$tmp/dump timeout "${KCV_GIMP_TIMEOUT:-600}" \
  gimp-3.0 -d -f -n \
  --batch-interpreter=plug-in-script-fu-eval \
  -b "(begin (define kcv-test-dir \"$tmp\") (load \"$suite\"))" >"$tmp/log" 2>&1 &
gimp_pid=$!

# Waits up to 300 s (GIMP's first start in a new profile is slow) for a marker the suite writes.
wait_for() {
  i=0
  while [ ! -f "$tmp/$1" ] && [ $i -lt 600 ] && kill -0 "$gimp_pid" 2>/dev/null; do
    sleep 0.5
    i=$((i + 1))
  done
  [ -f "$tmp/$1" ]
}

# find_window, key_to, press, closed, press_until_closed
. "$(dirname "$0")/../common/gui-keys.sh"

if wait_for undo-ready; then
  press 'Untitled.*GIMP' ctrl+z || echo "# no image window found"
fi
if wait_for dialog-ready; then
  # OK once the preview has shown a result (the suite compares it with what OK wrote).
  wait_for "dump/preview-$(cat "$tmp/dialog-ready").txt" || echo "# no preview was dumped"
  press_until_closed 'Custom Convolution' Return || echo "# no dialog window found, or it stayed open"
fi
if wait_for cancel-ready; then
  press_until_closed 'Custom Convolution' Escape || echo "# no dialog window found, or it stayed open"
fi

# The Deconvolve switch by pointer and keys: a click on Deconvolve, a click on the preset
# chooser (its menu opens; Escape closes it, the chooser keeps the focus), Down twice:
# Custom, Identity, Airy disk. OK (Alt+O) once that preview is shown.
if wait_for deconv-dialog-ready; then
  id=$(cat "$tmp/deconv-dialog-ready")
  widgets=$tmp/dump/widgets-$id.txt
  preview=$tmp/dump/preview-$id.txt
  win=$(find_window 'Custom Convolution')
  if [ -n "$win" ] && wait_for "dump/widgets-$id.txt" && wait_for "dump/preview-$id.txt"; then
    click_widget deconvolve "$widgets"
    # Escape only once the chooser's menu is up: on the dialog it would be Cancel.
    shown=$(visible_windows)
    click_widget presets "$widgets"
    i=0
    while [ "$(visible_windows)" -le "$shown" ] && [ $i -lt 120 ]; do
      sleep 0.5
      i=$((i + 1))
    done
    key_to "$win" Escape
    before=$(dump_time "$preview")
    key_to "$win" Down
    key_to "$win" Down
    wait_new_preview "$preview" "$before" || echo "# no preview of the Airy disk"
    # The pointer off the dialog: no tooltip over a screenshot.
    xdotool mousemove 0 0
    [ -n "${KCV_SHOT:-}" ] && sleep 1 && python3 "$(dirname "$0")/shoot-window.py" "$win" "$KCV_SHOT"
    # Alt+O (OK's mnemonic): Return would open the focused preset chooser.
    press_until_closed 'Custom Convolution' alt+o || echo "# the dialog stayed open"
  else
    echo "# no Deconvolve dialog, or no dump of its widgets and preview"
  fi
fi
if wait_for deconv-undo-ready; then
  press 'Untitled.*GIMP' ctrl+z || echo "# no image window found"
fi
if wait_for deconv-cancel-ready; then
  press_until_closed 'Custom Convolution' Escape || echo "# no dialog window found, or it stayed open"
fi
wait "$gimp_pid"
gimp_pid=

sed -n 's/^.*KCV-TAP: //p' "$tmp/log" >"$tmp/checks"
if [ -n "$module" ]; then
  # The undo and dialog checks above covered the way users with the module get.
  # Deconvolution has no GEGL operation: it goes through the plug-in (the dialog's OK and
  # Repeat in Deconvolve mode).
  n_plugin=$(grep '^kcv: pixels through the plug-in' "$tmp/log" | grep -vc 'deconvolution')
  n_deconv=$(grep -c '^kcv: pixels through the plug-in: deconvolution' "$tmp/log")
  n_gimp=$(grep -c '^kcv: pixels inside GIMP' "$tmp/log")
  r="not ok"
  [ "$n_gimp" -gt 0 ] && [ "$n_plugin" = 0 ] && r=ok
  echo "$r - every call convolved inside GIMP ($n_gimp; through the plug-in: $n_plugin)" \
    >>"$tmp/checks"
  r="not ok"
  [ "$n_deconv" = 2 ] && r=ok
  echo "$r - the dialog's Deconvolve OK and its Repeat deconvolved ($n_deconv calls)" \
    >>"$tmp/checks"
fi
n=$(grep -c '' "$tmp/checks")
echo "1..$((n + 1))"
awk '{ sub(/^ok - /, "ok " NR " - "); sub(/^not ok - /, "not ok " NR " - "); print }' \
  "$tmp/checks"
if grep -q KCV-TAP-DONE "$tmp/log"; then
  echo "ok $((n + 1)) - the GUI suite ran to its end"
else
  echo "not ok $((n + 1)) - the GUI suite ran to its end"
  sed 's/^/# /' "$tmp/log" | tail -n 30
fi
