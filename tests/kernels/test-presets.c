/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: presets (kernels from parameters) and kernel transforms. */
/* j1() from the C library, an independent Bessel function for the Airy check. */
#define _DEFAULT_SOURCE 1

#include <glib.h>

#include <math.h>
#include <string.h>

#include "kcv-presets.h"
#include "kcv-private.h"

static double sum_of(const kcv_kernel *k)
{
  double s = 0;
  for (int i = 0; i < k->width * k->height; i++)
    s += k->data[i];
  return s;
}

static double at(const kcv_kernel *k, int x, int y)
{
  return k->data[(size_t)y * k->width + x];
}

static void assert_values(const kcv_kernel *k, int w, int h, const float *want, const char *what)
{
  g_assert_nonnull(k);
  g_assert_cmpint(k->width, ==, w);
  g_assert_cmpint(k->height, ==, h);
  for (int i = 0; i < w * h; i++)
    if (k->data[i] != want[i])
      g_error("%s: weight (%d, %d) is %.9g, want %.9g", what, i % w, i / w, (double)k->data[i],
              (double)want[i]);
}

static void assert_equal(const kcv_kernel *a, const kcv_kernel *b, const char *what)
{
  assert_values(a, b->width, b->height, b->data, what);
}

/* Relative Frobenius residual of the best rank-1 approximation, from a
 * double-precision power iteration (K^T K v), independent of the core's
 * SVD. */
static double rank1_residual(const kcv_kernel *k)
{
  const int w = k->width, h = k->height;
  double *v = g_new(double, w), *u = g_new(double, h);
  for (int x = 0; x < w; x++)
    v[x] = 1.0 + 0.01 * x;
  double sigma = 0;
  for (int it = 0; it < 200; it++) {
    for (int y = 0; y < h; y++) {
      u[y] = 0;
      for (int x = 0; x < w; x++)
        u[y] += at(k, x, y) * v[x];
    }
    double n = 0;
    for (int x = 0; x < w; x++) {
      v[x] = 0;
      for (int y = 0; y < h; y++)
        v[x] += at(k, x, y) * u[y];
      n += v[x] * v[x];
    }
    n = sqrt(n);
    for (int x = 0; x < w; x++)
      v[x] /= n;
    sigma = n;
  }
  /* u = K v is sigma_1 * left singular vector. */
  for (int y = 0; y < h; y++) {
    u[y] = 0;
    for (int x = 0; x < w; x++)
      u[y] += at(k, x, y) * v[x];
  }
  (void)sigma;
  double res = 0, norm = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      double d = at(k, x, y) - u[y] * v[x];
      res += d * d;
      norm += at(k, x, y) * at(k, x, y);
    }
  g_free(u);
  g_free(v);
  return sqrt(res / norm);
}

static void test_gaussian_rank1(void)
{
  static const double sigmas[][2] = {{1, 1}, {0.5, 3}, {2.5, 0.8}, {10, 10}, {0, 4}};
  for (size_t i = 0; i < G_N_ELEMENTS(sigmas); i++) {
    kcv_kernel *k = kcv_preset_gaussian(sigmas[i][0], sigmas[i][1], 0, 0);
    g_assert_nonnull(k);
    /* Default size: ceil(3 sigma) each side of the centre. */
    g_assert_cmpint(k->width, ==, 2 * (int)ceil(3 * sigmas[i][0]) + 1);
    g_assert_cmpint(k->height, ==, 2 * (int)ceil(3 * sigmas[i][1]) + 1);
    g_assert_cmpfloat_with_epsilon(sum_of(k), 1.0, 1e-5);
    double r = rank1_residual(k);
    if (r > 1e-6)
      g_error("sigma %g x %g: rank-1 residual %g", sigmas[i][0], sigmas[i][1], r);
    /* Symmetric, peak in the centre. */
    int cx = k->width / 2, cy = k->height / 2;
    for (int y = 0; y < k->height; y++)
      for (int x = 0; x < k->width; x++) {
        g_assert_cmpfloat(at(k, x, y), ==, at(k, k->width - 1 - x, k->height - 1 - y));
        g_assert_cmpfloat(at(k, x, y), <=, at(k, cx, cy));
      }
    kcv_kernel_free(k);
  }
  /* The sampled values: sigma 1, 3 samples e^-1/2, 1, e^-1/2. */
  kcv_kernel *k = kcv_preset_gaussian(1, 1, 3, 1);
  double e = exp(-0.5), s = 1 + 2 * e;
  g_assert_cmpfloat_with_epsilon(at(k, 0, 0), e / s, 1e-7);
  g_assert_cmpfloat_with_epsilon(at(k, 1, 0), 1 / s, 1e-7);
  kcv_kernel_free(k);
  /* Explicit even size stays symmetric. */
  k = kcv_preset_gaussian(2, 2, 6, 4);
  g_assert_cmpint(k->width, ==, 6);
  g_assert_cmpfloat(at(k, 0, 1), ==, at(k, 5, 2));
  kcv_kernel_free(k);
  g_assert_null(kcv_preset_gaussian(-1, 1, 0, 0));
  g_assert_null(kcv_preset_gaussian(NAN, 1, 0, 0));
  g_assert_null(kcv_preset_gaussian(1, KCV_GAUSSIAN_SIGMA_MAX + 1, 0, 0));
  g_assert_null(kcv_preset_gaussian(1, 1, KCV_KERNEL_MAX + 1, 0));
  k = kcv_preset_gaussian(KCV_GAUSSIAN_SIGMA_MAX, 0.3, 0, 0);
  g_assert_nonnull(k);
  g_assert_cmpint(k->width, <=, KCV_KERNEL_MAX);
  kcv_kernel_free(k);
}

/* The core's own SVD agrees: a Gaussian is rank 1, a disk is not. */
static int core_rank(const kcv_kernel *k)
{
  const int w = k->width, h = k->height;
  double *kd = g_new(double, (size_t)w *h);
  double *v = g_new(double, (size_t)KCV_SEPARABLE_MAX_RANK *h);
  double *u = g_new(double, (size_t)KCV_SEPARABLE_MAX_RANK *w);
  for (int i = 0; i < w * h; i++)
    kd[i] = k->data[i];
  int r = kcv__low_rank(kd, w, h, KCV_SEPARABLE_MAX_RANK, 1e-6, v, u);
  g_free(kd);
  g_free(v);
  g_free(u);
  return r;
}

static void test_gaussian_core_rank(void)
{
  kcv_kernel *g = kcv_preset_gaussian(3, 1.5, 0, 0);
  g_assert_cmpint(core_rank(g), ==, 1);
  kcv_kernel *d = kcv_preset_disk(6);
  g_assert_cmpint(core_rank(d), !=, 1);
  kcv_kernel_free(g);
  kcv_kernel_free(d);
}

static void test_box(void)
{
  kcv_kernel *k = kcv_preset_box(4, 3);
  g_assert_cmpint(k->width, ==, 4);
  g_assert_cmpint(k->height, ==, 3);
  for (int i = 0; i < 12; i++)
    g_assert_cmpfloat(k->data[i], ==, (float)(1.0 / 12));
  g_assert_cmpfloat_with_epsilon(sum_of(k), 1.0, 1e-6);
  kcv_kernel_free(k);
  g_assert_null(kcv_preset_box(0, 3));
  g_assert_null(kcv_preset_box(3, KCV_KERNEL_MAX + 1));
}

/* Sum of coverage = area of the disk; the full inside pixels carry
 * 1 / area, so area = 1 / centre weight. Supersampling 16x16 on the edge
 * pixels bounds the error by about the number of edge pixels / 256 * a few. */
static void test_disk_area(void)
{
  static const double radii[] = {1, 2.3, 5, 12.5, 40, 100};
  for (size_t i = 0; i < G_N_ELEMENTS(radii); i++) {
    double r = radii[i];
    kcv_kernel *k = kcv_preset_disk(r);
    g_assert_nonnull(k);
    g_assert_cmpint(k->width, ==, k->height);
    g_assert_cmpint(k->width % 2, ==, 1);
    g_assert_cmpfloat_with_epsilon(sum_of(k), 1.0, 1e-5);
    int c = k->width / 2;
    double area = 1.0 / at(k, c, c);
    double want = G_PI * r * r;
    /* Within the edge: less than a 2% strip of the perimeter's pixels. */
    double tolerance = 2 * G_PI * r * 0.02 + 0.02;
    if (fabs(area - want) > tolerance)
      g_error("radius %g: area %g, pi r^2 = %g (tolerance %g)", r, area, want, tolerance);
    /* Anti-aliased: some edge pixels are partly covered. */
    int partial = 0;
    for (int j = 0; j < k->width * k->height; j++)
      partial += k->data[j] > 0 && k->data[j] < at(k, c, c);
    g_assert_cmpint(partial, >, 0);
    /* Pixels entirely outside the circle are 0, entirely inside are full. */
    for (int y = 0; y < k->height; y++)
      for (int x = 0; x < k->width; x++) {
        double dx = fabs((double)(x - c)), dy = fabs((double)(y - c));
        double nx = fmax(dx - 0.5, 0), ny = fmax(dy - 0.5, 0);
        if (nx * nx + ny * ny >= r * r)
          g_assert_cmpfloat(at(k, x, y), ==, 0.0f);
        if ((dx + 0.5) * (dx + 0.5) + (dy + 0.5) * (dy + 0.5) <= r * r)
          g_assert_cmpfloat(at(k, x, y), ==, at(k, c, c));
      }
    kcv_kernel_free(k);
  }
  /* The smallest disk lies within one pixel. */
  kcv_kernel *dot = kcv_preset_disk(KCV_DISK_RADIUS_MIN);
  g_assert_cmpint(dot->width, ==, 1);
  g_assert_cmpfloat(dot->data[0], ==, 1.0f);
  kcv_kernel_free(dot);
  kcv_kernel *big = kcv_preset_disk(KCV_DISK_RADIUS_MAX);
  g_assert_nonnull(big);
  g_assert_cmpint(big->width, ==, KCV_KERNEL_MAX);
  kcv_kernel_free(big);
  g_assert_null(kcv_preset_disk(0.2));
  g_assert_null(kcv_preset_disk(KCV_DISK_RADIUS_MAX + 1));
}

static void test_ring(void)
{
  kcv_kernel *k = kcv_preset_ring(10, 2);
  g_assert_nonnull(k);
  g_assert_cmpint(k->width, ==, 21);
  g_assert_cmpfloat_with_epsilon(sum_of(k), 1.0, 1e-5);
  g_assert_cmpfloat(at(k, 10, 10), ==, 0.0f); /* the hole */
  g_assert_cmpfloat(at(k, 1, 10), >, 0.0f);   /* on the ring at radius 9 */
  /* Area pi (10^2 - 8^2): a full ring pixel (radius 9, on the axis) is 1/area. */
  double area = 1.0 / at(k, 1, 10);
  g_assert_cmpfloat(fabs(area - G_PI * (100 - 64)), <, 2 * G_PI * 18 * 0.02);
  kcv_kernel_free(k);
  g_assert_null(kcv_preset_ring(5, 6));
}

static void test_motion_row(void)
{
  static const double lengths[] = {1, 2, 5, 9.5, 30, KCV_MOTION_LENGTH_MAX};
  for (size_t i = 0; i < G_N_ELEMENTS(lengths); i++) {
    double len = lengths[i];
    kcv_kernel *k = kcv_preset_motion(len, 0);
    g_assert_nonnull(k);
    g_assert_cmpint(k->height, ==, 1);
    g_assert_cmpfloat_with_epsilon(sum_of(k), 1.0, 1e-5);
    /* Coverage of [-len/2, len/2] by pixels [x - 0.5, x + 0.5]. */
    int c = k->width / 2;
    for (int x = 0; x < k->width; x++) {
      double lo = fmax(x - c - 0.5, -len / 2), hi = fmin(x - c + 0.5, len / 2);
      double want = fmax(hi - lo, 0) / len;
      g_assert_cmpfloat_with_epsilon(k->data[x], want, 1e-6);
    }
    /* 90 and 180 degrees: the column and the same row. */
    kcv_kernel *v = kcv_preset_motion(len, 90);
    kcv_kernel *t = kcv_preset_motion(len, 180);
    g_assert_cmpint(v->width, ==, 1);
    g_assert_cmpint(v->height, ==, k->width);
    assert_equal(t, k, "motion 180");
    kcv_kernel_free(v);
    kcv_kernel_free(t);
    kcv_kernel_free(k);
  }
  /* 45 degrees: the diagonal from bottom-left to top-right dominates. */
  kcv_kernel *k = kcv_preset_motion(11, 45);
  g_assert_cmpint(k->width, ==, k->height);
  g_assert_cmpfloat_with_epsilon(sum_of(k), 1.0, 1e-5);
  int n = k->width;
  g_assert_cmpfloat(at(k, n - 2, 1), >, at(k, 1, 1));
  g_assert_cmpfloat(at(k, 1, n - 2), >, at(k, n - 2, n - 2));
  kcv_kernel *m = kcv_preset_motion(11, -45);
  kcv_kernel *f = kcv_kernel_flipped(m, 1, 0);
  for (int j = 0; j < n * n; j++)
    g_assert_cmpfloat_with_epsilon(f->data[j], k->data[j], 1e-7);
  kcv_kernel_free(f);
  kcv_kernel_free(m);
  kcv_kernel_free(k);
  g_assert_null(kcv_preset_motion(0.5, 0));
  g_assert_null(kcv_preset_motion(10, NAN));
}

static void test_sobel_transpose(void)
{
  kcv_kernel *(*fns[3])(kcv_direction) = {kcv_preset_sobel, kcv_preset_prewitt, kcv_preset_scharr};
  for (int f = 0; f < 3; f++) {
    kcv_kernel *x = fns[f](KCV_DIR_X), *y = fns[f](KCV_DIR_Y);
    kcv_kernel *t = kcv_kernel_transposed(y);
    assert_equal(x, t, "x = transpose of y");
    g_assert_cmpfloat(sum_of(x), ==, 0.0);
    /* E is X, S is Y, W and N their negatives. */
    kcv_kernel *e = fns[f](KCV_DIR_E), *s = fns[f](KCV_DIR_S);
    kcv_kernel *w = fns[f](KCV_DIR_W), *nn = fns[f](KCV_DIR_N);
    kcv_kernel *mx = kcv_kernel_scaled(x, -1), *my = kcv_kernel_scaled(y, -1);
    assert_equal(e, x, "east");
    assert_equal(s, y, "south");
    assert_equal(w, mx, "west");
    assert_equal(nn, my, "north");
    /* The eight compass kernels: each the previous turned by 45 degrees,
     * two turns a 90-degree rotation (counterclockwise N <- E). */
    kcv_kernel *ne = fns[f](KCV_DIR_NE), *nw = fns[f](KCV_DIR_NW);
    kcv_kernel *se = fns[f](KCV_DIR_SE), *sw = fns[f](KCV_DIR_SW);
    kcv_kernel *r = kcv_kernel_rotated90(e, -1);
    assert_equal(r, nn, "E turned counterclockwise is N");
    kcv_kernel *r2 = kcv_kernel_rotated90(ne, -1);
    assert_equal(r2, nw, "NE turned counterclockwise is NW");
    kcv_kernel *r3 = kcv_kernel_rotated90(se, 1);
    assert_equal(r3, sw, "SE turned clockwise is SW");
    g_assert_cmpfloat(at(ne, 2, 0), >, 0); /* rising towards the top-right */
    g_assert_cmpfloat(at(ne, 0, 2), <, 0);
    kcv_kernel *list[] = {x, y, t, e, s, w, nn, mx, my, ne, nw, se, sw, r, r2, r3};
    for (size_t i = 0; i < G_N_ELEMENTS(list); i++)
      kcv_kernel_free(list[i]);
  }
  g_assert_null(kcv_preset_sobel(KCV_DIR_COUNT));
}

static void test_textbook(void)
{
  static const float identity[9] = {0, 0, 0, 0, 1, 0, 0, 0, 0};
  static const float lap4[9] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
  static const float lap8[9] = {1, 1, 1, 1, -8, 1, 1, 1, 1};
  static const float sobel_x[9] = {-1, 0, 1, -2, 0, 2, -1, 0, 1};
  static const float sobel_y[9] = {-1, -2, -1, 0, 0, 0, 1, 2, 1};
  static const float prewitt_x[9] = {-1, 0, 1, -1, 0, 1, -1, 0, 1};
  static const float scharr_x[9] = {-3, 0, 3, -10, 0, 10, -3, 0, 3};
  static const float sobel_ne[9] = {0, 1, 2, -1, 0, 1, -2, -1, 0};
  static const float emboss[9] = {-2, -1, 0, -1, 1, 1, 0, 1, 2};
  static const float edge[9] = {-1, -1, -1, -1, 8, -1, -1, -1, -1};
  struct {
    kcv_kernel *k;
    const float *want;
    const char *what;
  } cases[] = {
      {kcv_preset_identity(), identity, "identity"},
      {kcv_preset_laplacian(4), lap4, "laplacian 4"},
      {kcv_preset_laplacian(8), lap8, "laplacian 8"},
      {kcv_preset_sobel(KCV_DIR_X), sobel_x, "sobel x"},
      {kcv_preset_sobel(KCV_DIR_Y), sobel_y, "sobel y"},
      {kcv_preset_prewitt(KCV_DIR_X), prewitt_x, "prewitt x"},
      {kcv_preset_scharr(KCV_DIR_X), scharr_x, "scharr x"},
      {kcv_preset_sobel(KCV_DIR_NE), sobel_ne, "sobel north-east"},
      {kcv_preset_emboss(-45, 1), emboss, "emboss"},
      {kcv_preset_edge(), edge, "edge"},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    assert_values(cases[i].k, 3, 3, cases[i].want, cases[i].what);
    kcv_kernel_free(cases[i].k);
  }
  g_assert_null(kcv_preset_laplacian(6));
}

static void test_sharpen_family(void)
{
  kcv_kernel *u = kcv_preset_unsharp(1.5, 2);
  g_assert_nonnull(u);
  g_assert_cmpfloat_with_epsilon(sum_of(u), 1.0, 1e-5);
  kcv_kernel *g = kcv_preset_gaussian(2, 2, 0, 0);
  g_assert_cmpint(u->width, ==, g->width);
  for (int i = 0; i < g->width * g->height; i++) {
    double want = -1.5 * g->data[i] + (i == g->width * g->height / 2 ? 2.5 : 0);
    g_assert_cmpfloat_with_epsilon(u->data[i], want, 1e-6);
  }
  kcv_kernel *h = kcv_preset_highpass(2);
  g_assert_cmpfloat_with_epsilon(sum_of(h), 0.0, 1e-6);
  g_assert_cmpfloat(at(h, h->width / 2, h->height / 2), >, 0);
  kcv_kernel *l = kcv_preset_log(1.4);
  g_assert_cmpint(l->width, ==, 2 * (int)ceil(4 * 1.4) + 1);
  g_assert_cmpfloat_with_epsilon(sum_of(l), 0.0, 1e-5);
  g_assert_cmpfloat(at(l, l->width / 2, l->height / 2), <, 0);
  double pos = 0;
  for (int i = 0; i < l->width * l->height; i++)
    pos += l->data[i] > 0 ? l->data[i] : 0;
  g_assert_cmpfloat_with_epsilon(pos, 1.0, 1e-5);
  g_assert_cmpfloat(rank1_residual(l), >, 0.1); /* the LoG is not separable */
  kcv_kernel *e = kcv_preset_emboss(30, 2.5);
  g_assert_cmpfloat_with_epsilon(sum_of(e), 1.0, 1e-5);
  kcv_kernel *list[] = {u, g, h, l, e};
  for (size_t i = 0; i < G_N_ELEMENTS(list); i++)
    kcv_kernel_free(list[i]);
  g_assert_null(kcv_preset_unsharp(-1, 2));
  g_assert_null(kcv_preset_log(0.1));
}

static void test_table(void)
{
  int n = 0;
  const kcv_preset *table = kcv_presets(&n);
  g_assert_cmpint(n, >=, 15);
  for (int i = 0; i < n; i++) {
    const kcv_preset *p = &table[i];
    g_assert_true(kcv_preset_find(p->id) == p);
    g_assert_nonnull(p->label);
    g_assert_cmpint(p->n_params, >=, 0);
    g_assert_cmpint(p->n_params, <=, KCV_PRESET_MAX_PARAMS);
    double values[KCV_PRESET_MAX_PARAMS] = {0};
    for (int j = 0; j < p->n_params; j++) {
      const kcv_preset_param *q = &p->params[j];
      g_assert_nonnull(q->id);
      g_assert_nonnull(q->label);
      g_assert_cmpfloat(q->min, <=, q->def);
      g_assert_cmpfloat(q->def, <=, q->max);
      g_assert_cmpfloat(q->step, >, 0);
      if (q->choices) {
        int k = 0;
        while (q->choices[k])
          k++;
        g_assert_cmpint(k, ==, (int)(q->max - q->min) + 1);
      }
      values[j] = q->def;
    }
    /* Defaults make a valid kernel; so do the small ends of each range. */
    kcv_kernel *k = p->make(values);
    if (!k)
      g_error("preset %s: defaults give no kernel", p->id);
    g_assert_cmpint(kcv_kernel_check(k), ==, KCV_OK);
    kcv_kernel_free(k);
    for (int j = 0; j < p->n_params; j++)
      values[j] = p->params[j].min;
    k = p->make(values);
    if (!k)
      g_error("preset %s: minimum values give no kernel", p->id);
    kcv_kernel_free(k);
    /* Not a number, or far beyond the hard limits: refused. */
    for (int j = 0; j < p->n_params; j++) {
      double saved = values[j];
      values[j] = NAN;
      g_assert_null(p->make(values));
      values[j] = 1e9;
      g_assert_null(p->make(values));
      values[j] = saved;
    }
  }
  g_assert_null(kcv_preset_find("no-such-preset"));
  g_assert_null(kcv_preset_find(NULL));
}

static kcv_kernel *numbered(int w, int h)
{
  kcv_kernel *k = kcv_kernel_new(w, h);
  for (int i = 0; i < w * h; i++)
    k->data[i] = (float)(i + 1);
  return k;
}

static void test_transforms(void)
{
  kcv_kernel *k = numbered(4, 3);
  /* Rotating four times, flipping twice, transposing twice: identity. */
  kcv_kernel *r = kcv_kernel_copy(k);
  for (int i = 0; i < 4; i++) {
    kcv_kernel *next = kcv_kernel_rotated90(r, 1);
    g_assert_cmpint(next->width, ==, i % 2 == 0 ? 3 : 4);
    kcv_kernel_free(r);
    r = next;
  }
  assert_equal(r, k, "rotate 4 times");
  kcv_kernel_free(r);
  kcv_kernel *f1 = kcv_kernel_flipped(k, 1, 1), *f2 = kcv_kernel_flipped(f1, 1, 1);
  assert_equal(f2, k, "flip twice");
  kcv_kernel *t1 = kcv_kernel_transposed(k), *t2 = kcv_kernel_transposed(t1);
  assert_equal(t2, k, "transpose twice");

  /* Known results on [1 2 3 4; 5 6 7 8; 9 10 11 12]. */
  static const float cw[12] = {9, 5, 1, 10, 6, 2, 11, 7, 3, 12, 8, 4};
  kcv_kernel *rc = kcv_kernel_rotated90(k, 1);
  assert_values(rc, 3, 4, cw, "rotate clockwise");
  kcv_kernel *rcc = kcv_kernel_rotated90(k, -3);
  assert_equal(rcc, rc, "-3 turns = 1 turn");
  static const float fh[12] = {4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9};
  kcv_kernel *h = kcv_kernel_flipped(k, 1, 0);
  assert_values(h, 4, 3, fh, "flip horizontal");
  kcv_kernel *half = kcv_kernel_rotated90(k, 2);
  assert_equal(half, f1, "half turn = flip both");
  static const float tr[12] = {1, 5, 9, 2, 6, 10, 3, 7, 11, 4, 8, 12};
  assert_values(t1, 3, 4, tr, "transpose");

  /* Scale and normalise. */
  kcv_kernel *s = kcv_kernel_scaled(k, 0.5);
  g_assert_cmpfloat(s->data[11], ==, 6.0f);
  g_assert_null(kcv_kernel_scaled(k, INFINITY));
  g_assert_null(kcv_kernel_scaled(k, 1e38));
  kcv_kernel *nk = kcv_kernel_normalized(k);
  g_assert_cmpfloat_with_epsilon(sum_of(nk), 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon(nk->data[0], 1.0 / 78, 1e-9);
  kcv_kernel *lap = kcv_preset_laplacian(4), *nl = kcv_kernel_normalized(lap);
  assert_equal(nl, lap, "zero-sum kernel is copied");

  kcv_kernel *list[] = {k, f1, f2, t1, t2, rc, rcc, h, half, s, nk, lap, nl};
  for (size_t i = 0; i < G_N_ELEMENTS(list); i++)
    kcv_kernel_free(list[i]);
}

static void test_resize(void)
{
  /* 3x3 into 5x5: padded around the centre; back to 3x3: the original. */
  kcv_kernel *k = numbered(3, 3);
  kcv_kernel *big = kcv_kernel_resized(k, 5, 5);
  g_assert_cmpint(big->width, ==, 5);
  g_assert_cmpfloat(at(big, 2, 2), ==, 5.0f); /* centre stays centre */
  g_assert_cmpfloat(at(big, 1, 1), ==, 1.0f);
  g_assert_cmpfloat(at(big, 3, 3), ==, 9.0f);
  g_assert_cmpfloat(sum_of(big), ==, 45.0);
  kcv_kernel *back = kcv_kernel_resized(big, 3, 3);
  assert_equal(back, k, "pad then crop");
  /* Crop 3x3 to 1x1: the centre. */
  kcv_kernel *one = kcv_kernel_resized(k, 1, 1);
  g_assert_cmpfloat(one->data[0], ==, 5.0f);
  /* Anisotropic: 3x3 into 7x1 keeps the middle row, centred. */
  kcv_kernel *row = kcv_kernel_resized(k, 7, 1);
  static const float want_row[7] = {0, 0, 4, 5, 6, 0, 0};
  assert_values(row, 7, 1, want_row, "resize 7x1");
  /* Even sizes: the anchor ((n - 1) / 2, as the convolution places it)
   * stays on the anchor. */
  kcv_kernel *e = numbered(4, 2);
  kcv_kernel *e2 = kcv_kernel_resized(e, 6, 4);
  g_assert_cmpfloat(at(e2, 2, 1), ==, at(e, 1, 0));
  g_assert_cmpfloat(at(e2, 4, 2), ==, at(e, 3, 1));
  g_assert_cmpfloat(sum_of(e2), ==, sum_of(e));
  g_assert_null(kcv_kernel_resized(k, 0, 3));
  g_assert_null(kcv_kernel_resized(k, 3, KCV_KERNEL_MAX + 1));
  kcv_kernel *list[] = {k, big, back, one, row, e, e2};
  for (size_t i = 0; i < G_N_ELEMENTS(list); i++)
    kcv_kernel_free(list[i]);
  g_assert_null(kcv_kernel_resized(NULL, 3, 3));
  g_assert_null(kcv_kernel_rotated90(NULL, 1));
}

/* The blur presets picture what a point of light becomes, like a kernel
 * layer, which is applied as true convolution; they are applied as
 * correlation (as displayed). Both agree because every blur preset is point
 * symmetric: equal to itself turned by 180 degrees (motion blur at any
 * angle and length included), within float rounding of the weights. */
static void check_point_symmetric(kcv_kernel *k, const char *what)
{
  g_assert_nonnull(k);
  const int n = k->width * k->height;
  double worst = 0, top = 0;
  for (int i = 0; i < n; i++) {
    worst = fmax(worst, fabs((double)k->data[i] - k->data[n - 1 - i]));
    top = fmax(top, fabs(k->data[i]));
  }
  if (!(worst <= 1e-6 * top)) {
    g_test_message("%s: differs from itself turned by 180 degrees by %g (largest weight %g)", what,
                   worst, top);
    g_test_fail();
  }
  kcv_kernel_free(k);
}

/* The Airy preset against the float64 formula with the C library's J1:
 * (2 J1(x) / x)^2, x = 3.8317 r / radius, zero beyond the third dark ring,
 * normalised to sum 1. */
static void test_airy(void)
{
  const double z1 = 3.8317059702075123, z3 = 10.173468135062722;
  const double radii[] = {0.5, 1.7, 3.0, 12.25};
  for (guint t = 0; t < G_N_ELEMENTS(radii); t++) {
    const double radius = radii[t];
    kcv_kernel *k = kcv_preset_airy(radius);
    g_assert_nonnull(k);
    const int half = (int)ceil(radius * z3 / z1), side = 2 * half + 1;
    g_assert_cmpint(k->width, ==, side);
    g_assert_cmpint(k->height, ==, side);
    double *ref = g_new(double, (gsize)side *side), sum = 0;
    for (int y = 0; y < side; y++)
      for (int x = 0; x < side; x++) {
        double r = hypot(x - half, y - half), q = z1 * r / radius;
        double a = q == 0 ? 1.0 : 2.0 * j1(q) / q;
        ref[y * side + x] = q > z3 ? 0.0 : a * a;
        sum += ref[y * side + x];
      }
    double worst = 0;
    for (int i = 0; i < side * side; i++)
      worst = MAX(worst, fabs(k->data[i] - ref[i] / sum));
    g_test_message("airy %g: worst difference %g (centre %g)", radius, worst,
                   ref[half * side + half] / sum);
    g_assert_cmpfloat(worst, <, 1e-7);
    g_free(ref);
    kcv_kernel_free(k);
  }
  g_assert_null(kcv_preset_airy(KCV_AIRY_RADIUS_MAX + 1));
  g_assert_null(kcv_preset_airy(NAN));
}

static void test_blur_presets_point_symmetric(void)
{
  check_point_symmetric(kcv_preset_box(4, 7), "box 4x7");
  check_point_symmetric(kcv_preset_gaussian(2.5, 1.0, 0, 0), "gaussian 2.5 x 1");
  check_point_symmetric(kcv_preset_gaussian(1.5, 1.5, 8, 6), "gaussian 1.5, 8x6");
  check_point_symmetric(kcv_preset_disk(3.7), "disk 3.7");
  check_point_symmetric(kcv_preset_ring(6.0, 1.5), "ring 6, 1.5");
  check_point_symmetric(kcv_preset_airy(4.3), "airy 4.3");
  const double lengths[] = {1, 2, 5, 8, 15.5, 40};
  for (guint l = 0; l < G_N_ELEMENTS(lengths); l++)
    for (int a = -360; a <= 360; a += 15) {
      char *what = g_strdup_printf("motion %g at %d degrees", lengths[l], a);
      check_point_symmetric(kcv_preset_motion(lengths[l], a), what);
      g_free(what);
    }
  check_point_symmetric(kcv_preset_motion(17, 33.3), "motion 17 at 33.3 degrees");
}

/* A picture (value and alpha, 3 wide, 2 tall) becomes the kernel turned by
 * 180 degrees, each weight value * alpha (a NaN as 0), and sums to 1 when
 * normalised; an all-transparent picture holds no kernel. */
static void test_picture(void)
{
  const float nan = NAN;
  const float px[12] = {1.0f, 0.5f, 0.25f, 1.0f, nan, 1.0f, 0.0f, 1.0f, 2.0f, 0.0f, 0.75f, 0.5f};
  double weight[6], sum = 0.0;
  for (int i = 0; i < 6; i++) {
    weight[i] = isnan(px[2 * i]) ? 0.0 : (double)px[2 * i] * px[2 * i + 1];
    sum += weight[i];
  }
  for (int normalise = 0; normalise <= 1; normalise++) {
    kcv_kernel *k = NULL;
    g_assert_cmpint(kcv_kernel_from_picture(px, 3, 2, 2, normalise, &k), ==, KCV_OK);
    g_assert_cmpint(k->width, ==, 3);
    g_assert_cmpint(k->height, ==, 2);
    for (int y = 0; y < 2; y++)
      for (int x = 0; x < 3; x++) {
        double want = weight[(1 - y) * 3 + (2 - x)] / (normalise ? sum : 1.0);
        g_assert_cmpfloat_with_epsilon(k->data[y * 3 + x], want, 1e-7);
      }
    kcv_kernel_free(k);
  }
  const float grey[4] = {0.0f, 0.0f, 0.0f, 1.0f};
  kcv_kernel *k = NULL;
  g_assert_cmpint(kcv_kernel_from_picture(grey, 2, 2, 1, 0, &k), ==, KCV_OK);
  g_assert_cmpfloat(k->data[0], ==, 1.0f);
  kcv_kernel_free(k);
  const float clear[4] = {1.0f, 0.0f, 1.0f, 0.0f};
  g_assert_cmpint(kcv_kernel_from_picture(clear, 2, 1, 2, 0, &k), ==, KCV_ERR_KERNEL_VALUE);
  g_assert_null(k);
  g_assert_cmpint(kcv_kernel_from_picture(grey, KCV_KERNEL_MAX + 1, 1, 1, 0, &k), ==,
                  KCV_ERR_KERNEL_SIZE);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/kernels/presets/gaussian-rank1", test_gaussian_rank1);
  g_test_add_func("/kernels/presets/gaussian-core-rank", test_gaussian_core_rank);
  g_test_add_func("/kernels/presets/box", test_box);
  g_test_add_func("/kernels/presets/disk-area", test_disk_area);
  g_test_add_func("/kernels/presets/ring", test_ring);
  g_test_add_func("/kernels/presets/airy-matches-float64", test_airy);
  g_test_add_func("/kernels/presets/motion-row", test_motion_row);
  g_test_add_func("/kernels/presets/blur-point-symmetric", test_blur_presets_point_symmetric);
  g_test_add_func("/kernels/presets/sobel-transpose", test_sobel_transpose);
  g_test_add_func("/kernels/presets/textbook", test_textbook);
  g_test_add_func("/kernels/presets/sharpen-family", test_sharpen_family);
  g_test_add_func("/kernels/presets/table", test_table);
  g_test_add_func("/kernels/transforms/identities", test_transforms);
  g_test_add_func("/kernels/transforms/resize", test_resize);
  g_test_add_func("/kernels/picture/turned-and-weighted", test_picture);
  return g_test_run();
}
