/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: the dialog's Convolve / Deconvolve switch and the deconvolution preview, under Xvfb.
 */
#include "kcv-deconv-panel.h"
#include "kcv-dialog.h"
#include "kcv-kernel-editor.h"
#include "kcv-layer-picker.h"
#include "kcv-options-panel.h"
#include "kcv-presets.h"
#include "kcv-preview.h"

#include <complex.h>
#include <math.h>
#include <string.h>

/* Hang guard for waits on the main loop; a failure, not a timing check. */
#define WAIT_LIMIT_S 120

static gboolean guard_fired(gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The latest result the worker delivered, copied out of the emission. */
typedef struct {
  KcvPreviewWorker *worker;
  int channels;
  guint generation;
  kcv_rect rect;
  kcv_status status;
  float *pixels;
} Caught;

static void on_done(KcvPreviewWorker *w, gpointer data, Caught *c)
{
  const KcvPreviewResult *res = data;
  c->generation = res->generation;
  c->rect = res->rect;
  c->status = res->status;
  g_free(c->pixels);
  c->pixels = NULL;
  if (res->pixels)
    c->pixels = g_memdup2(res->pixels,
                          sizeof(float) * res->rect.width * res->rect.height * (gsize)c->channels);
}

/* Until the result of the latest request is in. */
static void wait_caught_up(Caught *c)
{
  gboolean expired = FALSE;
  guint guard = g_timeout_add_seconds(WAIT_LIMIT_S, guard_fired, &expired);
  while (!expired &&
         (c->generation == 0 || c->generation != kcv_preview_worker_get_generation(c->worker) ||
          kcv_preview_worker_is_busy(c->worker)))
    g_main_context_iteration(NULL, TRUE);
  if (!expired)
    g_source_remove(guard);
  g_assert_false(expired);
}

typedef struct {
  float *pixels;
  KcvPreviewSource source;
} Picture;

/* Random values in 0.2..0.8, so Wiener's result stays well inside 0..1. */
static Picture *picture_new(int w, int h, int channels, guint32 seed)
{
  Picture *p = g_new0(Picture, 1);
  p->pixels = g_new(float, (gsize)w *h *channels);
  GRand *r = g_rand_new_with_seed(seed);
  for (gsize i = 0; i < (gsize)w * h * channels; i++)
    p->pixels[i] = (float)g_rand_double_range(r, 0.2, 0.8);
  g_rand_free(r);
  p->source = (KcvPreviewSource){.pixels = p->pixels,
                                 .width = w,
                                 .height = h,
                                 .channels = channels,
                                 .stride = (ptrdiff_t)w * channels,
                                 .sel_width = w,
                                 .sel_height = h};
  return p;
}

static void picture_free(Picture *p)
{
  g_free(p->pixels);
  g_free(p);
}

/* An asymmetric PSF: a mirrored one would give another result. */
static kcv_kernel *asymmetric_psf(void)
{
  static const float v[] = {0.5f, 0.3f, 0.15f, 0.0f, 0.05f, 0.0f};
  return kcv_kernel_new_from_data(3, 2, v);
}

static KcvParams deconv_params(kcv_deconv_method method, int iterations, double reg,
                               kcv_border border)
{
  KcvParams params;
  kcv_params_init_default(&params);
  kcv_kernel_free(params.kernel);
  params.kernel = asymmetric_psf();
  params.mode = KCV_MODE_DECONVOLVE;
  params.deconv_method = method;
  params.iterations = iterations;
  params.regularisation = reg;
  params.border = border;
  return params;
}

/* A dialog on pic, its preview showing all of it, results caught with their pixels. */
static GtkWidget *dialog_on(Picture *pic, const KcvParams *params, Caught *c)
{
  GtkWidget *d = kcv_dialog_new("test", params, &pic->source, NULL);
  gtk_widget_show(d);
  KcvPreview *p = KCV_PREVIEW(kcv_dialog_get_preview(KCV_DIALOG(d)));
  *c = (Caught){kcv_preview_get_worker(p), pic->source.channels, 0, {0, 0, 0, 0}, 0, NULL};
  kcv_preview_worker_set_keep_pixels(c->worker, TRUE);
  g_signal_connect(c->worker, "done", G_CALLBACK(on_done), c);
  kcv_preview_set_zoom(p, 1.0 / 16.0);
  kcv_preview_set_center(p, pic->source.width / 2.0, pic->source.height / 2.0);
  /* Again, so the first result caught carries its pixels. */
  kcv_preview_set_params(p, params);
  return d;
}

/* Float64 Wiener deconvolution on the periodic image, from the formula:
 * U = conj(H) G / (|H|^2 + reg), H the DFT of the PSF as displayed (the blur
 * is the true convolution with it), normalised to sum 1 and anchored at
 * ((pw - 1) / 2, (ph - 1) / 2). Naive DFTs: small images only. */
static double *wiener_reference(const Picture *pic, const kcv_kernel *psf, double reg)
{
  const int w = pic->source.width, h = pic->source.height, c = pic->source.channels;
  const int n = w * h, ax = (psf->width - 1) / 2, ay = (psf->height - 1) / 2;
  double sum = 0;
  for (int i = 0; i < psf->width * psf->height; i++)
    sum += psf->data[i];
  double complex *U = g_new(double complex, n);
  double *out = g_new0(double, (gsize)n *c);
  for (int ch = 0; ch < c; ch++) {
    for (int k = 0; k < n; k++) {
      const double fx = 2 * G_PI * (k % w) / w, fy = 2 * G_PI * (k / w) / h;
      double complex H = 0, G = 0;
      for (int j = 0; j < psf->height; j++)
        for (int i = 0; i < psf->width; i++)
          H += psf->data[j * psf->width + i] / sum * cexp(-I * (fx * (i - ax) + fy * (j - ay)));
      for (int p = 0; p < n; p++)
        G += pic->pixels[(gsize)p * c + ch] * cexp(-I * (fx * (p % w) + fy * (p / w)));
      U[k] = conj(H) * G / (creal(H * conj(H)) + reg);
    }
    for (int p = 0; p < n; p++) {
      double complex u = 0;
      for (int k = 0; k < n; k++)
        u += U[k] * cexp(I * (2 * G_PI * (k % w) / w * (p % w) + 2 * G_PI * (k / w) / h * (p / w)));
      out[(gsize)p * c + ch] = creal(u) / n;
    }
  }
  g_free(U);
  return out;
}

/* Worst difference of the caught result (all of the picture) from want. */
static double worst_difference(const Caught *c, const Picture *pic, const double *want)
{
  g_assert_cmpint(c->status, ==, KCV_OK);
  g_assert_nonnull(c->pixels);
  g_assert_cmpint(c->rect.width, ==, pic->source.width);
  g_assert_cmpint(c->rect.height, ==, pic->source.height);
  double worst = 0;
  for (gsize i = 0; i < (gsize)pic->source.width * pic->source.height * pic->source.channels; i++)
    worst = MAX(worst, fabs(c->pixels[i] - want[i]));
  return worst;
}

/* The switch: Deconvolve shows the deconvolution controls, hides the
 * divisor, and the choice comes back with the parameters. */
static void test_switch(void)
{
  Picture *pic = picture_new(24, 16, 3, 1);
  KcvParams params;
  kcv_params_init_default(&params);
  Caught c;
  GtkWidget *d = dialog_on(pic, &params, &c);
  KcvDialog *dialog = KCV_DIALOG(d);
  GtkWidget *panel = kcv_dialog_get_deconv_panel(dialog);
  g_assert_cmpint(kcv_dialog_get_mode(dialog), ==, KCV_MODE_CONVOLVE);
  g_assert_false(gtk_widget_is_visible(panel));

  gtk_button_clicked(GTK_BUTTON(kcv_dialog_get_deconvolve_button(dialog)));
  g_assert_cmpint(kcv_dialog_get_mode(dialog), ==, KCV_MODE_DECONVOLVE);
  g_assert_true(gtk_widget_is_visible(panel));
  KcvDeconvPanel *dp = KCV_DECONV_PANEL(panel);
  /* Iterations belong to Richardson-Lucy only. */
  g_assert_false(gtk_widget_is_sensitive(kcv_deconv_panel_get_iterations(dp)));
  gtk_combo_box_set_active(GTK_COMBO_BOX(kcv_deconv_panel_get_method(dp)), 1);
  g_assert_true(gtk_widget_is_sensitive(kcv_deconv_panel_get_iterations(dp)));
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(kcv_deconv_panel_get_iterations(dp)), 25);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(kcv_deconv_panel_get_regularisation(dp)), 0.002);

  KcvParams got = {0};
  kcv_dialog_get_params(dialog, &got);
  g_assert_cmpint(got.mode, ==, KCV_MODE_DECONVOLVE);
  g_assert_cmpint(got.deconv_method, ==, KCV_DECONV_RICHARDSON_LUCY);
  g_assert_cmpint(got.iterations, ==, 25);
  g_assert_cmpfloat_with_epsilon(got.regularisation, 0.002, 1e-12);
  gtk_widget_destroy(d);

  /* Last values: a dialog made from them opens in the same mode and settings. */
  d = dialog_on(pic, &got, &c);
  KcvParams again = {0};
  kcv_dialog_get_params(KCV_DIALOG(d), &again);
  g_assert_cmpint(again.mode, ==, KCV_MODE_DECONVOLVE);
  g_assert_cmpint(again.deconv_method, ==, KCV_DECONV_RICHARDSON_LUCY);
  g_assert_cmpint(again.iterations, ==, 25);
  g_assert_cmpfloat_with_epsilon(again.regularisation, 0.002, 1e-12);
  g_assert_true(gtk_widget_is_visible(kcv_dialog_get_deconv_panel(KCV_DIALOG(d))));
  kcv_dialog_set_mode(KCV_DIALOG(d), KCV_MODE_CONVOLVE);
  g_assert_false(gtk_widget_is_visible(kcv_dialog_get_deconv_panel(KCV_DIALOG(d))));
  gtk_widget_destroy(d);
  kcv_params_clear(&again);
  kcv_params_clear(&got);
  kcv_params_clear(&params);
  picture_free(pic);
}

typedef struct {
  const char *prefix;
  int found;
} LabelSearch;

/* Counts the shown labels under w whose text starts with search->prefix. */
static void find_label(GtkWidget *w, gpointer data)
{
  LabelSearch *search = data;
  if (GTK_IS_LABEL(w) && gtk_widget_is_visible(w) &&
      g_str_has_prefix(gtk_label_get_text(GTK_LABEL(w)), search->prefix))
    search->found++;
  if (GTK_IS_CONTAINER(w))
    gtk_container_forall(GTK_CONTAINER(w), find_label, data);
}

static int shown_labels(GtkWidget *root, const char *prefix)
{
  LabelSearch search = {prefix, 0};
  find_label(root, &search);
  return search.found;
}

/* A PSF is normalised to sum 1: Deconvolve says so where Convolve shows
 * the automatic divisor, which would not apply. */
static void test_no_automatic_divisor(void)
{
  Picture *pic = picture_new(16, 12, 3, 7);
  KcvParams params;
  kcv_params_init_default(&params);
  Caught c;
  GtkWidget *d = dialog_on(pic, &params, &c);
  kcv_kernel *psf = asymmetric_psf();
  kcv_kernel_editor_set_kernel(KCV_KERNEL_EDITOR(kcv_dialog_get_editor(KCV_DIALOG(d))), psf);
  g_assert_cmpint(shown_labels(d, "Automatic divisor:"), ==, 1);
  g_assert_cmpint(shown_labels(d, "Normalized to sum 1"), ==, 0);
  kcv_dialog_set_mode(KCV_DIALOG(d), KCV_MODE_DECONVOLVE);
  g_assert_cmpint(shown_labels(d, "Automatic divisor"), ==, 0);
  g_assert_cmpint(shown_labels(d, "Automatic"), ==, 0);
  g_assert_cmpint(shown_labels(d, "Normalized to sum 1"), ==, 1);
  /* A new kernel keeps the mode's wording. */
  kcv_kernel_editor_set_size(KCV_KERNEL_EDITOR(kcv_dialog_get_editor(KCV_DIALOG(d))), 5, 5);
  g_assert_cmpint(shown_labels(d, "Automatic divisor"), ==, 0);
  kcv_dialog_set_mode(KCV_DIALOG(d), KCV_MODE_CONVOLVE);
  g_assert_cmpint(shown_labels(d, "Automatic divisor:"), ==, 1);
  kcv_kernel_free(psf);
  gtk_widget_destroy(d);
  g_free(c.pixels);
  kcv_params_clear(&params);
  picture_free(pic);
}

/* What OK writes, as the plug-ins compute it: the selection's bounds grown
 * by two PSF sides (inside the image) restored with the dialog's options. */
static float *ok_result(const Picture *pic, const KcvParams *params, kcv_rect *region)
{
  const KcvPreviewSource *s = &pic->source;
  const kcv_kernel *psf = params->kernel;
  const int m = 2 * MAX(psf->width, psf->height), c = s->channels;
  const int x0 = MAX(s->sel_x - m, 0), y0 = MAX(s->sel_y - m, 0);
  const int x1 = MIN(s->sel_x + s->sel_width + m, s->width);
  const int y1 = MIN(s->sel_y + s->sel_height + m, s->height);
  *region = (kcv_rect){x0, y0, x1 - x0, y1 - y0};
  float *buf = g_new(float, (gsize)region->width * region->height * c);
  for (int y = 0; y < region->height; y++)
    memcpy(buf + (gsize)y * region->width * c, s->pixels + (gsize)(y0 + y) * s->stride + x0 * c,
           sizeof(float) * region->width * c);
  kcv_image im = {buf, region->width, region->height, c, (ptrdiff_t)region->width * c};
  kcv_deconv_options options;
  kcv_params_to_deconv_options(params, c, &options);
  g_assert_cmpint(kcv_deconvolve(&im, psf, &options, &im, NULL, NULL), ==, KCV_OK);
  return buf;
}

/* The preview of a Wiener deconvolution on the periodic image agrees with
 * the float64 formula, and is bit for bit what OK writes. */
static void test_preview_matches_reference(void)
{
  Picture *pic = picture_new(16, 12, 3, 2);
  KcvParams params = deconv_params(KCV_DECONV_WIENER, 10, 0.01, KCV_BORDER_WRAP);
  Caught c;
  GtkWidget *d = dialog_on(pic, &params, &c);
  wait_caught_up(&c);
  double *want = wiener_reference(pic, params.kernel, 0.01);
  double worst = worst_difference(&c, pic, want);
  g_test_message("worst difference from the float64 Wiener: %g", worst);
  g_assert_cmpfloat(worst, <, 1e-4);

  kcv_rect region;
  float *ok = ok_result(pic, &params, &region);
  g_assert_cmpmem(c.pixels, sizeof(float) * 16 * 12 * 3, ok, sizeof(float) * 16 * 12 * 3);
  g_free(ok);
  g_free(want);
  g_free(c.pixels);
  gtk_widget_destroy(d);
  kcv_params_clear(&params);
  picture_free(pic);
}

/* With a selection: the restored selection inside, the picture unchanged
 * outside, as OK leaves the drawable. */
static void test_preview_selection(void)
{
  Picture *pic = picture_new(40, 30, 1, 3);
  pic->source.sel_x = 10;
  pic->source.sel_y = 8;
  pic->source.sel_width = 14;
  pic->source.sel_height = 10;
  KcvParams params = deconv_params(KCV_DECONV_RICHARDSON_LUCY, 5, 0.0, KCV_BORDER_CLAMP);
  Caught c;
  GtkWidget *d = dialog_on(pic, &params, &c);
  wait_caught_up(&c);
  g_assert_cmpint(c.status, ==, KCV_OK);
  g_assert_cmpint(c.rect.width * c.rect.height, ==, 40 * 30);
  kcv_rect r;
  float *ok = ok_result(pic, &params, &r);
  int changed = 0;
  for (int y = 0; y < 30; y++)
    for (int x = 0; x < 40; x++) {
      const KcvPreviewSource *s = &pic->source;
      gboolean in = x >= s->sel_x && x < s->sel_x + s->sel_width && y >= s->sel_y &&
                    y < s->sel_y + s->sel_height;
      float want = in ? ok[(y - r.y) * r.width + (x - r.x)] : pic->pixels[y * 40 + x];
      g_assert_cmpfloat(c.pixels[y * 40 + x], ==, want);
      changed += in && want != pic->pixels[y * 40 + x];
    }
  g_assert_cmpint(changed, >, 0);
  g_free(ok);
  g_free(c.pixels);
  gtk_widget_destroy(d);
  kcv_params_clear(&params);
  picture_free(pic);
}

static gboolean worker_running(gpointer data)
{
  return kcv_preview_worker_get_running(data) != 0;
}

/* A slow Richardson-Lucy is stopped by the next setting, whose result is shown. */
static void test_preview_change_cancels(void)
{
  Picture *pic = picture_new(256, 192, 3, 4);
  KcvParams params =
      deconv_params(KCV_DECONV_RICHARDSON_LUCY, KCV_DECONV_ITERATIONS_MAX, 0.0, KCV_BORDER_CLAMP);
  Caught c;
  GtkWidget *d = dialog_on(pic, &params, &c);
  gboolean expired = FALSE;
  guint guard = g_timeout_add_seconds(WAIT_LIMIT_S, guard_fired, &expired);
  while (!expired && !worker_running(c.worker))
    g_main_context_iteration(NULL, FALSE);
  g_source_remove(guard);
  KcvDeconvPanel *dp = KCV_DECONV_PANEL(kcv_dialog_get_deconv_panel(KCV_DIALOG(d)));
  gtk_combo_box_set_active(GTK_COMBO_BOX(kcv_deconv_panel_get_method(dp)), KCV_DECONV_WIENER);
  wait_caught_up(&c);
  KcvPreviewStats stats;
  kcv_preview_worker_get_stats(c.worker, &stats);
  g_assert_cmpuint(stats.cancelled, >=, 1);
  /* The thousand iterations were stopped part-way, not run out and dropped. */
  g_assert_cmpuint(stats.stopped, >=, 1);

  KcvParams now = {0};
  kcv_dialog_get_params(KCV_DIALOG(d), &now);
  g_assert_cmpint(now.deconv_method, ==, KCV_DECONV_WIENER);
  kcv_rect r;
  float *ok = ok_result(pic, &now, &r);
  g_assert_cmpint(c.rect.width, ==, 256);
  g_assert_cmpmem(c.pixels, sizeof(float) * 256 * 192 * 3, ok, sizeof(float) * 256 * 192 * 3);
  g_free(ok);
  g_free(c.pixels);
  gtk_widget_destroy(d);
  kcv_params_clear(&now);
  kcv_params_clear(&params);
  picture_free(pic);
}

/* As the hosts give a layer: kcv_kernel_from_picture turns the picture (the PSF) by 180 degrees. */
static kcv_kernel *layer_kernel(int index, gboolean normalise, char **error, gpointer data)
{
  kcv_kernel *picture = asymmetric_psf(), *k = NULL;
  g_assert_cmpint(kcv_kernel_from_picture(picture->data, 3, 2, 1, FALSE, &k), ==, KCV_OK);
  kcv_kernel_free(picture);
  return k;
}

/* A layer is a PSF as displayed: Deconvolve keeps it the right way up,
 * Convolve turns it into the kernel that convolves with it. */
static void test_layer_psf_as_displayed(void)
{
  Picture *pic = picture_new(16, 12, 1, 5);
  const char *names[] = {"psf"};
  KcvLayerSource layers = {1, names, layer_kernel, NULL};
  KcvParams params = deconv_params(KCV_DECONV_WIENER, 10, 0.01, KCV_BORDER_CLAMP);
  GtkWidget *d = kcv_dialog_new("test", &params, &pic->source, &layers);
  KcvDialog *dialog = KCV_DIALOG(d);
  KcvLayerPicker *picker = KCV_LAYER_PICKER(kcv_dialog_get_layer_picker(dialog));
  KcvKernelEditor *ed = KCV_KERNEL_EDITOR(kcv_dialog_get_editor(dialog));
  kcv_kernel *want = asymmetric_psf();
  for (int mode = 0; mode < 2; mode++) {
    kcv_dialog_set_mode(dialog, mode == 0 ? KCV_MODE_DECONVOLVE : KCV_MODE_CONVOLVE);
    g_assert_true(kcv_layer_picker_use(picker, 0, FALSE));
    const kcv_kernel *k = kcv_kernel_editor_get_kernel(ed);
    g_assert_cmpint(k->width, ==, 3);
    for (int y = 0; y < 2; y++)
      for (int x = 0; x < 3; x++) {
        int sx = mode == 0 ? x : 2 - x, sy = mode == 0 ? y : 1 - y;
        g_assert_cmpfloat(k->data[y * 3 + x], ==, want->data[sy * 3 + sx]);
      }
  }
  kcv_kernel_free(want);
  gtk_widget_destroy(d);
  kcv_params_clear(&params);
  picture_free(pic);
}

static void on_response(GtkDialog *d, int response, int *got)
{
  *got = response;
}

/* OK with a PSF that removes light keeps the dialog open, with a message:
 * the dialog stops the response before a caller's handler sees it. */
static void test_ok_refuses_zero_sum(void)
{
  Picture *pic = picture_new(16, 12, 1, 6);
  KcvParams params = deconv_params(KCV_DECONV_WIENER, 10, 0.01, KCV_BORDER_CLAMP);
  static const float edge[] = {-1, 2, -1};
  kcv_kernel_free(params.kernel);
  params.kernel = kcv_kernel_new_from_data(3, 1, edge);
  Caught c;
  GtkWidget *d = dialog_on(pic, &params, &c);
  int got = 0;
  g_signal_connect(d, "response", G_CALLBACK(on_response), &got);
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_OK);
  g_assert_cmpint(got, ==, 0);
  /* A PSF that spreads light is taken. */
  kcv_kernel *psf = asymmetric_psf();
  kcv_kernel_editor_set_kernel(KCV_KERNEL_EDITOR(kcv_dialog_get_editor(KCV_DIALOG(d))), psf);
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_OK);
  g_assert_cmpint(got, ==, GTK_RESPONSE_OK);
  kcv_kernel_free(psf);
  gtk_widget_destroy(d);
  g_free(c.pixels);
  kcv_params_clear(&params);
  picture_free(pic);
}

int main(int argc, char **argv)
{
  gtk_test_init(&argc, &argv, NULL);
  g_test_add_func("/ui/deconv/switch-shows-controls-and-keeps-values", test_switch);
  g_test_add_func("/ui/deconv/preview-matches-float64-wiener", test_preview_matches_reference);
  g_test_add_func("/ui/deconv/preview-selection-as-ok-writes", test_preview_selection);
  g_test_add_func("/ui/deconv/change-cancels-slow-run", test_preview_change_cancels);
  g_test_add_func("/ui/deconv/layer-psf-as-displayed", test_layer_psf_as_displayed);
  g_test_add_func("/ui/deconv/ok-refuses-zero-sum-psf", test_ok_refuses_zero_sum);
  g_test_add_func("/ui/deconv/psf-normalised-not-automatic-divisor", test_no_automatic_divisor);
  return g_test_run();
}
