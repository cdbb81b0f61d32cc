/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the im2col method: receptive fields gathered into a matrix, then
 * multiplied by the kernel, in blocks so memory stays bounded. */
#include "kcv-private.h"

#include <stdlib.h>
#include <string.h>

/*
 * For a block of output pixels P (BLOCK_WIDTH columns by a few rows) and a
 * block of taps T (TAP_BLOCK non-zero taps), the gathered matrix is
 *   col[t][p] = in[y_p + dy_t][x_p + dx_t],
 * one row per tap; since neighbouring outputs of a row are neighbouring
 * inputs, each row of col is a handful of contiguous copies. The block of
 * outputs is then out[p] += sum_t w[t] col[t][p], a matrix-vector product
 * that keeps STRIP outputs in registers while it walks the taps.
 *
 * Memory per thread: TAP_BLOCK x BLOCK_PIXELS floats (32 KiB) plus
 * BLOCK_PIXELS doubles, whatever the image or kernel size: a 1025 x 1025
 * kernel is simply more tap blocks.
 *
 * Precision: each tap block is summed in float, the block sums in double,
 * so the error grows with sqrt(TAP_BLOCK), not with the number of taps.
 */

/* Block sizes: 16 taps x 512 pixels, a 32 KiB matrix that stays in L1,
 * ran fastest of the shapes tried (docs/benchmarks.md). A block is one row
 * of output. */
#define STRIP 32
#define TAP_BLOCK 16
#define BLOCK_PIXELS 512
#define BLOCK_WIDTH 512
/* Largest padded input tile the tile choice aims for. */
#define INPUT_BYTES (4u << 20)

typedef struct {
  kcv__taps t; /* the non-zero taps */
} im2col_state;

static void release(void *state)
{
  im2col_state *s = state;
  if (!s)
    return;
  kcv__taps_clear(&s->t);
  free(s);
}

static kcv_status prepare(const kcv__kernel_info *k, void **state)
{
  im2col_state *s = calloc(1, sizeof *s);
  *state = NULL;
  if (!s)
    return KCV_ERR_NOMEM;
  if (kcv__taps_init(&s->t, k) != KCV_OK) {
    release(s);
    return KCV_ERR_NOMEM;
  }
  *state = s;
  return KCV_OK;
}

static void tile_size(void *state, const kcv__kernel_info *k, int w, int h, int *tw, int *th)
{
  (void)state;
  int a = w < BLOCK_WIDTH ? w : BLOCK_WIDTH;
  int b = h < 64 ? h : 64;
  /* Keep the engine's padded input (tile + halo) to a few MiB. */
  while (((double)a + k->kw - 1) * ((double)b + k->kh - 1) * sizeof(float) > INPUT_BYTES &&
         (a > 32 || b > 32)) {
    if (a >= b && a > 32)
      a /= 2;
    else
      b /= 2;
  }
  *tw = a;
  *th = b;
}

/* The block of outputs a tile of tw x th is cut into. */
static void block_shape(int tw, int th, int *bw, int *bh)
{
  *bw = tw < BLOCK_WIDTH ? tw : BLOCK_WIDTH;
  int rows = BLOCK_PIXELS / *bw;
  *bh = th < rows ? th : rows;
}

static size_t round32(size_t n)
{
  return (n + 31) / 32 * 32;
}

static size_t scratch_size(void *state, const kcv__kernel_info *k, int tw, int th)
{
  (void)state, (void)k;
  int bw, bh;
  block_shape(tw, th, &bw, &bh);
  const size_t cs = round32((size_t)bw * bh);
  return cs * TAP_BLOCK * sizeof(float) + cs * sizeof(double);
}

/* dacc[p] += sum_{t<nt} w[t] col[t * cs + p] for p < cs (cs a multiple of
 * STRIP; the padding columns of col are zero). */
KCV__CLONES
static void gemv(const float *restrict col, size_t cs, const float *restrict w, int nt,
                 double *restrict dacc)
{
  for (size_t p = 0; p < cs; p += STRIP) {
    float acc[STRIP] = {0};
    for (int t = 0; t < nt; t++) {
      const float *restrict c = col + (size_t)t * cs + p;
      const float wt = w[t];
      for (int l = 0; l < STRIP; l++)
        acc[l] += wt * c[l];
    }
    for (int l = 0; l < STRIP; l++)
      dacc[p + l] += acc[l];
  }
}

static kcv_status run(void *state, const kcv__kernel_info *k, const float *in, ptrdiff_t in_stride,
                      float *out, ptrdiff_t out_stride, int tw, int th, void *scratch)
{
  const im2col_state *s = state;
  (void)k;
  int nw, nh;
  block_shape(tw, th, &nw, &nh);
  float *col = scratch;
  double *dacc = (double *)(col + round32((size_t)nw * nh) * TAP_BLOCK);

  for (int y0 = 0; y0 < th; y0 += nh) {
    const int bh = th - y0 < nh ? th - y0 : nh;
    for (int x0 = 0; x0 < tw; x0 += nw) {
      const int bw = tw - x0 < nw ? tw - x0 : nw;
      const size_t nb = (size_t)bw * bh;
      const size_t cs = round32(nb);
      memset(dacc, 0, cs * sizeof *dacc);
      for (int t0 = 0; t0 < s->t.n; t0 += TAP_BLOCK) {
        const int nt = s->t.n - t0 < TAP_BLOCK ? s->t.n - t0 : TAP_BLOCK;
        /* Gather: row t of col holds the block's inputs under tap t0 + t. */
        for (int t = 0; t < nt; t++) {
          float *row = col + (size_t)t * cs;
          const float *src =
              in + (ptrdiff_t)(y0 + s->t.j[t0 + t]) * in_stride + x0 + s->t.i[t0 + t];
          for (int r = 0; r < bh; r++)
            memcpy(row + (size_t)r * bw, src + (ptrdiff_t)r * in_stride, (size_t)bw * sizeof *row);
          memset(row + nb, 0, (cs - nb) * sizeof *row);
        }
        gemv(col, cs, s->t.w + t0, nt, dacc);
      }
      for (int r = 0; r < bh; r++) {
        float *o = out + (ptrdiff_t)(y0 + r) * out_stride + x0;
        for (int x = 0; x < bw; x++)
          o[x] = (float)dacc[(size_t)r * bw + x];
      }
    }
  }
  return KCV_OK;
}

const kcv__method kcv__method_im2col = {
    .id = KCV_METHOD_IM2COL,
    .name = "im2col",
    .prepare = prepare,
    .release = release,
    .tile_size = tile_size,
    .scratch_size = scratch_size,
    .run = run,
    .nonfinite_local = 1, /* zero taps are dropped: nothing multiplies by 0 */
};
