/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: a zoomable heat map of a kernel of any size, with hover and painting. */
#ifndef KCV_HEATMAP_H
#define KCV_HEATMAP_H

#include <gtk/gtk.h>

#include "kcv.h"

G_BEGIN_DECLS

#define KCV_TYPE_HEATMAP (kcv_heatmap_get_type())
G_DECLARE_FINAL_TYPE(KcvHeatmap, kcv_heatmap, KCV, HEATMAP, GtkDrawingArea)

/* Signals:
 *   "hover" (gint x, gint y, gdouble value): the pointer is over cell x, y
 *     (x = -1 when it left);
 *   "stroke-begin" (): a click or kcv_heatmap_paint is about to write
 *     into the kernel (one per stroke: the moment to keep an undo copy);
 *   "painted" (): a click or drag wrote the paint value (the secondary
 *     button writes 0) into the kernel given to set_kernel;
 *   "picked" (gdouble value): Ctrl+click on a weight (nothing is painted). */
GtkWidget *kcv_heatmap_new(void);
/* The kernel to show and paint into; borrowed (NULL: none), must stay valid
 * until replaced. Call again (same pointer) after changing its weights. */
void kcv_heatmap_set_kernel(KcvHeatmap *heatmap, kcv_kernel *kernel);
/* Screen pixels per weight, 1/8..64. */
void kcv_heatmap_set_zoom(KcvHeatmap *heatmap, double zoom);
double kcv_heatmap_get_zoom(KcvHeatmap *heatmap);
/* The zoom at which the kernel fits in width x height pixels. */
double kcv_heatmap_fit_zoom(KcvHeatmap *heatmap, int width, int height);
void kcv_heatmap_set_paint_value(KcvHeatmap *heatmap, double value);
/* Brush radius in cells (0: one cell). */
void kcv_heatmap_set_brush_radius(KcvHeatmap *heatmap, int radius);
/* Writes value into the disc of the brush radius around x, y, as a click
 * does; emits "painted". */
void kcv_heatmap_paint(KcvHeatmap *heatmap, int x, int y, double value);
/* The largest |weight|, which gets the strongest colours. */
double kcv_heatmap_get_scale(KcvHeatmap *heatmap);
/* The diverging colour of weight v for a kernel whose largest |weight| is
 * scale, as 0xRRGGBB (blue negative, near-white zero, red positive). */
guint32 kcv_heatmap_colour(double v, double scale);

G_END_DECLS

#endif
