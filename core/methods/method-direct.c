/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the direct method: a sliding window over the padded tile, register
 * blocked over several output rows and columns, dispatched at run time to
 * AVX-512, AVX2+FMA or portable code. */
#include "kcv-private.h"
#include "kcv-vector-private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * out[y][x] = sum_t w[t] in[y + j_t][x + i_t] over the non-zero taps t
 * (zero taps are dropped once at prepare).
 *
 * A block of R output rows x V vectors of outputs is kept in registers
 * while the taps are walked: per tap one broadcast weight, then R x V
 * independent fused multiply-adds, each with one (L1-resident) load. R x V
 * = 8 independent accumulators hide the FMA latency (4 cycles at 2 per
 * cycle); with more, AVX2 (16 registers) would spill. Every TAP_BLOCK taps
 * the block's partial sums are added into the output tile (in L1).
 *
 * Edges: a tile whose width is not a multiple of the block is finished by
 * one more block placed flush with its right edge (it recomputes a few
 * outputs, bit for bit the same), likewise for rows; a tile narrower than
 * one vector runs a narrower one (below), and only tiles narrower than 4
 * floats take the scalar loop. Every output is computed by the same
 * sequence of operations wherever its block lies, so the result does not
 * depend on the tiling of the caller beyond the instruction set.
 *
 * The body (method-direct-body.h) is written once with GCC's generic
 * vectors and instantiated for 16, 8 and 4 floats: each instruction set gets
 * its native width (GCC lowers a wider generic vector through the stack, as
 * measured with objdump, so one 16-float body does not serve AVX2). The
 * dispatch is by __builtin_cpu_supports once per plan, so one binary runs
 * anywhere.
 */

/* ISO C mode turns off FMA contraction in GCC; the kernels want it (clang
 * contracts within an expression by default). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=fast")
#endif

/* Taps summed in registers before the partial sum joins the output: the
 * rounding error then grows with sqrt(TAP_BLOCK) + sqrt(taps / TAP_BLOCK),
 * not sqrt(taps), which keeps a 64x64 kernel under 1e-6 relative RMS. */
#define TAP_BLOCK 64
#define MAX_R 4
#define MAX_V 2

typedef struct {
  const float *in;
  ptrdiff_t in_stride;
  const ptrdiff_t *off; /* tap offsets in the padded tile */
  const float *w;       /* tap weights */
  int n;                /* taps */
  float *out;
  ptrdiff_t out_stride;
  int stream; /* non-temporal stores where a block's output is final */
} job;

#ifdef KCV__X86_DISPATCH
KCV__BEGIN_AVX512
#endif
#define DIRECT_VT kcv__vf16
#define DIRECT_LANES 16
#define DIRECT_FN(name) name##_16
#include "method-direct-body.h"
#ifdef KCV__X86_DISPATCH
KCV__END_TARGET
KCV__BEGIN_AVX2
#endif
#define DIRECT_VT kcv__vf8
#define DIRECT_LANES 8
#define DIRECT_FN(name) name##_8
#include "method-direct-body.h"
#ifdef KCV__X86_DISPATCH
/* 4 floats with FMA: the edges of the AVX2 and AVX-512 tiles (below). */
#define DIRECT_VT kcv__vf4
#define DIRECT_LANES 4
#define DIRECT_FN(name) name##_4fma
#include "method-direct-body.h"
KCV__END_TARGET
#endif
#define DIRECT_VT kcv__vf4
#define DIRECT_LANES 4
#define DIRECT_FN(name) name##_4
#include "method-direct-body.h"

typedef void (*tile_fn)(const job *jb, int tw, int th);

/*
 * A tile narrower than one vector goes to the next narrower width, not to the
 * scalar loop: on interleaved pixels the image's left and right edges are
 * strips (kw - 1) / 2 pixels wide, so 12 floats for a 9x9 kernel on RGB, and
 * with AVX-512 the scalar loop (one dependent chain of multiply-adds per
 * output) over those strips took as long as the whole vector interior at
 * 256x256 (docs/benchmarks.md, "Fourth pass"). Each lane does the same fused
 * multiply-adds in the same order at any width, so the bits do not change;
 * the narrower widths are compiled with FMA for that (SSE2's own block has
 * none).
 */

#ifdef KCV__X86_DISPATCH
/* 8 ymm accumulators: 4 rows x 16 columns. */
__attribute__((target("avx2,fma"))) static void tile_avx2(const job *jb, int tw, int th)
{
  if (tw < 8)
    tile_4fma(jb, tw, th, 4, 2);
  else
    tile_8(jb, tw, th, 4, 2);
}
/* 8 zmm accumulators: 4 rows x 32 columns. */
__attribute__((target("avx512f,avx2,fma"))) static void tile_avx512(const job *jb, int tw, int th)
{
  if (tw < 16)
    tile_avx2(jb, tw, th);
  else
    tile_16(jb, tw, th, 4, 2);
}
#endif
/* 8 xmm accumulators (SSE2, NEON): 4 rows x 8 columns. */
static void tile_portable(const job *jb, int tw, int th)
{
  tile_4(jb, tw, th, 4, 2);
}

static tile_fn pick_tile_fn(void)
{
#ifdef KCV__X86_DISPATCH
  const int level = kcv__isa_level();
  if (level == KCV__ISA_AVX512)
    return tile_avx512;
  if (level == KCV__ISA_AVX2)
    return tile_avx2;
#endif
  return tile_portable;
}

typedef struct {
  kcv__taps t; /* the non-zero taps */
  tile_fn fn;
} direct_state;

static void release(void *state)
{
  direct_state *s = state;
  if (!s)
    return;
  kcv__taps_clear(&s->t);
  free(s);
}

static kcv_status prepare(const kcv__kernel_info *k, void **state)
{
  direct_state *s = calloc(1, sizeof *s);
  if (!s)
    return KCV_ERR_NOMEM;
  if (kcv__taps_init(&s->t, k) != KCV_OK) {
    release(s);
    return KCV_ERR_NOMEM;
  }
  s->fn = pick_tile_fn();
  *state = s;
  return KCV_OK;
}

/* Multiply-adds per channel a tile should hold at most: progress and
 * cancel are answered between tiles, so a tile must take milliseconds
 * whatever the kernel. */
#define TILE_TAPS_MAX ((double)(1 << 24))

/* 512 columns (a multiple of every block width) by 32 rows (a multiple of
 * every block height): the padded input of a 15x15 kernel, 526 x 46 floats,
 * stays in L2 with room to spare, and a 2048 x 2048 image still gives 256
 * tiles to share between threads. Large kernels get fewer rows, then fewer
 * columns, so each tile stays within TILE_TAPS_MAX, down to one block of
 * MAX_R rows by 32 columns: smaller tiles would leave accumulators idle
 * (docs/benchmarks.md). Every output is computed alike in any tile, so the
 * result does not change. */
static void tile_size(void *state, const kcv__kernel_info *k, int w, int h, int *tw, int *th)
{
  const direct_state *s = state;
  const double taps = s ? (s->t.n > 0 ? s->t.n : 1) : (double)k->kw * k->kh;
  *tw = w < 512 ? w : 512;
  *th = h < 32 ? h : 32;
  while (*th > MAX_R && (double)*tw * *th * taps > TILE_TAPS_MAX)
    *th = *th / 2 < MAX_R ? MAX_R : *th / 2;
  while (*tw > 32 && (double)*tw * *th * taps > TILE_TAPS_MAX)
    *tw = *tw / 2 < 32 ? 32 : *tw / 2;
}

/* On interleaved pixels the tile is the planar one: the widened kernel has
 * the same non-zero taps. */
static void wide_tile_size(void *state, const kcv__kernel_info *wide, int channels, int w, int h,
                           int *tw, int *th)
{
  (void)channels;
  tile_size(state, wide, w, h, tw, th);
}

static size_t scratch_size(void *state, const kcv__kernel_info *k, int tw, int th)
{
  direct_state *s = state;
  (void)k, (void)tw, (void)th;
  return (size_t)(s->t.n ? s->t.n : 1) * sizeof(ptrdiff_t);
}

static void run_job(direct_state *s, const float *in, ptrdiff_t in_stride, float *out,
                    ptrdiff_t out_stride, int tw, int th, void *scratch, int stream)
{
  ptrdiff_t *off = scratch;
  for (int t = 0; t < s->t.n; t++)
    off[t] = (ptrdiff_t)s->t.j[t] * in_stride + s->t.i[t];
  job jb = {in, in_stride, off, s->t.w, s->t.n, out, out_stride, stream};
  s->fn(&jb, tw, th);
}

static kcv_status run(void *state, const kcv__kernel_info *k, const float *in, ptrdiff_t in_stride,
                      float *out, ptrdiff_t out_stride, int tw, int th, void *scratch)
{
  (void)k;
  run_job(state, in, in_stride, out, out_stride, tw, th, scratch, 0);
  return KCV_OK;
}

/* Streamed output: with up to TAP_BLOCK taps each output vector is stored
 * once, and a non-temporal store then saves reading its line into the cache
 * first (it brings a 3x3 kernel close to a memcpy pass: docs/benchmarks.md,
 * "Figures behind the code's constants"). */
static kcv_status run_streaming(void *state, const kcv__kernel_info *k, const float *in,
                                ptrdiff_t in_stride, float *out, ptrdiff_t out_stride, int tw,
                                int th, void *scratch)
{
  (void)k;
  run_job(state, in, in_stride, out, out_stride, tw, th, scratch, 1);
  KCV__STREAM_FENCE(); /* the stores are weakly ordered: done before the tile is */
  return KCV_OK;
}

const kcv__method kcv__method_direct = {
    .id = KCV_METHOD_DIRECT,
    .name = "direct",
    .prepare = prepare,
    .release = release,
    .tile_size = tile_size,
    .wide_tile_size = wide_tile_size,
    .any_tiling = 1,
    .scratch_size = scratch_size,
    .run = run,
    .run_streaming = run_streaming,
    .nonfinite_local = 1, /* zero taps are dropped: nothing multiplies by 0 */
};
