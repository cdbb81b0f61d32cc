/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: interleaved pixels to planes and back, one row at a time (the fill
 * of planar tiles and the fft's interleaved path). Written out per channel
 * count, so that each loop vectorises. */
#include "kcv-private.h"

KCV__CLONES
void kcv__split_pixels(const float *restrict src, int C, int n, float *const *planes)
{
  float *restrict p0 = planes[0], *restrict p1 = planes[C > 1 ? 1 : 0];
  float *restrict p2 = planes[C > 2 ? 2 : 0], *restrict p3 = planes[C > 3 ? 3 : 0];
  switch (C) {
  case 2:
    for (int x = 0; x < n; x++) {
      p0[x] = src[2 * x];
      p1[x] = src[2 * x + 1];
    }
    break;
  case 3:
    for (int x = 0; x < n; x++) {
      p0[x] = src[3 * x];
      p1[x] = src[3 * x + 1];
      p2[x] = src[3 * x + 2];
    }
    break;
  case 4:
    for (int x = 0; x < n; x++) {
      p0[x] = src[4 * x];
      p1[x] = src[4 * x + 1];
      p2[x] = src[4 * x + 2];
      p3[x] = src[4 * x + 3];
    }
    break;
  default:
    for (int c = 0; c < C; c++)
      for (int x = 0; x < n; x++)
        planes[c][x] = src[(ptrdiff_t)x * C + c];
  }
}

KCV__CLONES
void kcv__weave_pixels(const float *const *planes, int C, int n, float *restrict dst)
{
  const float *restrict p0 = planes[0], *restrict p1 = planes[C > 1 ? 1 : 0];
  const float *restrict p2 = planes[C > 2 ? 2 : 0], *restrict p3 = planes[C > 3 ? 3 : 0];
  switch (C) {
  case 2:
    for (int x = 0; x < n; x++) {
      dst[2 * x] = p0[x];
      dst[2 * x + 1] = p1[x];
    }
    break;
  case 3:
    for (int x = 0; x < n; x++) {
      dst[3 * x] = p0[x];
      dst[3 * x + 1] = p1[x];
      dst[3 * x + 2] = p2[x];
    }
    break;
  case 4:
    for (int x = 0; x < n; x++) {
      dst[4 * x] = p0[x];
      dst[4 * x + 1] = p1[x];
      dst[4 * x + 2] = p2[x];
      dst[4 * x + 3] = p3[x];
    }
    break;
  default:
    for (int c = 0; c < C; c++)
      for (int x = 0; x < n; x++)
        dst[(ptrdiff_t)x * C + c] = planes[c][x];
  }
}
