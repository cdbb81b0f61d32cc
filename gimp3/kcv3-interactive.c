/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: the interactive run: the GTK3 dialog from ui/, transient for GIMP's window.
 */
#include "kcv3.h"

#include <libgimp/gimpui.h>

#include "kcv-dialog.h"
#include "kcv-host.h"
#include "kcv-preview.h"
#include "kcv3-preview.h"

/* The preview reads at most this many pixels on a side around the selection
 * (the 2.10 host's figure). */
#define KCV3_PREVIEW_MAX_SIDE 2048

typedef struct {
  GimpImage *image;
  GimpLayer **layers;
} LayerCtx;

static kcv_kernel *layer_kernel(int index, gboolean normalise, char **error, gpointer user_data)
{
  LayerCtx *ctx = user_data;
  kcv_kernel *k =
      kcv3_kernel_from_drawable(ctx->image, GIMP_DRAWABLE(ctx->layers[index]), normalise, error);
  if (!k && error)
    kcv_host_strip_argument(*error, "kernel-drawable");
  return k;
}

/* "Background (splash.png)" and the drawable's thumbnail, as GIMP's filter
 * dialogs head themselves. */
static void set_header(KcvDialog *dialog, GimpImage *image, GimpDrawable *drawable)
{
  gchar *layer = gimp_item_get_name(GIMP_ITEM(drawable));
  gchar *img = gimp_image_get_name(image);
  GdkPixbuf *thumb = gimp_drawable_get_thumbnail(drawable, KCV_HOST_THUMBNAIL_SIZE,
                                                 KCV_HOST_THUMBNAIL_SIZE, GIMP_PIXBUF_KEEP_ALPHA);
  kcv_host_set_header(dialog, layer, img, thumb);
  if (thumb)
    g_object_unref(thumb);
  g_free(img);
  g_free(layer);
}

static void params_from_job(KcvParams *params, const Kcv3Job *job)
{
  kcv_params_init_default(params);
  kcv_kernel_free(params->kernel);
  params->kernel = kcv_kernel_copy(job->kernel);
  params->divisor = job->divisor;
  params->offset = job->offset;
  params->border = job->border;
  params->method = job->method;
  params->channel_mask = job->channels;
  params->alpha_weighting = job->alpha_weighting;
  params->linear = job->linear;
  params->mode = job->deconvolve ? KCV_MODE_DECONVOLVE : KCV_MODE_CONVOLVE;
  params->deconv_method = job->deconv_method;
  params->iterations = job->iterations > 0 ? job->iterations : params->iterations;
  params->regularisation = job->regularisation;
}

static void job_from_params(Kcv3Job *job, KcvParams *params)
{
  kcv_kernel_free(job->kernel);
  job->kernel = params->kernel;
  params->kernel = NULL;
  job->divisor = params->divisor;
  job->offset = params->offset;
  job->border = params->border;
  job->method = params->method;
  job->channels = params->channel_mask;
  job->alpha_weighting = params->alpha_weighting;
  job->linear = params->linear;
  job->deconvolve = params->mode == KCV_MODE_DECONVOLVE;
  job->deconv_method = params->deconv_method;
  job->iterations = params->iterations;
  job->regularisation = params->regularisation;
}

/* Reads the preview's pixels and starts computing its first picture on the
 * worker's thread, before GTK starts: the FFT of a large kernel over the
 * region then overlaps GTK's start-up and the dialog's construction. The
 * first open of a new size plans by FFTW's estimate (wisdom from earlier runs
 * is taken where it has the size): measuring a plan would cost up to seconds
 * before anything is shown. */
static Kcv3Preview *start_preview(GimpDrawable *drawable, const KcvParams *params,
                                  KcvPreviewSource *source)
{
  kcv_host_wisdom_load(gimp_directory());
  Kcv3Preview *preview = kcv3_preview_new(drawable, params->linear, KCV3_PREVIEW_MAX_SIDE);
  if (preview) {
    *source = *kcv3_preview_source(preview);
    source->started = kcv_preview_start(source, params->linear, params);
  }
  return preview;
}

/* gimp_ui_init aborts without a display (GIMP in batch mode has none): TRUE
 * when GTK could start. */
static gboolean init_ui(void)
{
  /* The dialog draws with cairo only: without this GDK loads the OpenGL
   * driver while it opens the display. A GDK_GL the user set is kept. */
  g_setenv("GDK_GL", "disable", FALSE);
  if (!gtk_init_check(NULL, NULL))
    return FALSE;
  gimp_ui_init("kcv");
  return TRUE;
}

/* The dialog on params, run until OK or cancel; TRUE on OK. *shown: it opened. */
static gboolean run_dialog(GimpImage *image, GimpDrawable *drawable, KcvParams *params,
                           const KcvPreviewSource *source, const Kcv3Preview *preview,
                           gboolean *shown)
{
  LayerCtx ctx = {image, gimp_image_get_layers(image)};
  gint n_layers = 0;
  while (ctx.layers && ctx.layers[n_layers])
    n_layers++;
  gchar **names = g_new0(gchar *, n_layers + 1);
  for (gint i = 0; i < n_layers; i++)
    names[i] = gimp_item_get_name(GIMP_ITEM(ctx.layers[i]));
  KcvLayerSource layers = {n_layers, (const char *const *)names, layer_kernel, &ctx};

  GtkWidget *dialog = kcv_dialog_new(_("Custom Convolution"), params, preview ? source : NULL,
                                     n_layers > 0 ? &layers : NULL);
  gboolean ok = FALSE;
  if (dialog) {
    *shown = TRUE;
    set_header(KCV_DIALOG(dialog), image, drawable);
    gint x = 0, y = 0;
    if (preview)
      kcv3_preview_origin(preview, &x, &y);
    if (g_getenv("KCV_VERBOSE"))
      kcv_host_report_first_preview(KCV_DIALOG(dialog), kcv3_start_time());
    kcv_host_dump_previews(KCV_DIALOG(dialog), gimp_item_get_id(GIMP_ITEM(drawable)), x, y);
    kcv_host_dump_widgets(KCV_DIALOG(dialog), gimp_item_get_id(GIMP_ITEM(drawable)));
    /* Transient for the image window the filter was started from, on X11 and Wayland. */
    gimp_window_set_transient(GTK_WINDOW(dialog));
    ok = kcv_dialog_run_dialog(KCV_DIALOG(dialog), 0, params);
  }
  g_strfreev(names);
  g_free(ctx.layers);
  return ok;
}

gboolean kcv3_interactive_run(GimpProcedure *procedure, GimpImage *image, GimpDrawable *drawable,
                              Kcv3Job *job, gboolean *shown)
{
  KcvParams params;
  params_from_job(&params, job);
  KcvPreviewSource source = {0};
  Kcv3Preview *preview = start_preview(drawable, &params, &source);
  gboolean ok = TRUE;
  *shown = FALSE;
  if (init_ui())
    ok = run_dialog(image, drawable, &params, &source, preview, shown);
  else
    g_message(_("The dialog cannot open (no display); the last values are used."));
  g_clear_object(&source.started); /* the dialog's preview holds its own reference */
  if (ok && params.kernel)
    job_from_params(job, &params);
  kcv_params_clear(&params);
  kcv3_preview_free(preview);
  return ok;
}
