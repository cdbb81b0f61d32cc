/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: a kernel made from a drawable (a painted bokeh shape, a measured PSF). */
#include "kcv-plugin.h"

kcv_kernel *kcv_kernel_from_drawable(gint32 image, gint32 kernel_drawable, gboolean normalise,
                                     gchar **error)
{
  if (!kcv_args_check_kernel_drawable(image, kernel_drawable, normalise ? 1 : 0, error))
    return NULL;
  kcv_gegl_ensure();
  const gboolean coverage =
      gimp_item_is_channel(kernel_drawable) || gimp_item_is_layer_mask(kernel_drawable);
  GeglBuffer *buffer = gimp_drawable_get_buffer(kernel_drawable);
  kcv_kernel *kernel =
      kcv_host_buffer_kernel(buffer, gimp_drawable_get_format(kernel_drawable), coverage,
                             gimp_drawable_has_alpha(kernel_drawable), normalise, error);
  g_object_unref(buffer);
  return kernel;
}
