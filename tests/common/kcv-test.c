/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: a naive float64 reference written from the definitions, with
 * no code shared with the core, and image comparison that says where. */
#include "kcv-test.h"

#include <math.h>
#include <string.h>

KcvTestImage *kcv_test_image_new(int width, int height, int channels, int extra_stride)
{
  KcvTestImage *im = g_new0(KcvTestImage, 1);
  ptrdiff_t stride = (ptrdiff_t)width * channels + extra_stride;
  im->alloc = g_new0(float, (gsize)stride *height);
  im->view = (kcv_image){im->alloc, width, height, channels, stride};
  return im;
}

KcvTestImage *kcv_test_image_random(int width, int height, int channels, int extra_stride,
                                    guint32 seed, float lo, float hi)
{
  KcvTestImage *im = kcv_test_image_new(width, height, channels, extra_stride);
  GRand *r = g_rand_new_with_seed(seed);
  ptrdiff_t n = im->view.stride * height;
  for (ptrdiff_t i = 0; i < n; i++)
    im->alloc[i] = (float)g_rand_double_range(r, lo, hi);
  g_rand_free(r);
  return im;
}

gboolean kcv_test_small(void)
{
  const char *v = g_getenv("KCV_TEST_SMALL");
  return v && *v && strcmp(v, "0") != 0;
}

void kcv_test_image_free(KcvTestImage *image)
{
  if (!image)
    return;
  g_free(image->alloc);
  g_free(image);
}

kcv_kernel *kcv_test_kernel_random(int width, int height, guint32 seed)
{
  kcv_kernel *k = kcv_kernel_new(width, height);
  GRand *r = g_rand_new_with_seed(seed);
  for (int i = 0; i < width * height; i++)
    k->data[i] = (float)g_rand_double_range(r, -1.0, 1.0);
  g_rand_free(r);
  return k;
}

kcv_kernel *kcv_test_kernel_disk(int side)
{
  kcv_kernel *k = kcv_kernel_new(side, side);
  const double c = (side - 1) / 2.0, r = side / 2.0;
  for (int j = 0; j < side; j++)
    for (int i = 0; i < side; i++)
      k->data[j * side + i] = (i - c) * (i - c) + (j - c) * (j - c) <= r * r ? 1.0f : 0.0f;
  return k;
}

void kcv_test_assert_kernel_equal(const kcv_kernel *a, const kcv_kernel *b)
{
  g_assert_nonnull(a);
  g_assert_nonnull(b);
  g_assert_cmpint(a->width, ==, b->width);
  g_assert_cmpint(a->height, ==, b->height);
  for (int i = 0; i < a->width * a->height; i++)
    g_assert_cmpfloat(a->data[i], ==, b->data[i]);
}

/* Border extension from the definitions: reflect step by step for mirror. */
static int ref_index(int i, int n, kcv_border b)
{
  if (i >= 0 && i < n)
    return i;
  switch (b) {
  case KCV_BORDER_CLAMP:
    return i < 0 ? 0 : n - 1;
  case KCV_BORDER_WRAP:
    return ((i % n) + n) % n;
  case KCV_BORDER_MIRROR:
    while (i < 0 || i >= n)
      i = i < 0 ? -1 - i : 2 * n - 1 - i;
    return i;
  default:
    return -1;
  }
}

/* One non-zero tap of the kernel: its weight, column i and row j. */
typedef struct {
  double w;
  int i, j;
} RefTap;

/* The non-zero taps in the kernel's row order (zero taps are no taps: a NaN
 * or Inf under one reaches nothing). */
static int ref_taps(const kcv_kernel *kernel, RefTap *taps)
{
  int n = 0;
  for (int j = 0; j < kernel->height; j++)
    for (int i = 0; i < kernel->width; i++) {
      double w = kernel->data[j * kernel->width + i];
      if (w != 0.0)
        taps[n++] = (RefTap){w, i, j};
    }
  return n;
}

/* Where kernel column (or row) i reads for output column (or row) X, as a
 * source offset (index times step), -1 where a transparent border reads
 * nothing. Correlation: tap i reads X + i - a; convolution: the mirrored
 * position. */
static void ref_lines(int X, int k, int n, int flip, kcv_border b, ptrdiff_t step, ptrdiff_t *off)
{
  const int a = (k - 1) / 2;
  for (int i = 0; i < k; i++) {
    int s = ref_index(flip ? X + a - i : X + i - a, n, b);
    off[i] = s < 0 ? -1 : s * step;
  }
}

/* The source offsets each tap reads, from the border-extended columns and
 * rows of the output pixel; -1 where the border gives 0.0. */
static void ref_offsets(const RefTap *taps, int n, const ptrdiff_t *xoff, const ptrdiff_t *yoff,
                        ptrdiff_t *at)
{
  for (int t = 0; t < n; t++) {
    const ptrdiff_t x = xoff[taps[t].i], y = yoff[taps[t].j];
    at[t] = x < 0 || y < 0 ? -1 : x + y;
  }
}

static double ref_at(const kcv_image *src, ptrdiff_t at, int c)
{
  return at < 0 ? 0.0 : src->data[at + c];
}

/* Channel c of one output pixel: the weighted sum over the taps, alpha
 * weighted (normalised by the alpha under the kernel) when alpha >= 0. */
static double ref_pixel(const kcv_image *src, const RefTap *taps, int n, const ptrdiff_t *at, int c,
                        int alpha, double abs_sum)
{
  double num = 0, den = 0;
  for (int t = 0; t < n; t++) {
    double v = ref_at(src, at[t], c);
    if (alpha >= 0 && c != alpha) {
      double a = ref_at(src, at[t], alpha);
      num += taps[t].w * v * a;
      den += fabs(taps[t].w) * a;
    } else {
      num += taps[t].w * v;
    }
  }
  if (alpha >= 0 && c != alpha)
    return den > 1e-5 * abs_sum ? num * abs_sum / den : 0.0;
  return num;
}

void kcv_test_reference(const kcv_image *src, const kcv_kernel *kernel, const kcv_options *options,
                        const kcv_rect *rect, kcv_image *dst)
{
  kcv_rect whole = {0, 0, src->width, src->height};
  if (!rect)
    rect = &whole;
  const int C = src->channels, size = kernel->width * kernel->height;
  double sum = 0, abs_sum = 0;
  for (int i = 0; i < size; i++) {
    sum += kernel->data[i];
    abs_sum += fabs(kernel->data[i]);
  }
  double divisor = options->divisor;
  if (divisor == 0.0)
    divisor = (sum == 0.0 || fabs(sum) <= 1e-6 * abs_sum) ? 1.0 : sum;
  unsigned mask = options->channel_mask ? options->channel_mask : (1u << C) - 1;
  int alpha = options->alpha_weighting && (C == 2 || C == 4) ? C - 1 : -1;
  RefTap *taps = g_new(RefTap, size);
  ptrdiff_t *at = g_new(ptrdiff_t, size);
  ptrdiff_t *xoff = g_new(ptrdiff_t, kernel->width), *yoff = g_new(ptrdiff_t, kernel->height);
  const int n = ref_taps(kernel, taps);

  for (int y = 0; y < rect->height; y++) {
    const int Y = rect->y + y;
    ref_lines(Y, kernel->height, src->height, options->flip, options->border, src->stride, yoff);
    for (int x = 0; x < rect->width; x++) {
      const int X = rect->x + x;
      ref_lines(X, kernel->width, src->width, options->flip, options->border, C, xoff);
      ref_offsets(taps, n, xoff, yoff, at);
      for (int c = 0; c < C; c++) {
        float *d = dst->data + (ptrdiff_t)y * dst->stride + (ptrdiff_t)x * C + c;
        if (!(mask >> c & 1)) {
          *d = src->data[(ptrdiff_t)Y * src->stride + (ptrdiff_t)X * C + c];
          continue;
        }
        double v = ref_pixel(src, taps, n, at, c, alpha, abs_sum);
        *d = (float)(v / divisor + options->offset);
      }
    }
  }
  g_free(yoff);
  g_free(xoff);
  g_free(at);
  g_free(taps);
}

KcvTestDiff kcv_test_compare(const kcv_image *got, const kcv_image *want)
{
  KcvTestDiff r = {0};
  double se = 0, sw = 0;
  for (int y = 0; y < want->height; y++)
    for (int x = 0; x < want->width; x++)
      for (int c = 0; c < want->channels; c++) {
        double g = got->data[(ptrdiff_t)y * got->stride + (ptrdiff_t)x * got->channels + c];
        double w = want->data[(ptrdiff_t)y * want->stride + (ptrdiff_t)x * want->channels + c];
        double e = fabs(g - w);
        if (!(e <= r.max_abs)) { /* also catches NaN */
          r.max_abs = isnan(e) ? INFINITY : e;
          r.worst_x = x, r.worst_y = y, r.worst_c = c;
        }
        se += isnan(e) ? INFINITY : e * e;
        sw += w * w;
      }
  r.rel_rms = sw > 0 ? sqrt(se / sw) : sqrt(se);
  return r;
}

void kcv_test_assert_close(const kcv_image *got, const kcv_image *want, double rel_rms_max,
                           double max_abs_max, const char *what)
{
  g_assert_cmpint(got->width, ==, want->width);
  g_assert_cmpint(got->height, ==, want->height);
  g_assert_cmpint(got->channels, ==, want->channels);
  KcvTestDiff d = kcv_test_compare(got, want);
  if (!(d.rel_rms <= rel_rms_max && d.max_abs <= max_abs_max)) {
    const float *g = got->data + (ptrdiff_t)d.worst_y * got->stride +
                     (ptrdiff_t)d.worst_x * got->channels + d.worst_c;
    const float *w = want->data + (ptrdiff_t)d.worst_y * want->stride +
                     (ptrdiff_t)d.worst_x * want->channels + d.worst_c;
    g_test_message("%s: relative RMS %.3g (limit %.3g), worst |diff| %.3g (limit %.3g) at "
                   "x=%d y=%d channel %d: got %.9g, want %.9g",
                   what, d.rel_rms, rel_rms_max, d.max_abs, max_abs_max, d.worst_x, d.worst_y,
                   d.worst_c, *g, *w);
    g_test_fail();
  }
}
