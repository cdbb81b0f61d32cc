/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: kernels read from a file or made from a drawable (a painted bokeh shape, a PSF).
 */
#include "kcv3.h"

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
  /* Layer masks are channels in GIMP 3: both give their value. */
  GeglBuffer *buffer = gimp_drawable_get_buffer(drawable);
  kcv_kernel *kernel = kcv_host_buffer_kernel(buffer, gimp_drawable_get_format(drawable),
                                              gimp_item_is_channel(GIMP_ITEM(drawable)),
                                              gimp_drawable_has_alpha(drawable), normalise, error);
  g_object_unref(buffer);
  return kernel;
}
