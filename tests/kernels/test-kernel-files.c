/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: kernel files (libvips .mat, ImageJ, CSV, G'MIC, Photoshop .acf). */
#include <glib.h>
#include <glib/gstdio.h>

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kcv-kernel-io.h"

static char *tmp_dir;

static char *data_path(const char *name)
{
  return g_test_build_filename(G_TEST_DIST, "data", name, NULL);
}

static void assert_kernel(const kcv_kernel *k, int w, int h, const float *want)
{
  g_assert_nonnull(k);
  g_assert_cmpint(k->width, ==, w);
  g_assert_cmpint(k->height, ==, h);
  for (int i = 0; i < w * h; i++)
    if (k->data[i] != want[i])
      g_error("weight %d (x %d, y %d): got %.9g, want %.9g", i, i % w, i / w, (double)k->data[i],
              (double)want[i]);
}

static kcv_kernel_file load_ok(const char *name, kcv_kernel_format format,
                               kcv_kernel_format want_format)
{
  char *path = data_path(name);
  kcv_kernel_file f;
  kcv_error err;
  kcv_status st = kcv_kernel_file_load(path, format, &f, &err);
  if (st != KCV_OK)
    g_error("%s: %s (%s)", path, err.message, kcv_status_name(st));
  g_assert_cmpint(f.format, ==, want_format);
  g_free(path);
  return f;
}

/* Parses text from an exactly-sized heap copy (no NUL after it), so a read
 * past the end shows under ASan. */
static kcv_status parse_exact(const char *text, size_t len, kcv_kernel_format format,
                              kcv_kernel_file *f, kcv_error *err)
{
  char *copy = g_malloc(len ? len : 1);
  memcpy(copy, text, len);
  kcv_status st = kcv_kernel_file_parse(copy, len, format, f, err);
  g_free(copy);
  return st;
}

typedef struct {
  const char *text;
  kcv_kernel_format format;
  kcv_status status;
  int line;         /* expected err.line */
  const char *what; /* expected in err.message */
} bad_case;

static void check_bad(const bad_case *cases, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    const bad_case *c = &cases[i];
    kcv_kernel_file f;
    kcv_error err;
    kcv_status st = parse_exact(c->text, strlen(c->text), c->format, &f, &err);
    g_test_message("%s -> %s", c->text, err.message);
    if (st == KCV_OK)
      g_error("case %zu \"%s\" parsed without error", i, c->text);
    g_assert_null(f.kernel);
    g_assert_cmpstr(kcv_status_name(st), ==, kcv_status_name(c->status));
    g_assert_cmpint(err.line, ==, c->line);
    if (c->line > 0) {
      char *prefix = g_strdup_printf("line %d", c->line);
      g_assert_true(g_str_has_prefix(err.message, prefix));
      g_free(prefix);
    }
    if (!strstr(err.message, c->what))
      g_error("case %zu: message \"%s\" lacks \"%s\"", i, err.message, c->what);
  }
}

/* Random weights over the whole float range: ordinary, tiny, huge,
 * subnormal, exact powers, negative zero. */
static kcv_kernel *random_kernel(int w, int h, guint32 seed)
{
  GRand *r = g_rand_new_with_seed(seed);
  kcv_kernel *k = kcv_kernel_new(w, h);
  static const float special[] = {0.0f,        -0.0f,       FLT_MIN, -FLT_MAX,    FLT_MAX, 1.4e-45f,
                                  FLT_EPSILON, 1.0f / 3.0f, 0.1f,    16777217.0f, -1e-30f};
  for (int i = 0; i < w * h; i++) {
    int kind = g_rand_int_range(r, 0, 4);
    float v;
    if (kind == 0)
      v = special[g_rand_int_range(r, 0, G_N_ELEMENTS(special))];
    else if (kind == 1) /* any finite bit pattern */
      do {
        uint32_t bits = g_rand_int(r);
        memcpy(&v, &bits, sizeof v);
      } while (!isfinite(v));
    else
      v = (float)(g_rand_double_range(r, -1, 1) * pow(10, g_rand_int_range(r, -40, 39)));
    k->data[i] = v;
  }
  g_rand_free(r);
  return k;
}

static void assert_bit_identical(const kcv_kernel *a, const kcv_kernel *b)
{
  g_assert_cmpint(a->width, ==, b->width);
  g_assert_cmpint(a->height, ==, b->height);
  for (int i = 0; i < a->width * a->height; i++)
    if (memcmp(&a->data[i], &b->data[i], sizeof(float)) != 0)
      g_error("weight %d: wrote %.9g, read %.9g", i, (double)a->data[i], (double)b->data[i]);
}

static void round_trip(kcv_kernel_format format, const char *ext, double divisor, double offset)
{
  static const int sizes[][2] = {{1, 1}, {3, 3}, {7, 2}, {1, 9}, {31, 17}};
  for (size_t s = 0; s < G_N_ELEMENTS(sizes); s++) {
    kcv_kernel *k = random_kernel(sizes[s][0], sizes[s][1], 1234 + (guint32)s);
    char *path = g_strdup_printf("%s/rt-%zu%s", tmp_dir, s, ext);
    kcv_error err;
    kcv_status st = kcv_kernel_file_save(path, KCV_KERNEL_FORMAT_AUTO, k, divisor, offset, &err);
    if (st != KCV_OK)
      g_error("save %s: %s", path, err.message);
    kcv_kernel_file f;
    st = kcv_kernel_file_load(path, KCV_KERNEL_FORMAT_AUTO, &f, &err);
    if (st != KCV_OK)
      g_error("load %s: %s", path, err.message);
    g_assert_cmpint(f.format, ==, format);
    assert_bit_identical(k, f.kernel);
    if (format == KCV_KERNEL_FORMAT_MAT) {
      g_assert_true(f.divisor == divisor);
      /* Written in 8-bit units: not every double is a decimal / 255, so
       * the offset comes back within an ulp. */
      if (fabs(f.offset - offset) > fabs(offset) * DBL_EPSILON)
        g_error("offset: wrote %.17g, read %.17g", offset, f.offset);
    }
    /* The text form reads back identically too, without the extension. */
    char *text = kcv_kernel_file_to_text(k, format, divisor, offset);
    g_assert_nonnull(text);
    kcv_kernel_file g;
    st = parse_exact(text, strlen(text), format, &g, &err);
    if (st != KCV_OK)
      g_error("parse back: %s", err.message);
    assert_bit_identical(k, g.kernel);
    kcv_kernel_file_clear(&g);
    g_free(text);
    kcv_kernel_file_clear(&f);
    g_remove(path);
    g_free(path);
    kcv_kernel_free(k);
  }
}

/* ---- .mat ---------------------------------------------------------------- */

static void test_mat_parse(void)
{
  static const float lap[9] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
  kcv_kernel_file f = load_ok("laplacian.mat", KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_MAT);
  assert_kernel(f.kernel, 3, 3, lap);
  g_assert_cmpfloat(f.divisor, ==, 1.0);
  g_assert_cmpfloat(f.offset, ==, 0.0);
  kcv_kernel_file_clear(&f);

  /* Commas, tabs, signs, exponents; scale and offset carried over. */
  static const float scaled[6] = {1, 2, 1, -5, 0.25f, 3};
  f = load_ok("scaled.mat", KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_MAT);
  assert_kernel(f.kernel, 3, 2, scaled);
  g_assert_cmpfloat(f.divisor, ==, 16.0);
  g_assert_cmpfloat(f.offset, ==, 128.0 / 255.0); /* 8-bit units in the file */
  kcv_kernel_file_clear(&f);

  /* CRLF endings, blank lines and no final newline. */
  kcv_error err;
  const char *t = "2 1 -2\r\n\r\n  0.5 , 1.5";
  g_assert_cmpint(parse_exact(t, strlen(t), KCV_KERNEL_FORMAT_MAT, &f, &err), ==, KCV_OK);
  static const float two[2] = {0.5f, 1.5f};
  assert_kernel(f.kernel, 2, 1, two);
  g_assert_cmpfloat(f.divisor, ==, -2.0);
  kcv_kernel_file_clear(&f);
}

static void test_mat_round_trip(void)
{
  round_trip(KCV_KERNEL_FORMAT_MAT, ".mat", 1.0, 0.0);
  round_trip(KCV_KERNEL_FORMAT_MAT, ".mat", 0.1, -1e-300);
  round_trip(KCV_KERNEL_FORMAT_MAT, ".MAT", -3.0, 128.0);
  round_trip(KCV_KERNEL_FORMAT_MAT, ".mat", 2.0, 0.123456789);
}

/* ---- offsets: 8-bit units in .mat and .acf, full scale in kcv ----------- */

/* What a kernel file does to flat grey 100 in float64, as kcv applies it
 * (sum / divisor + offset, full scale), in 8-bit units. */
static double flat_grey_100(const kcv_kernel_file *f)
{
  double sum = 0;
  for (int i = 0; i < f->kernel->width * f->kernel->height; i++)
    sum += f->kernel->data[i] * (100.0 / 255.0);
  return (sum / f->divisor + f->offset) * 255.0;
}

static void test_offset_eight_bit_units(void)
{
  g_assert_cmpfloat(kcv_kernel_file_offset_unit(KCV_KERNEL_FORMAT_MAT), ==, 255.0);
  g_assert_cmpfloat(kcv_kernel_file_offset_unit(KCV_KERNEL_FORMAT_ACF), ==, 255.0);
  g_assert_cmpfloat(kcv_kernel_file_offset_unit(KCV_KERNEL_FORMAT_CSV), ==, 1.0);
  /* An emboss (weights sum to 0) with offset 128: flat areas become
   * mid-grey, 128 in 8 bits, in libvips and in Photoshop's Custom filter.
   * emboss-vips.mat was written by `vips matrixsave` (libvips 8.14), emboss.acf
   * holds the same 3x3 centred in 5x5, scale 1, offset 128. (The plug-in's
   * and the dialog's tests apply them to pixels.) */
  const double want = 128.0 / 255.0;
  static const char *files[] = {"emboss-vips.mat", "emboss.acf"};
  static const kcv_kernel_format formats[] = {KCV_KERNEL_FORMAT_MAT, KCV_KERNEL_FORMAT_ACF};
  for (int i = 0; i < 2; i++) {
    kcv_kernel_file f = load_ok(files[i], KCV_KERNEL_FORMAT_AUTO, formats[i]);
    g_assert_cmpfloat(f.offset, ==, want);
    if (fabs(flat_grey_100(&f) - 128.0) > 1e-9)
      g_error("%s on flat grey 100: %.9g, want 128", files[i], flat_grey_100(&f));
    kcv_kernel_file_clear(&f);
  }
  /* Saving writes 8-bit units: what was read is written back as read. */
  kcv_error err;
  kcv_kernel_file f = load_ok("emboss-vips.mat", KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_MAT);
  char *text = kcv_kernel_file_to_text(f.kernel, KCV_KERNEL_FORMAT_MAT, f.divisor, f.offset);
  g_assert_cmpstr(text, ==, "3 3 1 128\n-1 -1 0\n-1 0 1\n0 1 1\n");
  g_free(text);
  text = kcv_kernel_file_to_text(f.kernel, KCV_KERNEL_FORMAT_MAT, 1.0, -0.5);
  g_assert_true(g_str_has_prefix(text, "3 3 1 -127.5\n"));
  g_free(text);
  /* Any offset read from a .mat is written back so that it reads back
   * exactly (the fuzzer's round trip demands it). */
  GRand *r = g_rand_new_with_seed(17);
  for (int i = 0; i < 20000; i++) {
    double d = g_rand_double_range(r, -1, 1) * pow(10, g_rand_int_range(r, -300, 33));
    char *in = g_strdup_printf("1 1 1 %.17g\n1\n", d);
    kcv_kernel_file a, b;
    g_assert_cmpint(parse_exact(in, strlen(in), KCV_KERNEL_FORMAT_MAT, &a, &err), ==, KCV_OK);
    char *back = kcv_kernel_file_to_text(a.kernel, KCV_KERNEL_FORMAT_MAT, a.divisor, a.offset);
    g_assert_cmpint(parse_exact(back, strlen(back), KCV_KERNEL_FORMAT_MAT, &b, &err), ==, KCV_OK);
    if (b.offset != a.offset)
      g_error("\"%s\" read %.17g, written \"%s\", read back %.17g", in, a.offset, back, b.offset);
    kcv_kernel_file_clear(&a);
    kcv_kernel_file_clear(&b);
    g_free(in);
    g_free(back);
  }
  g_rand_free(r);
  /* An offset that cannot be written in 8-bit units is refused, not "inf". */
  char *path = g_build_filename(tmp_dir, "huge-offset.mat", NULL);
  g_assert_cmpint(kcv_kernel_file_save(path, KCV_KERNEL_FORMAT_AUTO, f.kernel, 1.0, DBL_MAX, &err),
                  ==, KCV_ERR_OFFSET);
  g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
  g_free(path);
  kcv_kernel_file_clear(&f);
}

static void test_mat_auto_divisor(void)
{
  /* .mat cannot say "automatic": divisor 0 is written as what it means. */
  kcv_kernel *k = kcv_kernel_new(3, 1);
  k->data[0] = 1;
  k->data[1] = 2;
  k->data[2] = 1;
  char *text = kcv_kernel_file_to_text(k, KCV_KERNEL_FORMAT_MAT, 0, 0);
  g_assert_cmpstr(text, ==, "3 1 4\n1 2 1\n");
  g_free(text);
  kcv_kernel_free(k);
}

static void test_mat_errors(void)
{
  static const bad_case cases[] = {
      {"", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 1, "empty"},
      {" \n\t\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 1, "empty"},
      {"3\n1 2 3\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 1, "width height"},
      {"3 1 0\n1 2 3\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_DIVISOR, 1, "scale"},
      {"3 1 0.0e5 1\n1 2 3\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_DIVISOR, 1, "column 5"},
      {"2.5 1\n1 2\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 1, "whole number"},
      {"0 1\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 1, "whole number"},
      {"1026 1\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_KERNEL_SIZE, 1, "too large"},
      {"1 2000\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_KERNEL_SIZE, 1, "1025x1025"},
      {"3 2\n1 2 3\n4 5\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 3, "width of 3"},
      {"3 3\n1 2 3\n4 5 6\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 4, "announces 3"},
      {"2 2\n1 2\n3 x4\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 3, "\"x4\" is not a number"},
      {"2 2\n1 2\n3 NaN\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 3, "NaN"},
      {"2 1\n-inf 2\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 2, "column 1"},
      {"2 1\n1e39 2\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_KERNEL_VALUE, 2, "too large"},
      {"2 1\n1e300 2\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_KERNEL_VALUE, 2,
       "range from -3.40282347e+38 to 3.40282347e+38"},
      {"2 1\n1e-46 2\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_KERNEL_VALUE, 2, "too small"},
      {"1 1 1 1e33\n1\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_OFFSET, 1,
       "out of range (from -2.55e+32 to 2.55e+32"},
      {"3 1 x\n1 2 3\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 1, "\"x\" is not a number"},
      {"3 2\n1 2 3\n4 5 x 6\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 3, "\"x\" is not"},
      {"3 3\r1 2 3\r4 5\r7 8 9\r", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 3, "width of 3"},
      {"2 1\n1e999 2\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 2, "too large"},
      {"2 1 1e999\n1 2\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 1, "column 5"},
      {"2 1\n0x10 2\n", KCV_KERNEL_FORMAT_MAT, KCV_ERR_PARSE, 2, "not a number"},
  };
  check_bad(cases, G_N_ELEMENTS(cases));
}

/* libvips reads each of these files (libvips 8.14, `vips matrixsave IN OUT`
 * wrote the .vips.mat beside it): trailing lines, numbers past the width or
 * the header's fourth. kcv must read the same kernel, scale and offset. */
static void test_mat_as_libvips_reads(void)
{
  static const char *names[] = {"trailing-comment", "extra-numbers", "five-header-numbers"};
  for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
    char *a_name = g_strdup_printf("%s.mat", names[i]);
    char *b_name = g_strdup_printf("%s.vips.mat", names[i]);
    kcv_kernel_file a = load_ok(a_name, KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_MAT);
    kcv_kernel_file b = load_ok(b_name, KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_MAT);
    assert_bit_identical(a.kernel, b.kernel);
    g_assert_cmpfloat(a.divisor, ==, b.divisor);
    g_assert_cmpfloat(a.offset, ==, b.offset);
    kcv_kernel_file_clear(&a);
    kcv_kernel_file_clear(&b);
    g_free(a_name);
    g_free(b_name);
  }
  /* Written by `vips gaussmat`: integer and float precision. */
  static const float gauss[25] = {1,  4, 5, 4,  1,  4,  10, 14, 10, 4, 5, 14, 20,
                                  14, 5, 4, 10, 14, 10, 4,  1,  4,  5, 4, 1};
  kcv_kernel_file f = load_ok("gauss-vips.mat", KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_MAT);
  assert_kernel(f.kernel, 5, 5, gauss);
  g_assert_cmpfloat(f.divisor, ==, 172.0);
  kcv_kernel_file_clear(&f);
  static const float gauss_f[3] = {0.45783336177161432f, 1.0f, 0.45783336177161432f};
  f = load_ok("gauss-float-vips.mat", KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_MAT);
  assert_kernel(f.kernel, 3, 1, gauss_f);
  g_assert_cmpfloat(f.divisor, ==, 1.91567);
  kcv_kernel_file_clear(&f);
  /* Quotes separate numbers, as libvips documents (spaces, commas, tabs
   * and double quotes in any mixture). */
  static const char *quoted[] = {"3 1\n\"1\" \"2\" \"3\"\n", "\"3\",\"1\"\n\"1\",\"2\",\"3\"\n",
                                 "3 1\n1\"2\"3\n", "3 1 \"1\"\n1, 2 ,\t\"3\"\n"};
  static const float one_two_three[3] = {1, 2, 3};
  for (gsize i = 0; i < G_N_ELEMENTS(quoted); i++) {
    kcv_error err;
    if (parse_exact(quoted[i], strlen(quoted[i]), KCV_KERNEL_FORMAT_MAT, &f, &err) != KCV_OK)
      g_error("\"%s\": %s", quoted[i], err.message);
    assert_kernel(f.kernel, 3, 1, one_two_three);
    kcv_kernel_file_clear(&f);
  }
}

/* Old-Mac CR, Unix LF and Windows CR LF line ends read alike in every text
 * format, and errors name the same line. */
static void test_line_ends(void)
{
  static const struct {
    kcv_kernel_format format;
    const char *lf; /* \n is replaced by each line end */
    int w, h;
  } cases[] = {
      {KCV_KERNEL_FORMAT_IMAGEJ, "1 2 1\n2 4 2\n1 2 1\n", 3, 3},
      {KCV_KERNEL_FORMAT_CSV, "a,b,c\n1,2,1\n2,4,2\n1,2,1\n", 3, 3},
      {KCV_KERNEL_FORMAT_MAT, "3 3 16\n1 2 1\n2 4 2\n1 2 1\n", 3, 3},
      {KCV_KERNEL_FORMAT_GMIC, "(1,2,1;\n2,4,2;\n1,2,1)\n", 3, 3},
      {KCV_KERNEL_FORMAT_AUTO, "1 2 1\n2 4 2\n1 2 1", 3, 3},
      {KCV_KERNEL_FORMAT_AUTO, "3 3 16\n1 2 1\n2 4 2\n1 2 1", 3, 3},
  };
  static const float want[9] = {1, 2, 1, 2, 4, 2, 1, 2, 1};
  static const char *ends[] = {"\n", "\r", "\r\n"};
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    for (gsize e = 0; e < G_N_ELEMENTS(ends); e++) {
      char **parts = g_strsplit(cases[i].lf, "\n", -1);
      char *text = g_strjoinv(ends[e], parts);
      g_strfreev(parts);
      kcv_kernel_file f;
      kcv_error err;
      if (parse_exact(text, strlen(text), cases[i].format, &f, &err) != KCV_OK)
        g_error("case %zu, line end %zu: %s", i, e, err.message);
      assert_kernel(f.kernel, cases[i].w, cases[i].h, want);
      g_free(text);
      kcv_kernel_file_clear(&f);
    }
  }
  static const bad_case bad[] = {
      {"1 2 3\r4 5\r7 8 9\r", KCV_KERNEL_FORMAT_IMAGEJ, KCV_ERR_PARSE, 2, "has 2 numbers"},
      {"1,2,3\r4,5\r", KCV_KERNEL_FORMAT_CSV, KCV_ERR_PARSE, 2, "has 2 numbers"},
      {"(1,2;\r3,x)", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 2, "column 3"},
      {"(1,2;\r\n3,x)", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 2, "column 3"},
  };
  check_bad(bad, G_N_ELEMENTS(bad));
}

/* A weight that a float cannot hold is refused in every format, saying
 * why and the range: too large, or so small it would become 0 (a kernel of
 * such weights would turn the image black). */
static void test_weight_range(void)
{
  static const bad_case bad[] = {
      {"1 1e-46\n", KCV_KERNEL_FORMAT_IMAGEJ, KCV_ERR_KERNEL_VALUE, 1,
       "column 3: 1e-46 is too small"},
      {"1e-46,1e-50\n", KCV_KERNEL_FORMAT_CSV, KCV_ERR_KERNEL_VALUE, 1, "at least 1.40129846e-45"},
      {"(0,-1e-46)", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_KERNEL_VALUE, 1, "would become 0"},
      {"1 1e300\n", KCV_KERNEL_FORMAT_IMAGEJ, KCV_ERR_KERNEL_VALUE, 1, "too large"},
  };
  check_bad(bad, G_N_ELEMENTS(bad));
  /* The smallest denormal and half of it (which rounds up to it) are kept. */
  kcv_kernel_file f;
  kcv_error err;
  const char *t = "1.4e-45 8e-46 0 -0\n";
  g_assert_cmpint(parse_exact(t, strlen(t), KCV_KERNEL_FORMAT_IMAGEJ, &f, &err), ==, KCV_OK);
  g_assert_cmpfloat(f.kernel->data[0], ==, FLT_TRUE_MIN);
  g_assert_cmpfloat(f.kernel->data[1], ==, FLT_TRUE_MIN);
  kcv_kernel_file_clear(&f);
}

/* ---- ImageJ -------------------------------------------------------------- */

static void test_imagej_parse(void)
{
  static const float sharpen[9] = {-1, -1, -1, -1, 9, -1, -1, -1, -1};
  kcv_kernel_file f = load_ok("sharpen.txt", KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_IMAGEJ);
  assert_kernel(f.kernel, 3, 3, sharpen);
  g_assert_cmpfloat(f.divisor, ==, 0.0); /* automatic */
  g_assert_cmpfloat(f.offset, ==, 0.0);
  kcv_kernel_file_clear(&f);
}

static void test_imagej_round_trip(void)
{
  round_trip(KCV_KERNEL_FORMAT_IMAGEJ, ".txt", 0, 0);
}

static void test_imagej_errors(void)
{
  static const bad_case cases[] = {
      {"", KCV_KERNEL_FORMAT_IMAGEJ, KCV_ERR_PARSE, 1, "empty"},
      {"1 2 3\n4 5 6\n7 8\n", KCV_KERNEL_FORMAT_IMAGEJ, KCV_ERR_PARSE, 3,
       "has 2 numbers but the row on line 1 has 3"},
      {"\n1 2\n\n3 4 5\n", KCV_KERNEL_FORMAT_IMAGEJ, KCV_ERR_PARSE, 4, "line 2 has 2"},
      {"1 2\n3 four\n", KCV_KERNEL_FORMAT_IMAGEJ, KCV_ERR_PARSE, 2, "column 3"},
      {"1 2\n3 1,5\n", KCV_KERNEL_FORMAT_IMAGEJ, KCV_ERR_PARSE, 2, "\"1,5\" is not a number"},
      {"1 nan\n", KCV_KERNEL_FORMAT_IMAGEJ, KCV_ERR_PARSE, 1, "NaN and infinity"},
      {"1 Infinity\n", KCV_KERNEL_FORMAT_IMAGEJ, KCV_ERR_PARSE, 1, "column 3"},
  };
  check_bad(cases, G_N_ELEMENTS(cases));
}

static void test_imagej_too_wide(void)
{
  GString *s = g_string_new("");
  for (int i = 0; i < KCV_KERNEL_MAX + 1; i++)
    g_string_append(s, "1 ");
  g_string_append(s, "\n");
  kcv_kernel_file f;
  kcv_error err;
  kcv_status st = parse_exact(s->str, s->len, KCV_KERNEL_FORMAT_IMAGEJ, &f, &err);
  g_assert_cmpint(st, ==, KCV_ERR_KERNEL_SIZE);
  g_assert_cmpint(err.line, ==, 1);
  g_assert_cmpint(err.column, ==, 2 * KCV_KERNEL_MAX + 1);
  g_assert_nonnull(strstr(err.message, "1025x1025"));

  /* 1025 rows are fine, 1026 are not. */
  g_string_assign(s, "");
  for (int i = 0; i < KCV_KERNEL_MAX; i++)
    g_string_append(s, "1\n");
  st = parse_exact(s->str, s->len, KCV_KERNEL_FORMAT_IMAGEJ, &f, &err);
  g_assert_cmpint(st, ==, KCV_OK);
  g_assert_cmpint(f.kernel->height, ==, KCV_KERNEL_MAX);
  kcv_kernel_file_clear(&f);
  g_string_append(s, "1\n");
  st = parse_exact(s->str, s->len, KCV_KERNEL_FORMAT_IMAGEJ, &f, &err);
  g_assert_cmpint(st, ==, KCV_ERR_KERNEL_SIZE);
  g_assert_cmpint(err.line, ==, KCV_KERNEL_MAX + 1);
  g_assert_nonnull(strstr(err.message, "more than 1025 rows"));
  g_string_free(s, TRUE);
}

/* ---- CSV ----------------------------------------------------------------- */

static void test_csv_parse(void)
{
  static const float gauss[9] = {0.0625f, 0.125f,  0.0625f, 0.125f, 0.25f,
                                 0.125f,  0.0625f, 0.125f,  0.0625f};
  kcv_kernel_file f = load_ok("gauss3.csv", KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_CSV);
  assert_kernel(f.kernel, 3, 3, gauss); /* the header "a,b,c" is skipped */
  g_assert_cmpfloat(f.divisor, ==, 0.0);
  kcv_kernel_file_clear(&f);

  /* Semicolons with decimal commas, a byte order mark and CRLF. */
  static const float dc[4] = {1.5f, -2, 0.25f, 300};
  f = load_ok("decimal-comma.csv", KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_CSV);
  assert_kernel(f.kernel, 2, 2, dc);
  kcv_kernel_file_clear(&f);

  /* Tab-separated, saved as .csv. */
  const char *tsv = "1.5\t-2\n0.25\t300\n";
  kcv_error terr;
  g_assert_cmpint(parse_exact(tsv, strlen(tsv), KCV_KERNEL_FORMAT_CSV, &f, &terr), ==, KCV_OK);
  assert_kernel(f.kernel, 2, 2, dc);
  kcv_kernel_file_clear(&f);

  /* Quoted fields, as some spreadsheets write every field. */
  kcv_error err;
  const char *t = "\"a\",\"b\"\n\"1.5\", -2\n0.25,\"300\"\n";
  g_assert_cmpint(parse_exact(t, strlen(t), KCV_KERNEL_FORMAT_CSV, &f, &err), ==, KCV_OK);
  assert_kernel(f.kernel, 2, 2, dc);
  kcv_kernel_file_clear(&f);
}

static void test_csv_round_trip(void)
{
  round_trip(KCV_KERNEL_FORMAT_CSV, ".csv", 0, 0);
}

static void test_csv_errors(void)
{
  static const bad_case cases[] = {
      {"", KCV_KERNEL_FORMAT_CSV, KCV_ERR_PARSE, 1, "empty"},
      {"a,b\n", KCV_KERNEL_FORMAT_CSV, KCV_ERR_PARSE, 1, "empty"},
      {"1,2,3\n4,5\n", KCV_KERNEL_FORMAT_CSV, KCV_ERR_PARSE, 2, "has 2 numbers"},
      {"x,y\n1,2\nz,3\n", KCV_KERNEL_FORMAT_CSV, KCV_ERR_PARSE, 3, "\"z\" is not a number"},
      {"1,,3\n", KCV_KERNEL_FORMAT_CSV, KCV_ERR_PARSE, 1, "column 3: empty field"},
      {"1,2,\n", KCV_KERNEL_FORMAT_CSV, KCV_ERR_PARSE, 1, "missing after it"},
      {"1;2\n3;NAN\n", KCV_KERNEL_FORMAT_CSV, KCV_ERR_PARSE, 2, "column 3"},
      {"1,2\n3,4 5\n", KCV_KERNEL_FORMAT_CSV, KCV_ERR_PARSE, 2, "column 5: ',' is missing"},
  };
  check_bad(cases, G_N_ELEMENTS(cases));
}

/* ---- G'MIC --------------------------------------------------------------- */

static void test_gmic_parse(void)
{
  static const float lap[9] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
  kcv_kernel_file f = load_ok("laplacian.gmic", KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_GMIC);
  assert_kernel(f.kernel, 3, 3, lap);
  kcv_kernel_file_clear(&f);

  kcv_error err;
  const char *t = "(0,1,0;1,-4,1;0,1,0)";
  g_assert_cmpint(parse_exact(t, strlen(t), KCV_KERNEL_FORMAT_AUTO, &f, &err), ==, KCV_OK);
  g_assert_cmpint(f.format, ==, KCV_KERNEL_FORMAT_GMIC);
  assert_kernel(f.kernel, 3, 3, lap);
  kcv_kernel_file_clear(&f);

  t = "( 2 )";
  static const float two[1] = {2};
  g_assert_cmpint(parse_exact(t, strlen(t), KCV_KERNEL_FORMAT_GMIC, &f, &err), ==, KCV_OK);
  assert_kernel(f.kernel, 1, 1, two);
  kcv_kernel_file_clear(&f);

  kcv_kernel *k = kcv_kernel_new(3, 3);
  memcpy(k->data, lap, sizeof lap);
  char *text = kcv_kernel_file_to_text(k, KCV_KERNEL_FORMAT_GMIC, 0, 0);
  g_assert_cmpstr(text, ==, "(0,1,0;1,-4,1;0,1,0)\n");
  g_free(text);
  kcv_kernel_free(k);
}

static void test_gmic_round_trip(void)
{
  round_trip(KCV_KERNEL_FORMAT_GMIC, ".gmic", 0, 0);
}

static void test_gmic_errors(void)
{
  static const bad_case cases[] = {
      {"", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 1, "empty"},
      {"0,1,0", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 1, "starts with '('"},
      {"(0,1,0;1,-4)", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 1, "has 2 numbers"},
      {"(0,1\n;1,-4,\n1)", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 2, "has 3 numbers"},
      {"(0,1;2,3", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 1, "closing ')'"},
      {"(0,1;\n2,", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 2, "closing ')'"},
      {"(0,,1)", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 1, "column 4"},
      {"(0,1/2,3)", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 1, "not a number"},
      {"(0 1)", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 1, "column 4"},
      {"(0,inf)", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 1, "NaN and infinity"},
      {"(1)\n(2)", KCV_KERNEL_FORMAT_GMIC, KCV_ERR_PARSE, 2, "after the closing"},
  };
  check_bad(cases, G_N_ELEMENTS(cases));
}

/* ---- .acf ---------------------------------------------------------------- */

static void test_acf_parse(void)
{
  static const float want[25] = {0,  0, 0, 0,  0,  0,  -1, -1,  -1, 0, 0, -1,  12,
                                 -1, 0, 0, -1, -1, -1, 0,  300, 0,  0, 0, -300};
  kcv_kernel_file f = load_ok("sharpen.acf", KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_ACF);
  assert_kernel(f.kernel, 5, 5, want);
  g_assert_cmpfloat(f.divisor, ==, 4.0);
  g_assert_cmpfloat(f.offset, ==, -10.0 / 255.0); /* 8-bit units in the file */
  kcv_kernel_file_clear(&f);

  /* Scale 0 means 1 in Photoshop. */
  f = load_ok("zero-scale.acf", KCV_KERNEL_FORMAT_AUTO, KCV_KERNEL_FORMAT_ACF);
  g_assert_cmpfloat(f.divisor, ==, 1.0);
  g_assert_cmpfloat(f.offset, ==, 0.0);
  kcv_kernel_file_clear(&f);

  /* Binary content without the extension is taken for .acf. */
  char *path = data_path("sharpen.acf");
  char *bytes = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(path, &bytes, &len, NULL));
  kcv_error err;
  g_assert_cmpint(parse_exact(bytes, len, KCV_KERNEL_FORMAT_AUTO, &f, &err), ==, KCV_OK);
  g_assert_cmpint(f.format, ==, KCV_KERNEL_FORMAT_ACF);
  assert_kernel(f.kernel, 5, 5, want);
  kcv_kernel_file_clear(&f);
  g_free(bytes);
  g_free(path);
}

static void test_acf_errors(void)
{
  char *path = data_path("truncated.acf");
  kcv_kernel_file f;
  kcv_error err;
  kcv_status st = kcv_kernel_file_load(path, KCV_KERNEL_FORMAT_AUTO, &f, &err);
  g_assert_cmpint(st, ==, KCV_ERR_PARSE);
  g_assert_null(f.kernel);
  g_assert_nonnull(strstr(err.message, "truncated: 40 bytes, 54 expected"));
  g_free(path);

  st = parse_exact("", 0, KCV_KERNEL_FORMAT_ACF, &f, &err);
  g_assert_cmpint(st, ==, KCV_ERR_PARSE);
  g_assert_nonnull(strstr(err.message, "empty"));

  char big[60] = {0};
  st = parse_exact(big, sizeof big, KCV_KERNEL_FORMAT_ACF, &f, &err);
  g_assert_cmpint(st, ==, KCV_ERR_FORMAT);
  g_assert_nonnull(strstr(err.message, "60 bytes"));

  /* Read only. */
  kcv_kernel *k = kcv_kernel_new(5, 5);
  char *out = g_strdup_printf("%s/out.acf", tmp_dir);
  st = kcv_kernel_file_save(out, KCV_KERNEL_FORMAT_AUTO, k, 0, 0, &err);
  g_assert_cmpint(st, ==, KCV_ERR_FORMAT);
  g_assert_nonnull(strstr(err.message, "cannot be saved"));
  g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
  g_assert_null(kcv_kernel_file_to_text(k, KCV_KERNEL_FORMAT_ACF, 0, 0));
  g_free(out);
  kcv_kernel_free(k);
}

/* ---- choosing the format ------------------------------------------------- */

static void test_format_from_name(void)
{
  g_assert_cmpint(kcv_kernel_format_from_name("a/b.mat"), ==, KCV_KERNEL_FORMAT_MAT);
  g_assert_cmpint(kcv_kernel_format_from_name("K.TXT"), ==, KCV_KERNEL_FORMAT_IMAGEJ);
  g_assert_cmpint(kcv_kernel_format_from_name("x.y.csv"), ==, KCV_KERNEL_FORMAT_CSV);
  g_assert_cmpint(kcv_kernel_format_from_name("f.acf"), ==, KCV_KERNEL_FORMAT_ACF);
  g_assert_cmpint(kcv_kernel_format_from_name("f.gmic"), ==, KCV_KERNEL_FORMAT_GMIC);
  g_assert_cmpint(kcv_kernel_format_from_name("dir.mat/kernel"), ==, KCV_KERNEL_FORMAT_AUTO);
  g_assert_cmpint(kcv_kernel_format_from_name(".mat"), ==, KCV_KERNEL_FORMAT_AUTO);
  g_assert_cmpint(kcv_kernel_format_from_name("kernel.png"), ==, KCV_KERNEL_FORMAT_AUTO);
  g_assert_cmpint(kcv_kernel_format_from_name(NULL), ==, KCV_KERNEL_FORMAT_AUTO);
  for (int f = 0; f < KCV_KERNEL_FORMAT_COUNT; f++)
    g_assert_nonnull(kcv_kernel_format_name((kcv_kernel_format)f));
  g_assert_null(kcv_kernel_format_name(KCV_KERNEL_FORMAT_COUNT));
  g_assert_cmpstr(kcv_kernel_format_extension(KCV_KERNEL_FORMAT_MAT), ==, ".mat");
  g_assert_null(kcv_kernel_format_extension(KCV_KERNEL_FORMAT_AUTO));
}

static void test_format_detect(void)
{
  static const struct {
    const char *text;
    kcv_kernel_format want;
    int w, h;
  } cases[] = {
      {"3 3\n0 1 0\n1 -4 1\n0 1 0\n", KCV_KERNEL_FORMAT_MAT, 3, 3},
      {"2 2 4\n1 1\n1 1\n", KCV_KERNEL_FORMAT_MAT, 2, 2},
      {"3 1 3 0\n1,1,1\n", KCV_KERNEL_FORMAT_MAT, 3, 1},
      {"1 2 3\n4 5 6\n", KCV_KERNEL_FORMAT_IMAGEJ, 3, 2},
      {"1 1\n1 1\n1 1\n", KCV_KERNEL_FORMAT_IMAGEJ, 2, 3},
      {"3 3\n", KCV_KERNEL_FORMAT_IMAGEJ, 2, 1},
      {"0.5 0.5\n", KCV_KERNEL_FORMAT_IMAGEJ, 2, 1},
      {"1,2\n3,4\n", KCV_KERNEL_FORMAT_CSV, 2, 2},
      {"w;h\n1;2\n", KCV_KERNEL_FORMAT_CSV, 2, 1},
      {"  (1,2;3,4)\n", KCV_KERNEL_FORMAT_GMIC, 2, 2},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    kcv_kernel_file f;
    kcv_error err;
    kcv_status st =
        parse_exact(cases[i].text, strlen(cases[i].text), KCV_KERNEL_FORMAT_AUTO, &f, &err);
    if (st != KCV_OK)
      g_error("\"%s\": %s", cases[i].text, err.message);
    g_assert_cmpstr(kcv_kernel_format_name(f.format), ==, kcv_kernel_format_name(cases[i].want));
    g_assert_cmpint(f.kernel->width, ==, cases[i].w);
    g_assert_cmpint(f.kernel->height, ==, cases[i].h);
    kcv_kernel_file_clear(&f);
  }
  /* A .mat as wide as kernels go is still told from its header. */
  {
    kcv_kernel *wide = kcv_kernel_new(KCV_KERNEL_MAX, 2);
    char *text = kcv_kernel_file_to_text(wide, KCV_KERNEL_FORMAT_MAT, 3, 0);
    kcv_kernel_file f;
    kcv_error err;
    g_assert_cmpint(parse_exact(text, strlen(text), KCV_KERNEL_FORMAT_AUTO, &f, &err), ==, KCV_OK);
    g_assert_cmpint(f.format, ==, KCV_KERNEL_FORMAT_MAT);
    g_assert_cmpint(f.kernel->width, ==, KCV_KERNEL_MAX);
    g_assert_cmpfloat(f.divisor, ==, 3.0);
    kcv_kernel_file_clear(&f);
    g_free(text);
    kcv_kernel_free(wide);
  }
  /* An oversized header is reported as such, not as a ragged ImageJ file. */
  kcv_kernel_file f;
  kcv_error err;
  const char *t = "2000 3\n1 2 3\n";
  g_assert_cmpint(parse_exact(t, strlen(t), KCV_KERNEL_FORMAT_AUTO, &f, &err), ==,
                  KCV_ERR_KERNEL_SIZE);
  g_assert_cmpint(err.line, ==, 1);
  /* A truncated .mat is reported against its header. */
  t = "3 3\n1 2 3\n4 5 6\n";
  g_assert_cmpint(parse_exact(t, strlen(t), KCV_KERNEL_FORMAT_AUTO, &f, &err), ==, KCV_ERR_PARSE);
  g_assert_nonnull(strstr(err.message, "announces 3"));
}

/* ---- files --------------------------------------------------------------- */

/* ".txt" is where every text format ends up; a G'MIC or .mat text saved
 * so still loads, while a broken ImageJ file keeps its own message. */
static void test_file_txt_fallback(void)
{
  static const struct {
    const char *text;
    kcv_status status;
    kcv_kernel_format format;
  } cases[] = {
      {"(1,2;3,4)\n", KCV_OK, KCV_KERNEL_FORMAT_GMIC},
      {"2 1 3\n1 2\n", KCV_OK, KCV_KERNEL_FORMAT_MAT},
      {"1,2\n3,4\n", KCV_OK, KCV_KERNEL_FORMAT_CSV},
      {"1 2\n3\n", KCV_ERR_PARSE, KCV_KERNEL_FORMAT_AUTO},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *path = g_strdup_printf("%s/k%zu.txt", tmp_dir, i);
    g_assert_true(g_file_set_contents(path, cases[i].text, -1, NULL));
    kcv_kernel_file f;
    kcv_error err;
    kcv_status st = kcv_kernel_file_load(path, KCV_KERNEL_FORMAT_AUTO, &f, &err);
    g_assert_cmpint(st, ==, cases[i].status);
    if (st == KCV_OK)
      g_assert_cmpint(f.format, ==, cases[i].format);
    else
      g_assert_nonnull(strstr(err.message, "line 2: this row has 1 number but"));
    kcv_kernel_file_clear(&f);
    g_remove(path);
    g_free(path);
  }
}

static void test_file_too_big(void)
{
  char *path = g_strdup_printf("%s/huge.txt", tmp_dir);
  FILE *f = fopen(path, "wb");
  g_assert_nonnull(f);
  /* Sparse: one byte past 64 MiB costs no disk. */
  g_assert_cmpint(fseek(f, (long)KCV_KERNEL_FILE_MAX, SEEK_SET), ==, 0);
  g_assert_cmpint(fputc('1', f), ==, '1');
  fclose(f);
  kcv_kernel_file k;
  kcv_error err;
  kcv_status st = kcv_kernel_file_load(path, KCV_KERNEL_FORMAT_AUTO, &k, &err);
  g_assert_cmpint(st, ==, KCV_ERR_IO);
  g_assert_nonnull(strstr(err.message, "larger than 64 MiB"));
  g_remove(path);
  g_free(path);

  /* The text entry point has the same limit, checked before reading. */
  st =
      kcv_kernel_file_parse("1", (size_t)KCV_KERNEL_FILE_MAX + 1, KCV_KERNEL_FORMAT_AUTO, &k, &err);
  g_assert_cmpint(st, ==, KCV_ERR_IO);
  g_assert_nonnull(strstr(err.message, "64 MiB"));
}

static void test_file_missing(void)
{
  kcv_kernel_file k;
  kcv_error err;
  kcv_status st = kcv_kernel_file_load("/nonexistent/kernel.mat", KCV_KERNEL_FORMAT_AUTO, &k, &err);
  g_assert_cmpint(st, ==, KCV_ERR_IO);
  g_assert_null(k.kernel);
  g_assert_nonnull(strstr(err.message, "cannot open"));

  kcv_kernel *kern = kcv_kernel_new(1, 1);
  st = kcv_kernel_file_save("/nonexistent/kernel.mat", KCV_KERNEL_FORMAT_AUTO, kern, 0, 0, &err);
  g_assert_cmpint(st, ==, KCV_ERR_IO);
  st = kcv_kernel_file_save("kernel.png", KCV_KERNEL_FORMAT_AUTO, kern, 0, 0, &err);
  g_assert_cmpint(st, ==, KCV_ERR_FORMAT);
  kern->data[0] = NAN;
  st = kcv_kernel_file_save("/tmp/x.mat", KCV_KERNEL_FORMAT_AUTO, kern, 0, 0, &err);
  g_assert_cmpint(st, ==, KCV_ERR_KERNEL_VALUE);
  kcv_kernel_free(kern);
}

/* Numbers in kernel files are read as strtod reads them in the "C" locale,
 * to the last bit, whatever the locale: random doubles printed with 17
 * digits, numbers longer than any buffer, and the forms at the edges. The
 * .mat offset is a double, so it carries them through; g_ascii_strtod is
 * the independent reading. */
static void check_numbers_read_exactly(void)
{
  GString *long_digits = g_string_new("0.");
  for (int i = 0; i < 380; i++) /* past number-c.c's buffer, within the parser's limit */
    g_string_append_c(long_digits, (char)('0' + (i * 7 + 3) % 10));
  g_string_append(long_digits, "e2");
  const char *forms[] = {"5.",
                         ".5",
                         "-0",
                         "+0.25",
                         "1e-400",
                         "4.9406564584124654e-324",
                         "2.2250738585072011e-308",
                         "1.7976931348623157e308",
                         "0.1000000000000000055511151231257827021181583404541015625",
                         long_digits->str,
                         "123456789012345678901234567890e-20",
                         "7E+2"};
  GRand *r = g_rand_new_with_seed(99);
  for (int i = 0; i < 3000 + (int)G_N_ELEMENTS(forms); i++) {
    char text[G_ASCII_DTOSTR_BUF_SIZE];
    const char *number = text;
    if (i < (int)G_N_ELEMENTS(forms)) {
      number = forms[i];
    } else {
      guint64 bits = ((guint64)g_rand_int(r) << 32) | g_rand_int(r);
      double v;
      memcpy(&v, &bits, sizeof v);
      if (!isfinite(v))
        continue;
      g_ascii_dtostr(text, sizeof text, v); /* shortest round-trip form, '.' */
    }
    char *mat = g_strdup_printf("1 1 1 %s\n1\n", number);
    kcv_kernel_file f;
    kcv_error err;
    kcv_status st = parse_exact(mat, strlen(mat), KCV_KERNEL_FORMAT_MAT, &f, &err);
    /* The offset is read in 8-bit units and divided by 255: exact reading
     * gives exactly the double below; beyond the offset range, an error. */
    double want = g_ascii_strtod(number, NULL) / kcv_kernel_file_offset_unit(KCV_KERNEL_FORMAT_MAT);
    if (fabs(want) > KCV_OFFSET_MAX) {
      if (st != KCV_ERR_OFFSET)
        g_error("\"%.60s\": status %d, want KCV_ERR_OFFSET (out of range)", number, st);
      g_free(mat);
      continue;
    }
    if (st != KCV_OK || memcmp(&f.offset, &want, sizeof want) != 0) {
      g_test_message("\"%.60s\": status %d (%s), read %.17g, want %.17g", number, st, err.message,
                     st == KCV_OK ? f.offset : 0.0, want);
      g_test_fail();
    }
    if (st == KCV_OK)
      kcv_kernel_file_clear(&f);
    g_free(mat);
  }
  g_rand_free(r);
  g_string_free(long_digits, TRUE);
}

static void test_numbers_exact(void)
{
  check_numbers_read_exactly();
}

/* A German locale writes "0,5" with printf and reads "0.5" as 0 with
 * strtod; kernel files must not care. */
static void test_locale(void)
{
  const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "de_DE", "fr_FR.UTF-8", "fr_FR.utf8"};
  const char *got = NULL;
  for (size_t i = 0; i < G_N_ELEMENTS(names) && !got; i++)
    got = setlocale(LC_ALL, names[i]);
  if (!got) {
    /* Not installed (a minimal Debian has only C and POSIX): compile one
     * into the temporary folder with localedef (libc-bin) and point glibc's
     * LOCPATH at it. */
    char *def = g_strdup_printf("%s/de_DE.UTF-8", tmp_dir);
    char *argv[] = {"localedef", "-i", "de_DE", "-f", "UTF-8", def, NULL};
    int status = 0;
    if (g_spawn_sync(NULL, argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL) &&
        g_file_test(def, G_FILE_TEST_IS_DIR)) {
      g_setenv("LOCPATH", tmp_dir, TRUE);
      got = setlocale(LC_ALL, "de_DE.UTF-8");
    }
    g_free(def);
  }
  if (!got) {
    g_test_skip("no locale with a decimal comma is installed or can be made");
    return;
  }
  char probe[16];
  snprintf(probe, sizeof probe, "%.1f", 0.5);
  g_assert_cmpstr(probe, ==, "0,5"); /* the locale is really in effect */
  check_numbers_read_exactly();

  kcv_kernel *k = kcv_kernel_new(2, 1);
  k->data[0] = 0.5f;
  k->data[1] = -1.25e-7f;
  char *text = kcv_kernel_file_to_text(k, KCV_KERNEL_FORMAT_MAT, 2.5, 0.5);
  g_assert_cmpstr(text, ==, "2 1 2.5 127.5\n0.5 -1.25e-07\n"); /* offset in 8-bit units */
  kcv_kernel_file f;
  kcv_error err;
  g_assert_cmpint(parse_exact(text, strlen(text), KCV_KERNEL_FORMAT_MAT, &f, &err), ==, KCV_OK);
  assert_bit_identical(k, f.kernel);
  g_assert_cmpfloat(f.divisor, ==, 2.5);
  kcv_kernel_file_clear(&f);
  g_free(text);
  kcv_kernel_free(k);
  setlocale(LC_ALL, "C");
}

/* Random edits of valid files must give a kernel or an error, never a
 * crash or a read past the end (run under ASan in CI; the libFuzzer
 * target goes much further). */
static void test_mutations(void)
{
  static const char *seeds[] = {
      "3 3\n0 1 0\n1 -4 1\n0 1 0\n", "(0,1,0;1,-4,1;0,1,0)", "a;b\n1,5;2\n3;4\n", "1 2 3\n4 5 6\n",
      "2 1 1e-3 -4\n1e5,-.5\n",
  };
  static const char alphabet[] = "0123456789+-.eE,; \t\r\n()#xnaif\xef\xbb\xbf";
  GRand *r = g_rand_new_with_seed(42);
  int iterations = g_test_thorough() ? 200000 : 20000;
  for (int it = 0; it < iterations; it++) {
    const char *seed = seeds[g_rand_int_range(r, 0, G_N_ELEMENTS(seeds))];
    size_t len = strlen(seed);
    char buf[64];
    memcpy(buf, seed, len);
    int edits = g_rand_int_range(r, 1, 5);
    for (int e = 0; e < edits; e++) {
      int op = g_rand_int_range(r, 0, 3);
      size_t pos = len ? (size_t)g_rand_int_range(r, 0, (gint32)len) : 0;
      char c = alphabet[g_rand_int_range(r, 0, sizeof alphabet - 1)];
      if (op == 0 && len > 0)
        buf[pos] = c;
      else if (op == 1 && len < sizeof buf) {
        memmove(buf + pos + 1, buf + pos, len - pos);
        buf[pos] = c;
        len++;
      } else if (len > 0) {
        memmove(buf + pos, buf + pos + 1, len - pos - 1);
        len--;
      }
    }
    if (g_rand_boolean(r))
      len = (size_t)g_rand_int_range(r, 0, (gint32)len + 1); /* cut anywhere */
    for (int format = 0; format < KCV_KERNEL_FORMAT_COUNT; format++) {
      kcv_kernel_file f;
      kcv_error err;
      kcv_status st = parse_exact(buf, len, (kcv_kernel_format)format, &f, &err);
      if (st == KCV_OK) {
        g_assert_nonnull(f.kernel);
        g_assert_cmpint(kcv_kernel_check(f.kernel), ==, KCV_OK);
      } else {
        g_assert_null(f.kernel);
        g_assert_cmpuint(strlen(err.message), >, 0);
      }
      kcv_kernel_file_clear(&f);
    }
  }
  g_rand_free(r);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp("kcv-kernels-XXXXXX", NULL);
  g_assert_nonnull(tmp_dir);

  g_test_add_func("/kernels/mat/parse", test_mat_parse);
  g_test_add_func("/kernels/mat/round-trip", test_mat_round_trip);
  g_test_add_func("/kernels/mat/auto-divisor", test_mat_auto_divisor);
  g_test_add_func("/kernels/mat/errors", test_mat_errors);
  g_test_add_func("/kernels/mat/as-libvips-reads", test_mat_as_libvips_reads);
  g_test_add_func("/kernels/file/line-ends", test_line_ends);
  g_test_add_func("/kernels/file/weight-range", test_weight_range);
  g_test_add_func("/kernels/offset/eight-bit-units", test_offset_eight_bit_units);
  g_test_add_func("/kernels/imagej/parse", test_imagej_parse);
  g_test_add_func("/kernels/imagej/round-trip", test_imagej_round_trip);
  g_test_add_func("/kernels/imagej/errors", test_imagej_errors);
  g_test_add_func("/kernels/imagej/size-limits", test_imagej_too_wide);
  g_test_add_func("/kernels/csv/parse", test_csv_parse);
  g_test_add_func("/kernels/csv/round-trip", test_csv_round_trip);
  g_test_add_func("/kernels/csv/errors", test_csv_errors);
  g_test_add_func("/kernels/gmic/parse", test_gmic_parse);
  g_test_add_func("/kernels/gmic/round-trip", test_gmic_round_trip);
  g_test_add_func("/kernels/gmic/errors", test_gmic_errors);
  g_test_add_func("/kernels/acf/parse", test_acf_parse);
  g_test_add_func("/kernels/acf/errors", test_acf_errors);
  g_test_add_func("/kernels/format/from-name", test_format_from_name);
  g_test_add_func("/kernels/format/detect", test_format_detect);
  g_test_add_func("/kernels/file/txt-fallback", test_file_txt_fallback);
  g_test_add_func("/kernels/file/too-big", test_file_too_big);
  g_test_add_func("/kernels/file/io-errors", test_file_missing);
  g_test_add_func("/kernels/file/locale", test_locale);
  g_test_add_func("/kernels/file/numbers-exact", test_numbers_exact);
  g_test_add_func("/kernels/file/mutations", test_mutations);

  int ret = g_test_run();
  char *locale_dir = g_strdup_printf("%s/de_DE.UTF-8", tmp_dir);
  if (g_file_test(locale_dir, G_FILE_TEST_IS_DIR)) {
    GDir *d = g_dir_open(locale_dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
      char *f = g_build_filename(locale_dir, name, NULL);
      if (g_file_test(f, G_FILE_TEST_IS_DIR)) { /* LC_MESSAGES/SYS_LC_MESSAGES */
        GDir *sub = g_dir_open(f, 0, NULL);
        const char *n2;
        while (sub && (n2 = g_dir_read_name(sub))) {
          char *f2 = g_build_filename(f, n2, NULL);
          g_remove(f2);
          g_free(f2);
        }
        if (sub)
          g_dir_close(sub);
      }
      g_remove(f);
      g_free(f);
    }
    if (d)
      g_dir_close(d);
    g_rmdir(locale_dir);
  }
  g_free(locale_dir);
  g_rmdir(tmp_dir);
  g_free(tmp_dir);
  return ret;
}
