/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: the three procedures and their arguments, each declared once.
 */
#include "kcv3.h"

#include <string.h>

#define KCV3_AUTHOR "The kcv authors"
#define KCV3_DATE "2026"

Kcv3Kind kcv3_kind_of(GimpProcedure *procedure)
{
  const gchar *name = gimp_procedure_get_name(procedure);
  if (strcmp(name, KCV3_PROC_FILE) == 0)
    return KCV3_KIND_FILE;
  if (strcmp(name, KCV3_PROC_LAYER) == 0)
    return KCV3_KIND_LAYER;
  return KCV3_KIND_MATRIX;
}

gboolean kcv3_procedure_appends(GimpProcedure *procedure)
{
  return strcmp(gimp_procedure_get_name(procedure), KCV3_PROC_EDITABLE) == 0;
}

const gchar *kcv3_border_nick(kcv_border border)
{
  static const gchar *const nicks[] = {"clamp", "wrap", "mirror", "transparent"};
  return border >= 0 && border < G_N_ELEMENTS(nicks) ? nicks[border] : nicks[0];
}

const gchar *kcv3_method_nick(kcv_method method)
{
  /* The core's names are the choice's nicks. */
  const gchar *name = kcv_method_name(method);
  return name ? name : "auto";
}

/* The choices' ids are the core's enum values, so a choice maps straight to an option. */
static GimpChoice *border_choice(void)
{
  return gimp_choice_new_with_values(
      "clamp", KCV_BORDER_CLAMP, _("Clamp"), _("Repeat the edge pixels"), "wrap", KCV_BORDER_WRAP,
      _("Wrap"), _("Continue from the opposite edge (tiles)"), "mirror", KCV_BORDER_MIRROR,
      _("Mirror"), _("Reflect the image at its edges"), "transparent", KCV_BORDER_TRANSPARENT,
      _("Transparent"), _("Zero (transparent black) beyond the edges"), NULL);
}

static GimpChoice *method_choice(void)
{
  return gimp_choice_new_with_values(
      "auto", KCV_METHOD_AUTO, _("Auto"), _("The fastest method by the cost model"), "direct",
      KCV_METHOD_DIRECT, _("Direct"), _("Sum every tap"), "fft", KCV_METHOD_FFT, _("FFT"),
      _("Fourier transform; fastest for large kernels"), "separable", KCV_METHOD_SEPARABLE,
      _("Separable"), _("Rows then columns; kernels of low rank only"), "im2col", KCV_METHOD_IM2COL,
      _("im2col"), _("Matrix product"), NULL);
}

void kcv3_add_border_argument(GimpProcedure *procedure)
{
  gimp_procedure_add_choice_argument(procedure, "border-mode", _("_Border"),
                                     _("Pixels beyond the edges: \"clamp\", \"wrap\", \"mirror\" "
                                       "or \"transparent\""),
                                     border_choice(), "clamp", G_PARAM_READWRITE);
}

void kcv3_add_channels_argument(GimpProcedure *procedure)
{
  gimp_procedure_add_int_argument(procedure, "channels", _("C_hannels"),
                                  _("Bit mask: 1 red or grey, 2 green, 4 blue, 8 alpha; 0 means "
                                    "all"),
                                  0, KCV3_CHANNEL_ALL, 0, G_PARAM_READWRITE);
}

void kcv3_add_linear_argument(GimpProcedure *procedure)
{
  gimp_procedure_add_boolean_argument(procedure, "linear", _("_Linear light"),
                                      _("FALSE: work on perceptual values as stored; TRUE: in "
                                        "linear light"),
                                      FALSE, G_PARAM_READWRITE);
}

/* The options every procedure ends with. */
static void add_common_arguments(GimpProcedure *procedure)
{
  kcv3_add_border_argument(procedure);
  gimp_procedure_add_choice_argument(procedure, "method", _("_Method"),
                                     _("\"auto\" (fastest by the cost model), \"direct\", "
                                       "\"fft\", \"separable\" or \"im2col\""),
                                     method_choice(), "auto", G_PARAM_READWRITE);
  kcv3_add_channels_argument(procedure);
  gimp_procedure_add_boolean_argument(procedure, "alpha-weighting", _("_Alpha weighting"),
                                      _("Weight color by alpha so transparent pixels do not "
                                        "bleed their color"),
                                      TRUE, G_PARAM_READWRITE);
  kcv3_add_linear_argument(procedure);
}

static void add_matrix_arguments(GimpProcedure *procedure)
{
  gimp_procedure_add_int_argument(procedure, "kernel-width", _("Kernel _width"),
                                  _("Kernel width (1..1025)"), 1, KCV_KERNEL_MAX, 3,
                                  G_PARAM_READWRITE);
  gimp_procedure_add_int_argument(procedure, "kernel-height", _("Kernel _height"),
                                  _("Kernel height (1..1025)"), 1, KCV_KERNEL_MAX, 3,
                                  G_PARAM_READWRITE);
  gimp_procedure_add_double_array_argument(procedure, "weights", _("_Weights"),
                                           _("kernel-width x kernel-height weights, top row "
                                             "first, applied as displayed"),
                                           G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "divisor", _("_Divisor"),
                                     _("0 = automatic: the sum of the weights, or 1 when it is 0"),
                                     -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "offset", _("_Offset"),
                                     _("Added after the division, in channel units (1.0 = full "
                                       "scale)"),
                                     -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, G_PARAM_READWRITE);
}

static void set_documentation(GimpProcedure *procedure, Kcv3Kind kind)
{
  if (kcv3_procedure_appends(procedure)) {
    gimp_procedure_set_documentation(
        procedure, _("Add a custom convolution as a non-destructive filter"),
        _("Like plug-in-kcv-convolve, but the convolution is added to each drawable as a "
          "non-destructive filter (the GEGL operation kcv:convolve), which can be hidden, edited "
          "or merged later from the Layers dialog. Needs kcv:convolve installed where GIMP finds "
          "GEGL operations; convolves every channel (channels must be 0)."),
        KCV3_PROC_EDITABLE);
    return;
  }
  switch (kind) {
  case KCV3_KIND_MATRIX:
    gimp_procedure_set_menu_label(procedure, _("Custom _Convolution..."));
    gimp_procedure_add_menu_path(procedure, "<Image>/Filters/Generic");
    gimp_procedure_set_documentation(
        procedure, _("Convolve with a kernel of any size (1x1 to 1025x1025), fast"),
        _("Applies a custom convolution kernel of any size to each selected drawable's "
          "selection, as one undo step. The weights are given top row first and applied as "
          "displayed (like GEGL's Convolution Matrix). The result is divided by the divisor (0: "
          "the sum of the weights) and the offset is added. The fastest method is chosen by a "
          "cost model unless one is forced."),
        KCV3_PROC_MATRIX);
    break;
  case KCV3_KIND_FILE:
    gimp_procedure_set_documentation(
        procedure, _("Convolve with a kernel read from a file"),
        _("Like plug-in-kcv-convolve, with the kernel, divisor and offset read from a file (.mat "
          "libvips matrix, .txt ImageJ rows, .csv, .gmic, .acf Photoshop Custom filter)."),
        KCV3_PROC_FILE);
    break;
  case KCV3_KIND_LAYER:
  default:
    gimp_procedure_set_documentation(
        procedure, _("Convolve with a kernel painted or measured in a drawable"),
        _("Like plug-in-kcv-convolve, with the kernel taken from another drawable of the same "
          "image: a layer gives its luminance times its alpha (a bokeh shape painted on a "
          "transparent layer, a measured point spread function), a layer mask or channel gives "
          "its value. Its size is the kernel's size (up to 1025x1025). The drawable shows what a "
          "point of light becomes, so it is applied as true convolution: a single bright pixel "
          "turns into the drawable's picture, the right way up (typed kernels are applied as "
          "displayed, like the Convolution Matrix filter)."),
        KCV3_PROC_LAYER);
    break;
  }
}

GimpProcedure *kcv3_procedure_new(GimpPlugIn *plug_in, const gchar *name)
{
  GimpProcedure *procedure =
      gimp_image_procedure_new(plug_in, name, GIMP_PDB_PROC_TYPE_PLUGIN, kcv3_run, NULL, NULL);
  const Kcv3Kind kind = kcv3_kind_of(procedure);

  gimp_procedure_set_image_types(procedure, "RGB*, GRAY*");
  gimp_procedure_set_sensitivity_mask(procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE |
                                                     GIMP_PROCEDURE_SENSITIVE_DRAWABLES);
  gimp_procedure_set_attribution(procedure, KCV3_AUTHOR, KCV3_AUTHOR, KCV3_DATE);
  set_documentation(procedure, kind);

  switch (kind) {
  case KCV3_KIND_MATRIX:
    add_matrix_arguments(procedure);
    kcv3_deconv_add_aux_arguments(procedure);
    break;
  case KCV3_KIND_FILE:
    gimp_procedure_add_file_argument(procedure, "file", _("Kernel _file"),
                                     _("Kernel file: .mat (libvips), .txt (ImageJ rows), .csv, "
                                       ".gmic or .acf (Photoshop)"),
                                     GIMP_FILE_CHOOSER_ACTION_ANY, FALSE, NULL, G_PARAM_READWRITE);
    break;
  case KCV3_KIND_LAYER:
  default:
    gimp_procedure_add_drawable_argument(procedure, "kernel-drawable", _("_Kernel drawable"),
                                         _("Drawable of the same image whose luminance (times "
                                           "alpha), or value for a mask or channel, is the "
                                           "kernel"),
                                         FALSE, G_PARAM_READWRITE);
    gimp_procedure_add_boolean_argument(procedure, "normalise", _("_Normalize"),
                                        _("FALSE: weights as the pixels give them; TRUE: scaled "
                                          "to sum 1"),
                                        TRUE, G_PARAM_READWRITE);
    break;
  }
  add_common_arguments(procedure);
  return procedure;
}
