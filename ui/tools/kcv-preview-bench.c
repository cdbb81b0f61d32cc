/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: preview latency benchmark (change to result on a 1024x768 view, or --view=WxH).
 *
 * Drives the dialog's KcvPreviewWorker exactly as the preview widget does,
 * on the UI thread's main loop, and measures the wall time from a request to
 * the "done" signal: "kernel" when the kernel changed (a new plan is made),
 * "pan" when only the view moved (the plan is reused). A ticker on the main
 * loop records the longest stall of the UI thread meanwhile. */
#include "kcv-kernel-editor.h"
#include "kcv-preview-worker.h"
#include "kcv-preview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The longest time between two events of one kind (main-loop ticks,
 * painted frames), in microseconds. */
typedef struct {
  gint64 last, longest;
} Gaps;

static void gaps_note(Gaps *g)
{
  gint64 now = g_get_monotonic_time();
  if (g->last && now - g->last > g->longest)
    g->longest = now - g->last;
  g->last = now;
}

typedef struct {
  GMainLoop *loop;
  guint want;
  Gaps ticks;
  gboolean ok;
} Bench;

static void on_done(KcvPreviewWorker *w, gpointer data, Bench *b)
{
  const KcvPreviewResult *r = data;
  if (r->generation != b->want)
    return;
  b->ok = r->status == KCV_OK;
  if (!b->ok)
    fprintf(stderr, "preview failed: %s\n", kcv_status_message(r->status));
  g_main_loop_quit(b->loop);
}

static gboolean tick(gpointer data)
{
  Bench *b = data;
  gaps_note(&b->ticks);
  return G_SOURCE_CONTINUE;
}

static kcv_kernel *make_kernel(const char *shape, int n, double jitter)
{
  kcv_kernel *k = kcv_kernel_new(n, n);
  double c = (n - 1) / 2.0, sum = 0;
  double sigma = MAX(n / 6.0, 0.5) * (1.0 + jitter), r = n / 2.0 * (1.0 - jitter);
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++) {
      double dx = x - c, dy = y - c, v;
      if (shape[0] == 'g')
        v = exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
      else
        v = dx * dx + dy * dy <= r * r ? 1.0 : 0.0;
      k->data[y * n + x] = (float)v;
      sum += v;
    }
  for (int i = 0; i < n * n; i++)
    k->data[i] = (float)(k->data[i] / sum);
  return k;
}

/* --ui: the whole dialog on screen; a 1025x1025 kernel is set, then the
 * preview is dragged at 60 steps a second for 3 s (each step cancels the
 * running computation and asks for the new view). Reports the longest gap
 * between main-loop ticks and between painted frames of the dialog. */
typedef struct {
  GtkWidget *dialog;
  KcvPreview *preview;
  int step;
  Gaps ticks, frame_gaps;
  int frames;
  GMainLoop *loop;
} UiBench;

static gboolean ui_tick(gpointer data)
{
  UiBench *u = data;
  gaps_note(&u->ticks);
  return G_SOURCE_CONTINUE;
}

static void ui_after_paint(GdkFrameClock *clock, UiBench *u)
{
  gaps_note(&u->frame_gaps);
  u->frames++;
}

static gboolean ui_drag(gpointer data)
{
  UiBench *u = data;
  double cx, cy;
  kcv_preview_get_center(u->preview, &cx, &cy);
  kcv_preview_set_center(u->preview, cx + ((u->step / 30) % 2 ? -4 : 4), cy);
  gtk_widget_queue_draw(u->dialog); /* a frame per step, as a drag makes */
  if (++u->step >= 180) {
    g_main_loop_quit(u->loop);
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

static int run_ui(int channels)
{
  if (!gtk_init_check(NULL, NULL)) {
    fprintf(stderr, "--ui needs a display (try xvfb-run)\n");
    return 1;
  }
  int sw = 1600, sh = 1200;
  float *pixels = g_new(float, (gsize)sw *sh *channels);
  for (gsize i = 0; i < (gsize)sw * sh * channels; i++)
    pixels[i] = (float)((i * 2654435761u) % 1000) / 1000.0f;
  KcvPreviewSource src = {.pixels = pixels,
                          .width = sw,
                          .height = sh,
                          .channels = channels,
                          .stride = (ptrdiff_t)sw * channels,
                          .sel_width = sw,
                          .sel_height = sh};
  KcvParams params;
  kcv_params_init_default(&params);
  GtkWidget *d = kcv_dialog_new("bench", &params, &src, NULL);
  gtk_window_set_default_size(GTK_WINDOW(d), 1600, 1000);
  gtk_widget_show(d);
  UiBench u = {.dialog = d,
               .preview = KCV_PREVIEW(kcv_dialog_get_preview(KCV_DIALOG(d))),
               .loop = g_main_loop_new(NULL, FALSE)};
  while (g_main_context_iteration(NULL, FALSE))
    ;
  kcv_kernel *k = make_kernel("disk", 1025, 0.0);
  gint64 t0 = g_get_monotonic_time();
  kcv_kernel_editor_set_kernel(KCV_KERNEL_EDITOR(kcv_dialog_get_editor(KCV_DIALOG(d))), k);
  double set_ms = (g_get_monotonic_time() - t0) / 1e3;
  kcv_kernel_free(k);
  GdkFrameClock *clock = gtk_widget_get_frame_clock(d);
  g_signal_connect(clock, "after-paint", G_CALLBACK(ui_after_paint), &u);
  g_timeout_add(2, ui_tick, &u);
  g_timeout_add(16, ui_drag, &u);
  g_main_loop_run(u.loop);
  kcv_rect r = kcv_preview_get_visible_rect(u.preview);
  KcvPreviewStats st;
  kcv_preview_worker_get_stats(kcv_preview_get_worker(u.preview), &st);
  printf("# --ui: dialog with a %dx%d view, 1025x1025 disk, 180 drag steps at 60/s\n", r.width,
         r.height);
  printf("setting the kernel on the UI thread: %.1f ms\n", set_ms);
  printf("longest main-loop gap: %.1f ms; longest gap between painted frames: %.1f ms "
         "(%d frames)\n",
         u.ticks.longest / 1e3, u.frame_gaps.longest / 1e3, u.frames);
  printf("# requests %u, delivered %u, cancelled %u, dropped %u\n", st.requested, st.delivered,
         st.cancelled, st.dropped);
  gtk_widget_destroy(d);
  kcv_params_clear(&params);
  g_main_loop_unref(u.loop);
  g_free(pixels);
  return 0;
}

static double run_one(KcvPreviewWorker *w, Bench *b, const kcv_rect *rect)
{
  b->ticks = (Gaps){0};
  gint64 t0 = g_get_monotonic_time();
  b->want = kcv_preview_worker_request(w, rect);
  g_main_loop_run(b->loop);
  return (g_get_monotonic_time() - t0) / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef struct {
  int view_w, view_h, channels, repeats;
  int sizes[8];
  int n_sizes;
  kcv_method method;
  gboolean ui;
} Options;

/* FALSE (after printing the usage) on an unknown argument. */
static gboolean parse_options(int argc, char **argv, Options *o)
{
  *o = (Options){1024, 768, 4, 5, {3, 31, 201, 1025}, 4, KCV_METHOD_AUTO, FALSE};
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--ui") == 0) {
      o->ui = TRUE;
    } else if (g_str_has_prefix(argv[i], "--channels=")) {
      o->channels = atoi(argv[i] + 11);
    } else if (g_str_has_prefix(argv[i], "--repeats=")) {
      o->repeats = atoi(argv[i] + 10);
    } else if (g_str_has_prefix(argv[i], "--method=")) {
      o->method = (kcv_method)atoi(argv[i] + 9);
    } else if (g_str_has_prefix(argv[i], "--view=") &&
               sscanf(argv[i] + 7, "%dx%d", &o->view_w, &o->view_h) == 2 && o->view_w > 0 &&
               o->view_h > 0) {
      /* the source rectangle the preview shows, e.g. a whole fitted selection */
    } else if (g_str_has_prefix(argv[i], "--sizes=")) {
      char **parts = g_strsplit(argv[i] + 8, ",", 8);
      for (o->n_sizes = 0; parts[o->n_sizes] && o->n_sizes < 8; o->n_sizes++)
        o->sizes[o->n_sizes] = CLAMP(atoi(parts[o->n_sizes]), 1, KCV_KERNEL_MAX);
      g_strfreev(parts);
    } else {
      fprintf(stderr,
              "usage: %s [--channels=N] [--repeats=N] [--method=N] [--sizes=3,31,...] "
              "[--view=WxH] [--ui]\n",
              argv[0]);
      return FALSE;
    }
  }
  o->repeats = CLAMP(o->repeats, 1, 50);
  o->channels = CLAMP(o->channels, 1, 4);
  return TRUE;
}

/* A source larger than the view, so the kernel's context comes from real
 * pixels as in the dialog. */
static float *make_pixels(int sw, int sh, int channels)
{
  float *pixels = g_new(float, (gsize)sw *sh *channels);
  for (int y = 0; y < sh; y++)
    for (int x = 0; x < sw; x++)
      for (int c = 0; c < channels; c++)
        pixels[((gsize)y * sw + x) * channels + c] =
            0.5f + 0.5f * sinf(x * 0.05f + c) * cosf(y * 0.037f - c);
  return pixels;
}

/* "median (min)" of n times, sorted in place. */
static void median_min(double *t, int n, char *out, gsize size)
{
  double lo = t[0];
  for (int r = 0; r < n; r++)
    lo = MIN(lo, t[r]);
  qsort(t, n, sizeof(double), cmp_double);
  g_snprintf(out, size, "%.1f (%.1f)", t[n / 2], lo);
}

/* One table row: a kernel change and a pan, reps times each. */
static void measure(KcvPreviewWorker *w, Bench *b, const Options *o, const char *shape, int n)
{
  int reps = n >= 1025 ? MIN(o->repeats, 3) : o->repeats;
  double change[50], pan[50], stall = 0;
  gboolean ok = TRUE;
  for (int r = 0; r < reps && ok; r++) {
    kcv_kernel *k = make_kernel(shape, n, 0.01 * r);
    kcv_options opt;
    kcv_options_init(&opt);
    opt.method = o->method;
    kcv_preview_worker_set_plan(w, k, &opt, FALSE, FALSE);
    kcv_kernel_free(k);
    kcv_rect rect = {256, 256, o->view_w, o->view_h};
    change[r] = run_one(w, b, &rect);
    ok = b->ok;
    stall = MAX(stall, b->ticks.longest / 1e3);
    kcv_rect moved = {256 + 37 * (r + 1), 256 - 23 * (r + 1), o->view_w, o->view_h};
    pan[r] = run_one(w, b, &moved);
    ok = ok && b->ok;
    stall = MAX(stall, b->ticks.longest / 1e3);
  }
  if (!ok) {
    printf("  %-9s %6d  failed\n", shape, n);
    return;
  }
  char a[64], p[64];
  median_min(change, reps, a, sizeof a);
  median_min(pan, reps, p, sizeof p);
  printf("  %-9s %6d %22s %22s %16.1f\n", shape, n, a, p, stall);
  fflush(stdout);
}

int main(int argc, char **argv)
{
  Options o;
  if (!parse_options(argc, argv, &o))
    return 2;
  if (o.ui)
    return run_ui(o.channels);

  const char *shapes[] = {"gaussian", "disk"};
  int sw = o.view_w + 512, sh = o.view_h + 512;
  float *pixels = make_pixels(sw, sh, o.channels);
  KcvPreviewSource src = {.pixels = pixels,
                          .width = sw,
                          .height = sh,
                          .channels = o.channels,
                          .stride = (ptrdiff_t)sw * o.channels,
                          .sel_width = sw,
                          .sel_height = sh};
  KcvPreviewWorker *w = kcv_preview_worker_new(&src, FALSE);
  Bench b = {.loop = g_main_loop_new(NULL, FALSE)};
  g_signal_connect(w, "done", G_CALLBACK(on_done), &b);
  g_timeout_add(5, tick, &b);

  printf("# preview latency, view %dx%d, %d channels, %d cores, method %s, median (min) of %d\n",
         o.view_w, o.view_h, o.channels, (int)g_get_num_processors(), kcv_method_name(o.method),
         o.repeats);
  printf("# %-9s %6s %22s %22s %16s\n", "kernel", "size", "kernel change ms",
         "pan (plan reused) ms", "max UI stall ms");
  for (gsize s = 0; s < G_N_ELEMENTS(shapes); s++)
    for (int i = 0; i < o.n_sizes; i++)
      measure(w, &b, &o, shapes[s], o.sizes[i]);
  KcvPreviewStats st;
  kcv_preview_worker_get_stats(w, &st);
  printf("# requests %u, delivered %u, cancelled %u, dropped %u\n", st.requested, st.delivered,
         st.cancelled, st.dropped);
  kcv_preview_worker_stop(w);
  g_object_unref(w);
  g_main_loop_unref(b.loop);
  g_free(pixels);
  return 0;
}
