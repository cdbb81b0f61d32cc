#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: the same kernels through plug-in-kcv-convolve in gimp-console-2.10 and through the GEGL
# operation kcv:convolve in the gegl tool give the same pixels (within 1 of 255 at 8 bits); and
# GIMP 2.10 loads the operation into its own process (from the per-user GEGL folder) without
# errors. Reports as TAP.
#
# usage: run-gimp-parity.sh PLUGIN-BINARY GEGL-MODULE
set -u
. "$(dirname "$0")/../common/gimp2-profile.sh"

plugin=$1
module=$2
limit=${KCV_GIMP_TIMEOUT:-600}

for tool in gimp-console-2.10 gegl convert python3; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool is not installed"
    exit 0
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-gegl-parity.XXXXXX") || exit 1
trap '[ -n "${KCV_KEEP:-}" ] || rm -rf "$tmp"' EXIT INT TERM

profile=$tmp/profile
kcv_gimp2_profile "$profile" "$plugin" || exit 1
# Where GEGL (in GIMP 2.10, GIMP 3 and the gegl tool) finds a user's operations.
export XDG_DATA_HOME=$tmp/share
mkdir -p "$XDG_DATA_HOME/gegl-0.4/plug-ins"
cp "$module" "$XDG_DATA_HOME/gegl-0.4/plug-ins/"
unset GEGL_PATH
# The FFT sizes kcv:convolve plans by estimate would start the kcv plug-in of the user's own
# profile to measure them into its wisdom (tests/gegl/test-gegl-cli.c checks that helper).
export KCV_NO_WISDOM_HELPER=1
w=$tmp/work
mkdir -p "$w"

# Random pixels (alpha random too), stored as true-colour 8-bit sRGB PNGs. Without gAMA and
# cHRM chunks: GEGL would read those as a gamma-2.2 colour space, GIMP as sRGB.
convert -seed 11 -size 97x61 xc:none -alpha set -channel RGBA +noise Random \
  -define png:exclude-chunks=all -define png:color-type=6 "PNG32:$w/rgba.png"
convert -seed 12 -size 83x67 xc:gray +noise Random -alpha off \
  -define png:exclude-chunks=all -define png:color-type=2 "PNG24:$w/rgb.png"

# Kernels: non-square, signed, fixed by a seed. Each case line:
# name image kw kh border(0..3) linear divisor offset
cases='clamp-perceptual rgba 7 4 0 0 0 0
wrap-linear rgba 5 9 1 1 0 0
mirror-perceptual rgb 6 3 2 0 0 0
transparent-linear rgb 3 5 3 1 0 0
mirror-offset rgba 4 4 2 0 2.5 0.25
clamp-large rgb 31 17 0 0 0 0'
borders='clamp wrap mirror transparent'

scm=$tmp/cases.scm
: >"$scm"
echo "$cases" | while read -r name img kw kh border linear divisor offset; do
  weights=$(awk -v n=$((kw * kh)) -v s="$kw$kh$border" 'BEGIN { srand(s);
    for (i = 0; i < n; i++) printf "%s%.6f", (i ? " " : ""), (i % 3 == 0 ? 1.5 : 0) + rand() - 0.4 }')
  gmic=$(echo "$weights" | awk -v kw="$kw" '{ s = "("; for (i = 1; i <= NF; i++)
    s = s $i (i == NF ? ")" : (i % kw == 0 ? ";" : ",")); print s }')
  bname=$(echo "$borders" | cut -d' ' -f$((border + 1)))
  lin=false
  [ "$linear" = 1 ] && lin=true
  gegl "$w/$img.png" -o "$w/$name-gegl.png" -- kcv:convolve "kernel=$gmic" "divisor=$divisor" \
    "offset=$offset" "border=$bname" "linear=$lin" alpha-weighting=true >"$w/$name-gegl.log" 2>&1
  cat >>"$scm" <<SCM
(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE "$w/$img.png" "$img.png")))
       (layer (car (gimp-image-get-active-drawable img))))
  (plug-in-kcv-convolve RUN-NONINTERACTIVE img layer $kw $kh $((kw * kh)) #($weights)
                        $divisor $offset $border 0 0 1 $linear)
  (file-png-save2 RUN-NONINTERACTIVE img layer "$w/$name-gimp.png" "$name-gimp.png"
                  0 9 0 0 0 0 0 0 1)
  (gimp-image-delete img))
SCM
done

# The loader's log (one file per process) says whether GIMP's own process, not only its
# plug-ins' processes (which load GEGL's modules too), loaded the operation's module.
LD_DEBUG=files LD_DEBUG_OUTPUT=$tmp/ld GIMP2_DIRECTORY=$profile timeout "$limit" \
  env -u DISPLAY -u WAYLAND_DISPLAY gimp-console-2.10 -i -d -f -n \
  -b "(load \"$scm\")" -b '(gimp-quit 0)' >"$tmp/log" 2>&1
status=$?
gimp_ld=$(grep -l "initialize program: gimp-console-2.10" "$tmp"/ld.* 2>/dev/null | head -n 1)

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; [ -f "${2:-}" ] && sed 's/^/# /' "$2" | tail -n 20; }
# In the per-case loop (a subshell) the numbers are put in afterwards.
case_ok() { echo "ok - $1"; }
case_not_ok() { echo "not ok - $1"; sed 's/^/# /' "$2"; }

if [ "$status" = 0 ]; then ok "gimp-console ran the plug-in cases and quit cleanly"
else not_ok "gimp-console ran the plug-in cases and quit cleanly # exit status $status" "$tmp/log"; fi
if [ -n "$gimp_ld" ] && grep -q "calling init: .*kcv-convolve.so" "$gimp_ld"; then
  ok "GIMP 2.10's own process loaded kcv-convolve.so from \$XDG_DATA_HOME/gegl-0.4/plug-ins"
else
  not_ok "GIMP 2.10's own process loaded kcv-convolve.so from \$XDG_DATA_HOME/gegl-0.4/plug-ins"
fi
if grep -i -E "kcv-convolve|module.*(error|fail)|GEGL-WARNING|kcv-WARNING" "$tmp/log" >"$tmp/errs"; then
  not_ok "GIMP's log has no module load error or kcv warning" "$tmp/errs"
else
  ok "GIMP's log has no module load error or kcv warning"
fi

echo "$cases" | while read -r name img rest; do
  for side in gimp gegl; do
    convert "$w/$name-$side.png" -depth 8 "rgba:$w/$name-$side.raw" 2>/dev/null
  done
  # Colour is compared where both alphas are non-zero (a fully transparent pixel's colour is
  # not part of the image); alpha everywhere.
  if python3 - "$w/$name-gimp.raw" "$w/$name-gegl.raw" >"$w/$name.cmp" 2>&1 <<'PY'
import sys
a = open(sys.argv[1], "rb").read()
b = open(sys.argv[2], "rb").read()
if len(a) != len(b) or not a:
    sys.exit(f"sizes differ: {len(a)} and {len(b)} bytes")
worst, at = 0, 0
for i in range(0, len(a), 4):
    chans = range(4) if a[i + 3] and b[i + 3] else (3,)
    for c in chans:
        d = abs(a[i + c] - b[i + c])
        if d > worst:
            worst, at = d, i + c
print(f"worst difference {worst}/255 at pixel {at // 4} channel {at % 4}")
sys.exit(0 if worst <= 1 else 1)
PY
  then case_ok "$name: plug-in and operation within 1/255 ($(cat "$w/$name.cmp"))"
  else case_not_ok "$name: plug-in and operation within 1/255" "$w/$name.cmp"; fi
done >"$tmp/tap-cases"
# The loop ran in a subshell: its checks are numbered here.
awk -v n="$n" '/^(not )?ok - / { n++; sub(/ok - /, "ok " n " - ") } { print }' "$tmp/tap-cases"
echo "1..$((n + $(grep -c -E '^(not )?ok - ' "$tmp/tap-cases")))"
