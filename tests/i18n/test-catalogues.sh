#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv i18n tests (TAP): every shipped catalogue compiles, translates every string of a template
# regenerated from the sources (nothing untranslated or fuzzy), POTFILES lists every file with
# marked strings, and the build puts each catalogue where scripts/setup.sh looks for it.
# Usage: test-catalogues.sh SOURCE_ROOT [BUILD_ROOT]
set -u
src=${1:?usage: test-catalogues.sh SOURCE_ROOT [BUILD_ROOT]}
build=${2:-}
domain=gimp20-kcv

for tool in msgfmt xgettext msgmerge msgattrib; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool not found (Debian package gettext)"
    exit 0
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

langs=$(sed -e 's/#.*//' "$src/po/LINGUAS" | tr -s ' \t' '\n' | grep -v '^$')
nlangs=$(echo "$langs" | wc -l)
# per language: compiles, complete, built; then template, potfiles-listed, potfiles-exist,
# installs-beside-plugin
echo "1..$((3 * nlangs + 4))"
n=0
result() { # result OK|FAIL NAME [SKIP-REASON]
  n=$((n + 1))
  if [ "$1" = SKIP ]; then
    echo "ok $n $2 # SKIP $3"
  elif [ "$1" = OK ]; then
    echo "ok $n $2"
  else
    echo "not ok $n $2"
  fi
}
diag() { sed 's/^/# /'; }

# The same keywords as po/meson.build: the glib preset's, then the project's own.
# shellcheck disable=SC2054 # the commas belong to xgettext's keyword syntax
keywords=(--keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2
          --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3)
while read -r k; do keywords+=("$k"); done < <(grep -o "'--keyword=[^']*'" "$src/po/meson.build" | tr -d "'")
xgettext_args=(--from-code=UTF-8 --add-comments "${keywords[@]}" --flag=g_strdup_printf:1:c-format
               --flag=N_:1:pass-c-format "--package-name=$domain")

# The template as the sources are now (what `meson compile gimp20-kcv-pot` would write).
grep -v '^[[:space:]]*\(#\|$\)' "$src/po/POTFILES" > "$tmp/POTFILES"
if (cd "$src" && xgettext "${xgettext_args[@]}" --files-from="$tmp/POTFILES" -o "$tmp/$domain.pot") \
  2> "$tmp/xgettext.err"; then
  template=OK
  echo "# template: $(grep -c '^msgid ' "$tmp/$domain.pot") entries (with the header)"
else
  template=FAIL
  diag < "$tmp/xgettext.err"
fi

for lang in $langs; do
  po="$src/po/$lang.po"
  if msgfmt --check -o /dev/null "$po" 2> "$tmp/check.err"; then
    result OK "/i18n/po/$lang/compiles"
  else
    diag < "$tmp/check.err"
    result FAIL "/i18n/po/$lang/compiles"
  fi

  if [ "$template" != OK ]; then
    result FAIL "/i18n/po/$lang/complete"
  elif ! msgmerge --quiet -o "$tmp/$lang.po" "$po" "$tmp/$domain.pot" 2> "$tmp/merge.err"; then
    diag < "$tmp/merge.err"
    result FAIL "/i18n/po/$lang/complete"
  else
    stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
    echo "# $lang: $stats"
    msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$lang.po" | grep '^msgid "[^"]' \
      | sed 's/^msgid /untranslated: /' > "$tmp/missing"
    msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/$lang.po" | grep '^msgid "[^"]' \
      | sed 's/^msgid /fuzzy: /' >> "$tmp/missing"
    if [ -s "$tmp/missing" ]; then
      echo "# $lang.po lacks $(wc -l < "$tmp/missing") strings of the current sources" \
        "(update: meson compile -C BUILD $domain-update-po, then translate):"
      diag < "$tmp/missing"
      result FAIL "/i18n/po/$lang/complete"
    else
      result OK "/i18n/po/$lang/complete"
    fi
  fi

  if [ -z "$build" ] || [ ! -d "$build/po" ]; then
    result SKIP "/i18n/po/$lang/built-where-setup-looks" "no po/ in the build directory"
  elif [ -f "$build/po/$lang/LC_MESSAGES/$domain.mo" ]; then
    result OK "/i18n/po/$lang/built-where-setup-looks"
  else
    echo "# $build/po/$lang/LC_MESSAGES/$domain.mo is missing; found:"
    find "$build/po" -name '*.mo' | diag
    result FAIL "/i18n/po/$lang/built-where-setup-looks"
  fi
done

result "$template" "/i18n/potfiles/template-generates"

# Every plugin/, gimp3/, host/, ui/ and core/ file with a marked string is in POTFILES: ask xgettext which
# files give messages, over all of them.
(cd "$src" && ls plugin/*.[ch] gimp3/*.[ch] host/*.[ch] ui/*.[ch] ui/*/*.[ch] core/*/*.[ch] 2>/dev/null) > "$tmp/all"
if (cd "$src" && xgettext "${xgettext_args[@]}" --files-from="$tmp/all" -o "$tmp/all.pot") \
  2> "$tmp/all.err"; then
  grep '^#: ' "$tmp/all.pot" | tr ' ' '\n' | grep ':[0-9][0-9]*$' | sed 's/:[0-9]*$//' | sort -u \
    > "$tmp/with-strings"
  sort -u "$tmp/POTFILES" > "$tmp/listed"
  comm -23 "$tmp/with-strings" "$tmp/listed" > "$tmp/unlisted"
  if [ -s "$tmp/unlisted" ]; then
    echo "# files with translatable strings missing from po/POTFILES:"
    diag < "$tmp/unlisted"
    result FAIL "/i18n/potfiles/lists-every-marked-file"
  else
    result OK "/i18n/potfiles/lists-every-marked-file"
  fi
else
  diag < "$tmp/all.err"
  result FAIL "/i18n/potfiles/lists-every-marked-file"
fi

missing_files=0
while read -r f; do
  if [ ! -f "$src/$f" ]; then
    echo "# po/POTFILES names $f, which does not exist"
    missing_files=1
  fi
done < "$tmp/POTFILES"
result "$([ $missing_files = 0 ] && echo OK || echo FAIL)" "/i18n/potfiles/every-entry-exists"

# meson install puts each catalogue in the "locale" folder beside the installed plug-in, where
# the plug-in binds its domain (wherever the prefix sends the plug-in).
installed=${build:+$build/meson-info/intro-installed.json}
# shellcheck disable=SC2086 # $langs: one argument per language
if [ -z "$installed" ] || [ ! -f "$installed" ] || ! command -v python3 >/dev/null 2>&1; then
  result SKIP "/i18n/po/installs-beside-plugin" "no build directory or no python3"
elif python3 - "$installed" "$domain" $langs > "$tmp/installed" 2>&1 <<'PY'
import json, os, sys
plan, domain, langs = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3:]
plugins = [dst for dst in plan.values() if os.path.basename(dst) == "kcv" and "/plug-ins/" in dst]
if not plugins:
    print("no plug-in in the install plan (plug-in not built): nothing to check")
    sys.exit(0)
want = {os.path.join(os.path.dirname(plugins[0]), "locale", l, "LC_MESSAGES", domain + ".mo")
        for l in langs}
got = set(plan.values())
for w in sorted(want - got):
    print("not installed: " + w)
for g in sorted(x for x in got if x.endswith(domain + ".mo") and x not in want):
    print("installed elsewhere: " + g)
sys.exit(1 if want - got else 0)
PY
then
  diag < "$tmp/installed"
  result OK "/i18n/po/installs-beside-plugin"
else
  diag < "$tmp/installed"
  result FAIL "/i18n/po/installs-beside-plugin"
fi
