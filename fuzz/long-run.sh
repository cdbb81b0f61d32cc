#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A long local fuzz run on one core: each target in turn for MINUTES minutes,
# keeping a growing corpus in OUT/corpus/<target> (started from the committed
# seeds) and crashes in OUT/crashes/. Prints the executions per target and
# the total that ran clean. FUZZ_ARGS adds libFuzzer flags, e.g.
# "-fork=1 -ignore_crashes=1" to go on past known crashes.
#   fuzz/long-run.sh BUILD_DIR OUT_DIR MINUTES [TARGET...]
set -u
build=$1
out=$2
minutes=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- fuzz-kernel-mat fuzz-kernel-imagej fuzz-kernel-csv fuzz-kernel-gmic \
  fuzz-kernel-acf fuzz-kernel-auto fuzz-convolve
mkdir -p "$out/bin" "$out/crashes" "$out/logs"
total=0
clean=0
for t in "$@"; do
  # A private copy, so rebuilding the tree meanwhile cannot touch the run.
  cp "$build/fuzz/$t" "$out/bin/$t"
  mkdir -p "$out/corpus/$t"
  dict=
  case $t in fuzz-kernel-*) dict=-dict=$here/kernel.dict ;; esac
  "$out/bin/$t" -max_total_time=$((minutes * 60)) -timeout=20 -rss_limit_mb=2048 \
    -max_len=8192 -print_final_stats=1 -error_exitcode=99 -timeout_exitcode=98 \
    -artifact_prefix="$out/crashes/$t-" $dict ${FUZZ_ARGS:-} "$out/corpus/$t" "$here/corpus/$t" \
    >"$out/logs/$t.log" 2>&1
  rc=$?
  n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$t.log")
  # Fork mode prints no final stats: take the last "#N" progress line.
  [ -n "$n" ] || n=$(sed -n 's/^#\([0-9]*\):.*/\1/p' "$out/logs/$t.log" | tail -1)
  n=${n:-0}
  total=$((total + n))
  [ "$rc" -eq 0 ] && clean=$((clean + n))
  echo "$t: $n executions, exit $rc"
done
echo "total: $total executions, $clean in runs that ended clean"
