/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the deconvolution's shared state: the periodic domain, one set of
 * planes per restored channel (padded in parallel bands), and the runner
 * that maps each pass's progress into the whole call's. */
#include "deconv-private.h"

#include <string.h>

void kcv__deconv_clear(kcv__deconv *d)
{
  const size_t real = (size_t)d->ps * d->ph * sizeof(float);
  const size_t cplx = (size_t)d->cs * d->ph * sizeof(fftwf_complex);
  kcv__deconv_fft_clear(d);
  for (int i = 0; i < 4; i++) {
    if (d->u[i] != d->g[i])
      kcv__free_large(d->u[i], real);
    if (d->layout != KCV__DECONV_SHARED)
      kcv__free_large(d->g[i], real);
    kcv__free_large(d->tmp[i], real);
    kcv__free_large(d->spec[i], cplx);
  }
  memset(d, 0, sizeof *d);
}

int kcv__deconv_bands(const kcv__deconv *d)
{
  return (d->ph + KCV__DECONV_BAND - 1) / KCV__DECONV_BAND;
}

typedef struct {
  kcv__deconv *d;
  double from, span;
} sub_progress;

static int report(double fraction, void *user_data)
{
  sub_progress *p = user_data;
  return p->d->progress(p->from + p->span * fraction, p->d->user_data);
}

kcv_status kcv__deconv_run(kcv__deconv *d, int n_tasks, size_t scratch, kcv__task_fn task,
                           void *ctx, double from, double to)
{
  sub_progress p = {d, from, to - from};
  return kcv__parallel(n_tasks, d->opt.threads, scratch, task, ctx, d->progress ? report : NULL,
                       &p);
}

/* Rows and bins rounded up to whole 64-byte lines: every row then starts
 * aligned, as the row transforms were planned. */
static int round_up(int n, int multiple)
{
  return (n + multiple - 1) / multiple * multiple;
}

static kcv_status alloc_planes(kcv__deconv *d)
{
  const int fft = d->layout != KCV__DECONV_DIRECT, work = d->layout == KCV__DECONV_WORK_FFT;
  const size_t real = (size_t)d->ps * d->ph * sizeof(float);
  const size_t cplx = (size_t)d->cs * d->ph * sizeof(fftwf_complex);
  for (int i = 0; i < d->n; i++) {
    if (fft)
      d->spec[i] = kcv__malloc_large(cplx);
    d->g[i] = d->layout == KCV__DECONV_SHARED ? (float *)d->spec[i] : kcv__malloc_large(real);
    d->u[i] = work ? kcv__malloc_large(real) : d->g[i];
    d->tmp[i] = work ? kcv__malloc_large(real) : NULL;
    if (!d->g[i] || !d->u[i] || (work && !d->tmp[i]) || (fft && !d->spec[i]))
      return KCV_ERR_NOMEM;
  }
  return KCV_OK;
}

static kcv_status pad_task(void *ctx, int index, void *scratch)
{
  const kcv__deconv *d = ctx;
  const int bands = kcv__deconv_bands(d), i = index / bands;
  const int y0 = index % bands * KCV__DECONV_BAND;
  const int y1 = y0 + KCV__DECONV_BAND < d->ph ? y0 + KCV__DECONV_BAND : d->ph;
  kcv__deconv_pad_rows(d->src, d->chan[i], d->opt.border, d->pw, d->ph, y0, y1,
                       d->g[i] + (ptrdiff_t)y0 * d->ps, d->ps, scratch);
  return KCV_OK;
}

kcv_status kcv__deconv_init(kcv__deconv *d, const kcv_image *src, const kcv_kernel *psf,
                            const kcv_deconv_options *opt, kcv__deconv_layout layout,
                            kcv_progress_fn progress, void *user_data)
{
  memset(d, 0, sizeof *d);
  d->layout = layout;
  d->src = src;
  d->psf = psf;
  d->opt = *opt;
  d->progress = progress;
  d->user_data = user_data;
  if (d->opt.threads == 0)
    d->opt.threads = kcv__cpu_count();
  for (int c = 0; c < src->channels; c++)
    if (!opt->channel_mask || (opt->channel_mask >> c & 1u))
      d->chan[d->n++] = c;
  d->pw = kcv__deconv_padded_side(src->width, psf->width, opt->border);
  d->ph = kcv__deconv_padded_side(src->height, psf->height, opt->border);
  d->cw = d->pw / 2 + 1;
  d->cs = round_up(d->cw, KCV__ALIGN / (int)sizeof(fftwf_complex));
  d->ps =
      layout == KCV__DECONV_SHARED ? 2 * d->cs : round_up(d->pw, KCV__ALIGN / (int)sizeof(float));
  kcv_status st = alloc_planes(d);
  if (st == KCV_OK && layout != KCV__DECONV_DIRECT)
    st = kcv__deconv_fft_init(d);
  if (st == KCV_OK && layout != KCV__DECONV_SHARED) {
    /* Padding is a small part of the call: no progress of its own. */
    kcv_progress_fn fn = d->progress;
    d->progress = NULL;
    st = kcv__deconv_run(d, d->n * kcv__deconv_bands(d), 5 * (size_t)d->pw * sizeof(float),
                         pad_task, d, 0, 0);
    d->progress = fn;
  }
  return st;
}
