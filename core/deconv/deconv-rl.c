/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: Richardson-Lucy deconvolution with an optional total-variation
 * weight (Dey et al. 2006). Each iteration runs the channels in parallel
 * and reports progress, so cancel is honoured between iterations. */
#include "deconv-private.h"

#include <math.h>

/* The total-variation factor needs the estimate before the update. */
static float unit_gradient(const float *u, int pw, int ph, int x, int y, float *ny)
{
  const float c = u[(ptrdiff_t)y * pw + x];
  const float ux = u[(ptrdiff_t)y * pw + (x + 1 == pw ? 0 : x + 1)] - c;
  const float uy = u[(ptrdiff_t)(y + 1 == ph ? 0 : y + 1) * pw + x] - c;
  const float norm = sqrtf(ux * ux + uy * uy + (float)(KCV_DECONV_TV_EPS * KCV_DECONV_TV_EPS));
  *ny = uy / norm;
  return ux / norm;
}

/* tv[p] = 1 / max(1 - weight * div(grad u / |grad u|), MIN_FACTOR), with
 * forward differences for the gradient and backward ones for the
 * divergence, periodic like the domain. */
static void tv_factor(const float *u, int pw, int ph, float weight, float *tv)
{
  for (int y = 0; y < ph; y++)
    for (int x = 0; x < pw; x++) {
      float ny, nyu, nyl;
      const float nx = unit_gradient(u, pw, ph, x, y, &ny);
      const float nxl = unit_gradient(u, pw, ph, x == 0 ? pw - 1 : x - 1, y, &nyl);
      (void)unit_gradient(u, pw, ph, x, y == 0 ? ph - 1 : y - 1, &nyu);
      (void)nyl;
      float f = 1.0f - weight * ((nx - nxl) + (ny - nyu));
      if (f < (float)KCV_DECONV_TV_MIN_FACTOR)
        f = (float)KCV_DECONV_TV_MIN_FACTOR;
      tv[(ptrdiff_t)y * pw + x] = 1.0f / f;
    }
}

/* Real plane r filtered by the PSF (conj: its mirror), into r. */
static void filter(kcv__deconv *d, int i, float *r, int conj)
{
  const size_t bins = (size_t)d->cw * d->ph;
  fftwf_complex *s = d->spec[i];
  const float sign = conj ? -1.0f : 1.0f;
  fftwf_execute_dft_r2c(d->r2c, r, s);
  for (size_t k = 0; k < bins; k++) {
    const float hr = d->psf_hat[k][0], hi = sign * d->psf_hat[k][1];
    const float sr = s[k][0], si = s[k][1];
    s[k][0] = hr * sr - hi * si;
    s[k][1] = hr * si + hi * sr;
  }
  fftwf_execute_dft_c2r(d->c2r, s, r);
}

static kcv_status rl_task(void *ctx, int i, void *scratch)
{
  kcv__deconv *d = ctx;
  const size_t n = (size_t)d->pw * d->ph;
  float *u = d->u[i], *t = d->tmp[i], *tv = scratch;
  const float *g = d->g[i];
  if (tv)
    tv_factor(u, d->pw, d->ph, (float)d->opt.regularisation, tv);
  for (size_t k = 0; k < n; k++)
    t[k] = u[k];
  filter(d, i, t, 0);
  for (size_t k = 0; k < n; k++)
    t[k] = t[k] > 0.0f ? g[k] / t[k] : 0.0f;
  filter(d, i, t, 1);
  for (size_t k = 0; k < n; k++) {
    float v = u[k] * t[k];
    if (tv)
      v *= tv[k];
    u[k] = v > 0.0f ? v : 0.0f;
  }
  return KCV_OK;
}

typedef struct {
  kcv_progress_fn fn;
  void *user_data;
  int iteration, iterations;
} rl_progress;

static int iteration_progress(double fraction, void *user_data)
{
  rl_progress *p = user_data;
  return p->fn((p->iteration + fraction) / p->iterations, p->user_data);
}

kcv_status kcv__deconv_rl(kcv__deconv *d, kcv_progress_fn progress, void *user_data)
{
  const size_t n = (size_t)d->pw * d->ph;
  /* Richardson-Lucy is for non-negative data: negative samples (noise
   * around black, HDR) count as 0. */
  for (int i = 0; i < d->n; i++)
    for (size_t k = 0; k < n; k++) {
      if (!(d->g[i][k] > 0.0f))
        d->g[i][k] = 0.0f;
      d->u[i][k] = d->g[i][k];
    }
  const size_t scratch = d->opt.regularisation > 0 ? n * sizeof(float) : 0;
  rl_progress p = {progress, user_data, 0, d->opt.iterations};
  kcv_status st = KCV_OK;
  for (; p.iteration < p.iterations && st == KCV_OK; p.iteration++)
    st = kcv__parallel(d->n, d->opt.threads, scratch, rl_task, d,
                       progress ? iteration_progress : NULL, &p);
  return st;
}
