/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the separable method: a rank-r kernel as r pairs of 1-D passes. */
#include "kcv-private.h"
#include "kcv-vector-private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ISO C mode turns off FMA contraction in GCC; the 1-D filters want it (as
 * the direct method does; clang contracts within an expression anyway). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=fast")
#endif

/*
 * prepare decomposes the kernel K (kh x kw) as sum_c v_c h_c^T (lowrank.c),
 * accepted only when the Frobenius error is within KCV__LOWRANK_TOL of
 * ||K||. run then does, for each pair c,
 *   tmp[y][x]  = sum_i h_c[i] in[y][x + i]      for the th + kh - 1 rows,
 *   out[y][x] += sum_j v_c[j] tmp[y + j][x]     for the th rows,
 * so a tap of the 2-D kernel costs (kw + kh) / (kw kh) of the direct one.
 *
 * Precision: a 1-D sum longer than FLOAT_ONLY taps is accumulated in float
 * over blocks of TAP_BLOCK taps and the block sums in double, so the
 * rounding error stays that of a short float sum whatever the kernel side.
 * 8-tap blocks keep the tests' worst case (a 68-tap Gaussian over +-1
 * noise) well inside 1e-6 relative RMS, where 32-tap blocks come close to
 * it, for a few percent of speed (docs/benchmarks.md).
 */

/* Outputs kept in registers per strip (two AVX-512 registers). */
#define STRIP 32
#define TAP_BLOCK 8
/* Filters this short are summed in float only (error like one block's). */
#define FLOAT_ONLY 16
/* Output rows the vertical pass computes together, sharing each input row
 * load; the vertical weights carry ROWS - 1 zeros either side for it. */
#define ROWS 4
#define PAD (ROWS - 1)
/* Memory the tile choice allows per thread: the engine's padded input
 * plus our scratch. */
#define TILE_BYTES (8u << 20)
/* A tile whose input and intermediate rows outgrow half of a 1 MiB L2 counts
 * L2_PENALTY times its work: such tiles ran slower per sample than the
 * in-cache ones the model would otherwise rank below them
 * (docs/benchmarks.md). */
#define L2_BYTES (512u << 10)
#define L2_PENALTY 1.25

typedef struct {
  int rank;
  int kw, kh;
  /* Horizontal taps: every hstep-th column (the others are all zero, as in
   * the engine's kernel widened for interleaved pixels), htaps of them. */
  int hstep, htaps;
  float *h; /* rank x kw; v folded in when kh == 1 */
  float *v; /* rank x (kh + 2 PAD), each with PAD zeros either side; h folded
              in when kw == 1 */
  /* The passes for this machine's vector width (see below). */
  void (*across)(const float *src, ptrdiff_t ss, ptrdiff_t step, const float *w, int taps,
                 float *dst, ptrdiff_t ds, int rows, int n, int put);
  void (*down)(const float *src, ptrdiff_t ss, ptrdiff_t step, const float *w, int taps, float *dst,
               ptrdiff_t ds, int rows, int n, int put);
} sep_state;

static void pick_passes(sep_state *s);

static void release(void *state)
{
  sep_state *s = state;
  if (!s)
    return;
  kcv__free(s->h);
  kcv__free(s->v);
  free(s);
}

static kcv_status prepare(const kcv__kernel_info *k, void **state)
{
  *state = NULL;
  const int r_max = KCV_SEPARABLE_MAX_RANK;
  double *v = malloc((size_t)r_max * k->kh * sizeof *v);
  double *h = malloc((size_t)r_max * k->kw * sizeof *h);
  sep_state *s = calloc(1, sizeof *s);
  kcv_status status = KCV_ERR_NOMEM;
  if (!v || !h || !s)
    goto out;
  const int rank = kcv__low_rank(k->kd, k->kw, k->kh, r_max, KCV__LOWRANK_TOL, v, h);
  if (rank < 1) {
    status = rank == KCV__LOWRANK_NOMEM ? KCV_ERR_NOMEM : KCV_ERR_METHOD;
    goto out;
  }
  s->rank = rank;
  s->kw = k->kw;
  s->kh = k->kh;
  s->h = kcv__malloc((size_t)rank * k->kw * sizeof(float));
  s->v = kcv__calloc((size_t)rank * (k->kh + 2 * PAD), sizeof(float));
  if (!s->h || !s->v)
    goto out;
  for (int c = 0; c < rank; c++) {
    /* A 1-row or 1-column kernel runs as a single pass: fold the other
     * factor (a single number) into it. */
    const double hs = k->kw == 1 ? h[c] : 1.0;
    const double vs = k->kh == 1 ? v[c] : 1.0;
    for (int i = 0; i < k->kw; i++)
      s->h[(size_t)c * k->kw + i] = (float)(h[(size_t)c * k->kw + i] * vs);
    for (int j = 0; j < k->kh; j++)
      s->v[(size_t)c * (k->kh + 2 * PAD) + PAD + j] = (float)(v[(size_t)c * k->kh + j] * hs);
  }
  /* Columns that are zero except every g-th one: filter with step g and
   * (kw - 1) / g + 1 taps (h is packed in place; v does not change). */
  s->hstep = 1;
  s->htaps = k->kw;
  for (int g = 4; g >= 2; g--) {
    if (k->kw == 1 || (k->kw - 1) % g != 0)
      continue;
    int zero = 1;
    for (int j = 0; j < k->kh && zero; j++)
      for (int i = 0; i < k->kw && zero; i++)
        zero = i % g == 0 || k->kd[(size_t)j * k->kw + i] == 0.0;
    if (!zero)
      continue;
    s->hstep = g;
    s->htaps = (k->kw - 1) / g + 1;
    for (int c = 0; c < rank; c++)
      for (int t = 0; t < s->htaps; t++)
        s->h[(size_t)c * k->kw + t] = s->h[(size_t)c * k->kw + (size_t)t * g];
    break;
  }
  pick_passes(s);
  *state = s;
  s = NULL;
  status = KCV_OK;
out:
  free(v);
  free(h);
  release(s);
  return status;
}

static size_t round16(size_t n)
{
  return (n + 15) / 16 * 16;
}

static int two_passes(const sep_state *s)
{
  return s->kw > 1 && s->kh > 1;
}

static size_t scratch_size(void *state, const kcv__kernel_info *k, int tw, int th)
{
  const sep_state *s = state;
  if (!two_passes(s))
    return 0;
  return round16((size_t)tw) * ((size_t)th + k->kh - 1) * sizeof(float);
}

/* Pick the tile that minimises the work per output sample: the horizontal
 * pass also runs over the kh - 1 halo rows, the engine copies the padded
 * input, and each tile has a fixed cost; memory stays within TILE_BYTES. */
static void tile_size(void *state, const kcv__kernel_info *k, int w, int h, int *tw, int *th)
{
  const sep_state *s = state;
  double best = 0.0;
  *tw = w < 64 ? w : 64;
  *th = h < 32 ? h : 32;
  /* Taller tiles only pay off against a tall halo; otherwise keep tiles
   * small enough that an image gives every thread some. */
  const int ch_max = k->kh - 1 > 16 ? 4 * (k->kh - 1) : 32;
  /* Rows up to 2048 floats (512 RGBA pixels): longer runs of each input
   * row are faster on wide images than 512 (docs/benchmarks.md). */
  for (int cw = 64; cw <= 2048; cw *= 2) {
    for (int ch = 32; ch <= 2048 && ch <= 2 * ch_max; ch *= 2) {
      const int a = cw < w ? cw : w;
      const int b = ch < h ? ch : h;
      const double rows = (double)b + k->kh - 1;
      const double bytes = ((double)a + k->kw - 1) * rows * sizeof(float) +
                           (two_passes(s) ? (double)round16((size_t)a) * rows * sizeof(float) : 0);
      if (bytes > TILE_BYTES && !(cw == 64 && ch == 32))
        continue;
      double work = ((double)a + k->kw - 1) * rows + 2000.0; /* copy + per tile */
      if (two_passes(s))
        work += s->rank * (rows * a * s->htaps + (double)b * a * k->kh);
      else
        work += s->rank * (double)b * a * (k->kw > 1 ? s->htaps : k->kh);
      work /= (double)a * b;
      if (bytes > L2_BYTES)
        work *= L2_PENALTY;
      if (best == 0.0 || work < best * 0.999) {
        best = work;
        *tw = a;
        *th = b;
      }
    }
  }
}

/* On interleaved pixels the tile is sized by memory: rows of `channels`
 * times as many floats, and the tile's bytes what tile_size chooses for
 * those rows. Its width is a multiple of STRIP pixels where the image
 * allows, so that its rows are whole vector blocks whatever the channel
 * count: with 3 channels, rows of 64 / 3 = 21 pixels left 31 of 63 floats
 * to the plain loop, and a 51x51 Gaussian ran 2.7x slower than fft (RGB,
 * 2048x2048; docs/benchmarks.md, "AUTO across vector builds"). */
static void wide_tile_size(void *state, const kcv__kernel_info *wide, int channels, int w, int h,
                           int *tw, int *th)
{
  int twc;
  tile_size(state, wide, w * channels, h, &twc, th);
  int t = twc / channels;
  if (t >= STRIP)
    t -= t % STRIP;
  *tw = t < 1 ? 1 : (t > w ? w : t);
}

/*
 * The 1-D filter both passes use, on `rows` rows of n outputs:
 *   dst[y][x] (+)= sum_{t<taps} w[t] src[y][x + t * step]
 * step is 1 for the horizontal pass and the row stride for the vertical one.
 */
KCV__CLONES
static void fir(const float *restrict src, ptrdiff_t src_stride, ptrdiff_t step,
                const float *restrict w, int taps, float *restrict dst, ptrdiff_t dst_stride,
                int rows, int n, int add)
{
  for (int y = 0; y < rows; y++) {
    const float *restrict in = src + (ptrdiff_t)y * src_stride;
    float *restrict out = dst + (ptrdiff_t)y * dst_stride;
    int x = 0;
    for (; x + STRIP <= n; x += STRIP) {
      float acc[STRIP];
      if (taps <= FLOAT_ONLY) {
        for (int l = 0; l < STRIP; l++)
          acc[l] = 0.0f;
        for (int t = 0; t < taps; t++) {
          const float *restrict p = in + x + t * step;
          const float wt = w[t];
          for (int l = 0; l < STRIP; l++)
            acc[l] += wt * p[l];
        }
      } else {
        double dacc[STRIP] = {0};
        for (int t0 = 0; t0 < taps; t0 += TAP_BLOCK) {
          const int t1 = t0 + TAP_BLOCK < taps ? t0 + TAP_BLOCK : taps;
          for (int l = 0; l < STRIP; l++)
            acc[l] = 0.0f;
          for (int t = t0; t < t1; t++) {
            const float *restrict p = in + x + t * step;
            const float wt = w[t];
            for (int l = 0; l < STRIP; l++)
              acc[l] += wt * p[l];
          }
          for (int l = 0; l < STRIP; l++)
            dacc[l] += acc[l];
        }
        for (int l = 0; l < STRIP; l++)
          acc[l] = (float)dacc[l];
      }
      if (add)
        for (int l = 0; l < STRIP; l++)
          out[x + l] += acc[l];
      else
        for (int l = 0; l < STRIP; l++)
          out[x + l] = acc[l];
    }
    for (; x < n; x++) {
      double dsum = 0.0;
      for (int t0 = 0; t0 < taps; t0 += TAP_BLOCK) {
        const int t1 = t0 + TAP_BLOCK < taps ? t0 + TAP_BLOCK : taps;
        float sum = 0.0f;
        for (int t = t0; t < t1; t++)
          sum += w[t] * in[x + t * step];
        dsum += sum;
      }
      if (add)
        out[x] += (float)dsum;
      else
        out[x] = (float)dsum;
    }
  }
}

/* How a pass puts its outputs: store, add to what is there, or store
 * around the cache (non-temporal, where 16-byte aligned). */
enum { PUT_STORE = 0, PUT_ADD = 1, PUT_STREAM = 2 };

/* The passes on blocks of ROWS rows x two vectors of outputs, one set per
 * vector width: the ROWS x 2 accumulators are independent chains, so the
 * fused multiply-adds are not held up by each other's latency, and they
 * stay in registers. (Written with target_clones and arrays, GCC kept the
 * accumulators on the stack: the vertical pass spent half its time there.) */
#ifdef KCV__X86_DISPATCH
KCV__BEGIN_AVX512
#endif
#define SEP_VT kcv__vf16
#define SEP_VH kcv__vf8
#define SEP_VD kcv__vd8
#define SEP_LANES 16
#define SEP_FN(name) name##_16
#ifdef KCV__X86_DISPATCH
#define SEP_WIDEN(lo, hi, a)                                                                       \
  do {                                                                                             \
    const __m512 w_ = (__m512)(a);                                                                 \
    (lo) = (SEP_VD)_mm512_cvtps_pd(_mm512_castps512_ps256(w_));                                    \
    (hi) = (SEP_VD)_mm512_cvtps_pd(                                                                \
        _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(w_), 1)));                        \
  } while (0)
#define SEP_NARROW(a, lo, hi)                                                                      \
  ((a) = (SEP_VT)_mm512_castpd_ps(_mm512_insertf64x4(                                              \
       _mm512_castps_pd(_mm512_castps256_ps512(_mm512_cvtpd_ps((__m512d)(lo)))),                   \
       _mm256_castps_pd(_mm512_cvtpd_ps((__m512d)(hi))), 1)))
#endif
#include "method-separable-body.h"
#ifdef KCV__X86_DISPATCH
KCV__END_TARGET
KCV__BEGIN_AVX2
#endif
#define SEP_VT kcv__vf8
#define SEP_VH kcv__vf4
#define SEP_VD kcv__vd4
#define SEP_LANES 8
#define SEP_FN(name) name##_8
#ifdef KCV__X86_DISPATCH
#define SEP_WIDEN(lo, hi, a)                                                                       \
  do {                                                                                             \
    const __m256 w_ = (__m256)(a);                                                                 \
    (lo) = (SEP_VD)_mm256_cvtps_pd(_mm256_castps256_ps128(w_));                                    \
    (hi) = (SEP_VD)_mm256_cvtps_pd(_mm256_extractf128_ps(w_, 1));                                  \
  } while (0)
#define SEP_NARROW(a, lo, hi)                                                                      \
  ((a) = (SEP_VT)_mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps((__m256d)(lo))),      \
                                      _mm256_cvtpd_ps((__m256d)(hi)), 1))
#endif
#include "method-separable-body.h"
#ifdef KCV__X86_DISPATCH
KCV__END_TARGET
#endif
#define SEP_VT kcv__vf4
#define SEP_VH kcv__vf2
#define SEP_VD kcv__vd2
#define SEP_LANES 4
#define SEP_FN(name) name##_4
#ifdef KCV__X86_DISPATCH
#define SEP_WIDEN(lo, hi, a)                                                                       \
  do {                                                                                             \
    const __m128 w_ = (__m128)(a);                                                                 \
    (lo) = (SEP_VD)_mm_cvtps_pd(w_);                                                               \
    (hi) = (SEP_VD)_mm_cvtps_pd(_mm_movehl_ps(w_, w_));                                            \
  } while (0)
#define SEP_NARROW(a, lo, hi)                                                                      \
  ((a) = (SEP_VT)_mm_movelh_ps(_mm_cvtpd_ps((__m128d)(lo)), _mm_cvtpd_ps((__m128d)(hi))))
#endif
#include "method-separable-body.h"

#define PASS_ARGS                                                                                  \
  const float *src, ptrdiff_t ss, ptrdiff_t step, const float *w, int taps, float *dst,            \
      ptrdiff_t ds, int rows, int n, int put
#define PASS_CALL(fn) fn(src, ss, step, w, taps, dst, ds, rows, n, put)
/* step is ignored by the vertical passes (it is the row stride there). */
#define DOWN_CALL(fn) ((void)step, fn(src, ss, w, taps, dst, ds, rows, n, put))

#ifdef KCV__X86_DISPATCH
__attribute__((target("avx512f,avx2,fma"))) static void across_avx512(PASS_ARGS)
{
  PASS_CALL(across_16);
}
__attribute__((target("avx512f,avx2,fma"))) static void down_avx512(PASS_ARGS)
{
  DOWN_CALL(down_16);
}
__attribute__((target("avx2,fma"))) static void across_avx2(PASS_ARGS)
{
  PASS_CALL(across_8);
}
__attribute__((target("avx2,fma"))) static void down_avx2(PASS_ARGS)
{
  DOWN_CALL(down_8);
}
#endif
static void across_portable(PASS_ARGS)
{
  PASS_CALL(across_4);
}
static void down_portable(PASS_ARGS)
{
  DOWN_CALL(down_4);
}

static void pick_passes(sep_state *s)
{
  s->across = across_portable;
  s->down = down_portable;
#ifdef KCV__X86_DISPATCH
  const int level = kcv__isa_level();
  if (level == KCV__ISA_AVX512) {
    s->across = across_avx512;
    s->down = down_avx512;
  } else if (level == KCV__ISA_AVX2) {
    s->across = across_avx2;
    s->down = down_avx2;
  }
#endif
}

/* out is written by the last pass of the first pair; with rank 1 and
 * stream set, that store is non-temporal (see plan.c). */
static void run_pairs(const sep_state *s, const kcv__kernel_info *k, const float *in,
                      ptrdiff_t in_stride, float *out, ptrdiff_t out_stride, int tw, int th,
                      void *scratch, int stream)
{
  const int kw = k->kw, kh = k->kh;
  const int first = stream && s->rank == 1 ? PUT_STREAM : PUT_STORE;
  for (int c = 0; c < s->rank; c++) {
    const float *h = s->h + (size_t)c * kw;
    const float *v = s->v + (size_t)c * (kh + 2 * PAD) + PAD;
    const int put = c > 0 ? PUT_ADD : first;
    if (kh == 1) {
      s->across(in, in_stride, s->hstep, h, s->htaps, out, out_stride, th, tw, put);
    } else if (kw == 1) {
      s->down(in, in_stride, in_stride, v, kh, out, out_stride, th, tw, put);
    } else {
      float *tmp = scratch;
      const ptrdiff_t ts = (ptrdiff_t)round16((size_t)tw);
      s->across(in, in_stride, s->hstep, h, s->htaps, tmp, ts, th + kh - 1, tw, PUT_STORE);
      s->down(tmp, ts, ts, v, kh, out, out_stride, th, tw, put);
    }
  }
}

static kcv_status run(void *state, const kcv__kernel_info *k, const float *in, ptrdiff_t in_stride,
                      float *out, ptrdiff_t out_stride, int tw, int th, void *scratch)
{
  run_pairs(state, k, in, in_stride, out, out_stride, tw, th, scratch, 0);
  return KCV_OK;
}

static kcv_status run_streaming(void *state, const kcv__kernel_info *k, const float *in,
                                ptrdiff_t in_stride, float *out, ptrdiff_t out_stride, int tw,
                                int th, void *scratch)
{
  run_pairs(state, k, in, in_stride, out, out_stride, tw, th, scratch, 1);
  KCV__STREAM_FENCE(); /* the stores are weakly ordered: done before the tile is */
  return KCV_OK;
}

const kcv__method kcv__method_separable = {
    .id = KCV_METHOD_SEPARABLE,
    .name = "separable",
    .prepare = prepare,
    .release = release,
    .tile_size = tile_size,
    .wide_tile_size = wide_tile_size,
    .scratch_size = scratch_size,
    .run = run,
    .run_streaming = run_streaming,
};
