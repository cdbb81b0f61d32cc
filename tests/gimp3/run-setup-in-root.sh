#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: scripts/setup.sh as a new user on Debian 13 would run it: in the cached Debian 13 root
# (scripts/gimp3-root.sh), a user with an empty home gets a copy of this checkout and runs
# setup.sh, which builds, installs the GIMP 3 plug-in in the user's profile and runs the main
# job in gimp-console-3.0. TAP: one check.
#
# usage: run-setup-in-root.sh SOURCE-ROOT
set -uo pipefail

src=$(cd "$1" && pwd)
skip() {
  echo "1..0 # SKIP $1"
  exit 0
}
[ "$(id -u)" = 0 ] || skip "the Debian 13 root needs root (mmdebstrap, chroot)"
root=$(bash "$src/scripts/gimp3-root.sh" path) || skip "the Debian 13 root could not be made"

# The minimal root has no useradd: the user is written into passwd and group directly.
user=kcvuser
uid=1500
exec 9>"$root/home/.$user.lock"
flock 9
grep -q "^$user:" "$root/etc/passwd" ||
  echo "$user:x:$uid:$uid:kcv set-up test:/home/$user:/bin/bash" >>"$root/etc/passwd"
grep -q "^$user:" "$root/etc/group" || echo "$user:x:$uid:" >>"$root/etc/group"
rm -rf "${root:?}/home/$user"
mkdir -p "$root/home/$user/kcv"
(cd "$src" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) |
  tar -xf - -C "$root/home/$user/kcv" || skip "could not copy the sources into the root"
chown -R "$uid:$uid" "$root/home/$user"

log=$(mktemp "${TMPDIR:-/tmp}/kcv-setup13.XXXXXX")
trap 'rm -f "$log"' EXIT
bash "$src/scripts/gimp3-root.sh" run setpriv --reuid="$uid" --regid="$uid" --clear-groups \
  env HOME="/home/$user" USER="$user" bash -c 'cd ~/kcv && bash scripts/setup.sh' >"$log" 2>&1
status=$?
out=$root/home/$user/kcv/out/gimp-splash.png
echo "1..1"
if [ "$status" = 0 ] && [ -s "$out" ] &&
  [ -x "$root/home/$user/.config/GIMP/3.0/plug-ins/kcv/kcv" ]; then
  echo "ok 1 - setup.sh as a new user on Debian 13: built, installed the GIMP 3 plug-in, ran the main job"
  grep '^setup:' "$log" | sed 's/^/# /'
else
  echo "not ok 1 - setup.sh as a new user on Debian 13 # exit status $status"
  sed 's/^/# /' "$log" | tail -n 40
fi
