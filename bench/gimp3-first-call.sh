#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: the first GIMP 3 call on FFT sizes new to the profile's wisdom, and the second call after
# the wisdom helper ended (bench/gimp3-first-call.scm), in gimp-console-3.0 inside the cached
# Debian 13 root, through the plug-in (no kcv:convolve). Each session starts from a fresh copy
# of the warm base profile (no kcv wisdom). With plug-in binaries of the root named as
# LABEL=PATH, the sessions alternate between them, round after round; without, this checkout's
# build. Prints each session's figures and the medians per label, ms.
# usage: bench/gimp3-first-call.sh [ROUNDS [LABEL=PATH-IN-ROOT...]]   (as root)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
shift || true
. bench/gimp3-root-job.sh
builds=("$@")
[ ${#builds[@]} -gt 0 ] || builds=("this=$job/build/gimp3/kcv")
bench=$job/first-call
base=/var/cache/kcv-gimp3-base
[ -d "$root$base" ] || {
  echo "no warm base profile $root$base: run the GIMP 3 suite once" >&2
  exit 1
}
rm -rf "$root$bench"
mkdir -p "$root$bench"
for r in $(seq "$rounds"); do
  for b in "${builds[@]}"; do
    label=${b%%=*}
    s=$bench/$label.$r
    mkdir -p "$root$s/home" "$root$s/profile"
    cp -a "$root$base/home/." "$root$s/home/"
    cp -a "$root$base/profile/." "$root$s/profile/"
    mkdir -p "$root$s/profile/plug-ins/kcv"
    cp "$root${b#*=}" "$root$s/profile/plug-ins/kcv/kcv"
    in_root env HOME="$s/home" GIMP3_DIRECTORY="$s/profile" KCV_VERBOSE=1 timeout 1800 \
      gimp-console-3.0 -i -d -f --quit --batch-interpreter=plug-in-script-fu-eval \
      -b "(begin (define kcv-bench-dir \"$job/src/bench\")
            (load \"$job/src/bench/gimp3-first-call.scm\"))" >"$root$s.log" 2>&1 || true
    line=$(sed -n 's/^.*KCV-FIRST: //p' "$root$s.log")
    [ -n "$line" ] || {
      tail -20 "$root$s.log" >&2
      exit 1
    }
    echo "$label $line" | tee -a "$root$bench/all"
  done
done
printf '# median of %s fresh-profile sessions, ms: first call, wait for the helper, second call\n' \
  "$rounds"
for b in "${builds[@]}"; do
  label=${b%%=*}
  for col in 2 3 4; do
    awk -v l="$label" -v c="$col" '$1 == l { print $c }' "$root$bench/all" | sort -g |
      awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
        printf "%.0f ", m }'
  done | awk -v l="$label" '{ printf "%-8s first %6s  helper %6s  second %6s\n", l, $1, $2, $3 }'
  # What the plug-in said of its first call's FFT plans (a build without the helper says nothing).
  sed -n 's/^kcv: FFT sizes planned by estimate: /  estimated: /p' "$root$bench/$label.1.log" | head -1
done
