# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: sourced by the GIMP 3 benchmarks (bash, from the checkout's top folder, as root): copies
# this checkout into the cached Debian 13 root (scripts/gimp3-root.sh) and builds the GIMP 3
# plug-in and kcv:convolve there, incrementally. Sets root (the root's path), job (this
# checkout's folder inside it: src/, build/) and the function in_root CMD ARGS...
root=$(bash scripts/gimp3-root.sh path)
key=$(printf '%s' "$PWD" | md5sum | cut -c1-12)
job=/kcv/$key
mkdir -p "$root$job"
rm -rf "$root$job/src"
mkdir -p "$root$job/src"
git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$root$job/src"
in_root() { bash scripts/gimp3-root.sh run "$@"; }
[ -f "$root$job/build/build.ninja" ] ||
  in_root meson setup "$job/build" "$job/src" --buildtype=release -Dtests=disabled \
    -Dplugin=disabled -Dplugin3=enabled >/dev/null
in_root ninja -C "$job/build" gimp3/kcv gegl/kcv-convolve.so >/dev/null
