#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: the README's screenshot of the dialog in Deconvolve mode in GIMP 3
# (docs/img/dialog-deconvolve-gimp3.png): builds kcv in the Debian 13 root and shoots the
# dialog there (tests/gimp3/shoot-deconv-dialog.sh). Needs root (the root's chroot).
#
# usage: scripts/screenshot-dialog-gimp3.sh [OUT.png]
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
bash "$src/tests/gimp3/run-in-root.sh" "$src" shot "${1:-$src/docs/img/dialog-deconvolve-gimp3.png}"
