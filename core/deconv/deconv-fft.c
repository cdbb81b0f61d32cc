/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the deconvolution's 2-D transforms as 1-D passes: rows (r2c), then
 * blocks of spectrum columns that are transformed, filtered and transformed
 * back while they sit in cache, then rows (c2r). Each pass is split into
 * tasks over channels and bands, so two threads share even one channel and
 * three channels keep two threads equally busy. */
#include "deconv-private.h"

#include <string.h>

#define COLS KCV__DECONV_COLS

/* Whole blocks of COLS columns, the last one padded. */
static size_t psf_hat_bytes(const kcv__deconv *d)
{
  return (size_t)((d->cw + COLS - 1) / COLS) * COLS * d->ph * sizeof(fftwf_complex);
}

void kcv__deconv_fft_clear(kcv__deconv *d)
{
  kcv__deconv_fft *f = &d->fft;
  pthread_mutex_lock(&kcv__fftw_lock);
  fftwf_plan plans[] = {f->r2c[0], f->r2c[1], f->c2r[0], f->c2r[1], f->fwd, f->bwd};
  for (size_t p = 0; p < sizeof plans / sizeof plans[0]; p++)
    if (plans[p])
      fftwf_destroy_plan(plans[p]);
  pthread_mutex_unlock(&kcv__fftw_lock);
  kcv__free_large(f->psf_hat, psf_hat_bytes(d));
  memset(f, 0, sizeof *f);
}

/* With the FFTW lock held. One-dimensional plans measure in milliseconds,
 * but a host that asked for quick planning (kcv_wisdom_set_planning) gets
 * wisdom when it has the size and an estimate otherwise. */
static unsigned plan_flags(void)
{
  return kcv__planning_quick() ? FFTW_ESTIMATE : FFTW_MEASURE;
}

/* Plans on scratch arrays (the planner may overwrite them) with the
 * alignment of every row and block they later run on. Out of place in
 * every layout: FFTW measures in-place row transforms several times
 * longer, and the shared layout transforms its rows in scratch anyway. */
static kcv_status make_plans(kcv__deconv *d)
{
  kcv__deconv_fft *f = &d->fft;
  float *r = kcv__malloc((size_t)d->ps * KCV__DECONV_BAND * sizeof(float));
  fftwf_complex *c = kcv__malloc((size_t)d->cs * KCV__DECONV_BAND * sizeof(fftwf_complex));
  fftwf_complex *b = kcv__malloc((size_t)d->ph * COLS * sizeof(fftwf_complex));
  kcv_status st = KCV_ERR_NOMEM;
  if (r && c && b) {
    const int n = d->ph;
    pthread_mutex_lock(&kcv__fftw_lock);
    const unsigned wisdom = FFTW_MEASURE | FFTW_WISDOM_ONLY, flags = plan_flags();
    fftwf_plan *p[] = {&f->r2c[0], &f->r2c[1], &f->c2r[0], &f->c2r[1], &f->fwd, &f->bwd};
    for (int pass = 0; pass < 2; pass++) {
      const unsigned fl = pass == 0 ? wisdom : flags;
      for (int k = 0; k < 2; k++) {
        const int rows = k ? KCV__DECONV_BAND : 1;
        if (!f->r2c[k])
          f->r2c[k] =
              fftwf_plan_many_dft_r2c(1, &d->pw, rows, r, NULL, 1, d->ps, c, NULL, 1, d->cs, fl);
        if (!f->c2r[k])
          f->c2r[k] =
              fftwf_plan_many_dft_c2r(1, &d->pw, rows, c, NULL, 1, d->cs, r, NULL, 1, d->ps, fl);
      }
      if (!f->fwd)
        f->fwd = fftwf_plan_many_dft(1, &n, COLS, b, NULL, 1, n, b, NULL, 1, n, FFTW_FORWARD, fl);
      if (!f->bwd)
        f->bwd = fftwf_plan_many_dft(1, &n, COLS, b, NULL, 1, n, b, NULL, 1, n, FFTW_BACKWARD, fl);
    }
    pthread_mutex_unlock(&kcv__fftw_lock);
    st = KCV_OK;
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
      if (!*p[i])
        st = KCV_ERR_FFTW;
  }
  kcv__free(r);
  kcv__free(c);
  kcv__free(b);
  return st;
}

typedef struct {
  kcv__deconv *d;
  float *const *in, *const *out;
  fftwf_complex *const *spec;
  int filter;  /* a kcv__deconv_filter, or -1: the PSF (its spectrum kept) */
  int inverse; /* the row pass: 0 forward, 1 inverse */
  int shared;  /* the shared layout: g is padded by, and u kept from, the row passes */
} pass;

static void band_of(const kcv__deconv *d, int index, int *i, int *y0, int *y1)
{
  const int bands = kcv__deconv_bands(d);
  *i = index / bands;
  *y0 = index % bands * KCV__DECONV_BAND;
  *y1 = *y0 + KCV__DECONV_BAND < d->ph ? *y0 + KCV__DECONV_BAND : d->ph;
}

/* The shared layout's inverse pass: the band's image rows, transformed in
 * scratch, into the result plane (the spectrum rows they replace have just
 * been read, and no other task touches them). */
static void keep_rows(const kcv__deconv *d, int i, int y0, int y1, const float *band)
{
  const int end = y1 < d->src->height ? y1 : d->src->height;
  for (int y = y0; y < end; y++)
    memcpy(d->g[i] + (ptrdiff_t)y * d->ps, band + (ptrdiff_t)(y - y0) * d->ps,
           (size_t)d->src->width * sizeof(float));
}

/* Rows y0..y1-1, forward (r2c) until the columns are done, then inverse
 * (c2r): whole bands by the band plans, a short last band row by row. In
 * the shared layout the real rows are a band in scratch, padded just
 * before its transform while it is in cache. */
static kcv_status rows(void *ctx, int index, void *scratch)
{
  const pass *p = ctx;
  const kcv__deconv *d = p->d;
  int i, y0, y1;
  band_of(d, index, &i, &y0, &y1);
  float *band = scratch, *plane = p->inverse ? p->out[i] : p->in[i];
  if (p->shared && !p->inverse)
    kcv__deconv_pad_rows(d->src, d->chan[i], d->opt.border, d->pw, d->ph, y0, y1, band, d->ps,
                         band + (ptrdiff_t)d->ps * KCV__DECONV_BAND);
  const int whole = y1 - y0 == KCV__DECONV_BAND;
  for (int y = y0; y < y1; y += whole ? KCV__DECONV_BAND : 1) {
    fftwf_complex *s = p->spec[i] + (ptrdiff_t)y * d->cs;
    float *r = p->shared ? band + (ptrdiff_t)(y - y0) * d->ps : plane + (ptrdiff_t)y * d->ps;
    if (p->inverse)
      fftwf_execute_dft_c2r(d->fft.c2r[whole], s, r);
    else
      fftwf_execute_dft_r2c(d->fft.r2c[whole], r, s);
  }
  if (p->shared && p->inverse)
    keep_rows(d, i, y0, y1, band);
  return KCV_OK;
}

/* A block holds COLS spectrum columns one after the other (column k is
 * bin x0 + k of every row), so each is a contiguous transform; the PSF's
 * spectrum is kept in the same layout, block after block. */
static fftwf_complex *psf_block(const kcv__deconv *d, int x0)
{
  return d->fft.psf_hat + (ptrdiff_t)x0 * d->ph;
}

/* The block times the PSF's spectrum, conj: its conjugate (the mirrored
 * PSF). */
static void multiply(const kcv__deconv *d, fftwf_complex *b, int x0, int nb, int conj)
{
  const float sign = conj ? -1.0f : 1.0f;
  fftwf_complex *h = psf_block(d, x0);
  for (ptrdiff_t k = 0; k < (ptrdiff_t)nb * d->ph; k++) {
    const float hr = h[k][0], hi = sign * h[k][1], sr = b[k][0], si = b[k][1];
    b[k][0] = hr * sr - hi * si;
    b[k][1] = hr * si + hi * sr;
  }
}

/* Keeps block b of the PSF's spectrum, H / N (N = pw * ph, the inverse
 * transform's scale). For Wiener it keeps the filter instead, conj(H) /
 * ((|H|^2 + nsr) N) (0 where the denominator is 0), worked out once in
 * double so that each channel then costs one complex product per bin: |H|^2
 * and the regularisation are in the unscaled spectrum's units. */
static void keep_psf(const kcv__deconv *d, fftwf_complex *b, int x0, int nb)
{
  fftwf_complex *h = psf_block(d, x0);
  const ptrdiff_t len = (ptrdiff_t)nb * d->ph;
  if (d->opt.method != KCV_DECONV_WIENER) {
    memcpy(h, b, (size_t)len * sizeof(fftwf_complex));
    return;
  }
  const double n = (double)d->pw * d->ph, nsr = d->opt.regularisation;
  for (ptrdiff_t k = 0; k < len; k++) {
    const double hr = b[k][0] * n, hi = b[k][1] * n;
    const double den = (hr * hr + hi * hi + nsr) * n;
    h[k][0] = den > 0 ? (float)(hr / den) : 0.0f;
    h[k][1] = den > 0 ? (float)(-hi / den) : 0.0f;
  }
}

/* Spectrum columns x0..x0+nb-1 into the block's columns, zeros after. */
static void gather(const kcv__deconv *d, fftwf_complex *s, int x0, int nb, fftwf_complex *b)
{
  for (int y = 0; y < d->ph; y++) {
    fftwf_complex *row = s + (ptrdiff_t)y * d->cs + x0;
    for (int k = 0; k < nb; k++) {
      b[(ptrdiff_t)k * d->ph + y][0] = row[k][0];
      b[(ptrdiff_t)k * d->ph + y][1] = row[k][1];
    }
  }
  memset(b + (ptrdiff_t)nb * d->ph, 0, (size_t)(COLS - nb) * d->ph * sizeof(fftwf_complex));
}

static void scatter(const kcv__deconv *d, fftwf_complex *b, int x0, int nb, fftwf_complex *s)
{
  for (int y = 0; y < d->ph; y++) {
    fftwf_complex *row = s + (ptrdiff_t)y * d->cs + x0;
    for (int k = 0; k < nb; k++) {
      row[k][0] = b[(ptrdiff_t)k * d->ph + y][0];
      row[k][1] = b[(ptrdiff_t)k * d->ph + y][1];
    }
  }
}

static kcv_status columns(void *ctx, int index, void *scratch)
{
  const pass *p = ctx;
  const kcv__deconv *d = p->d;
  const int blocks = (d->cw + COLS - 1) / COLS, i = index / blocks, x0 = index % blocks * COLS;
  const int nb = d->cw - x0 < COLS ? d->cw - x0 : COLS;
  fftwf_complex *b = scratch;
  gather(d, p->spec[i], x0, nb, b);
  fftwf_execute_dft(d->fft.fwd, b, b);
  if (p->filter < 0) {
    keep_psf(d, b, x0, nb);
    return KCV_OK;
  }
  /* psf_hat holds the Wiener filter itself for Wiener (keep_psf). */
  multiply(d, b, x0, nb, p->filter == KCV__DECONV_MIRROR);
  fftwf_execute_dft(d->fft.bwd, b, b);
  scatter(d, b, x0, nb, p->spec[i]);
  return KCV_OK;
}

static kcv_status run_pass(pass *p, int channels, double from, double to)
{
  kcv__deconv *d = p->d;
  const int bands = channels * kcv__deconv_bands(d);
  const int cols = channels * ((d->cw + COLS - 1) / COLS);
  const size_t block = (size_t)d->ph * COLS * sizeof(fftwf_complex);
  const size_t band =
      p->shared ? ((size_t)d->ps * KCV__DECONV_BAND + 5 * (size_t)d->pw) * sizeof(float) : 0;
  const double step = (to - from) / 3;
  p->inverse = 0;
  kcv_status st = kcv__deconv_run(d, bands, band, rows, p, from, from + step);
  if (st == KCV_OK)
    st = kcv__deconv_run(d, cols, block, columns, p, from + step, from + 2 * step);
  p->inverse = 1;
  if (st == KCV_OK)
    st = kcv__deconv_run(d, bands, band, rows, p, from + 2 * step, to);
  return st;
}

/* The PSF normalised to sum 1 and placed for true convolution: weight
 * (i, j) lands at offset (i - ax, j - ay) from the origin, wrapped; its
 * spectrum carries the inverse transform's 1 / (pw * ph). */
typedef struct {
  const kcv__deconv *d;
  double scale;
} psf_pass;

/* Row y of the placed PSF into row (pw samples); 0, row untouched, when
 * no weight lands on it. */
static int psf_row(const psf_pass *p, int y, float *row)
{
  const kcv__deconv *d = p->d;
  const kcv_kernel *psf = d->psf;
  const int ax = (psf->width - 1) / 2, ay = (psf->height - 1) / 2;
  int any = 0;
  for (int j = (y + ay) % d->ph; j < psf->height; j += d->ph)
    for (int i = 0; i < psf->width; i++) {
      const float w = psf->data[j * psf->width + i];
      if (w == 0.0f)
        continue;
      if (!any)
        memset(row, 0, (size_t)d->pw * sizeof(float));
      any = 1;
      row[kcv_border_index(i - ax, d->pw, KCV_BORDER_WRAP)] += (float)(w * p->scale);
    }
  return any;
}

/* The row transforms of the PSF's band `index`, into channel 0's spectrum
 * (free until that channel is filtered), each row placed in scratch: only
 * the few rows that hold a weight are transformed, the others' spectra
 * are 0. */
static kcv_status psf_rows(void *ctx, int index, void *scratch)
{
  const psf_pass *p = ctx;
  const kcv__deconv *d = p->d;
  int i, y0, y1;
  float *h = scratch;
  band_of(d, index, &i, &y0, &y1);
  for (int y = y0; y < y1; y++) {
    fftwf_complex *s = d->spec[0] + (ptrdiff_t)y * d->cs;
    if (psf_row(p, y, h))
      fftwf_execute_dft_r2c(d->fft.r2c[0], h, s);
    else
      memset(s, 0, (size_t)d->cs * sizeof(fftwf_complex));
  }
  return KCV_OK;
}

static kcv_status psf_spectrum(kcv__deconv *d)
{
  psf_pass r = {d, 1.0 / (kcv_kernel_sum(d->psf) * d->pw * d->ph)};
  pass p = {d, NULL, NULL, d->spec, -1, 0, 0};
  const size_t block = (size_t)d->ph * COLS * sizeof(fftwf_complex);
  kcv_progress_fn fn = d->progress;
  d->progress = NULL;
  const size_t row = (size_t)d->ps * sizeof(float);
  kcv_status st = kcv__deconv_run(d, kcv__deconv_bands(d), row, psf_rows, &r, 0, 0);
  if (st == KCV_OK)
    st = kcv__deconv_run(d, (d->cw + COLS - 1) / COLS, block, columns, &p, 0, 0);
  d->progress = fn;
  return st;
}

kcv_status kcv__deconv_fft_init(kcv__deconv *d)
{
  d->fft.psf_hat = kcv__malloc_large(psf_hat_bytes(d));
  if (!d->fft.psf_hat)
    return KCV_ERR_NOMEM;
  kcv_status st = make_plans(d);
  return st == KCV_OK ? psf_spectrum(d) : st;
}

kcv_status kcv__deconv_fft_filter(kcv__deconv *d, float *const *in, float *const *out,
                                  kcv__deconv_filter filter, double from, double to)
{
  pass p = {d, in, out, d->spec, (int)filter, 0, d->layout == KCV__DECONV_SHARED};
  return run_pass(&p, d->n, from, to);
}
