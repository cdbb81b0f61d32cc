#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: checks that need GIMP's UI (undo, the dialog): gimp-2.10 under Xvfb, keys by xdotool.
#
# usage: run-gimp-gui-tests.sh PLUGIN-BINARY SUITE-SCM WRITE-ICC-BINARY
set -u
. "$(dirname "$0")/../common/gimp2-profile.sh"

plugin=$1
suite=$2
write_icc=$3

. "$(dirname "$0")/../common/gui-start.sh"
kcv_gui_xvfb gimp-2.10 "$0" "$@"
kcv_gui_workdir kcv-gimp-gui

profile=$tmp/profile
kcv_gimp2_profile "$profile" "$plugin" || exit 1

# An image with a profile of its own, and the preview results the plug-in shows (the
# suite compares them with what OK writes), from a region cropped to 256 pixels a side.
# (GIMP 2.10 refuses gimp-image-set-color-profile-from-file in this set-up, "Operation not
# supported", so the profile goes in as bytes.)
"$write_icc" "$tmp/adobe.icc" || echo "# could not write an ICC profile"
icc_bytes=$(od -An -v -tu1 "$tmp/adobe.icc" | tr -s ' \n' ' ')
mkdir -p "$tmp/dump"
# KCV_VERBOSE: the log says how the dialog was answered, for a failing check.
KCV_VERBOSE=1 KCV_PREVIEW_DUMP_DIR=$tmp/dump KCV_PREVIEW_MAX_SIDE=256 \
GIMP2_DIRECTORY=$profile timeout ${KCV_GIMP_TIMEOUT:-300} gimp-2.10 -d -f -n \
  -b "(begin (define kcv-test-dir \"$tmp\") (define kcv-icc-bytes #($icc_bytes))
             (load \"$suite\"))" >"$tmp/log" 2>&1 &
gimp_pid=$!

# Waits for a marker file the suite writes, as long as GIMP runs (its timeout above bounds
# the wait): on a loaded machine GIMP can take over a minute to start.
wait_for() {
  while [ ! -f "$tmp/$1" ] && kill -0 "$gimp_pid" 2>/dev/null; do
    sleep 0.5
  done
  [ -f "$tmp/$1" ]
}

# find_window, key_to, press, closed, press_until_closed
. "$(dirname "$0")/../common/gui-keys.sh"

# This run's copy of the plug-in is running (its path is unique to the run).
plugin_running() {
  pgrep -f "$profile/plug-ins/kcv/kcv" >/dev/null 2>&1
}

# Cancels the slow convolution from GIMP's Progress dialog: Escape, until the plug-in is gone
# (GIMP ends a plug-in whose progress is cancelled). The Progress window of the plasma run
# just before can still be up when kcv starts; an Escape that closes it cancels nothing, so
# the check is the plug-in's process, and the next Progress window gets the next Escape.
cancel_progress() {
  i=0
  while ! plugin_running && [ $i -lt 120 ] && kill -0 "$gimp_pid" 2>/dev/null; do
    sleep 0.5
    i=$((i + 1))
  done
  for attempt in 1 2 3 4 5; do
    win=$(find_window '^Progress$')
    [ -n "$win" ] || return 1
    key_to "$win" Escape
    i=0
    while plugin_running && [ $i -lt 20 ]; do
      sleep 0.5
      i=$((i + 1))
    done
    plugin_running || return 0
    echo "# the plug-in still runs after Escape on the Progress window (attempt $attempt)"
  done
  return 1
}

if wait_for progress-ready; then
  cancel_progress || echo "# no progress window found, or the plug-in was not cancelled"
fi
if wait_for undo-ready; then
  press 'Untitled.*GIMP' ctrl+z || echo "# no image window found"
fi
# Keys only: a blind click could land on the next dialog, which opens at the same place.
if wait_for dialog-ready; then
  press_until_closed 'Custom Convolution' Return || echo "# no dialog window found, or it stayed open"
fi
if wait_for cancel-ready; then
  press_until_closed 'Custom Convolution' Escape || echo "# no dialog window found, or it stayed open"
fi
# Three times (two convolutions, one deconvolution): once a preview of the named drawable
# is dumped, OK.
for case in 1 2 3; do
  if wait_for preview-ready; then
    id=$(cat "$tmp/preview-ready")
    rm -f "$tmp/preview-ready"
    wait_for "dump/preview-$id.txt" || echo "# no preview dumped for drawable $id"
    press_until_closed 'Custom Convolution' Return || echo "# no dialog window found, or it stayed open"
  fi
done
if wait_for deconv-cancel-ready; then
  press_until_closed 'Custom Convolution' Escape || echo "# no dialog window found, or it stayed open"
fi
wait "$gimp_pid"
gimp_pid=

n=0
[ -f "$tmp/results.txt" ] && n=$(grep -c '' "$tmp/results.txt")
echo "1..$((n + 1))"
[ "$n" -gt 0 ] && awk '{ sub(/^ok - /, "ok " NR " - "); sub(/^not ok - /, "not ok " NR " - "); print }' \
  "$tmp/results.txt"
if [ "$n" -ge 10 ]; then
  echo "ok $((n + 1)) - the GUI suite ran to its end"
else
  echo "not ok $((n + 1)) - the GUI suite ran to its end"
  echo "# the suite reached: $(cd "$tmp" && ls -- *-ready 2>/dev/null | tr '\n' ' ')"
fi
if [ "$n" -lt 10 ] || grep -q "^not ok" "$tmp/results.txt" 2>/dev/null; then
  grep -v -e '^$' -e 'theme engine' "$tmp/log" | sed 's/^/# /' | tail -n 30
fi
