/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the direct method's register-blocked tile loop, included by
 * method-direct.c once per vector width (DIRECT_VT of DIRECT_LANES floats,
 * function names suffixed by DIRECT_FN). */

/* R rows x V vectors of outputs at (x, y). */
static inline __attribute__((always_inline)) void DIRECT_FN(block)(const job *jb, int x, int y,
                                                                   const int R, const int V)
{
  const float *restrict base = jb->in + (ptrdiff_t)y * jb->in_stride + x;
  const ptrdiff_t is = jb->in_stride;
  float *restrict q = jb->out + (ptrdiff_t)y * jb->out_stride + x;
  for (int t0 = 0; t0 < jb->n || t0 == 0; t0 += TAP_BLOCK) {
    const int t1 = jb->n - t0 < TAP_BLOCK ? jb->n : t0 + TAP_BLOCK;
    DIRECT_VT acc[MAX_R][MAX_V];
    for (int o = 0; o < R; o++)
      for (int v = 0; v < V; v++)
        acc[o][v] = (DIRECT_VT){0};
    for (int t = t0; t < t1; t++) {
      const float *restrict p = base + jb->off[t];
      const float wt = jb->w[t];
      for (int o = 0; o < R; o++)
        for (int v = 0; v < V; v++) {
          DIRECT_VT in; /* memcpy: an unaligned load */
          memcpy(&in, p + o * is + v * DIRECT_LANES, sizeof in);
          acc[o][v] += wt * in;
        }
    }
    for (int o = 0; o < R; o++)
      for (int v = 0; v < V; v++) {
        float *d = q + o * jb->out_stride + v * DIRECT_LANES;
        if (t0 > 0) {
          DIRECT_VT prev;
          memcpy(&prev, d, sizeof prev);
          acc[o][v] += prev;
        }
        /* One pass of taps over a streamed output: store around the cache. */
        if (jb->stream && t0 == 0 && t1 == jb->n && ((uintptr_t)d & 15) == 0)
          KCV__STREAM(d, acc[o][v]);
        else
          memcpy(d, &acc[o][v], sizeof(DIRECT_VT));
      }
  }
}

static inline __attribute__((always_inline)) void DIRECT_FN(scalar)(const job *jb, int x, int y)
{
  const float *restrict p = jb->in + (ptrdiff_t)y * jb->in_stride + x;
  float sum = 0.0f;
  for (int t0 = 0; t0 < jb->n; t0 += TAP_BLOCK) {
    const int t1 = jb->n - t0 < TAP_BLOCK ? jb->n : t0 + TAP_BLOCK;
    float acc = 0.0f;
    for (int t = t0; t < t1; t++)
      acc += jb->w[t] * p[jb->off[t]];
    sum = t0 > 0 ? acc + sum : acc;
  }
  jb->out[(ptrdiff_t)y * jb->out_stride + x] = sum;
}

/* One row band of R rows (or fewer rows one at a time, R = 1). */
static inline __attribute__((always_inline)) void DIRECT_FN(band)(const job *jb, int y, int tw,
                                                                  const int R, const int V)
{
  const int B = V * DIRECT_LANES;
  if (tw >= B) {
    int x = 0;
    for (; x + B <= tw; x += B)
      DIRECT_FN(block)(jb, x, y, R, V);
    if (x < tw)
      DIRECT_FN(block)(jb, tw - B, y, R, V);
  } else if (tw >= DIRECT_LANES) {
    int x = 0;
    for (; x + DIRECT_LANES <= tw; x += DIRECT_LANES)
      DIRECT_FN(block)(jb, x, y, R, 1);
    if (x < tw)
      DIRECT_FN(block)(jb, tw - DIRECT_LANES, y, R, 1);
  } else {
    for (int o = 0; o < R; o++)
      for (int x = 0; x < tw; x++)
        DIRECT_FN(scalar)(jb, x, y + o);
  }
}

static inline __attribute__((always_inline)) void DIRECT_FN(tile)(const job *jb, int tw, int th,
                                                                  const int R, const int V)
{
  if (th < R) {
    for (int y = 0; y < th; y++)
      DIRECT_FN(band)(jb, y, tw, 1, V);
    return;
  }
  int y = 0;
  for (; y + R <= th; y += R)
    DIRECT_FN(band)(jb, y, tw, R, V);
  if (y < th)
    DIRECT_FN(band)(jb, th - R, tw, R, V);
}

#undef DIRECT_VT
#undef DIRECT_LANES
#undef DIRECT_FN
