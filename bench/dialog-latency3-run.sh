#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: bench/dialog-latency3.sh's part inside the Debian 13 root: gimp-3.0 under Xvfb opens the
# dialog OPENS times (dialog-latency3.scm); Escape closes each once its first preview is shown.
# usage: dialog-latency3-run.sh PLUGIN-BINARY SCM WORK-FOLDER OPENS
set -u
. "$(dirname "$0")/dialog-dismiss.sh"
if [ -z "${KCV_IN_XVFB:-}" ]; then
  KCV_IN_XVFB=1 exec xvfb-run -a -s '-screen 0 1280x1024x24' "$0" "$@"
fi
here=$(cd "$(dirname "$0")" && pwd)
plugin=$1
scm=$2
work=$3
opens=$4
mkdir -p "$work/home" "$work/profile/plug-ins/kcv"
cp "$plugin" "$work/profile/plug-ins/kcv/kcv"
HOME=$work/home GIMP3_DIRECTORY=$work/profile KCV_VERBOSE=1 timeout 900 gimp-3.0 -d -f -n \
  --batch-interpreter=plug-in-script-fu-eval \
  -b "(begin (define kcv-opens $opens) (define kcv-bench-dir \"$here\") (load \"$scm\"))" \
  >"$work/log" 2>&1 &
gimp_pid=$!
trap 'kill "$gimp_pid" 2>/dev/null' EXIT INT TERM
kcv_dismiss_dialogs "$work/log" "$gimp_pid" "$opens" 1200
wait "$gimp_pid" 2>/dev/null
trap - EXIT INT TERM
echo "GIMP 3: first preview of a 201x201 disk on the 1920x1080 splash, s from the plug-in's start:"
grep 'kcv: first preview shown' "$work/log" | sed 's/.*shown \([0-9.]*\) s.*/\1/' | tr '\n' ' '
echo
