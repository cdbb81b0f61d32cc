/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: exact conversions between stored samples and the float working values: the
 * loop for each sample type, curve and layout (the tables are built in
 * kcv-pixel-codec-tables.c; the SSE2 and AVX2 loops live in kcv-pixel-codec-simd.c). */
#include "kcv-pixel-codec-private.h"

#include <string.h>

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

/* u8 through the tables: the vector decoder, then the rest sample by sample. */
static void decode_curved_u8_all(const kcv_codec *codec, const uint8_t *restrict src,
                                 float *restrict dst, size_t n_pixels)
{
  const size_t ch = (size_t)codec->channels, n = n_pixels * ch;
  const size_t done = kcv__codec_decode_curved_u8(codec, src, dst, n);
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
    for (size_t i = kcv__codec_decode_u8_divide(s, dst, n); i < n; i++)
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

/* Curved u8: the vector encoder, then the rest sample by sample. */
static void encode_curved_u8_all(const kcv_codec *codec, const float *restrict src,
                                 uint8_t *restrict dst, size_t n_pixels)
{
  const size_t ch = (size_t)codec->channels, n = n_pixels * ch;
  const size_t done = kcv__codec_encode_curved_u8(codec, src, dst, n);
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
    for (size_t i = kcv__codec_encode_plain_u8(src, d, n); i < n; i++)
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
