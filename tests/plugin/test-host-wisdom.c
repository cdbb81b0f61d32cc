/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: the hosts' FFTW wisdom scheme (host/kcv-host-wisdom.c), which both GIMP plug-ins
 * use, without GIMP: after an FFT planned by estimate, saving starts the helper with the sizes
 * (here a stand-in script that writes its arguments down), one helper at a time, none with
 * KCV_NO_WISDOM_HELPER set. The real helper is tests/plugin/test-wisdom-helper.sh's. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <utime.h>

#include "kcv-host-wisdom.h"
#include "kcv.h"

static gchar *dir, *profile, *helper, *args_file, *wisdom, *marker;

/* Writes its arguments, one a line, then renames the file: the test never reads half of it. */
static const char helper_script[] = "#!/bin/sh\n"
                                    "printf '%s\\n' \"$@\" >\"$0.args.tmp\" && "
                                    "mv \"$0.args.tmp\" \"$0.args\"\n";

/* The arguments the stand-in helper was started with, waiting up to seconds for them; NULL
 * when it was not started within that time. */
static gchar **helper_args(int seconds)
{
  for (int i = 0; i < 20 * seconds; i++) {
    gchar *text = NULL;
    if (g_file_get_contents(args_file, &text, NULL, NULL)) {
      gchar **lines = g_strsplit(g_strchomp(text), "\n", -1);
      g_free(text);
      return lines;
    }
    g_usleep(50000);
  }
  return NULL;
}

/* An FFT convolution in a process that plans quickly: the size is estimated, not measured. */
static void plan_by_estimate(void)
{
  enum { W = 70, H = 50, K = 9 };
  const gsize n = (gsize)W * H;
  float *src = g_new0(float, n), *dst = g_new0(float, n);
  kcv_image in = {src, W, H, 1, W}, out = {dst, W, H, 1, W};
  kcv_kernel *kernel = kcv_kernel_new(K, K);
  g_assert_nonnull(kernel);
  kernel->data[K * K / 2] = 1.0f;
  kcv_options options;
  kcv_options_init(&options);
  options.method = KCV_METHOD_FFT;
  g_assert_cmpint(kcv_convolve(&in, kernel, &options, NULL, &out, NULL, NULL), ==, KCV_OK);
  kcv_kernel_free(kernel);
  g_free(src);
  g_free(dst);
}

static void test_disabled(void)
{
  g_setenv("KCV_NO_WISDOM_HELPER", "1", TRUE);
  kcv_host_wisdom_save(profile, helper);
  g_unsetenv("KCV_NO_WISDOM_HELPER");
  g_assert_true(g_file_test(wisdom, G_FILE_TEST_EXISTS));
  g_assert_false(g_file_test(marker, G_FILE_TEST_EXISTS));
  gchar **args = helper_args(1);
  g_assert_null(args);
}

static void test_started(void)
{
  kcv_host_wisdom_save(profile, helper);
  g_assert_true(g_file_test(marker, G_FILE_TEST_EXISTS));
  gchar **args = helper_args(10);
  g_assert_nonnull(args);
  g_assert_cmpuint(g_strv_length(args), >=, 3);
  g_assert_cmpstr(args[0], ==, KCV_HOST_MEASURE_FFT_ARG);
  g_assert_cmpstr(args[1], ==, wisdom);
  /* Each a transform size: room for the kernel's reach (8) and at least one output sample. */
  for (int i = 2; args[i]; i++) {
    int w = 0, h = 0;
    g_assert_cmpint(sscanf(args[i], "%dx%d", &w, &h), ==, 2);
    g_assert_cmpint(w, >, 8);
    g_assert_cmpint(h, >, 8);
  }
  g_strfreev(args);
}

/* The stand-in leaves its marker, as a helper still measuring does. */
static void test_one_at_a_time(void)
{
  g_assert_cmpint(g_unlink(args_file), ==, 0);
  kcv_host_wisdom_save(profile, helper);
  gchar **args = helper_args(1);
  g_assert_null(args);
}

/* A marker older than a helper can live is one a helper died with. */
static void test_stale_marker(void)
{
  struct utimbuf old = {0, 0};
  g_assert_cmpint(g_utime(marker, &old), ==, 0);
  kcv_host_wisdom_save(profile, helper);
  gchar **args = helper_args(10);
  g_assert_nonnull(args);
  g_strfreev(args);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  dir = g_dir_make_tmp("kcv-host-wisdom-XXXXXX", NULL);
  g_assert_nonnull(dir);
  profile = g_build_filename(dir, "profile", NULL);
  helper = g_build_filename(dir, "helper", NULL);
  args_file = g_strconcat(helper, ".args", NULL);
  wisdom = g_build_filename(profile, "kcv", "fftw-wisdom", NULL);
  marker = g_strconcat(wisdom, ".measuring", NULL);
  g_assert_true(g_file_set_contents(helper, helper_script, -1, NULL));
  g_assert_cmpint(g_chmod(helper, 0755), ==, 0);
  g_unsetenv("KCV_NO_WISDOM_HELPER");
  kcv_host_wisdom_load(profile);
  plan_by_estimate();

  g_test_add_func("/host/wisdom/no-helper-with-KCV_NO_WISDOM_HELPER", test_disabled);
  g_test_add_func("/host/wisdom/helper-gets-the-estimated-sizes", test_started);
  g_test_add_func("/host/wisdom/one-helper-at-a-time", test_one_at_a_time);
  g_test_add_func("/host/wisdom/stale-marker-taken-over", test_stale_marker);
  int status = g_test_run();
  gchar *rm[] = {"rm", "-rf", dir, NULL};
  g_spawn_sync(NULL, rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  return status;
}
