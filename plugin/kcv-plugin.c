/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: registers the three PDB procedures and runs them in each run mode. */
#include "kcv-plugin.h"

#include <glib/gstdio.h>
#include <string.h>

#define KCV_AUTHOR "The kcv authors"
#define KCV_DATE "2026"

static void query(void);
static void run(const gchar *name, gint nparams, const GimpParam *param, gint *nreturn_vals,
                GimpParam **return_vals);

const GimpPlugInInfo PLUG_IN_INFO = {NULL, NULL, query, run};

static gchar *locale_dir;
static gchar *plugin_exe; /* this binary, started again as the wisdom helper */
static gint64 start_time;

gint64 kcv_start_time(void)
{
  return start_time;
}

const gchar *kcv_locale_dir(void)
{
  return locale_dir;
}

/* Arguments every procedure starts with, and the options they end with. */
#define KCV_ARGS_HEAD                                                                              \
  {GIMP_PDB_INT32, "run-mode",                                                                     \
   "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), RUN-WITH-LAST-VALS (2) }"},        \
      {GIMP_PDB_IMAGE, "image", "Input image"},                                                    \
  {                                                                                                \
    GIMP_PDB_DRAWABLE, "drawable", "Drawable to convolve (layer, layer mask or channel)"           \
  }

#define KCV_ARGS_TAIL                                                                              \
  {GIMP_PDB_INT32, "border-mode",                                                                  \
   "Pixels beyond the edges: 0 clamp, 1 wrap, 2 mirror, "                                          \
   "3 transparent"},                                                                               \
      {GIMP_PDB_INT32, "method",                                                                   \
       "0 auto (fastest by the cost model), 1 direct, 2 fft, 3 separable, 4 im2col"},              \
      {GIMP_PDB_INT32, "channels",                                                                 \
       "Bit mask: 1 red or grey, 2 green, 4 blue, 8 alpha; 0 means all, except that a kernel "     \
       "whose weights sum to 0 (edges, emboss) leaves alpha unchanged"},                           \
      {GIMP_PDB_INT32, "alpha-weighting",                                                          \
       "0/1: weight colour by alpha so transparent pixels do not bleed their colour"},             \
  {                                                                                                \
    GIMP_PDB_INT32, "linear", "0: work on perceptual values as stored; 1: in linear light"         \
  }

static void query(void)
{
  static const GimpParamDef matrix_args[] = {
      KCV_ARGS_HEAD,
      {GIMP_PDB_INT32, "kernel-width", "Kernel width (1..1025)"},
      {GIMP_PDB_INT32, "kernel-height", "Kernel height (1..1025)"},
      {GIMP_PDB_INT32, "num-weights", "Number of weights (must equal width x height)"},
      {GIMP_PDB_FLOATARRAY, "weights",
       "Weights, row-major, top row first, applied as displayed (like Convolution Matrix)"},
      {GIMP_PDB_FLOAT, "divisor", "0 = automatic: the sum of the weights, or 1 when it is 0"},
      {GIMP_PDB_FLOAT, "offset", "Added after the division, in channel units (1.0 = full scale)"},
      KCV_ARGS_TAIL,
  };
  static const GimpParamDef file_args[] = {
      KCV_ARGS_HEAD,
      {GIMP_PDB_STRING, "filename",
       "Kernel file: .mat (libvips), .txt (ImageJ rows), .csv, .gmic or .acf (Photoshop)"},
      KCV_ARGS_TAIL,
  };
  static const GimpParamDef layer_args[] = {
      KCV_ARGS_HEAD,
      {GIMP_PDB_DRAWABLE, "kernel-drawable",
       "Drawable of the same image whose luminance (times alpha), or value for a layer mask or "
       "channel, is the kernel"},
      {GIMP_PDB_INT32, "normalise", "0: weights as the pixels give them; 1: scaled to sum 1"},
      KCV_ARGS_TAIL,
  };

  gimp_plugin_domain_register(GETTEXT_PACKAGE, locale_dir);

  gimp_install_procedure(
      KCV_PROC_MATRIX, N_("Convolve with a kernel of any size (3x3 to 1025x1025), fast"),
      N_("Applies a custom convolution kernel of any size to the drawable's selection. The "
         "weights are given row-major, top row first, and applied as displayed (like the "
         "Convolution Matrix filter). The result is divided by the divisor (0: the sum of the "
         "weights) and the offset is added. The fastest method (direct, FFT, separable or im2col) "
         "is chosen by a cost model unless one is forced. Works on RGB and grey layers, layer "
         "masks and channels at every precision, in perceptual or linear light."),
      KCV_AUTHOR, KCV_AUTHOR, KCV_DATE, N_("Custom _Convolution..."), "RGB*, GRAY*", GIMP_PLUGIN,
      G_N_ELEMENTS(matrix_args), 0, matrix_args, NULL);
  gimp_plugin_menu_register(KCV_PROC_MATRIX, "<Image>/Filters/Generic");

  gimp_install_procedure(
      KCV_PROC_FILE, N_("Convolve with a kernel read from a file"),
      N_("Like plug-in-kcv-convolve, with the kernel, divisor and offset read from a file (.mat "
         "libvips matrix, .txt ImageJ rows, .csv, .gmic, .acf Photoshop Custom filter). A file "
         "without a divisor gets the automatic one."),
      KCV_AUTHOR, KCV_AUTHOR, KCV_DATE, NULL, "RGB*, GRAY*", GIMP_PLUGIN, G_N_ELEMENTS(file_args),
      0, file_args, NULL);

  gimp_install_procedure(
      KCV_PROC_LAYER, N_("Convolve with a kernel painted or measured in a drawable"),
      N_("Like plug-in-kcv-convolve, with the kernel taken from another drawable of the same "
         "image: a layer gives its luminance times its alpha (a bokeh shape painted on a "
         "transparent layer, a measured point spread function), a layer mask or channel gives its "
         "value. Its size is the kernel's size (up to 1025x1025). The drawable shows what a point "
         "of light becomes, so it is applied as true convolution: a single bright pixel turns into "
         "the drawable's picture, the right way up (typed kernels are applied as displayed, like "
         "the Convolution Matrix filter)."),
      KCV_AUTHOR, KCV_AUTHOR, KCV_DATE, NULL, "RGB*, GRAY*", GIMP_PLUGIN, G_N_ELEMENTS(layer_args),
      0, layer_args, NULL);

  kcv_batch_check_install();
  kcv_deconv_query();
}

/* Defaults when there are no last values: those of the dialog's Reset. */
static void job_init_default(KcvJob *job, KcvProcKind kind)
{
  memset(job, 0, sizeof *job);
  job->kind = kind;
  job->kernel = kcv_kernel_new(3, 3);
  if (job->kernel)
    job->kernel->data[4] = 1.0f;
  job->common = (KcvCommonArgs){KCV_BORDER_CLAMP, KCV_METHOD_AUTO, 0, 1, 0};
}

static KcvCommonArgs common_from_params(const GimpParam *tail)
{
  return (KcvCommonArgs){tail[0].data.d_int32, tail[1].data.d_int32, tail[2].data.d_int32,
                         tail[3].data.d_int32, tail[4].data.d_int32};
}

/* The job the arguments describe, every argument checked. */
static gboolean job_from_params(KcvProcKind kind, gint nparams, const GimpParam *param,
                                gint32 image, KcvJob *job, gchar **error)
{
  static const gint expected[] = {14, 9, 10};
  if (nparams != expected[kind]) {
    *error = g_strdup_printf(_("Wrong number of arguments: %d given, %d expected."), nparams,
                             expected[kind]);
    return FALSE;
  }
  memset(job, 0, sizeof *job);
  job->kind = kind;
  switch (kind) {
  case KCV_PROC_KIND_MATRIX: {
    gint32 w = param[3].data.d_int32, h = param[4].data.d_int32, n = param[5].data.d_int32;
    const gdouble *weights = param[6].data.d_floatarray;
    gdouble divisor = param[7].data.d_float, offset = param[8].data.d_float;
    job->common = common_from_params(param + 9);
    if (!kcv_args_check_matrix(w, h, n, weights, divisor, offset, error) ||
        !kcv_args_check_common(&job->common, error))
      return FALSE;
    job->kernel = kcv_args_kernel(w, h, weights, error);
    if (!job->kernel)
      return FALSE;
    job->divisor = divisor;
    job->offset = offset;
    return TRUE;
  }
  case KCV_PROC_KIND_FILE:
    job->common = common_from_params(param + 4);
    if (!kcv_args_check_common(&job->common, error))
      return FALSE;
    job->filename = g_strdup(param[3].data.d_string);
    job->kernel = kcv_kernel_from_file(job->filename, &job->divisor, &job->offset, error);
    return job->kernel != NULL;
  case KCV_PROC_KIND_LAYER:
  default:
    job->common = common_from_params(param + 5);
    if (!kcv_args_check_common(&job->common, error))
      return FALSE;
    job->kernel_drawable = param[3].data.d_drawable;
    job->normalise = param[4].data.d_int32;
    if (!kcv_args_check_kernel_drawable(image, job->kernel_drawable, job->normalise, error))
      return FALSE;
    job->kernel = kcv_kernel_from_drawable(image, job->kernel_drawable, job->normalise, error);
    /* The weights are final: normalised ones sum to 1, raw ones stay raw. */
    job->divisor = 1.0;
    return job->kernel != NULL;
  }
}

static KcvProcKind kind_from_name(const gchar *name)
{
  if (strcmp(name, KCV_PROC_FILE) == 0)
    return KCV_PROC_KIND_FILE;
  if (strcmp(name, KCV_PROC_LAYER) == 0)
    return KCV_PROC_KIND_LAYER;
  return KCV_PROC_KIND_MATRIX;
}

/* What a render's result means for the call. */
static GimpPDBStatusType finish_render(KcvRenderResult result, const KcvJob *job,
                                       GimpRunMode run_mode)
{
  switch (result) {
  case KCV_RENDER_OK:
    kcv_host_wisdom_save(gimp_directory(), plugin_exe);
    kcv_settings_save(job);
    if (job->deconvolve) /* plug-in-kcv-deconvolve repeats the last deconvolution */
      kcv_settings_save_deconv(job);
    if (run_mode != GIMP_RUN_NONINTERACTIVE)
      gimp_displays_flush();
    return GIMP_PDB_SUCCESS;
  case KCV_RENDER_NOTHING:
    /* Not an error: say so where the progress would have been. */
    gimp_progress_init(_("Custom Convolution: the selection does not touch this layer; "
                         "nothing to do"));
    gimp_progress_end();
    return GIMP_PDB_SUCCESS;
  case KCV_RENDER_CANCELLED:
    return GIMP_PDB_CANCEL;
  case KCV_RENDER_BAD_ARGUMENT:
    return GIMP_PDB_CALLING_ERROR;
  case KCV_RENDER_ERROR:
  default:
    return GIMP_PDB_EXECUTION_ERROR;
  }
}

/* Convolves, or in the dialog's Deconvolve mode (also when repeated with the
 * last values) restores. */
static KcvRenderResult render_job(gint32 drawable, const KcvJob *job, gchar **error)
{
  return job->deconvolve ? kcv_deconv_render_job(drawable, job, error)
                         : kcv_render(drawable, job, TRUE, error);
}

/* The status, and the error message (owned from here on) as a second value. */
static void set_return(GimpPDBStatusType status, gchar *error, gint *nreturn_vals,
                       GimpParam **return_vals)
{
  static GimpParam values[2];
  static gchar *message;
  *nreturn_vals = 1;
  *return_vals = values;
  values[0].type = GIMP_PDB_STATUS;
  values[0].data.d_status = status;
  if (error) {
    g_free(message);
    message = error;
    *nreturn_vals = 2;
    values[1].type = GIMP_PDB_STRING;
    values[1].data.d_string = message;
  }
}

/* The procedures with no convolution job: the batch script's guard (no
 * pixels, no image) and the deconvolution. FALSE for the others. */
static gboolean run_apart(const gchar *name, gint nparams, const GimpParam *param,
                          GimpPDBStatusType *status, gchar **error)
{
  if (strcmp(name, KCV_PROC_BATCH_CHECK) == 0) {
    *status = kcv_batch_check_run(nparams, param, error);
    return TRUE;
  }
#ifdef KCV_HAVE_UI
  /* Interactive, it is the Custom Convolution dialog in Deconvolve mode. */
  if (strcmp(name, KCV_PROC_DECONV) == 0 && nparams > 0 &&
      param[0].data.d_int32 == GIMP_RUN_INTERACTIVE)
    return FALSE;
#endif
  if (strcmp(name, KCV_PROC_DECONV) == 0) {
    gimp_plugin_enable_precision(); /* tiles in the drawable's own precision */
    *status = kcv_deconv_run(nparams, param, error);
    return TRUE;
  }
  return FALSE;
}

#ifdef KCV_HAVE_UI
/* The dialog (a module, loaded here only): GIMP_PDB_SUCCESS on OK with job updated. */
static GimpPDBStatusType run_dialog(gint32 image, gint32 drawable, KcvJob *job, gchar **error)
{
  switch (kcv_ui_loader_run(plugin_exe, image, drawable, job, error)) {
  case KCV_DIALOG_OK:
    return GIMP_PDB_SUCCESS;
  case KCV_DIALOG_CANCELLED:
    /* The preview's FFT sizes are worth measuring for the next time. */
    kcv_host_wisdom_save(gimp_directory(), plugin_exe);
    return GIMP_PDB_CANCEL;
  case KCV_DIALOG_FAILED:
  default:
    return GIMP_PDB_EXECUTION_ERROR;
  }
}
#endif

static void run(const gchar *name, gint nparams, const GimpParam *param, gint *nreturn_vals,
                GimpParam **return_vals)
{
  GimpPDBStatusType status = GIMP_PDB_SUCCESS;
  gchar *error = NULL;
  KcvJob job = {0};

  bindtextdomain(GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  if (run_apart(name, nparams, param, &status, &error)) {
    set_return(status, error, nreturn_vals, return_vals);
    return;
  }
  /* Tiles in the drawable's own precision (not GIMP's 8-bit compatibility
   * copies), whichever path reads them; GEGL starts only where babl is
   * needed (kcv_gegl_ensure). */
  gimp_plugin_enable_precision();
  /* Before the dialog too: its preview plans FFT sizes. */
  kcv_host_wisdom_load(gimp_directory());

  const KcvProcKind kind = kind_from_name(name);
  const GimpRunMode run_mode = nparams > 0 ? param[0].data.d_int32 : GIMP_RUN_NONINTERACTIVE;
  const gint32 image = nparams > 1 ? param[1].data.d_image : -1;
  const gint32 drawable = nparams > 2 ? param[2].data.d_drawable : -1;

  if (!kcv_args_check_drawable(drawable, &error)) {
    status = GIMP_PDB_CALLING_ERROR;
  } else {
    switch (run_mode) {
    case GIMP_RUN_NONINTERACTIVE:
      if (!job_from_params(kind, nparams, param, image, &job, &error))
        status = GIMP_PDB_CALLING_ERROR;
      break;
    case GIMP_RUN_WITH_LAST_VALS:
      /* The saved weights are the kernel: Repeat gives the same result even
       * when the file or the kernel layer changed since. */
      if (!kcv_settings_load(kind, &job)) {
        error = g_strdup(_("There are no last values to repeat; run the filter once from its "
                           "dialog or with arguments."));
        status = GIMP_PDB_CALLING_ERROR;
      }
      break;
    case GIMP_RUN_INTERACTIVE:
    default:
      /* The file and layer variants have no menu entry: a script calls them
       * with meaningful arguments, which the dialog then starts from. */
      if (kind == KCV_PROC_KIND_MATRIX ||
          !job_from_params(kind, nparams, param, image, &job, NULL)) {
        if (!kcv_settings_load(kind, &job))
          job_init_default(&job, kind);
      }
      if (strcmp(name, KCV_PROC_DECONV) == 0 && job.kernel)
        kcv_deconv_args_into_job(nparams, param, &job);
      if (!job.kernel) {
        error = kcv_args_status_message(KCV_ERR_NOMEM);
        status = GIMP_PDB_EXECUTION_ERROR;
      }
#ifdef KCV_HAVE_UI
      else
        status = run_dialog(image, drawable, &job, &error);
#endif
      break;
    }
  }
  /* Last values come from a possibly older run: check them like arguments. */
  if (status == GIMP_PDB_SUCCESS && !kcv_args_check_common(&job.common, &error))
    status = GIMP_PDB_CALLING_ERROR;

  if (status == GIMP_PDB_SUCCESS)
    status = finish_render(render_job(drawable, &job, &error), &job, run_mode);
  kcv_job_clear(&job);
  set_return(status, error, nreturn_vals, return_vals);
}

int main(int argc, char *argv[])
{
  start_time = g_get_monotonic_time();
  if (argc > 1 && strcmp(argv[1], KCV_HOST_MEASURE_FFT_ARG) == 0)
    return kcv_host_wisdom_helper_main(argc, argv);
  /* Translations sit in a "locale" folder beside the plug-in binary. GIMP
   * starts a plug-in with the binary's full path as argv[0], on every
   * system (/proc/self/exe is Linux's alone). The wisdom helper is this
   * binary started again. */
  plugin_exe = g_canonicalize_filename(argc > 0 && argv[0] ? argv[0] : "kcv", NULL);
  gchar *dir = g_path_get_dirname(plugin_exe);
  locale_dir = g_build_filename(dir, "locale", NULL);
  g_free(dir);
  return gimp_main(&PLUG_IN_INFO, argc, argv);
}
