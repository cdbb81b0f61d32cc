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
  if (curve != KCV_CURVE_NONE && build_encoder(codec) != 0) {
    kcv_codec_clear(codec);
    return -1;
  }
  return 0;
}

void kcv_codec_clear(kcv_codec *codec)
{
  free(codec->decode_colour);
  free(codec->decode_plain);
  free(codec->threshold);
  free(codec->guess);
  codec->decode_colour = codec->decode_plain = NULL;
  codec->threshold = NULL;
  codec->guess = NULL;
}

void kcv_codec_decode(const kcv_codec *codec, const void *src, float *dst, size_t n_pixels)
{
  const size_t n = n_pixels * (size_t)codec->channels;
  if (codec->type == KCV_SAMPLE_FLOAT) {
    memcpy(dst, src, n * sizeof(float));
    return;
  }
  const int ch = codec->channels, colour = codec->colour;
  for (size_t i = 0; i < n; i += (size_t)ch) {
    for (int k = 0; k < ch; k++) {
      const unsigned code = codec->type == KCV_SAMPLE_U8 ? ((const uint8_t *)src)[i + k]
                                                         : ((const uint16_t *)src)[i + k];
      dst[i + k] = k < colour ? codec->decode_colour[code] : codec->decode_plain[code];
    }
  }
}

/* Nearest code with no curve: the value scaled, plus a half, truncated, all
 * in float (babl's float to u8 and u16 conversions compute the same). */
static inline unsigned encode_plain(float v, float max)
{
  if (!(v > 0.0f)) /* also NaN */
    return 0;
  if (v >= 1.0f)
    return (unsigned)max;
  return (unsigned)(max * v + 0.5f);
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

void kcv_codec_encode(const kcv_codec *codec, const float *src, void *dst, size_t n_pixels)
{
  const size_t n = n_pixels * (size_t)codec->channels;
  if (codec->type == KCV_SAMPLE_FLOAT) {
    memcpy(dst, src, n * sizeof(float));
    return;
  }
  const int ch = codec->channels;
  const int colour = codec->curve == KCV_CURVE_NONE ? 0 : codec->colour;
  const float max = (float)codec->max_code;
  for (size_t i = 0; i < n; i += (size_t)ch) {
    for (int k = 0; k < ch; k++) {
      const float v = src[i + k];
      const unsigned code = k < colour ? encode_curved(codec, v) : encode_plain(v, max);
      if (codec->type == KCV_SAMPLE_U8)
        ((uint8_t *)dst)[i + k] = (uint8_t)code;
      else
        ((uint16_t *)dst)[i + k] = (uint16_t)code;
    }
  }
}
