/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: Richardson-Lucy deconvolution with an optional total-variation
 * weight (Dey et al. 2006), filtering by FFT (the PSFs with many non-zero
 * taps; deconv-rl-direct.c does the others). Each step is split into tasks
 * over channels and bands, and reports progress, so cancel is honoured
 * within an iteration. */
#include "deconv-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* The FFT's rounding leaves an absolute error of a few float epsilons
 * times log2 of the domain's size times the largest sample on every
 * filtered sample, of either sign. Where the blurred estimate is truly 0
 * (image pixels whose PSF reaches only a transparent border's zeros) that
 * noise is all there is, and g / noise is a ratio of 1e7 that the next
 * filtering spreads as noise over the whole plane. Below this fraction of
 * the largest observed sample the estimate counts as 0, as an exact 0 does
 * in the direct sums: measured on 1024 x 1024 with a one-sided PSF, 1e-7
 * still diverges and 1e-6 matches the direct path to 1e-5; values 1e5
 * times darker than the brightest are below what 16-bit data resolves. */
#define RL_FLOOR 1e-5

/* The total-variation factor needs the estimate before the update. */
static float unit_gradient(const float *u, ptrdiff_t s, int pw, int ph, int x, int y, float *ny)
{
  const float c = u[(ptrdiff_t)y * s + x];
  const float ux = u[(ptrdiff_t)y * s + (x + 1 == pw ? 0 : x + 1)] - c;
  const float uy = u[(ptrdiff_t)(y + 1 == ph ? 0 : y + 1) * s + x] - c;
  const float norm = sqrtf(ux * ux + uy * uy + (float)(KCV_DECONV_TV_EPS * KCV_DECONV_TV_EPS));
  *ny = uy / norm;
  return ux / norm;
}

/* Forward differences for the gradient and backward ones for the
 * divergence, periodic like the domain. */
void kcv__deconv_tv_rows(const float *u, ptrdiff_t stride, int pw, int ph, int y0, int y1,
                         float weight, float *tv)
{
  for (int y = y0; y < y1; y++)
    for (int x = 0; x < pw; x++) {
      float ny, nyu, nyl;
      const float nx = unit_gradient(u, stride, pw, ph, x, y, &ny);
      const float nxl = unit_gradient(u, stride, pw, ph, x == 0 ? pw - 1 : x - 1, y, &nyl);
      (void)unit_gradient(u, stride, pw, ph, x, y == 0 ? ph - 1 : y - 1, &nyu);
      (void)nyl;
      float f = 1.0f - weight * ((nx - nxl) + (ny - nyu));
      if (f < (float)KCV_DECONV_TV_MIN_FACTOR)
        f = (float)KCV_DECONV_TV_MIN_FACTOR;
      tv[(ptrdiff_t)y * stride + x] = 1.0f / f;
    }
}

float kcv__deconv_rl_floor(const kcv__deconv *d, int i)
{
  float top = 0.0f;
  for (int y = 0; y < d->ph; y++) {
    const float *g = d->g[i] + (ptrdiff_t)y * d->ps;
    for (int x = 0; x < d->pw; x++)
      top = g[x] > top ? g[x] : top;
  }
  const float lo = (float)(RL_FLOOR * top);
  return lo > FLT_MIN ? lo : FLT_MIN;
}

typedef struct {
  kcv__deconv *d;
  float *tv[4]; /* per channel: the total-variation factor, or NULL */
  float lo[4];  /* per channel: the ratio's floor */
  int step;     /* 0: start, 1: ratio (and TV factor), 2: update */
} rl_fft;

static kcv_status band_task(void *ctx, int index, void *scratch)
{
  const rl_fft *r = ctx;
  const kcv__deconv *d = r->d;
  const int bands = kcv__deconv_bands(d), i = index / bands;
  const int y0 = index % bands * KCV__DECONV_BAND;
  const int y1 = y0 + KCV__DECONV_BAND < d->ph ? y0 + KCV__DECONV_BAND : d->ph;
  float *u = d->u[i], *t = d->tmp[i], *g = d->g[i], *tv = r->tv[i];
  (void)scratch;
  for (int y = y0; y < y1; y++) {
    const ptrdiff_t k = (ptrdiff_t)y * d->ps;
    if (r->step == 0)
      kcv__deconv_start(u + k, g + k, d->pw);
    else if (r->step == 1)
      kcv__deconv_ratio(t + k, g + k, t + k, r->lo[i], d->pw);
    else
      kcv__deconv_update(u + k, t + k, tv ? tv + k : NULL, d->pw);
  }
  if (r->step == 1 && tv)
    kcv__deconv_tv_rows(u, d->ps, d->pw, d->ph, y0, y1, (float)d->opt.regularisation, tv);
  return KCV_OK;
}

static kcv_status iterate(kcv__deconv *d, rl_fft *r)
{
  const int tasks = d->n * kcv__deconv_bands(d), n = d->opt.iterations;
  r->step = 0;
  kcv_status st = kcv__deconv_run(d, tasks, 0, band_task, r, 0, 0);
  for (int i = 0; i < d->n; i++)
    r->lo[i] = kcv__deconv_rl_floor(d, i);
  for (int it = 0; it < n && st == KCV_OK; it++) {
    const double f0 = (double)it / n, q = 0.25 / n;
    st = kcv__deconv_fft_filter(d, d->u, d->tmp, KCV__DECONV_CONVOLVE, f0, f0 + q);
    r->step = 1;
    if (st == KCV_OK)
      st = kcv__deconv_run(d, tasks, 0, band_task, r, f0 + q, f0 + 2 * q);
    if (st == KCV_OK)
      st = kcv__deconv_fft_filter(d, d->tmp, d->tmp, KCV__DECONV_MIRROR, f0 + 2 * q, f0 + 3 * q);
    r->step = 2;
    if (st == KCV_OK)
      st = kcv__deconv_run(d, tasks, 0, band_task, r, f0 + 3 * q, f0 + 4 * q);
  }
  return st;
}

kcv_status kcv__deconv_rl(kcv__deconv *d)
{
  rl_fft r = {.d = d};
  kcv_status st = KCV_OK;
  for (int i = 0; i < d->n && d->opt.regularisation > 0; i++)
    if (!(r.tv[i] = kcv__malloc((size_t)d->ps * d->ph * sizeof(float))))
      st = KCV_ERR_NOMEM;
  if (st == KCV_OK)
    st = iterate(d, &r);
  for (int i = 0; i < 4; i++)
    kcv__free(r.tv[i]);
  return st;
}
