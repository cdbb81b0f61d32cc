#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: the plug-in binary started as its FFTW wisdom helper (as the plug-in starts it after a
# call) measures the sizes it is given into the wisdom file, keeping what the file held.
#
# usage: test-wisdom-helper.sh PLUGIN-BINARY
set -u
plugin=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-wisdom-helper.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
w=$tmp/fftw-wisdom
echo "1..4"

"$plugin" --kcv-measure-fft "$w" 48x40 >"$tmp/out" 2>&1
if [ $? = 0 ] && grep -q fftwf_wisdom "$w" && [ ! -e "$w.measuring" ]; then
  echo "ok 1 - a size is measured into a new wisdom file"
else
  echo "not ok 1 - a size is measured into a new wisdom file"; sed 's/^/# /' "$tmp/out"
fi
before=$(wc -c <"$w")
: >"$w.measuring" # the plug-in takes the marker before it starts the helper
"$plugin" --kcv-measure-fft "$w" 90x72 >"$tmp/out" 2>&1
status=$?
after=$(wc -c <"$w")
if [ "$status" = 0 ] && [ "$after" -gt "$before" ] && [ ! -e "$w.measuring" ]; then
  echo "ok 2 - a second size is added to what the file held, and the marker is removed"
else
  echo "not ok 2 - a second size is added, and the marker is removed # $before -> $after bytes"
fi
"$plugin" --kcv-measure-fft "$w" 0x5 nonsense >"$tmp/out" 2>&1
status=$?
if [ "$status" = 1 ] && grep -q 'cannot measure transform size "0x5"' "$tmp/out" &&
   grep -q fftwf_wisdom "$w"; then
  echo "ok 3 - bad sizes are refused by name and the file stays wisdom"
else
  echo "not ok 3 - bad sizes are refused by name # exit $status"; sed 's/^/# /' "$tmp/out"
fi
echo "garbage" >"$w"
"$plugin" --kcv-measure-fft "$w" 48x40 >"$tmp/out" 2>&1
if [ $? = 0 ] && grep -q fftwf_wisdom "$w"; then
  echo "ok 4 - an unreadable file is replaced"
else
  echo "not ok 4 - an unreadable file is replaced"; sed 's/^/# /' "$tmp/out"
fi
