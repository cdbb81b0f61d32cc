/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: the interactive run mode, a module loaded only for it (kcv-ui-loader.c): GTK3
 * set up by hand (no gimpui), then the dialog. */
#include "kcv-plugin.h"

#include <gtk/gtk.h>
#include <string.h>

#include "kcv-dialog.h"
#include "kcv-host.h"
#include "kcv-preview-host.h"
#include "kcv-preview.h"
#include "kcv-style.h"

/* The preview reads at most this many pixels on a side around the selection
 * (tests may ask for fewer with KCV_PREVIEW_MAX_SIDE, to crop small layers). */
#define KCV_PREVIEW_MAX_SIDE 2048

static gint preview_max_side(void)
{
  const gchar *env = g_getenv("KCV_PREVIEW_MAX_SIDE");
  gint64 side = env ? g_ascii_strtoll(env, NULL, 10) : 0;
  return side >= 16 && side <= KCV_PREVIEW_MAX_SIDE ? (gint)side : KCV_PREVIEW_MAX_SIDE;
}

/* What gimp_ui_init would do, without linking gimpui-2.0 (GTK2). */
static gboolean init_gtk(void)
{
  static gboolean done, ok;
  if (done)
    return ok;
  done = TRUE;
  const gchar *display = gimp_display_name();
  if (display)
    g_setenv("DISPLAY", display, TRUE);
  /* The parent handle GIMP gives is an X11 window id. */
  gdk_set_allowed_backends("x11,*");
  /* The dialog draws with cairo only: without this GDK loads the OpenGL
   * driver while it opens the display, a large part of GTK's start-up. A
   * GDK_GL the user set is kept. */
  g_setenv("GDK_GL", "disable", FALSE);
  gchar *argv0 = g_strdup("kcv");
  gchar *argv_data[] = {argv0, NULL};
  gchar **argv = argv_data;
  gint argc = 1;
  ok = gtk_init_check(&argc, &argv);
  g_free(argv0);
  if (ok) {
    gdk_set_program_class(gimp_wm_class());
    /* The theme the user chose in Preferences (gimprc), else the folder of
     * the one GIMP runs with: 2.10 marks the call deprecated, with nothing
     * to replace it for plug-ins. */
    gchar *theme = gimp_gimprc_query("theme");
    if (!theme) {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      theme = gimp_get_theme_dir();
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
    kcv_style_follow_gimp_theme(theme);
    g_free(theme);
  }
  return ok;
}

/* The image window to be transient for: the one the filter was started
 * from, else any display of the image. */
static guint32 parent_window(gint32 image)
{
  gint handle = gimp_progress_get_window_handle();
  if (handle)
    return (guint32)handle;
  /* Display IDs are small and allocated from 1. */
  for (gint id = 1; id < 64; id++)
    if (gimp_display_is_valid(id))
      return (guint32)gimp_display_get_window_handle(id);
  return 0;
}

/* "Background (splash.png)" and the drawable's thumbnail, as GIMP's filter
 * dialogs head themselves. */
static void set_header(KcvDialog *dialog, gint32 image, gint32 drawable)
{
  gchar *layer = gimp_item_get_name(drawable);
  gchar *img = gimp_image_get_name(image);
  gint w = KCV_HOST_THUMBNAIL_SIZE, h = KCV_HOST_THUMBNAIL_SIZE, bpp = 0;
  guchar *data = gimp_drawable_get_thumbnail_data(drawable, &w, &h, &bpp);
  GdkPixbuf *thumb = kcv_host_thumbnail_from_data(data, w, h, bpp);
  kcv_host_set_header(dialog, layer, img, thumb);
  if (thumb)
    g_object_unref(thumb);
  g_free(img);
  g_free(layer);
}

typedef struct {
  gint32 image;
  gint32 *ids;
} LayerCtx;

static kcv_kernel *layer_kernel(int index, gboolean normalise, char **error, gpointer user_data)
{
  LayerCtx *ctx = user_data;
  kcv_kernel *k = kcv_kernel_from_drawable(ctx->image, ctx->ids[index], normalise, error);
  if (!k && error)
    kcv_host_strip_argument(*error, "kernel-drawable");
  return k;
}

static void params_from_job(KcvParams *params, const KcvJob *job)
{
  kcv_params_init_default(params);
  kcv_kernel_free(params->kernel);
  params->kernel = kcv_kernel_copy(job->kernel);
  params->divisor = job->divisor;
  params->offset = job->offset;
  params->border = (kcv_border)job->common.border;
  params->method = (kcv_method)job->common.method;
  params->channel_mask = (guint)job->common.channels;
  params->alpha_weighting = job->common.alpha_weighting != 0;
  params->linear = job->common.linear != 0;
  G_STATIC_ASSERT(sizeof params->preset == sizeof job->preset);
  G_STATIC_ASSERT(sizeof params->preset_values == sizeof job->preset_values);
  memcpy(params->preset, job->preset, sizeof params->preset);
  params->preset[sizeof params->preset - 1] = '\0';
  memcpy(params->preset_values, job->preset_values, sizeof params->preset_values);
  params->window_width = job->window_width;
  params->window_height = job->window_height;
  if (job->iterations > 0) { /* 0: no deconvolution saved yet, keep the defaults */
    params->mode = job->deconvolve ? KCV_MODE_DECONVOLVE : KCV_MODE_CONVOLVE;
    params->deconv_method = (kcv_deconv_method)job->deconv_method;
    params->iterations = job->iterations;
    params->regularisation = job->regularisation;
  }
}

/* Takes the kernel out of params. */
static void job_from_params(KcvJob *job, KcvParams *params)
{
  kcv_kernel_free(job->kernel);
  job->kernel = params->kernel;
  params->kernel = NULL;
  job->divisor = params->divisor;
  job->offset = params->offset;
  job->common.border = params->border;
  job->common.method = params->method;
  job->common.channels = (gint32)params->channel_mask;
  job->common.alpha_weighting = params->alpha_weighting ? 1 : 0;
  job->common.linear = params->linear ? 1 : 0;
  memcpy(job->preset, params->preset, sizeof job->preset);
  memcpy(job->preset_values, params->preset_values, sizeof job->preset_values);
  job->window_width = params->window_width;
  job->window_height = params->window_height;
  job->deconvolve = params->mode == KCV_MODE_DECONVOLVE;
  job->deconv_method = params->deconv_method;
  job->iterations = params->iterations;
  job->regularisation = params->regularisation;
}

/* KCV_VERBOSE and KCV_PREVIEW_DUMP_DIR: what the preview shows, and when. */
static void watch_preview(KcvDialog *dialog, gint32 drawable, gint x, gint y)
{
  if (g_getenv("KCV_VERBOSE"))
    kcv_host_report_first_preview(dialog, kcv_start_time());
  kcv_host_dump_previews(dialog, drawable, x, y);
  kcv_host_dump_widgets(dialog, drawable);
}

const guint kcv_interactive_abi = KCV_INTERACTIVE_ABI;

gboolean kcv_interactive_run(gint32 image, gint32 drawable, KcvJob *job)
{
  KcvParams params;
  params_from_job(&params, job);
  /* The pixels first, and the preview's first picture computing on its
   * thread while GTK starts and the dialog is built. */
  KcvPreviewHost *preview = kcv_preview_host_new(drawable, params.linear, preview_max_side());
  const gint64 read_at = g_get_monotonic_time();
  KcvPreviewSource source = {0};
  gint origin_x = 0, origin_y = 0;
  if (preview) {
    source = *kcv_preview_host_source(preview);
    source.started = kcv_preview_start(&source, params.linear, &params);
    kcv_preview_host_origin(preview, &origin_x, &origin_y);
  }
  if (!init_gtk()) {
    g_message(_("The dialog cannot open (no display); the last values are used."));
    g_clear_object(&source.started);
    kcv_preview_host_free(preview);
    kcv_params_clear(&params);
    return TRUE;
  }

  gint n_layers = 0;
  LayerCtx ctx = {image, gimp_image_get_layers(image, &n_layers)};
  const gchar **names = g_new0(const gchar *, n_layers + 1);
  gchar **owned = g_new0(gchar *, n_layers + 1);
  for (gint i = 0; i < n_layers; i++)
    names[i] = owned[i] = gimp_item_get_name(ctx.ids[i]);
  KcvLayerSource layers = {n_layers, names, layer_kernel, &ctx};

  GtkWidget *dialog = kcv_dialog_new(_("Custom Convolution"), &params, preview ? &source : NULL,
                                     n_layers > 0 ? &layers : NULL);
  g_clear_object(&source.started); /* the dialog's preview holds it */
  set_header(KCV_DIALOG(dialog), image, drawable);
  watch_preview(KCV_DIALOG(dialog), drawable, origin_x, origin_y);
  if (g_getenv("KCV_VERBOSE"))
    g_printerr("kcv: dialog for image %d, parent window %u; pixels read %.3f s, dialog built "
               "%.3f s after the plug-in started\n",
               image, parent_window(image), (read_at - kcv_start_time()) / 1e6,
               (g_get_monotonic_time() - kcv_start_time()) / 1e6);
  gboolean ok = kcv_dialog_run_dialog(KCV_DIALOG(dialog), parent_window(image), &params);
  if (ok && params.kernel)
    job_from_params(job, &params);
  if (g_getenv("KCV_VERBOSE"))
    g_printerr("kcv: dialog answered %s\n", ok ? "OK" : "cancel");
  kcv_params_clear(&params);
  g_strfreev(owned);
  g_free(names);
  g_free(ctx.ids);
  kcv_preview_host_free(preview);
  return ok;
}
