/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: the low-rank decomposition, and the separable and im2col
 * methods run tile by tile against a naive float64 valid correlation.
 * KCV_TEST_VERBOSE=1 in the environment lists every tile's error. */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kcv-private.h"

/* Tolerances. Relative RMS as the project states it; the worst pixel is
 * bounded relative to that pixel's sum of |weight * input|, which is what
 * float rounding scales with (1e-5 leaves room for sqrt(taps) growth). */
#define REL_RMS_MAX 1e-6
#define WORST_REL_MAX 1e-5

/* ---- kernels ---------------------------------------------------------- */

typedef struct {
  int kw, kh;
  float *k;
  double *kd;
  kcv__kernel_info info;
} TestKernel;

static TestKernel *kernel_new(int kw, int kh)
{
  TestKernel *t = g_new0(TestKernel, 1);
  t->kw = kw;
  t->kh = kh;
  t->k = g_new0(float, (gsize)kw *kh);
  t->kd = g_new0(double, (gsize)kw *kh);
  t->info.kw = kw;
  t->info.kh = kh;
  t->info.k = t->k;
  t->info.kd = t->kd;
  return t;
}

/* The double weights are the float ones, as the plan makes them. */
static void kernel_sync(TestKernel *t)
{
  for (int e = 0; e < t->kw * t->kh; e++)
    t->kd[e] = t->k[e];
}

static void kernel_free(TestKernel *t)
{
  g_free(t->k);
  g_free(t->kd);
  g_free(t);
}

static TestKernel *kernel_random(int kw, int kh, GRand *rng, double zero_fraction)
{
  TestKernel *t = kernel_new(kw, kh);
  for (int e = 0; e < kw * kh; e++)
    t->k[e] = g_rand_double(rng) < zero_fraction ? 0.0f : (float)g_rand_double_range(rng, -1, 1);
  kernel_sync(t);
  return t;
}

/* A 2-D Gaussian evaluated directly in float, as a user's preset would be:
 * separable only up to float rounding. */
static TestKernel *kernel_gaussian(int kw, int kh, double sx, double sy)
{
  TestKernel *t = kernel_new(kw, kh);
  for (int j = 0; j < kh; j++)
    for (int i = 0; i < kw; i++) {
      float x = (float)i - (float)(kw - 1) / 2.0f, y = (float)j - (float)(kh - 1) / 2.0f;
      t->k[j * kw + i] =
          expf(-x * x / (2.0f * (float)(sx * sx)) - y * y / (2.0f * (float)(sy * sy)));
    }
  kernel_sync(t);
  return t;
}

static TestKernel *kernel_box(int kw, int kh)
{
  TestKernel *t = kernel_new(kw, kh);
  for (int e = 0; e < kw * kh; e++)
    t->k[e] = 1.0f / (float)(kw * kh);
  kernel_sync(t);
  return t;
}

/* Sum of `rank` random outer products (rounded to float). */
static TestKernel *kernel_rank(int kw, int kh, int rank, GRand *rng)
{
  TestKernel *t = kernel_new(kw, kh);
  double *acc = g_new0(double, (gsize)kw *kh);
  double *a = g_new(double, kh), *b = g_new(double, kw);
  for (int r = 0; r < rank; r++) {
    for (int j = 0; j < kh; j++)
      a[j] = g_rand_double_range(rng, -1, 1);
    for (int i = 0; i < kw; i++)
      b[i] = g_rand_double_range(rng, -1, 1);
    for (int j = 0; j < kh; j++)
      for (int i = 0; i < kw; i++)
        acc[j * kw + i] += a[j] * b[i];
  }
  for (int e = 0; e < kw * kh; e++)
    t->k[e] = (float)acc[e];
  kernel_sync(t);
  g_free(acc);
  g_free(a);
  g_free(b);
  return t;
}

/* ---- low rank ---------------------------------------------------------- */

/* Runs kcv__low_rank and checks its promise: r in 1..max_rank and the
 * factors reproduce K to tol, or -1. Returns r. */
static int low_rank_checked(const TestKernel *t, int max_rank, double tol, const char *what)
{
  double *v = g_new(double, (gsize)max_rank * t->kh);
  double *h = g_new(double, (gsize)max_rank * t->kw);
  int r = kcv__low_rank(t->kd, t->kw, t->kh, max_rank, tol, v, h);
  if (r != -1 && (r < 1 || r > max_rank)) {
    g_test_message("%s (%dx%d): rank %d outside 1..%d", what, t->kw, t->kh, r, max_rank);
    g_test_fail();
  } else if (r > 0) {
    double e2 = 0.0, n2 = 0.0;
    for (int j = 0; j < t->kh; j++)
      for (int i = 0; i < t->kw; i++) {
        double s = 0.0;
        for (int c = 0; c < r; c++)
          s += v[c * t->kh + j] * h[c * t->kw + i];
        const double d = t->kd[j * t->kw + i] - s;
        e2 += d * d;
        n2 += t->kd[j * t->kw + i] * t->kd[j * t->kw + i];
      }
    if (sqrt(e2) > tol * sqrt(n2)) {
      g_test_message("%s (%dx%d): rank %d reconstructs with relative error %g > tol %g", what,
                     t->kw, t->kh, r, sqrt(e2 / n2), tol);
      g_test_fail();
    }
  }
  g_free(v);
  g_free(h);
  return r;
}

static void expect_rank(const TestKernel *t, int want, const char *what)
{
  int got = low_rank_checked(t, KCV_SEPARABLE_MAX_RANK, KCV__LOWRANK_TOL, what);
  if (got != want) {
    g_test_message("%s (%dx%d): rank %d, expected %d", what, t->kw, t->kh, got, want);
    g_test_fail();
  }
}

static const int square_sizes[] = {2, 3, 5, 8, 15, 16, 17, 31, 51, 64, 129, 301, 1025};

static void test_lowrank_gaussian(void)
{
  for (guint s = 0; s < G_N_ELEMENTS(square_sizes); s++) {
    const int n = square_sizes[s];
    const double sigmas[] = {0.5, n / 6.0, n / 2.0};
    for (guint g = 0; g < G_N_ELEMENTS(sigmas); g++) {
      TestKernel *t = kernel_gaussian(n, n, sigmas[g], sigmas[g] * 0.7 + 0.1);
      expect_rank(t, 1, "gaussian");
      kernel_free(t);
    }
  }
  TestKernel *t = kernel_gaussian(101, 31, 12.0, 4.0);
  expect_rank(t, 1, "gaussian");
  kernel_free(t);
}

static void test_lowrank_box(void)
{
  const int sizes[][2] = {{2, 2}, {3, 3}, {7, 3}, {3, 7}, {20, 20}, {65, 33}, {1025, 1025}};
  for (guint s = 0; s < G_N_ELEMENTS(sizes); s++) {
    TestKernel *t = kernel_box(sizes[s][0], sizes[s][1]);
    expect_rank(t, 1, "box");
    kernel_free(t);
  }
}

static void test_lowrank_rank2(void)
{
  GRand *rng = g_rand_new_with_seed(2);
  const int sizes[][2] = {{3, 3}, {15, 9}, {9, 15}, {64, 64}, {200, 150}, {1025, 1025}};
  for (guint s = 0; s < G_N_ELEMENTS(sizes); s++) {
    TestKernel *t = kernel_rank(sizes[s][0], sizes[s][1], 2, rng);
    expect_rank(t, 2, "two outer products");
    kernel_free(t);
  }
  /* Every rank up to the limit, through the exact and the randomised SVD. */
  for (int r = 3; r <= KCV_SEPARABLE_MAX_RANK; r++) {
    TestKernel *t = kernel_rank(12, 10, r, rng);
    expect_rank(t, r, "sum of outer products");
    kernel_free(t);
    t = kernel_rank(80, 100, r, rng);
    expect_rank(t, r, "sum of outer products");
    kernel_free(t);
  }
  TestKernel *t = kernel_rank(80, 100, KCV_SEPARABLE_MAX_RANK + 1, rng);
  expect_rank(t, -1, "one outer product too many");
  kernel_free(t);
  g_rand_free(rng);
}

static void test_lowrank_random(void)
{
  GRand *rng = g_rand_new_with_seed(3);
  const int sizes[] = {9, 15, 16, 17, 64, 129, 1025};
  for (guint s = 0; s < G_N_ELEMENTS(sizes); s++) {
    TestKernel *t = kernel_random(sizes[s], sizes[s], rng, 0.0);
    expect_rank(t, -1, "random");
    kernel_free(t);
  }
  /* Small enough that full rank is within the limit: found exactly. */
  TestKernel *t = kernel_random(3, 3, rng, 0.0);
  expect_rank(t, 3, "random 3x3");
  kernel_free(t);
  t = kernel_random(8, 40, rng, 0.0);
  expect_rank(t, 8, "random 8x40");
  kernel_free(t);
  g_rand_free(rng);
}

static void test_lowrank_shapes(void)
{
  GRand *rng = g_rand_new_with_seed(4);
  /* Any 1xN or Nx1 kernel is rank 1. */
  const int lines[] = {1, 2, 7, 64, 301, 1025};
  for (guint s = 0; s < G_N_ELEMENTS(lines); s++) {
    TestKernel *t = kernel_random(lines[s], 1, rng, 0.2);
    expect_rank(t, 1, "row");
    kernel_free(t);
    t = kernel_random(1, lines[s], rng, 0.2);
    expect_rank(t, 1, "column");
    kernel_free(t);
  }
  TestKernel *t = kernel_rank(4, 6, 2, rng);
  expect_rank(t, 2, "even");
  kernel_free(t);
  t = kernel_rank(7, 3, 2, rng);
  expect_rank(t, 2, "non-square");
  kernel_free(t);
  t = kernel_rank(1025, 3, 3, rng);
  expect_rank(t, 3, "wide");
  kernel_free(t);
  /* The zero kernel is documented as rank 1 with zero factors. */
  t = kernel_new(5, 4);
  expect_rank(t, 1, "zero");
  kernel_free(t);
  t = kernel_new(200, 200);
  expect_rank(t, 1, "zero");
  kernel_free(t);
  /* Scale does not matter. */
  t = kernel_rank(40, 40, 2, rng);
  for (int e = 0; e < 40 * 40; e++)
    t->k[e] *= 1e-30f;
  kernel_sync(t);
  expect_rank(t, 2, "tiny weights");
  kernel_free(t);
  g_rand_free(rng);
}

/* ---- methods on tiles -------------------------------------------------- */

/* Largest errors seen, reported at the end of each method test. */
static double seen_rel_rms, seen_worst;

static void report_seen(const char *name)
{
  g_test_message("%s: largest relative RMS %.3g (tiles >= 64 pixels), largest worst-pixel "
                 "error %.3g of sum|w*x|",
                 name, seen_rel_rms, seen_worst);
  seen_rel_rms = seen_worst = 0.0;
}

static void *aligned_new(size_t bytes)
{
  bytes = (bytes + KCV__ALIGN - 1) / KCV__ALIGN * KCV__ALIGN;
  void *p = aligned_alloc(KCV__ALIGN, bytes ? bytes : KCV__ALIGN);
  g_assert_nonnull(p);
  return p;
}

typedef struct {
  double e2, w2, worst;
  int wx, wy;
  double wgot, wwant, wbound;
} TileErrors;

/* The tile's errors against the naive float64 valid correlation: squared
 * sums for the relative RMS and the worst pixel relative to sum|w*x|.
 * FALSE at the first output not written or not finite (its place in wx, wy). */
static gboolean tile_errors(const TestKernel *t, const float *in, ptrdiff_t in_stride,
                            const float *out, ptrdiff_t out_stride, int tw, int th, TileErrors *te)
{
  const int kw = t->kw, kh = t->kh;
  for (int y = 0; y < th; y++) {
    for (int x = 0; x < tw; x++) {
      double want = 0.0, bound = 0.0;
      for (int j = 0; j < kh; j++)
        for (int i = 0; i < kw; i++) {
          const double term = t->kd[j * kw + i] * in[(y + j) * in_stride + x + i];
          want += term;
          bound += fabs(term);
        }
      const double got = out[y * out_stride + x];
      const double d = got - want;
      if (!isfinite(got)) {
        te->wx = x, te->wy = y, te->wgot = got;
        return FALSE;
      }
      te->e2 += d * d;
      te->w2 += want * want;
      const double rel = bound > 0.0 ? fabs(d) / bound : fabs(d);
      if (rel > te->worst) {
        te->worst = rel;
        te->wx = x, te->wy = y, te->wgot = got, te->wwant = want, te->wbound = bound;
      }
    }
  }
  return TRUE;
}

/* Runs one method on a random padded tile and compares with the naive
 * float64 valid correlation. Returns FALSE (after a message) on failure. */
static gboolean check_tile(const kcv__method *m, void *state, const TestKernel *t, int tw, int th,
                           GRand *rng, const char *what)
{
  const int kw = t->kw, kh = t->kh;
  const ptrdiff_t in_stride = tw + kw - 1 + g_rand_int_range(rng, 0, 5);
  const ptrdiff_t out_stride = tw + g_rand_int_range(rng, 0, 5);
  const int in_rows = th + kh - 1;
  const gboolean positive = g_rand_boolean(rng);
  float *in = g_new(float, (gsize)in_stride *in_rows);
  for (gsize e = 0; e < (gsize)in_stride * in_rows; e++)
    in[e] = positive ? (float)g_rand_double(rng) : (float)g_rand_double_range(rng, -1, 1);
  float *out = g_new(float, (gsize)out_stride *th);
  for (gsize e = 0; e < (gsize)out_stride * th; e++)
    out[e] = NAN; /* every output must be written, nothing else */
  size_t sbytes = m->scratch_size ? m->scratch_size(state, &t->info, tw, th) : 0;
  unsigned char *scratch = aligned_new(sbytes);
  memset(scratch, 0xff, sbytes); /* NaN garbage: scratch is not zeroed */

  kcv_status status = m->run(state, &t->info, in, in_stride, out, out_stride, tw, th, scratch);
  gboolean ok = TRUE;
  if (status != KCV_OK) {
    g_test_message("%s: %s on %dx%d kernel, %dx%d tile: status %d", what, m->name, kw, kh, tw, th,
                   status);
    ok = FALSE;
  }

  TileErrors te = {0};
  if (ok && !tile_errors(t, in, in_stride, out, out_stride, tw, th, &te)) {
    ok = FALSE;
    g_test_message("%s: %s on %dx%d kernel, %dx%d tile: output (%d,%d) not written or "
                   "not finite (%g)",
                   what, m->name, kw, kh, tw, th, te.wx, te.wy, te.wgot);
  }
  for (int y = 0; ok && y < th; y++)
    for (int x = tw; x < out_stride; x++)
      if (!isnan(out[y * out_stride + x])) {
        g_test_message("%s: %s wrote outside the tile at (%d,%d)", what, m->name, x, y);
        ok = FALSE;
      }
  if (ok) {
    const double rel_rms = te.w2 > 0.0 ? sqrt(te.e2 / te.w2) : sqrt(te.e2);
    /* On a handful of pixels the RMS is one cancelling sum's relative
     * error, which says nothing; the worst-pixel bound covers those. */
    const gboolean rms_counts = tw * th >= 64;
    if (getenv("KCV_TEST_VERBOSE") && rel_rms > 3e-7)
      g_test_message("%s: %s %dx%d kernel %dx%d tile rel rms %.3g", what, m->name, kw, kh, tw, th,
                     rel_rms);
    if (rms_counts && rel_rms > seen_rel_rms)
      seen_rel_rms = rel_rms;
    if (te.worst > seen_worst)
      seen_worst = te.worst;
    if ((rms_counts && rel_rms > REL_RMS_MAX) || te.worst > WORST_REL_MAX) {
      g_test_message("%s: %s on %dx%d kernel, %dx%d tile: relative RMS %.3g (max %.1g); worst "
                     "pixel (%d,%d) got %.9g want %.9g, off by %.3g = %.3g of sum|w*x| %.3g "
                     "(max %.1g)",
                     what, m->name, kw, kh, tw, th, rel_rms, REL_RMS_MAX, te.wx, te.wy, te.wgot,
                     te.wwant, fabs(te.wgot - te.wwant), te.worst, te.wbound, WORST_REL_MAX);
      ok = FALSE;
    }
  }
  g_free(in);
  g_free(out);
  free(scratch);
  if (!ok)
    g_test_fail();
  return ok;
}

/* prepare, check the tile choice, run on several tile sizes including the
 * preferred one and smaller edge tiles, release. */
static void check_kernel(const kcv__method *m, const TestKernel *t, GRand *rng, const char *what)
{
  void *state = NULL;
  kcv_status status = m->prepare(&t->info, &state);
  if (status != KCV_OK) {
    g_test_message("%s: %s refused a %dx%d kernel (status %d)", what, m->name, t->kw, t->kh,
                   status);
    g_test_fail();
    return;
  }
  int tw = 0, th = 0;
  m->tile_size(state, &t->info, 300, 200, &tw, &th);
  if (tw < 1 || th < 1 || tw > 300 || th > 200) {
    g_test_message("%s: %s tile %dx%d for a 300x200 output", what, m->name, tw, th);
    g_test_fail();
  }
  /* Cap the preferred tile so the naive reference stays quick. */
  const long taps = (long)t->kw * t->kh;
  const int cap = taps > 4000 ? 24 : taps > 600 ? 64 : 300;
  const int sizes[][2] = {
      {1, 1},
      {tw < cap ? tw : cap, th < cap / 4 ? th : cap / 4},
      {g_rand_int_range(rng, 1, 40), g_rand_int_range(rng, 1, 40)},
      {33, 2},
      {2, 17},
      {taps > 600 ? 70 : 700, 3}, /* wider than any internal block */
  };
  for (guint s = 0; s < G_N_ELEMENTS(sizes); s++)
    if (!check_tile(m, state, t, sizes[s][0], sizes[s][1], rng, what))
      break;
  m->release(state);
}

static const int kernel_sizes[] = {1, 2, 3, 4, 5, 7, 8, 11, 15, 16, 17, 31, 32, 33, 51, 64, 70};

/* A kernel side list: every size 1..70 when thorough, else a spread. */
static int side_count(void)
{
  return g_test_thorough() ? 70 : (int)G_N_ELEMENTS(kernel_sizes);
}

static int side(int index)
{
  return g_test_thorough() ? index + 1 : kernel_sizes[index];
}

static void test_separable_matches_naive(void)
{
  const kcv__method *m = &kcv__method_separable;
  GRand *rng = g_rand_new_with_seed(10);
  for (int a = 0; a < side_count(); a++) {
    const int n = side(a);
    const int other = side(g_rand_int_range(rng, 0, side_count()));
    TestKernel *t = kernel_gaussian(n, n, n / 5.0 + 0.3, n / 7.0 + 0.3);
    check_kernel(m, t, rng, "gaussian");
    kernel_free(t);
    t = kernel_rank(n, other, 1, rng);
    check_kernel(m, t, rng, "random rank 1");
    kernel_free(t);
    t = kernel_rank(other, n, n > 2 && other > 2 ? 3 : 1, rng);
    check_kernel(m, t, rng, "random rank 3");
    kernel_free(t);
  }
  const int large[][2] = {{301, 1}, {1, 301}, {129, 129}, {200, 37}};
  for (guint s = 0; s < G_N_ELEMENTS(large); s++) {
    TestKernel *t = kernel_rank(large[s][0], large[s][1], 2, rng);
    if (large[s][0] == 1 || large[s][1] == 1) {
      kernel_free(t);
      t = kernel_random(large[s][0], large[s][1], rng, 0.1);
    }
    check_kernel(m, t, rng, "large");
    kernel_free(t);
  }
  TestKernel *t = kernel_box(129, 129);
  check_kernel(m, t, rng, "box");
  kernel_free(t);
  t = kernel_new(9, 5);
  check_kernel(m, t, rng, "zero");
  kernel_free(t);
  g_rand_free(rng);
  report_seen(m->name);
}

static void test_separable_refuses_full_rank(void)
{
  GRand *rng = g_rand_new_with_seed(11);
  TestKernel *t = kernel_random(15, 15, rng, 0.0);
  void *state = NULL;
  g_assert_cmpint(kcv__method_separable.prepare(&t->info, &state), ==, KCV_ERR_METHOD);
  g_assert_null(state);
  kernel_free(t);
  g_rand_free(rng);
}

/* A rank-1 kernel plus noise at a given fraction of the tolerance: just
 * below it the method accepts the kernel and its output must still match
 * the 2-D kernel's to REL_RMS_MAX on noise input (where the residual shows
 * fully); above it the kernel is refused. */
static void test_separable_near_tolerance(void)
{
  GRand *rng = g_rand_new_with_seed(12);
  const double fractions[] = {0.9, 2.0};
  for (guint f = 0; f < G_N_ELEMENTS(fractions); f++) {
    const int n = 31;
    TestKernel *t = kernel_gaussian(n, n, 5.0, 4.0);
    double *noise = g_new(double, n *n);
    double k2 = 0.0, e2 = 0.0;
    for (int e = 0; e < n * n; e++) {
      noise[e] = g_rand_double_range(rng, -1, 1);
      k2 += t->kd[e] * t->kd[e];
      e2 += noise[e] * noise[e];
    }
    const double scale = fractions[f] * KCV__LOWRANK_TOL * sqrt(k2 / e2);
    for (int e = 0; e < n * n; e++)
      t->k[e] = (float)(t->kd[e] + scale * noise[e]);
    kernel_sync(t);
    void *state = NULL;
    kcv_status status = kcv__method_separable.prepare(&t->info, &state);
    if (fractions[f] < 1.0) {
      g_assert_cmpint(status, ==, KCV_OK);
      g_assert_true(check_tile(&kcv__method_separable, state, t, 96, 96, rng, "near tolerance"));
      kcv__method_separable.release(state);
    } else {
      g_assert_cmpint(status, ==, KCV_ERR_METHOD);
    }
    g_free(noise);
    kernel_free(t);
  }
  g_rand_free(rng);
}

static void test_im2col_matches_naive(void)
{
  const kcv__method *m = &kcv__method_im2col;
  GRand *rng = g_rand_new_with_seed(20);
  for (int a = 0; a < side_count(); a++) {
    const int n = side(a);
    const int other = side(g_rand_int_range(rng, 0, side_count()));
    TestKernel *t = kernel_random(n, n, rng, 0.0);
    check_kernel(m, t, rng, "random");
    kernel_free(t);
    t = kernel_random(n, other, rng, 0.3);
    check_kernel(m, t, rng, "random with zeros");
    kernel_free(t);
  }
  const int large[][2] = {{301, 1}, {1, 301}, {129, 129}, {200, 37}};
  for (guint s = 0; s < G_N_ELEMENTS(large); s++) {
    TestKernel *t = kernel_random(large[s][0], large[s][1], rng, 0.1);
    check_kernel(m, t, rng, "large");
    kernel_free(t);
  }
  TestKernel *t = kernel_new(6, 7);
  check_kernel(m, t, rng, "zero");
  kernel_free(t);
  g_rand_free(rng);
  report_seen(m->name);
}

/* Tile choice and scratch stay bounded whatever the kernel and image. */
static void check_memory(const kcv__method *m, const TestKernel *t, size_t limit)
{
  void *state = NULL;
  g_assert_cmpint(m->prepare(&t->info, &state), ==, KCV_OK);
  const int outs[][2] = {{1, 1}, {100, 7000}, {8192, 8192}};
  for (guint o = 0; o < G_N_ELEMENTS(outs); o++) {
    int tw = 0, th = 0;
    m->tile_size(state, &t->info, outs[o][0], outs[o][1], &tw, &th);
    g_assert_cmpint(tw, >=, 1);
    g_assert_cmpint(th, >=, 1);
    g_assert_cmpint(tw, <=, outs[o][0]);
    g_assert_cmpint(th, <=, outs[o][1]);
    const size_t input = ((size_t)tw + t->kw - 1) * ((size_t)th + t->kh - 1) * sizeof(float);
    const size_t scratch = m->scratch_size(state, &t->info, tw, th);
    if (input + scratch > limit) {
      g_test_message("%s, %dx%d kernel, %dx%d output: tile %dx%d needs %zu + %zu bytes", m->name,
                     t->kw, t->kh, outs[o][0], outs[o][1], tw, th, input, scratch);
      g_test_fail();
    }
    /* Smaller (edge) tiles never need more scratch. */
    g_assert_cmpuint(m->scratch_size(state, &t->info, tw > 1 ? tw / 2 : 1, th), <=, scratch);
  }
  m->release(state);
}

static void test_bounded_memory(gconstpointer data)
{
  const kcv__method *m = data;
  const size_t limit = 12u << 20; /* "a few MiB per thread" */
  GRand *rng = g_rand_new_with_seed(30);
  const int sizes[][2] = {{1, 1}, {3, 3}, {51, 51}, {1025, 1}, {1, 1025}, {1025, 1025}};
  for (guint s = 0; s < G_N_ELEMENTS(sizes); s++) {
    TestKernel *t = m == &kcv__method_separable ? kernel_box(sizes[s][0], sizes[s][1])
                                                : kernel_random(sizes[s][0], sizes[s][1], rng, 0);
    check_memory(m, t, limit);
    kernel_free(t);
  }
  g_rand_free(rng);
}

/* A method's streamed run (non-temporal stores, used by the engine for
 * large outputs) writes exactly what run writes, bit for bit, and nothing
 * else: on outputs only 16-byte aligned (as from malloc), with tile widths
 * on and off the vector blocks, direct kernels with one and with several
 * blocks of taps, separable ones of rank 1 and 2 (whose later pairs add to
 * the output through the cache). */
static void test_streaming(gconstpointer data)
{
  const kcv__method *m = data;
  const int ks[][3] = {{1, 1, 1}, {3, 3, 1}, {9, 1, 1}, {5, 7, 2}, {8, 8, 1}, {11, 11, 2}};
  const int tiles[][2] = {{1, 1}, {5, 3}, {16, 4}, {37, 9}, {64, 32}, {131, 5}};
  GRand *rng = g_rand_new_with_seed(31);
  for (size_t a = 0; a < G_N_ELEMENTS(ks); a++) {
    TestKernel *t = kernel_rank(ks[a][0], ks[a][1], ks[a][2], rng);
    void *state = NULL;
    g_assert_cmpint(m->prepare(&t->info, &state), ==, KCV_OK);
    for (size_t b = 0; b < G_N_ELEMENTS(tiles); b++) {
      const int tw = tiles[b][0], th = tiles[b][1];
      const ptrdiff_t is = tw + t->kw - 1 + 3, os = tw + 7;
      const size_t n_in = (size_t)is * (th + t->kh - 1), n_out = (size_t)os * th + 4;
      float *in = aligned_new(n_in * sizeof(float));
      float *ref = aligned_new(n_out * sizeof(float));
      float *got = aligned_new(n_out * sizeof(float));
      for (size_t e = 0; e < n_in; e++)
        in[e] = (float)g_rand_double_range(rng, -1, 1);
      for (size_t e = 0; e < n_out; e++)
        ref[e] = got[e] = (float)e; /* sentinels beyond the tile */
      size_t sb = m->scratch_size(state, &t->info, tw, th);
      void *scratch = aligned_new(sb);
      g_assert_cmpint(m->run(state, &t->info, in, is, ref + 4, os, tw, th, scratch), ==, KCV_OK);
      g_assert_cmpint(m->run_streaming(state, &t->info, in, is, got + 4, os, tw, th, scratch), ==,
                      KCV_OK);
      if (memcmp(ref, got, n_out * sizeof(float)) != 0) {
        g_test_message("%s streaming: %dx%d kernel, %dx%d tile differs from run", m->name, t->kw,
                       t->kh, tw, th);
        g_test_fail();
      }
      free(scratch);
      free(got);
      free(ref);
      free(in);
    }
    m->release(state);
    kernel_free(t);
  }
  g_rand_free(rng);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/methods/lowrank/gaussian-rank1", test_lowrank_gaussian);
  g_test_add_func("/methods/lowrank/box-rank1", test_lowrank_box);
  g_test_add_func("/methods/lowrank/rank2", test_lowrank_rank2);
  g_test_add_func("/methods/lowrank/random-full", test_lowrank_random);
  g_test_add_func("/methods/lowrank/shapes", test_lowrank_shapes);
  g_test_add_func("/methods/separable/matches-naive", test_separable_matches_naive);
  g_test_add_func("/methods/separable/refuses-full-rank", test_separable_refuses_full_rank);
  g_test_add_func("/methods/separable/near-tolerance", test_separable_near_tolerance);
  g_test_add_data_func("/methods/separable/bounded-memory", &kcv__method_separable,
                       test_bounded_memory);
  g_test_add_data_func("/methods/direct/streaming-matches-run", &kcv__method_direct,
                       test_streaming);
  g_test_add_data_func("/methods/separable/streaming-matches-run", &kcv__method_separable,
                       test_streaming);
  g_test_add_func("/methods/im2col/matches-naive", test_im2col_matches_naive);
  g_test_add_data_func("/methods/im2col/bounded-memory", &kcv__method_im2col, test_bounded_memory);
  return g_test_run();
}
