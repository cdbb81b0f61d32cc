#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv benchmark: deconvolution by the plug-in in GIMP 2.10 against scikit-image, on the GIMP
# splash photo blurred by a motion line, a disk and a Gaussian plus noise (the same data for
# both), then the speed of the core against scikit-image on 1024x1024 RGB.
#
# usage: bench/deconv-skimage.sh BUILD-DIR [WORK-DIR [RUNS]]
#   BUILD-DIR  a meson build of kcv (its plugin/kcv and bench/kcv-deconv-bench are used)
#   WORK-DIR   where the images go (default: a new folder under /tmp, kept)
#   RUNS       timing runs per case (default 5; medians are printed)
# Needs gimp-console-2.10 and Debian's python3-skimage (run by /usr/bin/python3, which is the
# interpreter Debian's packages install into).
set -eu

build=$(cd "$1" && pwd)
work=${2:-$(mktemp -d "${TMPDIR:-/tmp}/kcv-deconv-skimage.XXXXXX")}
runs=${3:-5}
here=$(cd "$(dirname "$0")" && pwd)
py="/usr/bin/python3 $here/deconv-skimage.py"
mkdir -p "$work"

$py make "$work"

# The plug-in in a throw-away GIMP profile, as the plug-in tests install it.
profile=$work/profile
for d in brushes dynamics fonts gradients palettes patterns scripts templates tool-presets \
         plug-ins/kcv; do
  mkdir -p "$profile/$d"
done
cp "$build/plugin/kcv" "$profile/plug-ins/kcv/kcv"

# Float TIFFs load as perceptual (gamma) float images; linear = 0 works on the values as
# stored, so the plug-in sees the numbers scikit-image sees. Border 2 (mirror) matches the
# blur's reflection.
cat >"$work/restore.scm" <<EOF
(define (kcv-restore name run w h psf method iterations reg)
  (let* ((in (string-append "$work/blurred-" name ".tif"))
         (out (string-append "$work/kcv-" name "-" run ".tif"))
         (img (car (gimp-file-load RUN-NONINTERACTIVE in in)))
         (layer (car (gimp-image-get-active-layer img))))
    (plug-in-kcv-deconvolve RUN-NONINTERACTIVE img layer w h (* w h) psf
                            method iterations reg 2 0 0)
    (gimp-file-save RUN-NONINTERACTIVE img layer out out)
    (gimp-image-delete img)))
(load "$work/run.scm")
EOF
GIMP2_DIRECTORY=$profile env -u DISPLAY -u WAYLAND_DISPLAY gimp-console-2.10 -i -d -f -n \
  -b "(load \"$work/restore.scm\")" -b '(gimp-quit 0)' >"$work/gimp.log" 2>&1 || {
  tail -n 20 "$work/gimp.log"
  exit 1
}

$py skimage "$work" >"$work/skimage.json"
$py score "$work" >"$work/kcv.json"
"$build/bench/kcv-deconv-bench" 2 "$runs" >"$work/kcv-time.txt"
$py time "$runs" >"$work/skimage-time.json"
$py table "$work"
# The README's picture (docs/images/deconv-motion.png).
$py picture "$work" "$work/deconv-motion.png"
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg); images in $work"
