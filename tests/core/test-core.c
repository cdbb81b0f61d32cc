/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: the core's public API against the naive float64 reference:
 * every method, border, channel count, kernel shape, rect and option. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include "kcv-test.h"

#include "kcv-private.h"

#include <math.h>
#include <string.h>
#include <time.h>

static const kcv_method all_methods[] = {KCV_METHOD_DIRECT, KCV_METHOD_IM2COL, KCV_METHOD_FFT,
                                         KCV_METHOD_AUTO};
static const kcv_border all_borders[] = {KCV_BORDER_CLAMP, KCV_BORDER_WRAP, KCV_BORDER_MIRROR,
                                         KCV_BORDER_TRANSPARENT};

/* Worst pixel: float accumulation over n taps of values in [0, 1) scaled by
 * sum |w| / |divisor| stays well within 1e-5 of that scale. */
static double worst_bound(const kcv_kernel *k, const kcv_options *o)
{
  double a = 0, s = kcv_kernel_sum(k);
  for (int i = 0; i < k->width * k->height; i++)
    a += fabs(k->data[i]);
  double d = o->divisor != 0 ? o->divisor : kcv_kernel_auto_divisor(k);
  (void)s;
  return 1e-5 * (a / fabs(d) + fabs(o->offset) + 1.0);
}

/* Runs one case against the reference; returns FALSE when the method
 * refuses the kernel (separable on full rank), which the caller expects. */
static gboolean check_case(const kcv_image *src, const kcv_kernel *k, const kcv_options *o,
                           const kcv_rect *rect, const char *what)
{
  int w = rect ? rect->width : src->width, h = rect ? rect->height : src->height;
  KcvTestImage *got = kcv_test_image_new(w, h, src->channels, 3);
  KcvTestImage *want = kcv_test_image_new(w, h, src->channels, 0);
  kcv_status st = kcv_convolve(src, k, o, rect, &got->view, NULL, NULL);
  if (st == KCV_ERR_METHOD && o->method == KCV_METHOD_SEPARABLE) {
    kcv_test_image_free(got);
    kcv_test_image_free(want);
    return FALSE;
  }
  if (st != KCV_OK) {
    g_test_message("%s: kcv_convolve returned %s (%s)", what, kcv_status_name(st),
                   kcv_status_message(st));
    g_test_fail();
  } else {
    kcv_test_reference(src, k, o, rect, &want->view);
    kcv_test_assert_close(&got->view, &want->view, 1e-6, worst_bound(k, o), what);
  }
  kcv_test_image_free(got);
  kcv_test_image_free(want);
  return TRUE;
}

static void test_status_messages(void)
{
  for (int s = 0; s < KCV_STATUS_COUNT; s++) {
    g_assert_nonnull(kcv_status_message(s));
    g_assert_true(g_str_has_prefix(kcv_status_name(s), "KCV_"));
  }
  g_assert_cmpstr(kcv_status_message(KCV_STATUS_COUNT), ==, "unknown status");
  g_assert_cmpstr(kcv_method_name(KCV_METHOD_FFT), ==, "fft");
  g_assert_null(kcv_method_name(KCV_METHOD_COUNT));
  g_assert_cmpstr(kcv_method_label(KCV_METHOD_FFT), ==, "FFT");
  g_assert_cmpstr(kcv_method_label(KCV_METHOD_COUNT), ==, "auto");
}

/* Colour bits (1 red/grey, 2 green, 4 blue, 8 alpha) to the pixel's channel
 * indices, written out case by case for each layout. */
static void test_channel_mask_from_colours(void)
{
  static const struct {
    unsigned colours;
    int channels;
    unsigned want;
  } cases[] = {
      {0, 1, 0x1},  {0, 2, 0x3}, {0, 3, 0x7}, {0, 4, 0xF},  {1, 1, 0x1},  {2, 1, 0x0},
      {8, 1, 0x0},  {9, 2, 0x3}, {8, 2, 0x2}, {6, 2, 0x0},  {1, 2, 0x1},  {8, 3, 0x0},
      {10, 3, 0x2}, {5, 3, 0x5}, {8, 4, 0x8}, {12, 4, 0xC}, {15, 4, 0xF}, {0x1F, 4, 0xF},
      {1, 0, 0x0},  {1, 5, 0x0}, {0, 0, 0x0}, {7, 3, 0x7},  {3, 4, 0x3},  {4, 1, 0x0},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    unsigned got = kcv_channel_mask_from_colours(cases[i].colours, cases[i].channels);
    if (got != cases[i].want)
      g_test_message("colours %u on %d channels: %#x, want %#x", cases[i].colours,
                     cases[i].channels, got, cases[i].want);
    g_assert_cmpuint(got, ==, cases[i].want);
  }
}

static void test_auto_divisor(void)
{
  float box[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  float lap[9] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
  float nearly[3] = {0.1f, 0.2f, -0.3f}; /* sums to ~1e-8 in float: zero */
  kcv_kernel *k = kcv_kernel_new_from_data(3, 3, box);
  g_assert_cmpfloat(kcv_kernel_auto_divisor(k), ==, 9.0);
  kcv_kernel_free(k);
  k = kcv_kernel_new_from_data(3, 3, lap);
  g_assert_cmpfloat(kcv_kernel_auto_divisor(k), ==, 1.0);
  kcv_kernel_free(k);
  k = kcv_kernel_new_from_data(3, 1, nearly);
  g_assert_cmpfloat(kcv_kernel_auto_divisor(k), ==, 1.0);
  kcv_kernel_free(k);
}

/* "All channels" leaves alpha alone under a zero-sum kernel only. */
static void test_default_channel_mask(void)
{
  static const float lap[9] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
  static const float sobel[9] = {-1, 0, 1, -2, 0, 2, -1, 0, 1};
  static const float emboss[9] = {-1, -1, 0, -1, 0, 1, 0, 1, 1};
  static const float nearly[3] = {0.1f, 0.2f, -0.3f};
  static const float sharpen[9] = {0, -1, 0, -1, 5, -1, 0, -1, 0};
  static const float box[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  const float *zero_sum[] = {lap, sobel, emboss, nearly};
  for (gsize i = 0; i < G_N_ELEMENTS(zero_sum); i++) {
    kcv_kernel *k = kcv_kernel_new_from_data(3, zero_sum[i] == nearly ? 1 : 3, zero_sum[i]);
    g_assert_true(kcv_kernel_is_zero_sum(k));
    g_assert_cmpuint(kcv_kernel_default_channel_mask(k, 1), ==, 1);
    g_assert_cmpuint(kcv_kernel_default_channel_mask(k, 2), ==, 1);
    g_assert_cmpuint(kcv_kernel_default_channel_mask(k, 3), ==, 7);
    g_assert_cmpuint(kcv_kernel_default_channel_mask(k, 4), ==, 7);
    kcv_kernel_free(k);
  }
  const float *other[] = {sharpen, box};
  for (gsize i = 0; i < G_N_ELEMENTS(other); i++) {
    kcv_kernel *k = kcv_kernel_new_from_data(3, 3, other[i]);
    g_assert_false(kcv_kernel_is_zero_sum(k));
    g_assert_cmpuint(kcv_kernel_default_channel_mask(k, 2), ==, 3);
    g_assert_cmpuint(kcv_kernel_default_channel_mask(k, 4), ==, 15);
    kcv_kernel_free(k);
  }
  g_assert_cmpuint(kcv_kernel_default_channel_mask(NULL, 5), ==, 0);
}

/* Every front end's arguments become options here: the table spells out, for
 * each layout, which channels a zero-sum kernel (a Laplacian) and a blur
 * convolve, with the default colours and with colours asked for. */
static void test_options_from_user(void)
{
  static const float lap[9] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
  static const float box[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  static const struct {
    const float *weights;
    unsigned colours;
    int channels;
    kcv_status want_status;
    unsigned want_mask; /* 0: every channel */
    int want_alpha_weighting;
  } cases[] = {
      {lap, 0, 4, KCV_OK, 0x7, 1},         {lap, 0, 2, KCV_OK, 0x1, 1},
      {lap, 0, 3, KCV_OK, 0, 0},           {lap, 0, 1, KCV_OK, 0, 0},
      {lap, 15, 4, KCV_OK, 0, 1},          {lap, 8, 4, KCV_OK, 0x8, 1},
      {lap, 9, 2, KCV_OK, 0, 1},           {lap, 8, 3, KCV_ERR_CHANNEL_MASK, 0, 0},
      {box, 0, 4, KCV_OK, 0, 1},           {box, 0, 2, KCV_OK, 0, 1},
      {box, 5, 4, KCV_OK, 0x5, 1},         {box, 2, 1, KCV_ERR_CHANNEL_MASK, 0, 0},
      {box, 0, 5, KCV_ERR_CHANNELS, 0, 0}, {box, 0, 0, KCV_ERR_CHANNELS, 0, 0},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    kcv_kernel *k = kcv_kernel_new_from_data(3, 3, cases[i].weights);
    kcv_user_args args = {KCV_METHOD_FFT, KCV_BORDER_MIRROR, 2.5, -0.25, cases[i].colours, 1};
    kcv_options o;
    kcv_status st = kcv_options_from_user(&args, k, cases[i].channels, &o);
    g_test_message("case %" G_GSIZE_FORMAT ": colours %u on %d channels", i, cases[i].colours,
                   cases[i].channels);
    g_assert_cmpint(st, ==, cases[i].want_status);
    if (st == KCV_OK) {
      g_assert_cmpuint(o.channel_mask, ==, cases[i].want_mask);
      g_assert_cmpint(o.alpha_weighting, ==, cases[i].want_alpha_weighting);
      g_assert_cmpint(o.method, ==, KCV_METHOD_FFT);
      g_assert_cmpint(o.border, ==, KCV_BORDER_MIRROR);
      g_assert_cmpfloat(o.divisor, ==, 2.5);
      g_assert_cmpfloat(o.offset, ==, -0.25);
      g_assert_cmpint(o.flip, ==, 0);
      g_assert_cmpint(o.threads, ==, 0);
      int want_n = cases[i].want_mask ? 0 : cases[i].channels;
      for (unsigned m = cases[i].want_mask; m; m >>= 1)
        want_n += (int)(m & 1u);
      g_assert_cmpint(kcv_options_convolved_channels(&o, cases[i].channels), ==, want_n);
    }
    kcv_kernel_free(k);
  }
  kcv_options o;
  g_assert_cmpint(kcv_options_from_user(NULL, NULL, 4, &o), ==, KCV_ERR_NULL);
}

static void test_bad_arguments(void)
{
  KcvTestImage *src = kcv_test_image_random(8, 8, 3, 0, 1, 0, 1);
  KcvTestImage *dst = kcv_test_image_new(8, 8, 3, 0);
  kcv_kernel *k = kcv_test_kernel_random(3, 3, 2);
  kcv_options o;
  kcv_options_init(&o);
  kcv_plan *p = NULL;

  g_assert_null(kcv_kernel_new(0, 3));
  g_assert_null(kcv_kernel_new(3, KCV_KERNEL_MAX + 1));
  g_assert_cmpint(kcv_plan_new(NULL, &o, &p), ==, KCV_ERR_NULL);
  g_assert_cmpint(kcv_plan_new(k, &o, NULL), ==, KCV_ERR_NULL);
  kcv_kernel bad = {0, 3, k->data};
  g_assert_cmpint(kcv_plan_new(&bad, &o, &p), ==, KCV_ERR_KERNEL_SIZE);
  bad = (kcv_kernel){KCV_KERNEL_MAX + 1, 1, k->data};
  g_assert_cmpint(kcv_plan_new(&bad, &o, &p), ==, KCV_ERR_KERNEL_SIZE);
  k->data[4] = NAN;
  g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_ERR_KERNEL_VALUE);
  k->data[4] = INFINITY;
  g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_ERR_KERNEL_VALUE);
  k->data[4] = 0.5f;
  o.divisor = NAN;
  g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_ERR_DIVISOR);
  o.divisor = 1e-300;
  g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_ERR_DIVISOR);
  o.divisor = 0;
  o.offset = INFINITY;
  g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_ERR_OFFSET);
  o.offset = 0;
  o.border = 7;
  g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_ERR_BORDER);
  o.border = KCV_BORDER_CLAMP;
  o.method = 9;
  g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_ERR_METHOD);
  o.method = KCV_METHOD_AUTO;
  o.threads = -1;
  g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_ERR_THREADS);
  o.threads = 0;
  g_assert_null(p);

  g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_OK);
  kcv_image s = src->view, d = dst->view;
  s.stride = 5;
  g_assert_cmpint(kcv_plan_execute(p, &s, NULL, &d, NULL, NULL), ==, KCV_ERR_STRIDE);
  s = src->view;
  s.channels = 5;
  g_assert_cmpint(kcv_plan_execute(p, &s, NULL, &d, NULL, NULL), ==, KCV_ERR_CHANNELS);
  s = src->view;
  s.width = 0;
  g_assert_cmpint(kcv_plan_execute(p, &s, NULL, &d, NULL, NULL), ==, KCV_ERR_IMAGE_SIZE);
  s = src->view;
  s.data = NULL;
  g_assert_cmpint(kcv_plan_execute(p, &s, NULL, &d, NULL, NULL), ==, KCV_ERR_NULL);
  s = src->view;
  kcv_rect r = {4, 4, 5, 4};
  g_assert_cmpint(kcv_plan_execute(p, &s, &r, &d, NULL, NULL), ==, KCV_ERR_RECT);
  r = (kcv_rect){0, 0, 4, 4};
  g_assert_cmpint(kcv_plan_execute(p, &s, &r, &d, NULL, NULL), ==, KCV_ERR_OUTPUT_SIZE);
  kcv_plan_free(p);

  o.channel_mask = 8; /* alpha of a 3-channel image */
  g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_OK);
  g_assert_cmpint(kcv_plan_execute(p, &s, NULL, &d, NULL, NULL), ==, KCV_ERR_CHANNEL_MASK);
  kcv_plan_free(p);
  kcv_plan_free(NULL);
  kcv_kernel_free(NULL);

  kcv_kernel_free(k);
  kcv_test_image_free(src);
  kcv_test_image_free(dst);
}

/* The seed document's example: a 100x100 random image, the 3x3 Sobel-like
 * kernel, the "valid" region (98x98), against its naive loop. */
static void test_seed_example(void)
{
  const float sobel[9] = {-1, 0, 1, -2, 0, 2, -1, 0, 1};
  KcvTestImage *img = kcv_test_image_random(100, 100, 1, 0, 42, 0, 1);
  kcv_kernel *k = kcv_kernel_new_from_data(3, 3, sobel);
  kcv_rect valid = {1, 1, 98, 98};
  for (size_t m = 0; m < G_N_ELEMENTS(all_methods); m++) {
    kcv_options o;
    kcv_options_init(&o);
    o.method = all_methods[m];
    KcvTestImage *out = kcv_test_image_new(98, 98, 1, 0);
    g_assert_cmpint(kcv_convolve(&img->view, k, &o, &valid, &out->view, NULL, NULL), ==, KCV_OK);
    double worst = 0;
    for (int y = 0; y < 98; y++)
      for (int x = 0; x < 98; x++) {
        double s = 0;
        for (int j = 0; j < 3; j++)
          for (int i = 0; i < 3; i++)
            s += sobel[j * 3 + i] * img->alloc[(y + j) * 100 + x + i];
        worst = fmax(worst, fabs(s - out->alloc[y * 98 + x]));
      }
    if (worst > 1e-5) {
      g_test_message("seed example, %s: worst difference %.3g", kcv_method_name(o.method), worst);
      g_test_fail();
    }
    kcv_test_image_free(out);
  }
  kcv_kernel_free(k);
  kcv_test_image_free(img);
}

typedef struct {
  int kw, kh;
} shape;

static const shape shapes[] = {{1, 1}, {3, 3}, {5, 5},   {4, 4},  {2, 6},  {1, 7},
                               {9, 1}, {7, 3}, {15, 15}, {31, 9}, {40, 40}};

/* Every method x border x channel count x kernel shape on a strided image. */
static void test_matches_reference(gconstpointer data)
{
  kcv_method method = GPOINTER_TO_INT(data);
  for (size_t b = 0; b < G_N_ELEMENTS(all_borders); b++)
    for (int C = 1; C <= 4; C++)
      for (size_t s = 0; s < G_N_ELEMENTS(shapes); s++) {
        KcvTestImage *src = kcv_test_image_random(37, 29, C, 5, 100 + C, 0, 1);
        kcv_kernel *k = kcv_test_kernel_random(shapes[s].kw, shapes[s].kh, 7 * s + 1);
        kcv_options o;
        kcv_options_init(&o);
        o.method = method;
        o.border = all_borders[b];
        o.divisor = 1.0;
        char *what = g_strdup_printf("%s border %d, %d channels, kernel %dx%d",
                                     kcv_method_name(method), o.border, C, k->width, k->height);
        check_case(&src->view, k, &o, NULL, what);
        g_free(what);
        kcv_kernel_free(k);
        kcv_test_image_free(src);
      }
}

/* Separable: low-rank kernels, and refusal of a full-rank one. */
static void test_separable(void)
{
  for (size_t b = 0; b < G_N_ELEMENTS(all_borders); b++)
    for (int r = 1; r <= 3; r++) {
      int kw = 11 + 2 * r, kh = 7;
      kcv_kernel *k = kcv_kernel_new(kw, kh);
      GRand *g = g_rand_new_with_seed(r);
      for (int t = 0; t < r; t++) {
        double v[64], h[64];
        for (int j = 0; j < kh; j++)
          v[j] = g_rand_double_range(g, -1, 1);
        for (int i = 0; i < kw; i++)
          h[i] = g_rand_double_range(g, -1, 1);
        for (int j = 0; j < kh; j++)
          for (int i = 0; i < kw; i++)
            k->data[j * kw + i] += (float)(v[j] * h[i]);
      }
      g_rand_free(g);
      KcvTestImage *src = kcv_test_image_random(50, 41, 4, 0, 9, 0, 1);
      kcv_options o;
      kcv_options_init(&o);
      o.method = KCV_METHOD_SEPARABLE;
      o.border = all_borders[b];
      o.divisor = 1.0;
      char *what = g_strdup_printf("separable rank %d border %d", r, o.border);
      g_assert_true(check_case(&src->view, k, &o, NULL, what));
      g_free(what);
      kcv_plan *p;
      g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_OK);
      g_assert_cmpint(kcv_plan_rank(p), ==, r);
      kcv_plan_free(p);
      kcv_kernel_free(k);
      kcv_test_image_free(src);
    }
  kcv_kernel *k = kcv_test_kernel_random(9, 9, 3);
  KcvTestImage *src = kcv_test_image_random(20, 20, 1, 0, 9, 0, 1);
  KcvTestImage *dst = kcv_test_image_new(20, 20, 1, 0);
  kcv_options o;
  kcv_options_init(&o);
  o.method = KCV_METHOD_SEPARABLE;
  g_assert_cmpint(kcv_convolve(&src->view, k, &o, NULL, &dst->view, NULL, NULL), ==,
                  KCV_ERR_METHOD);
  kcv_plan *p;
  g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_OK);
  g_assert_cmpint(kcv_plan_rank(p), ==, -1);
  kcv_plan_free(p);
  kcv_test_image_free(dst);
  kcv_test_image_free(src);
  kcv_kernel_free(k);
}

/* Kernels larger than the image, 1x1 images, sub-rectangles, flip,
 * divisor/offset, channel mask and alpha weighting, for every method. */
static void test_options(gconstpointer data)
{
  kcv_method method = GPOINTER_TO_INT(data);
  struct {
    int w, h, C, kw, kh, flip, mask, alpha;
    double divisor, offset;
    kcv_rect rect;
  } cases[] = {
      {5, 4, 3, 13, 11, 0, 0, 0, 1, 0, {0, 0, 5, 4}},        /* kernel larger than image */
      {1, 1, 2, 5, 5, 0, 0, 0, 0, 0, {0, 0, 1, 1}},          /* 1x1 image */
      {1, 9, 1, 3, 6, 0, 0, 0, 0, 0.25, {0, 2, 1, 5}},       /* 1-wide image, rect */
      {40, 30, 4, 6, 4, 1, 0, 0, 2.5, -0.5, {3, 5, 17, 20}}, /* flip, even, rect */
      {40, 30, 3, 5, 5, 1, 0, 0, 0, 0, {0, 0, 40, 30}},      /* flip, auto divisor */
      {33, 27, 4, 7, 7, 0, 0x5, 0, 0, 0.1, {2, 2, 30, 20}},  /* channel mask R+B */
      {33, 27, 4, 9, 5, 0, 0, 1, 0, 0, {0, 0, 33, 27}},      /* alpha weighting RGBA */
      {33, 27, 2, 4, 7, 1, 0, 1, 3, 0, {1, 0, 30, 27}},      /* alpha weighting grey+alpha */
      {33, 27, 4, 5, 5, 0, 0x7, 1, 0, 0, {0, 0, 33, 27}},    /* weighted, alpha copied */
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
    for (size_t b = 0; b < G_N_ELEMENTS(all_borders); b++) {
      KcvTestImage *src =
          kcv_test_image_random(cases[i].w, cases[i].h, cases[i].C, 1, 50 + i, 0.05f, 1);
      kcv_kernel *k = kcv_test_kernel_random(cases[i].kw, cases[i].kh, 90 + i);
      if (cases[i].alpha) /* positive weights: a blur, as alpha weighting is meant for */
        for (int t = 0; t < k->width * k->height; t++)
          k->data[t] = fabsf(k->data[t]) + (t % 3 == 0 ? -0.2f : 0.0f);
      kcv_options o;
      kcv_options_init(&o);
      o.method = method;
      o.border = all_borders[b];
      o.flip = cases[i].flip;
      o.channel_mask = cases[i].mask;
      o.alpha_weighting = cases[i].alpha;
      o.divisor = cases[i].divisor;
      o.offset = cases[i].offset;
      char *what = g_strdup_printf("%s case %zu border %d", kcv_method_name(method), i, o.border);
      check_case(&src->view, k, &o, &cases[i].rect, what);
      g_free(what);
      kcv_kernel_free(k);
      kcv_test_image_free(src);
    }
}

/* A non-negative kernel of the given kind: 0 rank 1, 1 dense of rank 3
 * (every tap non-zero; the separable method serves it as three pairs),
 * 2 dense of full rank (separable refuses it beyond its maximum rank). */
static kcv_kernel *nonnegative_kernel(int kw, int kh, int kind, guint32 seed)
{
  kcv_kernel *k = kcv_test_kernel_random(kw, kh, seed);
  if (kind == 2) {
    for (int e = 0; e < kw * kh; e++)
      k->data[e] = fabsf(k->data[e]);
    return k;
  }
  GRand *r = g_rand_new_with_seed(seed);
  for (int e = 0; e < kw * kh; e++)
    k->data[e] = 0.0f;
  for (int pair = 0; pair < (kind == 0 ? 1 : 3); pair++) {
    double u[32], v[32];
    for (int i = 0; i < kw; i++)
      u[i] = kind == 0 ? 1.0 + i % 3 : g_rand_double_range(r, 0.1, 1.0);
    for (int j = 0; j < kh; j++)
      v[j] = kind == 0 ? 2.0 + j % 4 : g_rand_double_range(r, 0.1, 1.0);
    for (int j = 0; j < kh; j++)
      for (int i = 0; i < kw; i++)
        k->data[j * kw + i] += (float)(u[i] * v[j]);
  }
  g_rand_free(r);
  return k;
}

/* Alpha weighting with non-negative kernels takes the interleaved paths
 * (premultiplied fill, division after): against the float64 reference for
 * every method, on grey+alpha and RGBA with fully transparent pixels, a
 * rank-1 kernel, a dense one of rank 3 and a dense one of full rank, and an
 * offset. Every case runs, except that separable refuses a full-rank kernel
 * wider and taller than its maximum rank. */
static void test_alpha_nonnegative(gconstpointer data)
{
  kcv_method method = GPOINTER_TO_INT(data);
  const int sizes[][2] = {{5, 5}, {9, 4}, {23, 23}};
  static const char *const kinds[] = {"rank-1", "dense rank-3", "dense"};
  for (int C = 2; C <= 4; C += 2)
    for (size_t z = 0; z < G_N_ELEMENTS(sizes); z++)
      for (int kind = 0; kind < 3; kind++) {
        const int kw = sizes[z][0], kh = sizes[z][1];
        KcvTestImage *src = kcv_test_image_random(71, 53, C, 2, 7 + C, 0, 1);
        for (int e = 0; e < 71 * 53; e += 5)
          src->view.data[(e / 71) * src->view.stride + (e % 71) * C + C - 1] = 0.0f;
        kcv_kernel *k = nonnegative_kernel(kw, kh, kind, 3 + (guint32)z);
        kcv_options o;
        kcv_options_init(&o);
        o.method = method;
        o.alpha_weighting = 1;
        o.offset = 0.125;
        o.border = all_borders[z % G_N_ELEMENTS(all_borders)];
        char *what = g_strdup_printf("%s, %d channels, %s %dx%d", kcv_method_name(method), C,
                                     kinds[kind], kw, kh);
        gboolean ran = check_case(&src->view, k, &o, NULL, what);
        if (!ran && !(kind == 2 && MIN(kw, kh) > KCV_SEPARABLE_MAX_RANK)) {
          g_test_message("%s: separable refused a kernel it can serve", what);
          g_test_fail();
        }
        g_free(what);
        kcv_kernel_free(k);
        kcv_test_image_free(src);
      }
}

/* Every method gives the same bits on 1, 2, 3 and 8 threads. Natively on
 * 700x300; with KCV_TEST_SMALL on 560x130, a third of the work, which the
 * methods' own tile sizes still cut into 2 to 66 tiles per case, a partial
 * one in each direction for direct and im2col (512 columns; 32, 16, 8 or 4
 * rows for direct, 64 for im2col) and for fft with the 3x3 kernel (3x3
 * tiles of 187x44); fft's 25x25 and 64x64 take 2 tiles (its single 64x64
 * tile at 700x300 never shared one). */
static void test_thread_invariance(void)
{
  const int ks[] = {3, 25, 64};
  const int w = kcv_test_small() ? 560 : 700, h = kcv_test_small() ? 130 : 300;
  for (size_t m = 0; m < G_N_ELEMENTS(all_methods); m++)
    for (size_t t = 0; t < G_N_ELEMENTS(ks); t++) {
      KcvTestImage *src = kcv_test_image_random(w, h, 3, 0, 5, 0, 1);
      kcv_kernel *k = kcv_test_kernel_random(ks[t], ks[t], 6);
      KcvTestImage *ref = NULL;
      const int counts[] = {1, 2, 3, 8};
      for (size_t c = 0; c < G_N_ELEMENTS(counts); c++) {
        kcv_options o;
        kcv_options_init(&o);
        o.method = all_methods[m];
        o.threads = counts[c];
        KcvTestImage *out = kcv_test_image_new(w, h, 3, 0);
        g_assert_cmpint(kcv_convolve(&src->view, k, &o, NULL, &out->view, NULL, NULL), ==, KCV_OK);
        if (!ref) {
          ref = out;
        } else {
          if (memcmp(ref->alloc, out->alloc, sizeof(float) * w * h * 3) != 0) {
            g_test_message("%s %dx%d: %d threads differ from 1 thread", kcv_method_name(o.method),
                           ks[t], ks[t], counts[c]);
            g_test_fail();
          }
          kcv_test_image_free(out);
        }
      }
      kcv_test_image_free(ref);
      kcv_kernel_free(k);
      kcv_test_image_free(src);
    }
}

/* All channels without alpha weighting take the interleaved tile path
 * (direct and separable with a widened kernel, fft through run_interleaved,
 * which also takes alpha weighting with non-negative kernels); a channel
 * mask takes the planar one. Direct and fft promise the same bits
 * on both; separable's low-rank factors of the widened kernel may differ in
 * the last bits, so it is held to the reference tolerance elsewhere. */
static void test_interleaved_matches_planar(void)
{
  const kcv_method ms[] = {KCV_METHOD_DIRECT, KCV_METHOD_FFT};
  const int ks[][2] = {{3, 3}, {7, 4}, {25, 25}, {64, 9}};
  for (int aw = 0; aw <= 1; aw++)
    for (size_t m = 0; m < G_N_ELEMENTS(ms); m++)
      for (int C = 2; C <= 4; C++)
        for (size_t t = 0; t < G_N_ELEMENTS(ks); t++) {
          if (aw && C == 3)
            continue; /* alpha weighting needs an alpha channel */
          KcvTestImage *src = kcv_test_image_random(333, 201, C, 7, 5, 0, 1);
          kcv_kernel *k = kcv_test_kernel_random(ks[t][0], ks[t][1], 9);
          kcv_options o;
          kcv_options_init(&o);
          o.method = ms[m];
          o.border = (kcv_border)(t % KCV_BORDER_COUNT);
          if (aw) {
            /* fft takes alpha weighting on its interleaved path when no
             * weight is negative; some pixels fully transparent. */
            for (int e = 0; e < k->width * k->height; e++)
              k->data[e] = fabsf(k->data[e]);
            for (int e = 0; e < 333 * 201; e += 7)
              src->view.data[(e / 333) * src->view.stride + (e % 333) * C + C - 1] = 0.0f;
            o.alpha_weighting = 1;
            o.offset = 0.25;
          }
          KcvTestImage *all = kcv_test_image_new(333, 201, C, 0);
          KcvTestImage *one = kcv_test_image_new(333, 201, C, 0);
          g_assert_cmpint(kcv_convolve(&src->view, k, &o, NULL, &all->view, NULL, NULL), ==,
                          KCV_OK);
          for (int c = 0; c < C; c++) {
            o.channel_mask = 1u << c;
            g_assert_cmpint(kcv_convolve(&src->view, k, &o, NULL, &one->view, NULL, NULL), ==,
                            KCV_OK);
            for (int y = 0; y < 201; y++)
              for (int x = 0; x < 333; x++) {
                const float a = all->view.data[y * all->view.stride + x * C + c];
                const float b = one->view.data[y * one->view.stride + x * C + c];
                if (memcmp(&a, &b, sizeof a) != 0) {
                  g_test_message("%s %d channels %dx%d%s: channel %d at (%d, %d): %.9g vs %.9g",
                                 kcv_method_name(ms[m]), C, ks[t][0], ks[t][1],
                                 aw ? " (alpha weighting)" : "", c, x, y, a, b);
                  g_test_fail();
                  y = 201;
                  break;
                }
              }
          }
          kcv_test_image_free(one);
          kcv_test_image_free(all);
          kcv_kernel_free(k);
          kcv_test_image_free(src);
        }
}

/* An output of 64 MiB or more is written with non-temporal stores by the
 * direct method (plan.c's STREAM_BYTES): the same bits as the planar path,
 * on an image from malloc (16-byte aligned rows, not 64). */
static void test_streamed_output(void)
{
  const int w = 2048, h = 2048, C = 4;
  KcvTestImage *src = kcv_test_image_random(w, h, C, 0, 3, 0, 1);
  KcvTestImage *all = kcv_test_image_new(w, h, C, 0);
  KcvTestImage *one = kcv_test_image_new(w, h, C, 0);
  kcv_kernel *k = kcv_test_kernel_random(3, 3, 4);
  kcv_options o;
  kcv_options_init(&o);
  o.method = KCV_METHOD_DIRECT;
  g_assert_cmpint(kcv_convolve(&src->view, k, &o, NULL, &all->view, NULL, NULL), ==, KCV_OK);
  for (int c = 0; c < C; c++) {
    o.channel_mask = 1u << c; /* the other channels are copied from src */
    g_assert_cmpint(kcv_convolve(&src->view, k, &o, NULL, &one->view, NULL, NULL), ==, KCV_OK);
    size_t differ = 0;
    for (size_t e = (size_t)c; e < (size_t)w * h * C; e += C)
      differ += memcmp(&all->view.data[e], &one->view.data[e], sizeof(float)) != 0;
    g_assert_cmpuint(differ, ==, 0);
  }
  kcv_kernel_free(k);
  kcv_test_image_free(one);
  kcv_test_image_free(all);
  kcv_test_image_free(src);
}

/* The streamed output (every large band the plug-in writes) against the
 * float64 reference, not only against another path of the same code: direct
 * with a random 3x3 kernel and separable with a rank-1 5x3 one (the two
 * methods that stream), each under two border modes, so that all four are
 * covered, on a 64 MiB RGBA output. */
static void test_streamed_reference(void)
{
  const int w = 2048, h = 2048, C = 4;
  KcvTestImage *src = kcv_test_image_random(w, h, C, 0, 11, 0, 1);
  KcvTestImage *got = kcv_test_image_new(w, h, C, 0);
  KcvTestImage *want = kcv_test_image_new(w, 1, C, 0);
  for (int m = 0; m < 2; m++) {
    kcv_kernel *k = kcv_test_kernel_random(m ? 5 : 3, 3, 12);
    if (m)
      for (int j = 0; j < 3; j++)
        for (int i = 0; i < 5; i++)
          k->data[j * 5 + i] = (float)((i - 1.5) * (j + 0.5));
    for (int b = 0; b < 2; b++) {
      kcv_options o;
      kcv_options_init(&o);
      o.method = m ? KCV_METHOD_SEPARABLE : KCV_METHOD_DIRECT;
      o.border = all_borders[2 * m + b];
      o.divisor = 1.0;
      g_assert_cmpint(kcv_convolve(&src->view, k, &o, NULL, &got->view, NULL, NULL), ==, KCV_OK);
      /* Every row near the edges, and one in 8 elsewhere: each tile of
       * rows is reached, at an eighth of the reference's time. */
      for (int y = 0; y < h; y += y < 3 || y >= h - 4 ? 1 : 8) {
        kcv_rect row = {0, y, w, 1};
        kcv_image want_row = {want->alloc, w, 1, C, (ptrdiff_t)w * C};
        kcv_image got_row = got->view;
        got_row.data += (ptrdiff_t)y * got->view.stride;
        got_row.height = 1;
        kcv_test_reference(&src->view, k, &o, &row, &want_row);
        char *what = g_strdup_printf("streamed %s, border %d, row %d", kcv_method_name(o.method),
                                     o.border, y);
        kcv_test_assert_close(&got_row, &want_row, 1e-6, worst_bound(k, &o), what);
        g_free(what);
      }
    }
    kcv_kernel_free(k);
  }
  kcv_test_image_free(want);
  kcv_test_image_free(got);
  kcv_test_image_free(src);
}

/* The built-in model's direct and separable per-tap costs grow for the
 * AVX2 and SSE2 builds (fewer floats per instruction), the rest stays; a
 * model that was set is taken as it is, whatever the build. */
static void test_cost_follows_isa(void)
{
  if (kcv__isa_level() < KCV__ISA_AVX512) {
    g_test_skip("needs a machine with AVX-512 to compare the three builds");
    return;
  }
  kcv_cost_model_reset(); /* other tests set models of their own */
  kcv_cost_model m[3];
  for (int level = KCV__ISA_PORTABLE; level <= KCV__ISA_AVX512; level++) {
    kcv__isa_cap(level);
    kcv_cost_model_get(&m[level]);
  }
  for (int level = KCV__ISA_PORTABLE; level < KCV__ISA_AVX512; level++) {
    g_assert_cmpfloat(m[level].direct_per_tap, >, m[level + 1].direct_per_tap);
    g_assert_cmpfloat(m[level].separable_per_tap, >, m[level + 1].separable_per_tap);
    g_assert_cmpfloat(m[level].fft_per_point, ==, m[KCV__ISA_AVX512].fft_per_point);
    g_assert_cmpfloat(m[level].im2col_per_tap, ==, m[KCV__ISA_AVX512].im2col_per_tap);
    g_assert_cmpfloat(m[level].per_sample, ==, m[KCV__ISA_AVX512].per_sample);
  }
  kcv__isa_cap(KCV__ISA_PORTABLE);
  kcv_cost_model_set(&m[KCV__ISA_AVX512]);
  kcv_cost_model got;
  kcv_cost_model_get(&got);
  g_assert_cmpmem(&got, sizeof got, &m[KCV__ISA_AVX512], sizeof got);
  kcv__isa_cap(KCV__ISA_AVX512);
  kcv_cost_model_reset();
}

/* AUTO's pick under the built-in model scaled for each vector build (the
 * ISA capped too: double-summed passes cost per build), planning for one
 * core, against the fastest method as measured (kcv-bench --auto-sweep,
 * docs/benchmarks.md "AUTO across vector builds": every row on the Intel
 * machine there, the fastest ahead by 14% or more; KCV_METHOD_AUTO where the
 * race was closer). The scaled model must rank the methods as the builds
 * ran them. */
typedef struct {
  const char *kind;
  int side, image, channels;
  kcv_method fastest[3]; /* SSE2, AVX2, AVX-512 builds */
} measured_pick;

static kcv_kernel *cost_kernel(const char *kind, int side)
{
  kcv_kernel *k = kcv_kernel_new(side, side);
  const double s = side / 6.0, c = (side - 1) / 2.0, r = c + 0.25;
  for (int j = 0; j < side; j++)
    for (int i = 0; i < side; i++) {
      const double x = i - c, y = j - c;
      double v = exp(-(x * x + y * y) / (2 * s * s));
      if (strcmp(kind, "sparse") == 0) /* the centre and the four corners */
        v = (x == 0 && y == 0) || (fabs(x) == c && fabs(y) == c) ? 1.0 : 0.0;
      else if (strcmp(kind, "disk") == 0) /* as kcv-bench's: rank 3 at 9x9 */
        v = x * x + y * y <= r * r ? 1.0 : 0.0;
      k->data[j * side + i] = (float)v;
    }
  return k;
}

static void check_picks(const measured_pick *picks, size_t n)
{
  static const char *const builds[] = {"SSE2", "AVX2", "AVX-512"};
  kcv__cpu_cap(1);
  /* The machine's own level, read before any cap: each build is checked
   * under its cap, and a capped kcv__isa_level() would skip the wider ones. */
  kcv__isa_cap(KCV__ISA_AVX512);
  const int top = kcv__isa_level();
  for (size_t c = 0; c < n; c++) {
    kcv_kernel *k = cost_kernel(picks[c].kind, picks[c].side);
    for (int level = KCV__ISA_PORTABLE; level <= KCV__ISA_AVX512; level++) {
      if (picks[c].fastest[level] == KCV_METHOD_AUTO || top < level)
        continue;
      kcv__isa_cap(level);
      kcv_cost_model m;
      kcv__cost_model_builtin(level, &m);
      kcv_cost_model_set(&m);
      kcv_plan *p;
      g_assert_cmpint(kcv_plan_new(k, NULL, &p), ==, KCV_OK);
      const kcv_method got =
          kcv_plan_choose(p, picks[c].image, picks[c].image, picks[c].channels, NULL);
      if (got != picks[c].fastest[level]) {
        g_test_message("%s %dx%d on %dx%d x %d, %s build: AUTO picks %s, %s was faster",
                       picks[c].kind, picks[c].side, picks[c].side, picks[c].image, picks[c].image,
                       picks[c].channels, builds[level], kcv_method_name(got),
                       kcv_method_name(picks[c].fastest[level]));
        g_test_fail();
      }
      kcv_plan_free(p);
    }
    kcv_kernel_free(k);
  }
  kcv__isa_cap(KCV__ISA_AVX512);
  kcv__cpu_cap(0);
  kcv_cost_model_reset();
}

static void test_cost_isa_picks(void)
{
  /* AVX2's RGBA 51x51 was fft 1.14x faster at load; on a quieter machine
   * the two race (fft 1.14x faster to separable 1.28x, "Seventh pass"). */
  const measured_pick picks[] = {
      {"gaussian", 51, 2048, 4, {KCV_METHOD_FFT, KCV_METHOD_AUTO, KCV_METHOD_SEPARABLE}},
      {"gaussian", 15, 2048, 4, {KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE}},
      {"sparse", 15, 2048, 4, {KCV_METHOD_DIRECT, KCV_METHOD_DIRECT, KCV_METHOD_DIRECT}},
  };
  check_picks(picks, G_N_ELEMENTS(picks));
}

/* The misses of the first sweep with the AVX2 and SSE2 builds: a 3x3 on
 * RGBA (direct 1.4x to 1.5x faster than separable with SSE2), rank-1 21x21
 * with SSE2 (fft 1.2x faster at 256x256, 1.4x at 2048x2048), and a 9x9
 * disk on one channel with SSE2 (fft 1.5x slower than direct, 1.4x slower
 * than separable). That sweep ran at load 8 to 15; on a quiet machine SSE2
 * ran the 21x21 at 256x256 faster with separable, which
 * /core/cost/separable-cached holds. */
static void test_cost_isa_picks_small(void)
{
  const measured_pick picks[] = {
      {"gaussian", 3, 256, 4, {KCV_METHOD_DIRECT, KCV_METHOD_DIRECT, KCV_METHOD_DIRECT}},
      {"gaussian", 3, 2048, 4, {KCV_METHOD_DIRECT, KCV_METHOD_DIRECT, KCV_METHOD_AUTO}},
      {"gaussian", 21, 256, 1, {KCV_METHOD_AUTO, KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE}},
      {"gaussian", 21, 2048, 4, {KCV_METHOD_FFT, KCV_METHOD_AUTO, KCV_METHOD_SEPARABLE}},
  };
  check_picks(picks, G_N_ELEMENTS(picks));
  /* The disk: any method but fft. */
  kcv__cpu_cap(1);
  kcv__isa_cap(KCV__ISA_PORTABLE);
  kcv_kernel *k = cost_kernel("disk", 9);
  kcv_plan *p;
  g_assert_cmpint(kcv_plan_new(k, NULL, &p), ==, KCV_OK);
  g_assert_cmpint(kcv_plan_rank(p), ==, 3);
  g_assert_cmpint(kcv_plan_choose(p, 256, 256, 1, NULL), !=, KCV_METHOD_FFT);
  kcv_plan_free(p);
  kcv_kernel_free(k);
  kcv__isa_cap(KCV__ISA_AVX512);
  kcv__cpu_cap(0);
}

/* A short separable pass costs its taps and a little more, not a floor of
 * 8 taps: with the floor, SSE2 picked direct for a one-channel 3x3
 * Gaussian that separable ran 1.04x to 1.25x faster at 256x256 to
 * 2048x2048 (kcv-bench --auto-sweep --cores 1, quiet machine,
 * docs/benchmarks.md "Fifth pass"). The 5x5 disk (rank 2) on one channel
 * and the 3x3 on RGBA stay direct with SSE2: direct ran them 1.1x to 1.3x
 * and 1.0x to 1.4x faster. */
static void test_cost_short_pass(void)
{
  const measured_pick picks[] = {
      {"gaussian", 3, 256, 1, {KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE, KCV_METHOD_AUTO}},
      {"gaussian", 3, 1024, 1, {KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE, KCV_METHOD_AUTO}},
      {"gaussian", 3, 2048, 1, {KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE, KCV_METHOD_AUTO}},
      {"disk", 5, 256, 1, {KCV_METHOD_DIRECT, KCV_METHOD_AUTO, KCV_METHOD_AUTO}},
      {"gaussian", 3, 256, 4, {KCV_METHOD_DIRECT, KCV_METHOD_DIRECT, KCV_METHOD_DIRECT}},
  };
  check_picks(picks, G_N_ELEMENTS(picks));
}

/* On an image that fits in cache (256x256 RGBA) the separable passes run
 * faster than on a large one, and fft's tiles do not: on a quiet machine
 * SSE2 ran rank-1 21x21 separable 1.2x to 1.47x faster than fft at 256x256
 * (1 to 4 channels) and 1.0x to 1.19x at 512x512 on one channel, where at
 * 2048x2048 RGBA fft was 1.2x faster (kcv-bench --auto-sweep --cores 1,
 * docs/benchmarks.md "Fifth pass"). */
static void test_cost_separable_cached(void)
{
  const measured_pick picks[] = {
      {"gaussian", 21, 256, 1, {KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE}},
      {"gaussian", 21, 256, 4, {KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE}},
      {"gaussian", 21, 512, 1, {KCV_METHOD_SEPARABLE, KCV_METHOD_AUTO, KCV_METHOD_AUTO}},
      {"gaussian", 21, 2048, 4, {KCV_METHOD_FFT, KCV_METHOD_AUTO, KCV_METHOD_SEPARABLE}},
  };
  check_picks(picks, G_N_ELEMENTS(picks));
}

/* Direct reads 2 to 4 interleaved channels in place: per sample it costs
 * less than the calibrated figure. AVX-512 and AVX2 ran the RGBA 9x9 disk
 * (rank 3) with direct 1.1x to 1.35x faster than separable at 512x512 to
 * 2048x2048, one core, where AUTO picked separable; the RGBA 15x15 disk
 * (rank 5, AVX-512) and the one-channel 9x9 disk stayed faster with
 * separable (kcv-bench --auto-sweep --cores 1, docs/benchmarks.md "Sixth
 * pass"). */
static void test_cost_interleaved_direct(void)
{
  const measured_pick picks[] = {
      {"disk", 9, 512, 4, {KCV_METHOD_AUTO, KCV_METHOD_DIRECT, KCV_METHOD_DIRECT}},
      {"disk", 9, 1024, 4, {KCV_METHOD_AUTO, KCV_METHOD_DIRECT, KCV_METHOD_DIRECT}},
      {"disk", 9, 2048, 4, {KCV_METHOD_AUTO, KCV_METHOD_DIRECT, KCV_METHOD_DIRECT}},
      {"disk", 15, 1024, 4, {KCV_METHOD_AUTO, KCV_METHOD_AUTO, KCV_METHOD_SEPARABLE}},
      {"disk", 9, 1024, 1, {KCV_METHOD_AUTO, KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE}},
  };
  check_picks(picks, G_N_ELEMENTS(picks));
}

/* A double-summed pass (over 16 taps) costs the narrower builds less than
 * it was given, and no less in cache: SSE2 ran a rank-1 21x21 on one
 * channel with separable 1.1x to 1.66x faster than fft at 1024x1024 and
 * 2048x2048, one core, where AUTO picked fft; on RGBA at 1536x1536 and
 * 2048x2048 fft stayed 1.0x to 1.2x faster, and at 256x256 one channel
 * separable (kcv-bench --auto-sweep --cores 1, docs/benchmarks.md "Seventh
 * pass"): interleaved channels' double-summed taps cost more. */
static void test_cost_double_pass(void)
{
  const measured_pick picks[] = {
      {"gaussian", 21, 1024, 1, {KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE}},
      {"gaussian", 21, 2048, 1, {KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE}},
      {"gaussian", 21, 2048, 4, {KCV_METHOD_FFT, KCV_METHOD_AUTO, KCV_METHOD_SEPARABLE}},
      {"gaussian", 21, 1536, 4, {KCV_METHOD_FFT, KCV_METHOD_AUTO, KCV_METHOD_AUTO}},
      {"gaussian", 21, 256, 1, {KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE}},
  };
  check_picks(picks, G_N_ELEMENTS(picks));
}

/* One channel runs fft on the planar path (a padded copy of each tile in,
 * and the result scattered out), four run it on the interleaved one: with
 * AVX2, a rank-1 51x51 on one 2048x2048 channel ran separable 1.15x to 1.45x
 * faster than fft (kcv-bench --auto-sweep --cores 1, docs/benchmarks.md
 * "Third pass"); on RGBA the two race (fft 1.14x faster to separable 1.28x,
 * "Fifth pass" and "Seventh pass"), SSE2 keeps fft. */
static void test_cost_fft_one_channel(void)
{
  const measured_pick picks[] = {
      {"gaussian", 51, 2048, 1, {KCV_METHOD_FFT, KCV_METHOD_SEPARABLE, KCV_METHOD_SEPARABLE}},
      {"gaussian", 51, 2048, 4, {KCV_METHOD_FFT, KCV_METHOD_AUTO, KCV_METHOD_SEPARABLE}},
  };
  check_picks(picks, G_N_ELEMENTS(picks));
}

/* A plan remembers AUTO's choice for an output size, but not across a
 * change of the cost model: the next choice follows the new model. */
static void test_choice_follows_model(void)
{
  kcv_kernel *k = kcv_test_kernel_random(31, 31, 2);
  kcv_plan *p;
  g_assert_cmpint(kcv_plan_new(k, NULL, &p), ==, KCV_OK);
  kcv_cost_model saved, m;
  kcv_cost_model_get(&saved);
  m = saved;
  m.fft_per_point = 1e-15; /* fft nearly free */
  kcv_cost_model_set(&m);
  g_assert_cmpint(kcv_plan_choose(p, 1000, 800, 4, NULL), ==, KCV_METHOD_FFT);
  m = saved;
  m.direct_per_tap = 1e-18; /* now direct is */
  m.direct_per_sample = 1e-18;
  kcv_cost_model_set(&m);
  g_assert_cmpint(kcv_plan_choose(p, 1000, 800, 4, NULL), ==, KCV_METHOD_DIRECT);
  kcv_cost_model_set(&saved);
  kcv_plan_free(p);
  kcv_kernel_free(k);
}

typedef struct {
  int calls;
  int stop_after;
  double last;
  gboolean monotonic;
  GThread *thread;
  gboolean same_thread;
} progress_state;

static int on_progress(double fraction, void *data)
{
  progress_state *s = data;
  s->calls++;
  if (fraction < s->last || fraction < 0 || fraction > 1)
    s->monotonic = FALSE;
  s->last = fraction;
  if (g_thread_self() != s->thread)
    s->same_thread = FALSE;
  return s->stop_after > 0 && s->calls >= s->stop_after;
}

/* Cancel is promised within 50 ms of work. The test measures CPU time, not
 * wall time, so a loaded machine cannot fail it, and the bound leaves room
 * for slower CPUs while a tile of seconds still fails it. Sanitizers slow
 * these loops 20 to 150 times (ThreadSanitizer: 35 ms of work became 5.3 s),
 * so there only the relation is checked: the work done after a cancel is
 * about one tile per thread, a tile being the longest stretch between two
 * progress calls in the same run. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define KCV_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define KCV_TEST_SANITIZED 1
#endif
#endif
#define CANCEL_BOUND_US 300000

static gint64 cpu_us(clockid_t clock)
{
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (gint64)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

typedef struct {
  int calls;
  gint64 prev, max_gap, cancelled_at;
} latency_state;

/* Asks to stop at the second call; records the longest stretch of this
 * thread's CPU time between calls, and the process' CPU time at the stop. */
static int on_progress_timed(double fraction, void *data)
{
  latency_state *s = data;
  gint64 now = cpu_us(CLOCK_THREAD_CPUTIME_ID);
  (void)fraction;
  if (s->calls > 0 && now - s->prev > s->max_gap)
    s->max_gap = now - s->prev;
  s->prev = now;
  if (++s->calls < 2)
    return 0;
  s->cancelled_at = cpu_us(CLOCK_PROCESS_CPUTIME_ID);
  return 1;
}

/* A forced direct run with a 1025x1025 kernel on RGBA: the work between two
 * progress calls (one thread) and the work done after a cancel (two
 * threads, each finishing its tile) stay within the bound, since the work
 * is split by its cost, not by pixels. */
static void check_cancel_latency(void)
{
  KcvTestImage *src = kcv_test_image_random(256, 64, 4, 0, 5, 0, 1);
  KcvTestImage *dst = kcv_test_image_new(256, 64, 4, 0);
  kcv_kernel *k = kcv_test_kernel_random(1025, 1025, 9);
  gint64 tile = 0;
  for (int threads = 1; threads <= 2; threads++) {
    kcv_options o;
    kcv_options_init(&o);
    o.method = KCV_METHOD_DIRECT;
    o.threads = threads;
    latency_state s = {0, 0, 0, 0};
    gint64 t0 = g_get_monotonic_time();
    g_assert_cmpint(kcv_convolve(&src->view, k, &o, NULL, &dst->view, on_progress_timed, &s), ==,
                    KCV_ERR_CANCELLED);
    gint64 after = cpu_us(CLOCK_PROCESS_CPUTIME_ID) - s.cancelled_at;
    g_test_message("1025x1025 direct, %d threads: %.1f ms of CPU at most between progress calls, "
                   "%.1f ms of CPU after the cancel, %.1f ms wall in all",
                   threads, s.max_gap / 1e3, after / 1e3, (g_get_monotonic_time() - t0) / 1e3);
    if (threads == 1) {
      tile = s.max_gap;
#ifndef KCV_TEST_SANITIZED
      g_assert_cmpint(tile, <, CANCEL_BOUND_US);
#endif
      continue;
    }
    /* Each thread finishes the tile it holds, at most; twice that leaves
     * room for two threads sharing caches and a sanitizer's locks. */
    g_assert_cmpint(after, <, 2 * threads * tile + 20000);
#ifndef KCV_TEST_SANITIZED
    g_assert_cmpint(after, <, threads * CANCEL_BOUND_US);
#endif
  }
  kcv_kernel_free(k);
  kcv_test_image_free(src);
  kcv_test_image_free(dst);
}

static void test_progress_and_cancel(void)
{
  KcvTestImage *src = kcv_test_image_random(1500, 1000, 4, 0, 5, 0, 1);
  KcvTestImage *dst = kcv_test_image_new(1500, 1000, 4, 0);
  kcv_kernel *k = kcv_test_kernel_random(21, 21, 6);
  for (int threads = 1; threads <= 2; threads++) {
    kcv_options o;
    kcv_options_init(&o);
    o.method = KCV_METHOD_DIRECT;
    o.threads = threads;
    progress_state s = {0, 0, 0, TRUE, g_thread_self(), TRUE};
    g_assert_cmpint(kcv_convolve(&src->view, k, &o, NULL, &dst->view, on_progress, &s), ==, KCV_OK);
    g_assert_cmpint(s.calls, >=, 2);
    g_assert_true(s.monotonic);
    g_assert_true(s.same_thread);
    g_assert_cmpfloat(s.last, ==, 1.0);

    progress_state c = {0, 2, 0, TRUE, g_thread_self(), TRUE};
    gint64 t0 = g_get_monotonic_time();
    g_assert_cmpint(kcv_convolve(&src->view, k, &o, NULL, &dst->view, on_progress, &c), ==,
                    KCV_ERR_CANCELLED);
    g_assert_cmpint(c.calls, ==, 2);
    g_test_message("cancel with %d threads returned after %.1f ms", threads,
                   (g_get_monotonic_time() - t0) / 1e3);
  }
  kcv_kernel_free(k);
  kcv_test_image_free(src);
  kcv_test_image_free(dst);
  check_cancel_latency();
}

/* One plan, many executions on moving views, as the preview does. */
static void test_plan_reuse(void)
{
  KcvTestImage *src = kcv_test_image_random(120, 90, 4, 0, 5, 0, 1);
  kcv_kernel *k = kcv_test_kernel_random(17, 13, 8);
  for (size_t m = 0; m < G_N_ELEMENTS(all_methods); m++) {
    kcv_options o;
    kcv_options_init(&o);
    o.method = all_methods[m];
    o.border = KCV_BORDER_MIRROR;
    o.divisor = 1;
    kcv_plan *p;
    g_assert_cmpint(kcv_plan_new(k, &o, &p), ==, KCV_OK);
    for (int i = 0; i < 6; i++) {
      kcv_rect r = {i * 11, i * 7, 50 + i, 40 - i};
      KcvTestImage *got = kcv_test_image_new(r.width, r.height, 4, 0);
      KcvTestImage *want = kcv_test_image_new(r.width, r.height, 4, 0);
      g_assert_cmpint(kcv_plan_execute(p, &src->view, &r, &got->view, NULL, NULL), ==, KCV_OK);
      kcv_test_reference(&src->view, k, &o, &r, &want->view);
      kcv_test_assert_close(&got->view, &want->view, 1e-6, worst_bound(k, &o), "plan reuse");
      kcv_test_image_free(got);
      kcv_test_image_free(want);
    }
    double secs = -1;
    kcv_method chosen = kcv_plan_choose(p, 1024, 768, 4, &secs);
    g_assert_true(chosen != KCV_METHOD_AUTO && chosen < KCV_METHOD_COUNT);
    g_assert_cmpfloat(secs, >, 0);
    kcv_plan_free(p);
  }
  kcv_kernel_free(k);
  kcv_test_image_free(src);
}

/* Slow sweep: every square size 1..64 for every method and border. */
static void test_sweep(void)
{
  if (!g_test_thorough()) {
    g_test_skip("runs with -m thorough (the slow suite)");
    return;
  }
  for (int n = 1; n <= 64; n++)
    for (size_t m = 0; m < G_N_ELEMENTS(all_methods); m++)
      for (size_t b = 0; b < G_N_ELEMENTS(all_borders); b++) {
        KcvTestImage *src = kcv_test_image_random(48, 40, 2, 2, n, 0, 1);
        kcv_kernel *k = kcv_test_kernel_random(n, (n * 7) % 64 + 1, n + 1000);
        kcv_options o;
        kcv_options_init(&o);
        o.method = all_methods[m];
        o.border = all_borders[b];
        o.divisor = 1;
        char *what = g_strdup_printf("sweep %s %dx%d border %d", kcv_method_name(o.method),
                                     k->width, k->height, o.border);
        check_case(&src->view, k, &o, NULL, what);
        g_free(what);
        kcv_kernel_free(k);
        kcv_test_image_free(src);
      }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/core/status/messages", test_status_messages);
  g_test_add_func("/core/options/channel-mask-from-colours", test_channel_mask_from_colours);
  g_test_add_func("/core/kernel/auto-divisor", test_auto_divisor);
  g_test_add_func("/core/kernel/default-channel-mask", test_default_channel_mask);
  g_test_add_func("/core/options/from-user", test_options_from_user);
  g_test_add_func("/core/args/refused", test_bad_arguments);
  g_test_add_func("/core/seed/sobel-valid", test_seed_example);
  for (size_t m = 0; m < G_N_ELEMENTS(all_methods); m++) {
    char *path = g_strdup_printf("/core/%s/matches-reference", kcv_method_name(all_methods[m]));
    g_test_add_data_func(path, GINT_TO_POINTER(all_methods[m]), test_matches_reference);
    g_free(path);
    path = g_strdup_printf("/core/%s/options", kcv_method_name(all_methods[m]));
    g_test_add_data_func(path, GINT_TO_POINTER(all_methods[m]), test_options);
    g_free(path);
  }
  const kcv_method alpha_methods[] = {KCV_METHOD_DIRECT, KCV_METHOD_SEPARABLE, KCV_METHOD_FFT,
                                      KCV_METHOD_IM2COL, KCV_METHOD_AUTO};
  for (size_t m = 0; m < G_N_ELEMENTS(alpha_methods); m++) {
    char *path = g_strdup_printf("/core/alpha/nonnegative/%s", kcv_method_name(alpha_methods[m]));
    g_test_add_data_func(path, GINT_TO_POINTER(alpha_methods[m]), test_alpha_nonnegative);
    g_free(path);
  }
  g_test_add_func("/core/separable/low-rank", test_separable);
  g_test_add_func("/core/threads/bit-identical", test_thread_invariance);
  g_test_add_func("/core/interleaved/matches-planar", test_interleaved_matches_planar);
  g_test_add_func("/core/interleaved/streamed-output", test_streamed_output);
  g_test_add_func("/core/interleaved/streamed-reference", test_streamed_reference);
  g_test_add_func("/core/cost/follows-isa", test_cost_follows_isa);
  g_test_add_func("/core/cost/isa-picks", test_cost_isa_picks);
  g_test_add_func("/core/cost/isa-picks-small", test_cost_isa_picks_small);
  g_test_add_func("/core/cost/fft-one-channel", test_cost_fft_one_channel);
  g_test_add_func("/core/cost/short-pass", test_cost_short_pass);
  g_test_add_func("/core/cost/separable-cached", test_cost_separable_cached);
  g_test_add_func("/core/cost/interleaved-direct", test_cost_interleaved_direct);
  g_test_add_func("/core/cost/double-pass", test_cost_double_pass);
  g_test_add_func("/core/auto/choice-follows-model", test_choice_follows_model);
  g_test_add_func("/core/progress/cancel", test_progress_and_cancel);
  g_test_add_func("/core/plan/reuse", test_plan_reuse);
  g_test_add_func("/core/sweep/all-sizes", test_sweep);
  return g_test_run();
}
