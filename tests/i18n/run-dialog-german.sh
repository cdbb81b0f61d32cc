#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs test-dialog-german under Xvfb with LANGUAGE=de and the German catalogue compiled from
# po/de.po into a private locale folder (the layout the plug-in binds: LANG/LC_MESSAGES/).
# Usage: run-dialog-german.sh SOURCE_ROOT TEST_PROGRAM [ARGS...]
set -eu
src=${1:?usage: run-dialog-german.sh SOURCE_ROOT TEST_PROGRAM [ARGS...]}
prog=${2:?usage: run-dialog-german.sh SOURCE_ROOT TEST_PROGRAM [ARGS...]}
shift 2

for tool in xvfb-run msgfmt; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool not found"
    exit 0
  fi
done

# gettext ignores LANGUAGE in the plain "C" locale: pick a UTF-8 locale that exists.
loc=
for l in C.UTF-8 C.utf8 de_DE.UTF-8 de_DE.utf8 en_US.UTF-8 en_US.utf8; do
  if locale -a 2>/dev/null | grep -qx "$l"; then
    loc=$l
    break
  fi
done
if [ -z "$loc" ]; then
  echo "1..0 # SKIP no UTF-8 locale (C.UTF-8, de_DE.UTF-8 or en_US.UTF-8) is installed"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/locale/de/LC_MESSAGES"
msgfmt -o "$tmp/locale/de/LC_MESSAGES/gimp20-kcv.mo" "$src/po/de.po"

unset LC_ALL LC_MESSAGES
export LANG=$loc LANGUAGE=de KCV_LOCALE_DIR=$tmp/locale NO_AT_BRIDGE=1 GDK_BACKEND=x11
status=0
xvfb-run -a -s '-screen 0 1280x1024x24' "$prog" "$@" || status=$?
exit $status
