# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: the start the GUI runners share (tests/plugin/run-gimp-gui-tests.sh for GIMP 2.10,
# tests/gimp3/run-gimp3-gui-tests.sh for GIMP 3): under Xvfb, or skipped when a tool is missing,
# and a work folder removed at exit with GIMP stopped.

# Re-runs the calling script inside xvfb-run (usage: kcv_gui_xvfb GIMP-BINARY "$0" "$@"); says
# "1..0 # SKIP" and exits when GIMP-BINARY, xvfb-run or xdotool is not installed. Returns at
# once inside the Xvfb run.
kcv_gui_xvfb() {
  gimp=$1
  shift
  [ -n "${KCV_IN_XVFB:-}" ] && return 0
  for tool in "$gimp" xvfb-run xdotool; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "1..0 # SKIP $tool is not installed"
      exit 0
    fi
  done
  KCV_IN_XVFB=1 exec xvfb-run -a -s '-screen 0 1280x1024x24' "$@"
}

# Sets tmp to a new folder named after $1, removed at exit (its log kept in $KCV_KEEP_LOG when
# that is set), and stops GIMP (gimp_pid, set by the runner once GIMP started) at exit.
kcv_gui_workdir() {
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 1
  gimp_pid=
  trap kcv_gui_cleanup EXIT INT TERM
}

kcv_gui_cleanup() {
  [ -n "$gimp_pid" ] && kill "$gimp_pid" 2>/dev/null
  [ -n "${KCV_KEEP_LOG:-}" ] && cp "$tmp/log" "$KCV_KEEP_LOG"
  rm -rf "$tmp"
}
