/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: convolve a drawable's selection in horizontal bands through its shadow buffer. */
#include "kcv-plugin.h"

#include <string.h>

/* Memory for one band's source pixels (with its halo). A band is at least
 * as tall as the kernel, so a 1025-tall kernel on a 16384-wide RGBA layer
 * takes ~570 MiB, against 1 GiB for the layer itself at 8 bits. */
#define KCV_BAND_BUDGET ((gsize)256 << 20)
/* Tests set a smaller budget in bytes (KCV_BAND_BUDGET in the environment)
 * to reach several bands on small layers; see tests/plugin/kcv-sizes.scm. */
#define KCV_BAND_BUDGET_ENV "KCV_BAND_BUDGET"
#define KCV_BAND_MIN_ROWS 64
/* GEGL's tile cache in this process. libgimp sizes it like GIMP's own (half
 * the RAM by default), which would keep every tile of a huge layer that
 * went through here; the bands already hold what is being worked on. */
#define KCV_TILE_CACHE ((guint64)64 << 20)

const Babl *kcv_render_format(gint32 drawable, gboolean linear, gint *channels)
{
  const Babl *own = gimp_drawable_get_format(drawable);

  if (gimp_item_is_layer_mask(drawable) || gimp_item_is_channel(drawable)) {
    /* Masks and channels keep their own model ("Y" for masks, "Y'" for
     * channels): their values are coverage, not light. */
    gchar *name = g_strdup_printf("%s float", babl_get_name(babl_format_get_model(own)));
    const Babl *format = babl_format_with_space(name, own);
    g_free(name);
    *channels = babl_format_get_n_components(format);
    return format;
  }

  gboolean alpha = gimp_drawable_has_alpha(drawable);
  const gchar *name;
  if (gimp_drawable_is_rgb(drawable))
    name =
        linear ? (alpha ? "RGBA float" : "RGB float") : (alpha ? "R'G'B'A float" : "R'G'B' float");
  else
    name = linear ? (alpha ? "YA float" : "Y float") : (alpha ? "Y'A float" : "Y' float");
  const Babl *format = babl_format_with_space(name, own);
  *channels = babl_format_get_n_components(format);
  return format;
}

static gsize band_budget(void)
{
  const gchar *text = g_getenv(KCV_BAND_BUDGET_ENV);
  guint64 bytes = 0;
  if (text && *text && g_ascii_string_to_unsigned(text, 10, 1, G_MAXSIZE, &bytes, NULL))
    return (gsize)bytes;
  return KCV_BAND_BUDGET;
}

/* Where a band's padded source comes from. */
typedef struct {
  GeglBuffer *buffer;
  const Babl *format;
  gint ch;
  gint width, height; /* the drawable */
  kcv_border border;
  gint px0, pw;                 /* padded columns [px0, px0 + pw) in drawable coordinates */
  gint *xmap;                   /* pw source columns (or -1) */
  gint cx0, cx1;                /* columns inside the drawable: [cx0, cx1), mapped to themselves */
  gint a, b;                    /* every source column any padded column needs: [a, b) */
  gboolean outside_in_identity; /* every outside column maps into [cx0, cx1) */
  gfloat *row;                  /* scratch: one source row, columns [a, b) */
} BandSource;

static void scatter_row(const BandSource *s, const gfloat *from, gint from_x0, gfloat *dst,
                        gboolean outside_only)
{
  const gint ch = s->ch;
  for (gint x = 0; x < s->pw; x++) {
    gint X = s->px0 + x;
    if (outside_only && X >= s->cx0 && X < s->cx1)
      continue;
    gint sx = s->xmap[x];
    if (sx < 0)
      memset(dst + (gsize)x * ch, 0, ch * sizeof(gfloat));
    else
      memcpy(dst + (gsize)x * ch, from + (gsize)(sx - from_x0) * ch, ch * sizeof(gfloat));
  }
}

/* Reads source row sy into a padded row by the column map. */
static void read_mapped_row(const BandSource *s, gint sy, gfloat *dst)
{
  gegl_buffer_get(s->buffer, GEGL_RECTANGLE(s->a, sy, s->b - s->a, 1), 1.0, s->format, s->row,
                  GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_CLAMP);
  scatter_row(s, s->row, s->a, dst, FALSE);
}

/* Fills rows [py0, py0 + ph) of the padded source P (pw columns). */
static void fill_band(const BandSource *s, gint py0, gint ph, gfloat *P)
{
  const gsize rs = (gsize)s->pw * s->ch; /* floats per padded row */
  gint r0 = MAX(py0, 0), r1 = MIN(py0 + ph, s->height);

  /* Rows inside the drawable: one read of the columns inside it, then the
   * outside columns from the same rows when they map there. */
  if (r0 < r1) {
    if (s->cx0 < s->cx1) {
      gegl_buffer_get(s->buffer, GEGL_RECTANGLE(s->cx0, r0, s->cx1 - s->cx0, r1 - r0), 1.0,
                      s->format, P + (gsize)(r0 - py0) * rs + (gsize)(s->cx0 - s->px0) * s->ch,
                      rs * sizeof(gfloat), GEGL_ABYSS_CLAMP);
    }
    if (s->cx0 > s->px0 || s->cx1 < s->px0 + s->pw) {
      for (gint r = r0; r < r1; r++) {
        gfloat *dst = P + (gsize)(r - py0) * rs;
        if (s->outside_in_identity)
          scatter_row(s, dst, s->px0, dst, TRUE);
        else
          read_mapped_row(s, r, dst);
      }
    }
  }
  /* Rows outside the drawable: by the border mode, copied when the row
   * they stand for is already in P. */
  for (gint r = py0; r < py0 + ph; r++) {
    if (r >= r0 && r < r1)
      continue;
    gfloat *dst = P + (gsize)(r - py0) * rs;
    gint sy = kcv_border_index(r, s->height, s->border);
    if (sy < 0)
      memset(dst, 0, rs * sizeof(gfloat));
    else if (sy >= r0 && sy < r1)
      memcpy(dst, P + (gsize)(sy - py0) * rs, rs * sizeof(gfloat));
    else
      read_mapped_row(s, sy, dst);
  }
}

typedef struct {
  gboolean show;
  gint rows_done, band_rows, total_rows;
  gdouble last;
} ProgressCtx;

/* Called by the core on this (the plug-in's main) thread. In GIMP 2.10 a
 * cancel from the progress bar closes the plug-in's connection, so the
 * update fails (or the process ends): stop, and nothing is merged. */
static int on_progress(double fraction, void *user_data)
{
  ProgressCtx *p = user_data;
  if (!p->show)
    return 0;
  gdouble overall = (p->rows_done + fraction * p->band_rows) / (gdouble)p->total_rows;
  if (overall - p->last < 0.01 && overall < 1.0)
    return 0;
  p->last = overall;
  return gimp_progress_update(overall) ? 0 : 1;
}

KcvRenderResult kcv_render(gint32 drawable, const KcvJob *job, gboolean show_progress,
                           gchar **error)
{
  gint sx, sy, sw, sh;
  if (!gimp_drawable_mask_intersect(drawable, &sx, &sy, &sw, &sh) || sw < 1 || sh < 1)
    return KCV_RENDER_NOTHING;

  guint core_mask;
  if (!kcv_args_channel_mask(drawable, job->common.channels, &core_mask, error))
    return KCV_RENDER_BAD_ARGUMENT;

  gint ch;
  const Babl *format = kcv_render_format(drawable, job->common.linear, &ch);
  /* "All channels" leaves alpha alone under a zero-sum kernel (kcv.h says why). */
  if (job->common.channels == 0)
    core_mask &= kcv_kernel_default_channel_mask(job->kernel, ch);
  const gint W = gimp_drawable_width(drawable), H = gimp_drawable_height(drawable);
  const gint kw = job->kernel->width, kh = job->kernel->height;

  kcv_options options;
  kcv_options_init(&options);
  options.method = (kcv_method)job->common.method;
  options.border = (kcv_border)job->common.border;
  options.flip = 0; /* applied as displayed, like GIMP's Convolution Matrix */
  options.divisor = job->divisor;
  options.offset = job->offset;
  options.channel_mask = core_mask;
  options.alpha_weighting = job->common.alpha_weighting && (ch == 2 || ch == 4);

  kcv_plan *plan = NULL;
  kcv_status status = kcv_plan_new(job->kernel, &options, &plan);
  if (status != KCV_OK) {
    *error = kcv_args_status_message(status);
    return status == KCV_ERR_NOMEM || status == KCV_ERR_FFTW ? KCV_RENDER_ERROR
                                                             : KCV_RENDER_BAD_ARGUMENT;
  }

  /* The halo covers the kernel on both sides whatever its anchor for even
   * sizes: kw / 2 >= both (kw - 1) / 2 and kw - 1 - (kw - 1) / 2. */
  const gint hx = kw / 2, hy = kh / 2;
  const gint pw = sw + 2 * hx;
  const gsize row_bytes = (gsize)pw * ch * sizeof(gfloat);
  gint band = (gint)MIN((gsize)G_MAXINT, band_budget() / row_bytes) - 2 * hy;
  band = MAX(band, MAX(kh, KCV_BAND_MIN_ROWS));
  band = MIN(band, sh);

  gint n_convolved = 0;
  for (gint c = 0; c < ch; c++)
    n_convolved += (core_mask >> c) & 1;
  kcv_method chosen = kcv_plan_choose(plan, sw, band, n_convolved, NULL);
  if (show_progress)
    gimp_progress_init_printf(_("Convolving (%s)..."), _(kcv_method_label(chosen)));

  BandSource src = {0};
  src.format = format;
  src.ch = ch;
  src.width = W;
  src.height = H;
  src.border = options.border;
  src.px0 = sx - hx;
  src.pw = pw;
  src.cx0 = MAX(src.px0, 0);
  src.cx1 = MIN(src.px0 + pw, W);
  src.a = W;
  src.b = 0;
  src.outside_in_identity = TRUE;
  src.xmap = g_try_new(gint, pw);

  gfloat *P = g_try_malloc(row_bytes * (gsize)(band + 2 * hy));
  gfloat *out = g_try_malloc((gsize)sw * band * ch * sizeof(gfloat));
  src.row = g_try_malloc((gsize)W * ch * sizeof(gfloat));
  if (!src.xmap || !P || !out || !src.row) {
    g_free(src.xmap);
    g_free(P);
    g_free(out);
    g_free(src.row);
    kcv_plan_free(plan);
    *error = kcv_args_status_message(KCV_ERR_NOMEM);
    return KCV_RENDER_ERROR;
  }
  for (gint x = 0; x < pw; x++) {
    gint X = src.px0 + x;
    gint m = kcv_border_index(X, W, options.border);
    src.xmap[x] = m;
    if (m >= 0) {
      src.a = MIN(src.a, m);
      src.b = MAX(src.b, m + 1);
      if ((X < src.cx0 || X >= src.cx1) && (m < src.cx0 || m >= src.cx1))
        src.outside_in_identity = FALSE;
    }
  }

  const gint64 start = g_get_monotonic_time();
  g_object_set(gegl_config(), "tile-cache-size", KCV_TILE_CACHE, NULL);
  src.buffer = gimp_drawable_get_buffer(drawable);
  GeglBuffer *shadow = gimp_drawable_get_shadow_buffer(drawable);
  ProgressCtx progress = {show_progress, 0, band, sh, 0.0};

  for (gint y0 = sy; y0 < sy + sh && status == KCV_OK; y0 += band) {
    gint bh = MIN(band, sy + sh - y0);
    fill_band(&src, y0 - hy, bh + 2 * hy, P);

    kcv_image in = {P, pw, bh + 2 * hy, ch, (ptrdiff_t)pw * ch};
    kcv_rect rect = {hx, hy, sw, bh};
    kcv_image res = {out, sw, bh, ch, (ptrdiff_t)sw * ch};
    progress.rows_done = y0 - sy;
    progress.band_rows = bh;
    status = kcv_plan_execute(plan, &in, &rect, &res, on_progress, &progress);
    if (status == KCV_OK)
      gegl_buffer_set(shadow, GEGL_RECTANGLE(sx, y0, sw, bh), 0, format, out, GEGL_AUTO_ROWSTRIDE);
  }

  g_free(src.xmap);
  g_free(src.row);
  g_free(P);
  g_free(out);
  kcv_plan_free(plan);
  g_object_unref(src.buffer);

  if (status != KCV_OK) {
    /* The drawable itself was never written: dropping the shadow is all. */
    g_object_unref(shadow);
    gimp_drawable_free_shadow(drawable);
    if (status == KCV_ERR_CANCELLED)
      return KCV_RENDER_CANCELLED;
    *error = kcv_args_status_message(status);
    return status == KCV_ERR_METHOD ? KCV_RENDER_BAD_ARGUMENT : KCV_RENDER_ERROR;
  }
  gegl_buffer_flush(shadow);
  g_object_unref(shadow);
  if (!gimp_drawable_merge_shadow(drawable, TRUE)) {
    /* GIMP wrote nothing (a lock set while we ran, say): never report success. */
    gimp_drawable_free_shadow(drawable);
    *error = g_strdup(_("GIMP refused to write the result into the drawable (are its pixels "
                        "locked?); nothing was changed."));
    return KCV_RENDER_ERROR;
  }
  gimp_drawable_update(drawable, sx, sy, sw, sh);
  if (g_getenv("KCV_VERBOSE"))
    g_printerr("kcv: %s, %d x %d x %d, kernel %d x %d, bands of %d rows: %.3f s\n",
               kcv_method_name(chosen), sw, sh, ch, kw, kh, band,
               (g_get_monotonic_time() - start) / 1e6);
  if (show_progress)
    gimp_progress_update(1.0);
  return KCV_RENDER_OK;
}

gfloat *kcv_render_read_preview(gint32 drawable, gboolean linear, gint max_side, gint *x, gint *y,
                                gint *w, gint *h, gint *channels, gint *sel_x, gint *sel_y,
                                gint *sel_w, gint *sel_h)
{
  gint sx, sy, sw, sh;
  if (!gimp_drawable_mask_intersect(drawable, &sx, &sy, &sw, &sh))
    return NULL;
  const gint W = gimp_drawable_width(drawable), H = gimp_drawable_height(drawable);
  gint rw = MIN(W, max_side), rh = MIN(H, max_side);
  /* Centred on the selection, kept inside the drawable. */
  gint rx = CLAMP(sx + sw / 2 - rw / 2, 0, W - rw);
  gint ry = CLAMP(sy + sh / 2 - rh / 2, 0, H - rh);

  gint ch;
  const Babl *format = kcv_render_format(drawable, linear, &ch);
  gfloat *pixels = g_try_malloc((gsize)rw * rh * ch * sizeof(gfloat));
  if (!pixels)
    return NULL;
  GeglBuffer *buffer = gimp_drawable_get_buffer(drawable);
  gegl_buffer_get(buffer, GEGL_RECTANGLE(rx, ry, rw, rh), 1.0, format, pixels, GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_CLAMP);
  g_object_unref(buffer);

  *x = rx;
  *y = ry;
  *w = rw;
  *h = rh;
  *channels = ch;
  gint x0 = MAX(sx, rx), y0 = MAX(sy, ry);
  gint x1 = MIN(sx + sw, rx + rw), y1 = MIN(sy + sh, ry + rh);
  *sel_x = x0 - rx;
  *sel_y = y0 - ry;
  *sel_w = MAX(x1 - x0, 1);
  *sel_h = MAX(y1 - y0, 1);
  return pixels;
}
