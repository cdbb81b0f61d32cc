/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: float pixels to what the screen shows (light conversion, cairo surfaces). */
#include "kcv-render.h"

#include <math.h>
#include <string.h>

static float srgb_to_linear(float v)
{
  if (v <= 0.04045f)
    return v / 12.92f;
  return powf((v + 0.055f) / 1.055f, 2.4f);
}

static float linear_to_srgb(float v)
{
  if (v <= 0.0031308f)
    return v * 12.92f;
  return 1.055f * powf(v, 1.0f / 2.4f) - 0.055f;
}

float *kcv_render_convert_light(const kcv_image *img, gboolean to_linear)
{
  g_return_val_if_fail(img != NULL && img->data != NULL, NULL);
  int c = img->channels;
  int colour = (c == 2 || c == 4) ? c - 1 : c;
  float *out = g_try_new(float, (gsize)img->width * img->height * c);
  if (!out)
    return NULL;
  for (int y = 0; y < img->height; y++) {
    const float *s = img->data + (ptrdiff_t)y * img->stride;
    float *d = out + (gsize)y * img->width * c;
    for (int x = 0; x < img->width; x++) {
      for (int k = 0; k < c; k++) {
        float v = s[x * c + k];
        d[x * c + k] = k < colour ? (to_linear ? srgb_to_linear(v) : linear_to_srgb(v)) : v;
      }
    }
  }
  return out;
}

static guint8 to_byte(float v)
{
  if (!(v > 0.0f)) /* also NaN */
    return 0;
  if (v >= 1.0f)
    return 255;
  return (guint8)(v * 255.0f + 0.5f);
}

/* 4096-entry table from linear light to sRGB-encoded bytes: the display
 * path runs per pixel on up to a few million pixels per update. */
static const guint8 *linear_lut(void)
{
  static guint8 lut[4097];
  static gsize done = 0;
  if (g_once_init_enter(&done)) {
    for (int i = 0; i <= 4096; i++)
      lut[i] = to_byte(linear_to_srgb((float)i / 4096.0f));
    g_once_init_leave(&done, 1);
  }
  return lut;
}

/* Written as compares (NaN fails the first and becomes 0) so that it
 * compiles to min/max instructions; fminf is a libm call at -O2. */
static inline float clamp01(float v)
{
  v = v > 0.0f ? v : 0.0f;
  return v < 1.0f ? v : 1.0f;
}

/* One premultiplied ARGB32 word from straight colour in 0..1. */
static inline guint32 pack(float r, float g, float b, float a)
{
  a = clamp01(a);
  guint32 ab = (guint32)(a * 255.0f + 0.5f);
  guint32 rb = (guint32)(clamp01(r) * a * 255.0f + 0.5f);
  guint32 gb = (guint32)(clamp01(g) * a * 255.0f + 0.5f);
  guint32 bb = (guint32)(clamp01(b) * a * 255.0f + 0.5f);
  return (ab << 24) | (rb << 16) | (gb << 8) | bb;
}

/* sRGB encoding of linear v in 0..1, through the table. */
static inline float encode(const guint8 *lut, float v)
{
  return lut[(int)(clamp01(v) * 4096.0f + 0.5f)] / 255.0f;
}

void kcv_render_argb(const kcv_image *img, gboolean linear, guint8 *base, int stride)
{
  g_return_if_fail(img != NULL && img->data != NULL && base != NULL);
  const guint8 *lut = linear ? linear_lut() : NULL;
  const int c = img->channels;
  for (int y = 0; y < img->height; y++) {
    const float *restrict s = img->data + (ptrdiff_t)y * img->stride;
    guint32 *restrict d = (guint32 *)(base + (gsize)y * stride);
    const int w = img->width;
    /* One loop per layout, so each is simple enough to vectorise. */
    if (lut) {
      for (int x = 0; x < w; x++, s += c) {
        float a = (c == 2 || c == 4) ? s[c - 1] : 1.0f;
        float r = encode(lut, s[0]);
        float g = c >= 3 ? encode(lut, s[1]) : r, b = c >= 3 ? encode(lut, s[2]) : r;
        d[x] = pack(r, g, b, a);
      }
    } else if (c == 4) {
      for (int x = 0; x < w; x++)
        d[x] = pack(s[4 * x], s[4 * x + 1], s[4 * x + 2], s[4 * x + 3]);
    } else if (c == 3) {
      for (int x = 0; x < w; x++)
        d[x] = pack(s[3 * x], s[3 * x + 1], s[3 * x + 2], 1.0f);
    } else if (c == 2) {
      for (int x = 0; x < w; x++)
        d[x] = pack(s[2 * x], s[2 * x], s[2 * x], s[2 * x + 1]);
    } else {
      for (int x = 0; x < w; x++)
        d[x] = pack(s[x], s[x], s[x], 1.0f);
    }
  }
}

cairo_surface_t *kcv_render_surface(const kcv_image *img, gboolean linear)
{
  g_return_val_if_fail(img != NULL && img->data != NULL, NULL);
  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, img->width, img->height);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surf);
    return NULL;
  }
  cairo_surface_flush(surf);
  kcv_render_argb(img, linear, cairo_image_surface_get_data(surf),
                  cairo_image_surface_get_stride(surf));
  cairo_surface_mark_dirty(surf);
  return surf;
}
