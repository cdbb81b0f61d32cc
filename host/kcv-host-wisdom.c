/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv hosts: FFTW wisdom in the GIMP profile, quick plans during a call, and a background
 * helper that measures the sizes the call planned by estimate (both GIMP hosts).
 *
 * Measuring FFTW's candidates costs 0.1 to 1.5 s per new transform size; a
 * call (or the dialog's first preview) must not pay that. So plans come
 * from the wisdom file when it has the size and are otherwise estimated
 * (milliseconds; those transforms run 1.2x to 2.2x slower), and after the
 * call the plug-in starts itself again as a helper, at low priority and
 * outside GIMP, to measure those sizes into the wisdom file for later calls.
 * A marker file beside the wisdom keeps to one helper at a time. */
#if defined(__linux__)
#define _GNU_SOURCE /* nice(), environ, posix_spawn_file_actions_addclosefrom_np() */
#elif defined(__unix__) || defined(__APPLE__)
#define _XOPEN_SOURCE 700 /* nice() */
#endif
#include "kcv-host-wisdom.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <time.h>
#ifdef G_OS_UNIX
#include <unistd.h>
#else
#include <io.h>
#endif
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
#define KCV_POSIX_SPAWN 1
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#endif

#include "kcv.h"

/* A helper older than this is taken to have died without removing its marker. */
#define KCV_HELPER_STALE_SECONDS 300
#define KCV_MAX_SIZES 16

gchar *kcv_host_wisdom_file(const gchar *profile_dir)
{
  return g_build_filename(profile_dir, "kcv", "fftw-wisdom", NULL);
}

gchar *kcv_host_wisdom_path(const gchar *profile_dir)
{
  gchar *dir = g_build_filename(profile_dir, "kcv", NULL);
  g_mkdir_with_parents(dir, 0700);
  g_free(dir);
  return kcv_host_wisdom_file(profile_dir);
}

void kcv_host_wisdom_load(const gchar *profile_dir)
{
  static gboolean done;
  if (done)
    return;
  done = TRUE;
  kcv_wisdom_set_planning(KCV_PLANNING_QUICK);
  gchar *path = kcv_host_wisdom_path(profile_dir);
  if (g_file_test(path, G_FILE_TEST_EXISTS) && kcv_wisdom_import(path) != KCV_OK)
    g_unlink(path); /* unreadable: the next export rewrites it */
  g_free(path);
}

/* Takes the helper marker; FALSE when a live helper holds it. */
static gboolean take_marker(const gchar *marker)
{
  GStatBuf st;
  if (g_stat(marker, &st) == 0 && time(NULL) - st.st_mtime > KCV_HELPER_STALE_SECONDS)
    g_unlink(marker);
  int fd = g_open(marker, O_CREAT | O_EXCL | O_WRONLY, 0600);
  if (fd < 0)
    return FALSE;
  close(fd);
  return TRUE;
}

#ifdef KCV_POSIX_SPAWN
static gpointer reap(gpointer pid)
{
  waitpid((pid_t)GPOINTER_TO_INT(pid), NULL, 0);
  return NULL;
}

/* posix_spawn, not fork: the GEGL operation starts the helper from GIMP's own process, whose
 * hundreds of MB of page tables a fork copies (docs/gegl.md). The helper gets none of the
 * caller's descriptors, and a thread waits for it so it leaves no zombie. */
static gboolean spawn_argv(gchar **argv)
{
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t none;
  pid_t pid;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_init(&attr);
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none); /* GEGL's threads may block some */
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  int err = posix_spawn(&pid, argv[0], &actions, &attr, argv, environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0)
    return FALSE;
  GThread *waiter = g_thread_try_new("kcv-wisdom-helper", reap, GINT_TO_POINTER(pid), NULL);
  if (waiter)
    g_thread_unref(waiter);
  return TRUE;
}
#else
static gboolean spawn_argv(gchar **argv)
{
  return g_spawn_async(NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL);
}
#endif

/* Starts plugin_exe KCV_HOST_MEASURE_FFT_ARG PATH WxH... The helper's output goes nowhere: GIMP
 * may have quit before it ends. */
static gboolean spawn_helper(const gchar *plugin_exe, const gchar *path, const int *sizes, int n)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(argv, g_strdup(plugin_exe));
  g_ptr_array_add(argv, g_strdup(KCV_HOST_MEASURE_FFT_ARG));
  g_ptr_array_add(argv, g_strdup(path));
  for (int i = 0; i < n; i++)
    g_ptr_array_add(argv, g_strdup_printf("%dx%d", sizes[2 * i], sizes[2 * i + 1]));
  g_ptr_array_add(argv, NULL);
  gboolean ok = spawn_argv((gchar **)argv->pdata);
  g_ptr_array_free(argv, TRUE);
  return ok;
}

const gchar *kcv_host_wisdom_start_helper(const gchar *plugin_exe, const gchar *path,
                                          const int *sizes, int n, gboolean *busy)
{
  if (busy)
    *busy = FALSE;
  if (n < 1)
    return "no helper needed";
  if (!plugin_exe)
    return "no helper: the binary is unknown";
  if (g_getenv("KCV_NO_WISDOM_HELPER"))
    return "no helper: KCV_NO_WISDOM_HELPER is set";
  gchar *marker = g_strconcat(path, ".measuring", NULL);
  const gchar *outcome = "helper started";
  if (!take_marker(marker)) {
    if (busy)
      *busy = TRUE;
    outcome = "no helper: another one is measuring";
  } else if (!spawn_helper(plugin_exe, path, sizes, n)) {
    g_unlink(marker);
    outcome = "no helper: it could not be started";
  }
  g_free(marker);
  return outcome;
}

void kcv_host_wisdom_save(const gchar *profile_dir, const gchar *plugin_exe)
{
  gchar *path = kcv_host_wisdom_path(profile_dir);
  if (kcv_wisdom_export(path) != KCV_OK)
    g_printerr("kcv: could not save FFTW wisdom to %s\n", path);
  int sizes[2 * KCV_MAX_SIZES];
  int n = kcv_wisdom_unmeasured(sizes, KCV_MAX_SIZES);
  kcv_host_wisdom_say(NULL, sizes, n,
                      kcv_host_wisdom_start_helper(plugin_exe, path, sizes, n, NULL));
  g_free(path);
}

void kcv_host_wisdom_say(const gchar *who, const int *sizes, int n, const gchar *outcome)
{
  if (!g_getenv("KCV_VERBOSE"))
    return;
  GString *line = g_string_new("kcv: FFT sizes ");
  if (who)
    g_string_append_printf(line, "%s ", who);
  g_string_append(line, "planned by estimate:");
  for (int i = 0; i < n; i++)
    g_string_append_printf(line, " %dx%d", sizes[2 * i], sizes[2 * i + 1]);
  g_printerr("%s%s (%s)\n", line->str, n ? "" : " none", outcome);
  g_string_free(line, TRUE);
}

/* Imports path; a missing file is a first run, an unreadable one is rewritten by the export. */
static void import_for_helper(const gchar *path)
{
  if (kcv_wisdom_import(path) != KCV_OK && g_file_test(path, G_FILE_TEST_EXISTS))
    g_printerr("kcv: replacing unreadable FFTW wisdom %s\n", path);
}

int kcv_host_wisdom_helper_main(int argc, char **argv)
{
  if (argc < 3) {
    g_printerr("usage: %s %s WISDOM-FILE WIDTHxHEIGHT...\n", argv[0], KCV_HOST_MEASURE_FFT_ARG);
    return 2;
  }
#ifdef G_OS_UNIX
  errno = 0;
  if (nice(10) == -1 && errno != 0)
    g_printerr("kcv: could not lower the helper's priority\n");
#endif
  const gchar *path = argv[2];
  import_for_helper(path);
  int status = 0;
  for (int i = 3; i < argc; i++) {
    int w, h;
    if (sscanf(argv[i], "%dx%d", &w, &h) != 2 || w < 1 || h < 1 || (double)w * h > 1 << 22 ||
        kcv_wisdom_measure(w, h) != KCV_OK) {
      g_printerr("kcv: cannot measure transform size \"%s\"\n", argv[i]);
      status = 1;
    }
  }
  /* Another process may have saved wisdom meanwhile: keep both. */
  import_for_helper(path);
  if (kcv_wisdom_export(path) != KCV_OK)
    status = 1;
  gchar *marker = g_strconcat(path, ".measuring", NULL);
  g_unlink(marker);
  g_free(marker);
  return status;
}
