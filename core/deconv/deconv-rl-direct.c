/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: Richardson-Lucy with direct convolutions for PSFs with few non-zero
 * taps (a motion line has ~15 of 225): the engine's direct method walks
 * only those, where an FFT pays for every bin. The estimate and the ratio
 * live in planes with a wrapped margin, so the direct method reads the
 * periodic domain in place; a task convolves a band of rows into its own
 * scratch and applies the element-wise step to it while it is in cache. */
#include "deconv-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  kcv__deconv *d;
  kcv__kernel_info k[2]; /* 0: the PSF (true convolution), 1: its mirror */
  float *kf[2];
  double *kd[2];
  void *state[2];
  int ox[2], oy[2]; /* the window of output (x, y) starts at (x + ox, y + oy) */
  int mx, my, S;    /* margins and row stride of the planes below */
  float *uh[4], *rh[4], *tv[4];
  float lo[4];       /* per channel: the ratio's floor, as by FFT */
  size_t band_bytes; /* per-thread scratch: one band of convolved rows, then the method's */
  int phase;         /* 0: start, 1: ratio (and TV factor), 2: update */
} rl_direct;

/* The bounding box of the PSF's non-zero weights. */
static void support(const kcv_kernel *psf, int *i0, int *i1, int *j0, int *j1)
{
  *i0 = psf->width, *i1 = -1, *j0 = psf->height, *j1 = -1;
  for (int j = 0; j < psf->height; j++)
    for (int i = 0; i < psf->width; i++)
      if (psf->data[j * psf->width + i] != 0.0f) {
        *i0 = i < *i0 ? i : *i0, *i1 = i > *i1 ? i : *i1;
        *j0 = j < *j0 ? j : *j0, *j1 = j > *j1 ? j : *j1;
      }
}

int kcv__deconv_rl_prefers_direct(const kcv_kernel *psf, int pw, int ph)
{
  size_t taps = 0;
  for (int k = 0; k < psf->width * psf->height; k++)
    taps += psf->data[k] != 0.0f;
  kcv_cost_model m;
  kcv_cost_model_get(&m);
  /* Per sample and filtering: the direct method's taps against an r2c and
   * c2r pair, as the engine's cost model prices them (core/engine/cost.c). */
  const double n = (double)pw * ph;
  return (double)taps * m.direct_per_tap <= 2.0 * log2(n > 2 ? n : 2) * m.fft_per_point;
}

/* The cropped PSF, normalised to sum 1, as the direct method's
 * correlation kernels: the PSF rotated by 180 degrees (true convolution)
 * and the PSF itself (the mirror), with the windows' offsets. */
static kcv_status make_kernels(rl_direct *r)
{
  const kcv_kernel *psf = r->d->psf;
  const int ax = (psf->width - 1) / 2, ay = (psf->height - 1) / 2;
  int i0, i1, j0, j1;
  support(psf, &i0, &i1, &j0, &j1);
  const int kw = i1 - i0 + 1, kh = j1 - j0 + 1;
  const double scale = 1.0 / kcv_kernel_sum(psf);
  for (int m = 0; m < 2; m++) {
    r->kf[m] = kcv__malloc((size_t)kw * kh * sizeof(float));
    r->kd[m] = kcv__malloc((size_t)kw * kh * sizeof(double));
    if (!r->kf[m] || !r->kd[m])
      return KCV_ERR_NOMEM;
    for (int j = 0; j < kh; j++)
      for (int i = 0; i < kw; i++) {
        const int si = m ? i0 + i : i1 - i, sj = m ? j0 + j : j1 - j;
        r->kd[m][j * kw + i] = psf->data[sj * psf->width + si] * scale;
        r->kf[m][j * kw + i] = (float)r->kd[m][j * kw + i];
      }
    r->k[m] = (kcv__kernel_info){kw, kh, r->kf[m], r->kd[m]};
    kcv_status st = kcv__method_direct.prepare(&r->k[m], &r->state[m]);
    if (st != KCV_OK)
      return st;
  }
  /* The windows reach from x - (i1 - ax) to x + (ax - i0) either way. */
  r->ox[0] = ax - i1, r->oy[0] = ay - j1, r->ox[1] = i0 - ax, r->oy[1] = j0 - ay;
  r->mx = i1 - ax > ax - i0 ? i1 - ax : ax - i0;
  r->my = j1 - ay > ay - j0 ? j1 - ay : ay - j0;
  r->mx = r->mx > 0 ? r->mx : 0;
  r->my = r->my > 0 ? r->my : 0;
  return KCV_OK;
}

/* Sample (x, y) of a plane with margins; x and y may reach into them. */
static float *at(const rl_direct *r, float *plane, int x, int y)
{
  return plane + (ptrdiff_t)(y + r->my) * r->S + r->mx + x;
}

/* Row y's margins, from the far side of the row (periodic). */
static void wrap_row(const rl_direct *r, float *plane, int y)
{
  const int pw = r->d->pw;
  float *row = at(r, plane, 0, y);
  for (int x = 1; x <= r->mx; x++) {
    row[-x] = row[kcv_border_index(-x, pw, KCV_BORDER_WRAP)];
    row[pw - 1 + x] = row[kcv_border_index(pw - 1 + x, pw, KCV_BORDER_WRAP)];
  }
}

/* The margin rows above and below, once every row is final. */
static void wrap_columns(const rl_direct *r, float *const *planes)
{
  const int ph = r->d->ph, width = r->d->pw + 2 * r->mx;
  for (int i = 0; i < r->d->n; i++)
    for (int m = 1; m <= r->my; m++) {
      const int above = -m, below = ph - 1 + m;
      memcpy(at(r, planes[i], -r->mx, above),
             at(r, planes[i], -r->mx, kcv_border_index(above, ph, KCV_BORDER_WRAP)),
             (size_t)width * sizeof(float));
      memcpy(at(r, planes[i], -r->mx, below),
             at(r, planes[i], -r->mx, kcv_border_index(below, ph, KCV_BORDER_WRAP)),
             (size_t)width * sizeof(float));
    }
}

/* Rows y0..y1-1 of plane convolved (m = 0) or mirrored (m = 1) into t. */
static kcv_status convolve(const rl_direct *r, int m, float *plane, int y0, int y1, float *t,
                           void *scratch)
{
  const kcv__deconv *d = r->d;
  return kcv__method_direct.run(r->state[m], &r->k[m], at(r, plane, r->ox[m], y0 + r->oy[m]), r->S,
                                t, d->ps, d->pw, y1 - y0, scratch);
}

static kcv_status band_task(void *ctx, int index, void *scratch)
{
  const rl_direct *r = ctx;
  const kcv__deconv *d = r->d;
  const int bands = kcv__deconv_bands(d), i = index / bands, pw = d->pw;
  const int y0 = index % bands * KCV__DECONV_BAND;
  const int y1 = y0 + KCV__DECONV_BAND < d->ph ? y0 + KCV__DECONV_BAND : d->ph;
  float *t = scratch, *tv = r->tv[i];
  void *rest = (char *)scratch + r->band_bytes;
  kcv_status st = KCV_OK;
  if (r->phase > 0)
    st = convolve(r, r->phase - 1, r->phase == 1 ? r->uh[i] : r->rh[i], y0, y1, t, rest);
  if (r->phase == 1 && tv)
    kcv__deconv_tv_rows(at(r, r->uh[i], 0, 0), r->S, pw, d->ph, y0, y1,
                        (float)d->opt.regularisation, at(r, tv, 0, 0));
  for (int y = y0; y < y1; y++) {
    float *g = d->g[i] + (ptrdiff_t)y * d->ps, *ty = t + (ptrdiff_t)(y - y0) * d->ps;
    float *u = at(r, r->uh[i], 0, y), *q = at(r, r->rh[i], 0, y);
    if (r->phase == 0)
      kcv__deconv_start(u, g, pw);
    else if (r->phase == 1)
      kcv__deconv_ratio(q, g, ty, r->lo[i], pw);
    else
      kcv__deconv_update(u, ty, tv ? at(r, tv, 0, y) : NULL, pw);
    wrap_row(r, r->phase == 1 ? r->rh[i] : r->uh[i], y);
  }
  return st;
}

static kcv_status iterate(rl_direct *r)
{
  kcv__deconv *d = r->d;
  const int tasks = d->n * kcv__deconv_bands(d), n = d->opt.iterations;
  size_t scratch = 0;
  for (int m = 0; m < 2; m++) {
    size_t s = kcv__method_direct.scratch_size(r->state[m], &r->k[m], d->pw, KCV__DECONV_BAND);
    scratch = s > scratch ? s : scratch;
  }
  scratch += r->band_bytes;
  r->phase = 0;
  kcv_status st = kcv__deconv_run(d, tasks, scratch, band_task, r, 0, 0);
  wrap_columns(r, r->uh);
  for (int i = 0; i < d->n; i++)
    r->lo[i] = kcv__deconv_rl_floor(d, i);
  for (int it = 0; it < n && st == KCV_OK; it++) {
    const double f0 = (double)it / n, half = 0.5 / n;
    r->phase = 1;
    st = kcv__deconv_run(d, tasks, scratch, band_task, r, f0, f0 + half);
    wrap_columns(r, r->rh);
    r->phase = 2;
    if (st == KCV_OK)
      st = kcv__deconv_run(d, tasks, scratch, band_task, r, f0 + half, f0 + 2 * half);
    wrap_columns(r, r->uh);
  }
  for (int i = 0; i < d->n && st == KCV_OK; i++)
    for (int y = 0; y < d->ph; y++)
      memcpy(d->u[i] + (ptrdiff_t)y * d->ps, at(r, r->uh[i], 0, y), (size_t)d->pw * sizeof(float));
  return st;
}

static kcv_status alloc_planes(rl_direct *r)
{
  const kcv__deconv *d = r->d;
  const int lane = KCV__ALIGN / (int)sizeof(float);
  r->S = (d->pw + 2 * r->mx + lane - 1) / lane * lane;
  r->band_bytes = (size_t)d->ps * KCV__DECONV_BAND * sizeof(float);
  const size_t bytes = (size_t)r->S * (d->ph + 2 * r->my) * sizeof(float);
  for (int i = 0; i < d->n; i++) {
    r->uh[i] = kcv__malloc(bytes);
    r->rh[i] = kcv__malloc(bytes);
    if (d->opt.regularisation > 0 && !(r->tv[i] = kcv__malloc(bytes)))
      return KCV_ERR_NOMEM;
    if (!r->uh[i] || !r->rh[i])
      return KCV_ERR_NOMEM;
  }
  return KCV_OK;
}

kcv_status kcv__deconv_rl_direct(kcv__deconv *d)
{
  rl_direct r = {.d = d};
  kcv_status st = make_kernels(&r);
  if (st == KCV_OK)
    st = alloc_planes(&r);
  if (st == KCV_OK)
    st = iterate(&r);
  for (int m = 0; m < 2; m++) {
    if (r.state[m])
      kcv__method_direct.release(r.state[m]);
    kcv__free(r.kf[m]);
    kcv__free(r.kd[m]);
  }
  for (int i = 0; i < 4; i++) {
    kcv__free(r.uh[i]);
    kcv__free(r.rh[i]);
    kcv__free(r.tv[i]);
  }
  return st;
}
