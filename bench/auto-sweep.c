/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv-bench --auto-sweep: for each kernel, image and channel count, and for
 * each vector build of the direct and separable blocks (AVX-512, AVX2, SSE2
 * as far as the CPU has them), the fastest method's time against the time
 * of the method AUTO picks under the model scaled for that build. */
#define _POSIX_C_SOURCE 200809L
#include "auto-sweep.h"
#include "bench-clock.h"
#include "bench-kernel.h"
#include "kcv-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_LEVELS 3
#define N_METHODS 4
#define MAX_REPS 64
#define MAX_LIST 16

static const kcv_method methods[N_METHODS] = {KCV_METHOD_DIRECT, KCV_METHOD_IM2COL,
                                              KCV_METHOD_SEPARABLE, KCV_METHOD_FFT};
static const char *const builds[N_LEVELS] = {"SSE2", "AVX2", "AVX-512"};

/* A method predicted this many times slower than AUTO's pick is not run:
 * the model is never that far off for the fastest one (the sweep would show
 * it as a pick far from the best), and direct with a 101x101 dense kernel
 * takes seconds. */
#define PREDICTED_SKIP 8.0
/* Of the rest, one probed this many times slower than the fastest probe is
 * not repeated. */
#define PROBED_SKIP 3.0

typedef struct {
  int images[MAX_LIST], n_images;
  int channels[MAX_LIST], n_channels;
  const char *kinds[MAX_LIST];
  int n_kinds;
  int sizes[MAX_LIST], n_sizes;
  int reps, threads, top;
  int cores;      /* --cores: the core count AUTO plans for (0: the machine's) */
  int predicted;  /* print the model's CPU ms per method too */
  int picks_only; /* print AUTO's pick per build, time nothing */
} sweep;

/* One case: the plans of every build and method, their times. */
typedef struct {
  kcv_plan *plan[N_LEVELS][N_METHODS];
  double predicted[N_LEVELS][N_METHODS];
  double cpu[N_LEVELS][N_METHODS][MAX_REPS], wall[N_LEVELS][N_METHODS][MAX_REPS];
  kcv_method picked[N_LEVELS];
  int rank;
} sweep_case;

/* Per build: cases, worst ratio, cases over 1.10, sum of log ratios. */
typedef struct {
  int cases, over;
  double worst, log_sum;
} sweep_total;

static double median_n(const double *t, int n)
{
  double s[MAX_REPS];
  memcpy(s, t, sizeof(double) * n);
  qsort(s, n, sizeof *s, cmp);
  return n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

/* The shortest wall time: the run that other jobs disturbed least. */
static double least(const double *t, int n)
{
  double m = t[0];
  for (int i = 1; i < n; i++)
    m = t[i] < m ? t[i] : m;
  return m;
}

static int method_index(kcv_method m)
{
  for (int i = 0; i < N_METHODS; i++)
    if (methods[i] == m)
      return i;
  return -1;
}

static void drop(sweep_case *c, int level, int i)
{
  kcv_plan_free(c->plan[level][i]);
  c->plan[level][i] = NULL;
}

/* Plans made under each build's cap (a plan keeps the build its states
 * were made with) and AUTO's pick under the model scaled for it. */
static void make_plans(sweep_case *c, const kcv_kernel *k, const kcv_image *in, const sweep *s)
{
  for (int level = 0; level <= s->top; level++) {
    kcv__isa_cap(level);
    kcv_options o;
    kcv_options_init(&o);
    o.threads = s->threads;
    kcv_plan *a = NULL;
    c->picked[level] = KCV_METHOD_AUTO;
    if (kcv_plan_new(k, &o, &a) == KCV_OK) {
      c->picked[level] = kcv_plan_choose(a, in->width, in->height, in->channels, NULL);
      c->rank = kcv_plan_rank(a);
    }
    kcv_plan_free(a);
    double least = INFINITY;
    for (int i = 0; i < N_METHODS; i++) {
      o.method = methods[i];
      c->predicted[level][i] = INFINITY;
      if (kcv_plan_new(k, &o, &c->plan[level][i]) != KCV_OK) {
        c->plan[level][i] = NULL;
        continue;
      }
      double t = INFINITY;
      (void)kcv_plan_choose(c->plan[level][i], in->width, in->height, in->channels, &t);
      c->predicted[level][i] = t;
      if (t < least)
        least = t;
    }
    for (int i = 0; i < N_METHODS; i++)
      if (c->plan[level][i] && methods[i] != c->picked[level] &&
          !(c->predicted[level][i] <= PREDICTED_SKIP * least))
        drop(c, level, i);
  }
  kcv__isa_cap(KCV__ISA_AVX512);
}

/* One run; the CPU seconds of the whole process, which other jobs on a
 * loaded machine do not inflate as they do the wall time. */
static int run_once(kcv_plan *p, const kcv_image *in, kcv_image *out, double *cpu, double *wall)
{
  const double w0 = now(), c0 = cpu_now();
  const kcv_status st = kcv_plan_execute(p, in, NULL, out, NULL, NULL);
  *cpu = cpu_now() - c0;
  *wall = now() - w0;
  return st == KCV_OK;
}

/* An untimed run (FFTW plans, spectra, and the state of the kernel widened
 * for interleaved pixels, which takes its build then: so under the cap),
 * then a probe: methods far slower than the fastest probe of their build
 * are not repeated. */
static void warm_and_probe(sweep_case *c, const kcv_image *in, kcv_image *out, const sweep *s)
{
  for (int level = 0; level <= s->top; level++) {
    double probe[N_METHODS], best = INFINITY;
    kcv__isa_cap(level);
    for (int i = 0; i < N_METHODS; i++) {
      double wall;
      probe[i] = INFINITY;
      if (!c->plan[level][i])
        continue;
      if (!run_once(c->plan[level][i], in, out, &probe[i], &wall) ||
          !run_once(c->plan[level][i], in, out, &probe[i], &wall)) {
        drop(c, level, i);
        continue;
      }
      if (probe[i] < best)
        best = probe[i];
    }
    for (int i = 0; i < N_METHODS; i++)
      if (c->plan[level][i] && methods[i] != c->picked[level] && probe[i] > PROBED_SKIP * best)
        drop(c, level, i);
  }
  kcv__isa_cap(KCV__ISA_AVX512);
}

/* Every build and method once per round, in an order shuffled every round
 * (fixed seed), so load from other processes and the cache state a run
 * leaves fall on all of them alike. */
static void time_rounds(sweep_case *c, const kcv_image *in, kcv_image *out, const sweep *s)
{
  int order[N_LEVELS * N_METHODS], n = (s->top + 1) * N_METHODS;
  unsigned lcg = 12345u;
  for (int i = 0; i < n; i++)
    order[i] = i;
  for (int r = 0; r < s->reps; r++) {
    for (int j = n - 1; j > 0; j--) {
      lcg = lcg * 1103515245u + 12345u;
      const int q = (int)((lcg >> 16) % (unsigned)(j + 1)), x = order[j];
      order[j] = order[q];
      order[q] = x;
    }
    for (int j = 0; j < n; j++) {
      const int level = order[j] / N_METHODS, i = order[j] % N_METHODS;
      if (c->plan[level][i] &&
          !run_once(c->plan[level][i], in, out, &c->cpu[level][i][r], &c->wall[level][i][r]))
        drop(c, level, i);
    }
  }
}

static void print_level(const sweep_case *c, int level, const kcv_image *in, const char *kind,
                        int ksize, const sweep *s, sweep_total *total)
{
  double cpu[N_METHODS], wall[N_METHODS];
  int best = -1;
  char rank[16] = "-";
  if (c->rank > 0)
    snprintf(rank, sizeof rank, "%d", c->rank);
  printf("%-7s %4dx%-4d %d %-8s %3dx%-3d %4s", builds[level], in->width, in->height, in->channels,
         kind, ksize, ksize, rank);
  for (int i = 0; i < N_METHODS; i++) {
    cpu[i] = c->plan[level][i] ? median_n(c->cpu[level][i], s->reps) : INFINITY;
    wall[i] = c->plan[level][i] ? least(c->wall[level][i], s->reps) : INFINITY;
    if (isfinite(cpu[i]))
      printf(" %9.2f", cpu[i] * 1e3);
    else
      printf(" %9s", "-");
    if (isfinite(cpu[i]) && (best < 0 || cpu[i] < cpu[best]))
      best = i;
  }
  if (s->predicted) {
    const int threads = s->threads > 0 ? s->threads : kcv__cpu_count();
    printf(" |");
    for (int i = 0; i < N_METHODS; i++)
      printf(" %9.2f", c->predicted[level][i] * threads * 1e3);
  }
  const int p = method_index(c->picked[level]);
  if (best < 0 || p < 0 || !isfinite(cpu[p])) {
    printf("  (no time for AUTO's pick)\n");
    return;
  }
  const double ratio = cpu[p] / cpu[best], wall_ratio = wall[p] / wall[best];
  printf("  %-9s %-9s %5.2f %5.2f%s\n", kcv_method_name(methods[best]),
         kcv_method_name(c->picked[level]), ratio, wall_ratio, ratio > 1.10 ? "  <" : "");
  sweep_total *t = &total[level];
  t->cases++;
  t->over += ratio > 1.10;
  t->worst = ratio > t->worst ? ratio : t->worst;
  t->log_sum += log(ratio);
}

/* --picks-only: AUTO's pick, and with --predicted the model's CPU ms per
 * method (every core busy), to judge a model against a recorded sweep. */
static void print_pick(const sweep_case *c, int level, const kcv_image *in, const char *kind,
                       int ksize, const sweep *s)
{
  printf("%-7s %4dx%-4d %d %-8s %3dx%-3d %s", builds[level], in->width, in->height, in->channels,
         kind, ksize, ksize, kcv_method_name(c->picked[level]));
  if (s->predicted) {
    const int threads = s->threads > 0 ? s->threads : kcv__cpu_count();
    printf(" |");
    for (int i = 0; i < N_METHODS; i++)
      printf(" %9.2f", c->predicted[level][i] * threads * 1e3);
  }
  printf("\n");
}

static void run_case(const kcv_kernel *k, const char *kind, const kcv_image *in, kcv_image *out,
                     const sweep *s, sweep_total *total)
{
  sweep_case *c = calloc(1, sizeof *c);
  if (!c)
    return;
  make_plans(c, k, in, s);
  if (s->picks_only) {
    for (int level = s->top; level >= 0; level--)
      print_pick(c, level, in, kind, k->width, s);
  } else {
    warm_and_probe(c, in, out, s);
    time_rounds(c, in, out, s);
    for (int level = s->top; level >= 0; level--)
      print_level(c, level, in, kind, k->width, s, total);
  }
  fflush(stdout);
  for (int level = 0; level < N_LEVELS; level++)
    for (int i = 0; i < N_METHODS; i++)
      kcv_plan_free(c->plan[level][i]);
  free(c);
}

static void run_image(int side, const float *src, float *dst, const sweep *s, sweep_total *total)
{
  for (int ci = 0; ci < s->n_channels; ci++) {
    const int C = s->channels[ci];
    kcv_image in = {(float *)src, side, side, C, (ptrdiff_t)side * C};
    kcv_image out = {dst, side, side, C, (ptrdiff_t)side * C};
    for (int ki = 0; ki < s->n_kinds; ki++)
      for (int si = 0; si < s->n_sizes; si++) {
        kcv_kernel *k = kcv_bench_kernel(s->sizes[si], s->sizes[si], s->kinds[ki], 7u + si);
        if (k)
          run_case(k, s->kinds[ki], &in, &out, s, total);
        kcv_kernel_free(k);
      }
  }
}

static int parse_ints(const char *list, int *v, int max)
{
  int n = 0;
  for (const char *p = list; *p && n < max; p = strchr(p, ',') ? strchr(p, ',') + 1 : "")
    v[n++] = atoi(p);
  return n;
}

static int parse_args(int argc, char **argv, sweep *s, char *kinds, size_t kinds_size)
{
  for (int a = 2; a < argc; a++) {
    const char *arg = argv[a], *val = a + 1 < argc ? argv[a + 1] : NULL;
    if (strcmp(arg, "--images") == 0 && val)
      s->n_images = parse_ints(val, s->images, MAX_LIST), a++;
    else if (strcmp(arg, "--channels") == 0 && val)
      s->n_channels = parse_ints(val, s->channels, MAX_LIST), a++;
    else if (strcmp(arg, "--kinds") == 0 && val)
      snprintf(kinds, kinds_size, "%s", val), a++;
    else if (strcmp(arg, "--reps") == 0 && val)
      s->reps = atoi(val), a++;
    else if (strcmp(arg, "--threads") == 0 && val)
      s->threads = atoi(val), a++;
    else if (strcmp(arg, "--cores") == 0 && val)
      s->cores = atoi(val), a++;
    else if (strcmp(arg, "--predicted") == 0)
      s->predicted = 1;
    else if (strcmp(arg, "--picks-only") == 0)
      s->picks_only = 1;
    else if (arg[0] != '-' && atoi(arg) > 0 && s->n_sizes < MAX_LIST)
      s->sizes[s->n_sizes++] = atoi(arg);
    else
      return 0;
  }
  s->n_kinds = 0;
  for (char *t = strtok(kinds, ","); t && s->n_kinds < MAX_LIST; t = strtok(NULL, ","))
    s->kinds[s->n_kinds++] = t;
  for (int i = 0; i < s->n_images; i++)
    if (s->images[i] < 1)
      return 0;
  for (int i = 0; i < s->n_channels; i++)
    if (s->channels[i] < 1 || s->channels[i] > 4)
      return 0;
  return s->reps >= 1 && s->reps <= MAX_REPS && s->n_kinds > 0 && s->cores >= 0;
}

static void print_totals(const sweep *s, const sweep_total *total)
{
  printf("# build    cases  worst  over 1.10  geometric mean\n");
  for (int level = s->top; level >= 0; level--) {
    const sweep_total *t = &total[level];
    printf("# %-7s %6d %6.2f %10d %15.3f\n", builds[level], t->cases, t->worst, t->over,
           t->cases ? exp(t->log_sum / t->cases) : 0.0);
  }
}

int kcv_bench_auto_sweep(int argc, char **argv)
{
  static const int sizes[] = {3, 5, 9, 15, 21, 31, 51, 101};
  sweep s = {.images = {256, 2048},
             .n_images = 2,
             .channels = {1, 4},
             .n_channels = 2,
             .reps = 5,
             .top = kcv__isa_level()};
  char kinds[256] = "gaussian,box,disk,random";
  if (!parse_args(argc, argv, &s, kinds, sizeof kinds)) {
    fprintf(stderr, "usage: kcv-bench --auto-sweep [--images N,N] [--channels C,C]\n"
                    "                 [--kinds gaussian,box,disk,random] [--reps R]\n"
                    "                 [--threads T] [--cores N] [--predicted] [--picks-only]\n"
                    "                 [K ...]\n");
    return 2;
  }
  /* With --cores N, AUTO plans for N cores and the methods run on N threads
   * (unless --threads says otherwise): --cores 1 times the picks of a
   * one-core machine, where CPU time is the time waited even under load. */
  kcv__cpu_cap(s.cores);
  if (s.cores > 0 && s.threads == 0)
    s.threads = s.cores;
  if (s.n_sizes == 0)
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
      s.sizes[s.n_sizes++] = sizes[i];
  printf("# kcv-bench --auto-sweep: median of %d, CPU ms of the process (all threads); "
         "ratio = AUTO's pick / fastest (CPU medians, then shortest wall times); '-' = not run "
         "(predicted over %.0fx "
         "or probed over %.0fx the fastest)\n",
         s.reps, PREDICTED_SKIP, PROBED_SKIP);
  printf("# AUTO plans for %d cores; methods run on %d threads\n", kcv__cpu_count(),
         s.threads > 0 ? s.threads : kcv__cpu_count());
  if (s.picks_only)
    printf("%-7s %-9s %s %-8s %-7s %s%s\n", "build", "image", "C", "kind", "kernel", "auto",
           s.predicted ? " | predicted ms: direct, im2col, separable, fft" : "");
  else
    printf("%-7s %-9s %s %-8s %-7s %4s %9s %9s %9s %9s  %-9s %-9s %5s %5s\n", "build", "image", "C",
           "kind", "kernel", "rank", "direct", "im2col", "separable", "fft", "fastest", "auto",
           "cpu", "wall");
  sweep_total total[N_LEVELS] = {{0}};
  for (int ii = 0; ii < s.n_images; ii++) {
    const size_t n = (size_t)s.images[ii] * s.images[ii] * 4;
    float *src = malloc(n * sizeof(float)), *dst = calloc(n, sizeof(float));
    srand(1);
    for (size_t i = 0; src && i < n; i++)
      src[i] = rand() / (float)RAND_MAX;
    if (src && dst)
      run_image(s.images[ii], src, dst, &s, total);
    free(src);
    free(dst);
  }
  print_totals(&s, total);
  return 0;
}
