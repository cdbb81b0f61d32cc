/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: NaN and infinite input samples, kept within their kernel's reach for
 * methods whose arithmetic would spread them (fft, separable). */
#include "kcv-private.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

/*
 * The direct and im2col methods compute out = sum over the non-zero taps of
 * w * in, so a NaN or infinite sample reaches exactly the outputs that have
 * it under a non-zero weight, with the value IEEE arithmetic gives (NaN, or
 * an infinity whose sign is that of w * in; NaN where both signs meet).
 * The fft method mixes every sample of a tile into every output of it, and
 * the separable one multiplies samples by zero weights (padding of its
 * vertical filter, zero entries of a factor), so one NaN would poison a
 * whole tile or spill past the kernel. For those, the non-finite samples
 * are taken out of the tile (set to 0) before the method runs, and added
 * back afterwards to the outputs their non-zero taps reach:
 *   out[y][x] += w[j][i] * v   for v at (x + i, y + j),
 * which is the same IEEE sum as the direct method's, since everything else
 * in it is finite. The cost is (non-finite samples) x (taps), at most what
 * the direct method would spend on the tile.
 */

/* Non-zero when a row holds a NaN or an infinity (|x| <= FLT_MAX fails for
 * both); written as an OR of comparisons so that it vectorises. */
KCV__CLONES
static int row_has_nonfinite(const float *restrict in, int n)
{
  int bad = 0;
  for (int x = 0; x < n; x++)
    bad |= !(fabsf(in[x]) <= FLT_MAX);
  return bad;
}

int kcv__has_nonfinite(const float *in, ptrdiff_t stride, int w, int h)
{
  for (int y = 0; y < h; y++)
    if (row_has_nonfinite(in + (ptrdiff_t)y * stride, w))
      return 1;
  return 0;
}

/* NaN, +Inf and -Inf: runs hold samples of one kind. */
static int kind(float v)
{
  return isnan(v) ? 0 : v > 0 ? 1 : 2;
}

static kcv_status push_run(kcv__nonfinite *nf, int y, int x, float v)
{
  if (nf->n > 0) {
    kcv__nonfinite_run *last = &nf->runs[nf->n - 1];
    if (last->y == y && last->x1 == x && kind(last->v) == kind(v)) {
      last->x1 = x + 1;
      return KCV_OK;
    }
  }
  if (nf->n == nf->cap) {
    size_t cap = nf->cap ? 2 * nf->cap : 16;
    kcv__nonfinite_run *r = realloc(nf->runs, cap * sizeof *r);
    if (!r)
      return KCV_ERR_NOMEM;
    nf->runs = r;
    nf->cap = cap;
  }
  nf->runs[nf->n++] = (kcv__nonfinite_run){.y = y, .x0 = x, .x1 = x + 1, .v = v};
  return KCV_OK;
}

kcv_status kcv__nonfinite_take(kcv__nonfinite *nf, float *in, ptrdiff_t stride, int w, int h)
{
  for (int y = 0; y < h; y++) {
    float *row = in + (ptrdiff_t)y * stride;
    if (!row_has_nonfinite(row, w))
      continue;
    for (int x = 0; x < w; x++)
      if (!isfinite(row[x])) {
        if (push_run(nf, y, x, row[x]) != KCV_OK)
          return KCV_ERR_NOMEM;
        row[x] = 0.0f;
      }
  }
  return KCV_OK;
}

/* One run through kernel row j: outputs of row y - j, columns x0 - i ..
 * x1 - i for every non-zero weight w[j][i]. */
static void restore_run(const kcv__nonfinite_run *r, const kcv__kernel_info *k, int j, float *out,
                        int tw)
{
  const float *wrow = k->k + (size_t)j * k->kw;
  for (int i = 0; i < k->kw; i++) {
    if (wrow[i] == 0.0f)
      continue;
    const float t = wrow[i] * r->v;
    const int a = r->x0 - i > 0 ? r->x0 - i : 0;
    const int b = r->x1 - i < tw ? r->x1 - i : tw;
    for (int x = a; x < b; x++)
      out[x] += t;
  }
}

void kcv__nonfinite_restore(const kcv__nonfinite *nf, const kcv__kernel_info *k, float *out,
                            ptrdiff_t out_stride, int tw, int th)
{
  for (size_t n = 0; n < nf->n; n++) {
    const kcv__nonfinite_run *r = &nf->runs[n];
    for (int j = 0; j < k->kh; j++) {
      const int y = r->y - j;
      if (y >= 0 && y < th)
        restore_run(r, k, j, out + (ptrdiff_t)y * out_stride, tw);
    }
  }
}

void kcv__nonfinite_clear(kcv__nonfinite *nf)
{
  free(nf->runs);
  *nf = (kcv__nonfinite){0};
}

kcv_status kcv__run_guarded(const kcv__method *m, kcv__run_fn run, void *state,
                            const kcv__kernel_info *k, float *in, ptrdiff_t in_stride, float *out,
                            ptrdiff_t out_stride, int tw, int th, void *scratch)
{
  const int pw = tw + k->kw - 1, ph = th + k->kh - 1;
  if (m->nonfinite_local || !kcv__has_nonfinite(in, in_stride, pw, ph))
    return run(state, k, in, in_stride, out, out_stride, tw, th, scratch);
  kcv__nonfinite nf = {0};
  kcv_status st = kcv__nonfinite_take(&nf, in, in_stride, pw, ph);
  if (st == KCV_OK)
    st = run(state, k, in, in_stride, out, out_stride, tw, th, scratch);
  if (st == KCV_OK)
    kcv__nonfinite_restore(&nf, k, out, out_stride, tw, th);
  kcv__nonfinite_clear(&nf);
  return st;
}
