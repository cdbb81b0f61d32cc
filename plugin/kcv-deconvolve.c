/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: plug-in-kcv-deconvolve, undoing a known blur (Wiener or
 * Richardson-Lucy) on a drawable's selection through its shadow buffer. */
#include "kcv-plugin.h"

#include "kcv-deconv.h"

#include <math.h>

#define KCV_DECONV_NPARAMS 13

typedef struct {
  kcv_kernel *psf;
  kcv_deconv_options options;
  gint32 channels, linear;
} DeconvJob;

void kcv_deconv_query(void)
{
  static const GimpParamDef args[] = {
      {GIMP_PDB_INT32, "run-mode",
       "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), RUN-WITH-LAST-VALS (2) }"},
      {GIMP_PDB_IMAGE, "image", "Input image"},
      {GIMP_PDB_DRAWABLE, "drawable", "Drawable to restore (layer, layer mask or channel)"},
      {GIMP_PDB_INT32, "psf-width", "PSF width (1..1025)"},
      {GIMP_PDB_INT32, "psf-height", "PSF height (1..1025)"},
      {GIMP_PDB_INT32, "num-weights", "Number of weights (must equal width x height)"},
      {GIMP_PDB_FLOATARRAY, "weights",
       "The point spread function, row-major, top row first, as displayed (what a point of "
       "light became); normalised to sum 1, so the sum must be positive"},
      {GIMP_PDB_INT32, "method", "0 Wiener, 1 Richardson-Lucy"},
      {GIMP_PDB_INT32, "iterations", "Richardson-Lucy iterations (1..1000); ignored by Wiener"},
      {GIMP_PDB_FLOAT, "regularisation",
       ">= 0. Wiener: noise-to-signal ratio (1e-3 to 1e-2 for most photos); Richardson-Lucy: "
       "total-variation weight (0: plain)"},
      {GIMP_PDB_INT32, "border-mode",
       "Pixels beyond the edges: 0 clamp, 1 wrap, 2 mirror, 3 transparent"},
      {GIMP_PDB_INT32, "channels",
       "Bit mask: 1 red or grey, 2 green, 4 blue, 8 alpha; 0 means all"},
      {GIMP_PDB_INT32, "linear", "0: work on perceptual values as stored; 1: in linear light"},
  };
  gimp_install_procedure(
      KCV_PROC_DECONV, N_("Undo a known blur (deconvolution) with any point spread function"),
      N_("Restores the drawable's selection blurred by a known point spread function (camera "
         "shake along a line, a defocus disk, a Gaussian, a measured PSF), given as displayed. "
         "Wiener is one fast pass; Richardson-Lucy iterates, keeps values non-negative and the "
         "total brightness, and can smooth noise with a total-variation weight. Works on RGB and "
         "grey layers, layer masks and channels at every precision."),
      "The kcv authors", "The kcv authors", "2026", NULL, "RGB*, GRAY*", GIMP_PLUGIN,
      G_N_ELEMENTS(args), 0, args, NULL);
}

static gboolean check_deconv_args(const GimpParam *param, gchar **error)
{
  const gint32 method = param[7].data.d_int32, iterations = param[8].data.d_int32;
  const gdouble reg = param[9].data.d_float;
  if (method != KCV_DECONV_WIENER && method != KCV_DECONV_RICHARDSON_LUCY) {
    *error =
        g_strdup_printf(_("method: %d is unknown; use 0 (Wiener) or 1 (Richardson-Lucy)."), method);
    return FALSE;
  }
  if (method == KCV_DECONV_RICHARDSON_LUCY &&
      (iterations < 1 || iterations > KCV_DECONV_ITERATIONS_MAX)) {
    *error = g_strdup_printf(_("iterations: %d is out of range; use 1 to %d."), iterations,
                             KCV_DECONV_ITERATIONS_MAX);
    return FALSE;
  }
  if (!isfinite(reg) || reg < 0) {
    *error = g_strdup(_("regularisation: must be a finite number of 0 or more (Wiener: the "
                        "noise-to-signal ratio, e.g. 0.005; Richardson-Lucy: 0 or a small "
                        "total-variation weight such as 0.002)."));
    return FALSE;
  }
  return TRUE;
}

/* The job the arguments describe, every argument checked. */
static gboolean job_from_params(gint nparams, const GimpParam *param, DeconvJob *job, gchar **error)
{
  if (nparams != KCV_DECONV_NPARAMS) {
    *error = g_strdup_printf(_("Wrong number of arguments: %d given, %d expected."), nparams,
                             KCV_DECONV_NPARAMS);
    return FALSE;
  }
  const gint32 w = param[3].data.d_int32, h = param[4].data.d_int32, n = param[5].data.d_int32;
  const gdouble *weights = param[6].data.d_floatarray;
  KcvCommonArgs common = {param[10].data.d_int32, 0, param[11].data.d_int32, 0,
                          param[12].data.d_int32};
  if (w < 1 || w > KCV_KERNEL_MAX || h < 1 || h > KCV_KERNEL_MAX) {
    *error = g_strdup_printf(_("%s: %d is out of range; use 1 to %d."),
                             w < 1 || w > KCV_KERNEL_MAX ? "psf-width" : "psf-height",
                             w < 1 || w > KCV_KERNEL_MAX ? w : h, KCV_KERNEL_MAX);
    return FALSE;
  }
  if (n != w * h) {
    *error =
        g_strdup_printf(_("num-weights: %d does not match psf-width x psf-height (%d)."), n, w * h);
    return FALSE;
  }
  gdouble sum = 0;
  for (gint i = 0; weights && i < n; i++)
    sum += weights[i];
  /* Before the matrix checks, so all-zero weights get the PSF's words (as in
   * GIMP 3), not the kernel's; a non-finite weight is theirs to name. */
  if (isfinite(sum) && !(sum > 0)) {
    *error = kcv_host_psf_sum_message(sum);
    return FALSE;
  }
  if (!kcv_args_check_matrix(w, h, n, weights, 0.0, 0.0, error) ||
      !check_deconv_args(param, error) || !kcv_args_check_common(&common, error))
    return FALSE;
  job->psf = kcv_args_kernel(w, h, weights, error);
  if (!job->psf)
    return FALSE;
  kcv_deconv_options_init(&job->options);
  job->options.method = (kcv_deconv_method)param[7].data.d_int32;
  job->options.iterations = param[8].data.d_int32;
  job->options.regularisation = param[9].data.d_float;
  job->options.border = (kcv_border)common.border;
  job->channels = common.channels;
  job->linear = common.linear;
  return TRUE;
}

/* In GIMP 2.10 a cancel from the progress bar makes the update fail. */
static int on_progress(double fraction, void *user_data)
{
  gdouble *last = user_data;
  if (fraction - *last < 0.01 && fraction < 1.0)
    return 0;
  *last = fraction;
  return gimp_progress_update(fraction) ? 0 : 1;
}

/* The selection's bounds grown by a margin of real pixels (two PSF sides),
 * so the restoration near a selection edge inside the drawable sees the
 * light that was blurred into it; the border mode serves the drawable's
 * own edges. */
static void read_region(gint32 drawable, const kcv_kernel *psf, gint sx, gint sy, gint sw, gint sh,
                        GeglRectangle *r)
{
  const gint m = 2 * MAX(psf->width, psf->height);
  const gint W = gimp_drawable_width(drawable), H = gimp_drawable_height(drawable);
  r->x = MAX(sx - m, 0);
  r->y = MAX(sy - m, 0);
  r->width = MIN(sx + sw + m, W) - r->x;
  r->height = MIN(sy + sh + m, H) - r->y;
}

static KcvRenderResult restore(gint32 drawable, DeconvJob *job, gchar **error)
{
  gint sx, sy, sw, sh, ch;
  if (!gimp_drawable_mask_intersect(drawable, &sx, &sy, &sw, &sh) || sw < 1 || sh < 1)
    return KCV_RENDER_NOTHING;
  guint mask;
  if (!kcv_args_channel_mask(drawable, job->channels, &mask, error))
    return KCV_RENDER_BAD_ARGUMENT;
  job->options.channel_mask = mask;
  kcv_gegl_ensure();
  const Babl *format = kcv_render_format(drawable, job->linear, &ch);
  GeglRectangle r;
  read_region(drawable, job->psf, sx, sy, sw, sh, &r);
  gfloat *px = g_try_malloc((gsize)r.width * r.height * ch * sizeof(gfloat));
  if (!px) {
    *error = kcv_args_status_message(KCV_ERR_NOMEM);
    return KCV_RENDER_ERROR;
  }
  GeglBuffer *buffer = gimp_drawable_get_buffer(drawable);
  gegl_buffer_get(buffer, &r, 1.0, format, px, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_CLAMP);
  g_object_unref(buffer);

  gimp_progress_init(_("Deconvolving..."));
  gdouble last = 0.0;
  kcv_image im = {px, r.width, r.height, ch, (ptrdiff_t)r.width * ch};
  kcv_status st = kcv_deconvolve(&im, job->psf, &job->options, &im, on_progress, &last);
  if (st == KCV_OK) {
    GeglBuffer *shadow = gimp_drawable_get_shadow_buffer(drawable);
    const gsize stride = (gsize)r.width * ch * sizeof(gfloat);
    gegl_buffer_set(shadow, GEGL_RECTANGLE(sx, sy, sw, sh), 0, format,
                    px + ((gsize)(sy - r.y) * r.width + (sx - r.x)) * ch, stride);
    gegl_buffer_flush(shadow);
    g_object_unref(shadow);
    /* One undo step; the selection's mask applies as the shadow merges. */
    gimp_drawable_merge_shadow(drawable, TRUE);
    gimp_drawable_update(drawable, sx, sy, sw, sh);
    gimp_progress_update(1.0);
  }
  g_free(px);
  if (st == KCV_OK)
    return KCV_RENDER_OK;
  if (st == KCV_ERR_CANCELLED)
    return KCV_RENDER_CANCELLED;
  *error = kcv_args_status_message(st);
  return st == KCV_ERR_NOMEM || st == KCV_ERR_FFTW ? KCV_RENDER_ERROR : KCV_RENDER_BAD_ARGUMENT;
}

KcvRenderResult kcv_deconv_render_job(gint32 drawable, const KcvJob *job, gchar **error)
{
  const double sum = kcv_kernel_sum(job->kernel);
  if (!(sum > 0)) {
    *error = kcv_host_psf_sum_message(sum);
    return KCV_RENDER_BAD_ARGUMENT;
  }
  DeconvJob d = {job->kernel, {0}, job->common.channels, job->common.linear};
  kcv_deconv_options_init(&d.options);
  d.options.method = (kcv_deconv_method)job->deconv_method;
  d.options.iterations = job->iterations;
  d.options.regularisation = job->regularisation;
  d.options.border = (kcv_border)job->common.border;
  return restore(drawable, &d, error);
}

/* The job as the dialog and the settings hold it, from valid arguments. */
static gboolean job_from_args(gint nparams, const GimpParam *param, KcvJob *job, gchar **error)
{
  DeconvJob d = {0};
  if (!job_from_params(nparams, param, &d, error)) {
    kcv_kernel_free(d.psf);
    return FALSE;
  }
  kcv_kernel_free(job->kernel);
  job->kernel = d.psf;
  job->kind = KCV_PROC_KIND_MATRIX;
  job->divisor = 0;
  job->offset = 0;
  job->common.border = d.options.border;
  job->common.channels = d.channels;
  job->common.linear = d.linear;
  job->deconvolve = 1;
  job->deconv_method = d.options.method;
  job->iterations = d.options.iterations;
  job->regularisation = d.options.regularisation;
  job->preset[0] = '\0';
  return TRUE;
}

void kcv_deconv_args_into_job(gint nparams, const GimpParam *param, KcvJob *job)
{
  gchar *error = NULL;
  job_from_args(nparams, param, job, &error);
  g_free(error);
  job->deconvolve = 1;
  if (job->iterations < 1 || job->iterations > KCV_DECONV_ITERATIONS_MAX)
    job->iterations = 10;
}

/* The call's job: its arguments, or with RUN-WITH-LAST-VALS the last
 * deconvolution's, whatever the arguments say (GIMP's convention), checked
 * like arguments since they may come from an older run. */
static gboolean job_of_call(gint nparams, const GimpParam *param, KcvJob *job, gchar **error)
{
  if (param[0].data.d_int32 != GIMP_RUN_WITH_LAST_VALS)
    return job_from_args(nparams, param, job, error);
  if (!kcv_settings_load_deconv(job)) {
    *error = g_strdup(_("There are no last values to repeat; run the filter once from its "
                        "dialog or with arguments."));
    return FALSE;
  }
  return kcv_args_check_common(&job->common, error);
}

GimpPDBStatusType kcv_deconv_run(gint nparams, const GimpParam *param, gchar **error)
{
  /* RUN-INTERACTIVE opens the dialog in Deconvolve mode, through kcv-plugin.c. */
  const gint32 drawable = nparams > 2 ? param[2].data.d_drawable : -1;
  if (!kcv_args_check_drawable(drawable, error))
    return GIMP_PDB_CALLING_ERROR;
  KcvJob job = {0};
  if (!job_of_call(nparams, param, &job, error)) {
    kcv_job_clear(&job);
    return GIMP_PDB_CALLING_ERROR;
  }
  KcvRenderResult result = kcv_deconv_render_job(drawable, &job, error);
  if (result == KCV_RENDER_OK)
    kcv_settings_save_deconv(&job);
  kcv_job_clear(&job);
  switch (result) {
  case KCV_RENDER_OK:
    if (param[0].data.d_int32 != GIMP_RUN_NONINTERACTIVE)
      gimp_displays_flush();
    return GIMP_PDB_SUCCESS;
  case KCV_RENDER_NOTHING:
    return GIMP_PDB_SUCCESS;
  case KCV_RENDER_CANCELLED:
    return GIMP_PDB_CANCEL;
  case KCV_RENDER_BAD_ARGUMENT:
    return GIMP_PDB_CALLING_ERROR;
  default:
    return GIMP_PDB_EXECUTION_ERROR;
  }
}
