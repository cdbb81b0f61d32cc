/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: Wiener (Tikhonov) deconvolution, U = conj(H) G / (|H|^2 + nsr): one
 * filtering pass of the transforms (the filter is applied in
 * deconv-fft.c while each block of spectrum columns is in cache). */
#include "deconv-private.h"

kcv_status kcv__deconv_wiener(kcv__deconv *d)
{
  return kcv__deconv_fft_filter(d, d->g, d->u, KCV__DECONV_WIENER, 0, 1);
}
