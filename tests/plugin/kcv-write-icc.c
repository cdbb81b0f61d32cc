/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: writes an Adobe RGB (1998) compatible ICC profile (gamma 2.2, not the sRGB
 * curve) to the file named by argv[1], for the GUI suite's image with a profile of its own. */
#include <libgimp/gimp.h>

int main(int argc, char **argv)
{
  if (argc != 2)
    return 2;
  GimpColorProfile *profile = gimp_color_profile_new_rgb_adobe();
  GFile *file = g_file_new_for_path(argv[1]);
  gboolean ok = profile && gimp_color_profile_save_to_file(profile, file, NULL);
  g_object_unref(file);
  if (profile)
    g_object_unref(profile);
  return ok ? 0 : 1;
}
