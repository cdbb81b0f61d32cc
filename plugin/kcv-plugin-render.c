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
  KcvPixelIO *io;
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
static gboolean read_mapped_row(const BandSource *s, gint sy, gfloat *dst)
{
  if (!kcv_pixel_io_read(s->io, s->a, sy, s->b - s->a, 1, s->row, (gsize)(s->b - s->a) * s->ch))
    return FALSE;
  scatter_row(s, s->row, s->a, dst, FALSE);
  return TRUE;
}

/* Fills rows [py0, py0 + ph) of the padded source P (pw columns). FALSE when out of memory. */
static gboolean fill_band(const BandSource *s, gint py0, gint ph, gfloat *P)
{
  const gsize rs = (gsize)s->pw * s->ch; /* floats per padded row */
  gint r0 = MAX(py0, 0), r1 = MIN(py0 + ph, s->height);
  gboolean ok = TRUE;

  /* Rows inside the drawable: one read of the columns inside it, then the
   * outside columns from the same rows when they map there. */
  if (r0 < r1) {
    if (s->cx0 < s->cx1)
      ok = kcv_pixel_io_read(s->io, s->cx0, r0, s->cx1 - s->cx0, r1 - r0,
                             P + (gsize)(r0 - py0) * rs + (gsize)(s->cx0 - s->px0) * s->ch, rs);
    if (s->cx0 > s->px0 || s->cx1 < s->px0 + s->pw) {
      for (gint r = r0; r < r1 && ok; r++) {
        gfloat *dst = P + (gsize)(r - py0) * rs;
        if (s->outside_in_identity)
          scatter_row(s, dst, s->px0, dst, TRUE);
        else
          ok = read_mapped_row(s, r, dst);
      }
    }
  }
  /* Rows outside the drawable: by the border mode, copied when the row
   * they stand for is already in P. */
  for (gint r = py0; r < py0 + ph && ok; r++) {
    if (r >= r0 && r < r1)
      continue;
    gfloat *dst = P + (gsize)(r - py0) * rs;
    gint sy = kcv_border_index(r, s->height, s->border);
    if (sy < 0)
      memset(dst, 0, rs * sizeof(gfloat));
    else if (sy >= r0 && sy < r1)
      memcpy(dst, P + (gsize)(sy - py0) * rs, rs * sizeof(gfloat));
    else
      ok = read_mapped_row(s, sy, dst);
  }
  return ok;
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

/* Everything one render holds. */
typedef struct {
  gint sx, sy, sw, sh; /* the selection's bounds in the drawable */
  gint hx, hy, band, ch;
  kcv_options options;
  kcv_plan *plan;
  BandSource src;
  gfloat *P, *out;
  gint64 t_read, t_convolve, t_write; /* microseconds, for KCV_VERBOSE */
} Render;

static void render_clear(Render *r)
{
  g_free(r->src.xmap);
  g_free(r->src.row);
  g_free(r->P);
  g_free(r->out);
  kcv_plan_free(r->plan);
}

/* The core's options (kcv_options_from_user, as every front end) and plan for job. */
static KcvRenderResult render_plan(Render *r, const KcvJob *job, gchar **error)
{
  const kcv_user_args args = {.method = (kcv_method)job->common.method,
                              .border = (kcv_border)job->common.border,
                              .divisor = job->divisor,
                              .offset = job->offset,
                              .colours = (guint)job->common.channels,
                              .alpha_weighting = job->common.alpha_weighting};
  kcv_status status = kcv_options_from_user(&args, job->kernel, r->ch, &r->options);
  if (status == KCV_ERR_CHANNEL_MASK) {
    *error = kcv_host_channel_message(job->common.channels);
    return KCV_RENDER_BAD_ARGUMENT;
  }
  if (status == KCV_OK)
    status = kcv_plan_new(job->kernel, &r->options, &r->plan);
  if (status == KCV_OK)
    return KCV_RENDER_OK;
  *error = kcv_args_status_message(status);
  return status == KCV_ERR_NOMEM || status == KCV_ERR_FFTW ? KCV_RENDER_ERROR
                                                           : KCV_RENDER_BAD_ARGUMENT;
}

/* Band height, buffers and the column map; FALSE when out of memory. */
static gboolean render_buffers(Render *r, const kcv_kernel *kernel, gint W, gint H)
{
  /* The halo covers the kernel on both sides whatever its anchor for even
   * sizes: kw / 2 >= both (kw - 1) / 2 and kw - 1 - (kw - 1) / 2. */
  r->hx = kernel->width / 2;
  r->hy = kernel->height / 2;
  const gint pw = r->sw + 2 * r->hx;
  const gsize row_bytes = (gsize)pw * r->ch * sizeof(gfloat);
  gint band = (gint)MIN((gsize)G_MAXINT, band_budget() / row_bytes) - 2 * r->hy;
  band = MAX(band, MAX(kernel->height, KCV_BAND_MIN_ROWS));
  r->band = MIN(band, r->sh);

  BandSource *src = &r->src;
  src->ch = r->ch;
  src->width = W;
  src->height = H;
  src->border = r->options.border;
  src->px0 = r->sx - r->hx;
  src->pw = pw;
  src->cx0 = MAX(src->px0, 0);
  src->cx1 = MIN(src->px0 + pw, W);
  src->a = W;
  src->b = 0;
  src->outside_in_identity = TRUE;
  src->xmap = g_try_new(gint, pw);
  r->P = g_try_malloc(row_bytes * (gsize)(r->band + 2 * r->hy));
  r->out = g_try_malloc((gsize)r->sw * r->band * r->ch * sizeof(gfloat));
  src->row = g_try_malloc((gsize)W * r->ch * sizeof(gfloat));
  if (!src->xmap || !r->P || !r->out || !src->row)
    return FALSE;
  for (gint x = 0; x < pw; x++) {
    gint X = src->px0 + x;
    gint m = kcv_border_index(X, W, src->border);
    src->xmap[x] = m;
    if (m >= 0) {
      src->a = MIN(src->a, m);
      src->b = MAX(src->b, m + 1);
      if ((X < src->cx0 || X >= src->cx1) && (m < src->cx0 || m >= src->cx1))
        src->outside_in_identity = FALSE;
    }
  }
  return TRUE;
}

/* Reads, convolves and writes every band. */
static kcv_status render_bands(Render *r, ProgressCtx *progress)
{
  kcv_status status = KCV_OK;
  const gint pw = r->src.pw;
  for (gint y0 = r->sy; y0 < r->sy + r->sh && status == KCV_OK; y0 += r->band) {
    gint bh = MIN(r->band, r->sy + r->sh - y0);
    gint64 t0 = g_get_monotonic_time();
    if (!fill_band(&r->src, y0 - r->hy, bh + 2 * r->hy, r->P))
      return KCV_ERR_NOMEM;
    gint64 t1 = g_get_monotonic_time();

    kcv_image in = {r->P, pw, bh + 2 * r->hy, r->ch, (ptrdiff_t)pw * r->ch};
    kcv_rect rect = {r->hx, r->hy, r->sw, bh};
    kcv_image res = {r->out, r->sw, bh, r->ch, (ptrdiff_t)r->sw * r->ch};
    progress->rows_done = y0 - r->sy;
    progress->band_rows = bh;
    status = kcv_plan_execute(r->plan, &in, &rect, &res, on_progress, progress);
    gint64 t2 = g_get_monotonic_time();
    if (status == KCV_OK && !kcv_pixel_io_write(r->src.io, r->sx, y0, r->sw, bh, r->out))
      status = KCV_ERR_NOMEM;
    r->t_read += t1 - t0;
    r->t_convolve += t2 - t1;
    r->t_write += g_get_monotonic_time() - t2;
  }
  return status;
}

/* KCV_VERBOSE: where a render's time went (the process's start-up before it included). */
static void report_times(const Render *r, const kcv_kernel *kernel, kcv_method chosen,
                         const gchar *path, gint64 start, gint64 merge_start)
{
  const gint64 now = g_get_monotonic_time();
  g_printerr("kcv: %s, %d x %d x %d, kernel %d x %d, bands of %d rows, %s pixel path: %.3f s "
             "(after %.3f s of start-up; read %.3f, convolve %.3f, write %.3f, merge %.3f)\n",
             kcv_method_name(chosen), r->sw, r->sh, r->ch, kernel->width, kernel->height, r->band,
             path, (now - start) / 1e6, (start - kcv_start_time()) / 1e6, r->t_read / 1e6,
             r->t_convolve / 1e6, r->t_write / 1e6, (now - merge_start) / 1e6);
}

KcvRenderResult kcv_render(gint32 drawable, const KcvJob *job, gboolean show_progress,
                           gchar **error)
{
  Render r = {0};
  if (!gimp_drawable_mask_intersect(drawable, &r.sx, &r.sy, &r.sw, &r.sh) || r.sw < 1 || r.sh < 1)
    return KCV_RENDER_NOTHING;

  /* Checked before the pixels are opened: a bad argument touches nothing. */
  if (!kcv_args_channel_mask(drawable, job->common.channels, NULL, error))
    return KCV_RENDER_BAD_ARGUMENT;

  const gint64 start = g_get_monotonic_time();
  r.src.io = kcv_pixel_io_new(drawable, job->common.linear, &r.ch);
  KcvRenderResult result = render_plan(&r, job, error);
  if (result == KCV_RENDER_OK && !render_buffers(&r, job->kernel, gimp_drawable_width(drawable),
                                                 gimp_drawable_height(drawable))) {
    *error = kcv_args_status_message(KCV_ERR_NOMEM);
    result = KCV_RENDER_ERROR;
  }
  if (result != KCV_RENDER_OK) {
    kcv_pixel_io_free(r.src.io, FALSE);
    render_clear(&r);
    return result;
  }

  const gint n_convolved = kcv_options_convolved_channels(&r.options, r.ch);
  kcv_method chosen = kcv_plan_choose(r.plan, r.sw, r.band, n_convolved, NULL);
  if (show_progress)
    gimp_progress_init_printf(_("Convolving (%s)..."), _(kcv_method_label(chosen)));
  ProgressCtx progress = {show_progress, 0, r.band, r.sh, 0.0};
  kcv_status status = render_bands(&r, &progress);
  const gchar *path = kcv_pixel_io_path(r.src.io);
  const gint64 merge_start = g_get_monotonic_time();
  /* Only a complete result is merged; otherwise the drawable was never written. */
  if (!kcv_pixel_io_free(r.src.io, status == KCV_OK)) {
    /* GIMP wrote nothing (a lock set while we ran, say): never report success. */
    render_clear(&r);
    *error = g_strdup(_("GIMP refused to write the result into the drawable (are its pixels "
                        "locked?); nothing was changed."));
    return KCV_RENDER_ERROR;
  }
  if (status == KCV_OK)
    gimp_drawable_update(drawable, r.sx, r.sy, r.sw, r.sh);
  if (status == KCV_OK && g_getenv("KCV_VERBOSE"))
    report_times(&r, job->kernel, chosen, path, start, merge_start);
  render_clear(&r);
  if (status == KCV_ERR_CANCELLED)
    return KCV_RENDER_CANCELLED;
  if (status != KCV_OK) {
    *error = kcv_args_status_message(status);
    return status == KCV_ERR_METHOD ? KCV_RENDER_BAD_ARGUMENT : KCV_RENDER_ERROR;
  }
  if (show_progress)
    gimp_progress_update(1.0);
  return KCV_RENDER_OK;
}
