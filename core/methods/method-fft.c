/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the fft method, FFTW r2c/c2r correlation of overlap-save tiles. */
#include "kcv-private.h"

#include <fftw3.h>
#include <math.h>
#include <string.h>

/* Overlap-save: a padded tile of (tw + kw - 1) x (th + kh - 1) samples is
 * placed at the origin of an nw x nh real array (zeros elsewhere) and
 * transformed. With the kernel zero-padded to the same size, the circular
 * cross-correlation
 *   c[y][x] = sum_j sum_i k[j][i] in[(y + j) mod nh][(x + i) mod nw]
 * has spectrum C = conj(K) . IN (k is real), and for x < tw, y < th no index
 * wraps, so c is the valid correlation there. conj(K) / (nw * nh) is the
 * "kernel spectrum" cached per transform size (FFTW's c2r is unnormalised). */

/* Transform sizes larger than this many points are planned with
 * FFTW_ESTIMATE (or taken from imported wisdom), smaller ones with
 * FFTW_MEASURE: MEASURE planning grows to seconds beyond it, while
 * ESTIMATE plans in milliseconds and runs slower (figures in
 * docs/benchmarks.md, "Figures behind the code's constants"). Kernels up
 * to ~400 wide get transforms under the limit; a 1025x1025 kernel needs
 * more and must not spend seconds planning each of its sizes (one per
 * output size, up to four when edge tiles need a smaller transform). */
#define MEASURE_MAX_POINTS (1 << 20)

/* Memory bound on one transform: 8 Mi points = 32 MiB of real samples plus
 * 32 MiB of spectrum per thread, plus 32 MiB of kernel spectrum. Only
 * kernels over ~500 wide come near it (a 1025x1025 kernel gets a tile
 * as large as itself); up to ~400 the cost model picks <= 1 Mi points. */
#define MAX_POINTS (1 << 23)

/* Cost model for the tile choice: time of an r2c + c2r pair with
 * FFTW_MEASURE plans, ns per point, against log2(points), for square
 * power-of-two sizes (64x64 to 3072x3072; docs/benchmarks.md has the
 * measurement). It is flat while the arrays fit in L2, grows in L3 and
 * jumps beyond it. Copy-in, zero-fill, spectrum product and copy-out cost
 * PER_POINT_NS per point; a call PER_TILE_NS. */
static const double pair_ns[][2] = {{12, 2.04}, {14, 1.88},  {16, 1.85}, {18, 2.09},
                                    {20, 2.39}, {21.2, 2.5}, {22, 3.9},  {23.2, 4.5}};
#define PER_POINT_NS 0.6
#define PER_TILE_NS 3000.0
/* Tiles over SPILL_POINTS (3 x 2^18) cost SPILL_POINT_NS per point in
 * copies, not PER_POINT_NS: the interleaved path's five arrays (four planes
 * and a spectrum) of two threads then outgrow the 32 MiB L3, and larger
 * transforms measured slower than smaller ones (docs/benchmarks.md). */
#define SPILL_POINTS 786432.0
#define SPILL_POINT_NS 3.0

/* Tiles narrower than this (in transform samples) are only used when the
 * whole output side fits in one: FFTW is slow on very thin arrays. */
#define MIN_SIDE 64

/* The transform side for a padded tile side of n samples: the smallest
 * 2^a, 3 * 2^a or 5 * 2^a >= n. This sparse set (steps of at most 4/3)
 * keeps to the sizes FFTW does best here (odd sizes and factors 7 are
 * several times slower per point: docs/benchmarks.md), and it is what lets an edge tile, a little
 * smaller than the others, reuse their transform size, plans and kernel spectrum. It depends on the
 * tile's size only, so the result never depends on which sizes were
 * planned before. factor: cost relative to a power of two. */
static int transform_side(int n, double *factor)
{
  int best = 0;
  double f = 1.0;
  if (n > (1 << 28))
    n = 1 << 28; /* no tile comes near; keeps the doubling below from overflowing */
  for (int m = 1; m <= 5; m += 2) {
    int s = m;
    while (s < n)
      s *= 2;
    if (best == 0 || s < best) {
      best = s;
      f = m == 1 ? 1.0 : m == 3 ? 1.05 : 1.1;
    }
  }
  if (factor)
    *factor = f;
  return best;
}

int kcv__fft_transform_side(int n)
{
  return transform_side(n, NULL);
}

/* One transform size: plans, and the kernel spectrum conj(K) / (nw * nh).
 * Immutable once published in the list. */
typedef struct fft_size {
  struct fft_size *next;
  int nw, nh;
  fftwf_plan r2c, c2r;
  fftwf_complex *spec;
} fft_size;

typedef struct {
  pthread_mutex_t lock; /* guards the sizes list */
  int kw, kh;
  fft_size *sizes;
} fft_state;

static double pair_ns_per_point(double log2_points)
{
  const int n = (int)(sizeof pair_ns / sizeof pair_ns[0]);
  if (log2_points <= pair_ns[0][0])
    return pair_ns[0][1];
  for (int i = 1; i < n; i++)
    if (log2_points <= pair_ns[i][0]) {
      double t = (log2_points - pair_ns[i - 1][0]) / (pair_ns[i][0] - pair_ns[i - 1][0]);
      return pair_ns[i - 1][1] + t * (pair_ns[i][1] - pair_ns[i - 1][1]);
    }
  /* Beyond the table: N log N growth from the last entry. */
  return pair_ns[n - 1][1] * log2_points / pair_ns[n - 1][0];
}

static double tile_cost_ns(int nw, int nh)
{
  double fw, fh;
  transform_side(nw, &fw);
  transform_side(nh, &fh);
  double points = (double)nw * nh;
  double per_point = pair_ns_per_point(log2(points)) * fw * fh;
  if (points > MEASURE_MAX_POINTS)
    per_point *= 1.6; /* FFTW_ESTIMATE plans */
  /* The interleaved path keeps a real plane per channel and a spectrum:
   * for RGBA, 5 arrays of the tile per thread. Once those no longer fit
   * in the shared cache the splitting and weaving go to memory. */
  double copy = points > SPILL_POINTS ? SPILL_POINT_NS : PER_POINT_NS;
  return points * (per_point + copy) + PER_TILE_NS;
}

/* One way to cut a side of w samples: n tiles of u (the last one w - (n-1) u),
 * transform sides side and edge_side. */
typedef struct {
  int n, u, side, edge_side;
} cut;

/* The candidate cuts of one side: for every transform side s, as few tiles
 * as fit in it, made equal (so that the edge tile is nearly as large as the
 * others and usually shares their transform). */
static int side_cuts(int w, int k, cut *cuts, int max_cuts)
{
  int n_cuts = 0;
  int whole = transform_side(w + k - 1, NULL);
  int first = transform_side(k + (MIN_SIDE - k > 0 ? MIN_SIDE - k : 0), NULL);
  if (first > whole)
    first = whole;
  for (int s = first; s <= whole && n_cuts < max_cuts; s = transform_side(s + 1, NULL)) {
    int umax = s - k + 1;
    int n = (w + umax - 1) / umax;
    int u = (w + n - 1) / n;
    cut c = {n, u, transform_side(u + k - 1, NULL), transform_side(w - (n - 1) * u + k - 1, NULL)};
    if (n_cuts > 0 && cuts[n_cuts - 1].n == c.n)
      continue;
    cuts[n_cuts++] = c;
  }
  return n_cuts;
}

static void free_size(fft_size *s)
{
  if (!s)
    return;
  pthread_mutex_lock(&kcv__fftw_lock);
  if (s->r2c)
    fftwf_destroy_plan(s->r2c);
  if (s->c2r)
    fftwf_destroy_plan(s->c2r);
  pthread_mutex_unlock(&kcv__fftw_lock);
  fftwf_free(s->spec);
  kcv__free(s);
}

static kcv_status prepare(const kcv__kernel_info *kernel, void **state)
{
  *state = NULL;
  fft_state *st = kcv__calloc(1, sizeof *st);
  if (!st)
    return KCV_ERR_NOMEM;
  if (pthread_mutex_init(&st->lock, NULL) != 0) {
    kcv__free(st);
    return KCV_ERR_NOMEM;
  }
  st->kw = kernel->kw;
  st->kh = kernel->kh;
  *state = st;
  return KCV_OK;
}

static void release(void *state)
{
  fft_state *st = state;
  if (!st)
    return;
  for (fft_size *s = st->sizes; s;) {
    fft_size *next = s->next;
    free_size(s);
    s = next;
  }
  pthread_mutex_destroy(&st->lock);
  kcv__free(st);
}

/* The tiling with the lowest modelled total time for a w x h output, within
 * the memory bound: (n_w - 1)(n_h - 1) full tiles, the edge row and column,
 * the corner. It depends on the output and kernel sizes only. */
static void tile_size(void *state, const kcv__kernel_info *kernel, int w, int h, int *tw, int *th)
{
  (void)state;
  cut cw[64], ch[64];
  int ncw = side_cuts(w < 1 ? 1 : w, kernel->kw, cw, 64);
  int nch = side_cuts(h < 1 ? 1 : h, kernel->kh, ch, 64);
  double best = INFINITY;
  *tw = cw[0].u;
  *th = ch[0].u;
  for (int i = 0; i < ncw; i++)
    for (int j = 0; j < nch; j++) {
      const cut *a = &cw[i], *b = &ch[j];
      if ((double)a->side * b->side > MAX_POINTS)
        continue;
      double cost = (a->n - 1.0) * (b->n - 1.0) * tile_cost_ns(a->side, b->side) +
                    (a->n - 1.0) * tile_cost_ns(a->side, b->edge_side) +
                    (b->n - 1.0) * tile_cost_ns(a->edge_side, b->side) +
                    tile_cost_ns(a->edge_side, b->edge_side);
      if (cost < best) {
        best = cost;
        *tw = a->u;
        *th = b->u;
      }
    }
}

static void transform_size(const fft_state *st, int tw, int th, int *nw, int *nh)
{
  *nw = transform_side(tw + st->kw - 1, NULL);
  *nh = transform_side(th + st->kh - 1, NULL);
}

/* Scratch layout: nh x nw real samples, then nh x (nw/2 + 1) complex, each
 * starting on a KCV__ALIGN boundary so that FFTW's alignment matches the
 * fftwf_malloc'ed arrays the plans were made on. */
static size_t real_bytes(int nw, int nh)
{
  size_t b = (size_t)nw * (size_t)nh * sizeof(float);
  return (b + KCV__ALIGN - 1) / KCV__ALIGN * KCV__ALIGN;
}

static size_t complex_count(int nw, int nh)
{
  return (size_t)nh * (size_t)(nw / 2 + 1);
}

static size_t scratch_size(void *state, const kcv__kernel_info *kernel, int tw, int th)
{
  (void)kernel;
  int nw, nh;
  transform_size(state, tw, th, &nw, &nh);
  return real_bytes(nw, nh) + complex_count(nw, nh) * sizeof(fftwf_complex);
}

unsigned kcv__fft_plan_flags(int nw, int nh)
{
  return (double)nw * nh <= MEASURE_MAX_POINTS ? FFTW_MEASURE : FFTW_ESTIMATE;
}

/* Makes the plans and the kernel spectrum for one size. Called with st->lock
 * held; takes the FFTW lock for the planner only. */
static kcv_status make_size(const fft_state *st, const kcv__kernel_info *kernel, int nw, int nh,
                            fft_size **out)
{
  *out = NULL;
  fft_size *s = kcv__calloc(1, sizeof *s);
  if (!s)
    return KCV_ERR_NOMEM;
  s->nw = nw;
  s->nh = nh;
  size_t nc = complex_count(nw, nh);
  float *r = fftwf_malloc((size_t)nw * nh * sizeof(float));
  s->spec = fftwf_malloc(nc * sizeof(fftwf_complex));
  if (!r || !s->spec) {
    fftwf_free(r);
    free_size(s);
    return KCV_ERR_NOMEM;
  }

  /* FFTW_MEASURE overwrites the arrays: plan on r and spec, fill them after.
   * With imported wisdom a large size still gets a measured plan. */
  unsigned flags = kcv__fft_plan_flags(nw, nh);
  pthread_mutex_lock(&kcv__fftw_lock);
  const int quick = kcv__planning_quick();
  if (flags == FFTW_ESTIMATE || quick) {
    s->r2c = fftwf_plan_dft_r2c_2d(nh, nw, r, s->spec, FFTW_MEASURE | FFTW_WISDOM_ONLY);
    s->c2r = fftwf_plan_dft_c2r_2d(nh, nw, s->spec, r, FFTW_MEASURE | FFTW_WISDOM_ONLY);
  }
  if (quick && flags == FFTW_MEASURE && (!s->r2c || !s->c2r)) {
    kcv__note_unmeasured(nw, nh);
    flags = FFTW_ESTIMATE;
  }
  if (!s->r2c)
    s->r2c = fftwf_plan_dft_r2c_2d(nh, nw, r, s->spec, flags);
  if (!s->c2r)
    s->c2r = fftwf_plan_dft_c2r_2d(nh, nw, s->spec, r, flags);
  pthread_mutex_unlock(&kcv__fftw_lock);
  if (!s->r2c || !s->c2r) {
    fftwf_free(r);
    free_size(s);
    return KCV_ERR_FFTW;
  }

  memset(r, 0, (size_t)nw * nh * sizeof(float));
  for (int j = 0; j < st->kh; j++)
    memcpy(r + (size_t)j * nw, kernel->k + (size_t)j * st->kw, (size_t)st->kw * sizeof(float));
  fftwf_execute_dft_r2c(s->r2c, r, s->spec);
  fftwf_free(r);

  const float scale = (float)(1.0 / ((double)nw * nh));
  float *sp = (float *)s->spec;
  for (size_t i = 0; i < nc; i++) {
    sp[2 * i] *= scale;
    sp[2 * i + 1] *= -scale;
  }
  *out = s;
  return KCV_OK;
}

static kcv_status get_size(fft_state *st, const kcv__kernel_info *kernel, int nw, int nh,
                           const fft_size **out)
{
  kcv_status status = KCV_OK;
  pthread_mutex_lock(&st->lock);
  fft_size *s = st->sizes;
  while (s && (s->nw != nw || s->nh != nh))
    s = s->next;
  if (!s) {
    status = make_size(st, kernel, nw, nh, &s);
    if (status == KCV_OK) {
      s->next = st->sizes;
      st->sizes = s;
    }
  }
  pthread_mutex_unlock(&st->lock);
  *out = s;
  return status;
}

/* c *= s, complex, interleaved. */
static void spectrum_product(float *restrict c, const float *restrict s, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    float ar = c[2 * i], ai = c[2 * i + 1];
    float br = s[2 * i], bi = s[2 * i + 1];
    c[2 * i] = ar * br - ai * bi;
    c[2 * i + 1] = ar * bi + ai * br;
  }
}

/* The size's plans and spectrum for a tile, made on first use. */
static kcv_status tile_transform(fft_state *st, const kcv__kernel_info *kernel, int tw, int th,
                                 const fft_size **s)
{
  if (!st || kernel->kw != st->kw || kernel->kh != st->kh)
    return KCV_ERR_METHOD;
  int nw, nh;
  transform_size(st, tw, th, &nw, &nh);
  return get_size(st, kernel, nw, nh, s);
}

/* r (the padded tile at the origin of nw x nh, zeros elsewhere) becomes the
 * circular correlation; c is the spectrum scratch. */
static void correlate(const fft_size *s, float *r, fftwf_complex *c)
{
  fftwf_execute_dft_r2c(s->r2c, r, c);
  spectrum_product((float *)c, (const float *)s->spec, complex_count(s->nw, s->nh));
  fftwf_execute_dft_c2r(s->c2r, c, r);
}

/* The part of the array beyond the padded tile (pw x ph) must be zero (any
 * finite value would do for the valid outputs, but zeros keep the rounding
 * error relative to the tile's own values). */
static void zero_margins(float *r, int nw, int nh, int pw, int ph)
{
  if (pw < nw)
    for (int y = 0; y < ph; y++)
      memset(r + (size_t)y * nw + pw, 0, (size_t)(nw - pw) * sizeof(float));
  if (ph < nh)
    memset(r + (size_t)ph * nw, 0, (size_t)(nh - ph) * nw * sizeof(float));
}

/* kcv__fft_pass's correlate: the rest of r zeroed, then correlated. */
static void correlate_padded(const void *size, float *r, void *spec, int pw, int ph)
{
  const fft_size *s = size;
  zero_margins(r, s->nw, s->nh, pw, ph);
  correlate(s, r, spec);
}

/* r (the padded tile pw x ph, rows at stride nw) becomes the valid
 * correlation (tw x th); c is the spectrum scratch. A tile whose values
 * span too wide a range for one float transform (a sun in a dark sky) is
 * transformed in bands of magnitude instead (dynamic-range.c, fft-bands.c). */
static kcv_status correlate_plane(const fft_state *st, const kcv__kernel_info *kernel,
                                  const fft_size *s, float *r, fftwf_complex *c, int pw, int ph,
                                  int tw, int th, double sum_squares)
{
  if (kcv__wide_range(r, s->nw, pw, ph, st->kw * st->kh, sum_squares)) {
    const kcv__fft_pass pass = {s->nw, s->nh, correlate_padded, s, c};
    return kcv__fft_bands(&pass, kernel, r, pw, ph, tw, th);
  }
  correlate_padded(s, r, c, pw, ph);
  return KCV_OK;
}

static kcv_status run(void *state, const kcv__kernel_info *kernel, const float *in,
                      ptrdiff_t in_stride, float *out, ptrdiff_t out_stride, int tw, int th,
                      void *scratch)
{
  fft_state *st = state;
  const fft_size *s;
  kcv_status status = tile_transform(st, kernel, tw, th, &s);
  if (status != KCV_OK)
    return status;
  float *r = scratch;
  fftwf_complex *c = (fftwf_complex *)((char *)scratch + real_bytes(s->nw, s->nh));
  const int pw = tw + st->kw - 1, ph = th + st->kh - 1;
  for (int y = 0; y < ph; y++)
    memcpy(r + (size_t)y * s->nw, in + (ptrdiff_t)y * in_stride, (size_t)pw * sizeof(float));
  /* The engine took NaN and Inf out (kcv__run_guarded). */
  const double sum_squares = kcv__sum_squares(r, s->nw, pw, ph);
  if ((status = correlate_plane(st, kernel, s, r, c, pw, ph, tw, th, sum_squares)) != KCV_OK)
    return status;
  for (int y = 0; y < th; y++)
    memcpy(out + (ptrdiff_t)y * out_stride, r + (size_t)y * s->nw, (size_t)tw * sizeof(float));
  return KCV_OK;
}

/*
 * Interleaved tiles: the planes are split out of the image's pixels in one
 * pass over each input row (kcv__fill_padded_planes, which also applies the
 * border), transformed one after the other, and woven back into pixels in
 * one pass over each output row. Against filling each plane with a strided
 * gather and scattering each result back (what the engine does for run),
 * this saves two copies of every tile and writes the output in whole cache
 * lines. Scratch: one real array per channel, one spectrum, the column map.
 */
static size_t interleaved_scratch_size(void *state, const kcv__kernel_info *kernel, int channels,
                                       int tw, int th)
{
  int nw, nh;
  transform_size(state, tw, th, &nw, &nh);
  const size_t xmap = ((size_t)tw + kernel->kw - 1) * sizeof(int);
  return (size_t)channels * real_bytes(nw, nh) + complex_count(nw, nh) * sizeof(fftwf_complex) +
         xmap;
}

/* Alpha weighting's division, in place on the result planes
 * (kcv__alpha_divide, as in the engine's planar path: the same bits). */
static void unweight(float *const *plane, int C, int nw, int tw, int th,
                     const kcv__alpha_weighting *aw)
{
  const float den_factor = aw->den_factor;
  for (int c = 0; c < C; c++) {
    if (c == aw->alpha)
      continue;
    for (int y = 0; y < th; y++) {
      float *restrict o = plane[c] + (size_t)y * nw;
      const float *restrict dn = plane[aw->alpha] + (size_t)y * nw;
      for (int x = 0; x < tw; x++) {
        o[x] = kcv__alpha_divide(o[x], dn[x], den_factor);
      }
    }
  }
}

/* kcv__fill_padded_planes in bands of FILL_ROWS rows, each plane's sum of
 * squares (dynamic-range.c) taken while the band is still in cache: a pass
 * of its own over the filled planes would read them all again from memory
 * (docs/benchmarks.md, NaN pixels and high dynamic range). */
#define FILL_ROWS 16
static void fill_and_measure(const kcv_image *src, int x0, int y0, int pw, int ph,
                             kcv_border border, int premultiply_c, float *const *plane, int nw,
                             int *xmap, double *sum_squares)
{
  const int C = src->channels;
  for (int c = 0; c < C; c++)
    sum_squares[c] = 0.0;
  for (int y = 0; y < ph; y += FILL_ROWS) {
    const int rows = ph - y < FILL_ROWS ? ph - y : FILL_ROWS;
    float *band[4];
    for (int c = 0; c < C; c++)
      band[c] = plane[c] + (size_t)y * nw;
    kcv__fill_padded_planes(src, x0, y0 + y, pw, rows, border, premultiply_c, band, nw, xmap);
    for (int c = 0; c < C; c++)
      sum_squares[c] += kcv__sum_squares(band[c], nw, pw, rows);
  }
}

static kcv_status run_interleaved(void *state, const kcv__kernel_info *kernel, const kcv_image *src,
                                  int x0, int y0, kcv_border border, const kcv__alpha_weighting *aw,
                                  float *out, ptrdiff_t out_stride, int tw, int th, void *scratch)
{
  fft_state *st = state;
  const int C = src->channels;
  if (C < 1 || C > 4)
    return KCV_ERR_CHANNELS;
  const fft_size *s;
  kcv_status status = tile_transform(st, kernel, tw, th, &s);
  if (status != KCV_OK)
    return status;
  const int nw = s->nw, nh = s->nh;
  const int pw = tw + st->kw - 1, ph = th + st->kh - 1;
  const size_t rb = real_bytes(nw, nh);
  float *plane[4];
  for (int c = 0; c < C; c++)
    plane[c] = (float *)((char *)scratch + (size_t)c * rb);
  fftwf_complex *spec = (fftwf_complex *)((char *)scratch + (size_t)C * rb);
  int *xmap = (int *)(spec + complex_count(nw, nh));

  double sum_squares[4];
  fill_and_measure(src, x0, y0, pw, ph, border, aw ? aw->alpha : -1, plane, nw, xmap, sum_squares);
  /* NaN and Inf samples would reach every output of the tile: taken out
   * and put back within their reach (nonfinite.c), as the engine does
   * around run. The sum of squares is not finite when there are any (or
   * when a square overflows). */
  kcv__nonfinite nf = {0};
  for (int c = 0; c < C && status == KCV_OK; c++) {
    nf.n = 0;
    if (!isfinite(sum_squares[c]) && kcv__has_nonfinite(plane[c], nw, pw, ph)) {
      status = kcv__nonfinite_take(&nf, plane[c], nw, pw, ph);
      sum_squares[c] = kcv__sum_squares(plane[c], nw, pw, ph);
    }
    if (status != KCV_OK || (status = correlate_plane(st, kernel, s, plane[c], spec, pw, ph, tw, th,
                                                      sum_squares[c])) != KCV_OK)
      break;
    kcv__nonfinite_restore(&nf, kernel, plane[c], nw, tw, th);
  }
  kcv__nonfinite_clear(&nf);
  if (status != KCV_OK)
    return status;
  if (aw)
    unweight(plane, C, nw, tw, th, aw);
  for (int y = 0; y < th; y++) {
    const float *res[4];
    for (int c = 0; c < C; c++)
      res[c] = plane[c] + (size_t)y * nw;
    kcv__weave_pixels(res, C, tw, out + (ptrdiff_t)y * out_stride);
  }
  return KCV_OK;
}

const kcv__method kcv__method_fft = {
    .id = KCV_METHOD_FFT,
    .name = "fft",
    .prepare = prepare,
    .release = release,
    .tile_size = tile_size,
    .scratch_size = scratch_size,
    .run = run,
    .interleaved_scratch_size = interleaved_scratch_size,
    .run_interleaved = run_interleaved,
};
