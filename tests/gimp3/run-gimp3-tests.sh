#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: installs the built GIMP 3 plug-in into a throw-away GIMP 3 profile, runs the Script-Fu
# suite in gimp-console-3.0 once, and reports its checks as TAP.
#
# usage: run-gimp3-tests.sh PLUGIN-BINARY SUITE-SCM
set -u

plugin=$1
suite=$2
# The tests/ folder, whose common/ and plugin/ helpers the suite loads.
tests=$(cd "$(dirname "$suite")/.." && pwd)
limit=${KCV_GIMP_TIMEOUT:-600}

if ! command -v gimp-console-3.0 >/dev/null 2>&1; then
  echo "1..0 # SKIP gimp-console-3.0 is not installed"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-gimp3-test.XXXXXX") || exit 1
trap '[ -n "${KCV_KEEP_LOG:-}" ] && cp "$tmp/log" "$KCV_KEEP_LOG"; rm -rf "$tmp"' EXIT INT TERM

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

# The suite reads kcv-test-dir; it is defined in the same -b command as the load, since
# definitions do not outlive one batch command. No display: RUN-INTERACTIVE must not block.
HOME=$tmp/home GIMP3_DIRECTORY=$profile timeout "$limit" env -u DISPLAY -u WAYLAND_DISPLAY \
  gimp-console-3.0 -i -d -f --quit --batch-interpreter=plug-in-script-fu-eval \
  -b "(begin (define kcv-tests-dir \"$tests\") (define kcv-test-dir \"$tmp/work\") (load \"$suite\"))" >"$tmp/log" 2>&1
status=$?

# gimp-message lines look like "script-fu-Warning: KCV-TAP: ok - name" (or without prefix).
sed -n 's/^.*KCV-TAP: //p' "$tmp/log" >"$tmp/checks"
n=$(grep -c '' "$tmp/checks")
sed -n 's/^.*KCV-TIME: /# time: /p' "$tmp/log" >"$tmp/times"
finished=0
grep -q 'KCV-TAP-DONE' "$tmp/log" && finished=1

echo "1..$((n + 1))"
awk '{ sub(/^ok - /, "ok " NR " - "); sub(/^not ok - /, "not ok " NR " - "); print }' \
  "$tmp/checks"
cat "$tmp/times"
if [ "$finished" = 1 ] && [ "$status" = 0 ]; then
  echo "ok $((n + 1)) - the suite ran to its end and GIMP 3 quit cleanly"
else
  echo "not ok $((n + 1)) - the suite ran to its end and GIMP 3 quit cleanly # exit status $status"
  sed 's/^/# /' "$tmp/log" | tail -n 40
fi
