/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: exact conversions between stored samples (u8, u16, float) and the float working
 * values, with or without the sRGB transfer curve. Host-independent (no GIMP, GEGL or babl). */
#ifndef KCV_PIXEL_CODEC_H
#define KCV_PIXEL_CODEC_H

#include <stddef.h>
#include <stdint.h>

/* How stored samples are kept. */
typedef enum { KCV_SAMPLE_U8, KCV_SAMPLE_U16, KCV_SAMPLE_FLOAT } kcv_sample_type;

/* What happens to the colour samples between storage and work; alpha is never curved. */
typedef enum {
  KCV_CURVE_NONE,        /* same light on both sides: only the type changes */
  KCV_CURVE_SRGB_DECODE, /* stored sRGB-encoded, worked on in linear light */
  KCV_CURVE_SRGB_ENCODE, /* stored in linear light, worked on sRGB-encoded */
} kcv_curve;

typedef struct {
  kcv_sample_type type;
  int channels; /* samples per pixel, 1 to 4 */
  int colour;   /* the first `colour` samples are curved; the rest (alpha) are not */
  kcv_curve curve;
  /* Integer types only. decode: stored code -> working value, for colour
   * (curved) and plain (alpha) samples. Encoding rounds to the nearest code
   * of the exact curve: code c + 1 is chosen from threshold[c] on (the
   * working value of code c + 0.5), found from guess[bucket] upwards. */
  float *decode_colour, *decode_plain;
  double *threshold;
  uint16_t *guess;
  int max_code, n_buckets;
  /* u8 with a curve: the same thresholds as float bit patterns, and per
   * bucket of float bit patterns the code at its start; a bucket holds at
   * most one threshold, so one compare finishes the search (no loop). NULL
   * when the thresholds lie closer than that. */
  uint32_t *threshold_bits;
  uint8_t *bits_code;
  /* The same per bucket in one word, for the vector encoder: the code at the
   * bucket's start << 16 | the threshold's offset inside the bucket (1 << 15
   * when none lies inside). */
  uint32_t *bits_entry;
  /* u8, every sample's value is its code over 255 (no curve): decoded by
   * division, 16 at a time, instead of the table. */
  int u8_divides;
} kcv_codec;

/* 0 on success, -1 out of memory or an unsupported combination (a curve on
 * float samples: those go through babl). */
int kcv_codec_init(kcv_codec *codec, kcv_sample_type type, int channels, int colour,
                   kcv_curve curve);
void kcv_codec_clear(kcv_codec *codec);

/* Bytes one stored pixel takes. */
size_t kcv_codec_pixel_bytes(const kcv_codec *codec);

/* n_pixels stored pixels to working floats, and back. Encoding clamps to
 * the stored range (NaN becomes 0) and rounds to nearest, like babl's own
 * float to u8 and u16 conversions for curve NONE. */
void kcv_codec_decode(const kcv_codec *codec, const void *src, float *dst, size_t n_pixels);
void kcv_codec_encode(const kcv_codec *codec, const float *src, void *dst, size_t n_pixels);

/* The sRGB transfer curve in double precision (IEC 61966-2-1), for tests and tables. */
double kcv_srgb_to_linear(double v);
double kcv_linear_to_srgb(double v);

#endif
