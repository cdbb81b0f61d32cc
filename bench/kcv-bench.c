/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv-bench: times every method and AUTO on a float RGBA image for a list of
 * kernel sizes; prints medians in ms and what AUTO picked, and with --limits
 * the machine's limits for the same work (a streaming pass, bare FFTW). */
#define _POSIX_C_SOURCE 200809L
#include "kcv-private.h"
#include "auto-sweep.h"
#include "bench-clock.h"
#include "bench-kernel.h"
#include "kcv.h"

#include <fftw3.h>
#include <math.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
 * medians of the process's CPU time (which other jobs on a loaded machine
 * inflate far less than the wall time). Prints time ratios to the AVX-512
 * build. */
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
    kcv_kernel *k = kcv_bench_kernel(cases[c].k, cases[c].k, cases[c].kind, 3);
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
        double t0 = cpu_now();
        if (plans[level] && kcv_plan_execute(plans[level], in, NULL, out, NULL, NULL) == KCV_OK)
          t[level * reps + r] = cpu_now() - t0;
      }
    printf("# isa %-9s %dx%d %s:", kcv_method_name(o.method), k->width, k->height, cases[c].kind);
    double best = t ? median_of(t + (size_t)top * reps, reps) : 0;
    for (int level = top; level >= 0 && t; level--) {
      double m = median_of(t + (size_t)level * reps, reps);
      printf(" %s %.1f CPU ms (x%.2f)", names[level], m * 1e3, best > 0 ? m / best : 0.0);
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
  fprintf(stderr,
          "usage: kcv-bench [--size N] [--height N] [--channels C] [--threads T]\n"
          "                 [--kind random|gaussian|box|disk|sparse] [--reps R] [--max-seconds S]\n"
          "                 [--wisdom FILE] [--methods direct,im2col,separable,fft,auto]\n"
          "                 [--limits] [--memory] [--model FILE] [--isa-ratios]\n"
          "                 [--scene noise|hdr|hdr-region|hdr-stars]\n"
          "                 [K | KWxKH ...]\n"
          "       kcv-bench --auto-sweep [--help for its options]\n");
  exit(2);
}

/* The source picture: noise in 0..1, or (hdr) a sky of 0.001..0.01 with a
 * sun of radius 5 at 1e6 in the first channel, a third of the way in: the
 * fft's tiles holding it are cut into bands of magnitude, and the sun's
 * samples added back one by one (core/methods/fft-bands.c). hdr-region adds
 * a bright region (radius an eighth of the smaller side, 1e4) two thirds of
 * the way in: too many samples to add one by one, a band of its own;
 * hdr-stars adds stars of 1e4 at one pixel in a thousand instead. */
static void fill_source(float *src, int w, int h, int C, const char *scene)
{
  const int hdr = strncmp(scene, "hdr", 3) == 0;
  const double r = (w < h ? w : h) / 8.0;
  srand(1);
  for (size_t i = 0; i < (size_t)w * h * C; i++)
    src[i] = hdr ? 0.001f + 0.009f * (rand() / (float)RAND_MAX) : rand() / (float)RAND_MAX;
  if (!hdr)
    return;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      const double dx = x - 2 * w / 3, dy = y - 2 * h / 3;
      if ((x - w / 3) * (x - w / 3) + (y - h / 3) * (y - h / 3) <= 25)
        src[((size_t)y * w + x) * C] = 1e6f;
      else if (strcmp(scene, "hdr-region") == 0 && dx * dx + dy * dy <= r * r)
        src[((size_t)y * w + x) * C] = 1e4f;
    }
  if (strcmp(scene, "hdr-stars") == 0)
    for (size_t i = 0; i < (size_t)w * h / 1000; i++)
      src[((size_t)(rand() % h) * w + (size_t)(rand() % w)) * C] = 1e4f;
}

/* The command line. */
typedef struct {
  int w, h, C, threads, reps, limits, memory, ratios;
  double max_seconds;
  const char *kind, *wisdom, *method_list, *scene;
  const char *model; /* a cost model file (kcv-calibrate's), taken as it is */
  int ks[64][2], nk;
} bench_args;

/* One "WxH" or "N" kernel size into args; 0 when it is neither. */
static int add_kernel_size(bench_args *a, const char *arg)
{
  int kw, kh;
  if (sscanf(arg, "%dx%d", &kw, &kh) == 2 || (kh = kw = atoi(arg)) > 0) {
    a->ks[a->nk][0] = kw;
    a->ks[a->nk][1] = kh;
    a->nk++;
    return 1;
  }
  return 0;
}

/* The option arg with its value val (NULL when none); 2 when val was used,
 * 1 when only arg, 0 when arg is unknown. */
static int parse_option(bench_args *a, const char *arg, const char *val)
{
  int *ints[] = {&a->w, &a->h, &a->C, &a->threads, &a->reps};
  static const char *const int_names[] = {"--size", "--height", "--channels", "--threads",
                                          "--reps"};
  const char **strs[] = {&a->kind, &a->wisdom, &a->model, &a->method_list, &a->scene};
  static const char *const str_names[] = {"--kind", "--wisdom", "--model", "--methods", "--scene"};
  int *flags[] = {&a->limits, &a->memory, &a->ratios};
  static const char *const flag_names[] = {"--limits", "--memory", "--isa-ratios"};
  for (int i = 0; i < 5 && val; i++) {
    if (strcmp(arg, int_names[i]) == 0)
      return *ints[i] = atoi(val), 2;
    if (strcmp(arg, str_names[i]) == 0)
      return *strs[i] = val, 2;
  }
  if (strcmp(arg, "--max-seconds") == 0 && val)
    return a->max_seconds = atof(val), 2;
  for (int i = 0; i < 3; i++)
    if (strcmp(arg, flag_names[i]) == 0)
      return *flags[i] = 1, 1;
  return 0;
}

static void parse_args(int argc, char **argv, bench_args *a)
{
  *a = (bench_args){.w = 2048,
                    .C = 4,
                    .reps = 5,
                    .max_seconds = 4.0,
                    .kind = "random",
                    .method_list = "direct,im2col,separable,fft,auto",
                    .scene = "noise"};
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    int used = parse_option(a, arg, i + 1 < argc ? argv[i + 1] : NULL);
    if (used == 0 && !(arg[0] != '-' && a->nk < 64 && add_kernel_size(a, arg)))
      usage();
    i += used == 2;
  }
  if (a->h <= 0)
    a->h = a->w;
  if (a->w < 1 || a->C < 1 || a->C > 4 || a->reps < 1)
    usage();
  if (a->nk == 0) {
    const int def[] = {3, 5, 7, 9, 11, 15, 21, 31, 51, 101, 201};
    for (size_t i = 0; i < sizeof def / sizeof *def; i++)
      a->ks[a->nk][0] = a->ks[a->nk][1] = def[i], a->nk++;
  }
}

static const kcv_method bench_order[] = {KCV_METHOD_DIRECT, KCV_METHOD_IM2COL, KCV_METHOD_SEPARABLE,
                                         KCV_METHOD_FFT, KCV_METHOD_AUTO};

/* Every method's plan is made and run once (FFTW plans, spectra: not
 * timed); plans[m] stays NULL for a method not asked for, refused, or
 * predicted over max_seconds. *picked and *rank: what AUTO chose. */
static void prepare_plans(const bench_args *a, const int *use, const kcv_kernel *k,
                          const kcv_image *in, kcv_image *out, kcv_plan **plans, kcv_method *picked,
                          int *rank)
{
  for (int m = 0; m < 5; m++) {
    if (!use[m])
      continue;
    kcv_options o;
    kcv_options_init(&o);
    o.method = bench_order[m];
    o.threads = a->threads;
    if (kcv_plan_new(k, &o, &plans[m]) != KCV_OK) {
      plans[m] = NULL;
      continue;
    }
    double predicted = 0;
    kcv_method chosen = kcv_plan_choose(plans[m], a->w, a->h, a->C, &predicted);
    if (bench_order[m] == KCV_METHOD_AUTO) {
      *picked = chosen;
      *rank = kcv_plan_rank(plans[m]);
    }
    if (predicted > a->max_seconds ||
        kcv_plan_execute(plans[m], in, NULL, out, NULL, NULL) != KCV_OK) {
      kcv_plan_free(plans[m]);
      plans[m] = NULL;
    }
  }
}

/* The methods are timed in turn, one run each per round, so that load from
 * other processes falls on all of them alike. The order is shuffled every
 * round (fixed seed): a method pays for the cache state the one before it
 * leaves (fft's dirty scratch lines cost the next run of a 3x3 direct
 * ~0.3 ms), so no method always follows the same one. */
static void time_rounds(kcv_plan **plans, const kcv_image *in, kcv_image *out, int r,
                        double t[5][64])
{
  unsigned lcg = 12345u;
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
      kcv_status st = kcv_plan_execute(plans[m], in, NULL, out, NULL, NULL);
      t[m][i] = now() - t0;
      if (st != KCV_OK) {
        kcv_plan_free(plans[m]);
        plans[m] = NULL;
      }
    }
  }
}

/* One row of the table: kernel ki's medians, the FFTW limit, AUTO's pick. */
static void bench_kernel(const bench_args *a, const int *use, int ki, const kcv_image *in,
                         kcv_image *out, int nthreads)
{
  kcv_kernel *k = kcv_bench_kernel(a->ks[ki][0], a->ks[ki][1], a->kind, 7 + ki);
  char label[32];
  snprintf(label, sizeof label, "%dx%d", k->width, k->height);
  printf("%-9s", label);
  kcv_method picked = KCV_METHOD_AUTO;
  int rank = 0;
  kcv_plan *plans[5] = {0};
  double t[5][64];
  const int r = a->reps < 64 ? a->reps : 64;
  prepare_plans(a, use, k, in, out, plans, &picked, &rank);
  time_rounds(plans, in, out, r, t);
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
  if (a->limits) {
    int nw = 0, nh = 0;
    double ms = fftw_pair_ms(k, a->w, a->h, a->C, nthreads, a->reps, &nw, &nh);
    char size[32];
    snprintf(size, sizeof size, "%dx%d", nw, nh);
    printf(" %10.1f %11s", ms, size);
  }
  printf("  %-11s %d\n", kcv_method_name(picked), rank);
  fflush(stdout);
  kcv_kernel_free(k);
}

static void print_header(const bench_args *a, const int *use, const float *src, float *dst,
                         int nthreads)
{
  printf("# kcv-bench: %dx%d, %d channels, %s kernels, %d threads (0 = all), median of %d, "
         "ms; '-' = skipped (predicted over %.0f s) or refused\n",
         a->w, a->h, a->C, a->kind, a->threads, a->reps, a->max_seconds);
  static const char *const builds[] = {"SSE2", "AVX2", "AVX-512"};
  printf("# direct and separable blocks: the %s build (KCV_ISA caps it); cost model: %s\n",
         builds[kcv__isa_level()], a->model ? a->model : "built in, scaled for that build");
  if (a->ratios)
    return;
  if (a->limits)
    printf("# limit: one streaming read+write pass over the image (memcpy in 32-row bands, "
           "%d threads): %.2f ms\n",
           nthreads,
           memory_pass_ms(src, dst, a->w, a->h, a->C, nthreads, a->reps > 5 ? a->reps : 5));
  printf("%-9s", "kernel");
  for (int m = 0; m < 5; m++)
    if (use[m])
      printf(" %10s", kcv_method_name(bench_order[m]));
  if (a->limits)
    printf(" %10s %11s", "fftw-pair", "fft-size");
  printf("  picked      rank\n");
}

int main(int argc, char **argv)
{
  if (argc > 1 && strcmp(argv[1], "--auto-sweep") == 0)
    return kcv_bench_auto_sweep(argc, argv);
  bench_args a;
  parse_args(argc, argv, &a);
  kcv_kernel *probe = kcv_bench_kernel(1, 1, a.kind, 0);
  if (!probe) {
    fprintf(stderr, "kcv-bench: unknown kernel kind %s\n", a.kind);
    return 2;
  }
  kcv_kernel_free(probe);
  if (a.model && kcv_cost_model_load(a.model) != KCV_OK) {
    fprintf(stderr, "cannot read the cost model %s\n", a.model);
    return 1;
  }
  if (a.wisdom && kcv_wisdom_import(a.wisdom) != KCV_OK)
    fprintf(stderr, "no wisdom read from %s (it will be written)\n", a.wisdom);

  const int w = a.w, h = a.h, C = a.C;
  size_t n = (size_t)w * h * C;
  float *src = malloc(n * sizeof(float)), *dst = malloc(n * sizeof(float));
  if (!src || !dst) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  fill_source(src, w, h, C, a.scene);
  /* The result is touched too, so that its pages count before any method
   * runs and the difference below is the library's own memory. */
  memset(dst, 0, n * sizeof(float));
  const double rss_images = peak_rss_mib();
  kcv_image in = {src, w, h, C, (ptrdiff_t)w * C}, out = {dst, w, h, C, (ptrdiff_t)w * C};
  int use[5];
  for (int m = 0; m < 5; m++)
    use[m] = strstr(a.method_list, kcv_method_name(bench_order[m])) != NULL;
  const int nthreads = a.threads > 0 ? a.threads : kcv__cpu_count();
  print_header(&a, use, src, dst, nthreads);
  if (a.ratios) {
    isa_ratios(&in, &out, a.threads, a.reps);
    free(src);
    free(dst);
    return 0;
  }
  for (int ki = 0; ki < a.nk; ki++)
    bench_kernel(&a, use, ki, &in, &out, nthreads);
  if (a.wisdom && kcv_wisdom_export(a.wisdom) != KCV_OK)
    fprintf(stderr, "could not write wisdom to %s\n", a.wisdom);
  if (a.memory)
    printf("# memory: peak RSS %.1f MiB after allocating and filling the source and result "
           "images (%.1f MiB each), %.1f MiB at the end: %.1f MiB beyond them\n",
           rss_images, n * sizeof(float) / 1048576.0, peak_rss_mib(), peak_rss_mib() - rss_images);
  free(src);
  free(dst);
  return 0;
}
