#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs test-dialog-translated under Xvfb with LANGUAGE=LANG and that language's catalogue
# compiled from po/LANG.po into a private locale folder (the layout the plug-in binds:
# LANG/LC_MESSAGES/).
# Usage: run-dialog-test.sh SOURCE_ROOT LANG TEST_PROGRAM [ARGS...]
set -eu
usage="usage: run-dialog-test.sh SOURCE_ROOT LANG TEST_PROGRAM [ARGS...]"
src=${1:?$usage}
lang=${2:?$usage}
prog=${3:?$usage}
shift 3

for tool in xvfb-run msgfmt; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool not found"
    exit 0
  fi
done

# gettext ignores LANGUAGE in the plain "C" locale: pick a UTF-8 locale that exists.
loc=
for l in C.UTF-8 C.utf8 "${lang}_${lang^^}.UTF-8" "${lang}_${lang^^}.utf8" en_US.UTF-8 en_US.utf8; do
  if locale -a 2>/dev/null | grep -qx "$l"; then
    loc=$l
    break
  fi
done
if [ -z "$loc" ]; then
  echo "1..0 # SKIP no UTF-8 locale (C.UTF-8 or en_US.UTF-8) is installed"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/locale/$lang/LC_MESSAGES"
msgfmt -o "$tmp/locale/$lang/LC_MESSAGES/gimp20-kcv.mo" "$src/po/$lang.po"

unset LC_ALL LC_MESSAGES
export LANG=$loc LANGUAGE=$lang KCV_LOCALE_DIR=$tmp/locale NO_AT_BRIDGE=1 GDK_BACKEND=x11
status=0
xvfb-run -a -s '-screen 0 1280x1024x24' "$prog" "$@" || status=$?
exit $status
