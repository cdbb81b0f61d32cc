/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: the dialog's preview pixels, read and converted as the render reads and writes
 * them, so that the preview shows what OK writes.
 */
#include "kcv3-preview.h"

#include "kcv-host.h"

struct _Kcv3Preview {
  KcvPreviewSource source;
  KcvLight light;
  const Babl *light_format[2]; /* perceptual, linear: the render's formats */
  const Babl *shown;           /* perceptual, what the screen takes */
  const Babl *stored;          /* the drawable's own format */
  gint bpp;                    /* bytes per stored pixel */
  gint x, y;                   /* where the region starts in the drawable */
  gfloat *pixels;
};

/* Through the drawable's own storage, as the render's result gets there:
 * src in one format, encoded as stored, decoded into another. */
static void via_storage(const Kcv3Preview *p, const gfloat *src, const Babl *from, gfloat *dst,
                        const Babl *to, gsize n)
{
  guint8 *stored = g_malloc(n * p->bpp);
  babl_process(babl_fish(from, p->stored), src, stored, (long)n);
  babl_process(babl_fish(p->stored, to), stored, dst, (long)n);
  g_free(stored);
}

static void light_convert(const float *src, float *dst, size_t n, gboolean from_linear,
                          gpointer data)
{
  const Kcv3Preview *p = data;
  via_storage(p, src, p->light_format[from_linear != FALSE], dst,
              p->light_format[from_linear == FALSE], n);
}

static void light_written(const float *src, float *dst, size_t n, gboolean linear, gpointer data)
{
  const Kcv3Preview *p = data;
  via_storage(p, src, p->light_format[linear != FALSE], dst, p->shown, n);
}

/* The perceptual float format of the render's pixels for drawable: masks
 * and channels keep their own model in the render, but the screen shows
 * perceptual values. */
static const Babl *shown_format(GimpDrawable *drawable, const Babl *perceptual)
{
  if (gimp_item_is_layer_mask(GIMP_ITEM(drawable)) || gimp_item_is_channel(GIMP_ITEM(drawable)))
    return babl_format_with_space("Y' float", perceptual);
  return perceptual;
}

static gboolean read_region(Kcv3Preview *p, GimpDrawable *drawable, gboolean linear, gint x, gint y)
{
  KcvPreviewSource *s = &p->source;
  p->pixels = g_try_malloc((gsize)s->width * s->height * s->channels * sizeof(gfloat));
  if (!p->pixels)
    return FALSE;
  GeglBuffer *buffer = gimp_drawable_get_buffer(drawable);
  gegl_buffer_get(buffer, GEGL_RECTANGLE(x, y, s->width, s->height), 1.0,
                  p->light_format[linear != FALSE], p->pixels, GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  g_object_unref(buffer);
  s->pixels = p->pixels;
  s->stride = (ptrdiff_t)s->width * s->channels;
  return TRUE;
}

Kcv3Preview *kcv3_preview_new(GimpDrawable *drawable, gboolean linear, gint max_side)
{
  gint sx, sy, sw, sh;
  if (!gimp_drawable_mask_intersect(drawable, &sx, &sy, &sw, &sh))
    return NULL;
  Kcv3Preview *p = g_new0(Kcv3Preview, 1);
  KcvPreviewSource *s = &p->source;
  kcv_host_region_span(sx, sw, gimp_drawable_get_width(drawable), max_side, &p->x, &s->width,
                       &s->view_x, &s->view_width);
  kcv_host_region_span(sy, sh, gimp_drawable_get_height(drawable), max_side, &p->y, &s->height,
                       &s->view_y, &s->view_height);
  p->light_format[0] = kcv3_render_format(drawable, FALSE, &s->channels);
  p->light_format[1] = kcv3_render_format(drawable, TRUE, &s->channels);
  p->shown = shown_format(drawable, p->light_format[0]);
  p->stored = gimp_drawable_get_format(drawable);
  p->bpp = babl_format_get_bytes_per_pixel(p->stored);
  if (!read_region(p, drawable, linear, p->x, p->y)) {
    kcv3_preview_free(p);
    return NULL;
  }
  kcv_host_selection_in_region(s, p->x, p->y, sx, sy, sw, sh);
  p->light = (KcvLight){light_convert, light_written, p};
  s->light = &p->light;
  return p;
}

const KcvPreviewSource *kcv3_preview_source(const Kcv3Preview *preview)
{
  return &preview->source;
}

void kcv3_preview_origin(const Kcv3Preview *preview, gint *x, gint *y)
{
  *x = preview->x;
  *y = preview->y;
}

void kcv3_preview_free(Kcv3Preview *preview)
{
  if (!preview)
    return;
  g_free(preview->pixels);
  g_free(preview);
}
