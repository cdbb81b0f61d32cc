/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv-bench: times every method and AUTO on a float RGBA image for a list of
 * kernel sizes; prints medians in ms and what AUTO picked, and with --limits
 * the machine's limits for the same work (a streaming pass, bare FFTW). */
#define _POSIX_C_SOURCE 200809L
#include "kcv-private.h"
#include "bench-clock.h"
#include "kcv.h"

#include <fftw3.h>
#include <math.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static kcv_kernel *make_kernel(int kw, int kh, const char *kind, unsigned seed)
{
  kcv_kernel *k = kcv_kernel_new(kw, kh);
  if (strcmp(kind, "gaussian") == 0) {
    double sx = kw / 6.0, sy = kh / 6.0, s = 0;
    for (int j = 0; j < kh; j++)
      for (int i = 0; i < kw; i++) {
        double x = i - (kw - 1) / 2.0, y = j - (kh - 1) / 2.0;
        double v = exp(-x * x / (2 * sx * sx + 1e-9) - y * y / (2 * sy * sy + 1e-9));
        k->data[j * kw + i] = (float)v;
        s += v;
      }
    for (int i = 0; i < kw * kh; i++)
      k->data[i] = (float)(k->data[i] / s);
  } else {
    srand(seed);
    for (int i = 0; i < kw * kh; i++)
      k->data[i] = (float)(rand() / (double)RAND_MAX * 2 - 1) / (kw * kh);
  }
  return k;
}

/* Machine limits, run on the core's own thread pool (kcv__parallel) so they
 * are threaded exactly like a convolution. */

/* One streaming read + write pass over the image, in bands of rows. */
typedef struct {
  const float *src;
  float *dst;
  size_t row_floats;
  int rows, band;
} copy_ctx;

static kcv_status copy_band(void *arg, int index, void *scratch)
{
  copy_ctx *c = arg;
  (void)scratch;
  int y0 = index * c->band, y1 = y0 + c->band < c->rows ? y0 + c->band : c->rows;
  memcpy(c->dst + (size_t)y0 * c->row_floats, c->src + (size_t)y0 * c->row_floats,
         (size_t)(y1 - y0) * c->row_floats * sizeof(float));
  return KCV_OK;
}

/* Peak resident memory of the process so far, MiB (Linux: ru_maxrss in KiB). */
static double peak_rss_mib(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

static double median_of(double *t, int r)
{
  qsort(t, r, sizeof *t, cmp);
  return t[r / 2];
}

static double memory_pass_ms(const float *src, float *dst, int w, int h, int C, int threads,
                             int reps)
{
  copy_ctx c = {src, dst, (size_t)w * C, h, 32};
  int n = (h + c.band - 1) / c.band;
  double t[64];
  int r = reps < 64 ? reps : 64;
  (void)kcv__parallel(n, threads, 0, copy_band, &c, NULL, NULL);
  for (int i = 0; i < r; i++) {
    double t0 = now();
    (void)kcv__parallel(n, threads, 0, copy_band, &c, NULL, NULL);
    t[i] = now() - t0;
  }
  return median_of(t, r) * 1e3;
}

/* The bare FFTW work of the fft method: one r2c + c2r pair per tile and
 * channel, of the transform size that tile uses (the tiling comes from the
 * method itself, the transform side from kcv__fft_transform_side, the
 * planner flags from kcv__fft_plan_flags). Nothing else: no copy-in, zero
 * fill, spectrum product, copy-out, border fill or interleaving. */
#define MAX_SIZES 4
typedef struct {
  int n_sizes;
  int nw[MAX_SIZES], nh[MAX_SIZES];
  fftwf_plan r2c[MAX_SIZES], c2r[MAX_SIZES];
  int *task_size; /* size index of each task (tile x channel) */
  size_t real_bytes;
} fftw_ctx;

static kcv_status fftw_pair(void *arg, int index, void *scratch)
{
  fftw_ctx *f = arg;
  int s = f->task_size[index];
  float *r = scratch;
  fftwf_complex *c = (fftwf_complex *)((char *)scratch + f->real_bytes);
  fftwf_execute_dft_r2c(f->r2c[s], r, c);
  fftwf_execute_dft_c2r(f->c2r[s], c, r);
  return KCV_OK;
}

static double fftw_pair_ms(const kcv_kernel *k, int w, int h, int C, int threads, int reps,
                           int *nw_out, int *nh_out)
{
  kcv__kernel_info ki = {k->width, k->height, k->data, NULL};
  void *state = NULL;
  int tw, th;
  if (kcv__method_fft.prepare(&ki, &state) != KCV_OK)
    return NAN;
  kcv__method_fft.tile_size(state, &ki, w, h, &tw, &th);
  kcv__method_fft.release(state);
  const int ntx = (w + tw - 1) / tw, nty = (h + th - 1) / th, n_tasks = ntx * nty * C;
  fftw_ctx f = {0};
  f.task_size = malloc(sizeof(int) * n_tasks);
  size_t most = 0;
  for (int i = 0; i < ntx * nty; i++) {
    int cw = w - (i % ntx) * tw < tw ? w - (i % ntx) * tw : tw;
    int ch = h - (i / ntx) * th < th ? h - (i / ntx) * th : th;
    int nw = kcv__fft_transform_side(cw + k->width - 1),
        nh = kcv__fft_transform_side(ch + k->height - 1);
    int s = 0;
    while (s < f.n_sizes && (f.nw[s] != nw || f.nh[s] != nh))
      s++;
    if (s == f.n_sizes && s < MAX_SIZES) {
      f.nw[s] = nw;
      f.nh[s] = nh;
      f.n_sizes++;
    }
    for (int c = 0; c < C; c++)
      f.task_size[i * C + c] = s;
    size_t real = ((size_t)nw * nh * sizeof(float) + KCV__ALIGN - 1) / KCV__ALIGN * KCV__ALIGN;
    size_t bytes = real + (size_t)nh * (nw / 2 + 1) * sizeof(fftwf_complex);
    if (bytes > most)
      most = bytes;
    if (real > f.real_bytes)
      f.real_bytes = real;
  }
  *nw_out = f.nw[0];
  *nh_out = f.nh[0];
  most += f.real_bytes; /* complex part starts after the largest real part */
  pthread_mutex_lock(&kcv__fftw_lock);
  for (int s = 0; s < f.n_sizes; s++) {
    int nw = f.nw[s], nh = f.nh[s];
    float *r = fftwf_malloc((size_t)nw * nh * sizeof(float));
    fftwf_complex *c = fftwf_malloc((size_t)nh * (nw / 2 + 1) * sizeof(fftwf_complex));
    unsigned flags = kcv__fft_plan_flags(nw, nh);
    f.r2c[s] = fftwf_plan_dft_r2c_2d(nh, nw, r, c, flags);
    f.c2r[s] = fftwf_plan_dft_c2r_2d(nh, nw, c, r, flags);
    fftwf_free(r);
    fftwf_free(c);
  }
  pthread_mutex_unlock(&kcv__fftw_lock);
  double t[64];
  int rr = reps < 64 ? reps : 64;
  (void)kcv__parallel(n_tasks, threads, most, fftw_pair, &f, NULL, NULL);
  for (int i = 0; i < rr; i++) {
    double t0 = now();
    (void)kcv__parallel(n_tasks, threads, most, fftw_pair, &f, NULL, NULL);
    t[i] = now() - t0;
  }
  pthread_mutex_lock(&kcv__fftw_lock);
  for (int s = 0; s < f.n_sizes; s++) {
    fftwf_destroy_plan(f.r2c[s]);
    fftwf_destroy_plan(f.c2r[s]);
  }
  pthread_mutex_unlock(&kcv__fftw_lock);
  free(f.task_size);
  return median_of(t, rr) * 1e3;
}

/* What the AVX2 and SSE2 builds of the direct and separable blocks cost
 * against the AVX-512 one (core/engine/cost.c's isa scales): a 25x25 random
 * kernel (direct) and a 201x201 Gaussian (separable, rank 1), where the taps
 * are over 95% of the time. The builds take turns every repetition, in a
 * rotating order, so load from other processes falls on all three alike;
 * medians. Prints time ratios to the AVX-512 build. */
static void isa_ratios(const kcv_image *in, kcv_image *out, int threads, int reps)
{
  static const char *const names[] = {"SSE2", "AVX2", "AVX-512"};
  const struct {
    kcv_method method;
    int k;
    const char *kind;
  } cases[] = {{KCV_METHOD_DIRECT, 25, "random"}, {KCV_METHOD_SEPARABLE, 201, "gaussian"}};
  const int top = kcv__isa_level();
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    kcv_kernel *k = make_kernel(cases[c].k, cases[c].k, cases[c].kind, 3);
    kcv_options o;
    kcv_options_init(&o);
    o.method = cases[c].method;
    o.threads = threads;
    kcv_plan *plans[3] = {NULL, NULL, NULL};
    double *t = calloc((size_t)3 * reps, sizeof *t);
    for (int level = 0; level <= top && t; level++) {
      kcv__isa_cap(level); /* plans pick their build when made */
      if (kcv_plan_new(k, &o, &plans[level]) != KCV_OK ||
          kcv_plan_execute(plans[level], in, NULL, out, NULL, NULL) != KCV_OK)
        plans[level] = NULL;
    }
    kcv__isa_cap(KCV__ISA_AVX512);
    for (int r = 0; r < reps && t; r++)
      for (int i = 0; i <= top; i++) {
        const int level = (i + r) % (top + 1);
        double t0 = now();
        if (plans[level] && kcv_plan_execute(plans[level], in, NULL, out, NULL, NULL) == KCV_OK)
          t[level * reps + r] = now() - t0;
      }
    printf("# isa %-9s %dx%d %s:", kcv_method_name(o.method), k->width, k->height, cases[c].kind);
    double best = t ? median_of(t + (size_t)top * reps, reps) : 0;
    for (int level = top; level >= 0 && t; level--) {
      double m = median_of(t + (size_t)level * reps, reps);
      printf(" %s %.1f ms (x%.2f)", names[level], m * 1e3, best > 0 ? m / best : 0.0);
    }
    printf("\n");
    for (int level = 0; level < 3; level++)
      kcv_plan_free(plans[level]);
    free(t);
    kcv_kernel_free(k);
  }
}

static void usage(void)
{
  fprintf(stderr, "usage: kcv-bench [--size N] [--height N] [--channels C] [--threads T]\n"
                  "                 [--kind random|gaussian] [--reps R] [--max-seconds S]\n"
                  "                 [--wisdom FILE] [--methods direct,im2col,separable,fft,auto]\n"
                  "                 [--limits] [--memory] [--model FILE] [--isa-ratios]\n"
                  "                 [--scene noise|hdr]\n"
                  "                 [K | KWxKH ...]\n");
  exit(2);
}

/* The source picture: noise in 0..1, or (hdr) a sky of 0.001..0.01 with a
 * sun of radius 5 at 1e6 in the first channel, a third of the way in: the
 * fft's tiles holding it run in double precision (core/methods/dynamic-range.c). */
static void fill_source(float *src, int w, int h, int C, const char *scene)
{
  const int hdr = strcmp(scene, "hdr") == 0;
  srand(1);
  for (size_t i = 0; i < (size_t)w * h * C; i++)
    src[i] = hdr ? 0.001f + 0.009f * (rand() / (float)RAND_MAX) : rand() / (float)RAND_MAX;
  if (hdr)
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        if ((x - w / 3) * (x - w / 3) + (y - h / 3) * (y - h / 3) <= 25)
          src[((size_t)y * w + x) * C] = 1e6f;
}

int main(int argc, char **argv)
{
  int w = 2048, h = 0, C = 4, threads = 0, reps = 5, limits = 0, memory = 0, ratios = 0;
  double max_seconds = 4.0;
  const char *kind = "random", *wisdom = NULL, *method_list = "direct,im2col,separable,fft,auto";
  const char *model = NULL; /* a cost model file (kcv-calibrate's), taken as it is */
  const char *scene = "noise";
  int ks[64][2], nk = 0;
  for (int a = 1; a < argc; a++) {
    const char *arg = argv[a];
    const char *val = a + 1 < argc ? argv[a + 1] : NULL;
    if (strcmp(arg, "--size") == 0 && val)
      w = atoi(val), a++;
    else if (strcmp(arg, "--height") == 0 && val)
      h = atoi(val), a++;
    else if (strcmp(arg, "--channels") == 0 && val)
      C = atoi(val), a++;
    else if (strcmp(arg, "--threads") == 0 && val)
      threads = atoi(val), a++;
    else if (strcmp(arg, "--reps") == 0 && val)
      reps = atoi(val), a++;
    else if (strcmp(arg, "--kind") == 0 && val)
      kind = val, a++;
    else if (strcmp(arg, "--max-seconds") == 0 && val)
      max_seconds = atof(val), a++;
    else if (strcmp(arg, "--wisdom") == 0 && val)
      wisdom = val, a++;
    else if (strcmp(arg, "--model") == 0 && val)
      model = val, a++;
    else if (strcmp(arg, "--methods") == 0 && val)
      method_list = val, a++;
    else if (strcmp(arg, "--scene") == 0 && val)
      scene = val, a++;
    else if (strcmp(arg, "--limits") == 0)
      limits = 1;
    else if (strcmp(arg, "--memory") == 0)
      memory = 1;
    else if (strcmp(arg, "--isa-ratios") == 0)
      ratios = 1;
    else if (arg[0] != '-' && nk < 64) {
      int kw, kh;
      if (sscanf(arg, "%dx%d", &kw, &kh) == 2 || (kh = kw = atoi(arg)) > 0) {
        ks[nk][0] = kw;
        ks[nk][1] = kh;
        nk++;
      } else {
        usage();
      }
    } else {
      usage();
    }
  }
  if (h <= 0)
    h = w;
  if (w < 1 || C < 1 || C > 4 || reps < 1)
    usage();
  if (nk == 0) {
    const int def[] = {3, 5, 7, 9, 11, 15, 21, 31, 51, 101, 201};
    for (size_t i = 0; i < sizeof def / sizeof *def; i++)
      ks[nk][0] = ks[nk][1] = def[i], nk++;
  }
  if (model && kcv_cost_model_load(model) != KCV_OK) {
    fprintf(stderr, "cannot read the cost model %s\n", model);
    return 1;
  }
  if (wisdom && kcv_wisdom_import(wisdom) != KCV_OK)
    fprintf(stderr, "no wisdom read from %s (it will be written)\n", wisdom);

  size_t n = (size_t)w * h * C;
  float *src = malloc(n * sizeof(float)), *dst = malloc(n * sizeof(float));
  if (!src || !dst) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  fill_source(src, w, h, C, scene);
  /* The result is touched too, so that its pages count before any method
   * runs and the difference below is the library's own memory. */
  memset(dst, 0, n * sizeof(float));
  const double rss_images = peak_rss_mib();
  kcv_image in = {src, w, h, C, (ptrdiff_t)w * C}, out = {dst, w, h, C, (ptrdiff_t)w * C};

  const kcv_method order[] = {KCV_METHOD_DIRECT, KCV_METHOD_IM2COL, KCV_METHOD_SEPARABLE,
                              KCV_METHOD_FFT, KCV_METHOD_AUTO};
  int use[5];
  for (int m = 0; m < 5; m++)
    use[m] = strstr(method_list, kcv_method_name(order[m])) != NULL;

  printf("# kcv-bench: %dx%d, %d channels, %s kernels, %d threads (0 = all), median of %d, "
         "ms; '-' = skipped (predicted over %.0f s) or refused\n",
         w, h, C, kind, threads, reps, max_seconds);
  static const char *const builds[] = {"SSE2", "AVX2", "AVX-512"};
  printf("# direct and separable blocks: the %s build (KCV_ISA caps it); cost model: %s\n",
         builds[kcv__isa_level()], model ? model : "built in, scaled for that build");
  const int nthreads = threads > 0 ? threads : kcv__cpu_count();
  if (ratios) {
    isa_ratios(&in, &out, threads, reps);
    free(src);
    free(dst);
    return 0;
  }
  if (limits)
    printf("# limit: one streaming read+write pass over the image (memcpy in 32-row bands, "
           "%d threads): %.2f ms\n",
           nthreads, memory_pass_ms(src, dst, w, h, C, nthreads, reps > 5 ? reps : 5));
  printf("%-9s", "kernel");
  for (int m = 0; m < 5; m++)
    if (use[m])
      printf(" %10s", kcv_method_name(order[m]));
  if (limits)
    printf(" %10s %11s", "fftw-pair", "fft-size");
  printf("  picked      rank\n");
  for (int ki = 0; ki < nk; ki++) {
    kcv_kernel *k = make_kernel(ks[ki][0], ks[ki][1], kind, 7 + ki);
    char label[32];
    snprintf(label, sizeof label, "%dx%d", k->width, k->height);
    printf("%-9s", label);
    kcv_method picked = KCV_METHOD_AUTO;
    int rank = 0;
    /* Every method's plan is made and run once (FFTW plans, spectra: not
     * timed), then the methods are timed in turn, one run each per round,
     * so that load from other processes falls on all of them alike. The
     * order is shuffled every round (fixed seed): a method pays for the
     * cache state the one before it leaves (fft's dirty scratch lines cost
     * the next run of a 3x3 direct ~0.3 ms), so no method always follows
     * the same one. */
    unsigned lcg = 12345u;
    kcv_plan *plans[5] = {0};
    double t[5][64];
    const int r = reps < 64 ? reps : 64;
    for (int m = 0; m < 5; m++) {
      if (!use[m])
        continue;
      kcv_options o;
      kcv_options_init(&o);
      o.method = order[m];
      o.threads = threads;
      if (kcv_plan_new(k, &o, &plans[m]) != KCV_OK) {
        plans[m] = NULL;
        continue;
      }
      double predicted = 0;
      kcv_method chosen = kcv_plan_choose(plans[m], w, h, C, &predicted);
      if (order[m] == KCV_METHOD_AUTO) {
        picked = chosen;
        rank = kcv_plan_rank(plans[m]);
      }
      if (predicted > max_seconds ||
          kcv_plan_execute(plans[m], &in, NULL, &out, NULL, NULL) != KCV_OK) {
        kcv_plan_free(plans[m]);
        plans[m] = NULL;
      }
    }
    for (int i = 0; i < r; i++) {
      int perm[5] = {0, 1, 2, 3, 4};
      for (int j = 4; j > 0; j--) {
        lcg = lcg * 1103515245u + 12345u;
        const int q = (int)((lcg >> 16) % (unsigned)(j + 1)), x = perm[j];
        perm[j] = perm[q];
        perm[q] = x;
      }
      for (int j = 0; j < 5; j++) {
        const int m = perm[j];
        if (!plans[m])
          continue;
        double t0 = now();
        kcv_status st = kcv_plan_execute(plans[m], &in, NULL, &out, NULL, NULL);
        t[m][i] = now() - t0;
        if (st != KCV_OK) {
          kcv_plan_free(plans[m]);
          plans[m] = NULL;
        }
      }
    }
    for (int m = 0; m < 5; m++) {
      if (!use[m])
        continue;
      if (plans[m])
        printf(" %10.1f", median_of(t[m], r) * 1e3);
      else
        printf(" %10s", "-");
      kcv_plan_free(plans[m]);
    }
    fflush(stdout);
    if (limits) {
      int nw = 0, nh = 0;
      double ms = fftw_pair_ms(k, w, h, C, nthreads, reps, &nw, &nh);
      char size[32];
      snprintf(size, sizeof size, "%dx%d", nw, nh);
      printf(" %10.1f %11s", ms, size);
    }
    printf("  %-11s %d\n", kcv_method_name(picked), rank);
    fflush(stdout);
    kcv_kernel_free(k);
  }
  if (wisdom && kcv_wisdom_export(wisdom) != KCV_OK)
    fprintf(stderr, "could not write wisdom to %s\n", wisdom);
  if (memory)
    printf("# memory: peak RSS %.1f MiB after allocating and filling the source and result "
           "images (%.1f MiB each), %.1f MiB at the end: %.1f MiB beyond them\n",
           rss_images, n * sizeof(float) / 1048576.0, peak_rss_mib(), peak_rss_mib() - rss_images);
  free(src);
  free(dst);
  return 0;
}
