# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: sourced by bench/dialog-latency.sh (GIMP 2.10) and bench/dialog-latency3-run.sh (GIMP 3).
#
# kcv_dismiss_dialogs LOG GIMP-PID OPENS TICKS: for each of OPENS dialog opens, waits (up to
# TICKS tenths of a second, or until GIMP exits) for the plug-in's "kcv: first preview shown"
# line number i in LOG, then presses Escape in the Custom Convolution window so the next open
# can start. Needs xdotool and the X display GIMP runs on.
kcv_dismiss_dialogs() {
  for i in $(seq 1 "$3"); do
    n=0
    while [ "$(grep -c 'kcv: first preview shown' "$1")" -lt "$i" ] && [ $n -lt "$4" ] &&
      kill -0 "$2" 2>/dev/null; do
      sleep 0.1
      n=$((n + 1))
    done
    sleep 0.5
    win=$(xdotool search --name 'Custom Convolution' 2>/dev/null | tail -n 1)
    [ -n "$win" ] && xdotool windowfocus --sync "$win" 2>/dev/null && xdotool key Escape
  done
}
