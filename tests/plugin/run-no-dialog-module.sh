#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: RUN-INTERACTIVE with the dialog's module missing from beside the plug-in answers an
# execution error that names the module and says to reinstall; a non-interactive call still
# works without it (it never loads the module).
#
# usage: run-no-dialog-module.sh PLUGIN-BINARY
set -u
. "$(dirname "$0")/../common/gimp2-profile.sh"
plugin=$1
echo "1..2"
if ! command -v gimp-console-2.10 >/dev/null 2>&1; then
  echo "ok 1 # SKIP gimp-console-2.10 is not installed"
  echo "ok 2 # SKIP gimp-console-2.10 is not installed"
  exit 0
fi
checks=$(cd "$(dirname "$0")/../common" && pwd)/kcv-checks.scm
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-no-module.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
kcv_gimp2_profile "$tmp/profile" "$plugin" || exit 1
rm -f "$tmp/profile/plug-ins/kcv/kcv-dialog-gtk3.so"
GIMP2_DIRECTORY=$tmp/profile KCV_NO_WISDOM_HELPER=1 timeout 300 \
  env -u DISPLAY -u WAYLAND_DISPLAY gimp-console-2.10 -i -d -f -n \
  -b "(load \"$checks\")"'
(define (try thunk) (or (kcv-try thunk) "succeeded"))
(let* ((img (car (gimp-image-new 8 8 RGB)))
       (layer (car (gimp-layer-new img 8 8 RGBA-IMAGE "t" 100 LAYER-MODE-NORMAL)))
       (k (vector 0 0 0 0 1 0 0 0 0)))
  (gimp-image-insert-layer img layer 0 0)
  (gimp-message (string-append "KCV-INTERACTIVE: " (try (lambda ()
    (plug-in-kcv-convolve RUN-INTERACTIVE img layer 3 3 9 k 0 0 0 0 0 1 0)))))
  (gimp-message (string-append "KCV-NONINTERACTIVE: " (try (lambda ()
    (plug-in-kcv-convolve RUN-NONINTERACTIVE img layer 3 3 9 k 0 0 0 0 0 1 0))))))' \
  -b '(gimp-quit 0)' >"$tmp/log" 2>&1
if grep "KCV-INTERACTIVE: " "$tmp/log" | grep -q "kcv-dialog-gtk3.so is beside the plug-in"; then
  echo "ok 1 - RUN-INTERACTIVE without the dialog's module answers an error naming it"
else
  echo "not ok 1 - RUN-INTERACTIVE without the dialog's module answers an error naming it"
  sed 's/^/# /' "$tmp/log" | tail -n 15
fi
if grep -q "KCV-NONINTERACTIVE: succeeded" "$tmp/log"; then
  echo "ok 2 - RUN-NONINTERACTIVE works without the dialog's module"
else
  echo "not ok 2 - RUN-NONINTERACTIVE works without the dialog's module"
  sed 's/^/# /' "$tmp/log" | tail -n 15
fi
