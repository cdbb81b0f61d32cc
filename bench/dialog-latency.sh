#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: how long the dialog takes to show its first preview of a 201x201 disk on GIMP's splash
# photo, in real GIMP 2.10 under Xvfb: the plug-in (KCV_VERBOSE=1) reports the time from the
# start of its process to the end of the first frame painted with a preview; each open is
# closed with Escape once that is reported.
#
# usage: bench/dialog-latency.sh PLUGIN-BINARY [OPENS]
# The first open runs on a fresh profile (no FFTW wisdom yet); later ones find what the
# plug-in saved. Also prints the plug-in binary's start-up alone (exec and linking).
set -u
. "$(dirname "$0")/../tests/common/gimp2-profile.sh"
. "$(dirname "$0")/dialog-dismiss.sh"

plugin=${1:?usage: dialog-latency.sh PLUGIN-BINARY [OPENS]}
opens=${2:-5}
if [ -z "${KCV_IN_XVFB:-}" ]; then
  KCV_IN_XVFB=1 exec xvfb-run -a -s '-screen 0 1280x1024x24' "$0" "$@"
fi
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-dialog-latency.XXXXXX") || exit 1
gimp_pid=
trap '[ -n "$gimp_pid" ] && kill "$gimp_pid" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
profile=$tmp/profile
kcv_gimp2_profile "$profile" "$plugin" || exit 1

KCV_VERBOSE=1 GIMP2_DIRECTORY=$profile \
timeout 600 gimp-2.10 -d -f -n -b "(begin (define kcv-dir \"$tmp\") (define kcv-opens $opens)
                                         (define kcv-bench-dir \"$here\")
                                         (load \"$here/dialog-latency.scm\"))" \
  >"$tmp/log" 2>&1 &
gimp_pid=$!

kcv_dismiss_dialogs "$tmp/log" "$gimp_pid" "$opens" 600
wait "$gimp_pid"
gimp_pid=

echo "first preview of a 201x201 disk on the 1920x1080 splash, s from the plug-in's start:"
grep 'kcv: first preview shown' "$tmp/log" | sed 's/.*shown \([0-9.]*\) s.*/\1/' | tr '\n' ' '
echo
t0=$(date +%s%N)
for i in 1 2 3 4 5; do
  "$plugin" --kcv-measure-fft "$tmp/w" >/dev/null 2>&1
done
t1=$(date +%s%N)
echo "the plug-in binary's start-up alone (exec, linking, exit): $(( (t1 - t0) / 5000000 )) ms"
