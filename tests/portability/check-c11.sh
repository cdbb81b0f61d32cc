#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: the core is plain C11, so it builds where GIMP's users are (Windows, macOS), not
# only on Linux: every core source compiles with -std=c11 -pedantic-errors and no feature
# macro at all (no _GNU_SOURCE, no _POSIX_C_SOURCE), and none defines one. POSIX or
# platform calls stay behind a test of what the platform offers. Syntax only: seconds.
# TAP, one line per file.
#
# usage: check-c11.sh SOURCE-ROOT FFTW-INCLUDE-DIR COMPILER [ARGS...]
set -u
root=$1
fftw_inc=$2
shift 2

files=$(cd "$root" && ls core/engine/*.c core/methods/*.c core/kernels/*.c core/deconv/*.c)
n=$(echo "$files" | wc -l)
echo "1..$n"
i=0
for f in $files; do
  i=$((i + 1))
  if grep -nE '^[[:space:]]*#[[:space:]]*define[[:space:]]+_(GNU|POSIX_C|XOPEN|DEFAULT|BSD)_SOURCE' \
    "$root/$f" >"${TMPDIR:-/tmp}/kcv-c11.$$" 2>&1; then
    echo "not ok $i - $f # defines a feature macro: $(head -1 "${TMPDIR:-/tmp}/kcv-c11.$$")"
  elif out=$("$@" -std=c11 -pedantic-errors -Werror -Wall -Wextra -Wno-unused-parameter \
    -U_GNU_SOURCE -U_POSIX_C_SOURCE -fsyntax-only -I"$root/core/include" -I"$root/core/engine" \
    -I"$root/core/methods" -I"$root/core/kernels" -I"$root/core/deconv" -I"$fftw_inc" "$root/$f" 2>&1); then
    echo "ok $i - $f"
  else
    echo "not ok $i - $f"
    echo "$out" | grep -E 'error' | head -n 5 | sed 's/^/# /'
  fi
done
rm -f "${TMPDIR:-/tmp}/kcv-c11.$$"
