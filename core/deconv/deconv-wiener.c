/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: Wiener (Tikhonov) deconvolution, U = conj(H) G / (|H|^2 + nsr), one
 * channel per task. */
#include "deconv-private.h"

static kcv_status wiener_task(void *ctx, int i, void *scratch)
{
  (void)scratch;
  kcv__deconv *d = ctx;
  /* psf_hat carries 1 / N; |H|^2 and the regularisation are in the
   * unscaled spectrum's units, so N comes back in here. */
  const double n = (double)d->pw * d->ph, nsr = d->opt.regularisation;
  const size_t bins = (size_t)d->cw * d->ph;
  fftwf_complex *s = d->spec[i];
  fftwf_execute_dft_r2c(d->r2c, d->g[i], s);
  for (size_t k = 0; k < bins; k++) {
    const double hr = d->psf_hat[k][0] * n, hi = d->psf_hat[k][1] * n;
    const double den = (hr * hr + hi * hi + nsr) * n;
    const double sr = s[k][0], si = s[k][1];
    if (den > 0) {
      /* conj(H) S / den */
      s[k][0] = (float)((hr * sr + hi * si) / den);
      s[k][1] = (float)((hr * si - hi * sr) / den);
    } else {
      s[k][0] = s[k][1] = 0.0f;
    }
  }
  fftwf_execute_dft_c2r(d->c2r, s, d->u[i]);
  return KCV_OK;
}

kcv_status kcv__deconv_wiener(kcv__deconv *d, kcv_progress_fn progress, void *user_data)
{
  return kcv__parallel(d->n, d->opt.threads, 0, wiener_task, d, progress, user_data);
}
