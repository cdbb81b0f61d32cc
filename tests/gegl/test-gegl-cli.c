/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: the gegl command-line tool running kcv:convolve, against the float64 reference. */
#include <gegl.h>
#include <glib/gstdio.h>
#include <sys/wait.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>

#include "kcv-kernel-io.h"
#include "kcv-test.h"

/* Set by main: the folder given as XDG_DATA_HOME to the gegl tool, holding
 * gegl-0.4/plug-ins/kcv-convolve.so as a user install does. */
static gchar *data_home;
static gchar *work_dir;
/* The GIMP 3 and 2.10 profiles the operation is told of: empty folders of
 * this test's own, so no render starts a plug-in from the user's profile. */
static gchar *profile3, *profile2;

/* Runs the gegl tool; TRUE when it exited normally (any status), with its
 * standard error in *err (may be NULL). chunk: GEGL_CHUNK_SIZE, 0 default;
 * env: NAME=VALUE settings added (NULL: none). */
static gboolean run_gegl_env(const gchar *const *args, gint chunk, const gchar *const *env_add,
                             gchar **err)
{
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, "gegl");
  for (gint i = 0; args[i]; i++)
    g_ptr_array_add(argv, (gpointer)args[i]);
  g_ptr_array_add(argv, NULL);
  gchar **env = g_get_environ();
  env = g_environ_setenv(env, "XDG_DATA_HOME", data_home, TRUE);
  env = g_environ_setenv(env, "GIMP3_DIRECTORY", profile3, TRUE);
  env = g_environ_setenv(env, "GIMP2_DIRECTORY", profile2, TRUE);
  env = g_environ_unsetenv(env, "GEGL_PATH");
  env = g_environ_unsetenv(env, "KCV_NO_WISDOM_HELPER");
  if (chunk > 0) {
    gchar *v = g_strdup_printf("%d", chunk);
    env = g_environ_setenv(env, "GEGL_CHUNK_SIZE", v, TRUE);
    g_free(v);
  }
  for (gint i = 0; env_add && env_add[i]; i++) {
    gchar **pair = g_strsplit(env_add[i], "=", 2);
    env = g_environ_setenv(env, pair[0], pair[1], TRUE);
    g_strfreev(pair);
  }
  gint status = 0;
  gchar *stderr_text = NULL;
  GError *error = NULL;
  gboolean ran = g_spawn_sync(work_dir, (gchar **)argv->pdata, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                              NULL, &stderr_text, &status, &error);
  g_assert_no_error(error);
  g_ptr_array_free(argv, TRUE);
  g_strfreev(env);
  if (err)
    *err = stderr_text;
  else
    g_free(stderr_text);
  return ran && WIFEXITED(status);
}

static gboolean run_gegl(const gchar *const *args, gint chunk, gchar **err)
{
  return run_gegl_env(args, chunk, NULL, err);
}

/* The format kcv:convolve works in for an RGB image (the plug-in's). */
static const Babl *work_format(gboolean alpha, gboolean linear)
{
  return babl_format(linear ? (alpha ? "RGBA float" : "RGB float")
                            : (alpha ? "R'G'B'A float" : "R'G'B' float"));
}

/* Writes a w x h image of random perceptual values to path in a file
 * format of the given depth: "u8" and "u16" as PNG, "float" as TIFF. */
static void write_input(const gchar *path, gint w, gint h, const gchar *depth, gboolean alpha,
                        guint32 seed)
{
  gchar *name = g_strdup_printf("%s %s", alpha ? "R'G'B'A" : "R'G'B'", depth);
  GeglBuffer *buffer = gegl_buffer_new(GEGL_RECTANGLE(0, 0, w, h), babl_format(name));
  gint ch = alpha ? 4 : 3;
  KcvTestImage *img = kcv_test_image_random(w, h, ch, 0, seed, 0.0f, 1.0f);
  gegl_buffer_set(buffer, NULL, 0, work_format(alpha, FALSE), img->view.data, GEGL_AUTO_ROWSTRIDE);
  GeglNode *graph = gegl_node_new();
  GeglNode *src =
      gegl_node_new_child(graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
  GeglNode *save =
      strcmp(depth, "float") == 0
          ? gegl_node_new_child(graph, "operation", "gegl:tiff-save", "path", path, NULL)
          : gegl_node_new_child(graph, "operation", "gegl:png-save", "path", path, "bitdepth",
                                strcmp(depth, "u8") == 0 ? 8 : 16, NULL);
  gegl_node_link(src, save);
  gegl_node_process(save);
  g_object_unref(graph);
  g_object_unref(buffer);
  kcv_test_image_free(img);
  g_free(name);
}

/* The pixels of an image file in format (ch components), as the gegl tool
 * loads them; NULL when the file does not exist. */
static KcvTestImage *read_file(const gchar *path, const Babl *format)
{
  if (!g_file_test(path, G_FILE_TEST_EXISTS))
    return NULL;
  GeglNode *graph = gegl_node_new();
  GeglNode *load = gegl_node_new_child(graph, "operation", "gegl:load", "path", path, NULL);
  GeglRectangle r = gegl_node_get_bounding_box(load);
  KcvTestImage *img =
      kcv_test_image_new(r.width, r.height, babl_format_get_n_components(format), 0);
  gegl_node_blit(load, 1.0, &r, format, img->view.data, GEGL_AUTO_ROWSTRIDE, GEGL_BLIT_DEFAULT);
  g_object_unref(graph);
  return img;
}

static const gchar *border_nick(kcv_border border)
{
  static const gchar *nicks[] = {"clamp", "wrap", "mirror", "transparent"};
  return nicks[border];
}

typedef struct {
  const gchar *depth; /* "u8", "u16", "float" */
  gboolean alpha, linear;
  kcv_border border;
  gint kw, kh;
  kcv_kernel_format form; /* how the kernel is given: text (GMIC, IMAGEJ) or a file */
  const gchar *method;
  double divisor, offset;
} Case;

/* The kernel=... or kernel-file=... argument for a kernel in a form. */
static gchar *kernel_arg(const kcv_kernel *k, kcv_kernel_format form, const gchar *stem)
{
  gchar *text = kcv_kernel_file_to_text(k, form, 0.0, 0.0);
  g_assert_nonnull(text);
  gchar *arg;
  if (form == KCV_KERNEL_FORMAT_GMIC || form == KCV_KERNEL_FORMAT_IMAGEJ) {
    arg = g_strdup_printf("kernel=%s", text);
  } else {
    gchar *path = g_strdup_printf("%s/%s%s", work_dir, stem, kcv_kernel_format_extension(form));
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    arg = g_strdup_printf("kernel-file=%s", path);
    g_free(path);
  }
  g_free(text);
  return arg;
}

/* Runs the gegl tool on in with kcv:convolve and the case's options into a
 * float TIFF (no rounding of the result); returns its pixels. */
static KcvTestImage *run_case(const Case *c, const gchar *in, const gchar *kernel, gint chunk,
                              const gchar *out_name)
{
  gchar *out = g_build_filename(work_dir, out_name, NULL);
  gchar *divisor = g_strdup_printf("divisor=%.17g", c->divisor);
  gchar *offset = g_strdup_printf("offset=%.17g", c->offset);
  gchar *border = g_strdup_printf("border=%s", border_nick(c->border));
  gchar *method = g_strdup_printf("method=%s", c->method ? c->method : "auto");
  const gchar *args[] = {in,
                         "-o",
                         out,
                         "--",
                         "kcv:convolve",
                         kernel,
                         divisor,
                         offset,
                         border,
                         method,
                         c->linear ? "linear=true" : "linear=false",
                         "alpha-weighting=true",
                         NULL};
  g_remove(out);
  gchar *err = NULL;
  g_assert_true(run_gegl(args, chunk, &err));
  KcvTestImage *got = read_file(out, work_format(c->alpha, c->linear));
  if (!got)
    g_test_message("gegl wrote nothing; it said: %s", err);
  g_assert_nonnull(got);
  g_free(err);
  g_free(out);
  g_free(divisor);
  g_free(offset);
  g_free(border);
  g_free(method);
  return got;
}

/* The case on a w x h image against the float64 reference. */
static void check_case(const Case *c, gint w, gint h)
{
  guint32 seed = g_str_hash(g_test_get_path());
  const gchar *ext = strcmp(c->depth, "float") == 0 ? ".tif" : ".png";
  gchar *in = g_strdup_printf("%s/in-%08x%s", work_dir, seed, ext);
  write_input(in, w, h, c->depth, c->alpha, seed);
  kcv_kernel *k = kcv_test_kernel_random(c->kw, c->kh, seed + 1);
  gchar *stem = g_strdup_printf("k-%08x", seed);
  gchar *kernel = kernel_arg(k, c->form, stem);
  gchar *out_name = g_strdup_printf("out-%08x.tif", seed);

  KcvTestImage *got = run_case(c, in, kernel, 0, out_name);
  KcvTestImage *src = read_file(in, work_format(c->alpha, c->linear));
  KcvTestImage *want = kcv_test_image_new(w, h, c->alpha ? 4 : 3, 0);
  kcv_options opt;
  kcv_options_init(&opt);
  opt.border = c->border;
  opt.divisor = c->divisor;
  opt.offset = c->offset;
  opt.alpha_weighting = c->alpha;
  kcv_test_reference(&src->view, k, &opt, NULL, &want->view);
  g_assert_cmpint(got->view.width, ==, w);
  g_assert_cmpint(got->view.height, ==, h);
  kcv_test_assert_close(&got->view, &want->view, 1e-5, 1e-4, g_test_get_path());

  kcv_test_image_free(got);
  kcv_test_image_free(src);
  kcv_test_image_free(want);
  kcv_kernel_free(k);
  g_free(in);
  g_free(stem);
  g_free(kernel);
  g_free(out_name);
}

static void test_reference(gconstpointer data)
{
  check_case(data, 61, 43);
}

/* An image taller than the bands of rows the operation renders a region in
 * (64 rows for these kernels): the rows beside each seam match the
 * reference as the rest do. */
static void test_bands(gconstpointer data)
{
  check_case(data, 53, 301);
}

/* The same image through small and large GEGL chunks (and the default):
 * every result matches the reference, and they match each other to float
 * rounding (the method is the same for every chunk; FFT tiles differ). */
static void test_chunks(void)
{
  const Case c = {"u8",   TRUE, FALSE, KCV_BORDER_WRAP, 23, 15, KCV_KERNEL_FORMAT_MAT,
                  "auto", 0.0,  0.0};
  const gint w = 301, h = 203;
  gchar *in = g_strdup_printf("%s/chunks.png", work_dir);
  write_input(in, w, h, "u8", TRUE, 77);
  kcv_kernel *k = kcv_test_kernel_random(c.kw, c.kh, 78);
  gchar *kernel = kernel_arg(k, c.form, "chunks");
  KcvTestImage *src = read_file(in, work_format(TRUE, FALSE));
  KcvTestImage *want = kcv_test_image_new(w, h, 4, 0);
  kcv_options opt;
  kcv_options_init(&opt);
  opt.border = c.border;
  opt.alpha_weighting = TRUE;
  kcv_test_reference(&src->view, k, &opt, NULL, &want->view);

  const gint chunks[] = {0, 1000, 4096, 1 << 24};
  KcvTestImage *first = NULL;
  for (guint i = 0; i < G_N_ELEMENTS(chunks); i++) {
    gchar *name = g_strdup_printf("chunks-%d.tif", chunks[i]);
    KcvTestImage *got = run_case(&c, in, kernel, chunks[i], name);
    kcv_test_assert_close(&got->view, &want->view, 1e-5, 1e-4, name);
    if (!first) {
      first = got;
    } else {
      kcv_test_assert_close(&got->view, &first->view, 1e-6, 1e-5, name);
      kcv_test_image_free(got);
    }
    g_free(name);
  }
  kcv_test_image_free(first);
  kcv_test_image_free(src);
  kcv_test_image_free(want);
  kcv_kernel_free(k);
  g_free(kernel);
  g_free(in);
}

/* A zero-sum kernel (a Laplacian, offset 0.5) on an image with alpha: the
 * colours are convolved and alpha is left as it was, as the plug-ins do by
 * default (kcv.h, kcv_kernel_default_channel_mask). */
static void test_zero_sum_alpha(void)
{
  static const float lap[9] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
  const Case c = {"float", TRUE, FALSE, KCV_BORDER_CLAMP, 3, 3, KCV_KERNEL_FORMAT_GMIC,
                  "auto",  0.0,  0.5};
  const gint w = 37, h = 29;
  gchar *in = g_strdup_printf("%s/zero-sum-in.tif", work_dir);
  write_input(in, w, h, c.depth, TRUE, 41);
  kcv_kernel *k = kcv_kernel_new_from_data(3, 3, lap);
  gchar *kernel = kernel_arg(k, c.form, NULL);
  KcvTestImage *got = run_case(&c, in, kernel, 0, "zero-sum-out.tif");
  KcvTestImage *src = read_file(in, work_format(TRUE, FALSE));
  KcvTestImage *want = kcv_test_image_new(w, h, 4, 0);
  kcv_options opt;
  kcv_options_init(&opt);
  opt.offset = c.offset;
  opt.alpha_weighting = TRUE;
  opt.channel_mask = 1 | 2 | 4; /* red, green, blue; alpha copied */
  kcv_test_reference(&src->view, k, &opt, NULL, &want->view);
  kcv_test_assert_close(&got->view, &want->view, 1e-5, 1e-4, g_test_get_path());
  for (gint i = 0; i < w * h; i++)
    g_assert_cmpfloat(got->view.data[4 * i + 3], ==, src->view.data[4 * i + 3]);
  kcv_test_image_free(got);
  kcv_test_image_free(src);
  kcv_test_image_free(want);
  kcv_kernel_free(k);
  g_free(kernel);
  g_free(in);
}

/* Runs kcv:convolve with kernel (and extra, may be NULL) and checks the
 * image passed through unchanged (in GIMP a merged filter keeps its
 * pixels); returns the tool's standard error. */
static gchar *run_passing_through(const gchar *kernel, const gchar *extra)
{
  gchar *in = g_strdup_printf("%s/bad-in.png", work_dir);
  gchar *out = g_strdup_printf("%s/bad-out.png", work_dir);
  write_input(in, 16, 9, "u8", FALSE, 5);
  g_remove(out);
  const gchar *args[] = {in, "-o", out, "--", "kcv:convolve", kernel, extra, NULL};
  gchar *err = NULL;
  g_assert_true(run_gegl(args, 0, &err));
  KcvTestImage *want = read_file(in, work_format(FALSE, FALSE));
  KcvTestImage *got = read_file(out, work_format(FALSE, FALSE));
  g_assert_nonnull(got);
  g_assert_cmpint(got->view.width, ==, want->view.width);
  g_assert_cmpint(got->view.height, ==, want->view.height);
  g_assert_cmpmem(got->view.data, 16 * 9 * 3 * sizeof(float), want->view.data,
                  16 * 9 * 3 * sizeof(float));
  kcv_test_image_free(got);
  kcv_test_image_free(want);
  g_free(in);
  g_free(out);
  return err;
}

/* A bad kernel: the tool prints why and does not crash, and the image
 * passes through unchanged. */
static void check_refused(const gchar *kernel, const gchar *extra, const gchar *expect)
{
  gchar *err = run_passing_through(kernel, extra);
  if (!strstr(err, expect))
    g_test_message("expected \"%s\" in: %s", expect, err);
  g_assert_nonnull(strstr(err, expect));
  g_free(err);
}

/* No kernel yet is the state GIMP 3 creates every filter in: the image
 * passes through, and nothing is printed (a warning each time a filter is
 * made would bury the real ones). */
static void test_no_kernel_quiet(void)
{
  const gchar *empty[] = {"kernel=", "kernel-file=", NULL};
  for (gint i = 0; empty[i]; i++) {
    gchar *err = run_passing_through(empty[i], NULL);
    if (strstr(err, "kcv:convolve"))
      g_test_message("%s printed: %s", empty[i], err);
    g_assert_null(strstr(err, "kcv:convolve"));
    g_free(err);
  }
}

static void test_bad_kernel(void)
{
  check_refused("kernel=(1,2,1;2,4;1,2,1)", NULL,
                "kernel: line 1: this row has 2 numbers but the row on line 1 has 3");
  check_refused("kernel=1 2 x", NULL, "kernel: line 1");
  check_refused("kernel-file=/nonexistent/k.mat", NULL,
                "kernel-file: \"/nonexistent/k.mat\" does not exist or is not a file");
  gchar *ragged = g_build_filename(work_dir, "ragged.txt", NULL);
  g_assert_true(g_file_set_contents(ragged, "1 2 3\n4 5\n", -1, NULL));
  gchar *arg = g_strdup_printf("kernel-file=%s", ragged);
  check_refused(arg, NULL, "ragged.txt\": line 2: this row has 2 numbers");
  /* A random 11x11 kernel has full rank: no separable pairs reproduce it. */
  kcv_kernel *k = kcv_test_kernel_random(11, 11, 9);
  gchar *full_rank = kernel_arg(k, KCV_KERNEL_FORMAT_GMIC, NULL);
  check_refused(full_rank, "method=separable", "method: separable cannot be used");
  kcv_kernel_free(k);
  g_free(full_rank);
  g_free(arg);
  g_free(ragged);
}

/* The wisdom helper (host/kcv-host-wisdom.c) as the operation starts it: a stand-in installed
 * as the kcv plug-in of a profile writes down its arguments, one start a line, and removes the
 * marker as the real helper does when it is done. */
static const char stand_in[] = "#!/bin/sh\n"
                               "echo \"$*\" >>\"$0.log\"\n"
                               "rm -f \"$2.measuring\"\n";

/* Fresh empty profiles for the renders that follow. */
static void fresh_profiles(void)
{
  static gint n;
  n++;
  g_free(profile3);
  g_free(profile2);
  profile3 = g_strdup_printf("%s/helper-%d/profile-3.0", work_dir, n);
  profile2 = g_strdup_printf("%s/helper-%d/profile-2.10", work_dir, n);
}

/* Installs the stand-in as PROFILE/plug-ins/kcv/kcv with the given mode. */
static void install_stand_in(const gchar *profile, int mode)
{
  gchar *dir = g_build_filename(profile, "plug-ins", "kcv", NULL);
  g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
  gchar *exe = g_build_filename(dir, "kcv", NULL);
  g_assert_true(g_file_set_contents(exe, stand_in, -1, NULL));
  g_assert_cmpint(g_chmod(exe, mode), ==, 0);
  g_free(exe);
  g_free(dir);
}

/* The starts of the stand-in of profile, one line of arguments each, once the last one is
 * done, waiting up to seconds for a first one; NULL when none was started. */
static gchar **helper_starts(const gchar *profile, gint seconds)
{
  gchar *log = g_build_filename(profile, "plug-ins", "kcv", "kcv.log", NULL);
  gchar *marker = g_build_filename(profile, "kcv", "fftw-wisdom.measuring", NULL);
  gchar *text = NULL;
  for (gint i = 0; i < 20 * seconds && !text; i++) {
    if (g_file_test(log, G_FILE_TEST_EXISTS) && !g_file_test(marker, G_FILE_TEST_EXISTS)) {
      g_usleep(200000); /* a second start, if the operation made one, writes its line */
      g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    } else {
      g_usleep(50000);
    }
  }
  gchar **lines = text ? g_strsplit(g_strchomp(text), "\n", -1) : NULL;
  g_free(text);
  g_free(log);
  g_free(marker);
  return lines;
}

/* Renders an image with a kernel the FFT takes (method=fft), a transform size new to the
 * empty profiles' wisdom; returns the tool's standard error (KCV_VERBOSE set). */
static gchar *render_fft(gint w, gint h, gint chunk, const gchar *extra_env)
{
  gchar *in = g_strdup_printf("%s/helper-in.png", work_dir);
  gchar *out = g_strdup_printf("%s/helper-out.png", work_dir);
  write_input(in, w, h, "u8", FALSE, 21);
  kcv_kernel *k = kcv_test_kernel_random(15, 13, 22);
  gchar *kernel = kernel_arg(k, KCV_KERNEL_FORMAT_GMIC, NULL);
  const gchar *args[] = {in, "-o", out, "--", "kcv:convolve", kernel, "method=fft", NULL};
  const gchar *env[] = {"KCV_VERBOSE=1", extra_env, NULL};
  gchar *err = NULL;
  g_assert_true(run_gegl_env(args, chunk, env, &err));
  g_assert_true(g_file_test(out, G_FILE_TEST_EXISTS));
  kcv_kernel_free(k);
  g_free(kernel);
  g_free(in);
  g_free(out);
  return err;
}

/* Checks the starts of a helper: its argument, the profile's wisdom file, then sizes (room
 * for the kernel's reach of 14 x 12 and an output sample), no size given twice. */
static void check_starts(gchar **starts, const gchar *profile)
{
  gchar *wisdom = g_build_filename(profile, "kcv", "fftw-wisdom", NULL);
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (gint i = 0; starts[i]; i++) {
    g_test_message("helper start %d: %s", i + 1, starts[i]);
    gchar **args = g_strsplit(starts[i], " ", -1);
    g_assert_cmpuint(g_strv_length(args), >=, 3);
    g_assert_cmpstr(args[0], ==, "--kcv-measure-fft");
    g_assert_cmpstr(args[1], ==, wisdom);
    for (gint j = 2; args[j]; j++) {
      gint w = 0, h = 0;
      g_assert_cmpint(sscanf(args[j], "%dx%d", &w, &h), ==, 2);
      g_assert_cmpint(w, >, 14);
      g_assert_cmpint(h, >, 12);
      if (g_hash_table_contains(seen, args[j]))
        g_test_message("size %s given twice: %s", args[j], starts[i]);
      g_assert_false(g_hash_table_contains(seen, args[j]));
      g_hash_table_add(seen, g_strdup(args[j]));
    }
    g_strfreev(args);
  }
  g_hash_table_destroy(seen);
  g_free(wisdom);
}

/* One region (one thread, the default chunk): one start, with the wisdom path and the sizes. */
static void test_helper_started(void)
{
  fresh_profiles();
  install_stand_in(profile3, 0755);
  g_free(render_fft(150, 110, 0, "GEGL_THREADS=1"));
  gchar **starts = helper_starts(profile3, 10);
  g_assert_nonnull(starts);
  g_assert_cmpuint(g_strv_length(starts), ==, 1);
  check_starts(starts, profile3);
  g_strfreev(starts);
}

/* Many small regions (33) on two threads: sizes met again in later regions, some after the
 * first helper is done, are not handed again. */
static void test_helper_sizes_once(void)
{
  fresh_profiles();
  install_stand_in(profile3, 0755);
  g_free(render_fft(300, 220, 2000, "GEGL_THREADS=2"));
  gchar **starts = helper_starts(profile3, 10);
  g_assert_nonnull(starts);
  check_starts(starts, profile3);
  g_strfreev(starts);
}

static void test_helper_disabled(void)
{
  fresh_profiles();
  install_stand_in(profile3, 0755);
  gchar *err = render_fft(150, 110, 0, "KCV_NO_WISDOM_HELPER=1");
  g_assert_nonnull(strstr(err, "KCV_NO_WISDOM_HELPER is set"));
  g_assert_null(helper_starts(profile3, 1));
  g_free(err);
}

/* A profile whose plug-ins/kcv/kcv cannot be run (not executable), the other none at all. */
static void test_helper_not_installed(void)
{
  fresh_profiles();
  install_stand_in(profile3, 0644);
  gchar *err = render_fft(150, 110, 0, NULL);
  g_assert_nonnull(strstr(err, "no helper: the binary is unknown"));
  g_assert_null(helper_starts(profile3, 1));
  gchar *marker = g_build_filename(profile3, "kcv", "fftw-wisdom.measuring", NULL);
  g_assert_false(g_file_test(marker, G_FILE_TEST_EXISTS));
  g_free(marker);
  g_free(err);
}

/* The gegl tool is neither GIMP: GIMP 3's profile when both have the plug-in, else 2.10's. */
static void test_helper_profile(void)
{
  fresh_profiles();
  install_stand_in(profile3, 0755);
  install_stand_in(profile2, 0755);
  g_free(render_fft(150, 110, 0, NULL));
  gchar **starts = helper_starts(profile3, 10);
  g_assert_nonnull(starts);
  g_assert_null(helper_starts(profile2, 1));
  g_strfreev(starts);
  fresh_profiles();
  install_stand_in(profile2, 0755);
  g_free(render_fft(150, 110, 0, NULL));
  starts = helper_starts(profile2, 10);
  g_assert_nonnull(starts);
  check_starts(starts, profile2);
  g_strfreev(starts);
}

static void add_helper_tests(void)
{
  g_test_add_func("/gegl/cli/wisdom-helper/started-once", test_helper_started);
  g_test_add_func("/gegl/cli/wisdom-helper/sizes-handed-once", test_helper_sizes_once);
  g_test_add_func("/gegl/cli/wisdom-helper/none-with-KCV_NO_WISDOM_HELPER", test_helper_disabled);
  g_test_add_func("/gegl/cli/wisdom-helper/none-without-plugin", test_helper_not_installed);
  g_test_add_func("/gegl/cli/wisdom-helper/gimp3-profile-first", test_helper_profile);
}

/* Every depth, with and without alpha, linear and perceptual; each border
 * three times; non-square kernels given as text and as files; AUTO and
 * every forced method; automatic and given divisor and offset. */
static const Case cases[] = {
    {"u8", FALSE, FALSE, KCV_BORDER_CLAMP, 5, 3, KCV_KERNEL_FORMAT_GMIC, "auto", 0.0, 0.0},
    {"u8", FALSE, TRUE, KCV_BORDER_WRAP, 4, 7, KCV_KERNEL_FORMAT_IMAGEJ, "direct", 0.0, 0.0},
    {"u8", TRUE, FALSE, KCV_BORDER_MIRROR, 9, 2, KCV_KERNEL_FORMAT_MAT, "fft", 2.5, 0.25},
    {"u8", TRUE, TRUE, KCV_BORDER_TRANSPARENT, 3, 8, KCV_KERNEL_FORMAT_CSV, "auto", 0.0, 0.0},
    {"u16", FALSE, FALSE, KCV_BORDER_WRAP, 6, 5, KCV_KERNEL_FORMAT_CSV, "im2col", 0.0, -0.125},
    {"u16", FALSE, TRUE, KCV_BORDER_MIRROR, 2, 3, KCV_KERNEL_FORMAT_GMIC, "separable", 0.0, 0.0},
    {"u16", TRUE, FALSE, KCV_BORDER_TRANSPARENT, 7, 4, KCV_KERNEL_FORMAT_IMAGEJ, "auto", 0.0, 0.0},
    {"u16", TRUE, TRUE, KCV_BORDER_CLAMP, 13, 6, KCV_KERNEL_FORMAT_MAT, "fft", 0.0, 0.0},
    {"float", FALSE, FALSE, KCV_BORDER_MIRROR, 8, 11, KCV_KERNEL_FORMAT_MAT, "auto", 0.0, 0.0},
    {"float", FALSE, TRUE, KCV_BORDER_TRANSPARENT, 1, 6, KCV_KERNEL_FORMAT_CSV, "direct", 3.0, 0.0},
    {"float", TRUE, FALSE, KCV_BORDER_CLAMP, 5, 2, KCV_KERNEL_FORMAT_IMAGEJ, "separable", 0.0, 0.5},
    {"float", TRUE, TRUE, KCV_BORDER_WRAP, 71, 9, KCV_KERNEL_FORMAT_GMIC, "auto", 0.0, 0.0},
};

/* Every border, and each method that renders in bands (the FFT does not). */
static const Case band_cases[] = {
    {"float", TRUE, FALSE, KCV_BORDER_CLAMP, 5, 7, KCV_KERNEL_FORMAT_GMIC, "direct", 0.0, 0.0},
    {"float", TRUE, FALSE, KCV_BORDER_WRAP, 3, 9, KCV_KERNEL_FORMAT_GMIC, "im2col", 0.0, 0.0},
    {"float", TRUE, FALSE, KCV_BORDER_MIRROR, 7, 5, KCV_KERNEL_FORMAT_GMIC, "auto", 0.0, 0.0},
    {"float", TRUE, FALSE, KCV_BORDER_TRANSPARENT, 5, 7, KCV_KERNEL_FORMAT_GMIC, "direct", 0.0,
     0.0},
    {"u8", FALSE, TRUE, KCV_BORDER_CLAMP, 1, 11, KCV_KERNEL_FORMAT_GMIC, "separable", 0.0, 0.0},
};

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  if (argc < 2) {
    g_printerr("usage: test-gegl-cli MODULE.so [g_test options]\n");
    return 2;
  }
  gegl_init(NULL, NULL);
  work_dir = g_dir_make_tmp("kcv-gegl-XXXXXX", NULL);
  data_home = g_build_filename(work_dir, "share", NULL);
  profile3 = g_build_filename(work_dir, "profile-3.0", NULL);
  profile2 = g_build_filename(work_dir, "profile-2.10", NULL);
  gchar *plug_ins = g_build_filename(data_home, "gegl-0.4", "plug-ins", NULL);
  g_assert_cmpint(g_mkdir_with_parents(plug_ins, 0700), ==, 0);
  gchar *link = g_build_filename(plug_ins, "kcv-convolve.so", NULL);
  gchar *module = g_canonicalize_filename(argv[1], NULL);
  g_assert_cmpint(symlink(module, link), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    const Case *c = &cases[i];
    gchar *path = g_strdup_printf("/gegl/cli/reference/%s-%s-%s-%s-%dx%d-%s", c->depth,
                                  c->alpha ? "rgba" : "rgb", c->linear ? "linear" : "perceptual",
                                  border_nick(c->border), c->kw, c->kh, c->method);
    g_test_add_data_func(path, c, test_reference);
    g_free(path);
  }
  for (guint i = 0; i < G_N_ELEMENTS(band_cases); i++) {
    const Case *c = &band_cases[i];
    gchar *path = g_strdup_printf("/gegl/cli/bands/%s-%s-%dx%d", border_nick(c->border), c->method,
                                  c->kw, c->kh);
    g_test_add_data_func(path, c, test_bands);
    g_free(path);
  }
  g_test_add_func("/gegl/cli/chunk-size", test_chunks);
  g_test_add_func("/gegl/cli/bad-kernel", test_bad_kernel);
  g_test_add_func("/gegl/cli/no-kernel-quiet", test_no_kernel_quiet);
  g_test_add_func("/gegl/cli/zero-sum-keeps-alpha", test_zero_sum_alpha);
  add_helper_tests();
  int rc = g_test_run();

  gchar *rm[] = {"rm", "-rf", work_dir, NULL};
  g_spawn_sync(NULL, rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free(link);
  g_free(module);
  g_free(plug_ins);
  g_free(data_home);
  g_free(profile3);
  g_free(profile2);
  g_free(work_dir);
  gegl_exit();
  return rc;
}
