/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: low-rank decomposition of a kernel (placeholder: reports full rank). */
#include "kcv-private.h"

int kcv__low_rank(const double *k, int kw, int kh, int max_rank, double tol, double *v, double *h)
{
  (void)k, (void)kw, (void)kh, (void)max_rank, (void)tol, (void)v, (void)h;
  return -1;
}
