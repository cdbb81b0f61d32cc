/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: the procedure config as a job, every check in one place; each message names the
 * argument and what to do. GIMP itself refuses out-of-range numbers and unknown choices.
 */
#include "kcv3.h"

#include <math.h>
#include <string.h>

void kcv3_job_clear(Kcv3Job *job)
{
  kcv_kernel_free(job->kernel);
  job->kernel = NULL;
}

gboolean kcv3_args_check_drawable(GimpDrawable *drawable, gchar **error)
{
  if (!drawable)
    return kcv_host_fail(error,
                         g_strdup(_("drawables: none given; pass at least one layer, layer mask "
                                    "or channel, as (vector drawable).")));
  if (gimp_item_is_group(GIMP_ITEM(drawable)))
    return kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_DRAWABLE_GROUP));
  if (gimp_drawable_is_indexed(drawable))
    return kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_DRAWABLE_INDEXED));
  return TRUE;
}

gboolean kcv3_args_check_weights(const gdouble *weights, gsize n, gint width, gchar **error)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite(weights[i]) || fabs(weights[i]) > G_MAXFLOAT)
      return kcv_host_fail(error,
                           g_strdup_printf(_("weights: value %d (row %d, column %d) is not a "
                                             "finite number; every weight must be finite."),
                                           (gint)i, (gint)i / width + 1, (gint)i % width + 1));
  return TRUE;
}

/* The weights array as a kernel of width x height, every value checked. */
static kcv_kernel *kernel_from_weights(gint width, gint height, const gdouble *weights, gsize n,
                                       gchar **error)
{
  if ((gint64)n != (gint64)width * height) {
    /* %lu, not G_GSIZE_FORMAT: xgettext cannot see through the macro. */
    kcv_host_fail(error,
                  g_strdup_printf(_("weights: %lu values for a %d x %d kernel; pass exactly "
                                    "kernel-width x kernel-height = %d values, top row first."),
                                  (unsigned long)n, width, height, width * height));
    return NULL;
  }
  if (!kcv3_args_check_weights(weights, n, width, error))
    return NULL;
  kcv_kernel *kernel = kcv_kernel_new(width, height);
  if (!kernel) {
    kcv_host_fail(error, kcv3_status_message(KCV_ERR_NOMEM));
    return NULL;
  }
  for (gsize i = 0; i < n; i++)
    kernel->data[i] = (float)weights[i];
  return kernel;
}

static gboolean matrix_from_config(GimpProcedureConfig *config, Kcv3Job *job, gchar **error)
{
  gint width, height;
  GimpArray *array = NULL;
  g_object_get(config, "kernel-width", &width, "kernel-height", &height, "weights", &array,
               "divisor", &job->divisor, "offset", &job->offset, NULL);
  gsize n = 0;
  const gdouble *weights = array ? gimp_double_array_get_values(array, &n) : NULL;
  job->kernel = kernel_from_weights(width, height, weights, n, error);
  if (array)
    gimp_array_free(array);
  if (!job->kernel)
    return FALSE;
  if (!isfinite(job->divisor))
    return kcv_host_fail(error, g_strdup(_("divisor: not a finite number; pass a number, or 0 for "
                                           "automatic (the sum of the weights).")));
  if (!isfinite(job->offset))
    return kcv_host_fail(error, g_strdup(_("offset: not a finite number; pass a number in channel "
                                           "units (1.0 is full scale).")));
  return TRUE;
}

static void common_from_config(GimpProcedureConfig *config, Kcv3Job *job)
{
  gint channels;
  g_object_get(config, "channels", &channels, "alpha-weighting", &job->alpha_weighting, "linear",
               &job->linear, NULL);
  job->channels = (guint)channels;
  /* The choices' ids are the core's enum values (kcv3-procedures.c). */
  job->border = (kcv_border)gimp_procedure_config_get_choice_id(config, "border-mode");
  job->method = (kcv_method)gimp_procedure_config_get_choice_id(config, "method");
}

gboolean kcv3_job_from_config(Kcv3Kind kind, GimpProcedureConfig *config, GimpImage *image,
                              Kcv3Job *job, gchar **error)
{
  memset(job, 0, sizeof *job);
  common_from_config(config, job);
  switch (kind) {
  case KCV3_KIND_MATRIX:
    return matrix_from_config(config, job, error);
  case KCV3_KIND_FILE: {
    GFile *file = NULL;
    g_object_get(config, "file", &file, NULL);
    job->kernel = kcv3_kernel_from_file(file, &job->divisor, &job->offset, error);
    g_clear_object(&file);
    return job->kernel != NULL;
  }
  case KCV3_KIND_LAYER:
  default: {
    GimpDrawable *drawable = NULL;
    gboolean normalise;
    g_object_get(config, "kernel-drawable", &drawable, "normalise", &normalise, NULL);
    job->kernel = kcv3_kernel_from_drawable(image, drawable, normalise, error);
    /* The weights are final: normalised ones sum to 1, raw ones stay raw. */
    job->divisor = 1.0;
    g_clear_object(&drawable);
    return job->kernel != NULL;
  }
  }
}

void kcv3_job_to_config(const Kcv3Job *job, GimpProcedureConfig *config)
{
  const gint n = job->kernel->width * job->kernel->height;
  gdouble *weights = g_new(gdouble, n);
  for (gint i = 0; i < n; i++)
    weights[i] = job->kernel->data[i];
  GimpArray *array = gimp_array_new(NULL, 0, TRUE);
  gimp_double_array_set_values(array, weights, n, FALSE);
  g_object_set(config, "kernel-width", job->kernel->width, "kernel-height", job->kernel->height,
               "weights", array, "divisor", job->divisor, "offset", job->offset, "channels",
               (gint)job->channels, "alpha-weighting", job->alpha_weighting, "linear", job->linear,
               NULL);
  gimp_array_free(array);
  g_free(weights);
  g_object_set(config, "border-mode", kcv3_border_nick(job->border), "method",
               kcv3_method_nick(job->method), NULL);
}

gchar *kcv3_status_message(kcv_status status)
{
  switch (status) {
  case KCV_ERR_METHOD:
    return g_strdup(_("method: this method cannot apply this kernel (\"separable\" needs a "
                      "kernel of low rank); use \"auto\", \"direct\" or \"fft\"."));
  case KCV_ERR_FFTW:
    return g_strdup(_("method: the FFT could not be planned; use \"direct\" or \"auto\"."));
  default:
    return kcv_host_status_message(status);
  }
}
