/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: plug-in-kcv-deconvolve, its arguments declared once and checked, and its run.
 */
#include "kcv3.h"

#include <math.h>
#include <string.h>

#include "kcv-deconv.h"

/* The choice's ids are the core's kcv_deconv_method values. */
static GimpChoice *method_choice(void)
{
  return gimp_choice_new_with_values(
      "wiener", KCV_DECONV_WIENER, _("Wiener"), _("One fast pass (Tikhonov)"), "richardson-lucy",
      KCV_DECONV_RICHARDSON_LUCY, _("Richardson-Lucy"),
      _("Iterative; never negative, keeps the total brightness"), NULL);
}

static void add_arguments(GimpProcedure *procedure)
{
  gimp_procedure_add_int_argument(procedure, "psf-width", _("PSF _width"), _("PSF width (1..1025)"),
                                  1, KCV_KERNEL_MAX, 1, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument(procedure, "psf-height", _("PSF _height"),
                                  _("PSF height (1..1025)"), 1, KCV_KERNEL_MAX, 1,
                                  G_PARAM_READWRITE);
  gimp_procedure_add_double_array_argument(
      procedure, "weights", _("_Weights"),
      _("psf-width x psf-height values, top row first, as displayed (what a point of light "
        "became); normalised to sum 1, so the sum must be positive"),
      G_PARAM_READWRITE);
  gimp_procedure_add_choice_argument(procedure, "method", _("_Method"),
                                     _("\"wiener\" (one pass) or \"richardson-lucy\" (iterative)"),
                                     method_choice(), "wiener", G_PARAM_READWRITE);
  gimp_procedure_add_int_argument(procedure, "iterations", _("_Iterations"),
                                  _("Richardson-Lucy iterations (1..1000); ignored by Wiener"), 1,
                                  KCV_DECONV_ITERATIONS_MAX, 10, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(
      procedure, "regularisation", _("_Regularization"),
      _(">= 0. Wiener: noise-to-signal ratio (1e-3 to 1e-2 for most photos); Richardson-Lucy: "
        "total-variation weight (0: plain)"),
      0.0, G_MAXDOUBLE, 0.0, G_PARAM_READWRITE);
  kcv3_add_border_argument(procedure);
  kcv3_add_channels_argument(procedure);
  kcv3_add_linear_argument(procedure);
}

static gboolean fail(gchar **error, gchar *message)
{
  *error = message;
  return FALSE;
}

/* The PSF from the config, every value checked. */
static kcv_kernel *psf_from_config(GimpProcedureConfig *config, gchar **error)
{
  gint width, height;
  GimpArray *array = NULL;
  g_object_get(config, "psf-width", &width, "psf-height", &height, "weights", &array, NULL);
  gsize n = 0;
  const gdouble *weights = array ? gimp_double_array_get_values(array, &n) : NULL;
  gdouble sum = 0;
  kcv_kernel *psf = NULL;
  if ((gint64)n != (gint64)width * height) {
    fail(error, g_strdup_printf(_("weights: %lu values for a %d x %d PSF; pass exactly "
                                  "psf-width x psf-height = %d values, top row first."),
                                (unsigned long)n, width, height, width * height));
  } else if (kcv3_args_check_weights(weights, n, width, error)) {
    /* Each weight within float range: the sum is finite. */
    for (gsize i = 0; i < n; i++)
      sum += weights[i];
    if (!(sum > 0))
      fail(error, kcv_host_psf_sum_message(sum));
    else if (!(psf = kcv_kernel_new(width, height)))
      fail(error, kcv3_status_message(KCV_ERR_NOMEM));
    for (gsize i = 0; psf && i < n; i++)
      psf->data[i] = (float)weights[i];
  }
  if (array)
    gimp_array_free(array);
  return psf;
}

gboolean kcv3_deconv_job_from_config(GimpProcedureConfig *config, Kcv3DeconvJob *job, gchar **error)
{
  memset(job, 0, sizeof *job);
  gint channels;
  g_object_get(config, "iterations", &job->options.iterations, "regularisation",
               &job->options.regularisation, "channels", &channels, "linear", &job->linear, NULL);
  job->channels = (guint)channels;
  job->options.method = (kcv_deconv_method)gimp_procedure_config_get_choice_id(config, "method");
  job->options.border = (kcv_border)gimp_procedure_config_get_choice_id(config, "border-mode");
  if (!isfinite(job->options.regularisation))
    return fail(error, g_strdup(_("regularisation: must be a finite number of 0 or more.")));
  job->psf = psf_from_config(config, error);
  return job->psf != NULL;
}

static GimpValueArray *run(GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
                           GimpDrawable **drawables, GimpProcedureConfig *config, gpointer run_data)
{
  gchar *error = NULL;
  GimpPDBStatusType status = GIMP_PDB_SUCCESS;
  Kcv3DeconvJob job;
  gegl_init(NULL, NULL);
  if (!drawables || !drawables[0])
    error = g_strdup(_("drawables: none given; pass at least one layer, layer mask or "
                       "channel, as (vector drawable)."));
  for (gint i = 0; !error && drawables[i]; i++)
    kcv3_args_check_drawable(drawables[i], &error);
  /* No dialog of its own: every run mode takes the arguments (or last values) as given; the
   * Custom Convolution dialog has the interactive form (its Deconvolve switch). */
  if (error || !kcv3_deconv_job_from_config(config, &job, &error)) {
    status = GIMP_PDB_CALLING_ERROR;
  } else {
    gimp_image_undo_group_start(image);
    status = kcv3_status_of(kcv3_deconv_render(drawables, &job, &error));
    gimp_image_undo_group_end(image);
    kcv_kernel_free(job.psf);
  }
  GError *gerror = error ? g_error_new_literal(GIMP_PLUG_IN_ERROR, 0, error) : NULL;
  g_free(error);
  return gimp_procedure_new_return_values(procedure, status, gerror);
}

void kcv3_deconv_add_aux_arguments(GimpProcedure *procedure)
{
  gimp_procedure_add_boolean_aux_argument(procedure, "deconvolve", _("_Deconvolve"),
                                          _("The dialog's mode: undo the blur the kernel "
                                            "describes, as a point spread function"),
                                          FALSE, G_PARAM_READWRITE);
  gimp_procedure_add_choice_aux_argument(procedure, "deconv-method", _("_Method"),
                                         _("\"wiener\" or \"richardson-lucy\""), method_choice(),
                                         "wiener", G_PARAM_READWRITE);
  gimp_procedure_add_int_aux_argument(procedure, "iterations", _("_Iterations"),
                                      _("Richardson-Lucy iterations"), 1, KCV_DECONV_ITERATIONS_MAX,
                                      10, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument(procedure, "regularisation", _("_Regularization"),
                                         _("Wiener: noise-to-signal ratio; Richardson-Lucy: "
                                           "total-variation weight"),
                                         0.0, G_MAXDOUBLE, 0.005, G_PARAM_READWRITE);
}

void kcv3_deconv_mode_from_config(GimpProcedureConfig *config, Kcv3Job *job)
{
  g_object_get(config, "deconvolve", &job->deconvolve, "iterations", &job->iterations,
               "regularisation", &job->regularisation, NULL);
  job->deconv_method =
      (kcv_deconv_method)gimp_procedure_config_get_choice_id(config, "deconv-method");
}

void kcv3_deconv_mode_to_config(const Kcv3Job *job, GimpProcedureConfig *config)
{
  g_object_set(config, "deconvolve", job->deconvolve, "iterations", job->iterations,
               "regularisation", job->regularisation, "deconv-method",
               job->deconv_method == KCV_DECONV_RICHARDSON_LUCY ? "richardson-lucy" : "wiener",
               NULL);
}

Kcv3RenderResult kcv3_deconv_render_job(GimpDrawable **drawables, const Kcv3Job *job, gchar **error)
{
  const double sum = kcv_kernel_sum(job->kernel);
  if (!(sum > 0)) {
    *error = kcv_host_psf_sum_message(sum);
    return KCV3_RENDER_BAD_ARGUMENT;
  }
  Kcv3DeconvJob d = {job->kernel, {0}, job->channels, job->linear};
  kcv_deconv_options_init(&d.options);
  d.options.method = job->deconv_method;
  d.options.iterations = job->iterations;
  d.options.regularisation = job->regularisation;
  d.options.border = job->border;
  return kcv3_deconv_render(drawables, &d, error);
}

GimpProcedure *kcv3_deconv_procedure_new(GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_image_procedure_new(plug_in, KCV3_PROC_DECONV,
                                                      GIMP_PDB_PROC_TYPE_PLUGIN, run, NULL, NULL);
  gimp_procedure_set_image_types(procedure, "RGB*, GRAY*");
  gimp_procedure_set_sensitivity_mask(procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE |
                                                     GIMP_PROCEDURE_SENSITIVE_DRAWABLES);
  gimp_procedure_set_attribution(procedure, "The kcv authors", "The kcv authors", "2026");
  gimp_procedure_set_documentation(
      procedure, _("Undo a known blur (deconvolution) with any point spread function"),
      _("Restores each selected drawable's selection blurred by a known point spread function "
        "(camera shake along a line, a defocus disk, a Gaussian, a measured PSF), given as "
        "displayed, as one undo step. Wiener is one fast pass; Richardson-Lucy iterates, keeps "
        "values non-negative and the total brightness, and can smooth noise with a "
        "total-variation weight."),
      KCV3_PROC_DECONV);
  add_arguments(procedure);
  return procedure;
}
