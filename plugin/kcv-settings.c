/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: last values of each procedure, saved with gimp_set_data as plain data. */
#include "kcv-plugin.h"

#include <string.h>

/* Bump when the layout changes: older data is then ignored, not misread. */
#define KCV_SETTINGS_VERSION 3
#define KCV_SETTINGS_PATH_MAX 4096

/* Plain data only (no pointers): GIMP stores the bytes as they are. The
 * weights (width x height floats, row-major) follow the header. */
typedef struct {
  guint32 version;
  guint32 kind; /* KcvProcKind */
  gint32 width, height;
  gdouble divisor, offset;
  gint32 border, method, channels, alpha_weighting, linear;
  gint32 kernel_drawable, normalise;
  gchar filename[KCV_SETTINGS_PATH_MAX];
  gchar preset[32];
  gdouble preset_values[4];
  gint32 window_width, window_height;
  gint32 deconvolve, deconv_method, iterations;
  gdouble regularisation;
} KcvSettings;

static const gchar *key_for(KcvProcKind kind)
{
  switch (kind) {
  case KCV_PROC_KIND_FILE:
    return KCV_PROC_FILE;
  case KCV_PROC_KIND_LAYER:
    return KCV_PROC_LAYER;
  case KCV_PROC_KIND_MATRIX:
  default:
    return KCV_PROC_MATRIX;
  }
}

static gboolean load_key(const gchar *key, KcvProcKind kind, KcvJob *job)
{
  gint size = gimp_get_data_size(key);
  if (size < (gint)sizeof(KcvSettings))
    return FALSE;

  guint8 *bytes = g_malloc(size);
  gimp_get_data(key, bytes);
  KcvSettings s;
  memcpy(&s, bytes, sizeof s);

  gboolean ok = s.version == KCV_SETTINGS_VERSION && s.kind == (guint32)kind && s.width >= 1 &&
                s.width <= KCV_KERNEL_MAX && s.height >= 1 && s.height <= KCV_KERNEL_MAX &&
                (gsize)size == sizeof s + (gsize)s.width * s.height * sizeof(float);
  if (ok) {
    kcv_kernel *kernel =
        kcv_kernel_new_from_data(s.width, s.height, (const float *)(bytes + sizeof s));
    ok = kernel != NULL;
    if (ok) {
      kcv_job_clear(job);
      job->kernel = kernel;
      job->kind = kind;
      job->divisor = s.divisor;
      job->offset = s.offset;
      job->common = (KcvCommonArgs){s.border, s.method, s.channels, s.alpha_weighting, s.linear};
      s.filename[KCV_SETTINGS_PATH_MAX - 1] = '\0';
      job->filename = kind == KCV_PROC_KIND_FILE ? g_strdup(s.filename) : NULL;
      job->kernel_drawable = s.kernel_drawable;
      job->normalise = s.normalise;
      s.preset[sizeof s.preset - 1] = '\0';
      memcpy(job->preset, s.preset, sizeof job->preset);
      memcpy(job->preset_values, s.preset_values, sizeof job->preset_values);
      job->window_width = s.window_width;
      job->window_height = s.window_height;
      job->deconvolve = s.deconvolve;
      job->deconv_method = s.deconv_method;
      job->iterations = s.iterations;
      job->regularisation = s.regularisation;
    }
  }
  g_free(bytes);
  return ok;
}

static void save_key(const gchar *key, const KcvJob *job)
{
  KcvSettings s;
  memset(&s, 0, sizeof s);
  s.version = KCV_SETTINGS_VERSION;
  s.kind = job->kind;
  s.width = job->kernel->width;
  s.height = job->kernel->height;
  s.divisor = job->divisor;
  s.offset = job->offset;
  s.border = job->common.border;
  s.method = job->common.method;
  s.channels = job->common.channels;
  s.alpha_weighting = job->common.alpha_weighting;
  s.linear = job->common.linear;
  s.kernel_drawable = job->kernel_drawable;
  s.normalise = job->normalise;
  if (job->filename)
    g_strlcpy(s.filename, job->filename, sizeof s.filename);
  memcpy(s.preset, job->preset, sizeof s.preset);
  memcpy(s.preset_values, job->preset_values, sizeof s.preset_values);
  s.window_width = job->window_width;
  s.window_height = job->window_height;
  s.deconvolve = job->deconvolve;
  s.deconv_method = job->deconv_method;
  s.iterations = job->iterations;
  s.regularisation = job->regularisation;

  gsize weights = (gsize)s.width * s.height * sizeof(float);
  guint8 *bytes = g_malloc(sizeof s + weights);
  memcpy(bytes, &s, sizeof s);
  memcpy(bytes + sizeof s, job->kernel->data, weights);
  gimp_set_data(key, bytes, sizeof s + weights);
  g_free(bytes);
}

gboolean kcv_settings_load(KcvProcKind kind, KcvJob *job)
{
  return load_key(key_for(kind), kind, job);
}

void kcv_settings_save(const KcvJob *job)
{
  save_key(key_for(job->kind), job);
}

/* Under plug-in-kcv-deconvolve's own name, apart from the dialog's: a
 * convolution from the dialog does not replace them. */
gboolean kcv_settings_load_deconv(KcvJob *job)
{
  return load_key(KCV_PROC_DECONV, KCV_PROC_KIND_MATRIX, job) && job->deconvolve;
}

void kcv_settings_save_deconv(const KcvJob *job)
{
  save_key(KCV_PROC_DECONV, job);
}
