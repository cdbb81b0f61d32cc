/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: deconvolution (undo a known blur) with Wiener or Richardson-Lucy. */
#ifndef KCV_DECONV_H
#define KCV_DECONV_H

#include "kcv.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Methods. The numbers are the plug-in's PDB values. */
typedef enum {
  KCV_DECONV_WIENER = 0,          /* Wiener (Tikhonov), one pass */
  KCV_DECONV_RICHARDSON_LUCY = 1, /* Richardson-Lucy, iterative */
  KCV_DECONV_METHOD_COUNT
} kcv_deconv_method;

#define KCV_DECONV_ITERATIONS_MAX 1000

/* Total variation: |grad u| is sqrt(ux^2 + uy^2 + EPS^2), so flat areas do
 * not divide by zero; the factor 1 - weight * div(grad u / |grad u|) is held
 * at MIN_FACTOR or above, so an over-large weight cannot turn values
 * negative. */
#define KCV_DECONV_TV_EPS 1e-3
#define KCV_DECONV_TV_MIN_FACTOR 1e-2

typedef struct {
  kcv_deconv_method method; /* default Wiener */
  int iterations;           /* Richardson-Lucy: 1..KCV_DECONV_ITERATIONS_MAX; default 10 */
  double regularisation;    /* >= 0, default 0. Wiener: noise-to-signal ratio (0 is
                               the bare inverse filter, which amplifies noise; 1e-3
                               to 1e-2 suit most photos); Richardson-Lucy:
                               total-variation weight (0: plain RL) */
  kcv_border border;        /* default clamp; wrap: the image is periodic */
  unsigned channel_mask;    /* bit c set: channel c is restored, else copied; 0: all */
  int threads;              /* 0: all cores */
} kcv_deconv_options;

void kcv_deconv_options_init(kcv_deconv_options *options);

/* Restores src blurred by psf into dst (same size; dst may be src).
 *
 * The PSF is what a point of light becomes, as displayed: the blur it
 * undoes is the true convolution with it (not mirrored), anchored at
 * ((w - 1) / 2, (h - 1) / 2) as kcv_convolve with flip anchors; it is
 * normalised to sum 1 (a sum that is not positive is KCV_ERR_KERNEL_VALUE).
 *
 * The image is restored on a periodic domain. With KCV_BORDER_WRAP that
 * domain is the image itself. Otherwise each row, then each column, is
 * padded to P = the smallest 2^a 3^b 5^c 7^d >= n + 2 * kernel side samples: sample
 * n + t (t < L = P - n) blends the border's extension on both sides,
 * w e(n + t) + (1 - w) e(t - L) with w = (1 + cos(pi (t + 0.5) / L)) / 2, so
 * the padded image is smooth across the wrap and edges do not ring.
 *
 * Wiener: U = conj(H) G / (|H|^2 + regularisation) on that domain (0 where
 * the denominator is 0). Richardson-Lucy: u0 = max(g, 0), then
 * u <- max(0, u (g / (u * h)) * h~ / f) with h~ the mirrored PSF, g / t
 * taken as 0 where t is 0 (in float: at most 1e-5 of the largest sample of
 * g, below which the FFT's rounding is all there is) and f the total-variation factor above (1
 * without); plain RL keeps the sum over the domain and never goes negative.
 *
 * Progress and cancel as for kcv_plan_execute; on any error dst is
 * untouched. */
KCV_WARN_UNUSED kcv_status kcv_deconvolve(const kcv_image *src, const kcv_kernel *psf,
                                          const kcv_deconv_options *options, kcv_image *dst,
                                          kcv_progress_fn progress, void *user_data);

#ifdef __cplusplus
}
#endif

#endif
