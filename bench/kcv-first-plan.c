/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv benchmarks: what the first picture of a new kernel costs when FFT sizes are new to the
 * process, with FFTW's measured plans (the default) and with quick planning (the plug-in's).
 *
 * usage: kcv-first-plan measure|quick [KERNEL-SIDE]
 * A disk of KERNEL-SIDE (default 201) on a 1920x1080 RGB image (the splash photo's size),
 * output 360x270 in the middle (the dialog's preview at 100%). Run once per mode: FFTW's
 * wisdom lives for the whole process. */
#define _POSIX_C_SOURCE 200809L
#include "bench-clock.h"
#include "kcv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
  if (argc < 2 || (strcmp(argv[1], "measure") != 0 && strcmp(argv[1], "quick") != 0)) {
    fprintf(stderr, "usage: %s measure|quick [KERNEL-SIDE]\n", argv[0]);
    return 2;
  }
  if (strcmp(argv[1], "quick") == 0)
    kcv_wisdom_set_planning(KCV_PLANNING_QUICK);
  const int n = argc > 2 ? atoi(argv[2]) : 201, r = n / 2;
  kcv_kernel *k = kcv_kernel_new(n, n);
  const int W = 1920, H = 1080, c = 3;
  float *src = malloc(sizeof(float) * W * H * c), *dst = malloc(sizeof(float) * 360 * 270 * c);
  if (!k || !src || !dst)
    return 1;
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++)
      k->data[y * n + x] = (x - r) * (x - r) + (y - r) * (y - r) <= (r + 0.5) * (r + 0.5);
  for (long i = 0; i < (long)W * H * c; i++)
    src[i] = (float)(i % 251) / 250.0f;
  kcv_image in = {src, W, H, c, W * c}, out = {dst, 360, 270, c, 360 * c};
  kcv_rect rect = {(W - 360) / 2, (H - 270) / 2, 360, 270};
  kcv_options options;
  kcv_options_init(&options);
  kcv_plan *plan;
  double t0 = now();
  if (kcv_plan_new(k, &options, &plan) != KCV_OK)
    return 1;
  double t1 = now();
  kcv_status st = kcv_plan_execute(plan, &in, &rect, &out, NULL, NULL);
  double t2 = now();
  st = st != KCV_OK ? st : kcv_plan_execute(plan, &in, &rect, &out, NULL, NULL);
  double t3 = now();
  printf("%s, %dx%d disk: plan %.1f ms, first picture %.1f ms, second %.1f ms (%s)\n", argv[1], n,
         n, (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3, kcv_status_name(st));
  kcv_plan_free(plan);
  kcv_kernel_free(k);
  free(src);
  free(dst);
  return st == KCV_OK ? 0 : 1;
}
