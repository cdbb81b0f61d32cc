/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv-calibrate: measures every method on a few kernel sizes and fits the
 * cost model constants behind AUTO; writes them with kcv_cost_model_save. */
#define _POSIX_C_SOURCE 200809L
#include "bench-clock.h"
#include "kcv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The model (core/engine/cost.c) predicts
 *   T = fixed + (units_m * c_m + samples * per_sample) / P
 * with P the threads that have tiles to work on. units_m (non-zero taps x
 * samples, 1-D taps x samples x rank with passes over 16 taps counted 1.5x,
 * transform points x log2) is what the model
 * multiplies its constant by; it is read back from the library itself by
 * asking kcv_plan_choose for a prediction under a "unit" model (that one
 * constant 1, the rest 0) on one thread, so the fit always uses the
 * model's own formulas and the methods' own tilings.
 *
 * Fit: direct (random kernels 1x1 .. 15x15) gives direct_per_sample and
 * direct_per_tap, separable (Gaussian 3x3 .. 201x201) per_sample (the planar
 * tiles' copies, which the other methods share) and separable_per_tap, each
 * by least squares of T P = a samples + b units in relative terms (every
 * point weighs alike, whatever its time); im2col and fft constants are the
 * medians over their sizes of (T P - per_sample samples) / units; fixed is
 * the median time of a 1x1 convolution of 16x16 pixels.
 */

static double median(double *v, int n)
{
  qsort(v, n, sizeof *v, cmp);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static kcv_kernel *make_kernel(int k, int gaussian)
{
  kcv_kernel *kern = kcv_kernel_new(k, k);
  if (!kern)
    return NULL;
  double s = k / 6.0;
  srand(11);
  for (int j = 0; j < k; j++)
    for (int i = 0; i < k; i++) {
      double x = i - (k - 1) / 2.0, y = j - (k - 1) / 2.0;
      kern->data[j * k + i] =
          gaussian ? (float)exp(-(x * x + y * y) / (2 * s * s + 1e-9))
                   : (float)((rand() / (double)RAND_MAX * 2 - 1) / ((double)k * k) + 1e-3);
    }
  return kern;
}

/* Median seconds of reps runs (after an untimed one) of method m. */
static double measure(const kcv_kernel *k, kcv_method m, const kcv_image *in, kcv_image *out,
                      int threads, int reps)
{
  kcv_options o;
  kcv_options_init(&o);
  o.method = m;
  o.threads = threads;
  kcv_plan *p;
  if (kcv_plan_new(k, &o, &p) != KCV_OK)
    return NAN;
  double t[64];
  int r = reps < 64 ? reps : 64;
  kcv_status st = kcv_plan_execute(p, in, NULL, out, NULL, NULL);
  for (int i = 0; i < r && st == KCV_OK; i++) {
    double t0 = now();
    st = kcv_plan_execute(p, in, NULL, out, NULL, NULL);
    t[i] = now() - t0;
  }
  kcv_plan_free(p);
  return st == KCV_OK ? median(t, r) : NAN;
}

typedef enum { U_DIRECT, U_IM2COL, U_SEPARABLE, U_FFT, U_SAMPLE } unit_kind;

/* What the model multiplies one constant by for method m on a w x h x C
 * output: its prediction on one thread under a model with that constant 1
 * and the rest 0. */
static double unit_of(const kcv_kernel *k, kcv_method m, unit_kind u, int w, int h, int C)
{
  kcv_cost_model saved, unit = {0};
  kcv_cost_model_get(&saved);
  switch (u) {
  case U_DIRECT:
    unit.direct_per_tap = 1;
    break;
  case U_IM2COL:
    unit.im2col_per_tap = 1;
    break;
  case U_SEPARABLE:
    unit.separable_per_tap = 1;
    break;
  case U_FFT:
    unit.fft_per_point = 1;
    break;
  case U_SAMPLE:
    unit.per_sample = 1;
    unit.direct_per_sample = 1;
    break;
  }
  kcv_cost_model_set(&unit);
  kcv_options o;
  kcv_options_init(&o);
  o.method = m;
  o.threads = 1;
  kcv_plan *p;
  double s = NAN;
  if (kcv_plan_new(k, &o, &p) == KCV_OK) {
    (void)kcv_plan_choose(p, w, h, C, &s);
    kcv_plan_free(p);
  }
  kcv_cost_model_set(&saved);
  return s;
}

typedef struct {
  kcv_method method;
  unit_kind unit;
  int gaussian;
  int sizes[8];
} series;

/* Least squares of t P = a S + b U with each equation divided by t P. */
static void fit_two(const series *se, const kcv_image *in, kcv_image *out, int threads, int reps,
                    double *a, double *b)
{
  const int w = in->width, h = in->height, C = in->channels;
  double sxx = 0, sxy = 0, syy = 0, sx = 0, sy = 0;
  for (int i = 0; i < 8 && se->sizes[i]; i++) {
    kcv_kernel *k = make_kernel(se->sizes[i], se->gaussian);
    double t = measure(k, se->method, in, out, threads, reps);
    double S = unit_of(k, se->method, U_SAMPLE, w, h, C);
    double U = unit_of(k, se->method, se->unit, w, h, C);
    printf("  %-10s %3dx%-3d %10.2f %14.4g\n", kcv_method_name(se->method), se->sizes[i],
           se->sizes[i], t * 1e3, U);
    double tp = t * threads;
    S /= tp, U /= tp;
    sxx += S * S, sxy += S * U, syy += U * U, sx += S, sy += U;
    kcv_kernel_free(k);
  }
  double det = sxx * syy - sxy * sxy;
  *a = (sx * syy - sy * sxy) / det;
  *b = (sxx * sy - sxy * sx) / det;
  if (*a < 0) { /* noise: put it all on the units */
    *a = 0;
    *b = sy / syy;
  }
}

/* The command line; FALSE after printing the usage. */
static int parse_args(int argc, char **argv, int *w, int *threads, int *reps, const char **path)
{
  for (int a = 1; a < argc; a++) {
    if (strcmp(argv[a], "--size") == 0 && a + 1 < argc)
      *w = atoi(argv[++a]);
    else if (strcmp(argv[a], "--threads") == 0 && a + 1 < argc)
      *threads = atoi(argv[++a]);
    else if (strcmp(argv[a], "--reps") == 0 && a + 1 < argc)
      *reps = atoi(argv[++a]);
    else if (strcmp(argv[a], "--output") == 0 && a + 1 < argc)
      *path = argv[++a];
    else {
      fprintf(stderr, "usage: kcv-calibrate [--size N] [--threads T] [--reps R] "
                      "[--output FILE]\n");
      return 0;
    }
  }
  return 1;
}

/* One cost per unit for a method with a single term of its own (im2col per
 * tap, FFT per point): the median over the series' kernels of what is left
 * of the time once the per-sample term is taken off. */
static double fit_one(const series *se, const kcv_image *in, kcv_image *out, int threads, int reps,
                      double per_sample)
{
  const int w = in->width, h = in->height, C = in->channels;
  double per[8];
  int np = 0;
  for (int i = 0; i < 8 && se->sizes[i]; i++) {
    kcv_kernel *k = make_kernel(se->sizes[i], se->gaussian);
    double t = measure(k, se->method, in, out, threads, reps);
    double S = unit_of(k, se->method, U_SAMPLE, w, h, C);
    double U = unit_of(k, se->method, se->unit, w, h, C);
    /* Work is shared by tiles: every method has far more than `threads`
     * tiles on images this size. */
    double v = (t * threads - per_sample * S) / U;
    printf("  %-10s %3dx%-3d %10.2f %14.4g %14.4g\n", kcv_method_name(se->method), se->sizes[i],
           se->sizes[i], t * 1e3, U, v);
    if (isfinite(v) && v > 0)
      per[np++] = v;
    kcv_kernel_free(k);
  }
  double c = np ? median(per, np) : NAN;
  printf("# %s: %.4g s per unit\n", kcv_method_name(se->method), c);
  return c;
}

/* fixed: a call on a tiny image, beyond what the per-sample terms say. */
static void fit_fixed(kcv_cost_model *model, int threads)
{
  float tiny_src[16 * 16], tiny_dst[16 * 16] = {0};
  for (int i = 0; i < 16 * 16; i++)
    tiny_src[i] = (float)i;
  kcv_image ti = {tiny_src, 16, 16, 1, 16}, to = {tiny_dst, 16, 16, 1, 16};
  kcv_kernel *k = make_kernel(1, 0);
  double t = measure(k, KCV_METHOD_DIRECT, &ti, &to, threads, 51);
  model->fixed = t - 256 * (model->direct_per_sample + model->direct_per_tap);
  if (model->fixed < 0)
    model->fixed = 0;
  kcv_kernel_free(k);
  printf("# fixed %.4g s\n", model->fixed);
}

/* Every term of the model, measured on in. */
static void fit_model(kcv_cost_model *model, const kcv_image *in, kcv_image *out, int threads,
                      int reps)
{
  const series direct = {KCV_METHOD_DIRECT, U_DIRECT, 0, {1, 3, 5, 7, 9, 11, 15}};
  fit_two(&direct, in, out, threads, reps, &model->direct_per_sample, &model->direct_per_tap);
  printf("# direct_per_tap %.4g s, direct_per_sample %.4g s\n", model->direct_per_tap,
         model->direct_per_sample);
  const series sep = {KCV_METHOD_SEPARABLE, U_SEPARABLE, 1, {3, 5, 9, 15, 21, 51, 101, 201}};
  fit_two(&sep, in, out, threads, reps, &model->per_sample, &model->separable_per_tap);
  printf("# separable_per_tap %.4g s, per_sample %.4g s\n", model->separable_per_tap,
         model->per_sample);
  const series im2col = {KCV_METHOD_IM2COL, U_IM2COL, 0, {3, 7, 15}};
  model->im2col_per_tap = fit_one(&im2col, in, out, threads, reps, model->per_sample);
  const series fft = {KCV_METHOD_FFT, U_FFT, 0, {15, 21, 31, 51, 101, 201}};
  model->fft_per_point = fit_one(&fft, in, out, threads, reps, model->per_sample);
  fit_fixed(model, threads);
}

int main(int argc, char **argv)
{
  int w = 2048, C = 4, threads = 2, reps = 5;
  const char *path = "kcv-cost-model.txt";
  if (!parse_args(argc, argv, &w, &threads, &reps, &path))
    return 2;
  if (w < 64 || threads < 1 || reps < 1)
    return 2;
  const int h = w;
  size_t n = (size_t)w * h * C;
  float *src = malloc(n * sizeof(float)), *dst = malloc(n * sizeof(float));
  if (!src || !dst)
    return 1;
  srand(1);
  for (size_t i = 0; i < n; i++)
    src[i] = rand() / (float)RAND_MAX;
  kcv_image in = {src, w, h, C, (ptrdiff_t)w * C}, out = {dst, w, h, C, (ptrdiff_t)w * C};
  if (w < 1024)
    fprintf(stderr, "kcv-calibrate: images under 1024x1024 may have too few tiles\n");

  kcv_cost_model model;
  kcv_cost_model_get(&model);
  printf("# kcv-calibrate: %dx%d, %d channels, %d threads, median of %d\n", w, h, C, threads, reps);
  printf("# %-10s %7s %10s %14s %14s\n", "method", "kernel", "ms", "units", "s per unit");
  fit_model(&model, &in, &out, threads, reps);

  kcv_status st = kcv_cost_model_save(path, &model);
  if (st != KCV_OK) {
    fprintf(stderr, "kcv-calibrate: %s: %s\n", path, kcv_status_message(st));
    return 1;
  }
  printf("# wrote %s\n", path);
  free(src);
  free(dst);
  return 0;
}
