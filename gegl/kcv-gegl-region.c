/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv GEGL operation: the regions the operation reads and touches, and its padded reads. */
#include "kcv-gegl.h"

#include <string.h>

/* One axis of kcv_gegl_required: [*a, *b) grown by the halo, widened to all
 * of [lo, hi) when the border mode can fetch from anywhere on that axis
 * (wrap reaches the far edge; mirror only when the halo exceeds the extent,
 * since within it a reflection stays inside the grown span). */
static void required_axis(gint *a, gint *b, gint halo, gint lo, gint hi, kcv_border border)
{
  gint ga = *a - halo, gb = *b + halo;
  gboolean outside = ga < lo || gb > hi;
  if (outside && (border == KCV_BORDER_WRAP || (border == KCV_BORDER_MIRROR && halo >= hi - lo))) {
    ga = lo;
    gb = hi;
  }
  *a = MAX(ga, lo);
  *b = MIN(gb, hi);
  if (*b < *a)
    *b = *a;
}

GeglRectangle kcv_gegl_required(const GeglRectangle *roi, const GeglRectangle *bbox, gint hx,
                                gint hy, kcv_border border)
{
  gint x0 = roi->x, x1 = roi->x + roi->width, y0 = roi->y, y1 = roi->y + roi->height;
  required_axis(&x0, &x1, hx, bbox->x, bbox->x + bbox->width, border);
  required_axis(&y0, &y1, hy, bbox->y, bbox->y + bbox->height, border);
  return (GeglRectangle){x0, y0, x1 - x0, y1 - y0};
}

/* Input and output share their extent, and the reach is symmetric, so the
 * outputs that read a changed pixel are found the same way as the inputs an
 * output reads (clamp: an edge pixel stands for the outside pixels within
 * the halo of it, which only outputs within the halo read). */
GeglRectangle kcv_gegl_invalidated(const GeglRectangle *changed, const GeglRectangle *bbox, gint hx,
                                   gint hy, kcv_border border)
{
  kcv_border reach = border == KCV_BORDER_MIRROR ? KCV_BORDER_WRAP : border;
  return kcv_gegl_required(changed, bbox, hx, hy, reach);
}

/* Source coordinate for each of n padded positions from first, or -1, and
 * the span [*lo, *hi) of those that are inside. TRUE when every position
 * maps to itself. */
static gboolean map_axis(gint *map, gint first, gint n, gint origin, gint extent, kcv_border border,
                         gint *lo, gint *hi)
{
  gboolean identity = TRUE;
  *lo = G_MAXINT;
  *hi = G_MININT;
  for (gint i = 0; i < n; i++) {
    gint m = kcv_border_index(first + i - origin, extent, border);
    map[i] = m < 0 ? -1 : m + origin;
    identity = identity && map[i] == first + i;
    if (m >= 0) {
      *lo = MIN(*lo, map[i]);
      *hi = MAX(*hi, map[i] + 1);
    }
  }
  return identity;
}

/* Copies source row src (columns from src_x0) into a padded row by the
 * column map, run by run of consecutive columns. */
static void gather_row(const gfloat *src, gint src_x0, const gint *xmap, gint pw, gint ch,
                       gfloat *dst)
{
  const gsize px = (gsize)ch * sizeof(gfloat);
  gint x = 0;
  while (x < pw) {
    gint run = 1;
    if (xmap[x] < 0) {
      while (x + run < pw && xmap[x + run] < 0)
        run++;
      memset(dst + (gsize)x * ch, 0, run * px);
    } else {
      while (x + run < pw && xmap[x + run] == xmap[x] + run)
        run++;
      memcpy(dst + (gsize)x * ch, src + (gsize)(xmap[x] - src_x0) * ch, run * px);
    }
    x += run;
  }
}

gboolean kcv_gegl_read_padded(GeglBuffer *input, const GeglRectangle *bbox,
                              const GeglRectangle *pad, kcv_border border, const Babl *format,
                              gint ch, gfloat *dst)
{
  const gint pw = pad->width, ph = pad->height;
  const gsize row = (gsize)pw * ch;
  gint *xmap = g_try_new(gint, pw), *ymap = g_try_new(gint, ph);
  gint xa, xb, ya, yb;
  gboolean ok = xmap && ymap;
  if (!ok)
    goto out;

  gboolean ix = map_axis(xmap, pad->x, pw, bbox->x, bbox->width, border, &xa, &xb);
  gboolean iy = map_axis(ymap, pad->y, ph, bbox->y, bbox->height, border, &ya, &yb);
  if (xa >= xb || ya >= yb) { /* all of it is outside: transparent */
    memset(dst, 0, row * ph * sizeof(gfloat));
  } else if (ix && iy) {
    gegl_buffer_get(input, pad, 1.0, format, dst, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  } else {
    const GeglRectangle src_rect = {xa, ya, xb - xa, yb - ya};
    gfloat *src = g_try_malloc((gsize)src_rect.width * src_rect.height * ch * sizeof(gfloat));
    ok = src != NULL;
    if (ok) {
      gegl_buffer_get(input, &src_rect, 1.0, format, src, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      for (gint y = 0; y < ph; y++) {
        if (ymap[y] < 0)
          memset(dst + (gsize)y * row, 0, row * sizeof(gfloat));
        else
          gather_row(src + (gsize)(ymap[y] - ya) * src_rect.width * ch, xa, xmap, pw, ch,
                     dst + (gsize)y * row);
      }
      g_free(src);
    }
  }
out:
  g_free(xmap);
  g_free(ymap);
  return ok;
}
