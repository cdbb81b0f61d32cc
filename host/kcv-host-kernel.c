/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv hosts: a kernel-drawable's pixels as a kernel, for the GIMP 2.10 and GIMP 3 hosts alike. */
#include "kcv-host-kernel.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "kcv-host-args.h"
#include "kcv-presets.h"

/* Layers give their luminance times their alpha (so a shape painted on a
 * transparent layer is the kernel, not its invisible colour); layer masks
 * and channels give their value. Each keeps its own light: a perceptual
 * drawable gives Y', a linear one Y. */
static const Babl *kernel_format(const Babl *own, gboolean coverage, gboolean has_alpha,
                                 gboolean *with_alpha)
{
  const gchar *model = babl_get_name(babl_format_get_model(own));
  const gboolean perceptual = strchr(model, '\'') != NULL || strchr(model, '~') != NULL;
  *with_alpha = !coverage && has_alpha;
  if (*with_alpha)
    return babl_format_with_space(perceptual ? "Y'A float" : "YA float", own);
  return babl_format_with_space(perceptual ? "Y' float" : "Y float", own);
}

kcv_kernel *kcv_host_picture_kernel(const gfloat *pixels, gint width, gint height, gint components,
                                    gboolean normalise, gchar **error)
{
  kcv_kernel *kernel = NULL;
  kcv_status status =
      kcv_kernel_from_picture(pixels, width, height, components, normalise, &kernel);
  if (status == KCV_ERR_KERNEL_VALUE)
    kcv_host_fail(error, g_strdup(_("kernel-drawable: every pixel is black or transparent, so "
                                    "there is no kernel; paint the kernel's shape in white.")));
  else if (status != KCV_OK)
    kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_KERNEL_NOMEM));
  return kernel;
}

kcv_kernel *kcv_host_buffer_kernel(GeglBuffer *buffer, const Babl *own, gboolean coverage,
                                   gboolean has_alpha, gboolean normalise, gchar **error)
{
  const GeglRectangle *extent = gegl_buffer_get_extent(buffer);
  const gint w = extent->width, h = extent->height;
  gboolean with_alpha;
  const Babl *format = kernel_format(own, coverage, has_alpha, &with_alpha);
  const gint n = with_alpha ? 2 : 1;
  gfloat *pixels = g_try_new(gfloat, (gsize)w * h * n);
  if (!pixels) {
    kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_KERNEL_NOMEM));
    return NULL;
  }
  gegl_buffer_get(buffer, GEGL_RECTANGLE(extent->x, extent->y, w, h), 1.0, format, pixels,
                  GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  kcv_kernel *kernel = kcv_host_picture_kernel(pixels, w, h, n, normalise, error);
  g_free(pixels);
  return kernel;
}
