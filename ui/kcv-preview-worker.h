/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: computes preview rectangles on a thread, latest request only. */
#ifndef KCV_PREVIEW_WORKER_H
#define KCV_PREVIEW_WORKER_H

#include <cairo.h>
#include <glib-object.h>

#include "kcv-dialog.h"

G_BEGIN_DECLS

#define KCV_TYPE_PREVIEW_WORKER (kcv_preview_worker_get_type())
G_DECLARE_FINAL_TYPE(KcvPreviewWorker, kcv_preview_worker, KCV, PREVIEW_WORKER, GObject)

/* A finished computation, passed to "done" (valid during the emission). */
typedef struct {
  guint generation;
  kcv_rect rect;            /* in source coordinates */
  cairo_surface_t *surface; /* rect-sized ARGB32; NULL when status is not KCV_OK */
  kcv_status status;
  double seconds; /* from the request to the end of the computation */
  /* With kcv_preview_worker_set_keep_pixels: the result as interleaved
   * floats (rect-sized, stride width * channels) in the display's light
   * (perceptual, whatever light it was computed in); else NULL. */
  const float *pixels;
} KcvPreviewResult;

/* Counters for tests and the benchmark. */
typedef struct {
  guint requested; /* requests made */
  guint started;   /* computations that began executing */
  guint cancelled; /* computations stopped (or skipped) because a newer request came */
  guint delivered; /* results handed to "done" */
  guint dropped;   /* finished results discarded on the UI thread as stale */
  guint stopped;   /* computations the core stopped part-way (a newer setting came) */
} KcvPreviewStats;

/* source (not copied; must outlive the worker) is in linear light when
 * source_linear. Signals are emitted on the thread-default main context of
 * the creating thread:
 *   "done" (gpointer KcvPreviewResult*): the latest request finished;
 *   "plan-info" (gint rank, gint method, gdouble seconds): for the current
 *     kernel, its rank (kcv_plan_rank) and the method and time kcv_plan_choose
 *     predicts for the target size. */
KcvPreviewWorker *kcv_preview_worker_new(const KcvPreviewSource *source, gboolean source_linear);

/* The kernel (copied) and options the next requests use; linear: convolve in
 * linear light; copy_only: show the source unchanged (no channel selected).
 * FALSE when they are what the worker has already (nothing changes). */
gboolean kcv_preview_worker_set_plan(KcvPreviewWorker *worker, const kcv_kernel *kernel,
                                     const kcv_options *options, gboolean linear,
                                     gboolean copy_only);
/* Deconvolution instead (psf copied, used as displayed): the selection's
 * bounds grown by two PSF sides are restored once per setting, and each
 * request shows them inside the selection and the source outside it.
 * FALSE when nothing changes, as for kcv_preview_worker_set_plan. */
gboolean kcv_preview_worker_set_deconv(KcvPreviewWorker *worker, const kcv_kernel *psf,
                                       const kcv_deconv_options *options, gboolean linear,
                                       gboolean copy_only);
/* Results of later requests carry their float pixels (tests): off by default. */
void kcv_preview_worker_set_keep_pixels(KcvPreviewWorker *worker, gboolean keep);
/* Output size the "plan-info" prediction is for (the selection). */
void kcv_preview_worker_set_target(KcvPreviewWorker *worker, int width, int height);
/* Computes rect (clipped to the source) with the current plan, cancelling
 * whatever runs, unless the latest request was that rect with the current
 * plan (and keep_pixels) and is running or has succeeded: then its result
 * answers this one too. Returns the request's generation (> 0). */
guint kcv_preview_worker_request(KcvPreviewWorker *worker, const kcv_rect *rect);
/* Latest generation requested (0: none yet). */
guint kcv_preview_worker_get_generation(KcvPreviewWorker *worker);
/* Generation being executed now on the thread, 0 when idle. */
guint kcv_preview_worker_get_running(KcvPreviewWorker *worker);
gboolean kcv_preview_worker_is_busy(KcvPreviewWorker *worker);
void kcv_preview_worker_get_stats(KcvPreviewWorker *worker, KcvPreviewStats *stats);
/* Cancels and joins the thread; no signal is emitted afterwards. */
void kcv_preview_worker_stop(KcvPreviewWorker *worker);

G_END_DECLS

#endif
