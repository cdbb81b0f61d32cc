#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: the instructions one GIMP 2.10 plug-in call executes in the plug-in's process, counted by
# callgrind: deterministic, so builds compare on a machine too busy for wall times.
#
# usage: bench/gimp-callgrind.sh PLUGIN-BINARY CASE [OUT-DIR]
#   CASE: identity (1x1 on 2048x2048 8-bit RGBA plasma), gauss31 (31x31 Gaussian, sigma 5, on
#   the same), k5 and k5linear (gimp-bench.sh's 5x5 kernel on the same, linear=0 and linear=1),
#   disk101 (101x101 disk on GIMP's 1920x1080 splash), as in bench/gimp-bench.sh.
# Prints the call's instruction total and the functions that executed the most; the callgrind
# file stays in OUT-DIR (default: a temporary folder, removed) for callgrind_annotate.
set -u
. "$(dirname "$0")/../tests/common/gimp2-profile.sh"

plugin=${1:?usage: gimp-callgrind.sh PLUGIN-BINARY CASE [OUT-DIR]}
case=${2:?usage: gimp-callgrind.sh PLUGIN-BINARY CASE [OUT-DIR]}
here=$(cd "$(dirname "$0")" && pwd)
splash=/usr/share/gimp/2.0/images/gimp-splash.png
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-gimp-callgrind.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
out=${3:-$tmp/out}
mkdir -p "$out" || exit 1
out=$(cd "$out" && pwd)

# GIMP runs plug-ins/kcv/kcv: a script that runs the real binary (kept outside plug-ins/, where
# GIMP would register it too) under callgrind; the query at start-up is counted apart.
profile=$tmp/profile
kcv_gimp2_profile "$profile" "$plugin" || exit 1
mv "$profile/plug-ins/kcv/kcv" "$tmp/kcv.real"
kcv_gimp2_dialog_module "$plugin" "$tmp"
cat >"$profile/plug-ins/kcv/kcv" <<EOS
#!/bin/sh
case " \$* " in *" -query "*) exec "$tmp/kcv.real" "\$@" ;; esac
exec valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.$case.%p" "$tmp/kcv.real" "\$@"
EOS
chmod +x "$profile/plug-ins/kcv/kcv"

GIMP2_DIRECTORY=$profile KCV_NO_WISDOM_HELPER=1 timeout 1200 \
  env -u DISPLAY -u WAYLAND_DISPLAY gimp-console-2.10 -i -d -f -n \
  -b "(begin (define kcv-callgrind-case \"$case\") (define kcv-bench-splash \"$splash\")
             (define kcv-bench-dir \"$here\") (load \"$here/gimp-callgrind.scm\"))" \
  -b '(gimp-quit 0)' >"$tmp/log" 2>&1
if ! grep -q KCV-CALLGRIND-DONE "$tmp/log"; then
  echo "gimp-callgrind: GIMP did not finish the call:" >&2
  tail -n 30 "$tmp/log" >&2
  exit 1
fi
file=$(ls -t "$out"/callgrind."$case".* | head -n 1)
callgrind_annotate "$file" 2>/dev/null | sed -n '/PROGRAM TOTALS/p; /file:function/,/^$/p' |
  sed -n '1p; 3,14p'
