/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: convolves drawables in horizontal bands, from their GEGL buffer to their shadow.
 */
#include "kcv3.h"

#include <string.h>

/* Memory for one band's source pixels (with its halo) and its read block.
 * A band is at least as tall as the kernel. */
#define KCV3_BAND_BUDGET ((gsize)256 << 20)
#define KCV3_BAND_MIN_ROWS 64

const Babl *kcv3_render_format(GimpDrawable *drawable, gboolean linear, gint *channels)
{
  const Babl *own = gimp_drawable_get_format(drawable);
  const gchar *name;
  gchar *owned = NULL;

  if (gimp_item_is_layer_mask(GIMP_ITEM(drawable)) || gimp_item_is_channel(GIMP_ITEM(drawable))) {
    /* Masks and channels keep their own model: their values are coverage, not light. */
    name = owned = g_strdup_printf("%s float", babl_get_name(babl_format_get_model(own)));
  } else {
    gboolean alpha = gimp_drawable_has_alpha(drawable);
    if (gimp_drawable_is_rgb(drawable))
      name = linear ? (alpha ? "RGBA float" : "RGB float")
                    : (alpha ? "R'G'B'A float" : "R'G'B' float");
    else
      name = linear ? (alpha ? "YA float" : "Y float") : (alpha ? "Y'A float" : "Y' float");
  }
  const Babl *format = babl_format_with_space(name, own);
  g_free(owned);
  *channels = babl_format_get_n_components(format);
  return format;
}

/* Where a band's padded source comes from: columns [px0, px0 + pw) of the
 * drawable, each mapped by the border mode to a source column in [a, b) or
 * to -1 (transparent). */
typedef struct {
  GeglBuffer *buffer;
  const Babl *format;
  gint ch, height;
  kcv_border border;
  gint px0, pw, a, b;
  gint *xmap;
  gfloat *block; /* rows of source columns [a, b) */
} Source;

static void scatter_row(const Source *s, const gfloat *from, gfloat *dst)
{
  const gsize bytes = (gsize)s->ch * sizeof(gfloat);
  for (gint x = 0; x < s->pw; x++) {
    if (s->xmap[x] < 0)
      memset(dst + (gsize)x * s->ch, 0, bytes);
    else
      memcpy(dst + (gsize)x * s->ch, from + (gsize)(s->xmap[x] - s->a) * s->ch, bytes);
  }
}

static void read_rows(const Source *s, gint y, gint rows)
{
  gegl_buffer_get(s->buffer, GEGL_RECTANGLE(s->a, y, s->b - s->a, rows), 1.0, s->format, s->block,
                  GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
}

/* Fills rows [py0, py0 + ph) of the padded source P (pw columns): rows inside
 * the drawable in one read, rows beyond it by the border mode. */
static void fill_band(const Source *s, gint py0, gint ph, gfloat *P)
{
  const gsize rs = (gsize)s->pw * s->ch, bs = (gsize)(s->b - s->a) * s->ch;
  const gint r0 = MAX(py0, 0), r1 = MIN(py0 + ph, s->height);

  if (r0 < r1) {
    read_rows(s, r0, r1 - r0);
    for (gint r = r0; r < r1; r++)
      scatter_row(s, s->block + (gsize)(r - r0) * bs, P + (gsize)(r - py0) * rs);
  }
  for (gint r = py0; r < py0 + ph; r++) {
    if (r >= r0 && r < r1)
      continue;
    gfloat *dst = P + (gsize)(r - py0) * rs;
    gint sy = kcv_border_index(r, s->height, s->border);
    if (sy < 0) {
      memset(dst, 0, rs * sizeof(gfloat));
    } else if (sy >= r0 && sy < r1) {
      memcpy(dst, P + (gsize)(sy - py0) * rs, rs * sizeof(gfloat));
    } else {
      read_rows(s, sy, 1);
      scatter_row(s, s->block, dst);
    }
  }
}

typedef struct {
  gboolean show;
  gint index, count; /* drawable index of count */
  gint rows_done, band_rows, total_rows;
  gdouble last;
} Progress;

/* The core calls this on the plug-in's main thread. A cancel from GIMP's
 * progress bar makes the update fail: stop, nothing is merged. */
static int on_progress(double fraction, void *user_data)
{
  Progress *p = user_data;
  if (!p->show)
    return 0;
  gdouble part = (p->rows_done + fraction * p->band_rows) / (gdouble)p->total_rows;
  gdouble overall = (p->index + part) / p->count;
  if (overall - p->last < 0.01 && overall < 1.0)
    return 0;
  p->last = overall;
  return gimp_progress_update(overall) ? 0 : 1;
}

static gboolean map_columns(Source *s, gint width)
{
  s->xmap = g_try_new(gint, s->pw);
  if (!s->xmap)
    return FALSE;
  s->a = width;
  s->b = 0;
  for (gint x = 0; x < s->pw; x++) {
    gint m = kcv_border_index(s->px0 + x, width, s->border);
    s->xmap[x] = m;
    if (m >= 0) {
      s->a = MIN(s->a, m);
      s->b = MAX(s->b, m + 1);
    }
  }
  return TRUE;
}

/* Convolves the target of drawable band by band into its shadow buffer. */
static kcv_status convolve_bands(GimpDrawable *drawable, kcv_plan *plan, Source *s,
                                 const kcv_kernel *kernel, const GeglRectangle *t,
                                 Progress *progress)
{
  /* The halo covers the kernel on both sides whatever its anchor for even
   * sizes: kw / 2 >= both (kw - 1) / 2 and kw - 1 - (kw - 1) / 2. */
  const gint hx = kernel->width / 2, hy = kernel->height / 2, ch = s->ch;
  s->px0 = t->x - hx;
  s->pw = t->width + 2 * hx;
  if (!map_columns(s, gimp_drawable_get_width(drawable)))
    return KCV_ERR_NOMEM;

  const gsize row_bytes = (gsize)(s->pw + (s->b - s->a)) * ch * sizeof(gfloat);
  gint band = (gint)MIN((gsize)G_MAXINT, KCV3_BAND_BUDGET / row_bytes) - 2 * hy;
  band = MIN(MAX(band, MAX(kernel->height, KCV3_BAND_MIN_ROWS)), t->height);
  const gsize rows = (gsize)band + 2 * hy;
  gfloat *P = g_try_malloc((gsize)s->pw * ch * rows * sizeof(gfloat));
  gfloat *out = g_try_malloc((gsize)t->width * band * ch * sizeof(gfloat));
  s->block = g_try_malloc((gsize)(s->b - s->a) * ch * rows * sizeof(gfloat));
  kcv_status status = P && out && s->block ? KCV_OK : KCV_ERR_NOMEM;

  s->buffer = gimp_drawable_get_buffer(drawable);
  GeglBuffer *shadow = gimp_drawable_get_shadow_buffer(drawable);
  progress->total_rows = t->height;
  for (gint y0 = t->y; y0 < t->y + t->height && status == KCV_OK; y0 += band) {
    gint bh = MIN(band, t->y + t->height - y0);
    fill_band(s, y0 - hy, bh + 2 * hy, P);
    kcv_image in = {P, s->pw, bh + 2 * hy, ch, (ptrdiff_t)s->pw * ch};
    kcv_rect rect = {hx, hy, t->width, bh};
    kcv_image res = {out, t->width, bh, ch, (ptrdiff_t)t->width * ch};
    progress->rows_done = y0 - t->y;
    progress->band_rows = bh;
    status = kcv_plan_execute(plan, &in, &rect, &res, on_progress, progress);
    if (status == KCV_OK)
      gegl_buffer_set(shadow, GEGL_RECTANGLE(t->x, y0, t->width, bh), 0, s->format, out,
                      GEGL_AUTO_ROWSTRIDE);
  }
  if (status == KCV_OK)
    gegl_buffer_flush(shadow);
  g_object_unref(shadow);
  g_object_unref(s->buffer);
  g_free(s->xmap);
  g_free(s->block);
  g_free(P);
  g_free(out);
  return status;
}

/* One drawable into its shadow buffer; t gets its selected rectangle. */
static Kcv3RenderResult render_one(GimpDrawable *drawable, const Kcv3Job *job, Progress *progress,
                                   GeglRectangle *t, gchar **error)
{
  if (!gimp_drawable_mask_intersect(drawable, &t->x, &t->y, &t->width, &t->height) ||
      t->width < 1 || t->height < 1)
    return KCV3_RENDER_NOTHING;

  Source s = {0};
  s.format = kcv3_render_format(drawable, job->linear, &s.ch);
  s.height = gimp_drawable_get_height(drawable);
  s.border = job->border;

  /* The options every front end makes (kcv.h): a zero-sum kernel leaves alpha alone by default. */
  const kcv_user_args args = {.method = job->method,
                              .border = job->border,
                              .divisor = job->divisor,
                              .offset = job->offset,
                              .colours = job->channels,
                              .alpha_weighting = job->alpha_weighting};
  kcv_options options;
  kcv_status status = kcv_options_from_user(&args, job->kernel, s.ch, &options);
  if (status == KCV_ERR_CHANNEL_MASK) {
    *error = kcv_host_channel_message((gint)job->channels);
    return KCV3_RENDER_BAD_ARGUMENT;
  }
  kcv_plan *plan = NULL;
  if (status == KCV_OK)
    status = kcv_plan_new(job->kernel, &options, &plan);
  if (status == KCV_OK)
    status = convolve_bands(drawable, plan, &s, job->kernel, t, progress);
  kcv_plan_free(plan);
  return kcv3_render_result(status, error);
}

typedef struct {
  const Kcv3Job *job;
  Progress progress;
} RenderCtx;

static Kcv3RenderResult render_nth(GimpDrawable *drawable, gint index, gint count,
                                   GeglRectangle *target, gpointer data, gchar **error)
{
  RenderCtx *ctx = data;
  ctx->progress.index = index;
  ctx->progress.count = count;
  return render_one(drawable, ctx->job, &ctx->progress, target, error);
}

Kcv3RenderResult kcv3_render(GimpDrawable **drawables, const Kcv3Job *job, gboolean show_progress,
                             gchar **error)
{
  RenderCtx ctx = {job, {show_progress, 0, 1, 0, 1, 1, 0.0}};
  if (show_progress)
    gimp_progress_init(_("Custom Convolution"));
  Kcv3RenderResult result = kcv3_shadows_render(drawables, render_nth, &ctx, error);
  if (show_progress && result == KCV3_RENDER_OK)
    gimp_progress_update(1.0);
  return result;
}
