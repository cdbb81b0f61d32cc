/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: what the pixel codec's files share (kcv-pixel-codec.c dispatches,
 * kcv-pixel-codec-tables.c builds the tables, kcv-pixel-codec-simd.c holds the SSE2 and AVX2
 * loops): the encoders' sample-by-sample forms and the vector loops' entry points. */
#ifndef KCV_PIXEL_CODEC_PRIVATE_H
#define KCV_PIXEL_CODEC_PRIVATE_H

#include "kcv-pixel-codec.h"

#include <string.h>

/* Buckets of 2^15 float bit patterns: 32513 of them cover [0, 1], each
 * 1/256 of a binade wide, finer than the 8-bit sRGB thresholds' spacing
 * everywhere (build_bits_encoder checks it). */
#define KCV_BITS_SHIFT 15
#define KCV_BITS_ONE 0x3F800000u /* 1.0f */

static inline uint32_t float_bits(float v)
{
  uint32_t b;
  memcpy(&b, &v, sizeof b);
  return b;
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

/* The vector loops: each returns how many of the n samples it did (0 where
 * the machine, the tables or the layout do not allow it); the rest are the
 * caller's, sample by sample. */
/* u8 codes over 255 (u8_divides). */
size_t kcv__codec_decode_u8_divide(const uint8_t *restrict src, float *restrict dst, size_t n);
/* u8 through the colour table (alpha lanes by the division). */
size_t kcv__codec_decode_curved_u8(const kcv_codec *codec, const uint8_t *restrict src,
                                   float *restrict dst, size_t n);
/* encode_plain to u8. */
size_t kcv__codec_encode_plain_u8(const float *restrict src, uint8_t *restrict dst, size_t n);
/* encode_curved_bits (colour lanes) and encode_plain (alpha) to u8. */
size_t kcv__codec_encode_curved_u8(const kcv_codec *codec, const float *restrict src,
                                   uint8_t *restrict dst, size_t n);

#endif
