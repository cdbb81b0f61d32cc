/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: every argument check in one place; each message names the argument and what to do.
 */
#include "kcv-plugin.h"

#include <float.h>
#include <math.h>

void kcv_job_clear(KcvJob *job)
{
  kcv_kernel_free(job->kernel);
  job->kernel = NULL;
  g_clear_pointer(&job->filename, g_free);
}

/* The item whose "Lock pixels" keeps drawable from being written (itself, the
 * layer of a mask, or a layer group above it), or -1. GIMP refuses to merge
 * the result into such a drawable, so it must be refused before any work. */
static gint32 content_lock_holder(gint32 drawable)
{
  gint32 item = gimp_item_is_layer_mask(drawable) ? gimp_layer_from_mask(drawable) : drawable;
  if (item <= 0)
    item = drawable;
  for (gint32 i = item; i > 0; i = gimp_item_get_parent(i))
    if (gimp_item_get_lock_content(i))
      return i;
  return -1;
}

gboolean kcv_args_check_drawable(gint32 drawable, gchar **error)
{
  if (!gimp_item_is_valid(drawable) || !gimp_item_is_drawable(drawable))
    return kcv_host_fail(error,
                         g_strdup_printf(_("drawable: %d is not a drawable of an open image; "
                                           "pass a layer, layer mask or channel ID."),
                                         drawable));
  if (gimp_item_is_group(drawable))
    return kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_DRAWABLE_GROUP));
  gint32 locked = content_lock_holder(drawable);
  if (locked > 0) {
    gchar *name = gimp_item_get_name(locked);
    gchar *msg = kcv_host_locked_message(name);
    g_free(name);
    return kcv_host_fail(error, msg);
  }
  if (gimp_drawable_is_indexed(drawable))
    return kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_DRAWABLE_INDEXED));
  return TRUE;
}

gboolean kcv_args_check_common(const KcvCommonArgs *c, gchar **error)
{
  if (c->border < 0 || c->border >= KCV_BORDER_COUNT)
    return kcv_host_fail(error,
                         g_strdup_printf(_("border-mode: %d is unknown; use 0 (clamp), 1 (wrap), "
                                           "2 (mirror) or 3 (transparent)."),
                                         c->border));
  if (c->method < 0 || c->method >= KCV_METHOD_COUNT)
    return kcv_host_fail(error,
                         g_strdup_printf(_("method: %d is unknown; use 0 (auto), 1 (direct), "
                                           "2 (fft), 3 (separable) or 4 (im2col)."),
                                         c->method));
  if (c->channels < 0 || c->channels > (gint32)KCV_CHANNEL_ALL)
    return kcv_host_fail(error,
                         g_strdup_printf(_("channels: %d is not a channel mask; add up 1 (red or "
                                           "grey), 2 (green), 4 (blue), 8 (alpha), or pass 0 "
                                           "for all channels."),
                                         c->channels));
  if (c->alpha_weighting != 0 && c->alpha_weighting != 1)
    return kcv_host_fail(error,
                         g_strdup_printf(_("alpha-weighting: %d is not allowed; use 0 (off) or "
                                           "1 (on)."),
                                         c->alpha_weighting));
  if (c->linear != 0 && c->linear != 1)
    return kcv_host_fail(error,
                         g_strdup_printf(_("linear: %d is not allowed; use 0 (perceptual values "
                                           "as stored) or 1 (linear light)."),
                                         c->linear));
  return TRUE;
}

gboolean kcv_args_check_matrix(gint32 width, gint32 height, gint32 num_weights,
                               const gdouble *weights, gdouble divisor, gdouble offset,
                               gchar **error)
{
  if (width < 1 || width > KCV_KERNEL_MAX)
    return kcv_host_fail(error, g_strdup_printf(_("kernel-width: %d is out of range; use 1 to %d."),
                                                width, KCV_KERNEL_MAX));
  if (height < 1 || height > KCV_KERNEL_MAX)
    return kcv_host_fail(error,
                         g_strdup_printf(_("kernel-height: %d is out of range; use 1 to %d."),
                                         height, KCV_KERNEL_MAX));
  if ((gint64)num_weights != (gint64)width * height)
    return kcv_host_fail(error, g_strdup_printf(_("num-weights: %d does not match kernel-width x "
                                                  "kernel-height = %d x %d = %d; pass exactly %d "
                                                  "weights, top row first."),
                                                num_weights, width, height, width * height,
                                                width * height));
  if (!weights)
    return kcv_host_fail(error, g_strdup(_("weights: no array was passed; pass kernel-width x "
                                           "kernel-height numbers.")));
  for (gint i = 0; i < num_weights; i++) {
    const gint row = i / width + 1, column = i % width + 1;
    /* Script-Fu hands weights over as single floats: beyond the range they
     * arrive infinite, below it as 0 (see the all-zero check). */
    if (!isfinite(weights[i]))
      return kcv_host_fail(error,
                           g_strdup_printf(_("weights: element %d (row %d, column %d) is not a "
                                             "finite number (Script-Fu makes numbers beyond the "
                                             "range infinite); weights range from %g to %g."),
                                           i, row, column, -G_MAXFLOAT, G_MAXFLOAT));
    if (fabs(weights[i]) > G_MAXFLOAT)
      return kcv_host_fail(error,
                           g_strdup_printf(_("weights: element %d (row %d, column %d) is %g, out "
                                             "of range; weights range from %g to %g."),
                                           i, row, column, weights[i], -G_MAXFLOAT, G_MAXFLOAT));
    /* A weight a float turns into 0: a kernel of such weights would blacken the image. */
    if (weights[i] != 0 && (float)weights[i] == 0)
      return kcv_host_fail(error,
                           g_strdup_printf(_("weights: element %d (row %d, column %d) is %g, too "
                                             "small: it would become 0 (a non-zero weight needs a "
                                             "magnitude of at least %g); pass 0 or a larger "
                                             "value."),
                                           i, row, column, weights[i], (double)FLT_TRUE_MIN));
  }
  gboolean all_zero = TRUE;
  for (gint i = 0; i < num_weights && all_zero; i++)
    all_zero = weights[i] == 0;
  if (all_zero)
    return kcv_host_fail(
        error, g_strdup_printf(_("weights: all are 0, which would turn the selection into "
                                 "the offset alone (weights smaller than %g in "
                                 "magnitude arrive as 0); pass at least one non-zero "
                                 "weight."),
                               (double)FLT_TRUE_MIN));
  if (!isfinite(divisor))
    return kcv_host_fail(error, g_strdup(_("divisor: not a finite number; pass a number, or 0 for "
                                           "automatic (the sum of the weights).")));
  if (!isfinite(offset))
    return kcv_host_fail(error, g_strdup(_("offset: not a finite number; pass a number in channel "
                                           "units (1.0 is full scale).")));
  if (fabs(offset) > KCV_OFFSET_MAX)
    return kcv_host_fail(error,
                         g_strdup_printf(_("offset: %g is out of range; pass a number from %g to "
                                           "%g in channel units (1.0 is full scale)."),
                                         offset, -KCV_OFFSET_MAX, KCV_OFFSET_MAX));
  return TRUE;
}

kcv_kernel *kcv_args_kernel(gint32 width, gint32 height, const gdouble *weights, gchar **error)
{
  kcv_kernel *kernel = kcv_kernel_new(width, height);
  if (!kernel) {
    *error = kcv_args_status_message(KCV_ERR_NOMEM);
    return NULL;
  }
  for (gint i = 0; i < width * height; i++)
    kernel->data[i] = (float)weights[i];
  return kernel;
}

gboolean kcv_args_check_filename(const gchar *filename, gchar **error)
{
  if (!filename || !*filename)
    return kcv_host_fail(error, g_strdup(_("filename: empty; pass the path of a kernel file (.mat, "
                                           ".txt, .csv, .gmic or .acf).")));
  if (!g_file_test(filename, G_FILE_TEST_IS_REGULAR))
    return kcv_host_fail(error,
                         g_strdup_printf(_("filename: \"%s\" does not exist or is not a file; "
                                           "check the path."),
                                         filename));
  return TRUE;
}

gboolean kcv_args_check_kernel_drawable(gint32 image, gint32 kernel_drawable, gint32 normalise,
                                        gchar **error)
{
  if (normalise != 0 && normalise != 1)
    return kcv_host_fail(error,
                         g_strdup_printf(_("normalise: %d is not allowed; use 0 (weights as the "
                                           "pixels give them) or 1 (scaled to sum 1)."),
                                         normalise));
  if (!gimp_item_is_valid(kernel_drawable) || !gimp_item_is_drawable(kernel_drawable))
    return kcv_host_fail(error,
                         g_strdup_printf(_("kernel-drawable: %d is not a drawable of an open "
                                           "image; pass a layer, layer mask or channel ID."),
                                         kernel_drawable));
  if (gimp_item_get_image(kernel_drawable) != image)
    return kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_KERNEL_OTHER_IMAGE));
  if (gimp_item_is_group(kernel_drawable))
    return kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_KERNEL_GROUP));
  if (gimp_drawable_is_indexed(kernel_drawable))
    return kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_KERNEL_INDEXED));
  gint w = gimp_drawable_width(kernel_drawable);
  gint h = gimp_drawable_height(kernel_drawable);
  if (w > KCV_KERNEL_MAX || h > KCV_KERNEL_MAX)
    return kcv_host_fail(error, kcv_host_kernel_size_message(w, h));
  return TRUE;
}

gboolean kcv_args_channel_mask(gint32 drawable, gint32 channels, guint *core_mask, gchar **error)
{
  /* Grey layers, layer masks and channels: one value, maybe alpha. */
  const gboolean rgb = gimp_drawable_is_rgb(drawable) && !gimp_item_is_channel(drawable);
  const gint n = (rgb ? 3 : 1) + (gimp_drawable_has_alpha(drawable) ? 1 : 0);
  guint mask = kcv_channel_mask_from_colours(channels == 0 ? KCV_CHANNEL_ALL : (guint)channels, n);
  if (mask == 0)
    return kcv_host_fail(error, kcv_host_channel_message(channels));
  if (core_mask)
    *core_mask = mask;
  return TRUE;
}

gchar *kcv_args_status_message(kcv_status status)
{
  switch (status) {
  case KCV_ERR_OFFSET:
    return g_strdup_printf(_("offset: not a finite number or out of range; pass a number from "
                             "%g to %g in channel units (1.0 is full scale)."),
                           -KCV_OFFSET_MAX, KCV_OFFSET_MAX);
  case KCV_ERR_BORDER:
    return g_strdup(_("border-mode: unknown; use 0 (clamp), 1 (wrap), 2 (mirror) or 3 "
                      "(transparent)."));
  case KCV_ERR_METHOD:
    return g_strdup(_("method: this method cannot apply this kernel (the separable method "
                      "needs a kernel of low rank); use 0 (auto), 1 (direct) or 2 (fft)."));
  case KCV_ERR_CHANNEL_MASK:
    return g_strdup(_("channels: selects channels the drawable lacks; use 0 for all."));
  case KCV_ERR_FFTW:
    return g_strdup(_("method: the FFT could not be planned; use 1 (direct) or 0 (auto)."));
  default:
    return kcv_host_status_message(status);
  }
}
