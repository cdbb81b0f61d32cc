/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the GTK3 dialog, as the plug-in and the harness call it. No GIMP here. */
#ifndef KCV_DIALOG_H
#define KCV_DIALOG_H

#include <gtk/gtk.h>

#include "kcv-deconv.h"
#include "kcv-presets.h"
#include "kcv.h"

G_BEGIN_DECLS

/* What OK does with the kernel: convolve with it, or undo the blur it
 * describes (the kernel is then a point spread function, used as displayed). */
typedef enum { KCV_MODE_CONVOLVE = 0, KCV_MODE_DECONVOLVE = 1 } KcvMode;

/* What the dialog edits. */
typedef struct {
  kcv_kernel *kernel; /* owned by the struct */
  double divisor;     /* 0: automatic */
  double offset;
  kcv_border border;
  kcv_method method;
  guint channel_mask; /* bits: 1 red/grey, 2 green, 4 blue, 8 alpha; 0 all */
  gboolean alpha_weighting;
  gboolean linear;
  /* The preset the kernel was made from, "" when edited by hand (Custom),
   * and its parameters, so the dialog reopens on them. */
  char preset[32];
  double preset_values[KCV_PRESET_MAX_PARAMS];
  /* The dialog's size when it was last closed with OK; 0: the default. */
  int window_width, window_height;
  /* Deconvolve: the kernel is the PSF; divisor, offset, method and alpha
   * weighting are not used, border, channels and linear are. */
  KcvMode mode;
  kcv_deconv_method deconv_method;
  int iterations;        /* Richardson-Lucy: 1..KCV_DECONV_ITERATIONS_MAX */
  double regularisation; /* >= 0, as kcv_deconv_options has it */
} KcvParams;

/* Defaults used by Reset: 3x3 identity, automatic divisor, offset 0, clamp,
 * auto, all channels, alpha weighting on, perceptual; Convolve, and for
 * Deconvolve Wiener, 10 iterations, regularisation KCV_PARAMS_DECONV_REG. */
void kcv_params_init_default(KcvParams *params);
void kcv_params_copy(KcvParams *dst, const KcvParams *src); /* deep copy */
void kcv_params_clear(KcvParams *params);

/* How the caller turns pixels from one light into the other, and a result
 * into what it would write, so that the preview shows what OK gives (its
 * own curves, a colour profile's, its storage's precision). Called on the
 * preview's threads, several at once on separate rows of one result; n
 * pixels of the source's channel count, packed. */
typedef struct {
  /* src in linear light (from_linear) or perceptual, into the other light. */
  void (*convert)(const float *src, float *dst, size_t n, gboolean from_linear, gpointer data);
  /* A result computed in linear light (linear) or perceptual, into the
   * perceptual values the drawable gets from it. */
  void (*written)(const float *src, float *dst, size_t n, gboolean linear, gpointer data);
  gpointer data;
} KcvLight;

/* The pixels the preview shows: a region of the drawable read by the caller
 * as interleaved float, already in the light (linear or perceptual) the
 * caller will convolve in. The dialog never reads outside it. */
typedef struct {
  const float *pixels;
  int width, height;
  int channels;     /* 1..4; with 2 or 4 the last is alpha */
  ptrdiff_t stride; /* floats between rows */
  /* the selection inside this region, where the preview starts centred */
  int sel_x, sel_y, sel_width, sel_height;
  /* The part the preview shows (view_width 0: all). Around it the region
   * holds the drawable's real neighbouring pixels as far as the largest
   * kernel reaches, or ends where the drawable ends. */
  int view_x, view_y, view_width, view_height;
  /* NULL: the sRGB curve, and results shown as computed. */
  const KcvLight *light;
  /* NULL, or a worker computing the first picture already (kcv_preview_start
   * with this source and the params given to the dialog): the preview takes
   * it over instead of starting its own. */
  struct _KcvPreviewWorker *started;
} KcvPreviewSource;

/* Layers the user may pick as a kernel ("use a layer as kernel"). */
typedef struct {
  int n_layers;
  const char *const *names;
  /* The kernel made from layer index (its luminance, or alpha for a mask),
   * normalised when asked, as applied: a layer is a picture of what a point
   * of light becomes, so kcv_kernel_from_picture has turned it by 180
   * degrees. NULL with *error set when unusable. Called on the UI thread. */
  kcv_kernel *(*get_kernel)(int index, gboolean normalise, char **error, gpointer user_data);
  gpointer user_data;
} KcvLayerSource;

/* Shows the dialog modally. parent_xid (0: none) is an X11 window the dialog
 * is transient for and centred on. params is read as the starting values and,
 * on OK, replaced by the user's choice. layers may be NULL. Returns TRUE on
 * OK, FALSE on Cancel, Escape or close. gtk_init must have run. */
gboolean kcv_dialog_run(guint32 parent_xid, const char *title, KcvParams *params,
                        const KcvPreviewSource *source, const KcvLayerSource *layers);

/* Maps params onto core options for an image of channels channels (1..4):
 * the channel bits above become the core's per-channel mask. */
void kcv_params_to_options(const KcvParams *params, int channels, kcv_options *options);
/* TRUE when channel_mask selects none of the image's channels (the core reads
 * a zero mask as "all", so callers copy the pixels unchanged instead). */
gboolean kcv_params_selects_nothing(const KcvParams *params, int channels);
/* Maps params onto deconvolution options, as kcv_params_to_options does
 * (kcv-deconv-params.c). */
void kcv_params_to_deconv_options(const KcvParams *params, int channels,
                                  kcv_deconv_options *options);
/* The default regularisation: a noise-to-signal ratio that suits most 8-bit
 * photos for Wiener, and a mild total-variation weight for Richardson-Lucy. */
#define KCV_PARAMS_DECONV_REG 0.005
#define KCV_PARAMS_DECONV_ITERATIONS 10

/* The dialog as a widget, for callers (and tests) that run it themselves.
 * The light of source is params->linear at creation: the caller read the
 * pixels in the light it was going to convolve in; when the user toggles
 * linear light the dialog converts its own copy. source and layers (both may
 * be NULL) must stay valid while the dialog exists. */
#define KCV_TYPE_DIALOG (kcv_dialog_get_type())
G_DECLARE_FINAL_TYPE(KcvDialog, kcv_dialog, KCV, DIALOG, GtkDialog)

/* Response id of the Reset button; the dialog handles it (stays open). */
#define KCV_RESPONSE_RESET 1

GtkWidget *kcv_dialog_new(const char *title, const KcvParams *params,
                          const KcvPreviewSource *source, const KcvLayerSource *layers);
/* Runs dialog modally and destroys it, as kcv_dialog_run does with a new
 * one (realize makes it transient for parent_xid and centres it there). */
gboolean kcv_dialog_run_dialog(KcvDialog *dialog, guint32 parent_xid, KcvParams *params);
/* The header, as GIMP's filters show it: what the filter applies to (the
 * layer's name and its image's) and its thumbnail (NULL: none; RGB or RGBA). */
void kcv_dialog_set_header(KcvDialog *dialog, const char *subtitle, GdkPixbuf *thumbnail);
/* The user's current choice (deep copy into params, which must be initialised). */
void kcv_dialog_get_params(KcvDialog *dialog, KcvParams *params);
/* Puts params into every control. */
void kcv_dialog_set_params(KcvDialog *dialog, const KcvParams *params);
/* What Reset does: kcv_params_init_default into every control. */
void kcv_dialog_reset(KcvDialog *dialog);
/* Parts, for tests and the harness. */
GtkWidget *kcv_dialog_get_editor(KcvDialog *dialog);
GtkWidget *kcv_dialog_get_presets(KcvDialog *dialog);
GtkWidget *kcv_dialog_get_options(KcvDialog *dialog);
GtkWidget *kcv_dialog_get_preview(KcvDialog *dialog);
/* The Convolve / Deconvolve switch, as the user flips it. */
void kcv_dialog_set_mode(KcvDialog *dialog, KcvMode mode);
KcvMode kcv_dialog_get_mode(KcvDialog *dialog);
/* The Deconvolve toggle button (the Convolve one is its group's other). */
GtkWidget *kcv_dialog_get_deconvolve_button(KcvDialog *dialog);
/* The method, iterations and regularisation controls (a KcvDeconvPanel). */
GtkWidget *kcv_dialog_get_deconv_panel(KcvDialog *dialog);
/* NULL when the dialog was given no layers. */
GtkWidget *kcv_dialog_get_layer_picker(KcvDialog *dialog);

G_END_DECLS

#endif
