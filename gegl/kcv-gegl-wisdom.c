/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv GEGL operation: the FFTW wisdom the GIMP plug-ins keep, read once per process, and the
 * plug-in's helper started to measure the sizes the operation planned by estimate. */
#include "kcv-gegl.h"

#include <string.h>

#include "kcv-host-wisdom.h"

/* As many sizes as the core lists (kcv_wisdom_unmeasured keeps the first 256 of a process). */
#define KCV_GEGL_MAX_SIZES 256

typedef struct {
  const gchar *env, *version; /* the variable naming the profile, and its default folder */
} KcvGeglProfile;

static const KcvGeglProfile gimp3_profile = {"GIMP3_DIRECTORY", "3.0"};
static const KcvGeglProfile gimp2_profile = {"GIMP2_DIRECTORY", "2.10"};

/* A GIMP profile folder: the one its environment variable names, else the
 * default under the user's configuration folder. */
static gchar *profile_dir(const KcvGeglProfile *profile)
{
  const gchar *dir = g_getenv(profile->env);
  if (dir && dir[0])
    return g_strdup(dir);
  return g_build_filename(g_get_user_config_dir(), "GIMP", profile->version, NULL);
}

/* The operation runs inside GIMP (either version) or the gegl tool, none of
 * which tells it the profile, so it reads the wisdom files both plug-ins
 * write (host/kcv-host-wisdom.c: PROFILE/kcv/fftw-wisdom) when they exist;
 * FFTW merges them. Only read: writing is the helper's job, from one
 * process at a time. Sizes the files lack are planned by FFTW's estimate,
 * in milliseconds, so no render in GIMP waits seconds for FFTW to time its
 * candidates (those transforms run up to 2x slower). */
static gpointer load_once(gpointer unused)
{
  const KcvGeglProfile *profiles[] = {&gimp3_profile, &gimp2_profile};
  (void)unused;
  kcv_wisdom_set_planning(KCV_PLANNING_QUICK);
  for (gsize i = 0; i < G_N_ELEMENTS(profiles); i++) {
    gchar *dir = profile_dir(profiles[i]);
    gchar *path = kcv_host_wisdom_file(dir);
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

/* GIMP names its process after its binary (gimp-2.10, gimp-console-2.10; gimp-3.0, gimp);
 * the gegl tool and a plain "gimp" of either version say nothing. */
static gboolean running_in_gimp2(void)
{
  const gchar *name = g_get_prgname();
  return name && g_str_has_prefix(name, "gimp") && strstr(name, "2.10");
}

/* The kcv plug-in installed in a profile (both GIMPs: PROFILE/plug-ins/kcv/kcv), with the
 * profile's wisdom file in *wisdom; NULL when none is there to run. */
static gchar *profile_plugin(const KcvGeglProfile *profile, gchar **wisdom)
{
#ifdef G_OS_WIN32
  const gchar *name = "kcv.exe";
#else
  const gchar *name = "kcv";
#endif
  gchar *dir = profile_dir(profile);
  gchar *exe = g_build_filename(dir, "plug-ins", "kcv", name, NULL);
  if (g_file_test(exe, G_FILE_TEST_IS_REGULAR) && g_file_test(exe, G_FILE_TEST_IS_EXECUTABLE)) {
    *wisdom = kcv_host_wisdom_path(dir);
  } else {
    g_free(exe);
    exe = NULL;
  }
  g_free(dir);
  return exe;
}

/* The helper measures into the profile of the GIMP the operation runs in when it can tell,
 * else GIMP 3's, falling back to the other profile when this one has no plug-in. */
static gchar *find_plugin(gchar **wisdom)
{
  const KcvGeglProfile *first = running_in_gimp2() ? &gimp2_profile : &gimp3_profile;
  const KcvGeglProfile *second = first == &gimp3_profile ? &gimp2_profile : &gimp3_profile;
  gchar *exe = profile_plugin(first, wisdom);
  return exe ? exe : profile_plugin(second, wisdom);
}

/* The core lists the sizes planned by estimate in the order met, only ever adding to the list,
 * so the first n_handed of them are those already dealt with (given to a helper, or none could
 * be started for them); a helper busy with others leaves them for a later region. Starting
 * the helper is one posix_spawn, never the measuring itself; a region that finds another
 * thread starting it does not wait. */
void kcv_gegl_wisdom_measure_later(void)
{
  static GMutex lock;
  static int n_handed, n_said_busy;
  int sizes[2 * KCV_GEGL_MAX_SIZES];
  int n = kcv_wisdom_unmeasured(sizes, KCV_GEGL_MAX_SIZES);
  if (!g_mutex_trylock(&lock))
    return;
  if (n > n_handed) {
    gchar *wisdom = NULL;
    gchar *exe = find_plugin(&wisdom);
    gboolean busy = FALSE;
    const gchar *outcome =
        kcv_host_wisdom_start_helper(exe, wisdom, sizes + 2 * n_handed, n - n_handed, &busy);
    /* Once per set of sizes, not for every region that finds the helper busy. */
    if (n != n_said_busy)
      kcv_host_wisdom_say("kcv:convolve", sizes + 2 * n_handed, n - n_handed, outcome);
    n_said_busy = busy ? n : 0;
    if (!busy)
      n_handed = n;
    g_free(exe);
    g_free(wisdom);
  }
  g_mutex_unlock(&lock);
}
