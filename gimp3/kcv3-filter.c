/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: pixels inside GIMP's process: a job as the GEGL operation kcv:convolve, merged
 * into each drawable or appended to it as a non-destructive filter.
 */
#include "kcv3.h"

#include <string.h>

#include "kcv-kernel-io.h"

#define KCV3_OPERATION "kcv:convolve"

/* The channels of drawable as the render reads them, without starting babl. */
static gint drawable_channels(GimpDrawable *drawable)
{
  const gboolean rgb = gimp_drawable_is_rgb(drawable) &&
                       !gimp_item_is_channel(GIMP_ITEM(drawable)) &&
                       !gimp_item_is_layer_mask(GIMP_ITEM(drawable));
  return (rgb ? 3 : 1) + (gimp_drawable_has_alpha(drawable) ? 1 : 0);
}

/* The options the plug-in path makes for job on ch channels (kcv.h's one
 * place), with job's colours or the operation's (it has none: all). */
static kcv_status job_options(const Kcv3Job *job, gboolean own_colours, gint ch,
                              kcv_options *options)
{
  const kcv_user_args args = {.method = job->method,
                              .border = job->border,
                              .divisor = job->divisor,
                              .offset = job->offset,
                              .colours = own_colours ? job->channels : 0,
                              .alpha_weighting = job->alpha_weighting};
  return kcv_options_from_user(&args, job->kernel, ch, options);
}

/* The operation convolves the channels "all" means (every one, but alpha
 * under a zero-sum kernel); a job that asks for others goes through the
 * plug-in, which also words a channel error. */
static gboolean channels_fit(GimpDrawable *drawable, const Kcv3Job *job)
{
  const gint ch = drawable_channels(drawable);
  kcv_options own, all;
  return job_options(job, TRUE, ch, &own) == KCV_OK &&
         job_options(job, FALSE, ch, &all) == KCV_OK && own.channel_mask == all.channel_mask;
}

/* The operation's "linear" for drawable: layers as the job says; masks and
 * channels in their own model (the plug-in path keeps it too), which a
 * model name with a prime marks as perceptual. Layers need no babl, which
 * this process then never starts. */
static gboolean operation_linear(GimpDrawable *drawable, const Kcv3Job *job)
{
  if (!gimp_item_is_layer_mask(GIMP_ITEM(drawable)) && !gimp_item_is_channel(GIMP_ITEM(drawable)))
    return job->linear;
  gegl_init(NULL, NULL); /* formats need babl */
  gint ch;
  const Babl *format = kcv3_render_format(drawable, job->linear, &ch);
  return strchr(babl_get_name(babl_format_get_model(format)), '\'') == NULL;
}

/* GIMP hands a filter only the selection's bounding box (its "region" is
 * the selection, which libgimp 3.0 cannot change), so the operation's border
 * would sit at the selection's edges; the plug-in reads the pixels beyond
 * them. The same pixels need a selection that spans the whole drawable, or
 * none that touches it (then nothing is done). */
static gboolean region_fits(GimpDrawable *drawable)
{
  gint x, y, w, h;
  if (!gimp_drawable_mask_intersect(drawable, &x, &y, &w, &h) || w < 1 || h < 1)
    return TRUE;
  return x == 0 && y == 0 && w == gimp_drawable_get_width(drawable) &&
         h == gimp_drawable_get_height(drawable);
}

gboolean kcv3_filter_fits(GimpDrawable **drawables, const Kcv3Job *job, gboolean append)
{
  for (gint i = 0; drawables[i]; i++) {
    if (!channels_fit(drawables[i], job))
      return FALSE;
    if (!append && !region_fits(drawables[i]))
      return FALSE;
  }
  return TRUE;
}

/* The checks the plug-in path makes while it runs, made before GIMP is asked
 * to apply anything: the operation could only print a warning, and the
 * drawables must stay untouched on any error. */
static gboolean job_checks(const Kcv3Job *job, gchar **error)
{
  kcv_options options;
  kcv_plan *plan = NULL;
  kcv_status status = job_options(job, FALSE, 4, &options);
  if (status == KCV_OK)
    status = kcv_plan_new(job->kernel, &options, &plan);
  if (status == KCV_OK && job->method == KCV_METHOD_SEPARABLE && kcv_plan_rank(plan) < 1)
    status = KCV_ERR_METHOD;
  kcv_plan_free(plan);
  if (status != KCV_OK)
    *error = kcv3_status_message(status);
  return status == KCV_OK;
}

/* A GEGL enum property of the operation reaches the plug-in as a GEGL enum
 * or as a GimpChoice, by GIMP version: set it by nick either way. */
static void set_choice(GObject *config, const gchar *name, const gchar *nick)
{
  GParamSpec *pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(config), name);
  if (!pspec)
    return;
  if (G_IS_PARAM_SPEC_ENUM(pspec)) {
    GEnumClass *klass = g_type_class_ref(pspec->value_type);
    GEnumValue *value = g_enum_get_value_by_nick(klass, nick);
    if (value)
      g_object_set(config, name, value->value, NULL);
    g_type_class_unref(klass);
  } else if (G_IS_PARAM_SPEC_STRING(pspec)) {
    g_object_set(config, name, nick, NULL);
  }
}

static void set_properties(GimpDrawableFilter *filter, GimpDrawable *drawable, const Kcv3Job *job,
                           const gchar *kernel_text)
{
  GObject *config = G_OBJECT(gimp_drawable_filter_get_config(filter));
  g_object_set(config, "kernel", kernel_text, "divisor", job->divisor, "offset", job->offset,
               "linear", operation_linear(drawable, job), "alpha-weighting", job->alpha_weighting,
               NULL);
  set_choice(config, "border", kcv3_border_nick(job->border));
  set_choice(config, "method", kcv3_method_nick(job->method));
  gimp_drawable_filter_update(filter);
}

/* A new filter of the operation on drawable; NULL when GIMP does not have
 * the operation. GIMP's own report of that failure is not shown: the
 * caller falls back to the plug-in path. */
static GimpDrawableFilter *new_filter(GimpDrawable *drawable)
{
  GimpPlugIn *plug_in = gimp_get_plug_in();
  GimpPDBErrorHandler old = gimp_plug_in_get_pdb_error_handler(plug_in);
  gimp_plug_in_set_pdb_error_handler(plug_in, GIMP_PDB_ERROR_HANDLER_PLUGIN);
  GimpDrawableFilter *filter =
      gimp_drawable_filter_new(drawable, KCV3_OPERATION, _("Custom Convolution"));
  gimp_plug_in_set_pdb_error_handler(plug_in, old);
  return filter;
}

/* Makes a filter for every drawable the selection touches before any is
 * applied, so a missing operation changes nothing. */
static Kcv3RenderResult new_filters(GimpDrawable **drawables, gint n, GimpDrawableFilter **filters)
{
  Kcv3RenderResult result = KCV3_RENDER_NOTHING;
  for (gint i = 0; i < n; i++) {
    gint x, y, w, h;
    if (!gimp_drawable_mask_intersect(drawables[i], &x, &y, &w, &h) || w < 1 || h < 1)
      continue;
    filters[i] = new_filter(drawables[i]);
    if (!filters[i])
      return KCV3_RENDER_UNAVAILABLE;
    result = KCV3_RENDER_OK;
  }
  return result;
}

Kcv3RenderResult kcv3_filter_apply(GimpDrawable **drawables, const Kcv3Job *job, gboolean append,
                                   gchar **error)
{
  gint n = 0;
  while (drawables[n])
    n++;
  if (!job_checks(job, error))
    return KCV3_RENDER_BAD_ARGUMENT;
  /* Exact weights: the text reads back bit-identical. */
  gchar *text = kcv_kernel_file_to_text(job->kernel, KCV_KERNEL_FORMAT_GMIC, 0.0, 0.0);
  if (!text) {
    *error = kcv3_status_message(KCV_ERR_NOMEM);
    return KCV3_RENDER_ERROR;
  }
  GimpDrawableFilter **filters = g_new0(GimpDrawableFilter *, n);
  Kcv3RenderResult result = new_filters(drawables, n, filters);
  for (gint i = 0; i < n; i++) {
    if (!filters[i])
      continue;
    if (result != KCV3_RENDER_OK) {
      gimp_drawable_filter_delete(filters[i]);
      continue;
    }
    set_properties(filters[i], drawables[i], job, text);
    if (append)
      gimp_drawable_append_filter(drawables[i], filters[i]);
    else
      gimp_drawable_merge_filter(drawables[i], filters[i]);
  }
  g_free(filters);
  free(text);
  return result;
}
