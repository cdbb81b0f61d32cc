#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv in GIMP 3 against gegl:convolution-matrix and gegl:gaussian-blur, in one gimp-console-3.0
# session inside the cached Debian 13 root (scripts/gimp3-root.sh): 5x5 and 31x31 Gaussian on
# 2048x2048, 8-bit and float, median of REPS calls each (default 5). Two sessions: with the GEGL
# operation kcv:convolve in the user's GEGL folder (kcv's pixels inside GIMP), then without it
# (through the plug-in); GIMP 3's own filters are timed in both, so each ratio compares calls of
# one session. Prints a table, ms per call.
# usage: bench/gimp3-bench.sh [REPS]      (as root; builds the GIMP 3 plug-in in the root first)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
. bench/gimp3-root-job.sh

bench=$job/bench
rm -rf "$root$bench"
mkdir -p "$root$bench/home" "$root$bench/profile/plug-ins/kcv"
cp "$root$job/build/gimp3/kcv" "$root$bench/profile/plug-ins/kcv/kcv"
gegl_dir=$root$bench/home/.local/share/gegl-0.4/plug-ins

# session NAME: one gimp-console-3.0 run of the benchmark.
session() {
  in_root env HOME="$bench/home" GIMP3_DIRECTORY="$bench/profile" timeout 1800 gimp-console-3.0 \
    -i -d -f --quit --batch-interpreter=plug-in-script-fu-eval \
    -b "(begin (define kcv-bench-reps $reps)
          (load \"$job/src/bench/gimp3-bench.scm\"))" >"$root$bench/log.$1" 2>&1 || true
  grep -q KCV-BENCH-DONE "$root$bench/log.$1" || {
    tail -20 "$root$bench/log.$1" >&2
    exit 1
  }
  sed -n 's/^.*KCV-BENCH: //p' "$root$bench/log.$1" >"$root$bench/table.$1"
}
mkdir -p "$gegl_dir"
cp "$root$job/build/gegl/kcv-convolve.so" "$gegl_dir/"
session gimp
rm -f "$gegl_dir/kcv-convolve.so"
session plug-in

printf '# GIMP 3.0.4, median of %s calls, ms per call; ratio = kcv / GIMP 3 filter, same session\n' \
  "$reps"
printf '%-14s %11s %10s %6s %11s %10s %6s\n' case kcv-in-gimp gimp3-gegl ratio kcv-plug-in \
  gimp3-gegl ratio
awk 'NR == FNR { kcv[$1] = $2; gegl[$1] = $3; next }
  { printf "%-14s %11.0f %10.0f %6.2f %11.0f %10.0f %6.2f\n", $1, $2, $3, $2 / $3, kcv[$1],
      gegl[$1], kcv[$1] / gegl[$1] }' "$root$bench/table.plug-in" "$root$bench/table.gimp"
