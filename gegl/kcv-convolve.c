/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv GEGL operation kcv:convolve: the kcv core as a GEGL filter, for GIMP and the gegl tool. */
#ifdef GEGL_PROPERTIES

/* GEGL's property macros read as a table; clang-format would run them together. */
/* clang-format off */

/* The enums' nicks are the names scripts use (border=wrap, method=fft); in
 * the order of the core's values (the plug-in's PDB numbers), checked below. */
enum_start(kcv_gegl_border)
  enum_value(KCV_GEGL_BORDER_CLAMP, "clamp", "Clamp")
  enum_value(KCV_GEGL_BORDER_WRAP, "wrap", "Wrap")
  enum_value(KCV_GEGL_BORDER_MIRROR, "mirror", "Mirror")
  enum_value(KCV_GEGL_BORDER_TRANSPARENT, "transparent", "Transparent")
enum_end(KcvGeglBorder)

enum_start(kcv_gegl_method)
  enum_value(KCV_GEGL_METHOD_AUTO, "auto", "Auto")
  enum_value(KCV_GEGL_METHOD_DIRECT, "direct", "Direct")
  enum_value(KCV_GEGL_METHOD_FFT, "fft", "FFT")
  enum_value(KCV_GEGL_METHOD_SEPARABLE, "separable", "Separable")
  enum_value(KCV_GEGL_METHOD_IM2COL, "im2col", "im2col")
enum_end(KcvGeglMethod)

property_string(kernel, "Kernel", "")
  description("The kernel as text, applied as displayed (top-left weight on the pixel up and "
              "left): rows of numbers, CSV, G'MIC (a,b;c,d) or libvips .mat text")

/* A string, not a file path: GIMP 3.0.4's libgimp cannot hand a file-path
 * property to a plug-in, and a plug-in's filter config lost it and every
 * property after it (the GIMP 3 host sets those). */
property_string(kernel_file, "Kernel file", "")
  description("A kernel file (.mat, .txt, .csv, .gmic, .acf), used when kernel is empty; its "
              "divisor and offset apply")

property_double(divisor, "Divisor", 0.0)
  description("The weighted sum is divided by this; 0: the kernel file's, else the sum of the "
              "weights (1 when they sum to 0)")
  ui_range(-1000.0, 1000.0)

property_double(offset, "Offset", 0.0)
  description("Added after the division (and to the kernel file's offset), in full-scale units: "
              "1.0 is white, 0.5 mid-grey")
  ui_range(-1.0, 1.0)

property_enum(border, "Border", KcvGeglBorder, kcv_gegl_border, KCV_GEGL_BORDER_CLAMP)
  description("Pixels beyond the input's edges: clamp, wrap, mirror or transparent")

property_enum(method, "Method", KcvGeglMethod, kcv_gegl_method, KCV_GEGL_METHOD_AUTO)
  description("auto picks the fastest by kcv's cost model; the others force one")

property_boolean(linear, "Linear light", FALSE)
  description("Convolve linear light; off: the perceptual (gamma) values, as GIMP's Convolution "
              "Matrix does")

property_boolean(alpha_weighting, "Alpha weighting", TRUE)
  description("Weight colour by alpha so transparent pixels do not bleed their colour")

/* clang-format on */
#else

#define GEGL_OP_FILTER
#define GEGL_OP_NAME kcv_convolve
/* The file name is not an expression. */
/* clang-format off */
#define GEGL_OP_C_SOURCE kcv-convolve.c
/* clang-format on */

#include <glib/gi18n-lib.h>

#include "kcv-gegl.h"

#include "gegl-op.h"

G_STATIC_ASSERT((int)KCV_GEGL_BORDER_TRANSPARENT == (int)KCV_BORDER_TRANSPARENT &&
                (int)KCV_GEGL_BORDER_MIRROR == (int)KCV_BORDER_MIRROR &&
                (int)KCV_GEGL_BORDER_WRAP == (int)KCV_BORDER_WRAP);
G_STATIC_ASSERT((int)KCV_GEGL_METHOD_IM2COL == (int)KCV_METHOD_IM2COL &&
                (int)KCV_GEGL_METHOD_SEPARABLE == (int)KCV_METHOD_SEPARABLE &&
                (int)KCV_GEGL_METHOD_FFT == (int)KCV_METHOD_FFT &&
                (int)KCV_GEGL_METHOD_DIRECT == (int)KCV_METHOD_DIRECT);

static KcvGeglState *state_of(GeglOperation *operation)
{
  GeglProperties *o = GEGL_PROPERTIES(operation);
  if (!o->user_data)
    o->user_data = kcv_gegl_state_new();
  return o->user_data;
}

/* The format the plug-in would convolve the same pixels in: float, linear or
 * perceptual, grey or RGB, with alpha when the input has it, in the input's
 * colour space. */
static const Babl *work_format(GeglOperation *operation, gboolean linear)
{
  const Babl *src = gegl_operation_get_source_format(operation, "input");
  gboolean alpha = src ? babl_format_has_alpha(src) : TRUE;
  gboolean grey = src && babl_get_name(babl_format_get_model(src))[0] == 'Y';
  const gchar *name;
  if (grey)
    name = linear ? (alpha ? "YA float" : "Y float") : (alpha ? "Y'A float" : "Y' float");
  else
    name =
        linear ? (alpha ? "RGBA float" : "RGB float") : (alpha ? "R'G'B'A float" : "R'G'B' float");
  return babl_format_with_space(name, src);
}

/* Parses the kernel and makes the plan when a property changed; FALSE when
 * they cannot be used (the message saying why is printed once). */
static gboolean update_state(GeglOperation *operation, const Babl *format)
{
  GeglProperties *o = GEGL_PROPERTIES(operation);
  KcvGeglSettings settings = {o->kernel,
                              o->kernel_file,
                              o->divisor,
                              o->offset,
                              (kcv_border)o->border,
                              (kcv_method)o->method,
                              o->alpha_weighting,
                              babl_format_get_n_components(format)};
  return kcv_gegl_state_update(state_of(operation), &settings);
}

static void prepare(GeglOperation *operation)
{
  const Babl *format = work_format(operation, GEGL_PROPERTIES(operation)->linear);
  gegl_operation_set_format(operation, "input", format);
  gegl_operation_set_format(operation, "output", format);
  update_state(operation, format);
}

/* The output covers the input whether or not the kernel can be used: with
 * none, the input passes through unchanged (see operation_process), so a
 * host that merges the filter never replaces pixels with nothing. */
static GeglRectangle get_bounding_box(GeglOperation *operation)
{
  const GeglRectangle *in = gegl_operation_source_get_bounding_box(operation, "input");
  GeglRectangle none = {0, 0, 0, 0};
  return in ? *in : none;
}

static GeglRectangle get_required_for_output(GeglOperation *operation, const gchar *input_pad,
                                             const GeglRectangle *roi)
{
  const GeglRectangle *in = gegl_operation_source_get_bounding_box(operation, "input");
  gint hx, hy;
  if (!in)
    return *roi;
  kcv_gegl_state_halo(state_of(operation), &hx, &hy);
  return kcv_gegl_required(roi, in, hx, hy, (kcv_border)GEGL_PROPERTIES(operation)->border);
}

static GeglRectangle get_invalidated_by_change(GeglOperation *operation, const gchar *input_pad,
                                               const GeglRectangle *input_region)
{
  const GeglRectangle *in = gegl_operation_source_get_bounding_box(operation, "input");
  gint hx, hy;
  if (!in)
    return *input_region;
  kcv_gegl_state_halo(state_of(operation), &hx, &hy);
  return kcv_gegl_invalidated(input_region, in, hx, hy,
                              (kcv_border)GEGL_PROPERTIES(operation)->border);
}

static gboolean process(GeglOperation *operation, GeglBuffer *input, GeglBuffer *output,
                        const GeglRectangle *roi, gint level)
{
  const GeglRectangle *bbox = gegl_operation_source_get_bounding_box(operation, "input");
  if (!bbox || roi->width < 1 || roi->height < 1)
    return FALSE;
  const KcvGeglRegion region = {input,
                                output,
                                bbox,
                                roi,
                                gegl_operation_get_format(operation, "output"),
                                (kcv_border)GEGL_PROPERTIES(operation)->border};
  kcv_status status = kcv_gegl_state_process(state_of(operation), &region);
  if (status != KCV_OK)
    g_warning("kcv:convolve: %s", kcv_status_message(status));
  kcv_gegl_wisdom_measure_later();
  return status == KCV_OK;
}

/* A kernel that cannot be used leaves the image as it was, as GEGL's own
 * filters do with settings that change nothing: GIMP's on-canvas preview
 * shows the layer while a kernel is being typed, and a merged filter keeps
 * its pixels. The warning printed by update_state says why. */
static gboolean operation_process(GeglOperation *operation, GeglOperationContext *context,
                                  const gchar *output_pad, const GeglRectangle *roi, gint level)
{
  const Babl *format = gegl_operation_get_format(operation, "output");
  if (!format || !update_state(operation, format)) {
    GObject *input = gegl_operation_context_get_object(context, "input");
    if (!input)
      return FALSE;
    gegl_operation_context_take_object(context, "output", g_object_ref(input));
    return TRUE;
  }
  return GEGL_OPERATION_CLASS(gegl_op_parent_class)
      ->process(operation, context, output_pad, roi, level);
}

static void finalize(GObject *object)
{
  GeglProperties *o = GEGL_PROPERTIES(object);
  kcv_gegl_state_free(o->user_data);
  o->user_data = NULL;
  G_OBJECT_CLASS(gegl_op_parent_class)->finalize(object);
}

static void gegl_op_class_init(GeglOpClass *klass)
{
  GeglOperationClass *operation_class = GEGL_OPERATION_CLASS(klass);
  GeglOperationFilterClass *filter_class = GEGL_OPERATION_FILTER_CLASS(klass);

  G_OBJECT_CLASS(klass)->finalize = finalize;
  operation_class->prepare = prepare;
  operation_class->get_bounding_box = get_bounding_box;
  operation_class->process = operation_process;
  operation_class->get_required_for_output = get_required_for_output;
  operation_class->get_invalidated_by_change = get_invalidated_by_change;
  /* kcv threads each region itself, in bands on GEGL's threads (or by the
   * FFT's own tiling); GEGL splitting a region further would only add
   * halos. */
  operation_class->threaded = FALSE;
  filter_class->process = process;

  gegl_operation_class_set_keys(
      operation_class, "name", "kcv:convolve", "title", "Custom Convolution (kcv)", "categories",
      "generic", "description",
      "Convolves with a kernel of any size (1x1 to 1025x1025) given as text or a file, by the "
      "fastest of direct, FFT, separable and im2col; the same pixels as plug-in-kcv-convolve",
      NULL);
}

#endif
