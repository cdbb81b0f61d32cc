/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: kernels read from a file or made from a drawable (a painted bokeh shape, a PSF).
 */
#include "kcv3.h"

#include <string.h>

#include "kcv-kernel-io.h"
#include "kcv-presets.h"

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
    *error = g_strdup(_("kernel-drawable: none given; pass a layer, layer mask or channel of "
                        "the same image."));
  else if (gimp_item_get_image(GIMP_ITEM(drawable)) != image)
    *error = g_strdup(_("kernel-drawable: it belongs to another image; copy it into this image "
                        "as a layer (or open the kernel as a layer) first."));
  else if (gimp_item_is_group(GIMP_ITEM(drawable)))
    *error = g_strdup(_("kernel-drawable: a layer group has no pixels of its own; pick a layer "
                        "inside it, or merge the group first."));
  else if (gimp_drawable_is_indexed(drawable))
    *error = g_strdup(_("kernel-drawable: indexed drawables cannot be used as a kernel; convert "
                        "the image to RGB or greyscale first."));
  else if (gimp_drawable_get_width(drawable) > KCV_KERNEL_MAX ||
           gimp_drawable_get_height(drawable) > KCV_KERNEL_MAX)
    *error = g_strdup_printf(_("kernel-drawable: %d x %d pixels is larger than the largest "
                               "kernel (%d x %d); scale or crop it."),
                             gimp_drawable_get_width(drawable), gimp_drawable_get_height(drawable),
                             KCV_KERNEL_MAX, KCV_KERNEL_MAX);
  else
    return TRUE;
  return FALSE;
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
    *error = g_strdup(_("kernel-drawable: not enough memory to read it."));
    return NULL;
  }
  GeglBuffer *buffer = gimp_drawable_get_buffer(drawable);
  gegl_buffer_get(buffer, GEGL_RECTANGLE(0, 0, w, h), 1.0, format, pixels, GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  g_object_unref(buffer);

  kcv_kernel *kernel = NULL;
  kcv_status status = kcv_kernel_from_picture(pixels, w, h, with_alpha ? 2 : 1, normalise, &kernel);
  g_free(pixels);
  if (status == KCV_ERR_KERNEL_VALUE)
    *error = g_strdup(_("kernel-drawable: every pixel is black or transparent, so there is no "
                        "kernel; paint the kernel's shape in white."));
  else if (status != KCV_OK)
    *error = g_strdup(_("kernel-drawable: not enough memory to read it."));
  return kernel;
}
