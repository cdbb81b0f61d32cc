/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: deconvolution's entry point: argument checks, the shared domain
 * (plans, PSF spectrum, padded planes) and writing the result. */
#include "deconv-private.h"

#include <math.h>
#include <string.h>

void kcv_deconv_options_init(kcv_deconv_options *options)
{
  if (!options)
    return;
  memset(options, 0, sizeof *options);
  options->method = KCV_DECONV_WIENER;
  options->iterations = 10;
  options->border = KCV_BORDER_CLAMP;
}

static kcv_status check_args(const kcv_image *src, const kcv_kernel *psf,
                             const kcv_deconv_options *o, const kcv_image *dst)
{
  if (!src || !psf || !o || !dst)
    return KCV_ERR_NULL;
  kcv_status st = kcv__check_image(src);
  if (st == KCV_OK)
    st = kcv__check_image(dst);
  if (st == KCV_OK)
    st = kcv_kernel_check(psf);
  if (st != KCV_OK)
    return st;
  if (dst->width != src->width || dst->height != src->height || dst->channels != src->channels)
    return KCV_ERR_OUTPUT_SIZE;
  if (!(kcv_kernel_sum(psf) > 0))
    return KCV_ERR_KERNEL_VALUE;
  if ((unsigned)o->border >= KCV_BORDER_COUNT)
    return KCV_ERR_BORDER;
  if ((unsigned)o->method >= KCV_DECONV_METHOD_COUNT || !isfinite(o->regularisation) ||
      o->regularisation < 0 ||
      (o->method == KCV_DECONV_RICHARDSON_LUCY &&
       (o->iterations < 1 || o->iterations > KCV_DECONV_ITERATIONS_MAX)))
    return KCV_ERR_PARAMETER;
  if (o->threads < 0)
    return KCV_ERR_THREADS;
  if (o->channel_mask >> src->channels)
    return KCV_ERR_CHANNEL_MASK;
  return KCV_OK;
}

typedef struct {
  const kcv__deconv *d;
  kcv_image *dst;
} writer;

static void write_rgb(const kcv__deconv *d, int y, int width, float *restrict o)
{
  const ptrdiff_t k = (ptrdiff_t)y * d->ps;
  const float *restrict r = d->u[0] + k, *restrict g = d->u[1] + k, *restrict b = d->u[2] + k;
  for (int x = 0; x < width; x++) {
    o[3 * x] = r[x];
    o[3 * x + 1] = g[x];
    o[3 * x + 2] = b[x];
  }
}

/* Writes each restored channel's image part of a band of rows into dst
 * and copies the others from src (nothing to copy when dst is src or
 * every channel is restored). */
static kcv_status write_band(void *ctx, int index, void *scratch)
{
  const writer *w = ctx;
  const kcv__deconv *d = w->d;
  const kcv_image *src = d->src;
  const int C = src->channels, y0 = index * KCV__DECONV_BAND;
  const int y1 = y0 + KCV__DECONV_BAND < src->height ? y0 + KCV__DECONV_BAND : src->height;
  (void)scratch;
  for (int y = y0; y < y1; y++) {
    const float *s = src->data + (ptrdiff_t)y * src->stride;
    float *o = w->dst->data + (ptrdiff_t)y * w->dst->stride;
    if (s != o && d->n < C)
      memcpy(o, s, (size_t)src->width * C * sizeof(float));
    if (d->n == 3 && C == 3) /* RGB, the common case: one interleaving pass */
      write_rgb(d, y, src->width, o);
    else
      for (int i = 0; i < d->n; i++) {
        const float *u = d->u[i] + (ptrdiff_t)y * d->ps;
        for (int x = 0; x < src->width; x++)
          o[(ptrdiff_t)x * C + d->chan[i]] = u[x];
      }
  }
  return KCV_OK;
}

/* On the options' threads, without progress: dst is written whole or not
 * at all (no task needs scratch, so none can fail once they start). */
static kcv_status write_result(const kcv__deconv *d, kcv_image *dst)
{
  writer w = {d, dst};
  const int bands = (d->src->height + KCV__DECONV_BAND - 1) / KCV__DECONV_BAND;
  return kcv__parallel(bands, d->opt.threads, 0, write_band, &w, NULL, NULL);
}

kcv_status kcv_deconvolve(const kcv_image *src, const kcv_kernel *psf,
                          const kcv_deconv_options *options, kcv_image *dst,
                          kcv_progress_fn progress, void *user_data)
{
  kcv_status st = check_args(src, psf, options, dst);
  if (st != KCV_OK)
    return st;
  kcv__deconv d;
  const int rl = options->method == KCV_DECONV_RICHARDSON_LUCY;
  const int pw = kcv__deconv_padded_side(src->width, psf->width, options->border);
  const int ph = kcv__deconv_padded_side(src->height, psf->height, options->border);
  const int direct = rl && kcv__deconv_rl_prefers_direct(psf, pw, ph);
  const kcv__deconv_layout layout = !rl      ? KCV__DECONV_SHARED
                                    : direct ? KCV__DECONV_DIRECT
                                             : KCV__DECONV_WORK_FFT;
  st = kcv__deconv_init(&d, src, psf, options, layout, progress, user_data);
  if (st == KCV_OK)
    st = !rl ? kcv__deconv_wiener(&d) : direct ? kcv__deconv_rl_direct(&d) : kcv__deconv_rl(&d);
  if (st == KCV_OK)
    st = write_result(&d, dst);
  kcv__deconv_clear(&d);
  return st;
}
