/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv benchmark: deconvolution of a 1024x1024 RGB image by a 15x15 motion
 * PSF (a horizontal line), Wiener and Richardson-Lucy at 10 and 30
 * iterations; prints the median of RUNS wall-clock times per case, and
 * the median of the process's CPU time (all threads) per run: on a shared
 * machine the wall time grows with the load, the CPU time much less.
 * Usage: kcv-deconv-bench [THREADS [RUNS [CASE]]] (defaults 2, 5, all). */
#define _POSIX_C_SOURCE 200809L

#include "bench-clock.h"
#include "kcv-deconv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIDE 1024
#define PSF 15

static double median(double *t, int runs)
{
  qsort(t, (size_t)runs, sizeof *t, cmp);
  return t[runs / 2];
}

/* The medians of RUNS calls' wall and CPU seconds; -1 on failure. */
static void time_case(const kcv_image *src, kcv_image *dst, const kcv_kernel *psf,
                      const kcv_deconv_options *o, int runs, double *wall, double *cpu)
{
  double *t = malloc(2 * (size_t)runs * sizeof *t), *c = t + runs;
  *wall = *cpu = -1;
  if (!t)
    return;
  for (int r = 0; r < runs; r++) {
    double t0 = now(), c0 = cpu_now();
    if (kcv_deconvolve(src, psf, o, dst, NULL, NULL) != KCV_OK) {
      free(t);
      return;
    }
    t[r] = now() - t0;
    c[r] = cpu_now() - c0;
  }
  *wall = median(t, runs);
  *cpu = median(c, runs);
  free(t);
}

int main(int argc, char **argv)
{
  const int threads = argc > 1 ? atoi(argv[1]) : 2, runs = argc > 2 ? atoi(argv[2]) : 5;
  const char *only = argc > 3 ? argv[3] : NULL;
  const size_t n = (size_t)SIDE * SIDE * 3;
  float *a = malloc(n * sizeof(float)), *b = malloc(n * sizeof(float));
  kcv_kernel *psf = kcv_kernel_new(PSF, PSF);
  if (!a || !b || !psf || runs < 1)
    return 1;
  srand(1);
  for (size_t i = 0; i < n; i++)
    a[i] = (float)rand() / (float)RAND_MAX;
  for (int i = 0; i < PSF; i++)
    psf->data[(PSF / 2) * PSF + i] = 1.0f;
  kcv_image src = {a, SIDE, SIDE, 3, SIDE * 3}, dst = {b, SIDE, SIDE, 3, SIDE * 3};
  static const struct {
    const char *name;
    kcv_deconv_method method;
    int iterations;
    double regularisation;
  } cases[] = {{"wiener", KCV_DECONV_WIENER, 1, 0.005},
               {"rl-10", KCV_DECONV_RICHARDSON_LUCY, 10, 0},
               {"rl-30", KCV_DECONV_RICHARDSON_LUCY, 30, 0}};
  printf("# %dx%d RGB, %dx%d motion PSF, %d threads, median of %d runs (wall, CPU)\n", SIDE, SIDE,
         PSF, PSF, threads, runs);
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    if (only && strcmp(only, cases[c].name) != 0)
      continue;
    kcv_deconv_options o;
    kcv_deconv_options_init(&o);
    o.method = cases[c].method;
    o.iterations = cases[c].iterations;
    o.regularisation = cases[c].regularisation;
    o.threads = threads;
    double wall, cpu;
    time_case(&src, &dst, psf, &o, runs, &wall, &cpu);
    printf("%-8s %.3f s  %.3f s\n", cases[c].name, wall, cpu);
  }
  kcv_kernel_free(psf);
  free(a);
  free(b);
  return 0;
}
