/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the fft method's tiles of too wide a range for one float transform
 * (a sun in a dark sky), correlated in float as bands of magnitude. */
#include "kcv-private.h"

#include <math.h>
#include <string.h>

/*
 * A float transform's rounding error is spread over every output of the
 * tile and scales with the RMS of the samples transformed (dynamic-range.c).
 * So the tile is cut by magnitude: the samples below a cut (the "low" band,
 * as wide as one transform serves, kcv__cut_range) are transformed alone,
 * with the bright ones set to zero, and every output gets their correlation.
 * The bright samples (|x| >= cut) are added back:
 *  - when they are few (count x non-zero taps within SPARSE_PER_POINT times
 *    the transform's points) or sparse (SPARSE_FRACTION), one by one:
 *    out[y - j][x - i] += w[j][i] * v, exact to float rounding of each
 *    output, as nonfinite.c adds back NaN;
 *  - else by bands of magnitude, each as wide as one transform serves and
 *    at most BAND_OCTAVES above its least sample, each transformed alone.
 *    A band's transform is off by up to BAND_NOISE x sum|w| x the band's
 *    RMS at every output, which the outputs that no sample of the band
 *    reaches through a non-zero weight cannot afford: they take nothing
 *    from it (the reach is counted exactly, from the kernel's runs of
 *    non-zero weights and the band's runs of samples).
 *    The outputs it reaches add it and its error bound; where the bounds
 *    exceed ACCEPT times the output (an output that a few bright samples
 *    reach through small weights, at the edge of a bright region), the
 *    bright samples' part is summed directly for that output instead.
 * Every output thus keeps the low band's transform error, which the cut
 * keeps to about 1e-3 of the darker outputs, as for ordinary tiles. Each
 * band is scaled by a power of two (exact) to an RMS near 1 before its
 * transform, so that no spectrum overflows (values up to FLT_MAX).
 */

/* Budget of the one-by-one add-back: taps x samples per transform point.
 * Past it the bands' path takes a transform pair and a few passes per band,
 * and few bright samples through a large flat kernel are too faint against
 * their band's error anyway: the outputs they reach are summed directly,
 * which costs as much as adding them one by one. A sun of 81 samples
 * through a 1025x1025 disk (67 M taps x samples, 16 per point of its
 * 2048x2048 transform) ran 1.9x faster one by one than as a band
 * (docs/benchmarks.md). */
#define SPARSE_PER_POINT 32.0

/* A float transform's worst output error, as a fraction of sum|w| times
 * the RMS of the samples transformed; measured 1.5e-7 to 3e-7 on the
 * tests' tiles (docs/fft.md), with a margin. */
#define BAND_NOISE 6e-7

/* Outputs whose bands' error bounds exceed this fraction of themselves are
 * summed directly: 10 times under the 1e-3 the tests hold. */
#define ACCEPT 1e-4

/* Bright samples below this fraction of the tile go one by one whatever
 * their count: a band of equal samples covering a fraction f of the tile is
 * off by BAND_NOISE x sum|w| x v sqrt(f) at every output it reaches, while
 * an output reached by c of them through a flat kernel of t taps is about
 * c v sum|w| / t, with c about f t on average: within ACCEPT only when
 * sqrt(f) >= BAND_NOISE / ACCEPT. Sparser bands send most outputs they
 * reach to direct sums, which cost more than adding the samples one by one.
 * Four times that bound (f >= 1.44e-4). */
#define SPARSE_FRACTION (4.0 * (BAND_NOISE / ACCEPT) * (BAND_NOISE / ACCEPT))

/* A band spans at most this many octaves above its least sample: its RMS,
 * and so its error, is then set by samples at most 2^BAND_OCTAVES times
 * those whose outputs it must keep (a sun among stars is a band of its
 * own, or added one by one). */
#define BAND_OCTAVES 5

/* Non-zero weights w[j][i0 .. i1 - 1] of kernel row j. */
typedef struct {
  int i0, i1;
} kernel_run;

typedef struct {
  const kcv__fft_pass *f;
  const kcv__kernel_info *k;
  int pw, ph, tw, th;
  double taps;        /* non-zero weights */
  double abs_sum;     /* sum |w| */
  kernel_run *runs;   /* kernel row j's: runs[row_runs[j] .. row_runs[j + 1] - 1] */
  int *row_runs;      /* kh + 1 */
  float *bright;      /* pw x ph, stride pw: the samples >= the cut, zeros elsewhere */
  int *lo, *hi;       /* bright's row y has its samples in columns lo[y] .. hi[y] - 1 */
  int *rows, n_rows;  /* the rows of bright that have samples, in order */
  int *spans;         /* runs of samples of rows[n]: spans[2m], spans[2m + 1] (x0, x1) */
  int *row_spans;     /* for m in row_spans[n] .. row_spans[n + 1] - 1 */
  double n_bright;    /* samples in bright */
  float *low;         /* tw x th: the low band's correlation */
  float *acc, *noise; /* tw x th: the bands' correlations where they reach, error bounds */
  int *reach;         /* th rows of tw + 1: differences of a band's reach counts */
} bands;

static kcv_status kernel_runs(bands *b)
{
  const kcv__kernel_info *k = b->k;
  b->runs = kcv__malloc((size_t)k->kh * (size_t)(k->kw / 2 + 1) * sizeof *b->runs);
  b->row_runs = kcv__malloc(((size_t)k->kh + 1) * sizeof *b->row_runs);
  if (!b->runs || !b->row_runs)
    return KCV_ERR_NOMEM;
  int n = 0;
  for (int j = 0; j < k->kh; j++) {
    const float *w = k->k + (size_t)j * k->kw;
    b->row_runs[j] = n;
    for (int i = 0; i < k->kw;) {
      if (w[i] == 0.0f) {
        i++;
        continue;
      }
      const int i0 = i;
      for (; i < k->kw && w[i] != 0.0f; i++) {
        b->abs_sum += fabsf(w[i]);
        b->taps += 1.0;
      }
      b->runs[n++] = (kernel_run){i0, i};
    }
  }
  b->row_runs[k->kh] = n;
  return KCV_OK;
}

/* A power of two that brings an RMS of sqrt(squares / n) near 1. */
static float band_scale(double squares, double n)
{
  const double rms = sqrt(squares / n);
  return rms > 0.0 && isfinite(rms) ? ldexpf(1.0f, -ilogb(rms)) : 1.0f;
}

/* Moves the samples with |x| >= at from r into bright; the others are
 * scaled by scale. */
static void split(bands *b, float *r, int nw, float at, float scale)
{
  b->n_bright = 0.0;
  for (int y = 0; y < b->ph; y++) {
    float *row = r + (size_t)y * nw;
    float *br = b->bright + (size_t)y * b->pw;
    int lo = b->pw, hi = 0;
    for (int x = 0; x < b->pw; x++) {
      const float v = row[x];
      if (fabsf(v) >= at) {
        br[x] = v;
        row[x] = 0.0f;
        lo = x < lo ? x : lo;
        hi = x + 1;
        b->n_bright += 1.0;
      } else {
        br[x] = 0.0f;
        row[x] = v * scale;
      }
    }
    b->lo[y] = lo;
    b->hi[y] = hi;
  }
}

/* out[ys - j][xs - i] += w[j][i] * v for every non-zero weight that lands
 * in the tw x th outputs. */
static void add_sample(const bands *b, int xs, int ys, float v, float *out)
{
  const kcv__kernel_info *k = b->k;
  const int j0 = ys - b->th + 1 > 0 ? ys - b->th + 1 : 0;
  const int j1 = ys + 1 < k->kh ? ys + 1 : k->kh;
  for (int j = j0; j < j1; j++) {
    float *o = out + (size_t)(ys - j) * b->tw + xs;
    const float *w = k->k + (size_t)j * k->kw;
    for (int n = b->row_runs[j]; n < b->row_runs[j + 1]; n++) {
      const int a = b->runs[n].i0 > xs - b->tw + 1 ? b->runs[n].i0 : xs - b->tw + 1;
      const int e = b->runs[n].i1 < xs + 1 ? b->runs[n].i1 : xs + 1;
      for (int i = a; i < e; i++)
        o[-i] += w[i] * v;
    }
  }
}

/* Adds the bright samples with |x| >= from one by one to out (tw x th). */
static void add_sparse(const bands *b, float from, float *out)
{
  for (int y = 0; y < b->ph; y++) {
    const float *br = b->bright + (size_t)y * b->pw;
    for (int x = b->lo[y]; x < b->hi[y]; x++)
      if (br[x] != 0.0f && fabsf(br[x]) >= from)
        add_sample(b, x, y, br[x], out);
  }
}

/* Counts into reach the outputs that samples x0 .. x1 - 1 of padded row yy
 * reach through a non-zero weight: w[j][i] joins sample x to output
 * (x - i, yy - j). */
static void mark_run(bands *b, int yy, int x0, int x1)
{
  const int j0 = yy - b->th + 1 > 0 ? yy - b->th + 1 : 0;
  const int j1 = yy + 1 < b->k->kh ? yy + 1 : b->k->kh;
  for (int j = j0; j < j1; j++) {
    int *d = b->reach + (size_t)(yy - j) * (b->tw + 1);
    for (int n = b->row_runs[j]; n < b->row_runs[j + 1]; n++) {
      const int a = x0 - b->runs[n].i1 + 1 > 0 ? x0 - b->runs[n].i1 + 1 : 0;
      const int e = x1 - b->runs[n].i0 < b->tw ? x1 - b->runs[n].i0 : b->tw;
      if (a < e) {
        d[a]++;
        d[e]--;
      }
    }
  }
}

/* The reach of the band's samples (the non-zero ones of r, pw x ph at
 * stride nw, within bright's columns). */
static void mark_reach(bands *b, const float *r, int nw)
{
  memset(b->reach, 0, (size_t)(b->tw + 1) * b->th * sizeof *b->reach);
  for (int y = 0; y < b->ph; y++) {
    const float *row = r + (size_t)y * nw;
    for (int x = b->lo[y]; x < b->hi[y];) {
      if (row[x] == 0.0f) {
        x++;
        continue;
      }
      const int x0 = x;
      while (x < b->hi[y] && row[x] != 0.0f)
        x++;
      mark_run(b, y, x0, x);
    }
  }
}

/* r (pw x ph at stride nw) = the bright samples with |x| >= from; returns
 * the least |x| of them. */
static float fill_rest(const bands *b, float *r, int nw, float from)
{
  float least = INFINITY;
  for (int y = 0; y < b->ph; y++) {
    float *row = r + (size_t)y * nw;
    const float *br = b->bright + (size_t)y * b->pw;
    for (int x = 0; x < b->pw; x++) {
      const float a = fabsf(br[x]);
      row[x] = a >= from ? br[x] : 0.0f;
      least = a >= from && a < least ? a : least;
    }
  }
  return least;
}

/* Drops the samples with |x| >= at from r; returns how many there were,
 * and the sum of squares of those kept. */
static double keep_below(const bands *b, float *r, int nw, float at, double *squares)
{
  double above = 0.0, sq = 0.0;
  for (int y = 0; y < b->ph; y++) {
    float *row = r + (size_t)y * nw;
    for (int x = b->lo[y]; x < b->hi[y]; x++) {
      if (fabsf(row[x]) >= at) {
        row[x] = 0.0f;
        above += 1.0;
      }
      sq += (double)row[x] * row[x];
    }
  }
  *squares = sq;
  return above;
}

/* One band (the samples in r, their sum of squares): its correlation and
 * error bound added to acc and noise where it reaches. */
static void add_band(bands *b, float *r, double squares)
{
  const int nw = b->f->nw;
  const double n = (double)b->pw * b->ph;
  if (!(squares > 0.0))
    return;
  mark_reach(b, r, nw);
  const float scale = band_scale(squares, n);
  for (int y = 0; y < b->ph; y++)
    for (int x = b->lo[y]; x < b->hi[y]; x++)
      r[(size_t)y * nw + x] *= scale;
  b->f->correlate(b->f->size, r, b->f->spec, b->pw, b->ph);
  const float unscale = 1.0f / scale;
  const float bound = (float)(BAND_NOISE * b->abs_sum * sqrt(squares / n));
  for (int y = 0; y < b->th; y++) {
    const int *d = b->reach + (size_t)y * (b->tw + 1);
    float *acc = b->acc + (size_t)y * b->tw, *noise = b->noise + (size_t)y * b->tw;
    const float *res = r + (size_t)y * nw;
    int count = 0;
    for (int x = 0; x < b->tw; x++) {
      count += d[x];
      if (count > 0) {
        acc[x] += res[x] * unscale;
        noise[x] += bound;
      }
    }
  }
}

/* Whether n bright samples go one by one rather than as bands: within the
 * budget, or too sparse for a band (see SPARSE_FRACTION). */
static int go_sparse(const bands *b, double n)
{
  const double points = (double)b->f->nw * b->f->nh;
  return n * b->taps <= SPARSE_PER_POINT * points || n <= SPARSE_FRACTION * (double)b->pw * b->ph;
}

/* The bright samples from `from` up, as bands (see the top). */
static void bright_bands(bands *b, float *r, float from)
{
  const int nw = b->f->nw;
  for (;;) {
    const float least = fill_rest(b, r, nw, from);
    const kcv__range_cut cut = kcv__cut_range(r, nw, b->pw, b->ph, b->k->kw * b->k->kh);
    const float cap = ldexpf(1.0f, ilogb(least) + BAND_OCTAVES);
    const float at = cut.at < cap ? cut.at : cap;
    double squares;
    const double above = keep_below(b, r, nw, at, &squares);
    add_band(b, r, squares);
    if (above == 0.0)
      return;
    if (go_sparse(b, above)) {
      add_sparse(b, at, b->acc);
      return;
    }
    from = at;
  }
}

/* The rows of bright that hold samples, and their runs of samples, so
 * that a direct sum touches samples, not the zeros between scattered stars.
 * spans holds at most one run per sample. */
static kcv_status bright_runs(bands *b)
{
  b->rows = kcv__malloc((size_t)b->ph * sizeof(int));
  b->row_spans = kcv__malloc(((size_t)b->ph + 1) * sizeof(int));
  b->spans = kcv__malloc(2 * ((size_t)b->n_bright + 1) * sizeof(int));
  if (!b->rows || !b->row_spans || !b->spans)
    return KCV_ERR_NOMEM;
  int m = 0;
  b->n_rows = 0;
  for (int y = 0; y < b->ph; y++) {
    if (b->lo[y] >= b->hi[y])
      continue;
    const float *br = b->bright + (size_t)y * b->pw;
    b->row_spans[b->n_rows] = m;
    b->rows[b->n_rows++] = y;
    for (int x = b->lo[y]; x < b->hi[y];) {
      if (br[x] == 0.0f) {
        x++;
        continue;
      }
      b->spans[2 * m] = x;
      while (x < b->hi[y] && br[x] != 0.0f)
        x++;
      b->spans[2 * m++ + 1] = x;
    }
  }
  b->row_spans[b->n_rows] = m;
  return KCV_OK;
}

/* Sum of w[i] * in[i] over one run of samples (x0 .. x1 - 1 of the row,
 * as offsets from the output's column x) and the kernel row's runs. */
static double run_sum(const bands *b, int j, const float *in, int x0, int x1)
{
  const float *w = b->k->k + (size_t)j * b->k->kw;
  double s = 0.0;
  for (int m = b->row_runs[j]; m < b->row_runs[j + 1]; m++) {
    const int a = b->runs[m].i0 > x0 ? b->runs[m].i0 : x0;
    const int e = b->runs[m].i1 < x1 ? b->runs[m].i1 : x1;
    for (int i = a; i < e; i++)
      s += (double)w[i] * in[i];
  }
  return s;
}

/* The bright samples' part of output (x, y), summed directly: the rows of
 * bright from rows[first] on that hold samples, through the kernel's
 * non-zero runs (a disk's corners would cost as much as its inside). */
static float direct_bright(const bands *b, int x, int y, int first)
{
  const int kw = b->k->kw;
  double s = 0.0;
  for (int n = first; n < b->n_rows && b->rows[n] < y + b->k->kh; n++) {
    const int yy = b->rows[n];
    const float *in = b->bright + (size_t)yy * b->pw + x;
    for (int m = b->row_spans[n]; m < b->row_spans[n + 1]; m++) {
      const int x0 = b->spans[2 * m] - x, x1 = b->spans[2 * m + 1] - x;
      if (x1 > 0 && x0 < kw)
        s += run_sum(b, yy - y, in, x0, x1);
    }
  }
  return (float)s;
}

/* The result into r: the low band plus the bright bands where their error
 * bounds allow, else plus the bright samples' direct sum. */
static void combine(const bands *b, float *r)
{
  int first = 0;
  for (int y = 0; y < b->th; y++) {
    while (first < b->n_rows && b->rows[first] < y)
      first++;
    for (int x = 0; x < b->tw; x++) {
      const size_t i = (size_t)y * b->tw + x;
      const float sum = b->low[i] + b->acc[i];
      const int fine = b->noise[i] <= (float)ACCEPT * fabsf(sum);
      r[(size_t)y * b->f->nw + x] = fine ? sum : b->low[i] + direct_bright(b, x, y, first);
    }
  }
}

static void free_bands(bands *b)
{
  kcv__free(b->runs);
  kcv__free(b->row_runs);
  kcv__free(b->bright);
  kcv__free(b->lo);
  kcv__free(b->hi);
  kcv__free(b->rows);
  kcv__free(b->row_spans);
  kcv__free(b->spans);
  kcv__free(b->low);
  kcv__free(b->acc);
  kcv__free(b->noise);
  kcv__free(b->reach);
}

/* The low band's correlation (scaled back) into low. */
static void keep_low(bands *b, const float *r, float scale)
{
  const float unscale = 1.0f / scale;
  for (int y = 0; y < b->th; y++)
    for (int x = 0; x < b->tw; x++)
      b->low[(size_t)y * b->tw + x] = r[(size_t)y * b->f->nw + x] * unscale;
}

/* Bright samples past the sparse budget: the bands' path. */
static kcv_status add_bands(bands *b, float *r, float cut)
{
  const size_t outputs = (size_t)b->tw * b->th;
  b->acc = kcv__calloc(outputs, sizeof(float));
  b->noise = kcv__calloc(outputs, sizeof(float));
  b->reach = kcv__malloc(((size_t)b->tw + 1) * b->th * sizeof(int));
  if (!b->acc || !b->noise || !b->reach || bright_runs(b) != KCV_OK)
    return KCV_ERR_NOMEM;
  bright_bands(b, r, cut);
  combine(b, r);
  return KCV_OK;
}

kcv_status kcv__fft_bands(const kcv__fft_pass *f, const kcv__kernel_info *k, float *r, int pw,
                          int ph, int tw, int th)
{
  bands b = {.f = f, .k = k, .pw = pw, .ph = ph, .tw = tw, .th = th};
  const int nw = f->nw;
  kcv_status status = kernel_runs(&b);
  b.bright = kcv__malloc((size_t)pw * ph * sizeof(float));
  b.lo = kcv__malloc((size_t)ph * sizeof(int));
  b.hi = kcv__malloc((size_t)ph * sizeof(int));
  b.low = kcv__malloc((size_t)tw * th * sizeof(float));
  if (status != KCV_OK || !b.bright || !b.lo || !b.hi || !b.low) {
    free_bands(&b);
    return KCV_ERR_NOMEM;
  }
  const kcv__range_cut cut = kcv__cut_range(r, nw, pw, ph, k->kw * k->kh);
  const float scale = band_scale(cut.squares, (double)pw * ph);
  split(&b, r, nw, cut.at, scale);
  f->correlate(f->size, r, f->spec, pw, ph);
  keep_low(&b, r, scale);
  if (go_sparse(&b, b.n_bright)) {
    add_sparse(&b, cut.at, b.low);
    for (int y = 0; y < th; y++)
      memcpy(r + (size_t)y * nw, b.low + (size_t)y * tw, (size_t)tw * sizeof(float));
  } else {
    status = add_bands(&b, r, cut.at);
  }
  free_bands(&b);
  return status;
}
