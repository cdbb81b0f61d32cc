/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv GEGL operation: the FFTW wisdom the GIMP plug-ins keep, read once per process. */
#include "kcv-gegl.h"

/* A GIMP profile folder: the one its environment variable names, else the
 * default under the user's configuration folder. */
static gchar *profile_dir(const gchar *env, const gchar *version)
{
  const gchar *dir = g_getenv(env);
  if (dir && dir[0])
    return g_strdup(dir);
  return g_build_filename(g_get_user_config_dir(), "GIMP", version, NULL);
}

/* The operation runs inside GIMP (either version) or the gegl tool, none of
 * which tells it the profile, so it reads the wisdom files both plug-ins
 * write (host/kcv-host-wisdom.c: PROFILE/kcv/fftw-wisdom) when they exist;
 * FFTW merges them. Only read: writing is the plug-ins' job, from one
 * process at a time. Sizes the files lack are planned by FFTW's estimate,
 * in milliseconds, so no render in GIMP waits seconds for FFTW to time its
 * candidates (those transforms run up to 2x slower). */
static gpointer load_once(gpointer unused)
{
  static const gchar *const profiles[][2] = {{"GIMP3_DIRECTORY", "3.0"},
                                             {"GIMP2_DIRECTORY", "2.10"}};
  (void)unused;
  kcv_wisdom_set_planning(KCV_PLANNING_QUICK);
  for (gsize i = 0; i < G_N_ELEMENTS(profiles); i++) {
    gchar *dir = profile_dir(profiles[i][0], profiles[i][1]);
    gchar *path = g_build_filename(dir, "kcv", "fftw-wisdom", NULL);
    /* An unreadable file only costs planning time: nothing to report. */
    if (g_file_test(path, G_FILE_TEST_IS_REGULAR) && kcv_wisdom_import(path) != KCV_OK)
      g_debug("kcv:convolve: could not read FFTW wisdom from %s", path);
    g_free(path);
    g_free(dir);
  }
  return NULL;
}

void kcv_gegl_wisdom_load(void)
{
  static GOnce once = G_ONCE_INIT;
  g_once(&once, load_once, NULL);
}
