/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv benchmarks: the test kernels the timing tools share. */
#include "bench-kernel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double weight(const char *kind, double x, double y, int kw, int kh)
{
  if (strcmp(kind, "gaussian") == 0) {
    const double sx = kw / 6.0, sy = kh / 6.0;
    return exp(-x * x / (2 * sx * sx + 1e-9) - y * y / (2 * sy * sy + 1e-9));
  }
  if (strcmp(kind, "box") == 0)
    return 1.0;
  if (strcmp(kind, "sparse") == 0) /* the centre and the four corners */
    return (x == 0 && y == 0) || (fabs(x) == (kw - 1) / 2.0 && fabs(y) == (kh - 1) / 2.0);
  /* disk: the taps whose centres lie in the ellipse through the middle
   * taps of the edges, a quarter tap beyond them (a 3x3 disk is a plus) */
  const double rx = (kw - 1) / 2.0 + 0.25, ry = (kh - 1) / 2.0 + 0.25;
  return (x * x) / (rx * rx) + (y * y) / (ry * ry) <= 1.0 ? 1.0 : 0.0;
}

kcv_kernel *kcv_bench_kernel(int kw, int kh, const char *kind, unsigned seed)
{
  const int known = strcmp(kind, "gaussian") == 0 || strcmp(kind, "box") == 0 ||
                    strcmp(kind, "disk") == 0 || strcmp(kind, "random") == 0 ||
                    strcmp(kind, "sparse") == 0;
  kcv_kernel *k = known ? kcv_kernel_new(kw, kh) : NULL;
  if (!k)
    return NULL;
  if (strcmp(kind, "random") == 0) {
    srand(seed);
    for (int i = 0; i < kw * kh; i++)
      k->data[i] = (float)(rand() / (double)RAND_MAX * 2 - 1) / (kw * kh);
    return k;
  }
  double s = 0;
  for (int j = 0; j < kh; j++)
    for (int i = 0; i < kw; i++) {
      const double v = weight(kind, i - (kw - 1) / 2.0, j - (kh - 1) / 2.0, kw, kh);
      k->data[j * kw + i] = (float)v;
      s += v;
    }
  for (int i = 0; i < kw * kh; i++)
    k->data[i] = (float)(k->data[i] / s);
  return k;
}
