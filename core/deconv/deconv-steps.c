/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: Richardson-Lucy's element-wise steps on rows, written without
 * branches so that they vectorise (a division under a condition does not)
 * and compiled per instruction set. */
#include "deconv-private.h"

/* Richardson-Lucy is for non-negative data: negative samples (noise around
 * black, HDR) count as 0. */
KCV__CLONES
void kcv__deconv_start(float *restrict u, float *restrict g, int n)
{
  for (int x = 0; x < n; x++)
    u[x] = g[x] = g[x] > 0.0f ? g[x] : 0.0f;
}

/* A blur at or below the floor (rounding noise where it is truly 0), or
 * NaN, gives 0, as g / 0 does by the definition (kcv-deconv.h, kcv__deconv_rl_floor). */
KCV__CLONES
void kcv__deconv_ratio(float *q, const float *g, const float *t, float lo, int n)
{
  for (int x = 0; x < n; x++) {
    const int pos = t[x] > lo;
    const float r = g[x] / (pos ? t[x] : 1.0f);
    q[x] = pos ? r : 0.0f;
  }
}

KCV__CLONES
void kcv__deconv_update(float *restrict u, const float *restrict t, const float *restrict f, int n)
{
  if (f)
    for (int x = 0; x < n; x++) {
      const float v = u[x] * t[x] * f[x];
      u[x] = v > 0.0f ? v : 0.0f;
    }
  else
    for (int x = 0; x < n; x++) {
      const float v = u[x] * t[x];
      u[x] = v > 0.0f ? v : 0.0f;
    }
}
