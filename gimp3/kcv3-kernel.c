/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: kernels read from a file or made from a drawable (a painted bokeh shape, a PSF).
 */
#include "kcv3.h"

#include <string.h>

#include "kcv-kernel-io.h"

kcv_kernel *kcv3_kernel_from_file(GFile *file, double *divisor, double *offset, gchar **error)
{
  gchar *path = file ? g_file_get_path(file) : NULL;
  if (!path || !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
    gchar *shown = file ? g_file_get_parse_name(file) : g_strdup("");
    *error = g_strdup_printf(_("file: \"%s\" does not exist or is not a file; pass the path of "
                               "a kernel file (.mat, .txt, .csv, .gmic or .acf)."),
                             shown);
    g_free(shown);
    g_free(path);
    return NULL;
  }
  kcv_kernel_file loaded;
  kcv_error err = {0};
  kcv_status status = kcv_kernel_file_load(path, KCV_KERNEL_FORMAT_AUTO, &loaded, &err);
  if (status != KCV_OK) {
    /* The core's message already says where (line and column) and what. */
    *error = g_strdup_printf(_("file: \"%s\": %s; fix the file or pick another (.mat, .txt, "
                               ".csv, .gmic or .acf)."),
                             path, err.message[0] ? err.message : kcv_status_message(status));
    g_free(path);
    return NULL;
  }
  g_free(path);
  *divisor = loaded.divisor;
  *offset = loaded.offset;
  kcv_kernel *kernel = loaded.kernel;
  loaded.kernel = NULL;
  kcv_kernel_file_clear(&loaded);
  return kernel;
}

/* Layers give their luminance times their alpha (a shape painted on a
 * transparent layer is the kernel, not its invisible colour); layer masks
 * and channels give their value. Each keeps its own light. */
static const Babl *kernel_format(GimpDrawable *drawable, gboolean *with_alpha)
{
  const Babl *own = gimp_drawable_get_format(drawable);
  const gchar *model = babl_get_name(babl_format_get_model(own));
  const gboolean perceptual = strchr(model, '\'') != NULL || strchr(model, '~') != NULL;

  *with_alpha = FALSE;
  if (!gimp_item_is_channel(GIMP_ITEM(drawable)) && gimp_drawable_has_alpha(drawable)) {
    *with_alpha = TRUE;
    return babl_format_with_space(perceptual ? "Y'A float" : "YA float", own);
  }
  return babl_format_with_space(perceptual ? "Y' float" : "Y float", own);
}

static gboolean check_kernel_drawable(GimpImage *image, GimpDrawable *drawable, gchar **error)
{
  if (!drawable)
    return kcv_host_fail(error, g_strdup(_("kernel-drawable: none given; pass a layer, layer "
                                           "mask or channel of the same image.")));
  if (gimp_item_get_image(GIMP_ITEM(drawable)) != image)
    return kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_KERNEL_OTHER_IMAGE));
  if (gimp_item_is_group(GIMP_ITEM(drawable)))
    return kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_KERNEL_GROUP));
  if (gimp_drawable_is_indexed(drawable))
    return kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_KERNEL_INDEXED));
  const gint w = gimp_drawable_get_width(drawable), h = gimp_drawable_get_height(drawable);
  if (w > KCV_KERNEL_MAX || h > KCV_KERNEL_MAX)
    return kcv_host_fail(error, kcv_host_kernel_size_message(w, h));
  return TRUE;
}

kcv_kernel *kcv3_kernel_from_drawable(GimpImage *image, GimpDrawable *drawable, gboolean normalise,
                                      gchar **error)
{
  if (!check_kernel_drawable(image, drawable, error))
    return NULL;
  const gint w = gimp_drawable_get_width(drawable), h = gimp_drawable_get_height(drawable);
  gboolean with_alpha;
  const Babl *format = kernel_format(drawable, &with_alpha);
  gfloat *pixels = g_try_new(gfloat, (gsize)w * h * (with_alpha ? 2 : 1));
  if (!pixels) {
    kcv_host_fail(error, kcv_host_message(KCV_HOST_MSG_KERNEL_NOMEM));
    return NULL;
  }
  GeglBuffer *buffer = gimp_drawable_get_buffer(drawable);
  gegl_buffer_get(buffer, GEGL_RECTANGLE(0, 0, w, h), 1.0, format, pixels, GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  g_object_unref(buffer);

  kcv_kernel *kernel = kcv_host_picture_kernel(pixels, w, h, with_alpha ? 2 : 1, normalise, error);
  g_free(pixels);
  return kernel;
}
