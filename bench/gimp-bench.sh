#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: whole PDB calls in GIMP 2.10, kcv against GIMP's own filters, in one gimp-console-2.10
# session, as a Markdown table (ms; first call, then the median of REPS calls after it).
#
# usage: bench/gimp-bench.sh PLUGIN-BINARY [REPS]
#   e.g. bench/gimp-bench.sh build/dev/plugin/kcv 5
# The floor rows come from bench/kcv-floor-probe (a plug-in that only reads and writes every
# pixel), taken from the same build (BUILD/bench/kcv-floor-probe) or from KCV_FLOOR_PROBE.
# The plug-in runs from a throw-away GIMP profile (so its FFTW wisdom starts empty, like a
# new user's). KCV_BENCH_LOG=FILE keeps GIMP's output.
set -u
. "$(dirname "$0")/../tests/common/gimp2-profile.sh"

plugin=${1:?usage: gimp-bench.sh PLUGIN-BINARY [REPS]}
reps=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
splash=/usr/share/gimp/2.0/images/gimp-splash.png

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-gimp-bench.XXXXXX") || exit 1
trap '[ -n "${KCV_BENCH_LOG:-}" ] && cp "$tmp/log" "$KCV_BENCH_LOG"; rm -rf "$tmp"' EXIT INT TERM
profile=$tmp/profile
kcv_gimp2_profile "$profile" "$plugin" || exit 1
probe=${KCV_FLOOR_PROBE:-$(dirname "$plugin")/../bench/kcv-floor-probe}
have_floor="#f"
if [ -x "$probe" ]; then
  mkdir -p "$profile/plug-ins/kcv-floor-probe"
  cp "$probe" "$profile/plug-ins/kcv-floor-probe/kcv-floor-probe"
  have_floor="#t"
fi

GIMP2_DIRECTORY=$profile timeout 1200 env -u DISPLAY -u WAYLAND_DISPLAY gimp-console-2.10 -i -d -f -n \
  -b "(begin (define kcv-bench-reps $reps) (define kcv-bench-splash \"$splash\")
             (define kcv-bench-floor $have_floor)
             (load \"$here/gimp-bench.scm\"))" \
  -b '(gimp-quit 0)' >"$tmp/log" 2>&1
status=$?
if ! grep -q KCV-BENCH-DONE "$tmp/log" || [ "$status" != 0 ]; then
  echo "gimp-bench: GIMP did not finish the run (exit status $status):" >&2
  tail -n 30 "$tmp/log" >&2
  exit 1
fi

echo "GIMP $(gimp-console-2.10 --version | sed 's/.* //'), $(nproc) cores; ms per whole PDB call;"
echo "first call, then the median of $reps calls after it (all $reps in the last column; rows take"
echo "turns, one call each per round)."
echo
echo "| call | image | first | median | all |"
echo "|---|---|---|---|---|"
sed -n 's/^.*KCV-BENCH: //p' "$tmp/log" |
  awk -F'|' '{ printf "| %s | %s | %s | **%s** | %s |\n", $1, $2, $3, $4, $5 }'
