/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the deconvolution's shared state: the periodic domain's FFTW plans
 * (made under the process's FFTW lock), the PSF's spectrum and one set of
 * planes per restored channel. */
#include "deconv-private.h"

#include <string.h>

void kcv__deconv_clear(kcv__deconv *d)
{
  pthread_mutex_lock(&kcv__fftw_lock);
  if (d->r2c)
    fftwf_destroy_plan(d->r2c);
  if (d->c2r)
    fftwf_destroy_plan(d->c2r);
  pthread_mutex_unlock(&kcv__fftw_lock);
  kcv__free(d->psf_hat);
  for (int i = 0; i < 4; i++) {
    kcv__free(d->g[i]);
    kcv__free(d->u[i]);
    kcv__free(d->tmp[i]);
    kcv__free(d->spec[i]);
  }
  memset(d, 0, sizeof *d);
}

/* Plans on the first channel's planes, before anything is in them (the
 * planner may overwrite its arrays); every plane has the same alignment. */
static kcv_status make_plans(kcv__deconv *d)
{
  unsigned flags = kcv__fft_plan_flags(d->pw, d->ph);
  pthread_mutex_lock(&kcv__fftw_lock);
  d->r2c = fftwf_plan_dft_r2c_2d(d->ph, d->pw, d->tmp[0], d->spec[0], flags);
  d->c2r = fftwf_plan_dft_c2r_2d(d->ph, d->pw, d->spec[0], d->tmp[0], flags);
  pthread_mutex_unlock(&kcv__fftw_lock);
  return d->r2c && d->c2r ? KCV_OK : KCV_ERR_FFTW;
}

/* The PSF normalised to sum 1 and placed for true convolution: weight
 * (i, j) lands at offset (i - ax, j - ay) from the origin, wrapped; its
 * spectrum carries the inverse transform's 1 / (pw * ph). */
static void psf_spectrum(kcv__deconv *d, const kcv_kernel *psf)
{
  const int ax = (psf->width - 1) / 2, ay = (psf->height - 1) / 2;
  const double scale = 1.0 / (kcv_kernel_sum(psf) * d->pw * d->ph);
  float *h = d->tmp[0];
  memset(h, 0, (size_t)d->pw * d->ph * sizeof(float));
  for (int j = 0; j < psf->height; j++)
    for (int i = 0; i < psf->width; i++) {
      int x = kcv_border_index(i - ax, d->pw, KCV_BORDER_WRAP);
      int y = kcv_border_index(j - ay, d->ph, KCV_BORDER_WRAP);
      h[(ptrdiff_t)y * d->pw + x] += (float)(psf->data[j * psf->width + i] * scale);
    }
  fftwf_execute_dft_r2c(d->r2c, h, d->psf_hat);
}

static kcv_status alloc_planes(kcv__deconv *d)
{
  const size_t real = (size_t)d->pw * d->ph * sizeof(float);
  const size_t cplx = (size_t)d->cw * d->ph * sizeof(fftwf_complex);
  d->psf_hat = kcv__malloc(cplx);
  if (!d->psf_hat)
    return KCV_ERR_NOMEM;
  for (int i = 0; i < d->n; i++) {
    d->g[i] = kcv__malloc(real);
    d->u[i] = kcv__malloc(real);
    d->tmp[i] = kcv__malloc(real);
    d->spec[i] = kcv__malloc(cplx);
    if (!d->g[i] || !d->u[i] || !d->tmp[i] || !d->spec[i])
      return KCV_ERR_NOMEM;
  }
  return KCV_OK;
}

kcv_status kcv__deconv_init(kcv__deconv *d, const kcv_image *src, const kcv_kernel *psf,
                            const kcv_deconv_options *opt)
{
  memset(d, 0, sizeof *d);
  d->src = src;
  d->opt = *opt;
  if (d->opt.threads == 0)
    d->opt.threads = kcv__cpu_count();
  for (int c = 0; c < src->channels; c++)
    if (!opt->channel_mask || (opt->channel_mask >> c & 1u))
      d->chan[d->n++] = c;
  d->pw = kcv__deconv_padded_side(src->width, psf->width, opt->border);
  d->ph = kcv__deconv_padded_side(src->height, psf->height, opt->border);
  d->cw = d->pw / 2 + 1;
  kcv_status st = alloc_planes(d);
  if (st == KCV_OK)
    st = make_plans(d);
  if (st != KCV_OK)
    return st;
  psf_spectrum(d, psf);
  for (int i = 0; i < d->n && st == KCV_OK; i++)
    st = kcv__deconv_pad(src, d->chan[i], opt->border, d->pw, d->ph, d->g[i]);
  return st;
}
