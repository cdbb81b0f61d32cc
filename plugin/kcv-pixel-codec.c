/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: exact conversions between stored samples and the float working values.
 *
 * Integer samples decode through a table (every code's value, computed in
 * double and rounded once to float) and encode to the nearest code of the
 * exact curve, found from a table of decision thresholds: a bucket table
 * gives the code at the bucket's lower end, and the thresholds after it are
 * stepped over (at most a few: buckets are finer than the curve's steepest
 * part needs, apart from the darkest u16 codes). */
#include "kcv-pixel-codec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

double kcv_srgb_to_linear(double v)
{
  return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

double kcv_linear_to_srgb(double v)
{
  return v <= 0.0031308 ? v * 12.92 : 1.055 * pow(v, 1.0 / 2.4) - 0.055;
}

/* A stored value (0..1) in the working light. */
static double stored_to_working(kcv_curve curve, double v)
{
  switch (curve) {
  case KCV_CURVE_SRGB_DECODE:
    return kcv_srgb_to_linear(v);
  case KCV_CURVE_SRGB_ENCODE:
    return kcv_linear_to_srgb(v);
  case KCV_CURVE_NONE:
  default:
    return v;
  }
}

size_t kcv_codec_pixel_bytes(const kcv_codec *codec)
{
  static const size_t bytes[] = {1, 2, 4};
  return bytes[codec->type] * (size_t)codec->channels;
}

/* Thresholds between neighbouring codes, and each bucket's first code. */
static int build_encoder(kcv_codec *codec)
{
  const int max = codec->max_code, nb = codec->n_buckets;
  codec->threshold = malloc(sizeof(double) * (size_t)max);
  codec->guess = malloc(sizeof(uint16_t) * ((size_t)nb + 1));
  if (!codec->threshold || !codec->guess)
    return -1;
  for (int c = 0; c < max; c++)
    codec->threshold[c] = stored_to_working(codec->curve, (c + 0.5) / max);
  int c = 0;
  for (int b = 0; b <= nb; b++) {
    const double lower = (double)b / nb;
    while (c < max && lower >= codec->threshold[c])
      c++;
    codec->guess[b] = (uint16_t)c;
  }
  return 0;
}

/* Buckets of 2^15 float bit patterns: 32513 of them cover [0, 1], each
 * 1/256 of a binade wide, finer than the 8-bit sRGB thresholds' spacing
 * everywhere (build_bits_encoder checks it). */
#define KCV_BITS_SHIFT 15
#define KCV_BITS_ONE 0x3F800000u /* 1.0f */

static uint32_t float_bits(float v)
{
  uint32_t b;
  memcpy(&b, &v, sizeof b);
  return b;
}

/* bits_entry from bits_code and threshold_bits. */
static int build_bits_entries(kcv_codec *codec, size_t nb)
{
  codec->bits_entry = malloc(sizeof(uint32_t) * nb);
  if (!codec->bits_entry)
    return -1;
  for (size_t b = 0; b < nb; b++) {
    const uint32_t lo = (uint32_t)b << KCV_BITS_SHIFT, c = codec->bits_code[b];
    const uint32_t t = codec->threshold_bits[c];
    const uint32_t offset = t - lo < (1u << KCV_BITS_SHIFT) ? t - lo : 1u << KCV_BITS_SHIFT;
    codec->bits_entry[b] = c << 16 | offset;
  }
  return 0;
}

/* For a float v, (double)v >= t exactly when v >= the least float >= t:
 * the thresholds as floats (and, as they are positive, as bit patterns
 * that order like the values). */
static int build_bits_encoder(kcv_codec *codec)
{
  const int max = codec->max_code;
  const size_t nb = (KCV_BITS_ONE >> KCV_BITS_SHIFT) + 1;
  codec->threshold_bits = malloc(sizeof(uint32_t) * ((size_t)max + 1));
  codec->bits_code = malloc(nb);
  if (!codec->threshold_bits || !codec->bits_code)
    return -1;
  for (int c = 0; c < max; c++) {
    float t = (float)codec->threshold[c];
    if ((double)t < codec->threshold[c])
      t = nextafterf(t, INFINITY);
    codec->threshold_bits[c] = float_bits(t);
  }
  codec->threshold_bits[max] = UINT32_MAX; /* above every value in [0, 1] */
  int c = 0;
  for (size_t b = 0; b < nb; b++) {
    const uint32_t lo = (uint32_t)b << KCV_BITS_SHIFT, hi = lo + (1u << KCV_BITS_SHIFT);
    while (c < max && codec->threshold_bits[c] <= lo)
      c++;
    codec->bits_code[b] = (uint8_t)c;
    if (c + 1 < max && codec->threshold_bits[c + 1] < hi) {
      /* Two thresholds in one bucket: keep to the search by steps. */
      free(codec->threshold_bits);
      free(codec->bits_code);
      codec->threshold_bits = NULL;
      codec->bits_code = NULL;
      return 0;
    }
  }
  return build_bits_entries(codec, nb);
}

int kcv_codec_init(kcv_codec *codec, kcv_sample_type type, int channels, int colour,
                   kcv_curve curve)
{
  memset(codec, 0, sizeof *codec);
  codec->type = type;
  codec->channels = channels;
  codec->colour = colour;
  codec->curve = curve;
  if (channels < 1 || channels > 4 || colour < 0 || colour > channels)
    return -1;
  if (type == KCV_SAMPLE_FLOAT)
    return curve == KCV_CURVE_NONE ? 0 : -1;
  codec->max_code = type == KCV_SAMPLE_U8 ? 255 : 65535;
  codec->n_buckets = type == KCV_SAMPLE_U8 ? 4096 : 65536;
  const size_t n = (size_t)codec->max_code + 1;
  codec->decode_colour = malloc(sizeof(float) * n);
  codec->decode_plain = malloc(sizeof(float) * n);
  if (!codec->decode_colour || !codec->decode_plain) {
    kcv_codec_clear(codec);
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    /* Codes and max_code are exact in float: one correctly rounded division. */
    codec->decode_plain[i] = (float)i / (float)codec->max_code;
    codec->decode_colour[i] = (float)stored_to_working(curve, (double)i / (double)codec->max_code);
  }
  if (curve != KCV_CURVE_NONE &&
      (build_encoder(codec) != 0 || (type == KCV_SAMPLE_U8 && build_bits_encoder(codec) != 0))) {
    kcv_codec_clear(codec);
    return -1;
  }
  /* The division gives the tables' values only where both hold the
   * correctly rounded quotient (the colour table is rounded from double). */
  codec->u8_divides = type == KCV_SAMPLE_U8;
  for (size_t i = 0; i < n && codec->u8_divides; i++)
    codec->u8_divides =
        codec->decode_colour[i] == (float)i / 255.0f && codec->decode_plain[i] == (float)i / 255.0f;
  return 0;
}

void kcv_codec_clear(kcv_codec *codec)
{
  free(codec->decode_colour);
  free(codec->decode_plain);
  free(codec->threshold);
  free(codec->guess);
  free(codec->threshold_bits);
  free(codec->bits_code);
  free(codec->bits_entry);
  codec->bits_entry = NULL;
  codec->decode_colour = codec->decode_plain = NULL;
  codec->threshold = NULL;
  codec->guess = NULL;
  codec->threshold_bits = NULL;
  codec->bits_code = NULL;
}

/* The loops below take the pixel layout as a constant (one copy per channel
 * count, through the switch) so that the compiler unrolls and vectorises them. */
static inline void decode_u8(const kcv_codec *c, const uint8_t *restrict src, float *restrict dst,
                             size_t n, int ch, int colour)
{
  const float *restrict tc = c->decode_colour, *restrict tp = c->decode_plain;
  for (size_t i = 0; i < n; i++, src += ch, dst += ch)
    for (int k = 0; k < ch; k++)
      dst[k] = k < colour ? tc[src[k]] : tp[src[k]];
}

static inline void decode_u16(const kcv_codec *c, const uint16_t *restrict src, float *restrict dst,
                              size_t n, int ch, int colour)
{
  const float *restrict tc = c->decode_colour, *restrict tp = c->decode_plain;
  for (size_t i = 0; i < n; i++, src += ch, dst += ch)
    for (int k = 0; k < ch; k++)
      dst[k] = k < colour ? tc[src[k]] : tp[src[k]];
}

#define KCV_LAYOUTS(CALL)                                                                          \
  switch (codec->channels * 8 + codec->colour) {                                                   \
  case 1 * 8 + 1:                                                                                  \
    CALL(1, 1);                                                                                    \
    break;                                                                                         \
  case 2 * 8 + 1:                                                                                  \
    CALL(2, 1);                                                                                    \
    break;                                                                                         \
  case 3 * 8 + 3:                                                                                  \
    CALL(3, 3);                                                                                    \
    break;                                                                                         \
  case 4 * 8 + 3:                                                                                  \
    CALL(4, 3);                                                                                    \
    break;                                                                                         \
  default:                                                                                         \
    CALL(codec->channels, codec->colour);                                                          \
    break;                                                                                         \
  }

#ifdef __SSE2__
/* Codes over 255, 16 at a time: the same correctly rounded quotient as the
 * tables hold (u8_divides), without a load from a table per sample. The
 * leftover samples are the caller's (the count done is returned). */
static size_t decode_u8_divide_simd(const uint8_t *restrict src, float *restrict dst, size_t n)
{
  const __m128 max = _mm_set1_ps(255.0f);
  const __m128i zero = _mm_setzero_si128();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i bytes = _mm_loadu_si128((const __m128i *)(src + i));
    const __m128i half[2] = {_mm_unpacklo_epi8(bytes, zero), _mm_unpackhi_epi8(bytes, zero)};
    for (int k = 0; k < 2; k++) {
      const __m128 lo = _mm_cvtepi32_ps(_mm_unpacklo_epi16(half[k], zero));
      const __m128 hi = _mm_cvtepi32_ps(_mm_unpackhi_epi16(half[k], zero));
      _mm_storeu_ps(dst + i + 8 * k, _mm_div_ps(lo, max));
      _mm_storeu_ps(dst + i + 8 * k + 4, _mm_div_ps(hi, max));
    }
  }
  return i;
}
#else
static size_t decode_u8_divide_simd(const uint8_t *restrict src, float *restrict dst, size_t n)
{
  (void)src;
  (void)dst;
  (void)n;
  return 0;
}
#endif

static size_t decode_curved_u8_simd(const kcv_codec *codec, const uint8_t *restrict src,
                                    float *restrict dst, size_t n);

/* u8 through the tables: the vector decoder, then the rest sample by sample. */
static void decode_curved_u8_all(const kcv_codec *codec, const uint8_t *restrict src,
                                 float *restrict dst, size_t n_pixels)
{
  const size_t ch = (size_t)codec->channels, n = n_pixels * ch;
  const size_t done = decode_curved_u8_simd(codec, src, dst, n);
  if (done == 0) {
#define KCV_DECODE_U8(CH, COLOUR) decode_u8(codec, src, dst, n_pixels, CH, COLOUR)
    KCV_LAYOUTS(KCV_DECODE_U8)
    return;
  }
  for (size_t i = done; i < n; i++)
    dst[i] = ((int)(i % ch) < codec->colour ? codec->decode_colour : codec->decode_plain)[src[i]];
}

void kcv_codec_decode(const kcv_codec *codec, const void *src, float *dst, size_t n_pixels)
{
  if (codec->u8_divides) {
    const size_t n = n_pixels * (size_t)codec->channels;
    const uint8_t *restrict s = src;
    const float *restrict t = codec->decode_plain;
    for (size_t i = decode_u8_divide_simd(s, dst, n); i < n; i++)
      dst[i] = t[s[i]];
  } else if (codec->type == KCV_SAMPLE_FLOAT) {
    memcpy(dst, src, n_pixels * (size_t)codec->channels * sizeof(float));
  } else if (codec->type == KCV_SAMPLE_U8) {
    decode_curved_u8_all(codec, src, dst, n_pixels);
  } else {
#define KCV_DECODE_U16(CH, COLOUR) decode_u16(codec, src, dst, n_pixels, CH, COLOUR)
    KCV_LAYOUTS(KCV_DECODE_U16)
  }
}

/* Nearest code with no curve: the value scaled, plus a half, truncated, all
 * in float, as babl's float to u8 and u16 conversions compute it (NaN and
 * values <= 0 give 0, values >= 1 the largest code). Written with compares
 * so that it vectorises. */
static inline float encode_plain(float v, float max)
{
  v = v > 0.0f ? v : 0.0f;
  v = v < 1.0f ? v : 1.0f;
  return max * v + 0.5f;
}

#ifdef __SSE2__
/* encode_plain to u8, 16 values at a time: the compiler's own vectorisation
 * of the float to u8 conversion spends four times the instructions. maxps
 * and minps return their second operand for NaN and for equal zeros, as the
 * compares above do; the scaled value lies in [0.5, 255.5], so truncating to
 * int32 and packing with saturation gives the same code. The leftover
 * values are the caller's (the count done is returned). */
static size_t encode_plain_u8_simd(const float *restrict src, uint8_t *restrict dst, size_t n)
{
  const __m128 zero = _mm_setzero_ps(), one = _mm_set1_ps(1.0f);
  const __m128 max = _mm_set1_ps(255.0f), half = _mm_set1_ps(0.5f);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m128i q[4];
    for (int k = 0; k < 4; k++) {
      __m128 v = _mm_max_ps(_mm_loadu_ps(src + i + 4 * k), zero);
      v = _mm_min_ps(v, one);
      q[k] = _mm_cvttps_epi32(_mm_add_ps(_mm_mul_ps(v, max), half));
    }
    const __m128i lo = _mm_packs_epi32(q[0], q[1]), hi = _mm_packs_epi32(q[2], q[3]);
    _mm_storeu_si128((__m128i *)(dst + i), _mm_packus_epi16(lo, hi));
  }
  return i;
}
#else
static size_t encode_plain_u8_simd(const float *restrict src, uint8_t *restrict dst, size_t n)
{
  (void)src;
  (void)dst;
  (void)n;
  return 0;
}
#endif

/* Nearest code of the exact curve. */
static inline unsigned encode_curved(const kcv_codec *codec, float v)
{
  const double *t = codec->threshold;
  const int max = codec->max_code;
  if (!((double)v >= t[0])) /* also NaN */
    return 0;
  if ((double)v >= t[max - 1])
    return (unsigned)max;
  int c = codec->guess[(int)(v * (float)codec->n_buckets)];
  while (c < max && (double)v >= t[c])
    c++;
  return (unsigned)c;
}

/* Nearest 8-bit code of the exact curve, without a branch: the value
 * clamped to [0, 1] (NaN to 0), its bucket's code, and one more past the
 * threshold inside the bucket, if any. */
static inline unsigned encode_curved_bits(const uint32_t *restrict tb,
                                          const uint8_t *restrict codes, float v)
{
  v = v > 0.0f ? v : 0.0f;
  v = v < 1.0f ? v : 1.0f;
  const uint32_t b = float_bits(v);
  const unsigned c = codes[b >> KCV_BITS_SHIFT];
  return c + (b >= tb[c]);
}

static inline void encode_u8(const kcv_codec *c, const float *restrict src, uint8_t *restrict dst,
                             size_t n, int ch, int colour)
{
  const uint32_t *restrict tb = c->threshold_bits;
  const uint8_t *restrict codes = c->bits_code;
  if (tb) {
    for (size_t i = 0; i < n; i++, src += ch, dst += ch)
      for (int k = 0; k < ch; k++)
        dst[k] = (uint8_t)(k < colour ? encode_curved_bits(tb, codes, src[k])
                                      : encode_plain(src[k], 255.0f));
    return;
  }
  for (size_t i = 0; i < n; i++, src += ch, dst += ch)
    for (int k = 0; k < ch; k++)
      dst[k] = (uint8_t)(k < colour ? encode_curved(c, src[k]) : encode_plain(src[k], 255.0f));
}

#ifdef __SSE2__
/* Lanes of a run of samples that hold colour, when the pattern repeats
 * every `lanes` samples from sample 0 (else 0: the caller stays scalar). */
static int colour_lanes(const kcv_codec *codec, int lanes, int32_t *mask)
{
  const int ch = codec->channels, colour = codec->colour;
  if (lanes % ch != 0 && colour != ch)
    return 0;
  for (int j = 0; j < lanes; j++)
    mask[j] = j % ch < colour ? -1 : 0;
  return 1;
}

/* encode_curved_bits (colour lanes) and encode_plain (the others) for four
 * clamped values v, their bits and their buckets' entries e. */
static inline __m128i encode_u8_lanes(__m128 v, __m128i e, __m128i mask)
{
  const __m128i bits = _mm_castps_si128(v);
  const __m128i inside = _mm_and_si128(bits, _mm_set1_epi32((1 << KCV_BITS_SHIFT) - 1));
  const __m128i before = _mm_cmpgt_epi32(_mm_and_si128(e, _mm_set1_epi32(0xFFFF)), inside);
  const __m128i code =
      _mm_add_epi32(_mm_srli_epi32(e, 16), _mm_add_epi32(before, _mm_set1_epi32(1)));
  const __m128 scaled = _mm_add_ps(_mm_mul_ps(v, _mm_set1_ps(255.0f)), _mm_set1_ps(0.5f));
  const __m128i plain = _mm_cvttps_epi32(scaled);
  return _mm_or_si128(_mm_and_si128(mask, code), _mm_andnot_si128(mask, plain));
}

static inline __m128 clamp_unit(__m128 v)
{
  /* maxps gives its second operand for NaN: 0, as encode_plain. */
  return _mm_min_ps(_mm_max_ps(v, _mm_setzero_ps()), _mm_set1_ps(1.0f));
}

/* Curved u8 encode, 8 samples at a time, the entries loaded one by one. */
static size_t encode_curved_u8_sse2(const kcv_codec *codec, const float *restrict src,
                                    uint8_t *restrict dst, size_t n)
{
  int32_t m[4];
  if (!colour_lanes(codec, 4, m))
    return 0;
  const __m128i mask = _mm_loadu_si128((const __m128i *)m);
  const uint32_t *restrict entry = codec->bits_entry;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m128i q[2];
    for (int k = 0; k < 2; k++) {
      const __m128 v = clamp_unit(_mm_loadu_ps(src + i + 4 * k));
      uint32_t b[4];
      _mm_storeu_si128((__m128i *)b, _mm_srli_epi32(_mm_castps_si128(v), KCV_BITS_SHIFT));
      const __m128i e =
          _mm_setr_epi32((int)entry[b[0]], (int)entry[b[1]], (int)entry[b[2]], (int)entry[b[3]]);
      q[k] = encode_u8_lanes(v, e, mask);
    }
    const __m128i w = _mm_packs_epi32(q[0], q[1]);
    _mm_storel_epi64((__m128i *)(dst + i), _mm_packus_epi16(w, w));
  }
  return i;
}

#if defined(__GNUC__) && defined(__x86_64__)
#define KCV_HAVE_AVX2_ENCODE 1
#include <immintrin.h>
/* The same with AVX2's gathers for the entries (two 4-lane halves). */
__attribute__((target("avx2"))) static size_t encode_curved_u8_avx2(const kcv_codec *codec,
                                                                    const float *restrict src,
                                                                    uint8_t *restrict dst, size_t n)
{
  int32_t m[8];
  if (!colour_lanes(codec, 8, m))
    return 0;
  const __m128i mask[2] = {_mm_loadu_si128((const __m128i *)m),
                           _mm_loadu_si128((const __m128i *)(m + 4))};
  const int *entry = (const int *)codec->bits_entry;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 lo = _mm256_min_ps(_mm256_max_ps(_mm256_loadu_ps(src + i), _mm256_setzero_ps()),
                                    _mm256_set1_ps(1.0f));
    const __m256i b = _mm256_srli_epi32(_mm256_castps_si256(lo), KCV_BITS_SHIFT);
    const __m256i e = _mm256_i32gather_epi32(entry, b, 4);
    const __m128i q0 =
        encode_u8_lanes(_mm256_castps256_ps128(lo), _mm256_castsi256_si128(e), mask[0]);
    const __m128i q1 =
        encode_u8_lanes(_mm256_extractf128_ps(lo, 1), _mm256_extracti128_si256(e, 1), mask[1]);
    const __m128i w = _mm_packs_epi32(q0, q1);
    _mm_storel_epi64((__m128i *)(dst + i), _mm_packus_epi16(w, w));
  }
  return i;
}

/* Table decode of u8 with a curve, 8 samples at a time: alpha lanes by the
 * division (the plain table's values, see u8_divides), colour lanes
 * gathered from the colour table over them. */
__attribute__((target("avx2"))) static size_t decode_curved_u8_avx2(const kcv_codec *codec,
                                                                    const uint8_t *restrict src,
                                                                    float *restrict dst, size_t n)
{
  int32_t m[8];
  if (!colour_lanes(codec, 8, m))
    return 0;
  const __m256 mask = _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)m));
  const float *table = codec->decode_colour;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i code = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(src + i)));
    const __m256 plain = _mm256_div_ps(_mm256_cvtepi32_ps(code), _mm256_set1_ps(255.0f));
    _mm256_storeu_ps(dst + i, _mm256_mask_i32gather_ps(plain, table, code, mask, 4));
  }
  return i;
}
#endif /* KCV_HAVE_AVX2_ENCODE */
#endif /* __SSE2__ */

static size_t decode_curved_u8_simd(const kcv_codec *codec, const uint8_t *restrict src,
                                    float *restrict dst, size_t n)
{
#ifdef KCV_HAVE_AVX2_ENCODE
  if (__builtin_cpu_supports("avx2"))
    return decode_curved_u8_avx2(codec, src, dst, n);
#endif
  (void)codec;
  (void)src;
  (void)dst;
  (void)n;
  return 0;
}

/* The vector encoders where the tables and the layout allow; the leftover
 * samples are the caller's (the count done is returned). */
static size_t encode_curved_u8_simd(const kcv_codec *codec, const float *restrict src,
                                    uint8_t *restrict dst, size_t n)
{
  if (!codec->bits_entry)
    return 0;
#ifdef KCV_HAVE_AVX2_ENCODE
  if (__builtin_cpu_supports("avx2"))
    return encode_curved_u8_avx2(codec, src, dst, n);
#endif
#ifdef __SSE2__
  return encode_curved_u8_sse2(codec, src, dst, n);
#else
  (void)src;
  (void)dst;
  (void)n;
  return 0;
#endif
}

/* Curved u8: the vector encoder, then the rest sample by sample. */
static void encode_curved_u8_all(const kcv_codec *codec, const float *restrict src,
                                 uint8_t *restrict dst, size_t n_pixels)
{
  const size_t ch = (size_t)codec->channels, n = n_pixels * ch;
  const size_t done = encode_curved_u8_simd(codec, src, dst, n);
  if (done == 0) {
#define KCV_ENCODE_U8(CH, COLOUR) encode_u8(codec, src, dst, n_pixels, CH, COLOUR)
    KCV_LAYOUTS(KCV_ENCODE_U8)
    return;
  }
  for (size_t i = done; i < n; i++)
    dst[i] = (uint8_t)((int)(i % ch) < codec->colour
                           ? encode_curved_bits(codec->threshold_bits, codec->bits_code, src[i])
                           : encode_plain(src[i], 255.0f));
}

static inline void encode_u16(const kcv_codec *c, const float *restrict src, uint16_t *restrict dst,
                              size_t n, int ch, int colour)
{
  for (size_t i = 0; i < n; i++, src += ch, dst += ch)
    for (int k = 0; k < ch; k++)
      dst[k] = (uint16_t)(k < colour ? encode_curved(c, src[k]) : encode_plain(src[k], 65535.0f));
}

void kcv_codec_encode(const kcv_codec *codec, const float *src, void *dst, size_t n_pixels)
{
  const size_t n = n_pixels * (size_t)codec->channels;
  const int curved = codec->curve != KCV_CURVE_NONE;
  if (codec->type == KCV_SAMPLE_FLOAT) {
    memcpy(dst, src, n * sizeof(float));
  } else if (!curved && codec->type == KCV_SAMPLE_U8) {
    uint8_t *restrict d = dst;
    for (size_t i = encode_plain_u8_simd(src, d, n); i < n; i++)
      d[i] = (uint8_t)encode_plain(src[i], 255.0f);
  } else if (!curved) {
    uint16_t *restrict d = dst;
    for (size_t i = 0; i < n; i++)
      d[i] = (uint16_t)encode_plain(src[i], 65535.0f);
  } else if (codec->type == KCV_SAMPLE_U8) {
    encode_curved_u8_all(codec, src, dst, n_pixels);
  } else {
#define KCV_ENCODE_U16(CH, COLOUR) encode_u16(codec, src, dst, n_pixels, CH, COLOUR)
    KCV_LAYOUTS(KCV_ENCODE_U16)
  }
}
