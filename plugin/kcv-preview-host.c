/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: the preview's pixels, read and converted exactly as the render reads and
 * writes them, so that the preview shows what OK will write. */
#include "kcv-preview-host.h"

#include "kcv-host.h"

struct _KcvPreviewHost {
  KcvPreviewSource source;
  KcvLight light;
  KcvPixelIO *io[2]; /* perceptual, linear: the render's conversions in each light */
  gfloat *pixels;
  gint x, y;
};

/* Through the drawable's own storage: encoded in one light, decoded in another. */
static void via_storage(const KcvPreviewHost *h, const gfloat *src, gfloat *dst, gsize n,
                        gboolean from_linear, gboolean to_linear)
{
  guint8 *stored = g_malloc(n * kcv_pixel_io_stored_bytes(h->io[0]));
  kcv_pixel_io_encode(h->io[from_linear], src, stored, n);
  kcv_pixel_io_decode(h->io[to_linear], stored, dst, n);
  g_free(stored);
}

static void light_convert(const float *src, float *dst, size_t n, gboolean from_linear,
                          gpointer data)
{
  via_storage(data, src, dst, n, from_linear != FALSE, !from_linear);
}

static void light_written(const float *src, float *dst, size_t n, gboolean linear, gpointer data)
{
  via_storage(data, src, dst, n, linear != FALSE, FALSE);
}

KcvPreviewHost *kcv_preview_host_new(gint32 drawable, gboolean linear, gint max_side)
{
  gint sx, sy, sw, sh;
  if (!gimp_drawable_mask_intersect(drawable, &sx, &sy, &sw, &sh))
    return NULL;
  KcvPreviewHost *h = g_new0(KcvPreviewHost, 1);
  KcvPreviewSource *s = &h->source;
  kcv_host_region_span(sx, sw, gimp_drawable_width(drawable), max_side, &h->x, &s->width,
                       &s->view_x, &s->view_width);
  kcv_host_region_span(sy, sh, gimp_drawable_height(drawable), max_side, &h->y, &s->height,
                       &s->view_y, &s->view_height);
  gint ch;
  h->io[0] = kcv_pixel_io_new(drawable, FALSE, &ch);
  h->io[1] = kcv_pixel_io_new(drawable, TRUE, &ch);
  h->pixels = g_try_malloc((gsize)s->width * s->height * ch * sizeof(gfloat));
  if (!h->pixels || !kcv_pixel_io_read(h->io[linear != FALSE], h->x, h->y, s->width, s->height,
                                       h->pixels, (gsize)s->width * ch)) {
    kcv_preview_host_free(h);
    return NULL;
  }
  s->pixels = h->pixels;
  s->channels = ch;
  s->stride = (ptrdiff_t)s->width * ch;
  kcv_host_selection_in_region(s, h->x, h->y, sx, sy, sw, sh);
  h->light = (KcvLight){light_convert, light_written, h};
  s->light = &h->light;
  return h;
}

const KcvPreviewSource *kcv_preview_host_source(const KcvPreviewHost *host)
{
  return &host->source;
}

void kcv_preview_host_origin(const KcvPreviewHost *host, gint *x, gint *y)
{
  *x = host->x;
  *y = host->y;
}

void kcv_preview_host_free(KcvPreviewHost *host)
{
  if (!host)
    return;
  kcv_pixel_io_free(host->io[0], FALSE);
  kcv_pixel_io_free(host->io[1], FALSE);
  g_free(host->pixels);
  g_free(host);
}
