/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui tests: the preview's first picture started before the dialog (kcv_preview_start),
 * computed once, and shown exactly, on a picture large enough to be displayed in bands. */
#include <gtk/gtk.h>
#include <math.h>

#include "kcv-dialog.h"
#include "kcv-preview.h"

#define WAIT_LIMIT_S 60
/* Above the worker's 256k pixels, so the result is made displayable in bands. */
#define W 640
#define H 420
#define C 3

static gboolean guard_fired(gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean caught_up(KcvPreview *p)
{
  KcvPreviewWorker *w = kcv_preview_get_worker(p);
  return !kcv_preview_worker_is_busy(w) && kcv_preview_get_shown_generation(p) != 0 &&
         kcv_preview_get_shown_generation(p) == kcv_preview_worker_get_generation(w);
}

static void wait_caught_up(KcvPreview *p)
{
  gboolean expired = FALSE;
  guint guard = g_timeout_add_seconds(WAIT_LIMIT_S, guard_fired, &expired);
  while (!caught_up(p) && !expired)
    g_main_context_iteration(NULL, TRUE);
  if (!expired)
    g_source_remove(guard);
  g_assert_false(expired);
}

static float *picture(void)
{
  float *px = g_new(float, (gsize)W *H *C);
  GRand *r = g_rand_new_with_seed(12);
  for (gsize i = 0; i < (gsize)W * H * C; i++)
    px[i] = (float)g_rand_double(r);
  g_rand_free(r);
  return px;
}

/* An asymmetric 3x3 kernel summing to 1, so that a flipped or shifted result shows. */
static KcvParams params_3x3(void)
{
  static const float k[] = {0.05f, 0.10f, 0.00f, 0.20f, 0.30f, 0.10f, 0.00f, 0.15f, 0.10f};
  KcvParams params;
  kcv_params_init_default(&params);
  kcv_kernel_free(params.kernel);
  params.kernel = kcv_kernel_new_from_data(3, 3, k);
  params.divisor = 1.0;
  params.offset = 0.0;
  params.alpha_weighting = FALSE;
  return params;
}

/* One ARGB32 byte as the screen gets a value in 0..1 (opaque, so not premultiplied). */
static int byte_of(double v)
{
  v = v < 0 ? 0 : (v > 1 ? 1 : v);
  return (int)floor(v * 255.0 + 0.5);
}

/* Worst byte difference of the shown picture from the correlation computed here in
 * double precision, borders clamped; the whole picture is in view. */
static int worst_byte(cairo_surface_t *shown, const float *px, const KcvParams *params)
{
  const kcv_kernel *k = params->kernel;
  const guint8 *base = cairo_image_surface_get_data(shown);
  const int stride = cairo_image_surface_get_stride(shown);
  int worst = 0;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      for (int c = 0; c < C; c++) {
        double sum = 0;
        for (int j = 0; j < k->height; j++)
          for (int i = 0; i < k->width; i++) {
            int sx = CLAMP(x + i - k->width / 2, 0, W - 1),
                sy = CLAMP(y + j - k->height / 2, 0, H - 1);
            sum += (double)k->data[j * k->width + i] * px[((gsize)sy * W + sx) * C + c];
          }
        /* ARGB32 words in native order: blue at bit 0, red at bit 16. */
        const guint32 word = *(const guint32 *)(base + (gsize)y * stride + (gsize)x * 4);
        const int got = (int)((word >> (16 - 8 * c)) & 0xff);
        worst = MAX(worst, abs(got - byte_of(sum)));
      }
  return worst;
}

/* The dialog takes over a worker started on its source: the first picture is computed once,
 * whether the dialog's own request comes while it runs or after it ended, and shows the
 * convolution of the whole picture, each band where it belongs. */
static void test_started_once_and_exact(void)
{
  float *px = picture();
  KcvPreviewSource src = {.pixels = px, .width = W, .height = H, .channels = C, .stride = W * C};
  KcvParams params = params_3x3();
  src.started = kcv_preview_start(&src, FALSE, &params);
  g_assert_nonnull(src.started);
  GtkWidget *d = kcv_dialog_new("test", &params, &src, NULL);
  g_clear_object(&src.started);
  gtk_widget_show(d);
  KcvPreview *p = KCV_PREVIEW(kcv_dialog_get_preview(KCV_DIALOG(d)));
  wait_caught_up(p);

  KcvPreviewStats stats;
  kcv_preview_worker_get_stats(kcv_preview_get_worker(p), &stats);
  g_assert_cmpuint(stats.requested, ==, 1);
  g_assert_cmpuint(stats.started, ==, 1);
  g_assert_cmpuint(stats.cancelled, ==, 0);

  kcv_rect rect;
  cairo_surface_t *shown = kcv_preview_get_result(p, &rect);
  g_assert_nonnull(shown);
  g_assert_cmpint(rect.x, ==, 0);
  g_assert_cmpint(rect.y, ==, 0);
  g_assert_cmpint(rect.width, ==, W);
  g_assert_cmpint(rect.height, ==, H);
  /* float against double, then one rounding to 8 bits: one step at most. */
  g_assert_cmpint(worst_byte(shown, px, &params), <=, 1);

  gtk_widget_destroy(d);
  kcv_params_clear(&params);
  g_free(px);
}

/* Settings that differ from the started ones replace its picture. */
static void test_started_then_changed(void)
{
  float *px = picture();
  KcvPreviewSource src = {.pixels = px, .width = W, .height = H, .channels = C, .stride = W * C};
  KcvParams started = params_3x3(), params = params_3x3();
  started.offset = 0.5;
  src.started = kcv_preview_start(&src, FALSE, &started);
  GtkWidget *d = kcv_dialog_new("test", &params, &src, NULL);
  g_clear_object(&src.started);
  gtk_widget_show(d);
  KcvPreview *p = KCV_PREVIEW(kcv_dialog_get_preview(KCV_DIALOG(d)));
  wait_caught_up(p);
  g_assert_cmpint(worst_byte(kcv_preview_get_result(p, NULL), px, &params), <=, 1);
  gtk_widget_destroy(d);
  kcv_params_clear(&started);
  kcv_params_clear(&params);
  g_free(px);
}

int main(int argc, char **argv)
{
  gtk_test_init(&argc, &argv, NULL);
  g_test_add_func("/ui/preview-start/computed-once-and-exact", test_started_once_and_exact);
  g_test_add_func("/ui/preview-start/other-settings-replace-it", test_started_then_changed);
  return g_test_run();
}
