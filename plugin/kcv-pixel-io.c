/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: a drawable's pixels as float working values, read from it and written to its
 * shadow, through the cheapest exact path GIMP 2.10 offers.
 *
 * Two paths give the same values:
 * - own: the tiles as GIMP stores them (precision enabled, so no 8-bit
 *   compatibility conversion), converted by kcv-pixel-codec.c. Used for u8,
 *   u16 and float samples when no curve is needed, and for u8 and u16 with
 *   the sRGB curve when the image has no profile of its own. It needs no
 *   babl, whose start-up (gegl_init) costs a quarter of a second per call.
 * - GEGL: gegl_buffer_get/set in a babl format "with the space" of the
 *   drawable, for everything else (half, u32 and double samples, float
 *   samples that need a curve, a curve in an image with its own profile). */
#include "kcv-plugin.h"

#include "kcv-pixel-codec.h"

#include <string.h>

/* GEGL's tile cache in this process. libgimp sizes it like GIMP's own (half
 * the RAM by default), which would keep every tile of a huge layer that
 * went through here; the bands already hold what is being worked on. */
#define KCV_TILE_CACHE ((guint64)64 << 20)

struct _KcvPixelIO {
  gint32 drawable;
  gint channels;
  gboolean shadow_open;
  /* own path */
  GimpDrawable *gd;
  kcv_codec codec;
  /* GEGL path */
  GeglBuffer *buffer, *shadow;
  const Babl *format;
  const Babl *stored;                  /* the drawable's own format */
  const Babl *to_stored, *from_stored; /* fishes between format and stored */
};

void kcv_gegl_ensure(void)
{
  static gboolean done;
  if (done)
    return;
  done = TRUE;
  /* Only GEGL buffers and babl conversions are used here, no operations:
   * not loading the ~100 operation modules saves ~0.2 s. */
  g_setenv("GEGL_PATH", "/nonexistent/kcv-needs-no-gegl-operations", FALSE);
  gegl_init(NULL, NULL);
  g_object_set(gegl_config(), "tile-cache-size", KCV_TILE_CACHE, NULL);
}

const Babl *kcv_render_format(gint32 drawable, gboolean linear, gint *channels)
{
  kcv_gegl_ensure();
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

/* The drawable's storage encoding ("R'G'B'A u8"), as GIMP names it; g_free it. */
static gchar *stored_encoding(gint32 drawable)
{
  gint n = 0;
  GimpParam *ret =
      gimp_run_procedure("gimp-drawable-get-format", &n, GIMP_PDB_DRAWABLE, drawable, GIMP_PDB_END);
  gchar *name = NULL;
  if (n >= 2 && ret[0].data.d_status == GIMP_PDB_SUCCESS && ret[1].data.d_string)
    name = g_strdup(ret[1].data.d_string);
  gimp_destroy_params(ret, n);
  return name;
}

/* The sample type and model (index in models: Y', Y'A, R'G'B', R'G'B'A,
 * then the linear ones) of an encoding; FALSE for any other. */
static gboolean parse_encoding(gchar *enc, kcv_sample_type *type, gint *model)
{
  static const gchar *const models[] = {"Y'", "Y'A", "R'G'B'", "R'G'B'A", "Y", "YA", "RGB", "RGBA"};
  static const gchar *const types[] = {"u8", "u16", "float"};
  gchar *space = enc ? strrchr(enc, ' ') : NULL;
  if (!space)
    return FALSE;
  *space = '\0';
  gint t = -1;
  *model = -1;
  for (gint i = 0; i < (gint)G_N_ELEMENTS(types); i++)
    if (strcmp(space + 1, types[i]) == 0)
      t = i;
  for (gint i = 0; i < (gint)G_N_ELEMENTS(models); i++)
    if (strcmp(enc, models[i]) == 0)
      *model = i;
  *type = t == 0 ? KCV_SAMPLE_U8 : t == 1 ? KCV_SAMPLE_U16 : KCV_SAMPLE_FLOAT;
  return t >= 0 && *model >= 0;
}

/* Which codec the own path uses for drawable; FALSE when the GEGL path must. */
static gboolean own_codec(gint32 drawable, gboolean linear, kcv_sample_type *type, gint *channels,
                          gint *colour, kcv_curve *curve)
{
  gchar *enc = stored_encoding(drawable);
  gint m;
  gboolean known = parse_encoding(enc, type, &m);
  g_free(enc);
  if (!known)
    return FALSE;
  *channels = m % 4 + 1;
  const gboolean alpha = *channels == 2 || *channels == 4, stored_linear = m >= 4;
  *colour = *channels - (alpha ? 1 : 0);
  /* Masks and channels keep their own model: no curve. */
  if (gimp_item_is_layer_mask(drawable) || gimp_item_is_channel(drawable) ||
      linear == stored_linear) {
    *curve = KCV_CURVE_NONE;
    return TRUE;
  }
  *curve = linear ? KCV_CURVE_SRGB_DECODE : KCV_CURVE_SRGB_ENCODE;
  if (*type == KCV_SAMPLE_FLOAT)
    return FALSE;
  /* A profile of its own may have another curve: babl knows it. */
  GimpColorProfile *profile = gimp_image_get_color_profile(gimp_item_get_image(drawable));
  if (profile)
    g_object_unref(profile);
  return profile == NULL;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
/* The legacy tile API is deprecated in favour of GEGL buffers, but it is
 * the only way GIMP 2.10 hands a plug-in its tiles without babl. */

static gboolean open_own(KcvPixelIO *io, gboolean linear)
{
  kcv_sample_type type;
  gint ch, colour;
  kcv_curve curve;
  if (!own_codec(io->drawable, linear, &type, &ch, &colour, &curve))
    return FALSE;
  if (kcv_codec_init(&io->codec, type, ch, colour, curve) != 0)
    return FALSE;
  io->gd = gimp_drawable_get(io->drawable);
  if (!io->gd || io->gd->bpp != kcv_codec_pixel_bytes(&io->codec)) {
    if (io->gd)
      gimp_drawable_detach(io->gd);
    io->gd = NULL;
    kcv_codec_clear(&io->codec);
    return FALSE;
  }
  io->channels = ch;
  /* A few rows of tiles: border rows read one at a time (wrap, mirror) find
   * their row of tiles here after the first. Written tiles go to GIMP at
   * once, so a larger cache would only hold copies. */
  gimp_tile_cache_ntiles(4 * (io->gd->width / 64 + 2));
  return TRUE;
}

/* Calls fn on every tile of gd (shadow or not) that rectangle (x, y, w, h)
 * touches, with the part of the rectangle inside it. */
typedef void (*TileFn)(KcvPixelIO *io, GimpTile *tile, gint tx, gint ty, gint x0, gint y0, gint x1,
                       gint y1, gpointer data);
static void for_each_tile(KcvPixelIO *io, gboolean shadow, gint x, gint y, gint w, gint h,
                          TileFn fn, gpointer data)
{
  const gint tw = gimp_tile_width(), th = gimp_tile_height();
  for (gint row = y / th; row * th < y + h; row++)
    for (gint col = x / tw; col * tw < x + w; col++) {
      GimpTile *tile = gimp_drawable_get_tile(io->gd, shadow, row, col);
      const gint tx = col * tw, ty = row * th;
      fn(io, tile, tx, ty, MAX(x, tx), MAX(y, ty), MIN(x + w, tx + (gint)tile->ewidth),
         MIN(y + h, ty + (gint)tile->eheight), data);
    }
}

typedef struct {
  gint x, y; /* the rectangle's origin */
  gfloat *floats;
  gsize stride;         /* floats per row */
  const guint8 *stored; /* instead of floats: pixels already encoded */
  gsize stored_stride;  /* bytes per row */
} TileCopy;

/* Straight from the tile's memory: no copy of our own in between. */
static void decode_tile(KcvPixelIO *io, GimpTile *tile, gint tx, gint ty, gint x0, gint y0, gint x1,
                        gint y1, gpointer data)
{
  const TileCopy *c = data;
  const gsize px = tile->bpp;
  gimp_tile_ref(tile);
  for (gint r = y0; r < y1; r++)
    kcv_codec_decode(&io->codec, tile->data + ((gsize)(r - ty) * tile->ewidth + (x0 - tx)) * px,
                     c->floats + (gsize)(r - c->y) * c->stride + (gsize)(x0 - c->x) * io->channels,
                     (gsize)(x1 - x0));
  gimp_tile_unref(tile, FALSE);
}

/* A shadow tile the rectangle covers whole starts blank instead of being
 * fetched from GIMP first (a round trip and a tile's copy saved); one it
 * covers in part is fetched, so that what an earlier write put there stays.
 * Sent back to GIMP at once. */
static void encode_tile(KcvPixelIO *io, GimpTile *tile, gint tx, gint ty, gint x0, gint y0, gint x1,
                        gint y1, gpointer data)
{
  const TileCopy *c = data;
  const gsize px = tile->bpp;
  if (x0 == tx && y0 == ty && x1 - x0 == (gint)tile->ewidth && y1 - y0 == (gint)tile->eheight)
    gimp_tile_ref_zero(tile);
  else
    gimp_tile_ref(tile);
  for (gint r = y0; r < y1; r++) {
    guint8 *to = tile->data + ((gsize)(r - ty) * tile->ewidth + (x0 - tx)) * px;
    if (c->stored)
      memcpy(to, c->stored + (gsize)(r - c->y) * c->stored_stride + (gsize)(x0 - c->x) * px,
             (gsize)(x1 - x0) * px);
    else
      kcv_codec_encode(
          &io->codec, c->floats + (gsize)(r - c->y) * c->stride + (gsize)(x0 - c->x) * io->channels,
          to, (gsize)(x1 - x0));
  }
  gimp_tile_unref(tile, TRUE);
  gimp_tile_flush(tile);
}

static gboolean own_read(KcvPixelIO *io, gint x, gint y, gint w, gint h, gfloat *dst, gsize stride)
{
  TileCopy c = {x, y, dst, stride, NULL, 0};
  for_each_tile(io, FALSE, x, y, w, h, decode_tile, &c);
  return TRUE;
}

static gboolean own_write(KcvPixelIO *io, gint x, gint y, gint w, gint h, const gfloat *src)
{
  TileCopy c = {x, y, (gfloat *)src, (gsize)w * io->channels, NULL, 0};
  io->shadow_open = TRUE;
  for_each_tile(io, TRUE, x, y, w, h, encode_tile, &c);
  return TRUE;
}

static gboolean own_close(KcvPixelIO *io, gboolean commit)
{
  gboolean merged = TRUE;
  if (commit && io->shadow_open) {
    gimp_drawable_flush(io->gd);
    merged = gimp_drawable_merge_shadow(io->drawable, TRUE);
  }
  gimp_drawable_detach(io->gd);
  if ((!commit || !merged) && io->shadow_open)
    gimp_drawable_free_shadow(io->drawable);
  kcv_codec_clear(&io->codec);
  return merged;
}

G_GNUC_END_IGNORE_DEPRECATIONS

KcvPixelIO *kcv_pixel_io_new(gint32 drawable, gboolean linear, gint *channels)
{
  KcvPixelIO *io = g_new0(KcvPixelIO, 1);
  io->drawable = drawable;
  if (g_getenv("KCV_PIXEL_PATH_GEGL") || !open_own(io, linear)) {
    io->format = kcv_render_format(drawable, linear, &io->channels);
    io->buffer = gimp_drawable_get_buffer(drawable);
    io->stored = gimp_drawable_get_format(drawable);
    io->to_stored = babl_fish(io->format, io->stored);
    io->from_stored = babl_fish(io->stored, io->format);
  }
  *channels = io->channels;
  return io;
}

gsize kcv_pixel_io_stored_bytes(const KcvPixelIO *io)
{
  return io->gd ? kcv_codec_pixel_bytes(&io->codec)
                : (gsize)babl_format_get_bytes_per_pixel(io->stored);
}

void kcv_pixel_io_encode(const KcvPixelIO *io, const gfloat *src, gpointer stored, gsize n)
{
  if (io->gd)
    kcv_codec_encode(&io->codec, src, stored, n);
  else
    babl_process(io->to_stored, src, stored, (long)n);
}

void kcv_pixel_io_decode(const KcvPixelIO *io, gconstpointer stored, gfloat *dst, gsize n)
{
  if (io->gd)
    kcv_codec_decode(&io->codec, stored, dst, n);
  else
    babl_process(io->from_stored, stored, dst, (long)n);
}

const gchar *kcv_pixel_io_path(const KcvPixelIO *io)
{
  return io->gd ? "own" : "GEGL";
}

gboolean kcv_pixel_io_read(KcvPixelIO *io, gint x, gint y, gint w, gint h, gfloat *dst,
                           gsize stride)
{
  if (w < 1 || h < 1)
    return TRUE;
  if (io->gd)
    return own_read(io, x, y, w, h, dst, stride);
  gegl_buffer_get(io->buffer, GEGL_RECTANGLE(x, y, w, h), 1.0, io->format, dst,
                  stride * sizeof(gfloat), GEGL_ABYSS_CLAMP);
  return TRUE;
}

gboolean kcv_pixel_io_write(KcvPixelIO *io, gint x, gint y, gint w, gint h, const gfloat *src)
{
  if (io->gd)
    return own_write(io, x, y, w, h, src);
  if (!io->shadow)
    io->shadow = gimp_drawable_get_shadow_buffer(io->drawable);
  io->shadow_open = TRUE;
  gegl_buffer_set(io->shadow, GEGL_RECTANGLE(x, y, w, h), 0, io->format, src, GEGL_AUTO_ROWSTRIDE);
  return TRUE;
}

gboolean kcv_pixel_io_writes_stored(const KcvPixelIO *io)
{
  return io->gd != NULL;
}

gboolean kcv_pixel_io_write_stored(KcvPixelIO *io, gint x, gint y, gint w, gint h,
                                   gconstpointer stored)
{
  if (!io->gd)
    return FALSE;
  if (w < 1 || h < 1)
    return TRUE;
  TileCopy c = {x, y, NULL, 0, stored, (gsize)w * kcv_codec_pixel_bytes(&io->codec)};
  io->shadow_open = TRUE;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  for_each_tile(io, TRUE, x, y, w, h, encode_tile, &c);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return TRUE;
}

gboolean kcv_pixel_io_free(KcvPixelIO *io, gboolean commit)
{
  gboolean merged = TRUE;
  if (!io)
    return TRUE;
  if (io->gd) {
    merged = own_close(io, commit);
  } else {
    if (io->shadow) {
      if (commit)
        gegl_buffer_flush(io->shadow);
      g_object_unref(io->shadow);
    }
    g_object_unref(io->buffer);
    if (io->shadow_open && commit)
      merged = gimp_drawable_merge_shadow(io->drawable, TRUE);
    if (io->shadow_open && (!commit || !merged))
      gimp_drawable_free_shadow(io->drawable);
  }
  g_free(io);
  return merged;
}
