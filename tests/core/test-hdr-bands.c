/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: the fft method's float bands of magnitude for tiles of high
 * dynamic range (core/methods/fft-bands.c), every output against the
 * float64 reference within 1e-3 of itself. */
#include "kcv-test.h"

#include "kcv-presets.h"

#include <math.h>

/* A square kernel of side `side`: weight 1 where inner <= distance from the
 * centre <= outer, 0 elsewhere (inner > 0: a ring whose centre is zero). */
static kcv_kernel *annulus(int side, double inner, double outer)
{
  kcv_kernel *k = kcv_kernel_new(side, side);
  const double c = (side - 1) / 2.0;
  for (int j = 0; j < side; j++)
    for (int i = 0; i < side; i++) {
      const double d = sqrt((i - c) * (i - c) + (j - c) * (j - c));
      k->data[j * side + i] = d >= inner && d <= outer ? 1.0f : 0.0f;
    }
  return k;
}

/* A sky of lo..hi (one channel). */
static KcvTestImage *sky(int w, int h, float lo, float hi)
{
  return kcv_test_image_random(w, h, 1, 0, 7, lo, hi);
}

static void put_disk(KcvTestImage *im, int cx, int cy, double r, float v)
{
  for (int y = 0; y < im->view.height; y++)
    for (int x = 0; x < im->view.width; x++)
      if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
        im->view.data[(ptrdiff_t)y * im->view.stride + x] = v;
}

/* n single samples at pseudo-random places, value v on the left half of
 * the image and, when both_signs, -v on the right (a window holding both
 * would cancel them, which no float method survives: the direct one is
 * 5e-3 off on such a field). */
static void put_stars(KcvTestImage *im, int n, float v, int both_signs, guint32 seed)
{
  GRand *g = g_rand_new_with_seed(seed);
  for (int s = 0; s < n; s++) {
    const int x = g_rand_int_range(g, 0, im->view.width);
    const int y = g_rand_int_range(g, 0, im->view.height);
    im->view.data[(ptrdiff_t)y * im->view.stride + x] =
        both_signs && x >= im->view.width / 2 ? -v : v;
  }
  g_rand_free(g);
}

/* The fft method's result against the reference, every output: fails
 * with the worst relative error and where it is when over 1e-3. */
static void check(const char *what, const KcvTestImage *src, const kcv_kernel *k)
{
  const int w = src->view.width, h = src->view.height;
  KcvTestImage *got = kcv_test_image_new(w, h, 1, 0);
  KcvTestImage *want = kcv_test_image_new(w, h, 1, 0);
  kcv_options o;
  kcv_options_init(&o);
  o.method = KCV_METHOD_FFT;
  g_assert_cmpint(kcv_convolve(&src->view, k, &o, NULL, &got->view, NULL, NULL), ==, KCV_OK);
  kcv_test_reference(&src->view, k, &o, NULL, &want->view);
  double worst = 0.0;
  int wx = 0, wy = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      const double a = want->view.data[(ptrdiff_t)y * want->view.stride + x];
      const double g = got->view.data[(ptrdiff_t)y * got->view.stride + x];
      const double e = fabs(g - a) / fabs(a);
      if (!(e <= worst)) {
        worst = isnan(e) ? INFINITY : e;
        wx = x;
        wy = y;
      }
    }
  g_test_message("%s: worst relative error %.3g at %d,%d", what, worst, wx, wy);
  if (!(worst <= 1e-3))
    g_test_fail();
  kcv_test_image_free(got);
  kcv_test_image_free(want);
}

/* src through a ring of 31 (centre zero) and a disk of 41. */
static void check_ring_and_disk(const char *what, const KcvTestImage *src)
{
  kcv_kernel *ring = annulus(31, 10.0, 15.0);
  kcv_kernel *d = annulus(41, 0.0, 20.5);
  char *name = g_strdup_printf("%s, ring 31 (centre zero)", what);
  check(name, src, ring);
  g_free(name);
  name = g_strdup_printf("%s, disk 41", what);
  check(name, src, d);
  g_free(name);
  kcv_kernel_free(ring);
  kcv_kernel_free(d);
}

/* A few very bright samples, positive and negative, spread over a dark
 * tile: added back one by one. With a ring, the outputs at a star's centre
 * do not see it and must keep the dark sky's precision. */
static void test_stars(void)
{
  KcvTestImage *src = sky(320, 240, 0.001f, 0.01f);
  put_stars(src, 60, 1e6f, 1, 3);
  check_ring_and_disk("60 stars of +-1e6", src);
  kcv_test_image_free(src);
}

/* A star in a hundred pixels (1e4) and a sun (1e8): too many stars to add
 * one by one, so they are a band, and the sun one of its own. */
static void test_star_field(void)
{
  KcvTestImage *src = sky(320, 240, 0.001f, 0.01f);
  put_stars(src, 768, 1e4f, 0, 5);
  put_disk(src, 60, 60, 3.0, 1e8f);
  check_ring_and_disk("768 stars of 1e4, sun 1e8", src);
  kcv_test_image_free(src);
}

/* Too many bright samples to add one by one: a bright region (1e4), suns
 * inside it (1e9: a second band), a negative region (-1e4); the ring's
 * hole asks for the reach. */
static void test_regions(void)
{
  KcvTestImage *src = sky(320, 240, 0.001f, 0.01f);
  put_disk(src, 100, 120, 60.0, 1e4f);
  put_disk(src, 90, 110, 4.0, 1e9f);
  put_disk(src, 120, 140, 3.0, 1e9f);
  put_disk(src, 250, 100, 30.0, -1e4f);
  check_ring_and_disk("regions 1e4, -1e4, suns 1e9", src);
  kcv_test_image_free(src);
}

/* A bright region through a Gaussian: the outputs at its edge see a few
 * bright samples through weights near 1e-4 of the peak, below the band's
 * transform error, and need the direct sums. */
static void test_gaussian_edge(void)
{
  KcvTestImage *src = sky(320, 240, 0.001f, 0.01f);
  put_disk(src, 160, 120, 70.0, 1e4f);
  kcv_kernel *g = kcv_preset_gaussian(4.0, 4.0, 0, 0);
  check("region 1e4, Gaussian sigma 4", src, g);
  kcv_kernel_free(g);
  kcv_test_image_free(src);
}

/* Values whose float spectrum would overflow (RMS x samples past FLT_MAX),
 * over a sky of 1..10 and alone: each band is scaled by a power of two
 * first. */
static void test_huge(void)
{
  kcv_kernel *d = annulus(9, 0.0, 4.5);
  KcvTestImage *src = sky(320, 240, 1.0f, 10.0f);
  put_disk(src, 160, 120, 60.0, 2e35f);
  check("region 2e35 on 1..10, disk 9", src, d);
  kcv_test_image_free(src);
  src = sky(320, 240, 1e35f, 3e35f);
  check("1e35..3e35 everywhere, disk 9", src, d);
  kcv_test_image_free(src);
  kcv_kernel_free(d);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/core/hdr-bands/stars", test_stars);
  g_test_add_func("/core/hdr-bands/star-field", test_star_field);
  g_test_add_func("/core/hdr-bands/regions", test_regions);
  g_test_add_func("/core/hdr-bands/gaussian-edge", test_gaussian_edge);
  g_test_add_func("/core/hdr-bands/huge", test_huge);
  return g_test_run();
}
