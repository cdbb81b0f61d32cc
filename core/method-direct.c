/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the direct method: a sliding window over the padded tile. Zero taps
 * are dropped once at prepare; the inner loop keeps a strip of outputs in
 * registers while it walks every tap, so each output is written once. */
#include "kcv-private.h"

#include <stdlib.h>

/* Outputs per strip: two AVX-512 registers, four AVX2 ones. */
#define STRIP 32

typedef struct {
  int n;      /* non-zero taps */
  int *i, *j; /* tap position */
  float *w;   /* tap weight */
} direct_state;

static void release(void *state)
{
  direct_state *s = state;
  if (!s)
    return;
  free(s->i);
  free(s->j);
  free(s->w);
  free(s);
}

static kcv_status prepare(const kcv__kernel_info *k, void **state)
{
  direct_state *s = calloc(1, sizeof *s);
  size_t n = (size_t)k->kw * k->kh;
  if (!s)
    return KCV_ERR_NOMEM;
  s->i = malloc(n * sizeof(int));
  s->j = malloc(n * sizeof(int));
  s->w = malloc(n * sizeof(float));
  if (!s->i || !s->j || !s->w) {
    release(s);
    return KCV_ERR_NOMEM;
  }
  for (int j = 0; j < k->kh; j++)
    for (int i = 0; i < k->kw; i++) {
      float w = k->k[(size_t)j * k->kw + i];
      if (w != 0.0f) {
        s->i[s->n] = i;
        s->j[s->n] = j;
        s->w[s->n] = w;
        s->n++;
      }
    }
  *state = s;
  return KCV_OK;
}

static void tile_size(void *state, const kcv__kernel_info *k, int w, int h, int *tw, int *th)
{
  (void)state, (void)k;
  *tw = w < 512 ? w : 512;
  *th = h < 32 ? h : 32;
}

static size_t scratch_size(void *state, const kcv__kernel_info *k, int tw, int th)
{
  direct_state *s = state;
  (void)k, (void)tw, (void)th;
  return (size_t)(s->n ? s->n : 1) * sizeof(ptrdiff_t);
}

/* One output row: out[x] = sum_t w[t] * in[off[t] + x]. */
KCV__CLONES
static void direct_row(const float *restrict in, const ptrdiff_t *restrict off,
                       const float *restrict w, int n, float *restrict out, int tw)
{
  int x = 0;
  for (; x + STRIP <= tw; x += STRIP) {
    float acc[STRIP] = {0};
    for (int t = 0; t < n; t++) {
      const float *restrict s = in + off[t] + x;
      const float wt = w[t];
      for (int l = 0; l < STRIP; l++)
        acc[l] += wt * s[l];
    }
    for (int l = 0; l < STRIP; l++)
      out[x + l] = acc[l];
  }
  for (; x < tw; x++) {
    float acc = 0.0f;
    for (int t = 0; t < n; t++)
      acc += w[t] * in[off[t] + x];
    out[x] = acc;
  }
}

static kcv_status run(void *state, const kcv__kernel_info *k, const float *in, ptrdiff_t in_stride,
                      float *out, ptrdiff_t out_stride, int tw, int th, void *scratch)
{
  direct_state *s = state;
  (void)k;
  ptrdiff_t *off = scratch;
  for (int t = 0; t < s->n; t++)
    off[t] = (ptrdiff_t)s->j[t] * in_stride + s->i[t];
  for (int y = 0; y < th; y++)
    direct_row(in + (ptrdiff_t)y * in_stride, off, s->w, s->n, out + (ptrdiff_t)y * out_stride, tw);
  return KCV_OK;
}

const kcv__method kcv__method_direct = {
    .id = KCV_METHOD_DIRECT,
    .name = "direct",
    .prepare = prepare,
    .release = release,
    .tile_size = tile_size,
    .scratch_size = scratch_size,
    .run = run,
};
