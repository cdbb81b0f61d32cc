/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: what the deconvolution's files share: the periodic domain, its
 * planes and spectra, the row and column transforms, and the runner that
 * splits each pass into tasks over channels and bands of rows or columns. */
#ifndef KCV_DECONV_PRIVATE_H
#define KCV_DECONV_PRIVATE_H

#include "kcv-deconv.h"
#include "kcv-private.h"

#include <fftw3.h>

/* Rows per task of a row pass, and spectrum columns per task of a column
 * pass: a band of a 1080-wide plane (138 KB) and a column block of 1080
 * bins (138 KB) stay in L2, and a 1024-row image still gives 34 tasks per
 * channel to share between threads. */
#define KCV__DECONV_BAND 32
#define KCV__DECONV_COLS 16

/* The 2-D transform as 1-D passes, so that threads share a channel and the
 * spectrum is filtered while a column block is in cache (deconv-fft.c). */
typedef struct {
  fftwf_plan r2c[2], c2r[2]; /* one row of pw samples; a band of KCV__DECONV_BAND rows */
  fftwf_plan fwd, bwd;       /* KCV__DECONV_COLS interleaved columns of ph bins */
  fftwf_complex *psf_hat;    /* column blocks: the PSF's spectrum divided by pw * ph, or
                                for Wiener the whole filter (deconv-fft.c, keep_psf) */
} kcv__deconv_fft;

/* What a method needs of the domain. Wiener needs no real plane apart
 * from its spectra: each channel's plane (g, which is u) is its
 * spectrum's memory (rows of 2 * cs floats); the forward row pass pads
 * band by band into scratch and transforms from there, the inverse one
 * transforms into scratch and keeps the image rows, so a channel costs one
 * plane and two sweeps over memory fewer. */
typedef enum {
  KCV__DECONV_SHARED,   /* Wiener: g is spec's memory, filled by the row passes */
  KCV__DECONV_WORK_FFT, /* RL by FFT: g padded; u, tmp and spec apart */
  KCV__DECONV_DIRECT    /* RL direct: g padded, no FFT; u is g */
} kcv__deconv_layout;

typedef struct {
  const kcv_image *src;
  kcv_deconv_options opt;
  const kcv_kernel *psf;
  int pw, ph;  /* the periodic domain (the image's size with wrap) */
  int ps;      /* row stride of the real planes in floats (aligned; 2 * cs if shared) */
  int cw, cs;  /* pw / 2 + 1 bins per spectrum row; their stride */
  int n;       /* restored channels */
  int chan[4]; /* their indices in the pixel */
  kcv__deconv_layout layout;
  float *g[4];            /* per channel: the padded observed plane */
  float *u[4];            /* per channel: the estimate (RL by FFT) or result (may be g) */
  float *tmp[4];          /* per channel: a real work plane (RL by FFT only) */
  fftwf_complex *spec[4]; /* per channel: a spectrum (NULL when no FFT is used) */
  kcv__deconv_fft fft;    /* NULL plans when no FFT is used */
  kcv_progress_fn progress;
  void *user_data;
} kcv__deconv;

/* Makes the domain and per-channel planes for layout: the spectra,
 * transforms and PSF spectrum unless DIRECT; u and tmp for WORK_FFT, else
 * u is g (the result overwrites it); g padded unless SHARED.
 * kcv__deconv_clear frees what it made. */
kcv_status kcv__deconv_init(kcv__deconv *d, const kcv_image *src, const kcv_kernel *psf,
                            const kcv_deconv_options *opt, kcv__deconv_layout layout,
                            kcv_progress_fn progress, void *user_data);
void kcv__deconv_clear(kcv__deconv *d);

/* Runs task over n_tasks on the options' threads, reporting the part of
 * the whole call from `from` to `to` (0..1) through d's progress. */
kcv_status kcv__deconv_run(kcv__deconv *d, int n_tasks, size_t scratch, kcv__task_fn task,
                           void *ctx, double from, double to);
/* Row bands of KCV__DECONV_BAND rows over the domain's height. */
int kcv__deconv_bands(const kcv__deconv *d);

/* The padded size of a side of n samples for a kernel side of k. */
int kcv__deconv_padded_side(int n, int k, kcv_border border);
/* Rows y0..y1-1 of channel c of src padded to pw x ph (see kcv-deconv.h),
 * into dst (rows at stride); scratch holds 5 * pw floats. */
void kcv__deconv_pad_rows(const kcv_image *src, int c, kcv_border border, int pw, int ph, int y0,
                          int y1, float *dst, ptrdiff_t stride, float *scratch);

/* The transforms (deconv-fft.c). */
kcv_status kcv__deconv_fft_init(kcv__deconv *d);
void kcv__deconv_fft_clear(kcv__deconv *d);
typedef enum {
  KCV__DECONV_CONVOLVE, /* true convolution with the PSF */
  KCV__DECONV_MIRROR,   /* with the mirrored PSF (correlation) */
  KCV__DECONV_WIENER    /* the Wiener filter (the method must be Wiener) */
} kcv__deconv_filter;
/* out[i] = in[i] filtered, for every restored channel (in may be out). */
kcv_status kcv__deconv_fft_filter(kcv__deconv *d, float *const *in, float *const *out,
                                  kcv__deconv_filter filter, double from, double to);

/* Whether Richardson-Lucy convolves directly (few non-zero PSF taps) rather
 * than by FFT, by the engine's cost model (deconv-rl-direct.c). */
int kcv__deconv_rl_prefers_direct(const kcv_kernel *psf, int pw, int ph);

/* Total variation: tv[x] = 1 / max(1 - weight * div(grad u / |grad u|),
 * MIN_FACTOR) for rows y0..y1-1 of the periodic plane u (pw x ph at
 * stride), into tv (same stride). */
void kcv__deconv_tv_rows(const float *u, ptrdiff_t stride, int pw, int ph, int y0, int y1,
                         float weight, float *tv);

/* Richardson-Lucy's element-wise steps on n samples (deconv-steps.c):
 * start: g = max(g, 0) and u = g; ratio: q = g / t where t > lo, else 0
 * (q may be t); update: u = max(0, u t f), f the total-variation factor or NULL. */
void kcv__deconv_start(float *restrict u, float *restrict g, int n);
void kcv__deconv_ratio(float *q, const float *g, const float *t, float lo, int n);
void kcv__deconv_update(float *restrict u, const float *restrict t, const float *restrict f, int n);
/* The ratio's floor for channel i (a small fraction of its largest
 * observed sample, at least FLT_MIN), from its started plane g (deconv-rl.c). */
float kcv__deconv_rl_floor(const kcv__deconv *d, int i);

/* The methods: leave each channel's result in d->u[i]. */
kcv_status kcv__deconv_wiener(kcv__deconv *d);
kcv_status kcv__deconv_rl(kcv__deconv *d);
kcv_status kcv__deconv_rl_direct(kcv__deconv *d);

#endif
