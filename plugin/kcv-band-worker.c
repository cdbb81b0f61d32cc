/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: one band's convolution on a thread of its own (see kcv-band-worker.h). The
 * core's progress callback runs on the worker's thread, so it only records the fraction and
 * passes a stop on; the waiting main thread reports to GIMP. */
#include "kcv-band-worker.h"

/* How often the waiting thread hears of progress (the core's promise too). */
#define KCV_TICK_US 50000

struct _KcvBandWorker {
  GThread *thread;
  GMutex lock;
  GCond cond;
  /* Under lock. */
  gboolean has_job, done, running, quit;
  kcv_plan *plan;
  kcv_image src, dst;
  kcv_rect rect;
  KcvBandFinish finish;
  gpointer finish_data;
  kcv_status status;
  gint64 busy_us;
  /* Atomic: set by the waiting thread, read by the core's callback, and back. */
  gint stop;
  gint fraction_ppm;
};

static int worker_progress(double fraction, void *user_data)
{
  KcvBandWorker *w = user_data;
  g_atomic_int_set(&w->fraction_ppm, (gint)(fraction * 1e6));
  return g_atomic_int_get(&w->stop);
}

static gpointer worker_main(gpointer data)
{
  KcvBandWorker *w = data;
  g_mutex_lock(&w->lock);
  for (;;) {
    while (!w->has_job && !w->quit)
      g_cond_wait(&w->cond, &w->lock);
    if (!w->has_job)
      break;
    w->has_job = FALSE;
    g_mutex_unlock(&w->lock);
    const gint64 start = g_get_monotonic_time();
    kcv_status status = kcv_plan_execute(w->plan, &w->src, &w->rect, &w->dst, worker_progress, w);
    if (status == KCV_OK && w->finish)
      w->finish(w->finish_data);
    g_mutex_lock(&w->lock);
    w->busy_us += g_get_monotonic_time() - start;
    w->status = status;
    w->done = TRUE;
    g_cond_broadcast(&w->cond);
  }
  g_mutex_unlock(&w->lock);
  return NULL;
}

KcvBandWorker *kcv_band_worker_new(void)
{
  KcvBandWorker *w = g_new0(KcvBandWorker, 1);
  g_mutex_init(&w->lock);
  g_cond_init(&w->cond);
  w->thread = g_thread_try_new("kcv-band", worker_main, w, NULL);
  if (!w->thread) {
    g_mutex_clear(&w->lock);
    g_cond_clear(&w->cond);
    g_free(w);
    return NULL;
  }
  return w;
}

void kcv_band_worker_start(KcvBandWorker *w, kcv_plan *plan, const kcv_image *src,
                           const kcv_rect *rect, const kcv_image *dst, KcvBandFinish finish,
                           gpointer finish_data)
{
  g_mutex_lock(&w->lock);
  w->finish = finish;
  w->finish_data = finish_data;
  w->plan = plan;
  w->src = *src;
  w->rect = *rect;
  w->dst = *dst;
  g_atomic_int_set(&w->stop, 0);
  g_atomic_int_set(&w->fraction_ppm, 0);
  w->has_job = TRUE;
  w->done = FALSE;
  w->running = TRUE;
  g_cond_broadcast(&w->cond);
  g_mutex_unlock(&w->lock);
}

kcv_status kcv_band_worker_wait(KcvBandWorker *w, kcv_progress_fn tick, void *user_data)
{
  g_mutex_lock(&w->lock);
  if (!w->running) {
    g_mutex_unlock(&w->lock);
    return KCV_OK;
  }
  while (!w->done) {
    const gint64 deadline = g_get_monotonic_time() + KCV_TICK_US;
    if (g_cond_wait_until(&w->cond, &w->lock, deadline) || !tick || g_atomic_int_get(&w->stop))
      continue;
    g_mutex_unlock(&w->lock);
    if (tick(g_atomic_int_get(&w->fraction_ppm) / 1e6, user_data))
      g_atomic_int_set(&w->stop, 1);
    g_mutex_lock(&w->lock);
  }
  w->running = FALSE;
  kcv_status status = w->status;
  g_mutex_unlock(&w->lock);
  return status;
}

double kcv_band_worker_busy(const KcvBandWorker *w)
{
  return w ? w->busy_us / 1e6 : 0.0;
}

void kcv_band_worker_free(KcvBandWorker *w)
{
  if (!w)
    return;
  g_atomic_int_set(&w->stop, 1);
  (void)kcv_band_worker_wait(w, NULL, NULL);
  g_mutex_lock(&w->lock);
  w->quit = TRUE;
  g_cond_broadcast(&w->cond);
  g_mutex_unlock(&w->lock);
  g_thread_join(w->thread);
  g_mutex_clear(&w->lock);
  g_cond_clear(&w->cond);
  g_free(w);
}
