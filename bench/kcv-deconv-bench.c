/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv benchmark: deconvolution of a 1024x1024 RGB image by a 15x15 motion
 * PSF (a horizontal line), Wiener and Richardson-Lucy at 10 and 30
 * iterations; prints the median of RUNS wall-clock times per case.
 * Usage: kcv-deconv-bench [THREADS [RUNS]] (defaults 2 and 5). */
#define _POSIX_C_SOURCE 200809L

#include "bench-clock.h"
#include "kcv-deconv.h"

#include <stdio.h>
#include <stdlib.h>

#define SIDE 1024
#define PSF 15

static double time_case(const kcv_image *src, kcv_image *dst, const kcv_kernel *psf,
                        const kcv_deconv_options *o, int runs)
{
  double *t = malloc((size_t)runs * sizeof *t);
  if (!t)
    return -1;
  for (int r = 0; r < runs; r++) {
    double t0 = now();
    if (kcv_deconvolve(src, psf, o, dst, NULL, NULL) != KCV_OK) {
      free(t);
      return -1;
    }
    t[r] = now() - t0;
  }
  qsort(t, (size_t)runs, sizeof *t, cmp);
  double median = t[runs / 2];
  free(t);
  return median;
}

int main(int argc, char **argv)
{
  const int threads = argc > 1 ? atoi(argv[1]) : 2, runs = argc > 2 ? atoi(argv[2]) : 5;
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
  printf("# %dx%d RGB, %dx%d motion PSF, %d threads, median of %d runs\n", SIDE, SIDE, PSF, PSF,
         threads, runs);
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    kcv_deconv_options o;
    kcv_deconv_options_init(&o);
    o.method = cases[c].method;
    o.iterations = cases[c].iterations;
    o.regularisation = cases[c].regularisation;
    o.threads = threads;
    printf("%-8s %.3f s\n", cases[c].name, time_case(&src, &dst, psf, &o, runs));
  }
  kcv_kernel_free(psf);
  free(a);
  free(b);
  return 0;
}
