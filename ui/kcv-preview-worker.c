/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: computes preview rectangles on a thread, latest request only.
 *
 * One thread, one pending slot. A request replaces whatever is pending and
 * bumps the generation; the running computation sees the new generation in
 * its progress callback and stops. Results travel to the UI thread through
 * an idle source carrying their generation, and anything older than the
 * latest request is dropped there, so a stale picture is never shown. The
 * kcv_plan is kept across requests and rebuilt only when the kernel or the
 * options change (a pan or zoom reuses it). */
#ifdef __linux__
#define _GNU_SOURCE /* syscall(SYS_gettid) for the per-thread nice value */
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "kcv-preview-worker.h"

#include "kcv-render.h"

#include <string.h>

#include "kcv-deconv.h"

/* Kernel and options, shared by reference between requests and the thread. */
typedef struct {
  kcv_kernel *kernel;
  kcv_options options;
  gboolean linear;
  gboolean copy_only;
  gboolean deconv; /* kernel is a PSF to undo, with deconv_options */
  kcv_deconv_options deconv_options;
  guint serial;
  int target_w, target_h;
} PlanSpec;

typedef struct {
  guint generation;
  PlanSpec *spec;
  kcv_rect rect;
  gint64 requested_at;
  gboolean keep_pixels; /* as asked when requested */
} Job;

/* What the latest job taken computes, kept while it runs and after it ended
 * well: a request for the same is answered by it, not computed again (the
 * dialog hands its settings again while it is built). */
typedef struct {
  gboolean valid;
  guint generation, serial;
  kcv_rect rect;
  gboolean keep_pixels;
} Answer;

struct _KcvPreviewWorker {
  GObject parent_instance;

  kcv_image source;
  gboolean source_linear;
  const KcvLight *light; /* NULL: the sRGB curve */
  float *other_light;    /* the source in the other light, built on the thread */

  GMainContext *context;
  GThread *thread;
  GMutex lock;
  GCond cond;
  Job *pending;       /* under lock */
  Answer answer;      /* under lock */
  gboolean quit;      /* under lock */
  gint halt;          /* atomic: stop whatever runs, for good */
  gint latest_serial; /* atomic: serial of the latest spec */
  kcv_rect sel;       /* the selection in the source, where a deconvolution shows */

  gint latest;  /* atomic: latest generation requested */
  gint running; /* atomic: generation executing, 0 idle */
  guint last_done;
  gboolean stopped;

  PlanSpec *spec; /* UI thread: what new requests use */
  guint next_serial;
  int target_w, target_h;

  /* thread only */
  float *out; /* result buffer, kept: a fresh 12 MB one costs page faults per update */
  gsize out_floats;
  PlanSpec *plan_spec;
  kcv_plan *plan;
  guint info_serial;
  float *deconv_buf; /* the restored region, kept while the spec stays */
  kcv_rect deconv_rect;
  guint deconv_serial;

  gint keep_pixels; /* atomic: results carry their float pixels */

  gint stat_requested, stat_started, stat_cancelled, stat_delivered, stat_dropped, stat_stopped;
};

G_DEFINE_TYPE(KcvPreviewWorker, kcv_preview_worker, G_TYPE_OBJECT)

enum { SIGNAL_DONE, SIGNAL_PLAN_INFO, N_SIGNALS };
static guint signals[N_SIGNALS];

static void spec_clear(gpointer data)
{
  PlanSpec *spec = data;
  kcv_kernel_free(spec->kernel);
}

static void spec_unref(PlanSpec *spec)
{
  if (spec)
    g_atomic_rc_box_release_full(spec, spec_clear);
}

static void job_free(Job *job)
{
  if (!job)
    return;
  spec_unref(job->spec);
  g_free(job);
}

typedef struct {
  KcvPreviewWorker *worker;
  KcvPreviewResult result;
} ResultMsg;

static gboolean deliver_result(gpointer data)
{
  ResultMsg *msg = data;
  KcvPreviewWorker *w = msg->worker;
  if (w->stopped || msg->result.generation != (guint)g_atomic_int_get(&w->latest)) {
    w->stat_dropped++;
  } else {
    w->stat_delivered++;
    w->last_done = msg->result.generation;
    g_signal_emit(w, signals[SIGNAL_DONE], 0, &msg->result);
  }
  if (msg->result.surface)
    cairo_surface_destroy(msg->result.surface);
  g_free((gpointer)msg->result.pixels);
  g_object_unref(w);
  g_free(msg);
  return G_SOURCE_REMOVE;
}

typedef struct {
  KcvPreviewWorker *worker;
  guint serial;
  int rank;
  kcv_method method;
  double seconds;
} InfoMsg;

static gboolean deliver_info(gpointer data)
{
  InfoMsg *msg = data;
  KcvPreviewWorker *w = msg->worker;
  if (!w->stopped && w->spec && w->spec->serial == msg->serial)
    g_signal_emit(w, signals[SIGNAL_PLAN_INFO], 0, msg->rank, (int)msg->method, msg->seconds);
  g_object_unref(w);
  g_free(msg);
  return G_SOURCE_REMOVE;
}

static void post(KcvPreviewWorker *w, GSourceFunc fn, gpointer data)
{
  GSource *src = g_idle_source_new();
  g_source_set_priority(src, G_PRIORITY_DEFAULT);
  g_source_set_callback(src, fn, data, NULL);
  g_source_attach(src, w->context);
  g_source_unref(src);
}

typedef struct {
  KcvPreviewWorker *worker;
  guint generation;
  guint serial;
} Progress;

static int progress_cb(double fraction, void *user_data)
{
  Progress *p = user_data;
  return (guint)g_atomic_int_get(&p->worker->latest) != p->generation;
}

static gboolean stale(KcvPreviewWorker *w, const Job *job)
{
  return (guint)g_atomic_int_get(&w->latest) != job->generation;
}

/* Reports the plan's rank and the prediction for the whole target, once per
 * plan and after the first picture: the prediction may plan FFT sizes the
 * preview never needs. */
static void post_info(KcvPreviewWorker *w, PlanSpec *spec)
{
  if (!w->plan || w->info_serial == spec->serial)
    return;
  w->info_serial = spec->serial;
  InfoMsg *info = g_new0(InfoMsg, 1);
  info->worker = g_object_ref(w);
  info->serial = spec->serial;
  info->rank = kcv_plan_rank(w->plan);
  int tw = spec->target_w > 0 ? spec->target_w : w->source.width;
  int th = spec->target_h > 0 ? spec->target_h : w->source.height;
  info->method = kcv_plan_choose(w->plan, tw, th, w->source.channels, &info->seconds);
  post(w, deliver_info, info);
}

/* Makes w->plan match spec (thread only). A deconvolution has no plan. */
static kcv_status ensure_plan(KcvPreviewWorker *w, PlanSpec *spec)
{
  if (w->plan_spec == spec && (w->plan || spec->copy_only || spec->deconv))
    return KCV_OK;
  kcv_plan_free(w->plan);
  w->plan = NULL;
  spec_unref(w->plan_spec);
  w->plan_spec = g_atomic_rc_box_acquire(spec);
  if (spec->copy_only || spec->deconv)
    return KCV_OK;
  kcv_status st = kcv_plan_new(spec->kernel, &spec->options, &w->plan);
  if (st != KCV_OK) {
    w->plan = NULL;
    return st;
  }
  return KCV_OK;
}

/* The source in the other light, packed; NULL when out of memory. */
static float *convert_source(KcvPreviewWorker *w, gboolean linear)
{
  if (!w->light)
    return kcv_render_convert_light(&w->source, linear);
  const int c = w->source.channels, width = w->source.width;
  float *out = g_try_new(float, (gsize)width * w->source.height * c);
  for (int y = 0; out && y < w->source.height; y++)
    w->light->convert(w->source.data + (ptrdiff_t)y * w->source.stride, out + (gsize)y * width * c,
                      (size_t)width, !linear, w->light->data);
  return out;
}

/* The result as the screen (and keep_pixels) show it: perceptual, and what
 * the drawable would get when the caller says so. In place in dst. */
static void to_display(KcvPreviewWorker *w, kcv_image *dst, gboolean linear)
{
  if (!w->light)
    return;
  const size_t n = (size_t)dst->width * dst->height;
  w->light->written(dst->data, dst->data, n, linear, w->light->data);
}

static const kcv_image *source_in_light(KcvPreviewWorker *w, gboolean linear, kcv_image *tmp)
{
  if (linear == w->source_linear)
    return &w->source;
  if (!w->other_light)
    w->other_light = convert_source(w, linear);
  if (!w->other_light)
    return NULL;
  *tmp = w->source;
  tmp->data = w->other_light;
  tmp->stride = (ptrdiff_t)w->source.width * w->source.channels;
  return tmp;
}

/* The region a deconvolution restores, as the plug-in reads it: the
 * selection grown by two PSF sides of real pixels, inside the source. The
 * restoration is global, so the preview restores that whole region once per
 * setting and crops each view from it; a source holding all of it gives
 * exactly what OK writes. */
static kcv_rect deconv_region(const KcvPreviewWorker *w, const kcv_kernel *psf)
{
  const int m = 2 * MAX(psf->width, psf->height);
  const kcv_rect s = w->sel;
  int x0 = MAX(s.x - m, 0), y0 = MAX(s.y - m, 0);
  int x1 = MIN(s.x + s.width + m, w->source.width), y1 = MIN(s.y + s.height + m, w->source.height);
  return (kcv_rect){x0, y0, x1 - x0, y1 - y0};
}

/* A deconvolution outlives pans and zooms: only a new setting (or the end)
 * stops it. */
static int deconv_progress_cb(double fraction, void *user_data)
{
  Progress *p = user_data;
  return g_atomic_int_get(&p->worker->halt) ||
         (guint)g_atomic_int_get(&p->worker->latest_serial) != p->serial;
}

static kcv_status ensure_deconv(KcvPreviewWorker *w, PlanSpec *spec, const kcv_image *src)
{
  if (w->deconv_buf && w->deconv_serial == spec->serial)
    return KCV_OK;
  g_clear_pointer(&w->deconv_buf, g_free);
  const kcv_rect r = deconv_region(w, spec->kernel);
  const int c = src->channels;
  float *buf = g_try_new(float, (gsize)r.width *r.height *c);
  if (!buf)
    return KCV_ERR_NOMEM;
  for (int y = 0; y < r.height; y++)
    memcpy(buf + (gsize)y * r.width * c,
           src->data + (ptrdiff_t)(r.y + y) * src->stride + (ptrdiff_t)r.x * c,
           sizeof(float) * r.width * c);
  kcv_image im = {buf, r.width, r.height, c, (ptrdiff_t)r.width * c};
  Progress p = {w, 0, spec->serial};
  kcv_status st =
      kcv_deconvolve(&im, spec->kernel, &spec->deconv_options, &im, deconv_progress_cb, &p);
  if (st == KCV_ERR_CANCELLED)
    g_atomic_int_inc(&w->stat_stopped);
  if (st != KCV_OK) {
    g_free(buf);
    return st;
  }
  w->deconv_buf = buf;
  w->deconv_rect = r;
  w->deconv_serial = spec->serial;
  return KCV_OK;
}

/* dst (job->rect) restored inside the selection's bounds, which is what
 * OK writes, and the source elsewhere, which OK leaves alone. */
static kcv_status deconv_fill(KcvPreviewWorker *w, const Job *job, const kcv_image *src,
                              kcv_image *dst)
{
  kcv_status st = ensure_deconv(w, job->spec, src);
  if (st != KCV_OK)
    return st;
  const int c = src->channels;
  const kcv_rect s = w->sel, r = w->deconv_rect, q = job->rect;
  const int x0 = MAX(q.x, s.x), x1 = MIN(q.x + q.width, s.x + s.width);
  for (int y = 0; y < dst->height; y++) {
    const int sy = q.y + y;
    float *d = dst->data + (ptrdiff_t)y * dst->stride;
    memcpy(d, src->data + (ptrdiff_t)sy * src->stride + (ptrdiff_t)q.x * c,
           sizeof(float) * q.width * c);
    if (sy < s.y || sy >= s.y + s.height || x1 <= x0)
      continue;
    memcpy(d + (ptrdiff_t)(x0 - q.x) * c,
           w->deconv_buf + ((gsize)(sy - r.y) * r.width + (x0 - r.x)) * c,
           sizeof(float) * (x1 - x0) * c);
  }
  return KCV_OK;
}

/* Results of at least this many pixels are made displayable by several
 * threads: on the fitted 1920x1080 view this serial tail (the host's
 * conversions through the drawable's storage, then ARGB32) costs tens of ms. */
#define DISPLAY_SPLIT_PIXELS (1 << 18)
#define DISPLAY_MAX_PARTS 4

typedef struct {
  KcvPreviewWorker *worker;
  kcv_image rows; /* a band of the result, converted in place */
  gboolean linear;
  guint8 *base; /* the band's first ARGB32 row */
  int stride;
} DisplayPart;

/* Computed in the plan's light; the screen shows perceptual values. */
static gpointer display_part(gpointer data)
{
  DisplayPart *d = data;
  gboolean linear = d->linear;
  if (d->worker->light) {
    to_display(d->worker, &d->rows, linear);
    linear = FALSE;
  }
  kcv_render_argb(&d->rows, linear, d->base, d->stride);
  return NULL;
}

/* The ARGB32 picture of dst (converted in place to what the screen shows),
 * in bands on several threads when it is large; NULL when out of memory. */
static cairo_surface_t *display_surface(KcvPreviewWorker *w, kcv_image *dst, gboolean linear)
{
  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, dst->width, dst->height);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surf);
    return NULL;
  }
  cairo_surface_flush(surf);
  const int stride = cairo_image_surface_get_stride(surf);
  guint8 *base = cairo_image_surface_get_data(surf);
  int parts = 1;
  if ((gsize)dst->width * dst->height >= DISPLAY_SPLIT_PIXELS)
    parts = CLAMP(MIN((int)g_get_num_processors(), dst->height), 1, DISPLAY_MAX_PARTS);
  DisplayPart part[DISPLAY_MAX_PARTS];
  GThread *thread[DISPLAY_MAX_PARTS] = {NULL};
  for (int i = 0; i < parts; i++) {
    const int y0 = dst->height * i / parts, y1 = dst->height * (i + 1) / parts;
    part[i] = (DisplayPart){w, *dst, linear, base + (gsize)y0 * stride, stride};
    part[i].rows.data = dst->data + (ptrdiff_t)y0 * dst->stride;
    part[i].rows.height = y1 - y0;
    /* Band 0 on this thread, and any band whose thread cannot start. */
    if (i > 0)
      thread[i] = g_thread_try_new("kcv-display", display_part, &part[i], NULL);
  }
  for (int i = parts - 1; i >= 0; i--)
    if (!thread[i])
      display_part(&part[i]);
  for (int i = 1; i < parts; i++)
    if (thread[i])
      g_thread_join(thread[i]);
  cairo_surface_mark_dirty(surf);
  return surf;
}

static kcv_status run_job(KcvPreviewWorker *w, Job *job, cairo_surface_t **surface, float **pixels)
{
  kcv_status st = ensure_plan(w, job->spec);
  if (st != KCV_OK)
    return st;
  if (stale(w, job))
    return KCV_ERR_CANCELLED;
  kcv_image tmp;
  const kcv_image *src = source_in_light(w, job->spec->linear, &tmp);
  if (!src)
    return KCV_ERR_NOMEM;
  int c = src->channels;
  kcv_image dst = {NULL, job->rect.width, job->rect.height, c, (ptrdiff_t)job->rect.width * c};
  gsize n = (gsize)dst.width * dst.height * c;
  if (n > w->out_floats) {
    g_free(w->out);
    w->out_floats = 0;
    w->out = g_try_new(float, n);
    if (!w->out)
      return KCV_ERR_NOMEM;
    w->out_floats = n;
  }
  dst.data = w->out;
  g_atomic_int_inc(&w->stat_started);
  if (job->spec->copy_only) {
    for (int y = 0; y < dst.height; y++)
      memcpy(dst.data + (ptrdiff_t)y * dst.stride,
             src->data + (ptrdiff_t)(job->rect.y + y) * src->stride + (ptrdiff_t)job->rect.x * c,
             sizeof(float) * dst.width * c);
  } else if (job->spec->deconv) {
    st = deconv_fill(w, job, src, &dst);
  } else {
    Progress p = {w, job->generation, 0};
    st = kcv_plan_execute(w->plan, src, &job->rect, &dst, progress_cb, &p);
    if (st == KCV_ERR_CANCELLED)
      g_atomic_int_inc(&w->stat_stopped);
  }
  gboolean linear = job->spec->linear;
  if (st == KCV_OK) {
    *surface = display_surface(w, &dst, linear);
    if (!*surface)
      st = KCV_ERR_NOMEM;
  }
  if (w->light)
    linear = FALSE; /* dst is what the screen shows now */
  if (st == KCV_OK && job->keep_pixels) {
    *pixels =
        linear ? kcv_render_convert_light(&dst, FALSE) : g_memdup2(dst.data, n * sizeof(float));
    if (!*pixels)
      st = KCV_ERR_NOMEM;
  }
  return st;
}

/* Nice value of the preview thread. */
#define PREVIEW_NICE 5

static gpointer thread_main(gpointer data)
{
  KcvPreviewWorker *w = data;
#ifdef __linux__
  /* Linux keeps a nice value per thread, and the threads the core starts
   * from here inherit it: with every core busy computing, the UI thread
   * still gets the processor when it needs it. */
  (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), PREVIEW_NICE);
#endif
  for (;;) {
    g_mutex_lock(&w->lock);
    while (!w->pending && !w->quit)
      g_cond_wait(&w->cond, &w->lock);
    if (w->quit) {
      g_mutex_unlock(&w->lock);
      break;
    }
    Job *job = w->pending;
    w->pending = NULL;
    w->answer = (Answer){TRUE, job->generation, job->spec->serial, job->rect, job->keep_pixels};
    g_atomic_int_set(&w->running, (gint)job->generation);
    g_mutex_unlock(&w->lock);

    cairo_surface_t *surface = NULL;
    float *pixels = NULL;
    kcv_status st = stale(w, job) ? KCV_ERR_CANCELLED : run_job(w, job, &surface, &pixels);
    if (st != KCV_OK) {
      g_mutex_lock(&w->lock);
      w->answer.valid = FALSE;
      g_mutex_unlock(&w->lock);
    }
    g_atomic_int_set(&w->running, 0);
    if (st == KCV_ERR_CANCELLED || (st == KCV_OK && stale(w, job))) {
      /* A newer request exists: its result is the only one worth showing. */
      g_atomic_int_inc(&w->stat_cancelled);
      if (surface)
        cairo_surface_destroy(surface);
      g_free(pixels);
    } else {
      ResultMsg *msg = g_new0(ResultMsg, 1);
      msg->worker = g_object_ref(w);
      msg->result.generation = job->generation;
      msg->result.rect = job->rect;
      msg->result.surface = surface;
      msg->result.pixels = pixels;
      msg->result.status = st;
      msg->result.seconds = (g_get_monotonic_time() - job->requested_at) / 1e6;
      post(w, deliver_result, msg);
      if (!stale(w, job))
        post_info(w, job->spec);
    }
    job_free(job);
  }
  kcv_plan_free(w->plan);
  w->plan = NULL;
  spec_unref(w->plan_spec);
  w->plan_spec = NULL;
  g_free(w->out);
  w->out = NULL;
  w->out_floats = 0;
  g_clear_pointer(&w->deconv_buf, g_free);
  return NULL;
}

KcvPreviewWorker *kcv_preview_worker_new(const KcvPreviewSource *source, gboolean source_linear)
{
  g_return_val_if_fail(source != NULL && source->pixels != NULL, NULL);
  g_return_val_if_fail(source->channels >= 1 && source->channels <= 4, NULL);
  KcvPreviewWorker *w = g_object_new(KCV_TYPE_PREVIEW_WORKER, NULL);
  w->source.data = (float *)source->pixels; /* read only: kcv_image has no const view */
  w->source.width = source->width;
  w->source.height = source->height;
  w->source.channels = source->channels;
  w->source.stride = source->stride;
  w->source_linear = source_linear;
  w->light = source->light;
  w->target_w = source->sel_width;
  w->target_h = source->sel_height;
  w->sel = (kcv_rect){0, 0, source->width, source->height};
  if (source->sel_width > 0 && source->sel_height > 0)
    w->sel = (kcv_rect){source->sel_x, source->sel_y, source->sel_width, source->sel_height};
  w->thread = g_thread_new("kcv-preview", thread_main, w);
  return w;
}

/* A new spec for the next requests; it stops a deconvolution of the old one. */
static PlanSpec *new_spec(KcvPreviewWorker *worker, const kcv_kernel *kernel, gboolean linear,
                          gboolean copy_only)
{
  PlanSpec *spec = g_atomic_rc_box_new0(PlanSpec);
  spec->kernel = kcv_kernel_copy(kernel);
  spec->linear = linear;
  spec->copy_only = copy_only;
  spec->serial = ++worker->next_serial;
  spec->target_w = worker->target_w;
  spec->target_h = worker->target_h;
  spec_unref(worker->spec);
  worker->spec = spec;
  g_atomic_int_set(&worker->latest_serial, (gint)spec->serial);
  return spec;
}

static gboolean same_kernel(const kcv_kernel *a, const kcv_kernel *b)
{
  return a->width == b->width && a->height == b->height &&
         memcmp(a->data, b->data, sizeof(float) * (gsize)a->width * a->height) == 0;
}

static gboolean same_options(const kcv_options *a, const kcv_options *b)
{
  return a->method == b->method && a->border == b->border && a->flip == b->flip &&
         a->divisor == b->divisor && a->offset == b->offset && a->channel_mask == b->channel_mask &&
         a->alpha_weighting == b->alpha_weighting && a->threads == b->threads;
}

static gboolean same_deconv(const kcv_deconv_options *a, const kcv_deconv_options *b)
{
  return a->method == b->method && a->iterations == b->iterations &&
         a->regularisation == b->regularisation && a->border == b->border &&
         a->channel_mask == b->channel_mask && a->threads == b->threads;
}

/* Whether the current spec already computes this: then it is kept, and a
 * request for the rectangle being computed lets that computation go on. */
static gboolean spec_is(const KcvPreviewWorker *w, const kcv_kernel *kernel, gboolean linear,
                        gboolean copy_only, gboolean deconv)
{
  const PlanSpec *s = w->spec;
  return s && s->linear == linear && s->copy_only == copy_only && s->deconv == deconv &&
         same_kernel(s->kernel, kernel);
}

gboolean kcv_preview_worker_set_plan(KcvPreviewWorker *worker, const kcv_kernel *kernel,
                                     const kcv_options *options, gboolean linear,
                                     gboolean copy_only)
{
  g_return_val_if_fail(KCV_IS_PREVIEW_WORKER(worker), FALSE);
  g_return_val_if_fail(kernel != NULL && options != NULL, FALSE);
  linear = linear != FALSE;
  copy_only = copy_only != FALSE;
  if (spec_is(worker, kernel, linear, copy_only, FALSE) &&
      same_options(&worker->spec->options, options))
    return FALSE;
  new_spec(worker, kernel, linear, copy_only)->options = *options;
  return TRUE;
}

gboolean kcv_preview_worker_set_deconv(KcvPreviewWorker *worker, const kcv_kernel *psf,
                                       const kcv_deconv_options *options, gboolean linear,
                                       gboolean copy_only)
{
  g_return_val_if_fail(KCV_IS_PREVIEW_WORKER(worker), FALSE);
  g_return_val_if_fail(psf != NULL && options != NULL, FALSE);
  linear = linear != FALSE;
  copy_only = copy_only != FALSE;
  if (spec_is(worker, psf, linear, copy_only, TRUE) &&
      same_deconv(&worker->spec->deconv_options, options))
    return FALSE;
  PlanSpec *spec = new_spec(worker, psf, linear, copy_only);
  kcv_options_init(&spec->options);
  spec->deconv = TRUE;
  spec->deconv_options = *options;
  return TRUE;
}

void kcv_preview_worker_set_keep_pixels(KcvPreviewWorker *worker, gboolean keep)
{
  g_return_if_fail(KCV_IS_PREVIEW_WORKER(worker));
  g_atomic_int_set(&worker->keep_pixels, keep ? 1 : 0);
}

void kcv_preview_worker_set_target(KcvPreviewWorker *worker, int width, int height)
{
  g_return_if_fail(KCV_IS_PREVIEW_WORKER(worker));
  worker->target_w = width;
  worker->target_h = height;
}

guint kcv_preview_worker_request(KcvPreviewWorker *worker, const kcv_rect *rect)
{
  g_return_val_if_fail(KCV_IS_PREVIEW_WORKER(worker), 0);
  g_return_val_if_fail(rect != NULL, 0);
  g_return_val_if_fail(worker->spec != NULL, 0);
  g_return_val_if_fail(!worker->stopped, 0);
  kcv_rect r = *rect;
  int x1 = MIN(r.x + r.width, worker->source.width),
      y1 = MIN(r.y + r.height, worker->source.height);
  r.x = CLAMP(r.x, 0, worker->source.width - 1);
  r.y = CLAMP(r.y, 0, worker->source.height - 1);
  r.width = MAX(1, x1 - r.x);
  r.height = MAX(1, y1 - r.y);

  g_mutex_lock(&worker->lock);
  const gboolean keep_pixels = g_atomic_int_get(&worker->keep_pixels) != 0;
  const Answer *a = &worker->answer;
  if (!worker->pending && a->valid && a->serial == worker->spec->serial &&
      a->keep_pixels == keep_pixels && a->generation == (guint)g_atomic_int_get(&worker->latest) &&
      memcmp(&a->rect, &r, sizeof r) == 0) {
    const guint generation = a->generation;
    g_mutex_unlock(&worker->lock);
    return generation;
  }
  Job *job = g_new0(Job, 1);
  job->spec = g_atomic_rc_box_acquire(worker->spec);
  job->rect = r;
  job->requested_at = g_get_monotonic_time();
  job->keep_pixels = keep_pixels;

  /* Read under the lock: once it is released the thread may take and free the job. */
  const guint generation = (guint)g_atomic_int_get(&worker->latest) + 1;
  job->generation = generation;
  if (worker->pending) {
    /* Replaced before it started: counted as cancelled. */
    g_atomic_int_inc(&worker->stat_cancelled);
    job_free(worker->pending);
  }
  worker->pending = job;
  g_atomic_int_set(&worker->latest, (gint)generation);
  worker->stat_requested++;
  g_cond_signal(&worker->cond);
  g_mutex_unlock(&worker->lock);
  return generation;
}

guint kcv_preview_worker_get_generation(KcvPreviewWorker *worker)
{
  g_return_val_if_fail(KCV_IS_PREVIEW_WORKER(worker), 0);
  return (guint)g_atomic_int_get(&worker->latest);
}

guint kcv_preview_worker_get_running(KcvPreviewWorker *worker)
{
  g_return_val_if_fail(KCV_IS_PREVIEW_WORKER(worker), 0);
  return (guint)g_atomic_int_get(&worker->running);
}

gboolean kcv_preview_worker_is_busy(KcvPreviewWorker *worker)
{
  g_return_val_if_fail(KCV_IS_PREVIEW_WORKER(worker), FALSE);
  return (guint)g_atomic_int_get(&worker->latest) != worker->last_done;
}

void kcv_preview_worker_get_stats(KcvPreviewWorker *worker, KcvPreviewStats *stats)
{
  g_return_if_fail(KCV_IS_PREVIEW_WORKER(worker) && stats != NULL);
  g_mutex_lock(&worker->lock);
  stats->requested = (guint)worker->stat_requested;
  stats->cancelled = (guint)g_atomic_int_get(&worker->stat_cancelled);
  g_mutex_unlock(&worker->lock);
  stats->started = (guint)g_atomic_int_get(&worker->stat_started);
  stats->delivered = (guint)worker->stat_delivered;
  stats->dropped = (guint)worker->stat_dropped;
  stats->stopped = (guint)g_atomic_int_get(&worker->stat_stopped);
}

void kcv_preview_worker_stop(KcvPreviewWorker *worker)
{
  g_return_if_fail(KCV_IS_PREVIEW_WORKER(worker));
  if (!worker->thread)
    return;
  g_mutex_lock(&worker->lock);
  worker->quit = TRUE;
  g_atomic_int_set(&worker->halt, 1);
  job_free(worker->pending);
  worker->pending = NULL;
  g_atomic_int_inc(&worker->latest); /* makes the running job's progress stop it */
  g_cond_signal(&worker->cond);
  g_mutex_unlock(&worker->lock);
  g_thread_join(worker->thread);
  worker->thread = NULL;
  worker->stopped = TRUE;
}

static void kcv_preview_worker_dispose(GObject *object)
{
  /* Join before finalize: the thread takes references for its messages. */
  kcv_preview_worker_stop(KCV_PREVIEW_WORKER(object));
  G_OBJECT_CLASS(kcv_preview_worker_parent_class)->dispose(object);
}

static void kcv_preview_worker_finalize(GObject *object)
{
  KcvPreviewWorker *w = KCV_PREVIEW_WORKER(object);
  spec_unref(w->spec);
  g_free(w->other_light);
  g_main_context_unref(w->context);
  g_mutex_clear(&w->lock);
  g_cond_clear(&w->cond);
  G_OBJECT_CLASS(kcv_preview_worker_parent_class)->finalize(object);
}

static void kcv_preview_worker_init(KcvPreviewWorker *w)
{
  g_mutex_init(&w->lock);
  g_cond_init(&w->cond);
  w->context = g_main_context_ref_thread_default();
}

static void kcv_preview_worker_class_init(KcvPreviewWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  object_class->dispose = kcv_preview_worker_dispose;
  object_class->finalize = kcv_preview_worker_finalize;
  signals[SIGNAL_DONE] = g_signal_new("done", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_PLAN_INFO] =
      g_signal_new("plan-info", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_INT, G_TYPE_DOUBLE);
}
