/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv hosts: the argument messages the GIMP 2.10 and GIMP 3 hosts share. */
#include "kcv-host-args.h"

#include <glib/gi18n-lib.h>

gboolean kcv_host_fail(gchar **error, gchar *message)
{
  if (error)
    *error = message;
  else
    g_free(message);
  return FALSE;
}

gchar *kcv_host_message(KcvHostMessage message)
{
  switch (message) {
  case KCV_HOST_MSG_DRAWABLE_GROUP:
    return g_strdup(_("drawable: a layer group has no pixels of its own; pick a layer inside it, "
                      "or merge the group first."));
  case KCV_HOST_MSG_DRAWABLE_INDEXED:
    return g_strdup(_("drawable: indexed images cannot be convolved; convert the image to RGB "
                      "first (Image > Mode > RGB, or gimp-image-convert-rgb)."));
  case KCV_HOST_MSG_KERNEL_OTHER_IMAGE:
    return g_strdup(_("kernel-drawable: it belongs to another image; copy it into this image as "
                      "a layer (or open the kernel as a layer) first."));
  case KCV_HOST_MSG_KERNEL_GROUP:
    return g_strdup(_("kernel-drawable: a layer group has no pixels of its own; pick a layer "
                      "inside it, or merge the group first."));
  case KCV_HOST_MSG_KERNEL_INDEXED:
    return g_strdup(_("kernel-drawable: indexed drawables cannot be used as a kernel; convert "
                      "the image to RGB or greyscale first."));
  case KCV_HOST_MSG_KERNEL_NOMEM:
  default:
    return g_strdup(_("kernel-drawable: not enough memory to read it."));
  }
}

gchar *kcv_host_kernel_size_message(gint width, gint height)
{
  return g_strdup_printf(_("kernel-drawable: %d x %d pixels is larger than the largest kernel "
                           "(%d x %d); scale or crop it."),
                         width, height, KCV_KERNEL_MAX, KCV_KERNEL_MAX);
}

gchar *kcv_host_channel_message(gint channels)
{
  return g_strdup_printf(_("channels: %d selects no channel this drawable has; use 1 (red or "
                           "grey), 2 (green), 4 (blue), 8 (alpha, when there is one) or 0 for "
                           "all."),
                         channels);
}

gchar *kcv_host_psf_sum_message(gdouble sum)
{
  return g_strdup_printf(_("weights: they sum to %g, but a point spread function's weights must "
                           "sum to more than 0 (it spreads light, it does not remove it); give "
                           "the blur's shape with weights of 0 or more, for example 1 where the "
                           "light went and 0 elsewhere."),
                         sum);
}

gchar *kcv_host_locked_message(const gchar *name)
{
  return g_strdup_printf(_("drawable: the pixels of \"%s\" are locked; unlock them (Lock pixels "
                           "in the Layers dialog, or gimp-item-set-lock-content) and try again."),
                         name ? name : "");
}

gchar *kcv_host_status_message(kcv_status status)
{
  switch (status) {
  case KCV_ERR_METHOD:
  case KCV_ERR_FFTW:
    return NULL;
  case KCV_ERR_KERNEL_SIZE:
    return g_strdup_printf(_("kernel: its size is out of range; use 1 to %d on each side."),
                           KCV_KERNEL_MAX);
  case KCV_ERR_KERNEL_VALUE:
    return g_strdup(_("weights: a weight is not a finite number; every weight must be finite."));
  case KCV_ERR_DIVISOR:
    return g_strdup(_("divisor: too small for these weights (the result would overflow); use a "
                      "larger divisor, or 0 for automatic."));
  case KCV_ERR_NOMEM:
    return g_strdup(_("Not enough memory for this convolution; select a smaller area or use a "
                      "smaller kernel."));
  case KCV_ERR_CANCELLED:
    return g_strdup(_("The convolution was cancelled."));
  default:
    return g_strdup_printf(_("The convolution failed: %s"), kcv_status_message(status));
  }
}
