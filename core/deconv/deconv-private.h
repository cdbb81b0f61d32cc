/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: what the deconvolution's files share: the periodic domain, its FFTW
 * plans and the PSF's spectrum, and one plane per restored channel. */
#ifndef KCV_DECONV_PRIVATE_H
#define KCV_DECONV_PRIVATE_H

#include "kcv-deconv.h"
#include "kcv-private.h"

#include <fftw3.h>

typedef struct {
  const kcv_image *src;
  kcv_deconv_options opt;
  int pw, ph;             /* the periodic domain (the image's size with wrap) */
  int cw;                 /* pw / 2 + 1 complex columns of a spectrum */
  int n;                  /* restored channels */
  int chan[4];            /* their indices in the pixel */
  fftwf_plan r2c, c2r;    /* pw x ph, for new-array execution */
  fftwf_complex *psf_hat; /* the PSF's spectrum divided by pw * ph */
  float *g[4];            /* per channel: the padded observed plane */
  float *u[4];            /* per channel: the estimate (RL) or result */
  float *tmp[4];          /* per channel: a real work plane */
  fftwf_complex *spec[4]; /* per channel: a spectrum */
} kcv__deconv;

/* Makes the domain, plans, PSF spectrum and per-channel planes (g filled
 * with the padded channels); kcv__deconv_clear frees what it made. */
kcv_status kcv__deconv_init(kcv__deconv *d, const kcv_image *src, const kcv_kernel *psf,
                            const kcv_deconv_options *opt);
void kcv__deconv_clear(kcv__deconv *d);

/* The padded size of a side of n samples for a kernel side of k. */
int kcv__deconv_padded_side(int n, int k, kcv_border border);
/* Channel c of src padded to pw x ph (see kcv-deconv.h) into dst. */
kcv_status kcv__deconv_pad(const kcv_image *src, int c, kcv_border border, int pw, int ph,
                           float *dst);

/* The methods: leave each channel's result in d->u[i]. */
kcv_status kcv__deconv_wiener(kcv__deconv *d, kcv_progress_fn progress, void *user_data);
kcv_status kcv__deconv_rl(kcv__deconv *d, kcv_progress_fn progress, void *user_data);

#endif
