/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: float pixels to what the screen shows (light conversion, cairo surfaces). */
#ifndef KCV_RENDER_H
#define KCV_RENDER_H

#include <cairo.h>
#include <glib.h>

#include "kcv.h"

G_BEGIN_DECLS

/* A copy of img with colour channels converted between sRGB-encoded and
 * linear light (alpha, the last of 2 or 4 channels, kept). NULL on OOM;
 * free with g_free. The copy is tightly packed (stride width * channels). */
float *kcv_render_convert_light(const kcv_image *img, gboolean to_linear);

/* An ARGB32 surface of img (values 0..1, clamped), premultiplied for cairo.
 * linear: img is in linear light and is encoded to sRGB for display. Returns
 * NULL on OOM. Safe to call from any thread. */
cairo_surface_t *kcv_render_surface(const kcv_image *img, gboolean linear);
/* The same pixels into ARGB32 rows stride bytes apart from base, with no
 * cairo call: threads may fill parts of one surface at once. */
void kcv_render_argb(const kcv_image *img, gboolean linear, guint8 *base, int stride);

G_END_DECLS

#endif
