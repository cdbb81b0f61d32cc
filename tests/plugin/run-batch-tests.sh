#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: the batch script against every spelling of "the output folder is the source folder"
# (relative from GIMP's working folder, "./", trailing "/." and "/", "..", absolute, a link), in
# gimp-console-2.10, as TAP. The source files' checksums must not change.
#
# usage: run-batch-tests.sh PLUGIN-BINARY BATCH-SCRIPT SUITE-SCM
set -u
. "$(dirname "$0")/../common/gimp2-profile.sh"

plugin=$1
batch=$2
suite=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
# The tests/ folder, whose common/ and plugin/ helpers the suite loads.
tests=$(cd "$(dirname "$suite")/.." && pwd)
limit=${KCV_GIMP_TIMEOUT:-300}

if ! command -v gimp-console-2.10 >/dev/null 2>&1; then
  echo "1..0 # SKIP gimp-console-2.10 is not installed"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-batch-test.XXXXXX") || exit 1
trap '[ -n "${KCV_KEEP_LOG:-}" ] && cp "$tmp/log" "$KCV_KEEP_LOG"; rm -rf "$tmp"' EXIT INT TERM

profile=$tmp/profile
kcv_gimp2_profile "$profile" "$plugin" || exit 1
cp "$batch" "$profile/scripts/"

# Three small 24-bit BMP images (GIMP loads and saves them without options) with different
# bytes; a.bmp plus the suffix "-k" is a-k.bmp.
work=$tmp/work
mkdir -p "$work/bt" "$work/out"
ln -s bt "$work/link"
byte() { printf "\\$(printf '%03o' "$1")"; }
le32() { byte $(($1 % 256)); byte $(($1 / 256 % 256)); byte $(($1 / 65536 % 256)); byte 0; }
i=0
for name in a a-k b; do
  i=$((i + 1))
  { printf 'BM'; le32 90; le32 0; le32 54                       # file header, 4x3 pixels
    le32 40; le32 4; le32 3; byte 1; byte 0; byte 24; byte 0      # BITMAPINFOHEADER
    le32 0; le32 36; le32 2835; le32 2835; le32 0; le32 0
    n=0
    while [ $n -lt 36 ]; do byte $(((n * 37 + i * 71) % 256)); n=$((n + 1)); done
  } >"$work/bt/$name.bmp"
done
printf '3 3 9\n1 1 1\n1 1 1\n1 1 1\n' >"$work/box.mat"
(cd "$work/bt" && sha256sum a.bmp a-k.bmp b.bmp) >"$tmp/before"

# GIMP's working folder is the one holding bt/, so "bt/*.bmp" and "bt" are relative to it.
(cd "$work" && GIMP2_DIRECTORY=$profile timeout "$limit" env -u DISPLAY -u WAYLAND_DISPLAY \
  gimp-console-2.10 -i -d -f -n \
  -b "(begin (define kcv-tests-dir \"$tests\") (define kcv-test-dir \"$work\") (load \"$suite\"))" \
  -b '(gimp-quit 0)') >"$tmp/log" 2>&1
status=$?

sed -n 's/^.*KCV-TAP: //p' "$tmp/log" >"$tmp/checks"
n=$(grep -c '' "$tmp/checks")
echo "1..$((n + 3))"
awk '{ sub(/^ok - /, "ok " NR " - "); sub(/^not ok - /, "not ok " NR " - "); print }' \
  "$tmp/checks"

if (cd "$work/bt" && sha256sum -c --quiet "$tmp/before") >"$tmp/sums" 2>&1; then
  echo "ok $((n + 1)) - the source images' checksums are unchanged"
else
  echo "not ok $((n + 1)) - the source images' checksums are unchanged"
  sed 's/^/# /' "$tmp/sums"
fi
# Only the suffixed results may have been added to bt/.
listing=$(cd "$work/bt" && ls | tr '\n' ' ')
want="a-blur.bmp a-k-blur.bmp a-k.bmp a.bmp b-blur.bmp b.bmp "
if [ "$listing" = "$want" ]; then
  echo "ok $((n + 2)) - bt/ holds the sources and the three suffixed results, nothing else"
else
  echo "not ok $((n + 2)) - bt/ holds the sources and the three suffixed results # got: $listing"
fi
if grep -q 'KCV-TAP-DONE' "$tmp/log" && [ "$status" = 0 ]; then
  echo "ok $((n + 3)) - the suite ran to its end and GIMP quit cleanly"
else
  echo "not ok $((n + 3)) - the suite ran to its end and GIMP quit cleanly # exit status $status"
  sed 's/^/# /' "$tmp/log" | tail -n 40
fi
