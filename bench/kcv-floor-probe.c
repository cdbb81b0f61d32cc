/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv benchmarks: a GIMP 2.10 plug-in that only moves pixels, the floor under kcv's calls.
 *
 * plug-in-kcv-bench-floor reads every pixel of the drawable and writes it to
 * the shadow unchanged, then merges the shadow and updates the drawable:
 * the transfers kcv makes, with no conversion and no convolution. Its whole
 * PDB call is what no plug-in that writes every pixel can beat (see
 * bench/gimp-bench.scm). Built for the benchmarks only; never installed. */
#include <libgimp/gimp.h>

#include <string.h>

#define KCV_FLOOR_PROC "plug-in-kcv-bench-floor"
#define KCV_FLOOR_TILE 64

/* How the pixels move. */
typedef enum {
  FLOOR_TILE_ROWS, /* get_rect / set_rect one row of tiles at a time (kcv's own path) */
  FLOOR_REGIONS,   /* the pixel-region iterator: one tile at a time, no copy of our own */
  FLOOR_READ_ONLY, /* tile rows read, nothing written */
  FLOOR_TILES,     /* tile by tile, shadow tiles started blank (never fetched from GIMP) */
  FLOOR_N_MODES
} FloorMode;

static void query(void);
static void run(const gchar *name, gint nparams, const GimpParam *param, gint *nreturn_vals,
                GimpParam **return_vals);

const GimpPlugInInfo PLUG_IN_INFO = {NULL, NULL, query, run};

static void query(void)
{
  static const GimpParamDef args[] = {
      {GIMP_PDB_INT32, "run-mode", "The run mode"},
      {GIMP_PDB_IMAGE, "image", "Input image"},
      {GIMP_PDB_DRAWABLE, "drawable", "Drawable whose pixels are read and written back"},
      {GIMP_PDB_INT32, "mode",
       "0 tile rows, 1 pixel-region iterator, 2 read only, 3 tiles with blank shadow tiles"},
  };
  gimp_install_procedure(KCV_FLOOR_PROC, "kcv benchmark floor: read and write every pixel",
                         "Reads every pixel of the drawable and writes it to the shadow "
                         "unchanged (kcv's transfers without any work), for bench/gimp-bench.sh.",
                         "The kcv authors", "The kcv authors", "2026", NULL, "RGB*, GRAY*",
                         GIMP_PLUGIN, G_N_ELEMENTS(args), 0, args, NULL);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
/* The legacy pixel-region API is the one kcv's own path uses. */

static void copy_tile_rows(GimpDrawable *gd, gboolean write)
{
  GimpPixelRgn src, dst;
  const gint w = gd->width, h = gd->height;
  guchar *buf = g_malloc((gsize)w * KCV_FLOOR_TILE * gd->bpp);
  gimp_pixel_rgn_init(&src, gd, 0, 0, w, h, FALSE, FALSE);
  gimp_pixel_rgn_init(&dst, gd, 0, 0, w, h, TRUE, TRUE);
  for (gint y = 0; y < h; y += KCV_FLOOR_TILE) {
    const gint n = MIN(KCV_FLOOR_TILE, h - y);
    gimp_pixel_rgn_get_rect(&src, buf, 0, y, w, n);
    if (write)
      gimp_pixel_rgn_set_rect(&dst, buf, 0, y, w, n);
  }
  g_free(buf);
}

static void copy_regions(GimpDrawable *gd)
{
  GimpPixelRgn src, dst;
  gimp_pixel_rgn_init(&src, gd, 0, 0, gd->width, gd->height, FALSE, FALSE);
  gimp_pixel_rgn_init(&dst, gd, 0, 0, gd->width, gd->height, TRUE, TRUE);
  for (gpointer pr = gimp_pixel_rgns_register(2, &src, &dst); pr; pr = gimp_pixel_rgns_process(pr))
    for (gint r = 0; r < (gint)src.h; r++)
      memcpy(dst.data + (gsize)r * dst.rowstride, src.data + (gsize)r * src.rowstride,
             (gsize)src.w * src.bpp);
}

static void copy_tiles(GimpDrawable *gd)
{
  for (guint row = 0; row < gd->ntile_rows; row++)
    for (guint col = 0; col < gd->ntile_cols; col++) {
      GimpTile *src = gimp_drawable_get_tile(gd, FALSE, (gint)row, (gint)col);
      GimpTile *dst = gimp_drawable_get_tile(gd, TRUE, (gint)row, (gint)col);
      gimp_tile_ref(src);
      gimp_tile_ref_zero(dst);
      memcpy(dst->data, src->data, (gsize)src->ewidth * src->eheight * src->bpp);
      gimp_tile_unref(src, FALSE);
      gimp_tile_unref(dst, TRUE);
    }
}

static GimpPDBStatusType floor_run(gint32 drawable, FloorMode mode)
{
  GimpDrawable *gd = gimp_drawable_get(drawable);
  if (!gd)
    return GIMP_PDB_EXECUTION_ERROR;
  /* kcv's own path keeps a few rows of tiles; the iterator needs none. */
  gimp_tile_cache_ntiles(4 * (gd->width / KCV_FLOOR_TILE + 2));
  if (mode == FLOOR_REGIONS)
    copy_regions(gd);
  else if (mode == FLOOR_TILES)
    copy_tiles(gd);
  else
    copy_tile_rows(gd, mode == FLOOR_TILE_ROWS);
  gboolean merged = TRUE;
  if (mode != FLOOR_READ_ONLY) {
    gimp_drawable_flush(gd);
    merged = gimp_drawable_merge_shadow(drawable, TRUE);
    gimp_drawable_update(drawable, 0, 0, gd->width, gd->height);
  }
  gimp_drawable_detach(gd);
  return merged ? GIMP_PDB_SUCCESS : GIMP_PDB_EXECUTION_ERROR;
}

G_GNUC_END_IGNORE_DEPRECATIONS

static void run(const gchar *name, gint nparams, const GimpParam *param, gint *nreturn_vals,
                GimpParam **return_vals)
{
  static GimpParam values[1];
  (void)name;
  values[0].type = GIMP_PDB_STATUS;
  values[0].data.d_status = GIMP_PDB_CALLING_ERROR;
  *nreturn_vals = 1;
  *return_vals = values;
  if (nparams != 4 || param[3].data.d_int32 < 0 || param[3].data.d_int32 >= FLOOR_N_MODES)
    return;
  /* Tiles in the drawable's own precision, as kcv reads them. */
  gimp_plugin_enable_precision();
  values[0].data.d_status = floor_run(param[2].data.d_drawable, (FloorMode)param[3].data.d_int32);
}

MAIN()
