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

/* TRUE when every source position in [a, b) has its own slot among the n
 * padded positions from first (the map is the identity there), so the
 * source can be read straight into place. */
static gboolean embeds(const gint *map, gint first, gint n, gint a, gint b)
{
  if (a < first || b > first + n)
    return FALSE;
  for (gint p = a; p < b; p++)
    if (map[p - first] != p)
      return FALSE;
  return TRUE;
}

/* Reads src_rect straight into its slots in dst, then fills the positions
 * outside from the slots their maps point to (or zeros): one read, no
 * scratch copy of the band (a band spanning the image's width maps its
 * left and right halo outside on every row). */
static void read_in_place(GeglBuffer *input, const GeglRectangle *pad,
                          const GeglRectangle *src_rect, const gint *xmap, const gint *ymap,
                          const Babl *format, gint ch, gfloat *dst)
{
  const gint pw = pad->width, ph = pad->height;
  const gsize row = (gsize)pw * ch, px = (gsize)ch * sizeof(gfloat);
  const gint x0 = src_rect->x - pad->x, y0 = src_rect->y - pad->y;
  gegl_buffer_get(input, src_rect, 1.0, format, dst + (gsize)y0 * row + (gsize)x0 * ch,
                  (gint)(row * sizeof(gfloat)), GEGL_ABYSS_NONE);
  for (gint y = y0; y < y0 + src_rect->height; y++) {
    gfloat *r = dst + (gsize)y * row;
    for (gint x = 0; x < pw; x++) {
      if (x >= x0 && x < x0 + src_rect->width)
        continue;
      if (xmap[x] < 0)
        memset(r + (gsize)x * ch, 0, px);
      else
        memcpy(r + (gsize)x * ch, r + (gsize)(xmap[x] - pad->x) * ch, px);
    }
  }
  for (gint y = 0; y < ph; y++) {
    if (y >= y0 && y < y0 + src_rect->height)
      continue;
    if (ymap[y] < 0)
      memset(dst + (gsize)y * row, 0, row * sizeof(gfloat));
    else
      memcpy(dst + (gsize)y * row, dst + (gsize)(ymap[y] - pad->y) * row, row * sizeof(gfloat));
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
  } else if (embeds(xmap, pad->x, pw, xa, xb) && embeds(ymap, pad->y, ph, ya, yb)) {
    const GeglRectangle src_rect = {xa, ya, xb - xa, yb - ya};
    read_in_place(input, pad, &src_rect, xmap, ymap, format, ch, dst);
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
