#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: the plug-in at real sizes (kcv-sizes.scm) in gimp-console-2.10, checked against the
# float64 reference by kcv-plugin-check; TAP. Two GIMP runs: one with a small band budget
# (KCV_BAND_BUDGET, read by the plug-in for tests), so 200 rows take several bands one at a
# time, and one at the default budget, where a large layer takes many pipelined bands.
#
# usage: run-gimp-sizes.sh PLUGIN-BINARY KCV-PLUGIN-CHECK SUITE-SCM
set -u
. "$(dirname "$0")/../common/gimp2-profile.sh"

plugin=$1
checker=$2
suite=$3
# The tests/ folder, whose common/ and plugin/ helpers the suite loads.
tests=$(cd "$(dirname "$suite")/.." && pwd)
limit=${KCV_GIMP_TIMEOUT:-300}

if ! command -v gimp-console-2.10 >/dev/null 2>&1; then
  echo "1..0 # SKIP gimp-console-2.10 is not installed"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-gimp-sizes.XXXXXX") || exit 1
trap '[ -n "${KCV_KEEP_DIR:-}" ] && cp -r "$tmp" "$KCV_KEEP_DIR"; rm -rf "$tmp"' EXIT INT TERM

profile=$tmp/profile
kcv_gimp2_profile "$profile" "$plugin" || exit 1
work=$tmp/work
mkdir -p "$work"

: >"$tmp/checks"
status=0
"$checker" make "$work/rgba.png" 300 200 4 1 &&
  "$checker" make "$work/rgb.png" 300 200 3 2 &&
  "$checker" make "$work/large.png" 16384 1100 4 3 || status=1

# 64 KiB holds no 64-row band of a 300-wide layer: bands are 64 rows (the floor).
for part in bands large; do
  budget=
  [ "$part" = bands ] && budget=65536
  [ "$status" = 0 ] || break
  KCV_BAND_BUDGET=$budget KCV_VERBOSE=1 GIMP2_DIRECTORY=$profile timeout "$limit" \
    env -u DISPLAY -u WAYLAND_DISPLAY gimp-console-2.10 -i -d -f -n \
    -b "(begin (define kcv-tests-dir \"$tests\") (define kcv-test-dir \"$work\") (define kcv-sizes-part \"$part\") (load \"$suite\"))" \
    -b '(gimp-quit 0)' >"$tmp/log-$part" 2>&1 || status=$?
  sed -n 's/^.*KCV-TAP: //p' "$tmp/log-$part" >>"$tmp/checks"
  if ! grep -q 'KCV-TAP-DONE' "$tmp/log-$part" && [ "$status" = 0 ]; then
    status=1
  fi
  "$checker" check "$work/manifest-$part" "$tmp/log-$part" >>"$tmp/checks"
done

n=$(grep -c '' "$tmp/checks")
echo "1..$((n + 1))"
awk '{ sub(/^ok - /, "ok " NR " - "); sub(/^not ok - /, "not ok " NR " - "); print }' \
  "$tmp/checks"
if [ "$status" = 0 ]; then
  echo "ok $((n + 1)) - both GIMP runs went to their end and quit cleanly"
else
  echo "not ok $((n + 1)) - both GIMP runs went to their end and quit cleanly # status $status"
  for f in "$tmp"/log-*; do
    [ -f "$f" ] && sed 's/^/# /' "$f" | tail -n 20
  done
fi
