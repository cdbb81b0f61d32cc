/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the deconvolution's periodic domain: the image padded with its
 * border mode, blended smoothly across the wrap so the FFT's periodicity
 * adds no edge for the restoration to ring from. */
#include "deconv-private.h"

#include <math.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Smallest m >= n of the form 2^a 3^b 5^c 7^d: FFTW is fast on these, and
 * they are dense enough that the padding stays close to 2 * k. */
static int fast_size(int n)
{
  for (int m = n;; m++) {
    int r = m;
    for (int p = 2; p <= 7; p++)
      while (r % p == 0)
        r /= p;
    if (r == 1)
      return m;
  }
}

int kcv__deconv_padded_side(int n, int k, kcv_border border)
{
  if (border == KCV_BORDER_WRAP)
    return n;
  return fast_size(n + 2 * k);
}

/* Weight of the near side's extension at t samples past the edge, over a
 * gap of L samples: 1 next to the edge, 0 next to the far side. */
static float taper(int t, int L)
{
  return (float)(0.5 * (1.0 + cos(M_PI * (t + 0.5) / L)));
}

/* Where sample W + t of a padded row comes from, for t < L = pw - W: the
 * border's extension on either side (-1: zero) and the near side's weight.
 * Computed once per call, not per row. */
typedef struct {
  const int *a, *b;
  const float *w;
} extension;

static extension make_extension(int W, int pw, kcv_border border, void *scratch)
{
  const int L = pw - W;
  float *w = scratch;
  int *a = (int *)(w + L), *b = a + L;
  for (int t = 0; t < L; t++) {
    a[t] = kcv_border_index(W + t, W, border);
    b[t] = kcv_border_index(t - L, W, border);
    w[t] = taper(t, L);
  }
  return (extension){a, b, w};
}

/* Source row sy (-1: zeros) of channel c, padded to pw samples. */
static void pad_row(const kcv_image *src, int c, int sy, const extension *e, int pw, float *d)
{
  const int W = src->width, C = src->channels, L = pw - W;
  if (sy < 0) {
    memset(d, 0, (size_t)pw * sizeof(float));
    return;
  }
  const float *row = src->data + (ptrdiff_t)sy * src->stride;
  for (int x = 0; x < W; x++)
    d[x] = row[(ptrdiff_t)x * C + c];
  for (int t = 0; t < L; t++) {
    const float ea = e->a[t] < 0 ? 0.0f : row[(ptrdiff_t)e->a[t] * C + c];
    const float eb = e->b[t] < 0 ? 0.0f : row[(ptrdiff_t)e->b[t] * C + c];
    d[W + t] = e->w[t] * ea + (1.0f - e->w[t]) * eb;
  }
}

void kcv__deconv_pad_rows(const kcv_image *src, int c, kcv_border border, int pw, int ph, int y0,
                          int y1, float *dst, ptrdiff_t stride, float *scratch)
{
  const int H = src->height, L = ph - H;
  float *ra = scratch, *rb = scratch + pw;
  const extension e = make_extension(src->width, pw, border, scratch + 2 * pw);
  for (int y = y0; y < y1; y++) {
    float *d = dst + (ptrdiff_t)(y - y0) * stride;
    if (y < H) {
      pad_row(src, c, y, &e, pw, d);
      continue;
    }
    const int t = y - H;
    pad_row(src, c, kcv_border_index(H + t, H, border), &e, pw, ra);
    pad_row(src, c, kcv_border_index(t - L, H, border), &e, pw, rb);
    const float w = taper(t, L);
    for (int x = 0; x < pw; x++)
      d[x] = w * ra[x] + (1.0f - w) * rb[x];
  }
}
