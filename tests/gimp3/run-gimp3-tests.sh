#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: installs the built GIMP 3 plug-in into a throw-away GIMP 3 profile, runs the Script-Fu
# suite in gimp-console-3.0 once, and reports its checks as TAP.
#
# usage: run-gimp3-tests.sh PLUGIN-BINARY SUITE-SCM
set -u

plugin=$1
suite=$2
limit=${KCV_GIMP_TIMEOUT:-600}

if ! command -v gimp-console-3.0 >/dev/null 2>&1; then
  echo "1..0 # SKIP gimp-console-3.0 is not installed"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-gimp3-test.XXXXXX") || exit 1
trap '[ -n "${KCV_KEEP_LOG:-}" ] && cp "$tmp/log" "$KCV_KEEP_LOG"; rm -rf "$tmp"' EXIT INT TERM

profile=$tmp/profile
mkdir -p "$profile/plug-ins/kcv" "$tmp/work/in" "$tmp/work/out"
cp "$plugin" "$profile/plug-ins/kcv/kcv"

# The suite reads kcv-test-dir; it is defined in the same -b command as the load, since
# definitions do not outlive one batch command. No display: RUN-INTERACTIVE must not block.
HOME=$tmp GIMP3_DIRECTORY=$profile timeout "$limit" env -u DISPLAY -u WAYLAND_DISPLAY \
  gimp-console-3.0 -i -d -f --quit --batch-interpreter=plug-in-script-fu-eval \
  -b "(begin (define kcv-test-dir \"$tmp/work\") (load \"$suite\"))" >"$tmp/log" 2>&1
status=$?

# gimp-message lines look like "script-fu-Warning: KCV-TAP: ok - name" (or without prefix).
sed -n 's/^.*KCV-TAP: //p' "$tmp/log" >"$tmp/checks"
n=$(grep -c '' "$tmp/checks")
finished=0
grep -q 'KCV-TAP-DONE' "$tmp/log" && finished=1

echo "1..$((n + 1))"
awk '{ sub(/^ok - /, "ok " NR " - "); sub(/^not ok - /, "not ok " NR " - "); print }' \
  "$tmp/checks"
if [ "$finished" = 1 ] && [ "$status" = 0 ]; then
  echo "ok $((n + 1)) - the suite ran to its end and GIMP 3 quit cleanly"
else
  echo "not ok $((n + 1)) - the suite ran to its end and GIMP 3 quit cleanly # exit status $status"
  sed 's/^/# /' "$tmp/log" | tail -n 40
fi
