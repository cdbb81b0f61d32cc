/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: Wiener and Richardson-Lucy deconvolution against a float64
 * implementation written here from the definition in kcv-deconv.h (naive
 * DFT, direct circular convolution), for every border mode; exact recovery
 * in the circular case; RL's brightness and sign; arguments, cancel and
 * thread counts. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "kcv-deconv.h"

/* ---- the float64 reference ---- */

static int ref_fast_size(int n)
{
  for (int m = n;; m++) {
    int r = m;
    for (int p = 2; p <= 7; p++)
      while (r % p == 0)
        r /= p;
    if (r == 1)
      return m;
  }
}

/* Source index of i for n samples under the border; -1: zero. */
static int ref_index(int i, int n, kcv_border b)
{
  if (i >= 0 && i < n)
    return i;
  if (b == KCV_BORDER_CLAMP)
    return i < 0 ? 0 : n - 1;
  if (b == KCV_BORDER_WRAP)
    return ((i % n) + n) % n;
  if (b == KCV_BORDER_MIRROR) {
    int m = ((i % (2 * n)) + 2 * n) % (2 * n);
    return m < n ? m : 2 * n - 1 - m;
  }
  return -1;
}

typedef struct {
  int pw, ph;
  double *v; /* pw * ph */
} Dom;

/* The padded row of image row sy (-1: zeros), length pw. */
static void ref_row(const double *img, int W, int sy, kcv_border b, int pw, double *out)
{
  int L = pw - W;
  for (int x = 0; x < pw; x++) {
    if (sy < 0) {
      out[x] = 0;
    } else if (x < W) {
      out[x] = img[sy * W + x];
    } else {
      int t = x - W, ia = ref_index(W + t, W, b), ib = ref_index(t - L, W, b);
      double w = 0.5 * (1 + cos(G_PI * (t + 0.5) / L));
      out[x] = w * (ia < 0 ? 0 : img[sy * W + ia]) + (1 - w) * (ib < 0 ? 0 : img[sy * W + ib]);
    }
  }
}

static Dom ref_pad(const double *img, int W, int H, int kw, int kh, kcv_border b)
{
  Dom d;
  d.pw = b == KCV_BORDER_WRAP ? W : ref_fast_size(W + 2 * kw);
  d.ph = b == KCV_BORDER_WRAP ? H : ref_fast_size(H + 2 * kh);
  d.v = g_new0(double, d.pw *d.ph);
  double *ra = g_new(double, d.pw), *rb = g_new(double, d.pw);
  int L = d.ph - H;
  for (int y = 0; y < d.ph; y++) {
    if (y < H) {
      ref_row(img, W, y, b, d.pw, d.v + y * d.pw);
      continue;
    }
    int t = y - H;
    double w = 0.5 * (1 + cos(G_PI * (t + 0.5) / L));
    ref_row(img, W, ref_index(H + t, H, b), b, d.pw, ra);
    ref_row(img, W, ref_index(t - L, H, b), b, d.pw, rb);
    for (int x = 0; x < d.pw; x++)
      d.v[y * d.pw + x] = w * ra[x] + (1 - w) * rb[x];
  }
  g_free(ra);
  g_free(rb);
  return d;
}

/* Circular true convolution of v (pw x ph) with the normalised PSF
 * (mirror: with the PSF rotated by 180 degrees, i.e. correlation). */
static void ref_conv(const double *v, int pw, int ph, const double *k, int kw, int kh, int mirror,
                     double *out)
{
  int ax = (kw - 1) / 2, ay = (kh - 1) / 2;
  for (int y = 0; y < ph; y++)
    for (int x = 0; x < pw; x++) {
      double s = 0;
      for (int j = 0; j < kh; j++)
        for (int i = 0; i < kw; i++) {
          int dx = i - ax, dy = j - ay;
          int sx = mirror ? x + dx : x - dx, sy = mirror ? y + dy : y - dy;
          s += k[j * kw + i] *
               v[ref_index(sy, ph, KCV_BORDER_WRAP) * pw + ref_index(sx, pw, KCV_BORDER_WRAP)];
        }
      out[y * pw + x] = s;
    }
}

/* Naive 2-D DFT of complex re/im (sign -1 forward, +1 inverse, unscaled). */
static void ref_dft(double *re, double *im, int pw, int ph, int sign)
{
  int n = pw * ph;
  double *r2 = g_new0(double, n), *i2 = g_new0(double, n);
  for (int v = 0; v < ph; v++)
    for (int u = 0; u < pw; u++) {
      double sr = 0, si = 0;
      for (int y = 0; y < ph; y++)
        for (int x = 0; x < pw; x++) {
          double a = sign * 2 * G_PI * ((double)u * x / pw + (double)v * y / ph);
          double c = cos(a), s = sin(a), pr = re[y * pw + x], pi = im[y * pw + x];
          sr += pr * c - pi * s;
          si += pr * s + pi * c;
        }
      r2[v * pw + u] = sr;
      i2[v * pw + u] = si;
    }
  memcpy(re, r2, n * sizeof(double));
  memcpy(im, i2, n * sizeof(double));
  g_free(r2);
  g_free(i2);
}

static void ref_wiener(Dom *d, const double *k, int kw, int kh, double nsr)
{
  int n = d->pw * d->ph, ax = (kw - 1) / 2, ay = (kh - 1) / 2;
  double *hr = g_new0(double, n), *hi = g_new0(double, n), *gi = g_new0(double, n);
  for (int j = 0; j < kh; j++)
    for (int i = 0; i < kw; i++)
      hr[ref_index(j - ay, d->ph, KCV_BORDER_WRAP) * d->pw +
         ref_index(i - ax, d->pw, KCV_BORDER_WRAP)] += k[j * kw + i];
  ref_dft(hr, hi, d->pw, d->ph, -1);
  ref_dft(d->v, gi, d->pw, d->ph, -1);
  for (int p = 0; p < n; p++) {
    double den = hr[p] * hr[p] + hi[p] * hi[p] + nsr;
    double a = d->v[p], b = gi[p];
    d->v[p] = den > 0 ? (hr[p] * a + hi[p] * b) / den : 0;
    gi[p] = den > 0 ? (hr[p] * b - hi[p] * a) / den : 0;
  }
  ref_dft(d->v, gi, d->pw, d->ph, 1);
  for (int p = 0; p < n; p++)
    d->v[p] /= n;
  g_free(hr);
  g_free(hi);
  g_free(gi);
}

/* 1 / max(1 - w div(grad u / |grad u|), MIN) at every sample. */
static void ref_tv(const double *u, int pw, int ph, double w, double *f)
{
  double e2 = KCV_DECONV_TV_EPS * KCV_DECONV_TV_EPS;
  double *nx = g_new(double, pw *ph), *ny = g_new(double, pw *ph);
  for (int y = 0; y < ph; y++)
    for (int x = 0; x < pw; x++) {
      double c = u[y * pw + x];
      double ux = u[y * pw + (x + 1) % pw] - c, uy = u[((y + 1) % ph) * pw + x] - c;
      double m = sqrt(ux * ux + uy * uy + e2);
      nx[y * pw + x] = ux / m;
      ny[y * pw + x] = uy / m;
    }
  for (int y = 0; y < ph; y++)
    for (int x = 0; x < pw; x++) {
      double div = nx[y * pw + x] - nx[y * pw + (x + pw - 1) % pw] + ny[y * pw + x] -
                   ny[((y + ph - 1) % ph) * pw + x];
      f[y * pw + x] = 1 / fmax(1 - w * div, KCV_DECONV_TV_MIN_FACTOR);
    }
  g_free(nx);
  g_free(ny);
}

static void ref_rl(Dom *d, const double *k, int kw, int kh, int iterations, double tv)
{
  int n = d->pw * d->ph;
  double *g = g_new(double, n), *t = g_new(double, n), *f = g_new(double, n);
  for (int p = 0; p < n; p++)
    g[p] = d->v[p] = fmax(d->v[p], 0);
  for (int it = 0; it < iterations; it++) {
    if (tv > 0)
      ref_tv(d->v, d->pw, d->ph, tv, f);
    ref_conv(d->v, d->pw, d->ph, k, kw, kh, 0, t);
    for (int p = 0; p < n; p++)
      f[p] = tv > 0 ? f[p] : 1;
    for (int p = 0; p < n; p++)
      t[p] = t[p] > 0 ? g[p] / t[p] : 0;
    double *c = g_new(double, n);
    ref_conv(t, d->pw, d->ph, k, kw, kh, 1, c);
    for (int p = 0; p < n; p++)
      d->v[p] = fmax(0, d->v[p] * c[p] * f[p]);
    g_free(c);
  }
  g_free(g);
  g_free(t);
  g_free(f);
}

/* ---- helpers ---- */

static float *random_pixels(int n, guint32 seed, double lo, double hi)
{
  GRand *r = g_rand_new_with_seed(seed);
  float *p = g_new(float, n);
  for (int i = 0; i < n; i++)
    p[i] = (float)g_rand_double_range(r, lo, hi);
  g_rand_free(r);
  return p;
}

/* A positive, asymmetric PSF (so a mirrored one would fail), sum s. */
static kcv_kernel *test_psf(int kw, int kh, guint32 seed, double centre)
{
  kcv_kernel *k = kcv_kernel_new(kw, kh);
  GRand *r = g_rand_new_with_seed(seed);
  for (int i = 0; i < kw * kh; i++)
    k->data[i] = (float)g_rand_double_range(r, 0.0, 1.0);
  g_rand_free(r);
  k->data[(kh - 1) / 2 * kw + (kw - 1) / 2] += (float)centre;
  return k;
}

/* The PSF in double, normalised to sum 1. */
static double *psf_double(const kcv_kernel *k)
{
  double s = 0, *d = g_new(double, k->width * k->height);
  for (int i = 0; i < k->width * k->height; i++)
    s += k->data[i];
  for (int i = 0; i < k->width * k->height; i++)
    d[i] = k->data[i] / s;
  return d;
}

/* Worst |kcv - reference| over the image part of every channel. */
static double worst_error(const float *out, int W, int H, int C, Dom *ref)
{
  double worst = 0;
  for (int c = 0; c < C; c++)
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++)
        worst = fmax(worst, fabs(out[(y * W + x) * C + c] - ref[c].v[y * ref[c].pw + x]));
  return worst;
}

/* A sparse PSF: a few taps off the anchor on one side (a shake that
 * started away from the centre), all others zero, so the direct path's
 * cropped window and its offsets are exercised. */
static kcv_kernel *sparse_psf(int kw, int kh)
{
  kcv_kernel *k = kcv_kernel_new(kw, kh);
  k->data[0] = 0.5f;
  k->data[kw + 1] = 1.0f;
  k->data[kw * kh - 2] = 0.25f;
  return k;
}

/* Richardson-Lucy convolves directly or by FFT by the cost model: a model
 * that makes one of them free forces it. */
static void force_rl_path(int direct)
{
  kcv_cost_model m;
  kcv_cost_model_get(&m);
  m.direct_per_tap = direct ? 1e-20 : 1.0;
  m.fft_per_point = direct ? 1.0 : 1e-20;
  kcv_cost_model_set(&m);
}

static double compare_psf(kcv_deconv_method m, int W, int H, int C, kcv_kernel *k, double reg,
                          int iterations, kcv_border b, guint32 seed);

/* Runs kcv and the reference on a W x H x C image for one border. */
static double compare(kcv_deconv_method m, int W, int H, int C, int kw, int kh, double reg,
                      int iterations, kcv_border b, guint32 seed)
{
  return compare_psf(m, W, H, C, test_psf(kw, kh, seed + 1, 0.5), reg, iterations, b, seed);
}

/* As compare, with the PSF k (freed here). */
static double compare_psf(kcv_deconv_method m, int W, int H, int C, kcv_kernel *k, double reg,
                          int iterations, kcv_border b, guint32 seed)
{
  const int kw = k->width, kh = k->height;
  float *px = random_pixels(W * H * C, seed, 0.0, 1.0), *out = g_new(float, W *H *C);
  double *kd = psf_double(k);
  kcv_image src = {px, W, H, C, W * C}, dst = {out, W, H, C, W * C};
  kcv_deconv_options o;
  kcv_deconv_options_init(&o);
  o.method = m;
  o.regularisation = reg;
  o.iterations = iterations;
  o.border = b;
  kcv_status st = kcv_deconvolve(&src, k, &o, &dst, NULL, NULL);
  g_assert_cmpstr(kcv_status_name(st), ==, "KCV_OK");
  Dom ref[4];
  double *plane = g_new(double, W *H);
  for (int c = 0; c < C; c++) {
    for (int p = 0; p < W * H; p++)
      plane[p] = px[p * C + c];
    ref[c] = ref_pad(plane, W, H, kw, kh, b);
    if (m == KCV_DECONV_WIENER)
      ref_wiener(&ref[c], kd, kw, kh, reg);
    else
      ref_rl(&ref[c], kd, kw, kh, iterations, reg);
  }
  double worst = worst_error(out, W, H, C, ref);
  for (int c = 0; c < C; c++)
    g_free(ref[c].v);
  g_free(plane);
  g_free(kd);
  kcv_kernel_free(k);
  g_free(px);
  g_free(out);
  return worst;
}

/* ---- tests ---- */

/* Measured: worst error near 1e-6 (float FFTs, values in 0..1). */
#define REF_TOLERANCE 2e-5
/* Measured: 0.03 with clamp or mirror, 1.6 when restored as periodic. */
#define EDGE_TOLERANCE 0.05

static void test_wiener_reference(void)
{
  for (int b = 0; b < KCV_BORDER_COUNT; b++) {
    double e = compare(KCV_DECONV_WIENER, 11, 7, 3, 3, 5, 1e-2, 1, (kcv_border)b, 10 + b);
    g_test_message("wiener border %d: worst error %.3g", b, e);
    g_assert_cmpfloat(e, <=, REF_TOLERANCE);
  }
}

/* Both paths (direct, FFT), every border, with and without total
 * variation, with a dense PSF and a sparse one: by FFT, the float noise
 * where the blurred estimate is near 0 (in the zeros beside a transparent
 * border, or between a sparse PSF's taps) must not become a huge ratio. */
static void test_rl_reference(void)
{
  for (int direct = 0; direct < 2; direct++) {
    force_rl_path(direct);
    for (int b = 0; b < KCV_BORDER_COUNT; b++)
      for (int tv = 0; tv < 2; tv++) {
        const double reg = tv ? 0.02 : 0.0;
        double e =
            compare(KCV_DECONV_RICHARDSON_LUCY, 9, 8, 2, 5, 3, reg, 10, (kcv_border)b, 20 + b);
        double es = compare_psf(KCV_DECONV_RICHARDSON_LUCY, 13, 10, 3, sparse_psf(7, 5), reg, 10,
                                (kcv_border)b, 30 + b);
        g_test_message("rl %s border %d tv %d: worst error %.3g, sparse PSF %.3g",
                       direct ? "direct" : "fft", b, tv, e, es);
        g_assert_cmpfloat(e, <=, REF_TOLERANCE);
        g_assert_cmpfloat(es, <=, REF_TOLERANCE);
      }
  }
  kcv_cost_model_reset();
}

/* A domain of several bands of rows and blocks of spectrum columns (the
 * small ones above fit in one of each): 37 x 41 pads to 45 x 54. */
static void test_bands(void)
{
  double e = compare(KCV_DECONV_WIENER, 37, 41, 1, 3, 5, 1e-2, 1, KCV_BORDER_MIRROR, 40);
  g_test_message("wiener, several bands: worst error %.3g", e);
  g_assert_cmpfloat(e, <=, REF_TOLERANCE);
  for (int direct = 0; direct < 2; direct++) {
    force_rl_path(direct);
    e = compare(KCV_DECONV_RICHARDSON_LUCY, 37, 41, 1, 3, 5, 0.01, 5, KCV_BORDER_CLAMP, 41);
    g_test_message("rl %s, several bands: worst error %.3g", direct ? "direct" : "fft", e);
    g_assert_cmpfloat(e, <=, REF_TOLERANCE);
  }
  kcv_cost_model_reset();
}

/* An image blurred circularly by a PSF (computed here), restored by Wiener
 * with wrap borders and a tiny regularisation: the original comes back. */
static void wiener_exact(int W, int H)
{
  const int kw = 7, kh = 5;
  float *px = random_pixels(W * H, 3, 0.0, 1.0), *blur = g_new(float, W *H);
  /* A strong centre keeps |H| well above 0, so the inverse is well posed. */
  kcv_kernel *k = test_psf(kw, kh, 4, 12.0);
  double *kd = psf_double(k), *v = g_new(double, W *H), *bv = g_new(double, W *H);
  for (int p = 0; p < W * H; p++)
    v[p] = px[p];
  ref_conv(v, W, H, kd, kw, kh, 0, bv);
  for (int p = 0; p < W * H; p++)
    blur[p] = (float)bv[p];
  /* The blur is kcv_convolve's true convolution with wrap borders. */
  kcv_options co;
  kcv_options_init(&co);
  co.flip = 1;
  co.border = KCV_BORDER_WRAP;
  co.method = KCV_METHOD_DIRECT;
  float *conv = g_new(float, W *H);
  kcv_image in = {px, W, H, 1, W}, cv = {conv, W, H, 1, W};
  for (int i = 0; i < kw * kh; i++)
    k->data[i] = (float)kd[i];
  g_assert_cmpint(kcv_convolve(&in, k, &co, NULL, &cv, NULL, NULL), ==, KCV_OK);
  for (int p = 0; p < W * H; p++)
    g_assert_cmpfloat(fabs(conv[p] - blur[p]), <=, 1e-5);
  kcv_deconv_options o;
  kcv_deconv_options_init(&o);
  o.border = KCV_BORDER_WRAP;
  o.regularisation = 1e-9;
  kcv_image src = {blur, W, H, 1, W};
  g_assert_cmpint(kcv_deconvolve(&src, k, &o, &src, NULL, NULL), ==, KCV_OK);
  double worst = 0;
  for (int p = 0; p < W * H; p++)
    worst = fmax(worst, fabs(blur[p] - px[p]));
  g_test_message("wiener exact %dx%d: worst error %.3g", W, H, worst);
  g_assert_cmpfloat(worst, <=, 1e-3);
  g_free(px);
  g_free(blur);
  g_free(conv);
  g_free(kd);
  g_free(v);
  g_free(bv);
  kcv_kernel_free(k);
}

static void test_wiener_exact(void)
{
  wiener_exact(40, 30);
}

/* Planes of megabytes (huge pages where the platform has them), many row
 * bands and a row stride apart from the width: the same exactness. */
static void test_wiener_exact_large(void)
{
  wiener_exact(1050, 1024);
}

/* RL with wrap borders keeps the image's sum; with every border it never
 * goes negative, even from negative input samples; by FFT and directly. */
static void test_rl_brightness(void)
{
  const int W = 33, H = 21;
  kcv_kernel *k = test_psf(9, 1, 5, 0.0);
  for (int pass = 0; pass < 2 * KCV_BORDER_COUNT; pass++) {
    const int b = pass % KCV_BORDER_COUNT;
    force_rl_path(pass / KCV_BORDER_COUNT);
    float *px = random_pixels(W * H, 6 + b, b == KCV_BORDER_WRAP ? 0.0 : -0.2, 1.0);
    double before = 0, after = 0;
    for (int p = 0; p < W * H; p++)
      before += px[p];
    kcv_deconv_options o;
    kcv_deconv_options_init(&o);
    o.method = KCV_DECONV_RICHARDSON_LUCY;
    o.iterations = 30;
    o.regularisation = 0;
    o.border = (kcv_border)b;
    kcv_image im = {px, W, H, 1, W};
    g_assert_cmpint(kcv_deconvolve(&im, k, &o, &im, NULL, NULL), ==, KCV_OK);
    for (int p = 0; p < W * H; p++) {
      g_assert_cmpfloat(px[p], >=, 0.0f);
      after += px[p];
    }
    /* Measured: 5e-8 relative drift in 30 iterations (float sums). */
    if (b == KCV_BORDER_WRAP)
      g_assert_cmpfloat(fabs(after - before), <=, 1e-6 * before);
    g_free(px);
  }
  kcv_cost_model_reset();
  kcv_kernel_free(k);
}

/* Worst |restored - original| of a smooth, non-periodic image (a ramp with a
 * wave) blurred by kcv_convolve with the border, restored by Wiener with the
 * same border. */
static double edge_error(kcv_border border, kcv_border restore_border)
{
  const int W = 48, H = 40;
  float *px = g_new(float, W *H), *blur = g_new(float, W *H);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      px[y * W + x] = (float)(0.2 + 0.01 * x + 0.005 * y + 0.1 * sin(0.3 * x + 0.2 * y));
  kcv_kernel *k = test_psf(5, 5, 13, 1.0);
  kcv_options co;
  kcv_options_init(&co);
  co.flip = 1;
  co.border = border;
  kcv_image in = {px, W, H, 1, W}, out = {blur, W, H, 1, W};
  g_assert_cmpint(kcv_convolve(&in, k, &co, NULL, &out, NULL, NULL), ==, KCV_OK);
  kcv_deconv_options o;
  kcv_deconv_options_init(&o);
  o.border = restore_border;
  o.regularisation = 1e-4;
  g_assert_cmpint(kcv_deconvolve(&out, k, &o, &out, NULL, NULL), ==, KCV_OK);
  double worst = 0;
  for (int p = 0; p < W * H; p++)
    worst = fmax(worst, fabs(blur[p] - px[p]));
  g_free(px);
  g_free(blur);
  kcv_kernel_free(k);
  return worst;
}

/* Padding with the border and tapering keeps the edges from ringing: the
 * restoration of a non-periodic image is far better than treating it as
 * periodic (wrap), which rings from the jump across the wrap. */
static void test_wiener_edges(void)
{
  double clamp = edge_error(KCV_BORDER_CLAMP, KCV_BORDER_CLAMP);
  double mirror = edge_error(KCV_BORDER_MIRROR, KCV_BORDER_MIRROR);
  double wrapped = edge_error(KCV_BORDER_CLAMP, KCV_BORDER_WRAP);
  g_test_message("edges: clamp %.3g mirror %.3g as periodic %.3g", clamp, mirror, wrapped);
  g_assert_cmpfloat(clamp, <=, EDGE_TOLERANCE);
  g_assert_cmpfloat(mirror, <=, EDGE_TOLERANCE);
  g_assert_cmpfloat(wrapped, >, 10 * EDGE_TOLERANCE);
}

typedef struct {
  int calls, stop_at;
} Cancel;

static int cancel_cb(double fraction, void *user_data)
{
  Cancel *c = user_data;
  g_assert_cmpfloat(fraction, >=, 0.0);
  g_assert_cmpfloat(fraction, <=, 1.0);
  return ++c->calls >= c->stop_at;
}

/* Cancel (at the start and between RL iterations) and bad arguments leave
 * dst bit-identical. */
static void test_cancel_and_args(void)
{
  const int W = 64, H = 48, n = W * H * 3;
  float *px = random_pixels(n, 7, 0.0, 1.0), *out = random_pixels(n, 8, 0.0, 1.0);
  float *keep = g_memdup2(out, n * sizeof(float));
  kcv_kernel *k = test_psf(5, 5, 9, 0.0);
  kcv_image src = {px, W, H, 3, W * 3}, dst = {out, W, H, 3, W * 3};
  kcv_deconv_options o;
  kcv_deconv_options_init(&o);
  o.method = KCV_DECONV_RICHARDSON_LUCY;
  o.iterations = 50;
  for (int stop_at = 1; stop_at <= 9; stop_at += 4) {
    Cancel c = {0, stop_at};
    g_assert_cmpint(kcv_deconvolve(&src, k, &o, &dst, cancel_cb, &c), ==, KCV_ERR_CANCELLED);
    g_assert_cmpmem(out, n * sizeof(float), keep, n * sizeof(float));
  }
  kcv_deconv_options bad = o;
  bad.iterations = 0;
  g_assert_cmpint(kcv_deconvolve(&src, k, &bad, &dst, NULL, NULL), ==, KCV_ERR_PARAMETER);
  bad.iterations = KCV_DECONV_ITERATIONS_MAX + 1;
  g_assert_cmpint(kcv_deconvolve(&src, k, &bad, &dst, NULL, NULL), ==, KCV_ERR_PARAMETER);
  bad = o;
  bad.regularisation = -1e-3;
  g_assert_cmpint(kcv_deconvolve(&src, k, &bad, &dst, NULL, NULL), ==, KCV_ERR_PARAMETER);
  bad.regularisation = NAN;
  g_assert_cmpint(kcv_deconvolve(&src, k, &bad, &dst, NULL, NULL), ==, KCV_ERR_PARAMETER);
  bad = o;
  bad.method = KCV_DECONV_METHOD_COUNT;
  g_assert_cmpint(kcv_deconvolve(&src, k, &bad, &dst, NULL, NULL), ==, KCV_ERR_PARAMETER);
  bad = o;
  bad.channel_mask = 8;
  g_assert_cmpint(kcv_deconvolve(&src, k, &bad, &dst, NULL, NULL), ==, KCV_ERR_CHANNEL_MASK);
  bad = o;
  bad.border = KCV_BORDER_COUNT;
  g_assert_cmpint(kcv_deconvolve(&src, k, &bad, &dst, NULL, NULL), ==, KCV_ERR_BORDER);
  memset(k->data, 0, 25 * sizeof(float));
  g_assert_cmpint(kcv_deconvolve(&src, k, &o, &dst, NULL, NULL), ==, KCV_ERR_KERNEL_VALUE);
  g_assert_cmpmem(out, n * sizeof(float), keep, n * sizeof(float));
  g_free(px);
  g_free(out);
  g_free(keep);
  kcv_kernel_free(k);
}

/* Any thread count gives the same bits; unselected channels are copied. */
static void test_threads_and_mask(void)
{
  const int W = 50, H = 40, n = W * H * 4;
  float *px = random_pixels(n, 11, 0.0, 1.0), *a = g_new(float, n), *b = g_new(float, n);
  kcv_kernel *k = test_psf(7, 3, 12, 0.0);
  kcv_image src = {px, W, H, 4, W * 4}, da = {a, W, H, 4, W * 4}, db = {b, W, H, 4, W * 4};
  for (int m = 0; m < KCV_DECONV_METHOD_COUNT + 1; m++) {
    /* Richardson-Lucy twice: by FFT, then directly. */
    force_rl_path(m == KCV_DECONV_METHOD_COUNT);
    kcv_deconv_options o;
    kcv_deconv_options_init(&o);
    o.method = m < KCV_DECONV_METHOD_COUNT ? (kcv_deconv_method)m : KCV_DECONV_RICHARDSON_LUCY;
    o.regularisation = 0.01;
    o.channel_mask = 7;
    o.threads = 1;
    g_assert_cmpint(kcv_deconvolve(&src, k, &o, &da, NULL, NULL), ==, KCV_OK);
    o.threads = 3;
    g_assert_cmpint(kcv_deconvolve(&src, k, &o, &db, NULL, NULL), ==, KCV_OK);
    g_assert_cmpmem(a, n * sizeof(float), b, n * sizeof(float));
    for (int p = 0; p < W * H; p++)
      g_assert_cmpfloat(a[p * 4 + 3], ==, px[p * 4 + 3]);
  }
  kcv_cost_model_reset();
  g_free(px);
  g_free(a);
  g_free(b);
  kcv_kernel_free(k);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/deconv/wiener/reference", test_wiener_reference);
  g_test_add_func("/deconv/wiener/exact", test_wiener_exact);
  g_test_add_func("/deconv/wiener/exact-large", test_wiener_exact_large);
  g_test_add_func("/deconv/wiener/edges", test_wiener_edges);
  g_test_add_func("/deconv/rl/reference", test_rl_reference);
  g_test_add_func("/deconv/rl/brightness", test_rl_brightness);
  g_test_add_func("/deconv/bands", test_bands);
  g_test_add_func("/deconv/cancel-and-args", test_cancel_and_args);
  g_test_add_func("/deconv/threads-and-mask", test_threads_and_mask);
  return g_test_run();
}
