/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: which fft tiles hold too wide a range of values for one float
 * transform (high dynamic range images: a sun in a dark sky), and where to
 * cut such a tile into bands of magnitude that each fit one. */
#include "kcv-private.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/*
 * A float FFT's rounding error is spread evenly over the tile and scales
 * with the tile's RMS value, not with each output's own size: the worst
 * output is off by a few float epsilons times the RMS of the padded tile
 * (docs/fft.md gives the figures), so an output of size y stays within
 * 1e-3 of itself only when y is above about 3e-4 RMS. Outputs are local
 * averages of the samples, so a tile is too wide when it holds a dark
 * region: more samples below RMS / DARK_RATIO than a quarter of the
 * kernel's window (fewer are averaged up by brighter neighbours). Zeros do
 * not count (black stays within the same absolute error as before, which
 * no relative bound can hold). Ordinary pictures with values in 0..1 have
 * an RMS below 1 and few samples under 1/2048 of it: their tiles take one
 * plain transform. Wider tiles are cut into bands (fft-bands.c).
 */
#define DARK_RATIO 2048.0
#define DARK_ROW_STEP 8

/* Past this RMS times the sample count the float spectrum's DC term could
 * overflow (FLT_MAX is 3.4e38). */
#define FLOAT_SPECTRUM_MAX 1e36

/* A row's sum of squares: float over 16 independent lanes (so that it
 * vectorises), the row's total in double. A square beyond float range
 * makes it infinite, which rightly marks the tile as too wide. */
KCV__CLONES
static double row_sum_squares(const float *restrict x, int n)
{
  float lane[16] = {0};
  int i = 0;
  for (; i + 16 <= n; i += 16)
    for (int l = 0; l < 16; l++)
      lane[l] += x[i + l] * x[i + l];
  double s = 0.0;
  for (; i < n; i++)
    s += (double)x[i] * x[i];
  for (int l = 0; l < 16; l++)
    s += lane[l];
  return s;
}

/* Samples with 0 < |x| < t. */
KCV__CLONES
static int row_dark(const float *restrict x, int n, float t)
{
  int count = 0;
  for (int i = 0; i < n; i++) {
    const float a = fabsf(x[i]);
    count += (a > 0.0f) & (a < t); /* no branch: it vectorises */
  }
  return count;
}

double kcv__sum_squares(const float *in, ptrdiff_t stride, int w, int h)
{
  double sum = 0.0;
  for (int y = 0; y < h; y++)
    sum += row_sum_squares(in + (ptrdiff_t)y * stride, w);
  return sum;
}

int kcv__wide_range(const float *in, ptrdiff_t stride, int w, int h, int taps, double sum_squares)
{
  const double n = (double)w * h;
  const double rms = sqrt(sum_squares / n);
  if (!(rms > 0.0))
    return 0;
  if (!(rms * n <= FLOAT_SPECTRUM_MAX))
    return 1;
  /* Dark regions are regions: every DARK_ROW_STEP-th row finds them. */
  const float t = (float)(rms / DARK_RATIO);
  const double enough = taps / 4.0 > 1.0 ? taps / 4.0 : 1.0;
  double dark = 0.0;
  for (int y = 0; y < h && dark < enough; y += DARK_ROW_STEP)
    dark += DARK_ROW_STEP * row_dark(in + (ptrdiff_t)y * stride, w, t);
  return dark >= enough;
}

/* Per biased float exponent of |x| (bucket e holds 2^(e-127) <= |x| <
 * 2^(e-126); 0 holds the subnormals): non-zero samples and their squares. */
typedef struct {
  double count[256], squares[256];
} histogram;

static void fill_histogram(histogram *hg, const float *in, ptrdiff_t stride, int w, int h)
{
  memset(hg, 0, sizeof *hg);
  for (int y = 0; y < h; y++) {
    const float *row = in + (ptrdiff_t)y * stride;
    for (int x = 0; x < w; x++) {
      uint32_t bits;
      memcpy(&bits, &row[x], sizeof bits);
      if (!(bits & 0x7fffffffu))
        continue;
      const int e = (int)((bits >> 23) & 0xffu);
      hg->count[e] += 1.0;
      hg->squares[e] += (double)row[x] * row[x];
    }
  }
}

/* Whether the samples of buckets below top form a band that is not too
 * wide: fewer than `enough` of them in buckets that reach below its RMS /
 * DARK_RATIO (a bucket counts whole when its lower end does: the cut errs
 * low, towards narrower bands). */
static int band_fits(const histogram *hg, int top, double n, double enough, double *squares)
{
  double sq = 0.0;
  for (int e = 0; e < top; e++)
    sq += hg->squares[e];
  *squares = sq;
  const double limit = sqrt(sq / n) / DARK_RATIO;
  double dark = 0.0;
  for (int e = 0; e < top && ldexp(1.0, e - 127) < limit; e++)
    dark += hg->count[e];
  return dark < enough;
}

kcv__range_cut kcv__cut_range(const float *in, ptrdiff_t stride, int w, int h, int taps)
{
  histogram hg;
  fill_histogram(&hg, in, stride, w, h);
  const double n = (double)w * h;
  const double enough = taps / 4.0 > 1.0 ? taps / 4.0 : 1.0;
  int top = 255;
  while (top > 0 && hg.count[top - 1] == 0.0)
    top--;
  kcv__range_cut cut = {INFINITY, 0.0};
  /* The widest band from the bottom: a band of one bucket always fits
   * (its samples lie within a factor 2 of each other). */
  for (int e = top; e > 0; e--) {
    double sq;
    if (!band_fits(&hg, e, n, enough, &sq))
      continue;
    cut.at = e == top ? INFINITY : ldexpf(1.0f, e - 127);
    cut.squares = sq;
    break;
  }
  return cut;
}
