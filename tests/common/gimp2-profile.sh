# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: sourced by the scripts that run GIMP 2.10 (tests, benchmarks, screenshots).
#
# kcv_gimp2_profile PROFILE PLUGIN-BINARY: a throw-away GIMP 2.10 profile (GIMP2_DIRECTORY)
# holding the folders GIMP would otherwise create and complain about, with the built plug-in
# installed in it as plug-ins/kcv/kcv, with the dialog's module beside it when the build made one.
kcv_gimp2_profile() {
  for d in brushes dynamics fonts gradients palettes patterns scripts templates tool-presets \
           plug-ins/kcv; do
    mkdir -p "$1/$d" || return 1
  done
  cp "$2" "$1/plug-ins/kcv/kcv" || return 1
  kcv_gimp2_dialog_module "$2" "$1/plug-ins/kcv"
}

# kcv_gimp2_dialog_module PLUGIN-BINARY DIR: copies the dialog's module (kcv-dialog-gtk3.so,
# which only the interactive run mode loads) from beside the binary into DIR, if there is one.
kcv_gimp2_dialog_module() {
  if [ -f "$(dirname "$1")/kcv-dialog-gtk3.so" ]; then
    cp "$(dirname "$1")/kcv-dialog-gtk3.so" "$2/"
  fi
}
