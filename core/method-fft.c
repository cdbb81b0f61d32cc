/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the fft method, FFTW r2c/c2r correlation of overlap-save tiles. */
#include "kcv-private.h"

#include <fftw3.h>
#include <math.h>
#include <stdint.h>
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
 * FFTW_MEASURE. Measured on the 2-core AVX-512 machine (FFTW 3.3.10): a
 * MEASURE r2c + c2r pair of 1024x1024 plans in 0.46 s, of 512x512 in 0.34 s,
 * but of 1536x1536 in 1.1 s and 3072x3072 in 2 s, while ESTIMATE plans take
 * < 5 ms and run 1.2x to 2.2x slower. Kernels up to ~500 wide get transforms
 * under the limit; a 1025x1025 kernel needs more and must not spend seconds
 * planning each of its (up to four) sizes. */
#define MEASURE_MAX_POINTS (1 << 20)

/* Memory bound on one transform: 4 Mi points = 16 MiB of real samples plus
 * 16 MiB of spectrum per thread, plus 16 MiB of kernel spectrum. */
#define MAX_POINTS (1 << 22)

/* Cost model for the tile choice, in nanoseconds, measured on the same
 * machine with FFTW_MEASURE plans: an r2c + c2r pair costs about
 * 0.12 * log2(points) ns per point while the arrays fit in L2/L3 (up to
 * ~1536x1536), 0.18 beyond; factors 3 and 5 cost a little more than pure
 * powers of two, factor 7 and odd sizes much more (315x315: 0.39), so those
 * are not used for tiles. Copy-in, zero-fill, the spectrum product and the
 * copy-out add about PER_POINT_NS per point, PER_TILE_NS per call. */
#define FFT_NS_PER_POINT_LOG2 0.12
#define PER_POINT_NS 0.6
#define PER_TILE_NS 3000.0

/* Ladders hold at most log2(MAX side) + a few entries. */
#define LADDER_MAX 40
#define SIDE_MAX 8192

int kcv__fft_next_fast_size(int n)
{
  if (n <= 1)
    return 1;
  for (int m = n;; m++) {
    int r = m;
    while (r % 2 == 0)
      r /= 2;
    while (r % 3 == 0)
      r /= 3;
    while (r % 5 == 0)
      r /= 5;
    while (r % 7 == 0)
      r /= 7;
    if (r == 1)
      return m;
  }
}

/* The sizes tiles use: even 2^a 3^b 5^c (r2c of odd sizes and radix 7 are
 * measurably slower, see above). Also returns the cost factor relative to a
 * power of two. */
static int tile_fast_size(int n, double *factor)
{
  if (n < 2)
    n = 2;
  for (int m = n + (n & 1);; m += 2) {
    int r = m, b = 0, c = 0;
    while (r % 2 == 0)
      r /= 2;
    while (r % 3 == 0) {
      r /= 3;
      b = 1;
    }
    while (r % 5 == 0) {
      r /= 5;
      c = 1;
    }
    if (r == 1) {
      if (factor)
        *factor = 1.0 + 0.05 * b + 0.1 * c;
      return m;
    }
  }
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
  int tw, th; /* preferred tile for an unbounded output */
  /* Transform sides the tiles use, decreasing: ladder[0] is the preferred
   * one, each next one serves tiles of half the previous useful width. A
   * tile gets the smallest that fits, so edge tiles at least half as wide
   * as the preferred tile reuse its transform, and the choice depends only
   * on the tile's size: the result does not depend on which sizes other
   * calls happened to create first. */
  int ladder_w[LADDER_MAX], n_ladder_w;
  int ladder_h[LADDER_MAX], n_ladder_h;
  fft_size *sizes;
} fft_state;

static double tile_cost_ns(int nw, int nh, double fw, double fh)
{
  double points = (double)nw * nh;
  double per_point = FFT_NS_PER_POINT_LOG2 * log2(points);
  if (points > 3.0 * (1 << 20))
    per_point *= 1.5; /* out of cache */
  if (points > MEASURE_MAX_POINTS)
    per_point *= 1.6; /* FFTW_ESTIMATE plans */
  return points * (per_point * fw * fh + PER_POINT_NS) + PER_TILE_NS;
}

/* Smallest transform side tried: the model above is symmetric in the two
 * sides, but FFTW is slow on very thin arrays (8 x 2048 and the like) and a
 * tile must hold more than its halo. */
static int min_side(int k)
{
  return k + 7 > 64 ? k + 7 : 64;
}

/* Cheapest tile per output sample for an unbounded output. */
static void best_tile(int kw, int kh, int *tw, int *th)
{
  double best = INFINITY;
  *tw = 1;
  *th = 1;
  double fw, fh;
  for (int nw = tile_fast_size(min_side(kw), &fw); nw <= SIDE_MAX;
       nw = tile_fast_size(nw + 1, &fw)) {
    for (int nh = tile_fast_size(min_side(kh), &fh); nh <= SIDE_MAX;
         nh = tile_fast_size(nh + 1, &fh)) {
      if ((double)nw * nh > MAX_POINTS)
        break;
      double useful = (double)(nw - kw + 1) * (nh - kh + 1);
      double cost = tile_cost_ns(nw, nh, fw, fh) / useful;
      if (cost < best) {
        best = cost;
        *tw = nw - kw + 1;
        *th = nh - kh + 1;
      }
    }
  }
  /* A kernel so large that no transform fits the bound (only possible for
   * near-limit kernels): the smallest transform that holds one sample. */
  if (best == INFINITY) {
    *tw = tile_fast_size(kw, NULL) - kw + 1;
    *th = tile_fast_size(kh, NULL) - kh + 1;
  }
}

static int make_ladder(int k, int t, int *ladder)
{
  int n = 0;
  int u = t;
  for (;;) {
    int side = tile_fast_size(u + k - 1, NULL);
    if (n == 0 || side < ladder[n - 1])
      ladder[n++] = side;
    if (u == 1 || n == LADDER_MAX)
      break;
    u = (u + 1) / 2;
  }
  return n;
}

static int ladder_side(const int *ladder, int n, int need)
{
  if (need > ladder[0])
    return tile_fast_size(need, NULL); /* larger than asked for in tile_size */
  int side = ladder[0];
  for (int i = 1; i < n && ladder[i] >= need; i++)
    side = ladder[i];
  return side;
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
  best_tile(st->kw, st->kh, &st->tw, &st->th);
  st->n_ladder_w = make_ladder(st->kw, st->tw, st->ladder_w);
  st->n_ladder_h = make_ladder(st->kh, st->th, st->ladder_h);
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

static void tile_size(void *state, const kcv__kernel_info *kernel, int w, int h, int *tw, int *th)
{
  const fft_state *st = state;
  (void)kernel;
  *tw = w < st->tw ? w : st->tw;
  *th = h < st->th ? h : st->th;
  if (*tw < 1)
    *tw = 1;
  if (*th < 1)
    *th = 1;
}

static void transform_size(const fft_state *st, int tw, int th, int *nw, int *nh)
{
  *nw = ladder_side(st->ladder_w, st->n_ladder_w, tw + st->kw - 1);
  *nh = ladder_side(st->ladder_h, st->n_ladder_h, th + st->kh - 1);
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

static unsigned plan_flags(int nw, int nh)
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
  unsigned flags = plan_flags(nw, nh);
  pthread_mutex_lock(&kcv__fftw_lock);
  if (flags == FFTW_ESTIMATE) {
    s->r2c = fftwf_plan_dft_r2c_2d(nh, nw, r, s->spec, FFTW_MEASURE | FFTW_WISDOM_ONLY);
    s->c2r = fftwf_plan_dft_c2r_2d(nh, nw, s->spec, r, FFTW_MEASURE | FFTW_WISDOM_ONLY);
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

static kcv_status run(void *state, const kcv__kernel_info *kernel, const float *in,
                      ptrdiff_t in_stride, float *out, ptrdiff_t out_stride, int tw, int th,
                      void *scratch)
{
  fft_state *st = state;
  if (!st || kernel->kw != st->kw || kernel->kh != st->kh)
    return KCV_ERR_METHOD;
  int nw, nh;
  transform_size(st, tw, th, &nw, &nh);
  const fft_size *s;
  kcv_status status = get_size(st, kernel, nw, nh, &s);
  if (status != KCV_OK)
    return status;

  float *r = scratch;
  fftwf_complex *c = (fftwf_complex *)((char *)scratch + real_bytes(nw, nh));
  const int pw = tw + st->kw - 1, ph = th + st->kh - 1;

  /* The part of the array beyond the padded tile must be zero (any finite
   * value would do for the valid outputs, but zeros keep the rounding error
   * relative to the tile's own values). */
  for (int y = 0; y < ph; y++) {
    float *row = r + (size_t)y * nw;
    memcpy(row, in + (ptrdiff_t)y * in_stride, (size_t)pw * sizeof(float));
    if (pw < nw)
      memset(row + pw, 0, (size_t)(nw - pw) * sizeof(float));
  }
  if (ph < nh)
    memset(r + (size_t)ph * nw, 0, (size_t)(nh - ph) * nw * sizeof(float));

  fftwf_execute_dft_r2c(s->r2c, r, c);
  spectrum_product((float *)c, (const float *)s->spec, complex_count(nw, nh));
  fftwf_execute_dft_c2r(s->c2r, c, r);

  for (int y = 0; y < th; y++)
    memcpy(out + (ptrdiff_t)y * out_stride, r + (size_t)y * nw, (size_t)tw * sizeof(float));
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
};
