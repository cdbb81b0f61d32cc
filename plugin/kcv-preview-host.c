/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: the preview's pixels, read and converted exactly as the render reads and
 * writes them, so that the preview shows what OK will write. */
#include "kcv-preview-host.h"

struct _KcvPreviewHost {
  KcvPreviewSource source;
  KcvLight light;
  KcvPixelIO *io[2]; /* perceptual, linear: the render's conversions in each light */
  gfloat *pixels;
  gint x, y;
};

/* One side of the region: the whole drawable when it fits; else a view of
 * it around the selection, with up to the largest kernel's reach of real
 * pixels on each side (the view keeps at least half of max_side). */
static void region_span(gint sel0, gint sel_len, gint size, gint max_side, gint *read0,
                        gint *read_len, gint *view0, gint *view_len)
{
  if (size <= max_side) {
    *read0 = *view0 = 0;
    *read_len = *view_len = size;
    return;
  }
  const gint reach = KCV_KERNEL_MAX / 2;
  const gint n = max_side >= 4 * reach ? max_side - 2 * reach : max_side / 2;
  const gint v0 = CLAMP(sel0 + sel_len / 2 - n / 2, 0, size - n);
  *read0 = MAX(v0 - reach, 0);
  *read_len = MIN(v0 + n + reach, size) - *read0;
  *view0 = v0 - *read0;
  *view_len = n;
}

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

/* The selection inside the region (at least one pixel, for the preview's outline). */
static void selection_in_region(KcvPreviewHost *h, gint sx, gint sy, gint sw, gint sh)
{
  KcvPreviewSource *s = &h->source;
  gint x0 = MAX(sx, h->x), y0 = MAX(sy, h->y);
  gint x1 = MIN(sx + sw, h->x + s->width), y1 = MIN(sy + sh, h->y + s->height);
  s->sel_x = x0 - h->x;
  s->sel_y = y0 - h->y;
  s->sel_width = MAX(x1 - x0, 1);
  s->sel_height = MAX(y1 - y0, 1);
}

KcvPreviewHost *kcv_preview_host_new(gint32 drawable, gboolean linear, gint max_side)
{
  gint sx, sy, sw, sh;
  if (!gimp_drawable_mask_intersect(drawable, &sx, &sy, &sw, &sh))
    return NULL;
  KcvPreviewHost *h = g_new0(KcvPreviewHost, 1);
  KcvPreviewSource *s = &h->source;
  region_span(sx, sw, gimp_drawable_width(drawable), max_side, &h->x, &s->width, &s->view_x,
              &s->view_width);
  region_span(sy, sh, gimp_drawable_height(drawable), max_side, &h->y, &s->height, &s->view_y,
              &s->view_height);
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
  selection_in_region(h, sx, sy, sw, sh);
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
