#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: installs the built GIMP 3 plug-in into a throw-away GIMP 3 profile, runs the Script-Fu
# suite in gimp-console-3.0 once, and reports its checks as TAP.
#
# usage: run-gimp3-tests.sh PLUGIN-BINARY SUITE-SCM [GEGL-MODULE]
# With GEGL-MODULE (kcv-convolve.so) the suite runs twice: with the module in the user's GEGL
# folder, where GIMP applies kcv:convolve in its own process, then without it (the plug-in reads
# and writes the pixels), on the groups that move pixels. KCV_VERBOSE lines in the log say which
# way each call went; the runner checks each session took the way it is there for.
set -u

plugin=$1
suite=$2
# The tests/ folder, whose common/ and plugin/ helpers the suite loads.
tests=$(cd "$(dirname "$suite")/.." && pwd)
module=${3:-}
limit=${KCV_GIMP_TIMEOUT:-600}

if ! command -v gimp-console-3.0 >/dev/null 2>&1; then
  echo "1..0 # SKIP gimp-console-3.0 is not installed"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-gimp3-test.XXXXXX") || exit 1
trap '[ -n "${KCV_KEEP_LOG:-}" ] && cat "$tmp"/log.* >"$KCV_KEEP_LOG"; rm -rf "$tmp"' EXIT INT TERM

# GIMP's first start in a new profile queries all of its ~100 plug-ins and builds font
# caches (about 3x a warm start). A warm profile without kcv, made once and kept outside any
# clone, is copied into each run's fresh profile; only kcv is then queried.
base=${KCV_GIMP3_BASE_PROFILE:-/var/cache/kcv-gimp3-base}
warm_up() {
  mkdir -p "$base.tmp/home" "$base.tmp/profile" &&
    HOME=$base.tmp/home GIMP3_DIRECTORY=$base.tmp/profile timeout "$limit" env -u DISPLAY \
      -u WAYLAND_DISPLAY gimp-console-3.0 -i -d -f --quit \
      --batch-interpreter=plug-in-script-fu-eval -b '(display "warm")' >/dev/null 2>&1 &&
    rm -rf "$base" && mv "$base.tmp" "$base"
}
mkdir -p "$(dirname "$base")"
(
  flock 8
  [ -d "$base" ] || warm_up || rm -rf "$base.tmp"
) 8>"$base.lock"

profile=$tmp/profile
mkdir -p "$tmp/home" "$profile"
if [ -d "$base" ]; then
  cp -a "$base/home/." "$tmp/home/"
  cp -a "$base/profile/." "$profile/"
fi
mkdir -p "$profile/plug-ins/kcv" "$tmp/work/in" "$tmp/work/out"
cp "$plugin" "$profile/plug-ins/kcv/kcv"

gegl_dir=$tmp/home/.local/share/gegl-0.4/plug-ins

# One gimp-console-3.0 session: $1 names it, $2 is "gimp" (kcv:convolve installed) or
# "plug-in", $3 "all" groups or those that move "pixels". The suite reads kcv-tests-dir,
# kcv-test-dir, kcv-pixel-path and kcv-groups; they are defined in the same -b
# command as the load, since definitions do not outlive one batch command. No display:
# RUN-INTERACTIVE must not block.
session() {
  HOME=$tmp/home GIMP3_DIRECTORY=$profile KCV_VERBOSE=1 timeout "$limit" env -u DISPLAY \
    -u WAYLAND_DISPLAY gimp-console-3.0 -i -d -f --quit \
    --batch-interpreter=plug-in-script-fu-eval \
    -b "(begin (define kcv-tests-dir \"$tests\") (define kcv-test-dir \"$tmp/work\")
          (define kcv-pixel-path \"$2\")
          (define kcv-groups \"$3\")
          (load \"$suite\"))" >"$tmp/log.$1" 2>&1
  echo $? >"$tmp/status.$1"
}

sessions=plug-in
# KCV_GIMP3_GROUP names one group of the suite to run alone, in one session (while working
# on it): the first session's last values would be the second's.
group=${KCV_GIMP3_GROUP:-}
if [ -n "$module" ]; then
  mkdir -p "$gegl_dir"
  cp "$module" "$gegl_dir/"
  session gimp gimp "${group:-all}"
  rm -f "$gegl_dir/$(basename "$module")"
  sessions=gimp
  [ -z "$group" ] && session plug-in plug-in pixels && sessions="gimp plug-in"
else
  session plug-in plug-in "${group:-all}"
fi

# gimp-message lines look like "script-fu-Warning: KCV-TAP: ok - name" (or without prefix).
: >"$tmp/checks"
: >"$tmp/times"
for s in $sessions; do
  log=$tmp/log.$s
  tag=""
  [ -n "$module" ] && tag="[$s] "
  sed -n "s/^.*KCV-TAP: \(ok\|not ok\) - /\1 - $tag/p" "$log" >>"$tmp/checks"
  sed -n "s/^.*KCV-TIME: /# time: $tag/p" "$log" >>"$tmp/times"
  if grep -q 'KCV-TAP-DONE' "$log" && [ "$(cat "$tmp/status.$s")" = 0 ]; then
    echo "ok - ${tag}the suite ran to its end and GIMP 3 quit cleanly" >>"$tmp/checks"
  else
    echo "not ok - ${tag}the suite ran to its end and GIMP 3 quit cleanly # exit status" \
      "$(cat "$tmp/status.$s")" >>"$tmp/checks"
    sed 's/^/# /' "$log" | tail -n 40 >>"$tmp/tail"
  fi
  # kcv:convolve warns (in GIMP's log) only of a kernel set and unreadable, the suite's
  # "1 2 x"; GIMP creates every filter before it sets the kernel, which is no mistake.
  if [ "$s" = gimp ] && grep -q 'KCV-TAP: .* - kcv:convolve with a kernel it cannot read' "$log"; then
    n_bad=$(grep -c 'kcv:convolve: kernel: line 1, column 5: "x" is not a number' "$log")
    n_other=$(grep 'kcv:convolve: ' "$log" | grep -vc '"x" is not a number')
    r="not ok"
    [ "$n_bad" -gt 0 ] && [ "$n_other" = 0 ] && r=ok
    echo "$r - ${tag}GIMP logged kcv:convolve warnings only for the kernel it cannot read:" \
      "$n_bad for it, $n_other others" >>"$tmp/checks"
  fi
  # The FFTW wisdom group: what the plug-in said (KCV_VERBOSE) in each of its two calls, read
  # between the messages the group has GIMP print around them.
  if grep -q 'KCV-WISDOM: first call' "$log"; then
    said() { sed -n "/KCV-WISDOM: $1/,/KCV-WISDOM: $2/s/^kcv: FFT sizes planned by estimate: //p" "$log"; }
    first=$(said "first call" "second call")
    second=$(said "second call" "end")
    if echo "$first" | grep -Eqx '[0-9]+x[0-9]+( [0-9]+x[0-9]+)* \(helper started\)'; then
      echo "ok - ${tag}wisdom: a call plans a new FFT size by estimate and starts the helper"
    else
      echo "not ok - ${tag}wisdom: a call plans a new FFT size by estimate and starts the helper" \
        "# it said: ${first:-nothing}"
    fi >>"$tmp/checks"
    if [ "$second" = "none (no helper needed)" ]; then
      echo "ok - ${tag}wisdom: the next call finds the size the helper measured"
    else
      echo "not ok - ${tag}wisdom: the next call finds the size the helper measured" \
        "# it said: ${second:-nothing}"
    fi >>"$tmp/checks"
  fi
  # kcv:convolve in GIMP's own process starts the plug-in's wisdom helper for the FFT sizes it
  # planned by estimate, once per set of new sizes (gegl/kcv-gegl-wisdom.c; KCV_VERBOSE).
  if [ "$s" = gimp ] && [ -z "$group" ]; then
    # The sizes of each start, one a line (a line for a busy helper is said again on success).
    sizes=$(sed -n 's/^kcv: FFT sizes kcv:convolve planned by estimate: \(.*\) (helper started)$/\1/p' \
      "$log")
    n_op=$(printf '%s' "$sizes" | grep -c .)
    n_twice=$(printf '%s\n' "$sizes" | tr ' ' '\n' | sort | uniq -d | grep -c .)
    r="not ok"
    [ "$n_op" -gt 0 ] && [ "$n_twice" = 0 ] && r=ok
    echo "$r - ${tag}kcv:convolve started the wisdom helper from GIMP's process: $n_op times," \
      "$n_twice sizes handed twice" >>"$tmp/checks"
  fi
  [ -n "$module" ] && [ -z "$group" ] || continue
  # Every call the operation can serve went the way this session is there for.
  n_gimp=$(grep -c '^kcv: pixels inside GIMP' "$log")
  n_plugin=$(grep -c '^kcv: pixels through the plug-in: GIMP has no' "$log")
  if [ "$s" = gimp ]; then ok=$([ "$n_gimp" -gt 0 ] && [ "$n_plugin" = 0 ] && echo 1); else
    ok=$([ "$n_plugin" -gt 0 ] && [ "$n_gimp" = 0 ] && echo 1); fi
  r="not ok"
  [ -n "$ok" ] && r=ok
  echo "$r - ${tag}calls convolved inside GIMP: $n_gimp, through the" \
    "plug-in for want of kcv:convolve: $n_plugin" >>"$tmp/checks"
done

n=$(grep -c '' "$tmp/checks")
echo "1..$n"
awk '{ sub(/^ok - /, "ok " NR " - "); sub(/^not ok - /, "not ok " NR " - "); print }' \
  "$tmp/checks"
cat "$tmp/times"
[ -f "$tmp/tail" ] && cat "$tmp/tail"
grep -q '^not ok' "$tmp/checks" && exit 1
exit 0
