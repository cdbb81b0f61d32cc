#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a tracked C file differs from what the committed .clang-format makes of it.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "1..0 # SKIP clang-format is not installed"; exit 0; }
files=$(git ls-files '*.c' '*.h' 2>/dev/null)
[ -n "$files" ] || files=$(find core plugin ui tests bench tools fuzz -name '*.[ch]')
n=0
bad=0
for f in $files; do
  n=$((n + 1))
  if clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "ok $n - $f"
  else
    echo "not ok $n - $f # run clang-format -i $f"
    bad=1
  fi
done
echo "1..$n"
exit $bad
