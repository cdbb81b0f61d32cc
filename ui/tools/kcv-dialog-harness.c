/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: opens the dialog on an image file without GIMP and prints the choice. */
#include "kcv-dialog.h"

#include "kcv-kernel-editor.h"
#include "kcv-kernel-io.h"
#include "kcv-preset-panel.h"
#include "kcv-preview.h"
#include "kcv-render.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

static char *opt_kernel, *opt_preset, *opt_view, *opt_screenshot, *opt_selection, *opt_layer;
static gboolean opt_linear, opt_deconvolve;
static int opt_xid, opt_method = -1;
static double opt_zoom;

static const GOptionEntry entries[] = {
    {"kernel", 'k', 0, G_OPTION_ARG_FILENAME, &opt_kernel, "Start with the kernel in FILE", "FILE"},
    {"preset", 'p', 0, G_OPTION_ARG_STRING, &opt_preset, "Start with preset ID (defaults)", "ID"},
    {"view", 'v', 0, G_OPTION_ARG_STRING, &opt_view, "Kernel view: grid, heatmap or text", "NAME"},
    {"method", 'm', 0, G_OPTION_ARG_INT, &opt_method, "Method (0 auto, 1 direct, 2 fft, ...)", "N"},
    {"linear", 'l', 0, G_OPTION_ARG_NONE, &opt_linear, "Start in linear light", NULL},
    {"deconvolve", 'd', 0, G_OPTION_ARG_NONE, &opt_deconvolve, "Start in Deconvolve mode", NULL},
    {"selection", 's', 0, G_OPTION_ARG_STRING, &opt_selection, "Selection X,Y,W,H", "RECT"},
    {"layer", 0, 0, G_OPTION_ARG_FILENAME, &opt_layer, "Offer image FILE as a layer kernel",
     "FILE"},
    {"xid", 0, 0, G_OPTION_ARG_INT, &opt_xid, "Transient for X11 window XID", "XID"},
    {"zoom", 'z', 0, G_OPTION_ARG_DOUBLE, &opt_zoom, "Preview zoom", "Z"},
    {"screenshot", 0, 0, G_OPTION_ARG_FILENAME, &opt_screenshot,
     "Save the dialog as PNG once the preview is done, then cancel", "PNG"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};

/* Interleaved float pixels of a pixbuf, values / 255. */
static float *pixbuf_to_float(GdkPixbuf *pb, int *channels)
{
  int w = gdk_pixbuf_get_width(pb), h = gdk_pixbuf_get_height(pb);
  int n = gdk_pixbuf_get_n_channels(pb), rs = gdk_pixbuf_get_rowstride(pb);
  const guint8 *px = gdk_pixbuf_read_pixels(pb);
  float *out = g_new(float, (gsize)w *h *n);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w * n; x++)
      out[(gsize)y * w * n + x] = px[(gsize)y * rs + x] / 255.0f;
  *channels = n;
  return out;
}

static GdkPixbuf *layer_pixbuf;

static kcv_kernel *layer_kernel(int index, gboolean normalise, char **error, gpointer data)
{
  int w = gdk_pixbuf_get_width(layer_pixbuf), h = gdk_pixbuf_get_height(layer_pixbuf);
  if (w > KCV_KERNEL_MAX || h > KCV_KERNEL_MAX) {
    *error = g_strdup_printf("the layer is %d × %d; a kernel can be at most %d × %d", w, h,
                             KCV_KERNEL_MAX, KCV_KERNEL_MAX);
    return NULL;
  }
  int n = gdk_pixbuf_get_n_channels(layer_pixbuf), rs = gdk_pixbuf_get_rowstride(layer_pixbuf);
  const guint8 *px = gdk_pixbuf_read_pixels(layer_pixbuf);
  float *picture = g_new(float, (gsize)w *h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      const guint8 *p = px + (gsize)y * rs + (gsize)x * n;
      double v = n >= 3 ? (0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]) / 255.0 : p[0] / 255.0;
      picture[(gsize)y * w + x] = (float)v;
    }
  /* As the plug-ins make a layer's kernel: turned, to be applied as true convolution. */
  kcv_kernel *k = NULL;
  kcv_status st = kcv_kernel_from_picture(picture, w, h, 1, normalise, &k);
  g_free(picture);
  if (st != KCV_OK)
    *error = g_strdup(st == KCV_ERR_KERNEL_VALUE ? "the layer is black" : kcv_status_message(st));
  return k;
}

static gboolean take_screenshot(gpointer data)
{
  GtkWidget *dialog = data;
  KcvPreview *preview = KCV_PREVIEW(kcv_dialog_get_preview(KCV_DIALOG(dialog)));
  if (kcv_preview_worker_is_busy(kcv_preview_get_worker(preview)))
    return G_SOURCE_CONTINUE; /* the view changed size since: wait for that result */
  GdkWindow *win = gtk_widget_get_window(dialog);
  GdkPixbuf *shot =
      gdk_pixbuf_get_from_window(win, 0, 0, gdk_window_get_width(win), gdk_window_get_height(win));
  GError *error = NULL;
  if (!shot || !gdk_pixbuf_save(shot, opt_screenshot, "png", &error, NULL)) {
    g_printerr("screenshot: %s\n", error ? error->message : "could not read the window");
    g_clear_error(&error);
  } else {
    g_printerr("screenshot written to %s\n", opt_screenshot);
  }
  g_clear_object(&shot);
  gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_CANCEL);
  return G_SOURCE_REMOVE;
}

static void on_preview_done(KcvPreview *p, guint generation, GtkWidget *dialog)
{
  KcvPreviewWorker *w = kcv_preview_get_worker(p);
  if (generation != kcv_preview_worker_get_generation(w))
    return;
  /* Let the last frame be drawn first. */
  g_signal_handlers_disconnect_by_func(p, on_preview_done, dialog);
  g_timeout_add(400, take_screenshot, dialog);
}

static void print_params(const KcvParams *p)
{
  printf("kernel %d %d\n", p->kernel->width, p->kernel->height);
  printf("sum %.9g\n", kcv_kernel_sum(p->kernel));
  if (p->kernel->width <= 64 && p->kernel->height <= 64) {
    char *text = kcv_kernel_file_to_text(p->kernel, KCV_KERNEL_FORMAT_IMAGEJ, 0, 0);
    fputs(text ? text : "(could not format the kernel)\n", stdout);
    free(text);
  }
  if (p->divisor == 0.0)
    printf("divisor auto (%.9g)\n", kcv_kernel_auto_divisor(p->kernel));
  else
    printf("divisor %.9g\n", p->divisor);
  printf("offset %.9g\n", p->offset);
  printf("border %d\n", (int)p->border);
  printf("method %d (%s)\n", (int)p->method, kcv_method_name(p->method));
  printf("channel-mask 0x%x\n", p->channel_mask);
  printf("alpha-weighting %d\n", p->alpha_weighting ? 1 : 0);
  printf("linear %d\n", p->linear ? 1 : 0);
  printf("mode %s\n", p->mode == KCV_MODE_DECONVOLVE ? "deconvolve" : "convolve");
  printf("deconvolution %d %d %.9g\n", (int)p->deconv_method, p->iterations, p->regularisation);
}

/* The command line into the option globals; 0, or the exit code. */
static int parse_command_line(int *argc, char ***argv)
{
  GError *error = NULL;
  GOptionContext *ctx = g_option_context_new("IMAGE - try the kcv dialog without GIMP");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_add_group(ctx, gtk_get_option_group(TRUE));
  if (!g_option_context_parse(ctx, argc, argv, &error)) {
    g_printerr("%s\n", error->message);
    return 2;
  }
  g_option_context_free(ctx);
  if (*argc != 2) {
    g_printerr("usage: %s [OPTION...] IMAGE (see --help)\n", (*argv)[0]);
    return 2;
  }
  return 0;
}

/* The dialog's starting parameters: defaults, --linear, --method, --kernel.
 * FALSE when the kernel file cannot be read (said on stderr). */
static gboolean initial_params(KcvParams *params)
{
  kcv_params_init_default(params);
  params->linear = opt_linear;
  params->mode = opt_deconvolve ? KCV_MODE_DECONVOLVE : KCV_MODE_CONVOLVE;
  if (opt_method >= 0 && opt_method < KCV_METHOD_COUNT)
    params->method = (kcv_method)opt_method;
  if (!opt_kernel)
    return TRUE;
  kcv_kernel_file file = {0};
  kcv_error err = {0};
  kcv_status st = kcv_kernel_file_load(opt_kernel, KCV_KERNEL_FORMAT_AUTO, &file, &err);
  if (st != KCV_OK) {
    g_printerr("%s: %s\n", opt_kernel, err.message[0] ? err.message : kcv_status_message(st));
    return FALSE;
  }
  kcv_kernel_free(params->kernel);
  params->kernel = kcv_kernel_copy(file.kernel);
  params->divisor = file.divisor;
  params->offset = file.offset;
  kcv_kernel_file_clear(&file);
  return TRUE;
}

/* The preview's source from the image (in linear light with --linear) and
 * --selection; *pixels to free. FALSE on a bad --selection. */
static gboolean preview_source(GdkPixbuf *pb, KcvPreviewSource *src, float **pixels)
{
  int channels;
  *src = (KcvPreviewSource){0};
  *pixels = pixbuf_to_float(pb, &channels);
  src->width = gdk_pixbuf_get_width(pb);
  src->height = gdk_pixbuf_get_height(pb);
  src->channels = channels;
  src->stride = (ptrdiff_t)src->width * channels;
  if (opt_linear) {
    kcv_image img = {*pixels, src->width, src->height, channels, src->stride};
    float *lin = kcv_render_convert_light(&img, TRUE);
    g_free(*pixels);
    *pixels = lin;
  }
  src->pixels = *pixels;
  src->sel_width = src->width;
  src->sel_height = src->height;
  if (opt_selection && sscanf(opt_selection, "%d,%d,%d,%d", &src->sel_x, &src->sel_y,
                              &src->sel_width, &src->sel_height) != 4) {
    g_printerr("--selection wants X,Y,W,H\n");
    return FALSE;
  }
  return TRUE;
}

/* --preset, --view, --zoom and --screenshot on the open dialog; FALSE for
 * an unknown preset. */
static gboolean apply_view_options(KcvDialog *dialog)
{
  if (opt_preset &&
      !kcv_preset_panel_select(KCV_PRESET_PANEL(kcv_dialog_get_presets(dialog)), opt_preset)) {
    g_printerr("unknown preset %s\n", opt_preset);
    return FALSE;
  }
  if (opt_view)
    kcv_kernel_editor_set_view(KCV_KERNEL_EDITOR(kcv_dialog_get_editor(dialog)), opt_view);
  GtkWidget *preview = kcv_dialog_get_preview(dialog);
  if (opt_zoom > 0)
    kcv_preview_set_zoom(KCV_PREVIEW(preview), opt_zoom);
  if (opt_screenshot)
    g_signal_connect(preview, "preview-done", G_CALLBACK(on_preview_done), dialog);
  return TRUE;
}

int main(int argc, char **argv)
{
  setlocale(LC_ALL, "");
  /* The build's catalogues, or KCV_LOCALE_DIR (e.g. an installed plug-in's
   * locale folder), so LANGUAGE=de shows the dialog in German. */
  const char *locale_dir = g_getenv("KCV_LOCALE_DIR");
  bindtextdomain(GETTEXT_PACKAGE, locale_dir ? locale_dir : KCV_BUILD_LOCALE_DIR);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  int code = parse_command_line(&argc, &argv);
  if (code != 0)
    return code;
  GError *error = NULL;
  GdkPixbuf *pb = gdk_pixbuf_new_from_file(argv[1], &error);
  if (!pb) {
    g_printerr("%s: %s\n", argv[1], error->message);
    return 1;
  }
  if (opt_layer && !(layer_pixbuf = gdk_pixbuf_new_from_file(opt_layer, &error))) {
    g_printerr("%s: %s\n", opt_layer, error->message);
    return 1;
  }
  KcvParams params;
  if (!initial_params(&params))
    return 1;
  KcvPreviewSource src;
  float *pixels;
  if (!preview_source(pb, &src, &pixels))
    return 2;

  const char *names[] = {opt_layer ? opt_layer : ""};
  KcvLayerSource layers = {1, names, layer_kernel, NULL};
  GtkWidget *w = kcv_dialog_new(NULL, &params, &src, layer_pixbuf ? &layers : NULL);
  KcvDialog *dialog = KCV_DIALOG(w);
  if (!apply_view_options(dialog))
    return 2;
  /* kcv_dialog_run is kcv_dialog_new and this. */
  gboolean ok = kcv_dialog_run_dialog(dialog, (guint32)opt_xid, &params);
  if (ok)
    print_params(&params);
  else
    printf("cancelled\n");
  kcv_params_clear(&params);
  g_free(pixels);
  g_object_unref(pb);
  g_clear_object(&layer_pixbuf);
  return ok ? 0 : 1;
}
