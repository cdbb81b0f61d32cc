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

static double ref_sample(const kcv_image *src, int x, int y, int c, kcv_border b)
{
  int sx = ref_index(x, src->width, b), sy = ref_index(y, src->height, b);
  if (sx < 0 || sy < 0)
    return 0.0;
  return src->data[(ptrdiff_t)sy * src->stride + (ptrdiff_t)sx * src->channels + c];
}

void kcv_test_reference(const kcv_image *src, const kcv_kernel *kernel, const kcv_options *options,
                        const kcv_rect *rect, kcv_image *dst)
{
  kcv_rect whole = {0, 0, src->width, src->height};
  if (!rect)
    rect = &whole;
  const int kw = kernel->width, kh = kernel->height, C = src->channels;
  const int ax = (kw - 1) / 2, ay = (kh - 1) / 2;
  double sum = 0, abs_sum = 0;
  for (int i = 0; i < kw * kh; i++) {
    sum += kernel->data[i];
    abs_sum += fabs(kernel->data[i]);
  }
  double divisor = options->divisor;
  if (divisor == 0.0)
    divisor = (sum == 0.0 || fabs(sum) <= 1e-6 * abs_sum) ? 1.0 : sum;
  unsigned mask = options->channel_mask ? options->channel_mask : (1u << C) - 1;
  int alpha = options->alpha_weighting && (C == 2 || C == 4) ? C - 1 : -1;

  for (int y = 0; y < rect->height; y++)
    for (int x = 0; x < rect->width; x++)
      for (int c = 0; c < C; c++) {
        const int X = rect->x + x, Y = rect->y + y;
        float *d = dst->data + (ptrdiff_t)y * dst->stride + (ptrdiff_t)x * C + c;
        if (!(mask >> c & 1)) {
          *d = src->data[(ptrdiff_t)Y * src->stride + (ptrdiff_t)X * C + c];
          continue;
        }
        double num = 0, den = 0;
        for (int j = 0; j < kh; j++)
          for (int i = 0; i < kw; i++) {
            double w = kernel->data[j * kw + i];
            if (w == 0.0)
              continue; /* no tap: a NaN or Inf under it reaches nothing */
            /* correlation: tap (i, j) reads (X + i - ax, Y + j - ay);
             * convolution: it reads the mirrored position. */
            int sx = options->flip ? X + ax - i : X + i - ax;
            int sy = options->flip ? Y + ay - j : Y + j - ay;
            double v = ref_sample(src, sx, sy, c, options->border);
            if (alpha >= 0 && c != alpha) {
              double a = ref_sample(src, sx, sy, alpha, options->border);
              num += w * v * a;
              den += fabs(w) * a;
            } else {
              num += w * v;
            }
          }
        double v = num;
        if (alpha >= 0 && c != alpha)
          v = den > 1e-5 * abs_sum ? num * abs_sum / den : 0.0;
        *d = (float)(v / divisor + options->offset);
      }
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
