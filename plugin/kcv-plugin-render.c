/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: convolve a drawable's selection in horizontal bands through its shadow buffer. */
#include "kcv-plugin.h"

#include "kcv-band-worker.h"

#include <string.h>

/* Memory for one band's source pixels (with its halo). A band is at least
 * as tall as the kernel, so a 1025-tall kernel on a 16384-wide RGBA layer
 * takes ~570 MiB, against 1 GiB for the layer itself at 8 bits. */
#define KCV_BAND_BUDGET ((gsize)256 << 20)
/* Tests set a smaller budget in bytes (KCV_BAND_BUDGET in the environment)
 * to reach several bands on small layers; see tests/plugin/kcv-sizes.scm. */
#define KCV_BAND_BUDGET_ENV "KCV_BAND_BUDGET"
#define KCV_BAND_MIN_ROWS 64
/* A band's output rows in halos (kernel half-heights). Every band reads its
 * two halos again, and the fft method transforms them again: 16 halos keep
 * that near a tenth of the work, where 8 cost a quarter or more (the 101x101
 * disk on GIMP's splash: docs/benchmarks.md). The direct and separable
 * methods tile each band themselves and do the same work either way. */
#define KCV_BAND_HALOS 16
/* GIMP 2.10's tiles are 64 rows high. */
#define KCV_TILE_ROWS 64
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

/* Padded columns [x0, x1) of dst from a source row (from, whose first column is from_x0) by
 * the column map. */
static void scatter_columns(const BandSource *s, const gfloat *from, gint from_x0, gfloat *dst,
                            gint x0, gint x1)
{
  const gint ch = s->ch;
  for (gint x = x0; x < x1; x++) {
    gint sx = s->xmap[x];
    if (sx < 0)
      memset(dst + (gsize)x * ch, 0, ch * sizeof(gfloat));
    else
      memcpy(dst + (gsize)x * ch, from + (gsize)(sx - from_x0) * ch, ch * sizeof(gfloat));
  }
}

/* Every padded column of dst, or only those outside the drawable: a loop
 * over the halo columns alone, not a test on every column of the row. */
static void scatter_row(const BandSource *s, const gfloat *from, gint from_x0, gfloat *dst,
                        gboolean outside_only)
{
  if (!outside_only) {
    scatter_columns(s, from, from_x0, dst, 0, s->pw);
    return;
  }
  const gint in0 = CLAMP(s->cx0 - s->px0, 0, s->pw), in1 = CLAMP(s->cx1 - s->px0, in0, s->pw);
  scatter_columns(s, from, from_x0, dst, 0, in0);
  scatter_columns(s, from, from_x0, dst, in1, s->pw);
}

/* Reads source row sy into a padded row by the column map. */
static gboolean read_mapped_row(const BandSource *s, gint sy, gfloat *dst)
{
  if (!kcv_pixel_io_read(s->io, s->a, sy, s->b - s->a, 1, s->row, (gsize)(s->b - s->a) * s->ch))
    return FALSE;
  scatter_row(s, s->row, s->a, dst, FALSE);
  return TRUE;
}

/* Fills rows [from, to) of a window of the padded source whose first row,
 * row p0, is at P (pw columns); rows [p0, from) are there already. FALSE
 * when out of memory. */
static gboolean fill_rows(const BandSource *s, gint p0, gint from, gint to, gfloat *P)
{
  const gsize rs = (gsize)s->pw * s->ch; /* floats per padded row */
  const gint r0 = MAX(from, 0), r1 = MIN(to, s->height);
  gboolean ok = TRUE;

  /* Rows inside the drawable: one read of the columns inside it, then the
   * outside columns from the same rows when they map there. */
  if (r0 < r1) {
    if (s->cx0 < s->cx1)
      ok = kcv_pixel_io_read(s->io, s->cx0, r0, s->cx1 - s->cx0, r1 - r0,
                             P + (gsize)(r0 - p0) * rs + (gsize)(s->cx0 - s->px0) * s->ch, rs);
    if (s->cx0 > s->px0 || s->cx1 < s->px0 + s->pw) {
      for (gint r = r0; r < r1 && ok; r++) {
        gfloat *dst = P + (gsize)(r - p0) * rs;
        if (s->outside_in_identity)
          scatter_row(s, dst, s->px0, dst, TRUE);
        else
          ok = read_mapped_row(s, r, dst);
      }
    }
  }
  /* Rows outside the drawable: by the border mode, copied when the row
   * they stand for is in the window (every drawable row in [p0, to) is by now). */
  for (gint r = from; r < to && ok; r++) {
    if (r >= r0 && r < r1)
      continue;
    gfloat *dst = P + (gsize)(r - p0) * rs;
    gint sy = kcv_border_index(r, s->height, s->border);
    if (sy < 0)
      memset(dst, 0, rs * sizeof(gfloat));
    else if (sy >= p0 && sy < to)
      memcpy(dst, P + (gsize)(sy - p0) * rs, rs * sizeof(gfloat));
    else
      ok = read_mapped_row(s, sy, dst);
  }
  return ok;
}

typedef struct {
  gboolean show;
  gint rows_done, band_rows, total_rows;
  gdouble last;
  gint64 last_at; /* when GIMP last heard of it */
} ProgressCtx;

/* Each update is a round trip to GIMP: at most one in this many microseconds. */
#define KCV_PROGRESS_US 50000

/* Called on the plug-in's main thread while a band is being convolved and
 * after each band is written. In GIMP 2.10 a cancel from the progress bar
 * closes the plug-in's connection, so the update fails (or the process
 * ends): stop, and nothing is merged. */
static int on_progress(double fraction, void *user_data)
{
  ProgressCtx *p = user_data;
  if (!p->show)
    return 0;
  gdouble overall = (p->rows_done + fraction * p->band_rows) / (gdouble)p->total_rows;
  const gint64 now = g_get_monotonic_time();
  if ((overall - p->last < 0.01 || now - p->last_at < KCV_PROGRESS_US) && overall < 1.0)
    return 0;
  p->last = overall;
  p->last_at = now;
  return gimp_progress_update(overall) ? 0 : 1;
}

/* A band's result encoded to the drawable's storage on the worker's thread,
 * so that the main thread only copies it into tiles. */
typedef struct {
  const KcvPixelIO *io;
  const gfloat *out;
  guint8 *stored;
  gsize n; /* pixels */
} EncodeJob;

static void encode_band(gpointer data)
{
  const EncodeJob *job = data;
  kcv_pixel_io_encode(job->io, job->out, job->stored, job->n);
}

/* Rows [p0, p1) of the padded source, held in one of the window buffers. */
typedef struct {
  gint p0, p1;
} Window;

/* Everything one render holds. Output bands end on GIMP's tile rows (every
 * shadow tile is written once, whole where the selection allows), and a
 * window reads the drawable up to a tile row's end: the rows it shares with
 * the next band's window are copied over, so every tile is fetched once.
 * With two buffers of each, the main thread reads the next band and writes
 * the last one while the worker convolves. */
typedef struct {
  gint sx, sy, sw, sh; /* the selection's bounds in the drawable */
  gint hx, hy, band, ch;
  kcv_options options;
  kcv_plan *plan;
  BandSource src;
  gint n_buffers;   /* 2: pipelined; 1: one band at a time (when memory is short) */
  gint window_rows; /* rows each window buffer holds */
  gfloat *P[2], *out[2];
  guint8 *stored[2]; /* out encoded, when the pixel path takes it so (else NULL) */
  EncodeJob encode[2];
  KcvBandWorker *worker;
  gint64 t_read, t_wait, t_write; /* microseconds, for KCV_VERBOSE */
} Render;

static void render_clear(Render *r)
{
  kcv_band_worker_free(r->worker); /* first: it may still be reading P */
  g_free(r->src.xmap);
  g_free(r->src.row);
  for (gint i = 0; i < 2; i++) {
    g_free(r->P[i]);
    g_free(r->out[i]);
    g_free(r->stored[i]);
  }
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

static gint round_up_tiles(gint rows)
{
  return (rows + KCV_TILE_ROWS - 1) / KCV_TILE_ROWS * KCV_TILE_ROWS;
}

/* Band height (a whole number of tile rows) and how many buffers of each
 * kind: two when they fit the budget. Bands of KCV_BAND_HALOS halos keep the
 * rows copied between windows, and the FFT's overlap, a small part. */
static void choose_bands(Render *r, gint kernel_height, gsize row_bytes)
{
  const gint hy = r->hy;
  const gint64 budget_rows = (gint64)MIN(band_budget() / row_bytes, (gsize)G_MAXINT);
  const gint least = round_up_tiles(MAX(kernel_height, KCV_BAND_MIN_ROWS));
  const gint wanted = MIN(round_up_tiles(MAX(KCV_BAND_HALOS * hy, KCV_BAND_MIN_ROWS)),
                          round_up_tiles(r->sh) + KCV_TILE_ROWS);
  /* Two windows of band + 2 halos + a tile row, two outputs of a band. */
  const gint64 fit2 = (budget_rows - 4 * hy - 2 * KCV_TILE_ROWS) / 4;
  const gint64 fit1 = (budget_rows - 2 * hy - KCV_TILE_ROWS) / 2;
  r->n_buffers = fit2 >= least ? 2 : 1;
  gint64 band = MIN((gint64)wanted, r->n_buffers == 2 ? fit2 : fit1);
  r->band = (gint)MAX(band / KCV_TILE_ROWS * KCV_TILE_ROWS, (gint64)least);
  r->window_rows = r->band + 2 * hy + KCV_TILE_ROWS;
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
  choose_bands(r, kernel->height, row_bytes);

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
  src->row = g_try_malloc((gsize)W * r->ch * sizeof(gfloat));
  gboolean ok = src->xmap && src->row;
  const gboolean stored = kcv_pixel_io_writes_stored(src->io);
  const gsize band_pixels = (gsize)r->sw * r->band;
  for (gint i = 0; i < r->n_buffers && ok; i++) {
    r->P[i] = g_try_malloc(row_bytes * (gsize)r->window_rows);
    r->out[i] = g_try_malloc(band_pixels * r->ch * sizeof(gfloat));
    if (stored)
      r->stored[i] = g_try_malloc(band_pixels * kcv_pixel_io_stored_bytes(src->io));
    ok = r->P[i] && r->out[i] && (!stored || r->stored[i]);
  }
  if (!ok)
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

/* The end of the output band that starts at y0: the end of a tile row. */
static gint band_end(const Render *r, gint y0)
{
  return MIN(y0 / KCV_TILE_ROWS * KCV_TILE_ROWS + r->band, r->sy + r->sh);
}

/* Makes buffer `to` the window for output rows [y0, y1): the rows it shares
 * with `prev` (in buffer `from`, NULL for the first band) are copied, the
 * rest read up to the end of a tile row. FALSE when out of memory. */
static gboolean fill_window(Render *r, gint from, const Window *prev, gint to, gint y0, gint y1,
                            Window *w)
{
  const gint64 t0 = g_get_monotonic_time();
  const gsize rs = (gsize)r->src.pw * r->ch;
  const gint need = y1 + r->hy, H = r->src.height;
  const Window old = prev ? *prev : (Window){0, 0}; /* w may be *prev (one buffer) */
  w->p0 = y0 - r->hy;
  w->p1 = need < H ? MIN(round_up_tiles(need), H) : need;
  gint have = w->p0;
  if (prev && old.p1 > w->p0) {
    have = MIN(old.p1, w->p1);
    memmove(r->P[to], r->P[from] + (gsize)(w->p0 - old.p0) * rs,
            (gsize)(have - w->p0) * rs * sizeof(gfloat));
  }
  gboolean ok = have >= w->p1 || fill_rows(&r->src, w->p0, have, w->p1, r->P[to]);
  r->t_read += g_get_monotonic_time() - t0;
  return ok;
}

static void start_band(Render *r, gint i, const Window *w, gint y0, gint y1)
{
  kcv_image in = {r->P[i], r->src.pw, w->p1 - w->p0, r->ch, (ptrdiff_t)r->src.pw * r->ch};
  kcv_rect rect = {r->hx, y0 - w->p0, r->sw, y1 - y0};
  kcv_image res = {r->out[i], r->sw, y1 - y0, r->ch, (ptrdiff_t)r->sw * r->ch};
  r->encode[i] = (EncodeJob){r->src.io, r->out[i], r->stored[i], (gsize)r->sw * (y1 - y0)};
  kcv_band_worker_start(r->worker, r->plan, &in, &rect, &res, r->stored[i] ? encode_band : NULL,
                        &r->encode[i]);
}

static kcv_status wait_band(Render *r, ProgressCtx *progress, gint y0, gint y1)
{
  const gint64 t0 = g_get_monotonic_time();
  progress->rows_done = y0 - r->sy;
  progress->band_rows = y1 - y0;
  kcv_status status = kcv_band_worker_wait(r->worker, on_progress, progress);
  r->t_wait += g_get_monotonic_time() - t0;
  return status;
}

static kcv_status write_band(Render *r, ProgressCtx *progress, gint i, gint y0, gint y1)
{
  const gint64 t0 = g_get_monotonic_time();
  gboolean ok = r->stored[i]
                    ? kcv_pixel_io_write_stored(r->src.io, r->sx, y0, r->sw, y1 - y0, r->stored[i])
                    : kcv_pixel_io_write(r->src.io, r->sx, y0, r->sw, y1 - y0, r->out[i]);
  r->t_write += g_get_monotonic_time() - t0;
  progress->rows_done = y1 - r->sy;
  progress->band_rows = 0;
  if (ok && on_progress(0.0, progress))
    return KCV_ERR_CANCELLED;
  return ok ? KCV_OK : KCV_ERR_NOMEM;
}

/* Reads, convolves and writes every band: band k + 1 is read while band k
 * is convolved, band k written while band k + 1 is (with two buffers). */
static kcv_status render_bands(Render *r, ProgressCtx *progress)
{
  const gint end = r->sy + r->sh, two = r->n_buffers == 2;
  Window win[2];
  gint y0 = r->sy, y1 = band_end(r, y0), i = 0;
  if (!fill_window(r, 0, NULL, 0, y0, y1, &win[0]))
    return KCV_ERR_NOMEM;
  start_band(r, 0, &win[0], y0, y1);
  kcv_status status = KCV_OK;
  while (status == KCV_OK) {
    const gint n0 = y1, n1 = n0 < end ? band_end(r, n0) : n0, j = two ? 1 - i : i;
    const gboolean more = n0 < end;
    if (two && more && !fill_window(r, i, &win[i], j, n0, n1, &win[j]))
      status = KCV_ERR_NOMEM;
    kcv_status band = wait_band(r, progress, y0, y1);
    status = status == KCV_OK ? band : status;
    if (status != KCV_OK)
      break;
    if (two && more)
      start_band(r, j, &win[j], n0, n1);
    status = write_band(r, progress, i, y0, y1);
    if (!more || status != KCV_OK)
      break;
    if (!two && !fill_window(r, i, &win[i], j, n0, n1, &win[j]))
      status = KCV_ERR_NOMEM;
    else if (!two)
      start_band(r, j, &win[j], n0, n1);
    y0 = n0;
    y1 = n1;
    i = j;
  }
  return status;
}

/* KCV_VERBOSE: where a render's time went (the process's start-up before it included). The
 * worker convolves while the main thread reads and writes: the main thread's wait for it is
 * what the convolution added. */
static void report_times(const Render *r, const kcv_kernel *kernel, kcv_method chosen,
                         const gchar *path, gint64 start, gint64 merge_start)
{
  const gint64 now = g_get_monotonic_time();
  g_printerr("kcv: %s, %d x %d x %d, kernel %d x %d, bands of %d rows, %s pixel path: %.3f s "
             "(after %.3f s of start-up; %d buffer(s); read %.3f, convolve %.3f of which "
             "waited %.3f, write %.3f, merge %.3f)\n",
             kcv_method_name(chosen), r->sw, r->sh, r->ch, kernel->width, kernel->height, r->band,
             path, (now - start) / 1e6, (start - kcv_start_time()) / 1e6, r->n_buffers,
             r->t_read / 1e6, kcv_band_worker_busy(r->worker), r->t_wait / 1e6, r->t_write / 1e6,
             (now - merge_start) / 1e6);
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
  if (result == KCV_RENDER_OK && (!render_buffers(&r, job->kernel, gimp_drawable_width(drawable),
                                                  gimp_drawable_height(drawable)) ||
                                  !(r.worker = kcv_band_worker_new()))) {
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
  ProgressCtx progress = {show_progress, 0, r.band, r.sh, 0.0, 0};
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
