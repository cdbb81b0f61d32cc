/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: the plug-in's own pixel conversions against babl (the conversions the plug-in
 * used before, which GIMP uses) and against the sRGB curve in double precision. */
#include <babl/babl.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "kcv-pixel-codec.h"

/* Floats to test encoding with: a sweep of [-0.25, 1.25], every code's
 * half-way point and the floats just around it, and NaN and infinities. */
static float *encode_inputs(int max_code, gsize *n)
{
  const gsize sweep = 1u << 20;
  gsize count = sweep + (gsize)max_code * 5 + 3, i = 0;
  float *v = g_new(float, count);
  for (gsize k = 0; k < sweep; k++)
    v[i++] = -0.25f + 1.5f * (float)k / (float)sweep;
  for (int c = 0; c < max_code; c++) {
    float h = (float)((c + 0.5) / max_code);
    v[i++] = h;
    v[i++] = nextafterf(h, 0.0f);
    v[i++] = nextafterf(h, 2.0f);
    v[i++] = nextafterf(nextafterf(h, 0.0f), 0.0f);
    v[i++] = nextafterf(nextafterf(h, 2.0f), 2.0f);
  }
  v[i++] = NAN;
  v[i++] = INFINITY;
  v[i++] = -INFINITY;
  *n = i;
  return v;
}

/* Encodes through babl and through the codec; returns the largest code difference. */
static unsigned encode_vs_babl(kcv_sample_type type, int ch, const char *from, const char *to)
{
  const int max = type == KCV_SAMPLE_U8 ? 255 : 65535;
  kcv_codec codec;
  g_assert_cmpint(kcv_codec_init(&codec, type, 1, 1, KCV_CURVE_NONE), ==, 0);
  gsize n;
  float *v = encode_inputs(max, &n);
  n -= n % (gsize)ch; /* whole pixels for babl */
  guint16 *ours = g_new0(guint16, n), *theirs = g_new0(guint16, n);
  gsize bytes = type == KCV_SAMPLE_U8 ? 1 : 2;
  guint8 *raw = g_malloc0(n * bytes);
  kcv_codec_encode(&codec, v, raw, n);
  for (gsize i = 0; i < n; i++)
    ours[i] = bytes == 1 ? raw[i] : ((guint16 *)raw)[i];
  babl_process(babl_fish(babl_format(from), babl_format(to)), v, raw, (long)n / ch);
  unsigned worst = 0;
  for (gsize i = 0; i < n; i++) {
    theirs[i] = bytes == 1 ? raw[i] : ((guint16 *)raw)[i];
    if (isnan(v[i]))
      continue; /* babl's result for NaN is whatever the cast gives */
    unsigned d = (unsigned)ABS((int)ours[i] - (int)theirs[i]);
    if (d > worst)
      g_test_message("%.9g: ours %u, babl %u", v[i], ours[i], theirs[i]);
    worst = MAX(worst, d);
  }
  g_free(raw);
  g_free(ours);
  g_free(theirs);
  g_free(v);
  kcv_codec_clear(&codec);
  return worst;
}

/* Without a curve, encoding is babl's own, bit for bit, and decoding is
 * exact: the 8-bit perceptual path writes what it wrote through babl. */
static void test_plain_matches_babl(void)
{
  static const char *const stored_formats[] = {"Y' u8", "Y' u16", "R'G'B'A u8", "R'G'B'A u16"};
  static const char *const work_formats[] = {"Y' float", "R'G'B'A float"};
  for (int t = 0; t < 4; t++) {
    kcv_sample_type type = t % 2 == 0 ? KCV_SAMPLE_U8 : KCV_SAMPLE_U16;
    const int ch = t < 2 ? 1 : 4;
    const char *stored = stored_formats[t], *work = work_formats[t / 2];
    const int n = t % 2 == 0 ? 256 : 65536;
    kcv_codec codec;
    g_assert_cmpint(kcv_codec_init(&codec, type, 1, 1, KCV_CURVE_NONE), ==, 0);
    guint16 *codes = g_new(guint16, n * ch);
    guint8 *bytes = g_new(guint8, n * ch);
    for (int i = 0; i < n * ch; i++)
      codes[i] = (guint16)(i / ch), bytes[i] = (guint8)(i / ch);
    const void *src = t % 2 == 0 ? (const void *)bytes : (const void *)codes;
    float *ours = g_new(float, n *ch), *theirs = g_new(float, n *ch);
    kcv_codec_decode(&codec, src, ours, (gsize)n * ch);
    babl_process(babl_fish(babl_format(stored), babl_format(work)), src, theirs, n);
    /* Decoding is the correctly rounded quotient; babl's SIMD tables are
     * a float step below it for a few codes of some formats. */
    for (int i = 0; i < n; i++) {
      g_assert_cmpfloat(ours[i * ch], ==, (float)((double)i / (n - 1)));
      g_assert_cmpfloat(fabsf(ours[i * ch] - theirs[i * ch]), <=,
                        nextafterf(ours[i * ch], 2.0f) - ours[i * ch]);
    }
    g_assert_cmpuint(encode_vs_babl(type, ch, work, stored), ==, 0);
    g_free(codes);
    g_free(bytes);
    g_free(ours);
    g_free(theirs);
    kcv_codec_clear(&codec);
  }
}

/* The nearest code of value v in double: the curve's for colour, none for
 * alpha; -1 near a half-way point, where either neighbour is the nearest
 * (and, for alpha, babl's float arithmetic may round either way). */
static int nearest_u8(double v, double (*to_store)(double))
{
  const double x = isnan(v) ? 0.0 : CLAMP(v, 0.0, 1.0);
  const double scaled = (to_store ? CLAMP(to_store(x), 0.0, 1.0) : x) * 255.0;
  const double hair = to_store ? 1e-9 : 1e-4;
  return fabs(scaled - floor(scaled) - 0.5) < hair ? -1 : (int)floor(scaled + 0.5);
}

/* With the curve, every code decodes to the double-precision curve rounded
 * once, and encoding gives the nearest code of the double-precision curve. */
static void check_curve(kcv_sample_type type, kcv_curve curve)
{
  const int max = type == KCV_SAMPLE_U8 ? 255 : 65535;
  kcv_codec codec;
  g_assert_cmpint(kcv_codec_init(&codec, type, 2, 1, curve), ==, 0);
  double (*to_work)(double) =
      curve == KCV_CURVE_SRGB_DECODE ? kcv_srgb_to_linear : kcv_linear_to_srgb;
  double (*to_store)(double) =
      curve == KCV_CURVE_SRGB_DECODE ? kcv_linear_to_srgb : kcv_srgb_to_linear;
  gsize n;
  float *v = encode_inputs(max, &n);
  float *pairs = g_new(float, 2 * n);
  for (gsize i = 0; i < n; i++)
    pairs[2 * i] = pairs[2 * i + 1] = v[i];
  guint8 *raw = g_malloc(2 * n * (type == KCV_SAMPLE_U8 ? 1 : 2));
  kcv_codec_encode(&codec, pairs, raw, n);
  for (gsize i = 0; i < n; i++) {
    unsigned got = type == KCV_SAMPLE_U8 ? raw[2 * i] : ((guint16 *)raw)[2 * i];
    double x = isnan(v[i]) ? 0.0 : CLAMP((double)v[i], 0.0, 1.0);
    double scaled = CLAMP(to_store(x), 0.0, 1.0) * max;
    /* Within a hair of a half-way point either neighbour is the nearest. */
    if (fabs(scaled - floor(scaled) - 0.5) < 1e-9)
      continue;
    if (got != (unsigned)floor(scaled + 0.5))
      g_error("%.9g encodes to %u, want %.0f", v[i], got, floor(scaled + 0.5));
    const int alpha = type == KCV_SAMPLE_U8 ? nearest_u8((double)v[i], NULL) : -1;
    if (alpha >= 0 && raw[2 * i + 1] != alpha)
      g_error("alpha %.9g encodes to %u, want %d", v[i], raw[2 * i + 1], alpha);
  }
  float dec[4];
  for (int c = 0; c <= max; c++) {
    guint16 code16[2] = {(guint16)c, (guint16)c};
    guint8 code8[2] = {(guint8)c, (guint8)c};
    kcv_codec_decode(&codec, type == KCV_SAMPLE_U8 ? (void *)code8 : (void *)code16, dec, 1);
    g_assert_cmpfloat(dec[0], ==, (float)to_work((double)c / max));
    g_assert_cmpfloat(dec[1], ==, (float)((double)c / max)); /* alpha: no curve */
  }
  g_free(raw);
  g_free(pairs);
  g_free(v);
  kcv_codec_clear(&codec);
}

/* Every code's threshold in the working light (where encoding moves to the
 * next code), as the nearest float and the floats just around it: where a
 * search over float thresholds would go wrong by one. */
static void check_curve_thresholds(kcv_sample_type type, kcv_curve curve)
{
  const int max = type == KCV_SAMPLE_U8 ? 255 : 65535;
  double (*to_work)(double) =
      curve == KCV_CURVE_SRGB_DECODE ? kcv_srgb_to_linear : kcv_linear_to_srgb;
  double (*to_store)(double) =
      curve == KCV_CURVE_SRGB_DECODE ? kcv_linear_to_srgb : kcv_srgb_to_linear;
  kcv_codec codec;
  g_assert_cmpint(kcv_codec_init(&codec, type, 1, 1, curve), ==, 0);
  for (int c = 0; c < max; c++) {
    float v[5];
    v[2] = (float)to_work((c + 0.5) / max);
    v[1] = nextafterf(v[2], 0.0f);
    v[0] = nextafterf(v[1], 0.0f);
    v[3] = nextafterf(v[2], 2.0f);
    v[4] = nextafterf(v[3], 2.0f);
    guint16 raw[5];
    kcv_codec_encode(&codec, v, raw, 5);
    for (int i = 0; i < 5; i++) {
      const unsigned got = type == KCV_SAMPLE_U8 ? ((guint8 *)raw)[i] : raw[i];
      const double scaled = CLAMP(to_store((double)v[i]), 0.0, 1.0) * max;
      if (fabs(scaled - floor(scaled) - 0.5) < 1e-9)
        continue; /* either neighbour is the nearest */
      if (got != (unsigned)floor(scaled + 0.5))
        g_error("threshold %d: %.9g encodes to %u, want %.0f", c, v[i], got, floor(scaled + 0.5));
    }
  }
  kcv_codec_clear(&codec);
}

/* The thresholds' neighbourhoods again, in RGBA pixels (colour with the
 * curve, alpha without), in runs long enough for the vector encoders. */
static void check_curve_thresholds_rgba(kcv_curve curve)
{
  double (*to_work)(double) =
      curve == KCV_CURVE_SRGB_DECODE ? kcv_srgb_to_linear : kcv_linear_to_srgb;
  double (*to_store)(double) =
      curve == KCV_CURVE_SRGB_DECODE ? kcv_linear_to_srgb : kcv_srgb_to_linear;
  kcv_codec codec;
  g_assert_cmpint(kcv_codec_init(&codec, KCV_SAMPLE_U8, 4, 3, curve), ==, 0);
  const gsize n = 255 * 5 + 3; /* pixels: 4 * n samples, not a multiple of 8 */
  float *v = g_new(float, 4 * n);
  for (gsize i = 0; i < 4 * n; i++) {
    const gsize c = i / 20 % 255, step = i % 5;
    float t = (float)to_work((c + 0.5) / 255.0);
    for (gsize s = 2; s > step; s--)
      t = nextafterf(t, 0.0f);
    for (gsize s = 2; s < step; s++)
      t = nextafterf(t, 2.0f);
    v[i] = i % 4 == 3 ? (float)((c + 0.1 + 0.2 * (double)step) / 255.0) : t;
  }
  guint8 *raw = g_malloc(4 * n);
  kcv_codec_encode(&codec, v, raw, n);
  for (gsize i = 0; i < 4 * n; i++) {
    const int want = nearest_u8((double)v[i], i % 4 == 3 ? NULL : to_store);
    if (want >= 0 && raw[i] != want)
      g_error("sample %zu: %.9g encodes to %u, want %d", i, v[i], raw[i], want);
  }
  g_free(raw);
  g_free(v);
  kcv_codec_clear(&codec);
}

/* Every code in every channel of RGBA runs long enough for the vector
 * decoder: colour through the curve, alpha without. */
static void check_decode_rgba(kcv_curve curve)
{
  double (*to_work)(double) =
      curve == KCV_CURVE_SRGB_DECODE ? kcv_srgb_to_linear : kcv_linear_to_srgb;
  kcv_codec codec;
  g_assert_cmpint(kcv_codec_init(&codec, KCV_SAMPLE_U8, 4, 3, curve), ==, 0);
  const gsize n = 256 + 3; /* pixels: 4 * n samples, not a multiple of 8 */
  guint8 *raw = g_malloc(4 * n);
  for (gsize i = 0; i < 4 * n; i++)
    raw[i] = (guint8)(i * 7 % 256);
  float *v = g_new(float, 4 * n);
  kcv_codec_decode(&codec, raw, v, n);
  for (gsize i = 0; i < 4 * n; i++) {
    const double x = raw[i] / 255.0;
    const float want = (float)(i % 4 == 3 ? x : to_work(x));
    if (v[i] != want)
      g_error("sample %zu: code %u decodes to %.9g, want %.9g", i, raw[i], v[i], want);
  }
  g_free(v);
  g_free(raw);
  kcv_codec_clear(&codec);
}

static void test_decode_rgba(void)
{
  check_decode_rgba(KCV_CURVE_SRGB_DECODE);
  check_decode_rgba(KCV_CURVE_SRGB_ENCODE);
}

static void test_curve_thresholds(void)
{
  check_curve_thresholds_rgba(KCV_CURVE_SRGB_DECODE);
  check_curve_thresholds_rgba(KCV_CURVE_SRGB_ENCODE);
  check_curve_thresholds(KCV_SAMPLE_U8, KCV_CURVE_SRGB_DECODE);
  check_curve_thresholds(KCV_SAMPLE_U8, KCV_CURVE_SRGB_ENCODE);
  check_curve_thresholds(KCV_SAMPLE_U16, KCV_CURVE_SRGB_DECODE);
  check_curve_thresholds(KCV_SAMPLE_U16, KCV_CURVE_SRGB_ENCODE);
}

static void test_curve_exact(void)
{
  check_curve(KCV_SAMPLE_U8, KCV_CURVE_SRGB_DECODE);
  check_curve(KCV_SAMPLE_U8, KCV_CURVE_SRGB_ENCODE);
  check_curve(KCV_SAMPLE_U16, KCV_CURVE_SRGB_DECODE);
  check_curve(KCV_SAMPLE_U16, KCV_CURVE_SRGB_ENCODE);
}

/* 8-bit perceptual through linear light and back: babl's tables and ours
 * differ by at most one code, and ours round-trips every code. */
static void test_curve_near_babl(void)
{
  kcv_codec codec;
  g_assert_cmpint(kcv_codec_init(&codec, KCV_SAMPLE_U8, 1, 1, KCV_CURVE_SRGB_DECODE), ==, 0);
  guint8 codes[256], back[256];
  float ours[256], theirs[256];
  for (int i = 0; i < 256; i++)
    codes[i] = (guint8)i;
  kcv_codec_decode(&codec, codes, ours, 256);
  babl_process(babl_fish(babl_format("Y' u8"), babl_format("Y float")), codes, theirs, 256);
  for (int i = 0; i < 256; i++)
    g_assert_cmpfloat(fabsf(ours[i] - theirs[i]), <=, 1.0f / 255.0f);
  kcv_codec_encode(&codec, ours, back, 256);
  g_assert_cmpmem(back, 256, codes, 256);
  kcv_codec_clear(&codec);
}

/* Plain 8-bit encoding of values needing care (NaN, infinities, signed
 * zeros, out of range, just inside) at every place of a run long enough for
 * any block the codec converts at once, among exact codes. */
static void test_plain_u8_specials(void)
{
  const float specials[] = {NAN,          -NAN, INFINITY, -INFINITY,
                            -0.0f,        0.0f, -1e-30f,  1e-30f,
                            1.0f,         2.0f, -1.0f,    nextafterf(1.0f, 0.0f),
                            0.5f / 255.0f};
  /* The reference in double: NaN and below 0 give 0, 1 and above 255. */
  const unsigned want[] = {0, 0, 255, 0, 0, 0, 0, 0, 255, 255, 0, 255, 1};
  enum { RUN = 67 };
  kcv_codec codec;
  g_assert_cmpint(kcv_codec_init(&codec, KCV_SAMPLE_U8, 1, 1, KCV_CURVE_NONE), ==, 0);
  for (gsize s = 0; s < G_N_ELEMENTS(specials); s++)
    for (int at = 0; at < RUN; at++) {
      float v[RUN];
      guint8 got[RUN];
      for (int i = 0; i < RUN; i++)
        v[i] = (float)((double)(i * 37 % 256) / 255.0);
      v[at] = specials[s];
      kcv_codec_encode(&codec, v, got, RUN);
      for (int i = 0; i < RUN; i++) {
        const unsigned expect = i == at ? want[s] : (unsigned)(i * 37 % 256);
        if (got[i] != expect)
          g_error("%.9g at %d of %d encodes to %u, want %u", v[i], i, RUN, got[i], expect);
      }
    }
  kcv_codec_clear(&codec);
}

static void test_float_passes_through(void)
{
  kcv_codec codec;
  g_assert_cmpint(kcv_codec_init(&codec, KCV_SAMPLE_FLOAT, 4, 3, KCV_CURVE_NONE), ==, 0);
  float in[8] = {-1.0f, 0.25f, 2.0f, NAN, 1e-30f, 0.5f, 1.0f, 0.0f}, out[8], again[8];
  kcv_codec_decode(&codec, in, out, 2);
  kcv_codec_encode(&codec, out, again, 2);
  g_assert_cmpmem(again, sizeof again, in, sizeof in);
  /* A curve on floats is babl's job (any space, any curve). */
  g_assert_cmpint(kcv_codec_init(&codec, KCV_SAMPLE_FLOAT, 4, 3, KCV_CURVE_SRGB_DECODE), ==, -1);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  babl_init();
  g_test_add_func("/plugin/codec/plain-matches-babl", test_plain_matches_babl);
  g_test_add_func("/plugin/codec/curve-exact", test_curve_exact);
  g_test_add_func("/plugin/codec/curve-thresholds", test_curve_thresholds);
  g_test_add_func("/plugin/codec/decode-rgba", test_decode_rgba);
  g_test_add_func("/plugin/codec/curve-near-babl", test_curve_near_babl);
  g_test_add_func("/plugin/codec/plain-u8-specials", test_plain_u8_specials);
  g_test_add_func("/plugin/codec/float-passes-through", test_float_passes_through);
  int status = g_test_run();
  babl_exit();
  return status;
}
