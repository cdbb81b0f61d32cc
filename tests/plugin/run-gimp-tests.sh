#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: installs the built plug-in into a throw-away GIMP profile, runs the Script-Fu suite in
# gimp-console-2.10 once, and reports its checks as TAP.
#
# usage: run-gimp-tests.sh PLUGIN-BINARY BATCH-SCRIPT SUITE-SCM
set -u
. "$(dirname "$0")/../common/gimp2-profile.sh"

plugin=$1
batch=$2
suite=$3
# The tests/ folder, whose common/ and plugin/ helpers the suite loads.
tests=$(cd "$(dirname "$suite")/.." && pwd)
limit=${KCV_GIMP_TIMEOUT:-600}

if ! command -v gimp-console-2.10 >/dev/null 2>&1; then
  echo "1..0 # SKIP gimp-console-2.10 is not installed"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-gimp-test.XXXXXX") || exit 1
trap '[ -n "${KCV_KEEP_LOG:-}" ] && cp "$tmp/log" "$KCV_KEEP_LOG"; rm -rf "$tmp"' EXIT INT TERM

profile=$tmp/profile
kcv_gimp2_profile "$profile" "$plugin" || exit 1
cp "$batch" "$profile/scripts/"
mkdir -p "$tmp/work/in" "$tmp/work/out"
# A Photoshop .acf (binary: Script-Fu cannot write it) for the offset-units check.
cp "$tests/kernels/data/emboss.acf" "$tmp/work/"

# No display: RUN-INTERACTIVE must fall back to the last values instead of showing a dialog.
GIMP2_DIRECTORY=$profile timeout "$limit" env -u DISPLAY -u WAYLAND_DISPLAY gimp-console-2.10 -i -d -f -n \
  -b "(begin (define kcv-tests-dir \"$tests\") (define kcv-test-dir \"$tmp/work\") (load \"$suite\"))" \
  -b '(gimp-quit 0)' >"$tmp/log" 2>&1
status=$?

# Definitions do not outlive one -b command: the folder is defined in the same one.
# gimp-message lines look like "script-fu-Warning: KCV-TAP: ok - name".
sed -n 's/^.*KCV-TAP: //p' "$tmp/log" >"$tmp/checks"
n=$(grep -c '' "$tmp/checks")
finished=0
grep -q 'KCV-TAP-DONE' "$tmp/log" && finished=1

echo "1..$((n + 1))"
awk '{ sub(/^ok - /, "ok " NR " - "); sub(/^not ok - /, "not ok " NR " - "); print }' \
  "$tmp/checks"
if [ "$finished" = 1 ] && [ "$status" = 0 ]; then
  echo "ok $((n + 1)) - the suite ran to its end and GIMP quit cleanly"
else
  echo "not ok $((n + 1)) - the suite ran to its end and GIMP quit cleanly # exit status $status"
  sed 's/^/# /' "$tmp/log" | tail -n 40
fi
