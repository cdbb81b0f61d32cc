/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the pannable, zoomable before/after preview of the drawable. */
#ifndef KCV_PREVIEW_H
#define KCV_PREVIEW_H

#include <gtk/gtk.h>

#include "kcv-dialog.h"
#include "kcv-preview-worker.h"

G_BEGIN_DECLS

#define KCV_TYPE_PREVIEW (kcv_preview_get_type())
G_DECLARE_FINAL_TYPE(KcvPreview, kcv_preview, KCV, PREVIEW, GtkBox)

/* source must outlive the widget; source_linear says which light it is in.
 * Signals: "preview-done" (guint generation) after a result is shown;
 * "plan-info" (gint rank, gint method, gdouble seconds) as the worker's. */
GtkWidget *kcv_preview_new(const KcvPreviewSource *source, gboolean source_linear);

/* A worker already computing the picture a preview of source opens on
 * (fitted on the selection) with params, before any widget exists: a host
 * puts it in KcvPreviewSource.started so that the first picture is computed
 * while GTK starts and the dialog is built. The caller owns the reference. */
KcvPreviewWorker *kcv_preview_start(const KcvPreviewSource *source, gboolean source_linear,
                                    const KcvParams *params);
/* What to convolve with; starts a computation of the visible part (one
 * running with the same settings on the same part goes on instead). */
void kcv_preview_set_params(KcvPreview *preview, const KcvParams *params);
/* Zoom factor (screen pixels per image pixel), clamped to 1/16..16. */
void kcv_preview_set_zoom(KcvPreview *preview, double zoom);
double kcv_preview_get_zoom(KcvPreview *preview);
/* Image coordinates shown at the centre of the view. */
void kcv_preview_set_center(KcvPreview *preview, double x, double y);
void kcv_preview_get_center(KcvPreview *preview, double *x, double *y);
void kcv_preview_set_show_original(KcvPreview *preview, gboolean show_original);
/* The split view: the original left of a draggable divider, the result
 * right of it (labelled Original and Result). */
void kcv_preview_set_split(KcvPreview *preview, gboolean split);
/* The divider, as a fraction of the view's width (0.5 at first). */
void kcv_preview_set_split_position(KcvPreview *preview, double fraction);
double kcv_preview_get_split_position(KcvPreview *preview);
/* The source rectangle the view shows (what a request computes). */
kcv_rect kcv_preview_get_visible_rect(KcvPreview *preview);
/* Generation of the result on screen, 0 when none. */
guint kcv_preview_get_shown_generation(KcvPreview *preview);
/* The result on screen (NULL when none; owned by the preview) and the
 * source rectangle it covers. */
cairo_surface_t *kcv_preview_get_result(KcvPreview *preview, kcv_rect *rect);
KcvPreviewWorker *kcv_preview_get_worker(KcvPreview *preview);

G_END_DECLS

#endif
