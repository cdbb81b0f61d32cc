/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: high dynamic range images (a sun in a dark sky) keep every
 * output within 1e-3 of the float64 reference, whatever method AUTO picks. */
#include "kcv-test.h"

#include "kcv-presets.h"

#include <math.h>

/* A sky of values in lo..hi with a disk of radius r at (cx, cy), value v,
 * in channel `channel` of every pixel (the other channels keep the sky). */
static KcvTestImage *scene(int w, int h, int channels, float lo, float hi, int cx, int cy, double r,
                           float v, int channel)
{
  KcvTestImage *im = kcv_test_image_random(w, h, channels, 0, 23, lo, hi);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
        im->view.data[(ptrdiff_t)y * im->view.stride + (ptrdiff_t)x * channels + channel] = v;
  return im;
}

/* Every row_step-th row of the output against the reference: the worst
 * relative error. The FFT's error covers whole tiles, so rows catch it. */
static double worst_relative(const kcv_image *src, const kcv_kernel *k, const kcv_options *o,
                             const kcv_image *got, int row_step, int *wx, int *wy)
{
  double worst = 0.0;
  KcvTestImage *row = kcv_test_image_new(src->width, 1, src->channels, 0);
  for (int y = row_step / 2; y < src->height; y += row_step) {
    kcv_rect rect = {0, y, src->width, 1};
    kcv_test_reference(src, k, o, &rect, &row->view);
    for (int x = 0; x < src->width * src->channels; x++) {
      const double want = row->view.data[x];
      const double g = got->data[(ptrdiff_t)y * got->stride + x];
      const double e = fabs(g - want) / fabs(want);
      if (!(e <= worst)) {
        worst = isnan(e) ? INFINITY : e;
        *wx = x / src->channels;
        *wy = y;
      }
    }
  }
  kcv_test_image_free(row);
  return worst;
}

typedef struct {
  const char *what;
  int w, h, channels, side;
  float lo, hi, sun;
  double radius;
  int sun_channel;
  kcv_method method;
  unsigned mask;
  int row_step;
  double sigma; /* > 0: a Gaussian of that sigma instead of the disk */
} Scene;

static void check_scene(const Scene *s)
{
  /* A disk (r <= 2.5) is the 5x5 block of the issue's 512x512 case. */
  KcvTestImage *src = scene(s->w, s->h, s->channels, s->lo, s->hi, s->w / 3, s->h / 3 + 20,
                            s->radius, s->sun, s->sun_channel);
  KcvTestImage *got = kcv_test_image_new(s->w, s->h, s->channels, 0);
  kcv_kernel *k =
      s->sigma > 0 ? kcv_preset_gaussian(s->sigma, s->sigma, 0, 0) : kcv_test_kernel_disk(s->side);
  kcv_options o;
  kcv_options_init(&o);
  o.method = s->method;
  o.channel_mask = s->mask;
  kcv_plan *plan;
  g_assert_cmpint(kcv_plan_new(k, &o, &plan), ==, KCV_OK);
  const kcv_method m = kcv_plan_choose(plan, s->w, s->h, s->channels, NULL);
  g_assert_cmpint(kcv_plan_execute(plan, &src->view, NULL, &got->view, NULL, NULL), ==, KCV_OK);
  kcv_plan_free(plan);
  int wx = 0, wy = 0;
  const double worst = worst_relative(&src->view, k, &o, &got->view, s->row_step, &wx, &wy);
  g_test_message("%s (%s): worst relative error %.3g at %d,%d", s->what, kcv_method_name(m), worst,
                 wx, wy);
  if (!(worst <= 1e-3)) {
    g_test_message("%s: over 1e-3", s->what);
    g_test_fail();
  }
  kcv_kernel_free(k);
  kcv_test_image_free(src);
  kcv_test_image_free(got);
}

/* The issue's scenes: AUTO picks fft for them. */
static void test_issue_scenes(void)
{
  const Scene scenes[] = {
      {"1500x1000, sun 1e6, disk 101", 1500, 1000, 1, 101, 0.001f, 0.01f, 1e6f, 5, 0,
       KCV_METHOD_AUTO, 0, 97, 0},
      {"1500x1000, sun 5e4, disk 101", 1500, 1000, 1, 101, 0.001f, 0.01f, 5e4f, 5, 0,
       KCV_METHOD_AUTO, 0, 131, 0},
      {"512x512, block 1000 on 0.001, disk 51", 512, 512, 1, 51, 0.001f, 0.001f, 1000.0f, 2.9, 0,
       KCV_METHOD_AUTO, 0, 23, 0},
      {"1024x768, sun 1e6, Gaussian sigma 8", 1024, 768, 1, 0, 0.001f, 0.01f, 1e6f, 5, 0,
       KCV_METHOD_AUTO, 0, 37, 8.0},
  };
  for (guint i = 0; i < G_N_ELEMENTS(scenes); i++)
    check_scene(&scenes[i]);
}

/* The fft method's two paths: interleaved pixels (RGBA, the sun in green)
 * and single planes (one channel of two selected). */
static void test_fft_paths(void)
{
  const Scene scenes[] = {
      {"RGBA 400x300, sun 1e6 in green, disk 41", 400, 300, 4, 41, 0.001f, 0.01f, 1e6f, 5, 1,
       KCV_METHOD_FFT, 0, 29, 0},
      {"2 channels 400x300, first only, disk 41", 400, 300, 2, 41, 0.001f, 0.01f, 1e6f, 5, 0,
       KCV_METHOD_FFT, 1, 29, 0},
  };
  for (guint i = 0; i < G_N_ELEMENTS(scenes); i++)
    check_scene(&scenes[i]);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/core/hdr/issue-scenes", test_issue_scenes);
  g_test_add_func("/core/hdr/fft-paths", test_fft_paths);
  return g_test_run();
}
