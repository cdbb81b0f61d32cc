/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: a kernel made from a drawable (a painted bokeh shape, a measured PSF). */
#include "kcv-plugin.h"

/* Layers give their luminance times their alpha (so a shape painted on a
 * transparent layer is the kernel, not its invisible colour); layer masks
 * and channels give their value. Each keeps its own light: a perceptual
 * layer gives Y', a linear one Y. */
static const Babl *kernel_format(gint32 drawable, gboolean *premultiplied)
{
  kcv_gegl_ensure();
  const Babl *own = gimp_drawable_get_format(drawable);
  const gchar *model = babl_get_name(babl_format_get_model(own));
  gboolean perceptual = strchr(model, '\'') != NULL || strchr(model, '~') != NULL;

  *premultiplied = FALSE;
  if (gimp_item_is_channel(drawable) || gimp_item_is_layer_mask(drawable))
    return babl_format_with_space(perceptual ? "Y' float" : "Y float", own);
  if (gimp_drawable_has_alpha(drawable)) {
    *premultiplied = TRUE;
    return babl_format_with_space(perceptual ? "Y'A float" : "YA float", own);
  }
  return babl_format_with_space(perceptual ? "Y' float" : "Y float", own);
}

kcv_kernel *kcv_kernel_from_drawable(gint32 image, gint32 kernel_drawable, gboolean normalise,
                                     gchar **error)
{
  if (!kcv_args_check_kernel_drawable(image, kernel_drawable, normalise ? 1 : 0, error))
    return NULL;

  gint w = gimp_drawable_width(kernel_drawable);
  gint h = gimp_drawable_height(kernel_drawable);
  gboolean with_alpha;
  const Babl *format = kernel_format(kernel_drawable, &with_alpha);
  gint n = with_alpha ? 2 : 1;
  gfloat *pixels = g_try_new(gfloat, (gsize)w * h * n);
  if (!pixels) {
    kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_KERNEL_NOMEM));
    return NULL;
  }
  GeglBuffer *buffer = gimp_drawable_get_buffer(kernel_drawable);
  gegl_buffer_get(buffer, GEGL_RECTANGLE(0, 0, w, h), 1.0, format, pixels, GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  g_object_unref(buffer);

  kcv_kernel *kernel = kcv_host_picture_kernel(pixels, w, h, n, normalise, error);
  g_free(pixels);
  return kernel;
}
