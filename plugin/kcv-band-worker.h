/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: one band's convolution on a thread of its own, while the plug-in's main thread
 * (the only one that may talk to GIMP) reads the next band and writes the last one. */
#ifndef KCV_BAND_WORKER_H
#define KCV_BAND_WORKER_H

#include <glib.h>

#include "kcv.h"

typedef struct _KcvBandWorker KcvBandWorker;

/* NULL when the thread cannot start. */
KcvBandWorker *kcv_band_worker_new(void);

/* Work done on the worker's thread after a band's convolution succeeded. */
typedef void (*KcvBandFinish)(gpointer data);

/* Starts kcv_plan_execute(plan, src, rect, dst), then finish(finish_data)
 * (may be NULL), on the worker's thread; the images must stay as they are
 * until kcv_band_worker_wait returns. At most one band runs at a time. */
void kcv_band_worker_start(KcvBandWorker *worker, kcv_plan *plan, const kcv_image *src,
                           const kcv_rect *rect, const kcv_image *dst, KcvBandFinish finish,
                           gpointer finish_data);

/* Waits for the band started last and returns its status. Meanwhile tick
 * (may be NULL) is called on this thread with the band's fraction done, at
 * least every 50 ms; a non-zero return stops the band (KCV_ERR_CANCELLED). */
kcv_status kcv_band_worker_wait(KcvBandWorker *worker, kcv_progress_fn tick, void *user_data);

/* Seconds the worker spent convolving, all bands together. */
double kcv_band_worker_busy(const KcvBandWorker *worker);

/* Stops a running band, waits for it and ends the thread. NULL is fine. */
void kcv_band_worker_free(KcvBandWorker *worker);

#endif
