#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one libFuzzer target for a bounded time, as a meson test:
#   run-fuzzer.sh FUZZER SEED_DIR SECONDS [DICT]
# New inputs go to a scratch corpus, so the committed seeds stay as they are;
# every seed is replayed first, so the regression inputs in the corpus run on
# every test. A crash keeps its input in <fuzzer dir>/crashes/ and fails.
set -u
fuzzer=$1
seeds=$2
seconds=$3
dict=${4:-}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/kcv-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/corpus" "$scratch/artifacts"

set -- -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=8192 \
  -print_final_stats=1 -error_exitcode=99 -timeout_exitcode=98 -artifact_prefix="$scratch/artifacts/"
if [ -n "$dict" ]; then
  set -- "$@" -dict="$dict"
fi
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
  "$fuzzer" "$@" "$scratch/corpus" "$seeds"
rc=$?
if [ "$rc" -ne 0 ] || [ -n "$(ls -A "$scratch/artifacts")" ]; then
  keep=$(dirname "$fuzzer")/crashes
  mkdir -p "$keep"
  for f in "$scratch"/artifacts/*; do
    [ -e "$f" ] || continue
    name=$(basename "$fuzzer")-$(basename "$f")
    cp "$f" "$keep/$name"
    echo "run-fuzzer: failing input kept as $keep/$name (base64 below)"
    base64 "$f"
  done
  [ "$rc" -ne 0 ] || rc=1
fi
exit "$rc"
