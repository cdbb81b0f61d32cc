/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: the pixel codec's tables: the sRGB curve, every code's working value, the
 * encoder's thresholds and buckets (kcv_codec_init, kcv_codec_clear).
 *
 * Integer samples decode through a table (every code's value, computed in
 * double and rounded once to float) and encode to the nearest code of the
 * exact curve, found from a table of decision thresholds: a bucket table
 * gives the code at the bucket's lower end, and the thresholds after it are
 * stepped over (at most a few: buckets are finer than the curve's steepest
 * part needs, apart from the darkest u16 codes). */
#include "kcv-pixel-codec-private.h"

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
