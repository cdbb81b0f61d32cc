#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: batch work without GIMP, as the README shows it: the gegl tool with kcv:convolve on one
# file, then over a folder with xargs -P and with GNU parallel. Every result must equal the
# one-file run of the same image. Reports as TAP.
#
# usage: run-gegl-batch.sh GEGL-MODULE KCV-MAKE-KERNEL
set -u

module=$(realpath "$1")
make_kernel=$(realpath "$2")

for tool in gegl convert compare xargs parallel; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool is not installed"
    exit 0
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-gegl-batch.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export XDG_DATA_HOME=$tmp/share
mkdir -p "$XDG_DATA_HOME/gegl-0.4/plug-ins"
cp "$module" "$XDG_DATA_HOME/gegl-0.4/plug-ins/"
unset GEGL_PATH
# The FFT sizes kcv:convolve plans by estimate would start the kcv plug-in of the user's own
# profile to measure them into its wisdom (tests/gegl/test-gegl-cli.c checks that helper).
export KCV_NO_WISDOM_HELPER=1
cd "$tmp" || exit 1
mkdir photos one xargs parallel

for i in 1 2 3 4; do
  convert -seed "$i" -size 64x48 plasma:fractal "photos/p$i.jpg"
done
convert -seed 5 -size 64x48 plasma:fractal "photos/p5.png"
"$make_kernel" disk 3 disk-7.mat >/dev/null || exit 1

n=0
check() {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; sed 's/^/# /' "$tmp/log"; fi
}

# One file, as in the README.
gegl photos/p1.jpg -o one/p1.jpg -- kcv:convolve kernel-file=disk-7.mat >"$tmp/log" 2>&1
test -s one/p1.jpg && ! grep -q -E "WARNING|Error" "$tmp/log"
check $? "one file: gegl photo.jpg -o out.jpg -- kcv:convolve kernel-file=disk-7.mat"
for f in photos/*; do
  gegl "$f" -o "one/${f#photos/}" -- kcv:convolve kernel-file=disk-7.mat 2>>"$tmp/log"
done

# A folder, two images at a time, one gegl thread each.
cd photos || exit 1
ls | GEGL_THREADS=1 xargs -P 2 -I{} gegl {} -o ../xargs/{} -- kcv:convolve \
  kernel-file=../disk-7.mat >"$tmp/log" 2>&1
check $? "a folder with xargs -P 2"
ls | GEGL_THREADS=1 parallel --will-cite -j 2 gegl {} -o ../parallel/{} -- kcv:convolve \
  kernel-file=../disk-7.mat >"$tmp/log" 2>&1
check $? "a folder with GNU parallel -j 2"
cd .. || exit 1

for way in xargs parallel; do
  bad=0
  for f in photos/*; do
    name=${f#photos/}
    ae=$(compare -metric AE "one/$name" "$way/$name" null: 2>&1) || bad=1
    [ "$ae" = 0 ] || { bad=1; echo "$name differs: $ae" >>"$tmp/log"; }
  done
  check $bad "$way: every result equals the one-file run ($(ls $way | wc -l) images)"
done
echo "1..$n"
