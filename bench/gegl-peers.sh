#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv:convolve in the gegl tool against vips conv and gmic on one 2048x2048 RGBA image with
# disk kernels of 5x5, 31x31 and 101x101; then images per second over a folder: the gegl tool
# under xargs -P against gimp-console-2.10 running kcv-batch-convolve. Prints markdown tables.
#
# usage: bench/gegl-peers.sh BUILD-DIR [RUNS]   (KCV_BENCH_DEPS=1 scripts/deps.sh installs vips, gmic)
#        KCV_BENCH_PART=peers or batch runs one of the two tables.
#
# Filter time = whole run minus the same run without the filter (same load, same conversion
# to float, same save): the gegl tool and vips cannot time their filter alone. gmic times its
# own convolve (-tic/-toc). Medians of RUNS runs (default 3; 1 for the 101x101 peers, whose
# direct convolution takes minutes).
set -euo pipefail
build=$(realpath "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${2:-3}
peer_limit=${KCV_PEER_LIMIT:-900}
for tool in gegl vips gmic gimp-console-2.10 convert; do
  command -v $tool >/dev/null || { echo "missing $tool (KCV_BENCH_DEPS=1 scripts/deps.sh)"; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-gegl-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME=$tmp/share
mkdir -p "$XDG_DATA_HOME/gegl-0.4/plug-ins"
cp "$build/gegl/kcv-convolve.so" "$XDG_DATA_HOME/gegl-0.4/plug-ins/"
unset GEGL_PATH
cd "$tmp"

convert -seed 1 -size 2048x2048 plasma:fractal -alpha set -channel A -evaluate set 80% +channel \
  -define png:exclude-chunks=all PNG32:in.png
vips copy in.png in.v

now() { date +%s.%N; }
# Seconds a command takes (wall clock).
timed() { local t0; t0=$(now); "$@" >/dev/null 2>&1; echo "$(now) - $t0" | bc; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
repeat() { local n=$1; shift; for _ in $(seq "$n"); do "$@"; done | median; }

gegl_base() { timed gegl in.png -o out.png -- gegl:convert-format "format=R'G'B'A float"; }
gegl_kcv() { timed gegl in.png -o out.png -- kcv:convolve "kernel-file=disk-$1.mat"; }
vips_base() { timed vips cast in.v out.v float; }
vips_conv() { timed timeout "$peer_limit" vips conv in.v out.v "disk-$1.mat" --precision float || true; }
# gmic prints "Elapsed time: 1.234 s" for -toc.
# A run stopped by the time limit counts as the limit (the table then says "> limit").
gmic_conv() {
  local t
  t=$(timeout "$peer_limit" gmic -input in.png -input "disk-$1.dlm" -tic -convolve[0] [1],1 \
    -toc -rm[1] -output out.png 2>&1 | sed -n 's/.*Elapsed time: \([0-9.]*\) s.*/\1/p' || true)
  echo "${t:-$peer_limit}"
}

part=${KCV_BENCH_PART:-all} # all, peers or batch
if [ "$part" != batch ]; then
echo "| kernel | gegl + kcv:convolve filter (s) | vips conv (s) | gmic convolve (s) | gegl total / load+save (s) |"
echo "|---|---|---|---|---|"
gb=$(repeat "$runs" gegl_base)
vb=$(repeat "$runs" vips_base)
for k in 5 31 101; do
  r=$(( (k - 1) / 2 ))
  "$build/tools/kcv-make-kernel" disk "$r" "disk-$k.mat" >/dev/null
  "$build/tools/kcv-make-kernel" disk "$r" "disk-$k.csv" >/dev/null
  cp "disk-$k.csv" "disk-$k.dlm" # G'MIC reads comma-separated rows as .dlm
  peer_runs=$runs
  [ "$k" -ge 101 ] && peer_runs=1
  gt=$(repeat "$runs" gegl_kcv "$k")
  vt=$(repeat "$peer_runs" vips_conv "$k")
  mt=$(repeat "$peer_runs" gmic_conv "$k")
  printf '| %sx%s | %.3f | %.3f | %s | %.3f / %.3f |\n' "$k" "$k" "$(echo "$gt - $gb" | bc)" \
    "$(echo "$vt - $vb" | bc)" "${mt:-n/a}" "$gt" "$gb"
done
fi
[ "$part" = peers ] && exit 0

# Images per second over a folder: N JPEGs of 1920x1080, a 31x31 disk, clamp, auto.
n=${KCV_BATCH_IMAGES:-8}
mkdir -p photos out-gegl out-gegl-seq out-gimp profile/plug-ins/kcv profile/scripts
"$build/tools/kcv-make-kernel" disk 15 disk-31.mat >/dev/null
for i in $(seq "$n"); do
  convert -seed "$i" -size 1920x1080 plasma:fractal -quality 92 "photos/p$i.jpg"
done
cp "$build/plugin/kcv" profile/plug-ins/kcv/kcv
cp "$top/plugin/kcv-batch-convolve.scm" profile/scripts/
for d in brushes dynamics fonts gradients palettes patterns templates tool-presets; do
  mkdir -p "profile/$d"
done
gegl_xargs() {
  (cd photos && ls | GEGL_THREADS=1 xargs -P "$(nproc)" -I{} gegl {} -o ../out-gegl/{} -- \
    kcv:convolve kernel-file=../disk-31.mat)
}
gegl_seq() { for f in photos/*.jpg; do gegl "$f" -o "out-gegl-seq/${f#photos/}" -- \
  kcv:convolve kernel-file=disk-31.mat; done; }
gimp_batch() {
  GIMP2_DIRECTORY=$PWD/profile timeout "$peer_limit" gimp-console-2.10 -i -d -f \
    -b "(kcv-batch-convolve \"$PWD/photos/*.jpg\" \"$PWD/disk-31.mat\" \"$PWD/out-gimp\" 0 0)" \
    -b '(gimp-quit 0)'
}
echo
echo "| $n JPEGs 1920x1080, 31x31 disk | wall (s) | images/s | images written |"
echo "|---|---|---|---|"
for way in gegl_xargs gegl_seq gimp_batch; do
  t=$(repeat 1 timed $way)
  dir=out-${way%%_*}
  [ "$way" = gegl_seq ] && dir=out-gegl-seq
  written=$(ls "$dir" | wc -l)
  printf '| %s | %.2f | %.2f | %d |\n' "$way" "$t" "$(echo "$n / $t" | bc -l)" "$written"
  [ "$written" = "$n" ] || { echo "$way wrote $written of $n images: its time means nothing"; exit 1; }
done
