/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the Airy disk preset, a perfect circular lens's point spread function. */
#include "kcv-presets.h"

#include <math.h>
#include <stdlib.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* x at the first and third zeros of J1: the first and third dark rings. */
#define AIRY_ZERO_1 3.8317059702075123
#define AIRY_ZERO_3 10.173468135062722
/* Trapezoid points for Bessel's integral: the integrand is periodic and
 * analytic, so the rule converges geometrically; 48 points are exact to
 * double precision for x up to AIRY_ZERO_3. */
#define BESSEL_POINTS 48

/* J1(x) = 1/(2 pi) * integral over [0, 2 pi) of cos(t - x sin t) dt (Bessel's
 * integral): C99's libm has no Bessel functions (POSIX's j1 is not in every
 * C library the plug-in builds with). */
static double bessel_j1(double x)
{
  double s = 0;
  for (int i = 0; i < BESSEL_POINTS; i++) {
    double t = 2.0 * M_PI * i / BESSEL_POINTS;
    s += cos(t - x * sin(t));
  }
  return s / BESSEL_POINTS;
}

/* (2 J1(x) / x)^2, 1 at the centre. */
static double airy(double x)
{
  if (x < 1e-8)
    return 1.0;
  double a = 2.0 * bessel_j1(x) / x;
  return a * a;
}

kcv_kernel *kcv_preset_airy(double radius)
{
  if (!(radius >= KCV_AIRY_RADIUS_MIN && radius <= KCV_AIRY_RADIUS_MAX))
    return NULL;
  const int half = (int)ceil(radius * AIRY_ZERO_3 / AIRY_ZERO_1);
  const int side = 2 * half + 1;
  double *v = malloc((size_t)side * side * sizeof *v);
  kcv_kernel *k = v ? kcv_kernel_new(side, side) : NULL;
  if (!k) {
    free(v);
    return NULL;
  }
  /* Each pixel's value at its centre; J1 is computed once per distinct
   * squared distance, the kernel having eightfold symmetry. */
  double sum = 0;
  for (int y = 0; y <= half; y++)
    for (int x = 0; x <= y; x++) {
      double r = sqrt((double)x * x + (double)y * y);
      double a = r * AIRY_ZERO_1 / radius > AIRY_ZERO_3 ? 0.0 : airy(r * AIRY_ZERO_1 / radius);
      const int px[8] = {x, -x, x, -x, y, -y, y, -y}, py[8] = {y, y, -y, -y, x, x, -x, -x};
      for (int i = 0; i < 8; i++)
        v[(size_t)(half + py[i]) * side + (half + px[i])] = a;
    }
  for (size_t i = 0; i < (size_t)side * side; i++)
    sum += v[i];
  for (size_t i = 0; i < (size_t)side * side; i++)
    k->data[i] = (float)(v[i] / sum);
  free(v);
  return k;
}
