#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: the GIMP 3 counterpart of bench/dialog-latency.sh: how long the dialog takes to show its
# first preview of a 201x201 disk on GIMP 3's 1920x1080 splash photo, in real gimp-3.0 under
# Xvfb inside the cached Debian 13 root. The plug-in (KCV_VERBOSE=1) reports the time from the
# start of its process to the end of the first frame painted with a preview; each open is
# closed with Escape once that is reported. The first open runs on a fresh profile (no FFTW
# wisdom yet); a cancelled dialog starts the wisdom helper, so later opens find the sizes it
# measured when it ended before them (as in bench/dialog-latency.sh).
# usage: bench/dialog-latency3.sh [OPENS]      (as root; builds the GIMP 3 plug-in in the root)
set -euo pipefail
cd "$(dirname "$0")/.."
opens=${1:-5}
. bench/gimp3-root-job.sh
bench=$job/dialog-latency
rm -rf "$root$bench"
mkdir -p "$root$bench"
in_root env KCV_IN_XVFB= sh "$job/src/bench/dialog-latency3-run.sh" "$job/build/gimp3/kcv" \
  "$job/src/bench/dialog-latency3.scm" "$bench" "$opens"
