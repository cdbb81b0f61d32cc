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

cairo_surface_t *kcv_render_surface(const kcv_image *img, gboolean linear)
{
  g_return_val_if_fail(img != NULL && img->data != NULL, NULL);
  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, img->width, img->height);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surf);
    return NULL;
  }
  const guint8 *lut = linear ? linear_lut() : NULL;
  int c = img->channels;
  int stride = cairo_image_surface_get_stride(surf);
  guint8 *base = cairo_image_surface_get_data(surf);
  cairo_surface_flush(surf);
  for (int y = 0; y < img->height; y++) {
    const float *s = img->data + (ptrdiff_t)y * img->stride;
    guint32 *d = (guint32 *)(base + (gsize)y * stride);
    for (int x = 0; x < img->width; x++, s += c) {
      float r, g, b, a = 1.0f;
      if (c <= 2) {
        r = g = b = s[0];
        if (c == 2)
          a = s[1];
      } else {
        r = s[0];
        g = s[1];
        b = s[2];
        if (c == 4)
          a = s[3];
      }
      guint8 rb, gb, bb;
      if (lut) {
        rb = lut[(int)(fminf(fmaxf(r, 0.0f), 1.0f) * 4096.0f + 0.5f)];
        gb = lut[(int)(fminf(fmaxf(g, 0.0f), 1.0f) * 4096.0f + 0.5f)];
        bb = lut[(int)(fminf(fmaxf(b, 0.0f), 1.0f) * 4096.0f + 0.5f)];
      } else {
        rb = to_byte(r);
        gb = to_byte(g);
        bb = to_byte(b);
      }
      guint8 ab = to_byte(a);
      /* cairo wants premultiplied colour in native-endian 32-bit words. */
      guint32 pr = (rb * ab + 127) / 255, pg = (gb * ab + 127) / 255, pb = (bb * ab + 127) / 255;
      d[x] = ((guint32)ab << 24) | (pr << 16) | (pg << 8) | pb;
    }
  }
  cairo_surface_mark_dirty(surf);
  return surf;
}
