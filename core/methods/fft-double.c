/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: double-precision transforms for the fft method's tiles of high
 * dynamic range (see dynamic-range.c). */
#include "kcv-private.h"

#include <fftw3.h>
#include <string.h>

/* The same overlap-save correlation as method-fft.c, in double: rounding
 * error about 5e8 times smaller, for about twice the time (only such tiles
 * pay it). Plans are FFTW_ESTIMATE: made in milliseconds when the first
 * bright tile shows up, where measuring would take seconds. */
struct kcv__fft_double {
  int nw, nh;
  fftw_plan r2c, c2r;
  fftw_complex *spec; /* conj(K) / (nw * nh) */
};

static size_t complex_count(int nw, int nh)
{
  return (size_t)nh * (size_t)(nw / 2 + 1);
}

void kcv__fft_double_free(kcv__fft_double *d)
{
  if (!d)
    return;
  pthread_mutex_lock(&kcv__fftw_lock);
  if (d->r2c)
    fftw_destroy_plan(d->r2c);
  if (d->c2r)
    fftw_destroy_plan(d->c2r);
  pthread_mutex_unlock(&kcv__fftw_lock);
  fftw_free(d->spec);
  kcv__free(d);
}

kcv_status kcv__fft_double_new(const kcv__kernel_info *k, int nw, int nh, kcv__fft_double **out)
{
  *out = NULL;
  kcv__fft_double *d = kcv__calloc(1, sizeof *d);
  const size_t nc = complex_count(nw, nh);
  double *r = fftw_malloc((size_t)nw * nh * sizeof(double));
  if (d)
    d->spec = fftw_malloc(nc * sizeof(fftw_complex));
  if (!d || !r || !d->spec) {
    fftw_free(r);
    kcv__fft_double_free(d);
    return KCV_ERR_NOMEM;
  }
  d->nw = nw;
  d->nh = nh;
  pthread_mutex_lock(&kcv__fftw_lock);
  d->r2c = fftw_plan_dft_r2c_2d(nh, nw, r, d->spec, FFTW_ESTIMATE);
  d->c2r = fftw_plan_dft_c2r_2d(nh, nw, d->spec, r, FFTW_ESTIMATE);
  pthread_mutex_unlock(&kcv__fftw_lock);
  if (!d->r2c || !d->c2r) {
    fftw_free(r);
    kcv__fft_double_free(d);
    return KCV_ERR_FFTW;
  }
  memset(r, 0, (size_t)nw * nh * sizeof(double));
  for (int j = 0; j < k->kh; j++)
    memcpy(r + (size_t)j * nw, k->kd + (size_t)j * k->kw, (size_t)k->kw * sizeof(double));
  fftw_execute_dft_r2c(d->r2c, r, d->spec);
  fftw_free(r);
  const double scale = 1.0 / ((double)nw * nh);
  for (size_t i = 0; i < nc; i++) {
    d->spec[i][0] *= scale;
    d->spec[i][1] *= -scale;
  }
  *out = d;
  return KCV_OK;
}

kcv_status kcv__fft_double_correlate(const kcv__fft_double *d, float *tile, ptrdiff_t stride,
                                     int pw, int ph, int tw, int th)
{
  const int nw = d->nw, nh = d->nh;
  const size_t nc = complex_count(nw, nh);
  double *r = fftw_malloc((size_t)nw * nh * sizeof(double));
  fftw_complex *c = fftw_malloc(nc * sizeof(fftw_complex));
  if (!r || !c) {
    fftw_free(r);
    fftw_free(c);
    return KCV_ERR_NOMEM;
  }
  memset(r, 0, (size_t)nw * nh * sizeof(double));
  for (int y = 0; y < ph; y++)
    for (int x = 0; x < pw; x++)
      r[(size_t)y * nw + x] = tile[(ptrdiff_t)y * stride + x];
  fftw_execute_dft_r2c(d->r2c, r, c);
  for (size_t i = 0; i < nc; i++) {
    const double ar = c[i][0], ai = c[i][1], br = d->spec[i][0], bi = d->spec[i][1];
    c[i][0] = ar * br - ai * bi;
    c[i][1] = ar * bi + ai * br;
  }
  fftw_execute_dft_c2r(d->c2r, c, r);
  for (int y = 0; y < th; y++)
    for (int x = 0; x < tw; x++)
      tile[(ptrdiff_t)y * stride + x] = (float)r[(size_t)y * nw + x];
  fftw_free(r);
  fftw_free(c);
  return KCV_OK;
}
