#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes docs/img/borders.png: GIMP's splash, scaled to 320x180, shifted by 50
# pixels right and down with plug-in-kcv-convolve (a 101x101 kernel whose only
# weight is its top-left one), once per border mode, so what lies beyond the
# left and top edges shows. Needs the plug-in installed (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
splash=/usr/share/gimp/2.0/images/gimp-splash.png
cat > "$tmp/b.scm" <<SCM
(define (kcv-border-demo src mode out)
  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE src src))))
    (gimp-image-scale img 320 180)
    (let* ((d (car (gimp-image-get-active-drawable img)))
           (w (make-vector 10201 0.0)))
      (vector-set! w 0 1.0)
      (plug-in-kcv-convolve RUN-NONINTERACTIVE img d 101 101 10201 w 1 0 mode 1 0 0 0)
      (gimp-file-save RUN-NONINTERACTIVE img d out out)
      (gimp-image-delete img))))
(kcv-border-demo "$splash" 0 "$tmp/0.png")
(kcv-border-demo "$splash" 1 "$tmp/1.png")
(kcv-border-demo "$splash" 2 "$tmp/2.png")
(kcv-border-demo "$splash" 3 "$tmp/3.png")
SCM
timeout 300 gimp-console-2.10 -i -d -f -b "(load \"$tmp/b.scm\")" -b '(gimp-quit 0)'
convert -size 320x180 pattern:checkerboard -fill '#bbbbbb' -opaque black "$tmp/cb.png"
convert "$tmp/cb.png" "$tmp/3.png" -composite "$tmp/3.png"
labels=("0 clamp" "1 wrap" "2 mirror" "3 transparent")
for i in 0 1 2 3; do
  convert "$tmp/$i.png" -background white -fill black -pointsize 16 label:"${labels[$i]}" \
    -gravity center -append "$tmp/l$i.png"
done
montage "$tmp"/l{0,1,2,3}.png -tile 4x1 -geometry +6+6 docs/img/borders.png
echo "wrote docs/img/borders.png"
