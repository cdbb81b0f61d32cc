/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: the pixel codec's vector loops (SSE2, and AVX2 where the machine has it),
 * each giving the same codes and values as the sample-by-sample forms. */
#include "kcv-pixel-codec-private.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#ifdef __SSE2__
/* Codes over 255, 16 at a time: the same correctly rounded quotient as the
 * tables hold (u8_divides), without a load from a table per sample. The
 * leftover samples are the caller's (the count done is returned). */
size_t kcv__codec_decode_u8_divide(const uint8_t *restrict src, float *restrict dst, size_t n)
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
size_t kcv__codec_decode_u8_divide(const uint8_t *restrict src, float *restrict dst, size_t n)
{
  (void)src;
  (void)dst;
  (void)n;
  return 0;
}
#endif

#ifdef __SSE2__
/* encode_plain to u8, 16 values at a time: the compiler's own vectorisation
 * of the float to u8 conversion spends four times the instructions. maxps
 * and minps return their second operand for NaN and for equal zeros, as the
 * compares above do; the scaled value lies in [0.5, 255.5], so truncating to
 * int32 and packing with saturation gives the same code. The leftover
 * values are the caller's (the count done is returned). */
size_t kcv__codec_encode_plain_u8(const float *restrict src, uint8_t *restrict dst, size_t n)
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
size_t kcv__codec_encode_plain_u8(const float *restrict src, uint8_t *restrict dst, size_t n)
{
  (void)src;
  (void)dst;
  (void)n;
  return 0;
}
#endif

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

size_t kcv__codec_decode_curved_u8(const kcv_codec *codec, const uint8_t *restrict src,
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
size_t kcv__codec_encode_curved_u8(const kcv_codec *codec, const float *restrict src,
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
