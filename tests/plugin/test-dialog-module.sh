#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: the GIMP 2.10 plug-in binary does not link GTK (calls from scripts and Repeat must not
# load it), and the dialog's module beside it finds every symbol it needs in the binary.
#
# usage: test-dialog-module.sh PLUGIN-BINARY DIALOG-MODULE
set -u
plugin=$1
module=$2
echo "1..2"
if ! command -v readelf >/dev/null 2>&1; then
  echo "ok 1 # SKIP readelf (binutils) is not installed"
else
  needed=$(readelf -d "$plugin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  if echo "$needed" | grep -Eq '^lib(gtk|gdk)-3'; then
    echo "not ok 1 - the plug-in binary does not link GTK"
    echo "$needed" | sed 's/^/# needs /'
  else
    echo "ok 1 - the plug-in binary does not link GTK"
  fi
fi
# Preloaded into the binary and bound at once, as the loader opens it: a symbol the module
# needs and the binary does not export stops the process with "symbol lookup error". Under a
# sanitizer its runtime must come first, so the check is left to the GIMP UI suite there.
if ldd "$plugin" 2>/dev/null | grep -Eq 'lib(a|t|ub)san'; then
  echo "ok 2 # SKIP sanitizer build: the GIMP UI suite opens the dialog instead"
  exit 0
fi
out=$(LD_BIND_NOW=1 LD_PRELOAD="$module" "$plugin" 2>&1)
if echo "$out" | grep -q "must be run by GIMP"; then
  echo "ok 2 - the dialog's module binds to the plug-in binary"
else
  echo "not ok 2 - the dialog's module binds to the plug-in binary"
  echo "$out" | sed 's/^/# /'
fi
