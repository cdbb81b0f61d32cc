/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: one run of a procedure: the job from the config (or the dialog), every drawable
 * convolved as one undo step, the status and message for GIMP.
 */
#include "kcv3.h"

static GimpValueArray *answer(GimpProcedure *procedure, GimpPDBStatusType status, gchar *message)
{
  GError *error = message ? g_error_new_literal(GIMP_PLUG_IN_ERROR, 0, message) : NULL;
  g_free(message);
  return gimp_procedure_new_return_values(procedure, status, error);
}

GimpPDBStatusType kcv3_status_of(Kcv3RenderResult result)
{
  switch (result) {
  case KCV3_RENDER_OK:
  case KCV3_RENDER_NOTHING:
    return GIMP_PDB_SUCCESS;
  case KCV3_RENDER_CANCELLED:
    return GIMP_PDB_CANCEL;
  case KCV3_RENDER_BAD_ARGUMENT:
    return GIMP_PDB_CALLING_ERROR;
  case KCV3_RENDER_ERROR:
  case KCV3_RENDER_UNAVAILABLE:
  default:
    return GIMP_PDB_EXECUTION_ERROR;
  }
}

/* KCV_VERBOSE: which way the pixels went, for the suite's runner. */
static Kcv3RenderResult went(const gchar *way, Kcv3RenderResult result)
{
  if (g_getenv("KCV_VERBOSE"))
    g_printerr("kcv: pixels %s\n", way);
  return result;
}

/* Deconvolution has no GEGL operation: always through the plug-in, and
 * never as the non-destructive filter. */
static Kcv3RenderResult deconvolve(GimpDrawable **drawables, const Kcv3Job *job, gboolean append,
                                   gchar **error)
{
  if (append) {
    *error = g_strdup(_("The non-destructive filter only convolves; deconvolve with "
                        "plug-in-kcv-convolve's Deconvolve mode or plug-in-kcv-deconvolve."));
    return KCV3_RENDER_BAD_ARGUMENT;
  }
  gegl_init(NULL, NULL);
  return went("through the plug-in: deconvolution", kcv3_deconv_render_job(drawables, job, error));
}

/* Inside GIMP when it has kcv:convolve and the operation gives the same
 * pixels, else through the plug-in. The non-destructive variant has only
 * the operation. */
static Kcv3RenderResult apply(GimpDrawable **drawables, const Kcv3Job *job, gboolean append,
                              gchar **error)
{
  const gchar *why = "through the plug-in: GIMP has no kcv:convolve";
  if (job->deconvolve) /* the dialog's Deconvolve mode, also repeated with the last values */
    return deconvolve(drawables, job, append, error);
  if (kcv3_filter_fits(drawables, job, append)) {
    Kcv3RenderResult result = kcv3_filter_apply(drawables, job, append, error);
    if (result == KCV3_RENDER_NOTHING)
      return result;
    if (result != KCV3_RENDER_UNAVAILABLE)
      return went("inside GIMP (kcv:convolve)", result);
    if (append) {
      *error = g_strdup(_("GIMP does not have the GEGL operation kcv:convolve, which the "
                          "non-destructive filter is; install it (see the README: "
                          "~/.local/share/gegl-0.4/plug-ins) and restart GIMP, or use "
                          "plug-in-kcv-convolve."));
      return result;
    }
  } else if (!append) {
    why = "through the plug-in: some channels only, or a selection";
  } else {
    *error = g_strdup(_("channels: the non-destructive filter convolves every channel; pass 0, "
                        "or use plug-in-kcv-convolve for some channels only."));
    return KCV3_RENDER_BAD_ARGUMENT;
  }
  gegl_init(NULL, NULL);
  return went(why, kcv3_render(drawables, job, TRUE, error));
}

/* After a run that planned FFTs: saves the wisdom and starts the helper that measures the sizes
 * planned by estimate. GIMP 3 starts a plug-in with its binary's full path as argv[0]
 * (gimp_get_progname), which main() started again with KCV_HOST_MEASURE_FFT_ARG is the helper. */
static void save_wisdom(void)
{
  kcv_host_wisdom_save(gimp_directory(), gimp_get_progname());
}

/* Convolves every drawable as one undo step. */
static GimpPDBStatusType convolve(GimpImage *image, GimpDrawable **drawables, const Kcv3Job *job,
                                  gboolean append, gchar **error)
{
  /* New FFT sizes plan by estimate in the call, measured by the helper after it. */
  kcv_host_wisdom_load(gimp_directory());
  gimp_image_undo_group_start(image);
  Kcv3RenderResult result = apply(drawables, job, append, error);
  gimp_image_undo_group_end(image);
  if (result == KCV3_RENDER_OK)
    save_wisdom();
  if (result == KCV3_RENDER_NOTHING) {
    /* Not an error: say so where the progress would have been. */
    gimp_progress_init(_("Custom Convolution: the selection does not touch the drawable; "
                         "nothing to do"));
    gimp_progress_end();
  }
  return kcv3_status_of(result);
}

/* The 3x3 identity, the dialog's Reset kernel, for a first run without last values. */
static gboolean job_default_kernel(Kcv3Job *job)
{
  kcv_kernel_free(job->kernel);
  job->kernel = kcv_kernel_new(3, 3);
  if (job->kernel)
    job->kernel->data[4] = 1.0f;
  job->divisor = 0.0;
  job->offset = 0.0;
  return job->kernel != NULL;
}

/* Interactive runs of the matrix procedure show the dialog when there is a
 * display; the file and layer procedures (no menu entry) run as called. */
static GimpPDBStatusType interactive(GimpProcedure *procedure, GimpImage *image,
                                     GimpDrawable *drawable, GimpProcedureConfig *config,
                                     Kcv3Job *job, gchar **error)
{
  if (kcv3_kind_of(procedure) != KCV3_KIND_MATRIX) {
    return kcv3_job_from_config(kcv3_kind_of(procedure), config, image, job, error)
               ? GIMP_PDB_SUCCESS
               : GIMP_PDB_CALLING_ERROR;
  }
  /* Last values saved by an older build may not make a kernel: start from Reset. */
  if (!kcv3_job_from_config(KCV3_KIND_MATRIX, config, image, job, NULL) &&
      !job_default_kernel(job)) {
    *error = kcv3_status_message(KCV_ERR_NOMEM);
    return GIMP_PDB_EXECUTION_ERROR;
  }
  kcv3_deconv_mode_from_config(config, job);
#ifdef KCV_HAVE_UI
  gboolean shown = FALSE;
  gboolean ok = kcv3_interactive_run(procedure, image, drawable, job, &shown);
  if (shown && !ok) {
    save_wisdom(); /* the preview's FFT sizes are worth measuring for the next time */
    return GIMP_PDB_CANCEL;
  }
  if (shown) {
    kcv3_job_to_config(job, config); /* GIMP saves the config as the last values */
    kcv3_deconv_mode_to_config(job, config);
  }
#endif
  return GIMP_PDB_SUCCESS;
}

GimpValueArray *kcv3_run(GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
                         GimpDrawable **drawables, GimpProcedureConfig *config, gpointer run_data)
{
  gchar *error = NULL;
  Kcv3Job job = {0};
  GimpPDBStatusType status = GIMP_PDB_SUCCESS;

  /* GEGL and babl (some 150 ms to start) only where this process touches
   * pixels or formats: the kernel drawable, the dialog, the plug-in path. */
  if (kcv3_kind_of(procedure) == KCV3_KIND_LAYER || run_mode == GIMP_RUN_INTERACTIVE)
    gegl_init(NULL, NULL);
  if (!drawables || !drawables[0])
    return answer(procedure, GIMP_PDB_CALLING_ERROR,
                  g_strdup(_("drawables: none given; pass at least one layer, layer mask or "
                             "channel, as (vector drawable).")));
  for (gint i = 0; drawables[i]; i++)
    if (!kcv3_args_check_drawable(drawables[i], &error) || !kcv3_lock_check(drawables[i], &error))
      return answer(procedure, GIMP_PDB_CALLING_ERROR, error);

  if (run_mode == GIMP_RUN_INTERACTIVE) {
    status = interactive(procedure, image, drawables[0], config, &job, &error);
  } else if (!kcv3_job_from_config(kcv3_kind_of(procedure), config, image, &job, &error)) {
    status = GIMP_PDB_CALLING_ERROR;
    if (run_mode == GIMP_RUN_WITH_LAST_VALS) {
      g_free(error);
      error = g_strdup(_("There are no usable last values to repeat; run the filter once from "
                         "its dialog."));
    }
  }
  if (status == GIMP_PDB_SUCCESS && run_mode == GIMP_RUN_WITH_LAST_VALS &&
      kcv3_kind_of(procedure) == KCV3_KIND_MATRIX)
    kcv3_deconv_mode_from_config(config, &job);
  if (status == GIMP_PDB_SUCCESS)
    status = convolve(image, drawables, &job, kcv3_procedure_appends(procedure), &error);
  kcv3_job_clear(&job);
  return answer(procedure, status, error);
}
