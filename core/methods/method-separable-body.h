/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the separable method's two 1-D passes on blocks of ROWS rows x two
 * vectors, included by method-separable.c once per vector width (SEP_VT of
 * SEP_LANES floats, SEP_VH of half as many, SEP_VD of half as many doubles;
 * names suffixed by SEP_FN).
 * The accumulators are vector variables, not arrays, so that they live in
 * registers (GCC keeps float arrays of this size on the stack). */

#define SEP_W (2 * SEP_LANES) /* outputs a block row holds */

/* Unaligned load and store (memcpy), the float/double conversions of long
 * filters (their float blocks are summed in double). Macros, not functions:
 * vector arguments would change the ABI outside the target functions. */
#define SEP_LOAD(v, p) memcpy(&(v), (p), sizeof(v))
#define SEP_PUT(p, v, put)                                                                         \
  do {                                                                                             \
    SEP_VT put_ = (v);                                                                             \
    if ((put) == PUT_ADD) {                                                                        \
      SEP_VT old_;                                                                                 \
      SEP_LOAD(old_, (p));                                                                         \
      put_ += old_;                                                                                \
    }                                                                                              \
    if ((put) == PUT_STREAM)                                                                       \
      KCV__STREAM((p), put_);                                                                      \
    else                                                                                           \
      memcpy((p), &put_, sizeof put_);                                                             \
  } while (0)
/* dlo += low half of a, dhi += high half, in double. SEP_WIDEN (from
 * method-separable.c, where the instruction set has one) converts each half
 * in one instruction: GCC 12 lowers __builtin_convertvector of a whole
 * half in pieces of 2 or 4 lanes with stores and inserts, and that was most
 * of a long filter's block fold (bench/gimp-callgrind.sh gauss31). */
#ifdef SEP_WIDEN
#define SEP_ADD_DOUBLE(dlo, dhi, a)                                                                \
  do {                                                                                             \
    SEP_VD lo_, hi_;                                                                               \
    SEP_WIDEN(lo_, hi_, (a));                                                                      \
    (dlo) += lo_;                                                                                  \
    (dhi) += hi_;                                                                                  \
  } while (0)
#define SEP_FROM_DOUBLE(a, dlo, dhi) SEP_NARROW((a), (dlo), (dhi))
#else
#define SEP_ADD_DOUBLE(dlo, dhi, a)                                                                \
  do {                                                                                             \
    SEP_VH h_[2];                                                                                  \
    memcpy(h_, &(a), sizeof(a));                                                                   \
    (dlo) += __builtin_convertvector(h_[0], SEP_VD);                                               \
    (dhi) += __builtin_convertvector(h_[1], SEP_VD);                                               \
  } while (0)
#define SEP_FROM_DOUBLE(a, dlo, dhi)                                                               \
  do {                                                                                             \
    SEP_VH h_[2] = {__builtin_convertvector((dlo), SEP_VH),                                        \
                    __builtin_convertvector((dhi), SEP_VH)};                                       \
    memcpy(&(a), h_, sizeof(a));                                                                   \
  } while (0)
#endif

/* One tap of each pass into the ROWS x 2 accumulators a (SEP_TAP picks). */
#define SEP_ACROSS_TAP(t)                                                                          \
  do {                                                                                             \
    const float wt_ = w[(t)];                                                                      \
    for (int d_ = 0; d_ < ROWS; d_++) {                                                            \
      const float *p_ = src + d_ * ss + (t)*step;                                                  \
      SEP_VT p0_, p1_;                                                                             \
      SEP_LOAD(p0_, p_);                                                                           \
      SEP_LOAD(p1_, p_ + SEP_LANES);                                                               \
      a[d_][0] += wt_ * p0_;                                                                       \
      a[d_][1] += wt_ * p1_;                                                                       \
    }                                                                                              \
  } while (0)
#define SEP_DOWN_TAP(t)                                                                            \
  do {                                                                                             \
    const float *p_ = src + (t)*ss;                                                                \
    SEP_VT p0_, p1_;                                                                               \
    SEP_LOAD(p0_, p_);                                                                             \
    SEP_LOAD(p1_, p_ + SEP_LANES);                                                                 \
    for (int d_ = 0; d_ < ROWS; d_++) {                                                            \
      const float wt_ = w[(t)-d_];                                                                 \
      a[d_][0] += wt_ * p0_;                                                                       \
      a[d_][1] += wt_ * p1_;                                                                       \
    }                                                                                              \
  } while (0)
#define SEP_TAP(t)                                                                                 \
  do {                                                                                             \
    if (down)                                                                                      \
      SEP_DOWN_TAP(t);                                                                             \
    else                                                                                           \
      SEP_ACROSS_TAP(t);                                                                           \
  } while (0)

/* One block of ROWS rows x SEP_W outputs, either pass (`down` is a constant
 * at every call, so each pass gets its own loop):
 *   horizontal: out[d][x] (+)= sum_t w[t] src[d][x + t * step], t < taps;
 *   vertical:   out[d][x] (+)= sum_t w[t - d] src[t][x], t < taps + ROWS - 1,
 *               w zero outside 0..taps-1 (the state pads it): each input row
 *               is loaded once for the ROWS outputs. */
static inline __attribute__((always_inline)) void
SEP_FN(block)(const float *restrict src, ptrdiff_t ss, ptrdiff_t step, const float *restrict w,
              int taps, float *restrict dst, ptrdiff_t ds, int put, const int down)
{
  const int span = down ? taps + ROWS - 1 : taps;
  SEP_VT a[ROWS][2];
  for (int d = 0; d < ROWS; d++)
    a[d][0] = a[d][1] = (SEP_VT){0};
  if (taps <= FLOAT_ONLY) {
    for (int t = 0; t < span; t++)
      SEP_TAP(t);
  } else {
    SEP_VD da[ROWS][4];
    for (int d = 0; d < ROWS; d++)
      for (int v = 0; v < 4; v++)
        da[d][v] = (SEP_VD){0};
    for (int t0 = 0; t0 < span; t0 += TAP_BLOCK) {
      const int t1 = t0 + TAP_BLOCK < span ? t0 + TAP_BLOCK : span;
      for (int d = 0; d < ROWS; d++)
        a[d][0] = a[d][1] = (SEP_VT){0};
      for (int t = t0; t < t1; t++)
        SEP_TAP(t);
      for (int d = 0; d < ROWS; d++)
        for (int v = 0; v < 2; v++)
          SEP_ADD_DOUBLE(da[d][2 * v], da[d][2 * v + 1], a[d][v]);
    }
    for (int d = 0; d < ROWS; d++)
      for (int v = 0; v < 2; v++)
        SEP_FROM_DOUBLE(a[d][v], da[d][2 * v], da[d][2 * v + 1]);
  }
  for (int d = 0; d < ROWS; d++) {
    float *row = dst + d * ds;
    /* Streamed only where the row's two vectors are whole 64-byte lines
     * (AVX2, AVX-512 builds, lines aligned): with ROWS rows of stores in
     * flight, lines left part-streamed (an image 16-byte aligned, as from
     * malloc, or SSE2's half lines) or streamed in part and cached in part
     * made the pass three to five times slower on an Intel Xeon
     * (docs/benchmarks.md, "AUTO across vector builds"). */
    const int whole = SEP_W * sizeof(float) % 64 == 0 && ((uintptr_t)row & 63) == 0;
    const int p = put == PUT_STREAM && !whole ? PUT_STORE : put;
    SEP_PUT(row, a[d][0], p);
    SEP_PUT(row + SEP_LANES, a[d][1], p);
  }
}

/* The horizontal pass over rows x n outputs; what the blocks leave (the
 * last rows, the right edge) goes to fir. */
static inline __attribute__((always_inline)) void SEP_FN(across)(const float *src, ptrdiff_t ss,
                                                                 ptrdiff_t step, const float *w,
                                                                 int taps, float *dst, ptrdiff_t ds,
                                                                 int rows, int n, int put)
{
  int y = 0;
  for (; y + ROWS <= rows && n >= SEP_W; y += ROWS) {
    int x = 0;
    for (; x + SEP_W <= n; x += SEP_W)
      SEP_FN(block)(src + y * ss + x, ss, step, w, taps, dst + y * ds + x, ds, put, 0);
    if (x < n)
      fir(src + y * ss + x, ss, step, w, taps, dst + y * ds + x, ds, ROWS, n - x, put == PUT_ADD);
  }
  if (y < rows)
    fir(src + y * ss, ss, step, w, taps, dst + y * ds, ds, rows - y, n, put == PUT_ADD);
}

/* The vertical pass over rows x n outputs, in SEP_W-wide columns (so the
 * rows a column reads stay in cache). */
static inline __attribute__((always_inline)) void SEP_FN(down)(const float *src, ptrdiff_t ss,
                                                               const float *w, int taps, float *dst,
                                                               ptrdiff_t ds, int rows, int n,
                                                               int put)
{
  int x = 0;
  for (; x + SEP_W <= n && rows >= ROWS; x += SEP_W) {
    int y = 0;
    for (; y + ROWS <= rows; y += ROWS)
      SEP_FN(block)(src + y * ss + x, ss, ss, w, taps, dst + y * ds + x, ds, put, 1);
    if (y < rows)
      fir(src + y * ss + x, ss, ss, w, taps, dst + y * ds + x, ds, rows - y, SEP_W, put == PUT_ADD);
  }
  if (x < n)
    fir(src + x, ss, ss, w, taps, dst + x, ds, rows, n - x, put == PUT_ADD);
}

#undef SEP_W
#undef SEP_VT
#undef SEP_VD
#undef SEP_LANES
#undef SEP_FN
#undef SEP_VH
#undef SEP_LOAD
#undef SEP_PUT
#undef SEP_ADD_DOUBLE
#undef SEP_FROM_DOUBLE
#undef SEP_WIDEN
#undef SEP_NARROW
#undef SEP_ACROSS_TAP
#undef SEP_DOWN_TAP
#undef SEP_TAP
