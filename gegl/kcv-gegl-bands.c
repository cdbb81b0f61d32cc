/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv GEGL operation: one region rendered in bands of rows, on GEGL's threads. */
#include "kcv-gegl.h"

/* A band's rows: a multiple of 64 (GEGL's tile height, so bands rarely share
 * a tile), and at least 16 halos tall, so the rows a band reads beyond its
 * own (a halo above and one below) stay within an eighth of them. Bands this
 * size keep their scratch in cache and reuse it; one buffer for a whole GIMP
 * chunk (tens of MB) would be fresh memory, page-faulted in on every call. */
static gint band_rows(gint hy)
{
  gint rows = MAX(64, 16 * hy);
  return (rows + 63) / 64 * 64;
}

typedef struct {
  kcv_plan *plan;
  const KcvGeglRegion *region;
  gint hx, hy, ch;
  gint rows, n_bands;
  gint next;   /* the next band to take (atomic) */
  gint failed; /* a kcv_status other than KCV_OK, set once (atomic) */
} Bands;

/* Reads band i padded by the halo, convolves it and writes it out; pad and
 * out hold at least one band. */
static kcv_status render_band(Bands *b, gint i, gfloat *pad, gfloat *out)
{
  const GeglRectangle *roi = b->region->roi;
  const gint y = roi->y + i * b->rows;
  const GeglRectangle band = {roi->x, y, roi->width, MIN(b->rows, roi->y + roi->height - y)};
  const GeglRectangle padded = {band.x - b->hx, band.y - b->hy, band.width + 2 * b->hx,
                                band.height + 2 * b->hy};
  if (!kcv_gegl_read_padded(b->region->input, b->region->bbox, &padded, b->region->border,
                            b->region->format, b->ch, pad))
    return KCV_ERR_NOMEM;
  kcv_image in = {pad, padded.width, padded.height, b->ch, (ptrdiff_t)padded.width * b->ch};
  kcv_rect rect = {b->hx, b->hy, band.width, band.height};
  kcv_image res = {out, band.width, band.height, b->ch, (ptrdiff_t)band.width * b->ch};
  kcv_status status = kcv_plan_execute(b->plan, &in, &rect, &res, NULL, NULL);
  if (status == KCV_OK)
    gegl_buffer_set(b->region->output, &band, 0, b->region->format, out, GEGL_AUTO_ROWSTRIDE);
  return status;
}

/* One of GEGL's threads: takes bands until none is left or one failed. */
static void render_bands(gint thread, gint n_threads, gpointer data)
{
  Bands *b = data;
  const gint rows = MIN(b->rows, b->region->roi->height);
  const gsize pad_floats = (gsize)(b->region->roi->width + 2 * b->hx) * (rows + 2 * b->hy) * b->ch;
  gfloat *pad = g_try_new(gfloat, pad_floats);
  gfloat *out = g_try_new(gfloat, (gsize)b->region->roi->width * rows * b->ch);
  kcv_status status = pad && out ? KCV_OK : KCV_ERR_NOMEM;
  (void)thread;
  (void)n_threads;
  while (status == KCV_OK && !g_atomic_int_get(&b->failed)) {
    gint i = g_atomic_int_add(&b->next, 1);
    if (i >= b->n_bands)
      break;
    status = render_band(b, i, pad, out);
  }
  if (status != KCV_OK)
    g_atomic_int_compare_and_exchange(&b->failed, 0, (gint)status);
  g_free(pad);
  g_free(out);
}

kcv_status kcv_gegl_render(kcv_plan *plan, gboolean banded, const KcvGeglRegion *region, gint hx,
                           gint hy, gint ch)
{
  const gint h = region->roi->height;
  Bands b = {plan, region, hx, hy, ch, banded ? band_rows(hy) : h, 1, 0, 0};
  b.n_bands = (h + b.rows - 1) / b.rows;
  gint threads = 1;
  if (b.n_bands > 1)
    g_object_get(gegl_config(), "threads", &threads, NULL);
  threads = CLAMP(threads, 1, b.n_bands);
  if (threads > 1)
    gegl_parallel_distribute(threads, render_bands, &b);
  else
    render_bands(0, 1, &b);
  return (kcv_status)b.failed;
}
