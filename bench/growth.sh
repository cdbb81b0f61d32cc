#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv growth: AUTO's time at 4096x4096 against 2048x2048, kernel by kernel,
# the two sizes alternated ROUNDS times (medians of the per-run medians) so
# that the load of a shared machine falls on both alike.
# usage: bench/growth.sh KCV_BENCH [random|gaussian] [ROUNDS] [K ...]
set -eu
bench=$1
kind=${2:-random}
rounds=${3:-3}
shift 3 2>/dev/null || shift $#
ks=${*:-3 5 7 9 11 15 21 31 51 101 201}
med() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
printf '# growth, %s kernels, AUTO, median of %s rounds of median-of-5 runs, ms\n' "$kind" "$rounds"
printf '%-8s %10s %10s %7s %s\n' kernel 2048 4096 ratio picked
for k in $ks; do
  a=""; b=""; picked=""
  i=0
  while [ "$i" -lt "$rounds" ]; do
    a="$a $("$bench" --size 2048 --kind "$kind" --methods auto --reps 5 "$k" | awk '/^[0-9]/ {print $2}')"
    line=$("$bench" --size 4096 --kind "$kind" --methods auto --reps 5 "$k" | awk '/^[0-9]/')
    b="$b $(echo "$line" | awk '{print $2}')"
    picked=$(echo "$line" | awk '{print $3}')
    i=$((i + 1))
  done
  ma=$(printf '%s\n' $a | med)
  mb=$(printf '%s\n' $b | med)
  printf '%-8s %10s %10s %7.2f %s\n' "${k}x$k" "$ma" "$mb" "$(echo "$mb / $ma" | bc -l)" "$picked"
done
