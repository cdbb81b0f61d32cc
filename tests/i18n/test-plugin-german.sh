#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv i18n test (TAP): the plug-in, installed in a throw-away GIMP profile with its German
# catalogue in the "locale" folder beside its binary (as scripts/setup.sh and meson install
# put it), answers bad Script-Fu arguments in German when GIMP runs with LANGUAGE=de; and GIMP
# records that catalogue for the menu label and blurbs (pluginrc's locale-def).
# Usage: test-plugin-german.sh SOURCE_ROOT PLUGIN_BINARY
set -u
src=${1:?usage: test-plugin-german.sh SOURCE_ROOT PLUGIN_BINARY}
plugin=${2:?usage: test-plugin-german.sh SOURCE_ROOT PLUGIN_BINARY}
limit=${KCV_GIMP_TIMEOUT:-300}

for tool in gimp-console-2.10 msgfmt timeout; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool not found"
    exit 0
  fi
done
# gettext ignores LANGUAGE in the plain "C" locale.
loc=
for l in C.UTF-8 C.utf8 de_DE.UTF-8 de_DE.utf8 en_US.UTF-8 en_US.utf8; do
  if locale -a 2>/dev/null | grep -qx "$l"; then
    loc=$l
    break
  fi
done
if [ -z "$loc" ]; then
  echo "1..0 # SKIP no UTF-8 locale is installed"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcv-i18n-gimp.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
profile=$tmp/profile
. "$src/tests/common/gimp2-profile.sh"
kcv_gimp2_profile "$profile" "$plugin" || exit 1
mkdir -p "$profile/plug-ins/kcv/locale/de/LC_MESSAGES"
msgfmt -o "$profile/plug-ins/kcv/locale/de/LC_MESSAGES/gimp20-kcv.mo" "$src/po/de.po" || exit 1

# Each call's error text (GIMP's "Procedure execution of ... failed: " and the plug-in's
# message) is printed on a line starting with KCV-I18N.
cat > "$tmp/calls.scm" <<'EOF'
(define (kcv-error-of thunk) (or (kcv-try thunk) "no error"))
(let* ((img (car (gimp-image-new 8 8 RGB)))
       (layer (car (gimp-layer-new img 8 8 RGB-IMAGE "kcv" 100 LAYER-MODE-NORMAL))))
  (gimp-image-insert-layer img layer 0 0)
  (gimp-message (string-append "KCV-I18N width: " (kcv-error-of (lambda ()
    (plug-in-kcv-convolve RUN-NONINTERACTIVE img layer 0 3 3 (make-vector 3 1.0) 0 0 0 0 0 0 0)))))
  (gimp-message (string-append "KCV-I18N file: " (kcv-error-of (lambda ()
    (plug-in-kcv-convolve-file RUN-NONINTERACTIVE img layer "/nonexistent/k.mat" 0 0 0 0 0)))))
  (gimp-image-delete img))
EOF

GIMP2_DIRECTORY=$profile LANG=$loc LANGUAGE=de timeout "$limit" \
  env -u LC_ALL -u LC_MESSAGES -u DISPLAY -u WAYLAND_DISPLAY gimp-console-2.10 -i -d -f -n \
  -b "(begin (load \"$src/tests/common/kcv-checks.scm\") (load \"$tmp/calls.scm\"))" \
  -b '(gimp-quit 0)' > "$tmp/log" 2>&1
status=$?

echo "1..3"
check() { # check N NAME TAG GERMAN ENGLISH
  line=$(grep -m1 "KCV-I18N $3:" "$tmp/log")
  if [ $status = 0 ] && printf '%s' "$line" | grep -qF "$4" && ! printf '%s' "$line" | grep -qF "$5"
  then
    echo "ok $1 $2"
  else
    echo "not ok $1 $2"
    echo "# expected \"$4\" in: ${line:-(no KCV-I18N $3 line; GIMP exit status $status)}"
    sed 's/^/# /' "$tmp/log" | tail -n 20
  fi
}
check 1 /i18n/plugin/german-argument-error width "kernel-width: 0 liegt außerhalb des gültigen" \
  "is out of range"
check 2 /i18n/plugin/german-file-error file "existiert nicht oder ist keine Datei" \
  "does not exist"
# gimp_plugin_domain_register in query: GIMP translates the menu label and blurbs from here.
# shellcheck disable=SC2016 # ${gimp_dir} is pluginrc's own notation, not a shell variable
if grep -q '(locale-def "gimp20-kcv" "${gimp_dir}/plug-ins/kcv/locale")' "$profile/pluginrc" 2>/dev/null
then
  echo "ok 3 /i18n/plugin/domain-registered-beside-binary"
else
  echo "not ok 3 /i18n/plugin/domain-registered-beside-binary"
  grep -n 'locale-def' "$profile/pluginrc" 2>/dev/null | sed 's/^/# /'
fi
