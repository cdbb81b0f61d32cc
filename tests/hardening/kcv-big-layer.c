/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv manual check: a W x H RGBA 8-bit layer through a K x K kernel the way
 * the plug-in does it (plugin/kcv-plugin-render.c: bands of at most 256 MiB of
 * float source plus halo, one plan), to measure time and peak memory:
 *   /usr/bin/time -v kcv-big-layer [W H K]      (default 16384 16384 101) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kcv.h"

#define BAND_BUDGET ((size_t)256 << 20)
#define BAND_MIN_ROWS 64

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int clampi(int v, int lo, int hi)
{
  return v < lo ? lo : (v > hi ? hi : v);
}

int main(int argc, char **argv)
{
  const int W = argc > 1 ? atoi(argv[1]) : 16384;
  const int H = argc > 2 ? atoi(argv[2]) : 16384;
  const int K = argc > 3 ? atoi(argv[3]) : 101;
  const int C = 4;
  if (W < 1 || H < 1 || K < 1 || K > KCV_KERNEL_MAX) {
    fprintf(stderr, "usage: kcv-big-layer [W H K]\n");
    return 2;
  }
  /* The layer and its shadow, 8-bit as GIMP holds them. */
  uint8_t *layer = malloc((size_t)W * H * C);
  uint8_t *shadow = malloc((size_t)W * H * C);
  if (!layer || !shadow) {
    fprintf(stderr, "cannot allocate the layer\n");
    return 1;
  }
  for (size_t i = 0; i < (size_t)W * H * C; i++)
    layer[i] = (uint8_t)(i * 2654435761u >> 24);

  kcv_kernel *kernel = kcv_kernel_new(K, K);
  for (int i = 0; i < K * K; i++)
    kernel->data[i] = 1.0f + (float)(i % 7);
  kcv_options opt;
  kcv_options_init(&opt);
  kcv_plan *plan = NULL;
  if (kcv_plan_new(kernel, &opt, &plan) != KCV_OK)
    return 1;

  const int hx = K / 2, hy = K / 2, pw = W + 2 * hx;
  const size_t row_bytes = (size_t)pw * C * sizeof(float);
  int band = (int)(BAND_BUDGET / row_bytes) - 2 * hy;
  band = band < K ? K : band;
  band = band < BAND_MIN_ROWS ? BAND_MIN_ROWS : band;
  band = band > H ? H : band;
  float *P = malloc(row_bytes * (size_t)(band + 2 * hy));
  float *out = malloc((size_t)W * band * C * sizeof(float));
  if (!P || !out)
    return 1;
  double seconds = 0;
  kcv_method m = kcv_plan_choose(plan, W, band, C, &seconds);
  printf("%d x %d RGBA 8-bit, kernel %d x %d, bands of %d rows, method %s\n", W, H, K, K, band,
         kcv_method_name(m));

  const double t0 = now();
  kcv_status st = KCV_OK;
  for (int y0 = 0; y0 < H && st == KCV_OK; y0 += band) {
    const int bh = y0 + band > H ? H - y0 : band;
    for (int y = 0; y < bh + 2 * hy; y++) {
      const uint8_t *s = layer + (size_t)clampi(y0 - hy + y, 0, H - 1) * W * C;
      float *d = P + (size_t)y * pw * C;
      for (int x = 0; x < pw; x++)
        for (int c = 0; c < C; c++)
          d[(size_t)x * C + c] = s[(size_t)clampi(x - hx, 0, W - 1) * C + c] / 255.0f;
    }
    kcv_image in = {P, pw, bh + 2 * hy, C, (ptrdiff_t)pw * C};
    kcv_rect rect = {hx, hy, W, bh};
    kcv_image res = {out, W, bh, C, (ptrdiff_t)W * C};
    st = kcv_plan_execute(plan, &in, &rect, &res, NULL, NULL);
    for (size_t i = 0; i < (size_t)W * bh * C; i++) {
      float v = out[i] * 255.0f + 0.5f;
      shadow[(size_t)y0 * W * C + i] = (uint8_t)(v < 0 ? 0 : (v > 255 ? 255 : v));
    }
  }
  printf("%s in %.1f s\n", kcv_status_name(st), now() - t0);
  kcv_plan_free(plan);
  kcv_kernel_free(kernel);
  free(P);
  free(out);
  free(layer);
  free(shadow);
  return st == KCV_OK ? 0 : 1;
}
