/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: restores drawables blurred by a known PSF, from their GEGL buffer to their
 * shadow, all or none.
 */
#include "kcv3.h"

typedef struct {
  gint index, count; /* drawable index of count */
  gdouble last;
} Progress;

/* A cancel from GIMP's progress bar makes the update fail: stop, nothing is merged. */
static int on_progress(double fraction, void *user_data)
{
  Progress *p = user_data;
  gdouble overall = (p->index + fraction) / p->count;
  if (overall - p->last < 0.01 && overall < 1.0)
    return 0;
  p->last = overall;
  return gimp_progress_update(overall) ? 0 : 1;
}

/* The selection's bounds t grown by two PSF sides of real pixels, inside the
 * drawable, as the GIMP 2.10 host reads it: the restoration near a
 * selection edge sees the light that was blurred into it. */
static GeglRectangle read_region(GimpDrawable *drawable, const kcv_kernel *psf,
                                 const GeglRectangle *t)
{
  const gint m = 2 * MAX(psf->width, psf->height);
  const gint W = gimp_drawable_get_width(drawable), H = gimp_drawable_get_height(drawable);
  GeglRectangle r;
  r.x = MAX(t->x - m, 0);
  r.y = MAX(t->y - m, 0);
  r.width = MIN(t->x + t->width + m, W) - r.x;
  r.height = MIN(t->y + t->height + m, H) - r.y;
  return r;
}

/* One drawable into its shadow buffer; t gets its selected rectangle. */
static Kcv3RenderResult restore_one(GimpDrawable *drawable, const Kcv3DeconvJob *job,
                                    Progress *progress, GeglRectangle *t, gchar **error)
{
  if (!gimp_drawable_mask_intersect(drawable, &t->x, &t->y, &t->width, &t->height) ||
      t->width < 1 || t->height < 1)
    return KCV3_RENDER_NOTHING;
  gint ch;
  const Babl *format = kcv3_render_format(drawable, job->linear, &ch);
  kcv_deconv_options options = job->options;
  /* 0 is every channel; a PSF has no zero-sum rule to leave alpha alone. */
  options.channel_mask = kcv_channel_mask_from_colours(job->channels, ch);
  if (options.channel_mask == 0) {
    *error = kcv_host_channel_message((gint)job->channels);
    return KCV3_RENDER_BAD_ARGUMENT;
  }
  const GeglRectangle r = read_region(drawable, job->psf, t);
  gfloat *px = g_try_malloc((gsize)r.width * r.height * ch * sizeof(gfloat));
  if (!px)
    return kcv3_render_result(KCV_ERR_NOMEM, error);
  GeglBuffer *buffer = gimp_drawable_get_buffer(drawable);
  gegl_buffer_get(buffer, &r, 1.0, format, px, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_CLAMP);
  g_object_unref(buffer);

  kcv_image im = {px, r.width, r.height, ch, (ptrdiff_t)r.width * ch};
  kcv_status st = kcv_deconvolve(&im, job->psf, &options, &im, on_progress, progress);
  if (st == KCV_OK) {
    GeglBuffer *shadow = gimp_drawable_get_shadow_buffer(drawable);
    gegl_buffer_set(shadow, t, 0, format, px + ((gsize)(t->y - r.y) * r.width + (t->x - r.x)) * ch,
                    (gsize)r.width * ch * sizeof(gfloat));
    gegl_buffer_flush(shadow);
    g_object_unref(shadow);
  }
  g_free(px);
  return kcv3_render_result(st, error);
}

typedef struct {
  const Kcv3DeconvJob *job;
  Progress progress;
} RestoreCtx;

static Kcv3RenderResult restore_nth(GimpDrawable *drawable, gint index, gint count,
                                    GeglRectangle *target, gpointer data, gchar **error)
{
  RestoreCtx *ctx = data;
  ctx->progress.index = index;
  ctx->progress.count = count;
  return restore_one(drawable, ctx->job, &ctx->progress, target, error);
}

Kcv3RenderResult kcv3_deconv_render(GimpDrawable **drawables, const Kcv3DeconvJob *job,
                                    gchar **error)
{
  RestoreCtx ctx = {job, {0, 1, 0.0}};
  gimp_progress_init(_("Deconvolving..."));
  Kcv3RenderResult result = kcv3_shadows_render(drawables, restore_nth, &ctx, error);
  if (result == KCV3_RENDER_OK)
    gimp_progress_update(1.0);
  return result;
}
