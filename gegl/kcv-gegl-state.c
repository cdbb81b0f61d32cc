/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv GEGL operation: the kernel and plans made from the operation's properties. */
#include "kcv-gegl.h"

#include <string.h>

#include "kcv-kernel-io.h"

struct KcvGeglState {
  GMutex lock;
  gboolean have_settings; /* settings below hold the last ones seen */
  KcvGeglSettings settings;
  gchar *kernel_text, *kernel_file; /* owned copies for settings */
  gboolean ok;
  gchar *last_error; /* the last problem printed, so it is printed once */
  kcv_kernel *kernel;
  kcv_options options;
  kcv_plan *plan;        /* with the method asked for (maybe AUTO) */
  kcv_plan *run_plan;    /* with run_method; NULL until needed */
  kcv_method run_method; /* AUTO resolved for the image last processed */
};

KcvGeglState *kcv_gegl_state_new(void)
{
  KcvGeglState *state = g_new0(KcvGeglState, 1);
  g_mutex_init(&state->lock);
  kcv_gegl_wisdom_load();
  return state;
}

static void state_clear_plans(KcvGeglState *state)
{
  kcv_plan_free(state->run_plan);
  kcv_plan_free(state->plan);
  kcv_kernel_free(state->kernel);
  state->run_plan = NULL;
  state->plan = NULL;
  state->kernel = NULL;
  state->ok = FALSE;
}

void kcv_gegl_state_free(KcvGeglState *state)
{
  if (!state)
    return;
  state_clear_plans(state);
  g_free(state->kernel_text);
  g_free(state->kernel_file);
  g_free(state->last_error);
  g_mutex_clear(&state->lock);
  g_free(state);
}

static gboolean same_settings(const KcvGeglState *state, const KcvGeglSettings *s)
{
  const KcvGeglSettings *o = &state->settings;
  return state->have_settings && g_strcmp0(state->kernel_text, s->kernel) == 0 &&
         g_strcmp0(state->kernel_file, s->kernel_file) == 0 && o->divisor == s->divisor &&
         o->offset == s->offset && o->border == s->border && o->method == s->method &&
         o->alpha_weighting == s->alpha_weighting && o->channels == s->channels;
}

/* The kernel from the text, else from the file; NULL with *error set when
 * the one set cannot be read, NULL with *error left NULL when none is set. */
static kcv_kernel *load_kernel(const KcvGeglSettings *s, double *divisor, double *offset,
                               gchar **error)
{
  kcv_kernel_file file;
  kcv_error err = {0};
  kcv_status status;
  gboolean from_text = s->kernel && s->kernel[0];

  if (from_text) {
    status =
        kcv_kernel_file_parse(s->kernel, strlen(s->kernel), KCV_KERNEL_FORMAT_AUTO, &file, &err);
  } else if (s->kernel_file && s->kernel_file[0]) {
    if (!g_file_test(s->kernel_file, G_FILE_TEST_IS_REGULAR)) {
      *error = g_strdup_printf("kernel-file: \"%s\" does not exist or is not a file; check the "
                               "path.",
                               s->kernel_file);
      return NULL;
    }
    status = kcv_kernel_file_load(s->kernel_file, KCV_KERNEL_FORMAT_AUTO, &file, &err);
  } else {
    /* No kernel yet: GIMP creates the filter before it sets the kernel, and
     * its GEGL tool shows the operation with empty properties. Normal, not
     * worth a warning; the input passes through until a kernel is set. */
    return NULL;
  }
  if (status != KCV_OK) {
    /* The core's message already says where (line and column) and what. */
    const gchar *why = err.message[0] ? err.message : kcv_status_message(status);
    if (from_text)
      *error = g_strdup_printf("kernel: %s; give rows of numbers, CSV, G'MIC (a,b;c,d) or "
                               "libvips .mat text.",
                               why);
    else
      *error = g_strdup_printf("kernel-file: \"%s\": %s; fix the file or pick another (.mat, "
                               ".txt, .csv, .gmic or .acf).",
                               s->kernel_file, why);
    return NULL;
  }
  *divisor = file.divisor;
  *offset = file.offset;
  kcv_kernel *kernel = file.kernel;
  file.kernel = NULL;
  kcv_kernel_file_clear(&file);
  return kernel;
}

/* A message naming the property to change for a status of kcv_plan_new. */
static gchar *plan_error(kcv_status status, const KcvGeglSettings *s)
{
  switch (status) {
  case KCV_ERR_DIVISOR:
    return g_strdup_printf("divisor: %g cannot be used (the result would not be finite); use 0 "
                           "(automatic) or a finite non-zero number.",
                           s->divisor);
  case KCV_ERR_OFFSET:
    return g_strdup_printf("offset: %g is not a finite number.", s->offset);
  case KCV_ERR_METHOD:
    return g_strdup_printf("method: %s cannot be used for this kernel (separable needs a rank "
                           "of at most %d); use auto.",
                           kcv_method_name(s->method), KCV_SEPARABLE_MAX_RANK);
  default:
    return g_strdup_printf("%s", kcv_status_message(status));
  }
}

static void report(KcvGeglState *state, gchar *error)
{
  if (g_strcmp0(error, state->last_error) != 0)
    g_warning("kcv:convolve: %s", error);
  g_free(state->last_error);
  state->last_error = error;
}

static gboolean rebuild(KcvGeglState *state, const KcvGeglSettings *s)
{
  gchar *error = NULL;
  double divisor = 0.0, offset = 0.0;

  state->kernel = load_kernel(s, &divisor, &offset, &error);
  if (!state->kernel && !error) {
    g_clear_pointer(&state->last_error, g_free);
    return FALSE;
  }
  if (!state->kernel) {
    report(state, error);
    return FALSE;
  }
  /* The options every front end makes (kcv.h): all channels, so a zero-sum
   * kernel leaves alpha alone, as in the plug-ins. */
  const kcv_user_args args = {.method = s->method,
                              .border = s->border,
                              .divisor = s->divisor != 0.0 ? s->divisor : divisor,
                              .offset = offset + s->offset,
                              .colours = 0,
                              .alpha_weighting = s->alpha_weighting};
  kcv_status status = kcv_options_from_user(&args, state->kernel, s->channels, &state->options);
  gint threads = 0;
  g_object_get(gegl_config(), "threads", &threads, NULL);
  state->options.threads = MAX(threads, 0);

  if (status == KCV_OK)
    status = kcv_plan_new(state->kernel, &state->options, &state->plan);
  /* Checked now, not when the first region fails, so nothing is written. */
  if (status == KCV_OK && s->method == KCV_METHOD_SEPARABLE && kcv_plan_rank(state->plan) < 1)
    status = KCV_ERR_METHOD;
  if (status != KCV_OK) {
    report(state, plan_error(status, s));
    return FALSE;
  }
  g_clear_pointer(&state->last_error, g_free);
  return TRUE;
}

gboolean kcv_gegl_state_update(KcvGeglState *state, const KcvGeglSettings *settings)
{
  g_mutex_lock(&state->lock);
  if (!same_settings(state, settings)) {
    state_clear_plans(state);
    g_free(state->kernel_text);
    g_free(state->kernel_file);
    state->kernel_text = g_strdup(settings->kernel);
    state->kernel_file = g_strdup(settings->kernel_file);
    state->settings = *settings;
    state->settings.kernel = state->kernel_text;
    state->settings.kernel_file = state->kernel_file;
    state->have_settings = TRUE;
    state->ok = rebuild(state, settings);
  }
  gboolean ok = state->ok;
  g_mutex_unlock(&state->lock);
  return ok;
}

void kcv_gegl_state_halo(KcvGeglState *state, gint *hx, gint *hy)
{
  g_mutex_lock(&state->lock);
  *hx = state->ok ? state->kernel->width / 2 : 0;
  *hy = state->ok ? state->kernel->height / 2 : 0;
  g_mutex_unlock(&state->lock);
}

/* The plan to run for an image of w x h: AUTO resolved once for the whole
 * image, so that GEGL's regions all run the same method (a region's own
 * size would pick FFT for some and direct for others, whose float rounding
 * differs). All but the FFT run single-threaded per band, on GEGL's threads
 * (kcv_gegl_render); the FFT threads itself. */
static kcv_status run_plan_for(KcvGeglState *state, gint w, gint h, kcv_plan **plan)
{
  kcv_method m = state->options.method;
  if (m == KCV_METHOD_AUTO) {
    const int n = kcv_options_convolved_channels(&state->options, state->settings.channels);
    m = kcv_plan_choose(state->plan, w, h, n, NULL);
  }
  if (!state->run_plan || m != state->run_method) {
    kcv_options forced = state->options;
    forced.method = m;
    forced.threads = m == KCV_METHOD_FFT ? state->options.threads : 1;
    kcv_plan *p = NULL;
    kcv_status status = kcv_plan_new(state->kernel, &forced, &p);
    if (status != KCV_OK)
      return status;
    kcv_plan_free(state->run_plan);
    state->run_plan = p;
    state->run_method = m;
  }
  *plan = state->run_plan;
  return KCV_OK;
}

/* The lock is held through the render, so a change of settings from another
 * thread waits for the plan it would free. */
kcv_status kcv_gegl_state_process(KcvGeglState *state, const KcvGeglRegion *region)
{
  g_mutex_lock(&state->lock);
  kcv_status status = KCV_ERR_NULL;
  kcv_plan *plan = NULL;
  if (state->ok)
    status = run_plan_for(state, region->bbox->width, region->bbox->height, &plan);
  if (status == KCV_OK)
    status =
        kcv_gegl_render(plan, state->run_method != KCV_METHOD_FFT, region, state->kernel->width / 2,
                        state->kernel->height / 2, state->settings.channels);
  g_mutex_unlock(&state->lock);
  return status;
}
