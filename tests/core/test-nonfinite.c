/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: NaN and infinite input pixels reach only the outputs whose
 * kernel window holds them under a non-zero weight, for every method, with
 * the value the float64 reference gives (NaN, or the infinity's sign). */
#include "kcv-test.h"

#include <math.h>
#include <string.h>

static kcv_kernel *gaussian(int side)
{
  kcv_kernel *k = kcv_kernel_new(side, side);
  const double c = (side - 1) / 2.0, s = side / 6.0;
  for (int j = 0; j < side; j++)
    for (int i = 0; i < side; i++)
      k->data[j * side + i] = (float)exp(-((i - c) * (i - c) + (j - c) * (j - c)) / (2 * s * s));
  return k;
}

/* A rank-2 kernel with zero weights (a ring of two boxes' difference):
 * the separable method's factors are non-zero where the kernel is zero. */
static kcv_kernel *ring(int side)
{
  kcv_kernel *k = kcv_kernel_new(side, side);
  for (int j = 0; j < side; j++)
    for (int i = 0; i < side; i++)
      k->data[j * side + i] =
          (i >= side / 4 && i < side - side / 4 && j >= side / 4 && j < side - side / 4) ? 0.0f
                                                                                         : 1.0f;
  return k;
}

/* 0 finite, 1 NaN, 2 +Inf, 3 -Inf. */
static int cls(float v)
{
  return isnan(v) ? 1 : isinf(v) ? (v > 0 ? 2 : 3) : 0;
}

/* Every pixel's class as the reference's, the finite ones close to it;
 * returns how many are not finite. */
static long check_against(const kcv_image *got, const kcv_image *want, const char *what)
{
  long bad = 0, wrong = 0;
  double se = 0, sw = 0, worst = 0;
  for (int y = 0; y < want->height; y++)
    for (int x = 0; x < want->width * want->channels; x++) {
      const float g = got->data[(ptrdiff_t)y * got->stride + x];
      const float w = want->data[(ptrdiff_t)y * want->stride + x];
      bad += cls(w) != 0;
      if (cls(g) != cls(w)) {
        if (wrong++ < 3)
          g_test_message("%s: sample %d of row %d is %g, want %g", what, x, y, g, w);
        continue;
      }
      if (cls(w) == 0) {
        se += (g - w) * (double)(g - w);
        sw += (double)w * w;
        worst = fmax(worst, fabs(g - w));
      }
    }
  if (wrong) {
    g_test_message("%s: %ld samples of the wrong class", what, wrong);
    g_test_fail();
  }
  if (!(sqrt(se / (sw > 0 ? sw : 1)) <= 1e-5)) {
    g_test_message("%s: finite samples off by relative RMS %g", what, sqrt(se / sw));
    g_test_fail();
  }
  return bad;
}

/* One method against want, the reference for the same options. */
static long run_case(const kcv_image *src, const kcv_kernel *k, const kcv_options *o,
                     const kcv_image *want, const char *what)
{
  KcvTestImage *got = kcv_test_image_new(src->width, src->height, src->channels, 0);
  kcv_status st = kcv_convolve(src, k, o, NULL, &got->view, NULL, NULL);
  long n = -1;
  if (st == KCV_ERR_METHOD && o->method == KCV_METHOD_SEPARABLE) {
    g_test_message("%s: separable refuses the kernel", what);
    g_test_fail();
  } else {
    g_assert_cmpint(st, ==, KCV_OK);
    n = check_against(&got->view, want, what);
  }
  kcv_test_image_free(got);
  return n;
}

static const kcv_method methods[] = {KCV_METHOD_DIRECT, KCV_METHOD_IM2COL, KCV_METHOD_FFT,
                                     KCV_METHOD_AUTO, KCV_METHOD_SEPARABLE};

/* Every method on one image, kernel, border and alpha weighting, against
 * one reference (the reference does not depend on the method). */
static void run_methods(const kcv_image *src, const kcv_kernel *k, const char *name, int low_rank,
                        kcv_border b, int aw)
{
  KcvTestImage *want = kcv_test_image_new(src->width, src->height, src->channels, 0);
  kcv_options o;
  kcv_options_init(&o);
  o.border = b;
  o.alpha_weighting = aw;
  kcv_test_reference(src, k, &o, NULL, &want->view);
  for (guint m = 0; m < G_N_ELEMENTS(methods); m++) {
    if (methods[m] == KCV_METHOD_SEPARABLE && !low_rank)
      continue; /* a disk is not of low rank */
    o.method = methods[m];
    char *what = g_strdup_printf("%s, %d channels, %s, border %d%s", name, src->channels,
                                 kcv_method_name(o.method), b, aw ? ", alpha weighting" : "");
    long n = run_case(src, k, &o, &want->view, what);
    g_assert_cmpint(n, >, 0);
    g_free(what);
  }
  kcv_test_image_free(want);
}

/* One NaN, one +Inf and one -Inf whose reaches overlap (NaN where +Inf and
 * -Inf meet), one in a corner (the border repeats it), on a grey image of
 * 1 and 4 channels, through every method and border. */
static void test_reach_matches_reference(void)
{
  kcv_kernel *kernels[] = {kcv_test_kernel_disk(15), ring(12), gaussian(11)};
  const char *names[] = {"disk 15", "ring 12", "gaussian 11"};
  for (int C = 1; C <= 4; C += 3) {
    KcvTestImage *im = kcv_test_image_random(96, 80, C, 0, 17, 0.0f, 1.0f);
    float *d = im->view.data;
    const ptrdiff_t s = im->view.stride;
    d[40 * s + 30 * C] = NAN;
    d[44 * s + 50 * C + (C - 1) / 2] = INFINITY;
    d[50 * s + 44 * C] = -INFINITY;
    d[1 * s + 1 * C + C - 1] = NAN; /* the alpha channel when C is 4 */
    for (guint ki = 0; ki < G_N_ELEMENTS(kernels); ki++)
      for (int b = 0; b < KCV_BORDER_COUNT; b++)
        for (int aw = 0; aw <= (C == 4); aw++)
          run_methods(&im->view, kernels[ki], names[ki], ki != 0, b, aw);
    kcv_test_image_free(im);
  }
  for (guint ki = 0; ki < G_N_ELEMENTS(kernels); ki++)
    kcv_kernel_free(kernels[ki]);
}

/* The outputs one interior NaN reaches: one per non-zero weight. */
static long nonzero_taps(const kcv_kernel *k)
{
  long n = 0;
  for (int i = 0; i < k->width * k->height; i++)
    n += k->data[i] != 0.0f;
  return n;
}

static long count_nan(const kcv_image *im)
{
  long n = 0;
  for (int y = 0; y < im->height; y++)
    for (int x = 0; x < im->width * im->channels; x++)
      n += !isfinite(im->data[(ptrdiff_t)y * im->stride + x]);
  return n;
}

/* The issue's cases: a 512x512 image with one NaN and a 51x51 disk (fft
 * gave 65,536 NaN outputs, a whole tile), 51x51 Gaussian through the
 * separable method (2,856: past the kernel), and 1500x1000 with a
 * 101x101 disk (375,000). Each NaN must reach one output per non-zero
 * weight, no more. */
static void test_issue_counts(void)
{
  struct {
    int w, h, side, gauss;
    kcv_method m;
  } cases[] = {{512, 512, 51, 0, KCV_METHOD_FFT},         {512, 512, 51, 0, KCV_METHOD_AUTO},
               {512, 512, 51, 0, KCV_METHOD_IM2COL},      {512, 512, 51, 1, KCV_METHOD_SEPARABLE},
               {512, 512, 51, 1, KCV_METHOD_AUTO},        {1500, 1000, 101, 0, KCV_METHOD_AUTO},
               {1500, 1000, 101, 1, KCV_METHOD_SEPARABLE}};
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    KcvTestImage *im = kcv_test_image_random(cases[i].w, cases[i].h, 1, 0, 5, 0.0f, 1.0f);
    KcvTestImage *out = kcv_test_image_new(cases[i].w, cases[i].h, 1, 0);
    im->view.data[(cases[i].h / 2 + 7) * im->view.stride + cases[i].w / 3] = NAN;
    kcv_kernel *k = cases[i].gauss ? gaussian(cases[i].side) : kcv_test_kernel_disk(cases[i].side);
    kcv_options o;
    kcv_options_init(&o);
    o.method = cases[i].m;
    g_assert_cmpint(kcv_convolve(&im->view, k, &o, NULL, &out->view, NULL, NULL), ==, KCV_OK);
    long got = count_nan(&out->view), want = nonzero_taps(k);
    if (got != want) {
      g_test_message("%dx%d, %s %d, %s: %ld outputs not finite, want %ld", cases[i].w, cases[i].h,
                     cases[i].gauss ? "gaussian" : "disk", cases[i].side,
                     kcv_method_name(cases[i].m), got, want);
      g_test_fail();
    }
    kcv_kernel_free(k);
    kcv_test_image_free(im);
    kcv_test_image_free(out);
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/core/nonfinite/reach-matches-reference", test_reach_matches_reference);
  g_test_add_func("/core/nonfinite/issue-counts", test_issue_counts);
  return g_test_run();
}
