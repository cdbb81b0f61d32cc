/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: what the plug-in's files share (job description, settings, checks, render). */
#ifndef KCV_PLUGIN_H
#define KCV_PLUGIN_H

#include <libgimp/gimp.h>

#include <glib/gi18n-lib.h>
#ifdef KCV_HAVE_UI
#include <gmodule.h>
#endif

#include "kcv-host-args.h"
#include "kcv-host-kernel.h"
#include "kcv-host-wisdom.h"
#include "kcv.h"

G_BEGIN_DECLS

#define KCV_PROC_MATRIX "plug-in-kcv-convolve"
#define KCV_PROC_FILE "plug-in-kcv-convolve-file"
#define KCV_PROC_LAYER "plug-in-kcv-convolve-layer"
#define KCV_PROC_BATCH_CHECK "plug-in-kcv-batch-check-targets"
#define KCV_PROC_DECONV "plug-in-kcv-deconvolve"

/* Channel bits as the PDB takes them (whatever the drawable's layout). */
#define KCV_CHANNEL_RED 1u
#define KCV_CHANNEL_GREEN 2u
#define KCV_CHANNEL_BLUE 4u
#define KCV_CHANNEL_ALPHA 8u
#define KCV_CHANNEL_ALL 15u

/* Which procedure runs. */
typedef enum { KCV_PROC_KIND_MATRIX, KCV_PROC_KIND_FILE, KCV_PROC_KIND_LAYER } KcvProcKind;

/* Options every procedure takes, with the PDB's numbering. */
typedef struct {
  gint32 border;          /* kcv_border */
  gint32 method;          /* kcv_method */
  gint32 channels;        /* KCV_CHANNEL_* bits, 0 = all */
  gint32 alpha_weighting; /* 0/1 */
  gint32 linear;          /* 0 perceptual, 1 linear light */
} KcvCommonArgs;

/* One convolution to do: the kernel (owned) and every option. */
typedef struct {
  kcv_kernel *kernel;
  double divisor; /* 0: automatic */
  double offset;
  KcvCommonArgs common;
  /* How the kernel was given, for saving the settings of the procedure. */
  KcvProcKind kind;
  gchar *filename;        /* KIND_FILE */
  gint32 kernel_drawable; /* KIND_LAYER */
  gint32 normalise;       /* KIND_LAYER */
  /* The dialog's preset and its values ("" when edited by hand), so the
   * dialog reopens on them. */
  gchar preset[32];
  gdouble preset_values[4];
  gint32 window_width, window_height; /* the dialog's last size, 0: default */
  /* The dialog's Deconvolve mode: the kernel is a PSF (as displayed) to undo. */
  gint32 deconvolve;    /* 0/1 */
  gint32 deconv_method; /* kcv_deconv_method */
  gint32 iterations;    /* Richardson-Lucy */
  gdouble regularisation;
} KcvJob;

void kcv_job_clear(KcvJob *job);

/* ---- kcv-args.c: every argument check, each message naming the argument. */
gboolean kcv_args_check_drawable(gint32 drawable, gchar **error);
gboolean kcv_args_check_common(const KcvCommonArgs *common, gchar **error);
gboolean kcv_args_check_matrix(gint32 width, gint32 height, gint32 num_weights,
                               const gdouble *weights, gdouble divisor, gdouble offset,
                               gchar **error);
/* The width x height kernel of weights (checked by kcv_args_check_matrix), as floats; NULL with
 * *error when out of memory. */
kcv_kernel *kcv_args_kernel(gint32 width, gint32 height, const gdouble *weights, gchar **error);
gboolean kcv_args_check_filename(const gchar *filename, gchar **error);
gboolean kcv_args_check_kernel_drawable(gint32 image, gint32 kernel_drawable, gint32 normalise,
                                        gchar **error);
/* Checks the channel bits against the drawable's layout; *core_mask (when
 * not NULL) gets the core's channel_mask (bit c = channel c of the pixels read). */
gboolean kcv_args_channel_mask(gint32 drawable, gint32 channels, guint *core_mask, gchar **error);
/* A user-facing message for a core status (naming the argument to change). */
gchar *kcv_args_status_message(kcv_status status);

/* ---- kcv-settings.c: last values, as plain data with a version field. */
/* Loads the last values of a procedure into job (kernel included). FALSE
 * when there are none or they are from another version. */
gboolean kcv_settings_load(KcvProcKind kind, KcvJob *job);
void kcv_settings_save(const KcvJob *job);
/* plug-in-kcv-deconvolve's last values: the PSF and settings of the last
 * deconvolution (its arguments, or the dialog's Deconvolve mode); job's
 * deconvolve is set. FALSE when there are none. */
gboolean kcv_settings_load_deconv(KcvJob *job);
void kcv_settings_save_deconv(const KcvJob *job);

/* ---- kcv-file-kernel.c and kcv-layer-kernel.c: kernels from a file or a drawable. */
kcv_kernel *kcv_kernel_from_file(const gchar *filename, double *divisor, double *offset,
                                 gchar **error);
/* A drawable's kernel is a picture of what a point of light becomes (a PSF,
 * a painted bokeh): kcv_kernel_from_picture turns it by 180 degrees into
 * the correlation kernel the core applies, so it is applied as true convolution. */
kcv_kernel *kcv_kernel_from_drawable(gint32 image, gint32 kernel_drawable, gboolean normalise,
                                     gchar **error);

/* ---- kcv-pixel-io.c: a drawable's pixels as float working values. */
/* Starts GEGL (and babl) once per process: only the paths that need babl call it. */
void kcv_gegl_ensure(void);
/* The babl format the drawable is convolved in (linear or perceptual float;
 * masks and channels keep their own model) and its number of components. */
const Babl *kcv_render_format(gint32 drawable, gboolean linear, gint *channels);

typedef struct _KcvPixelIO KcvPixelIO;
/* Reads drawable (and writes its shadow) as floats in the light kcv_render_format
 * names, *channels per pixel. Never NULL. */
KcvPixelIO *kcv_pixel_io_new(gint32 drawable, gboolean linear, gint *channels);
/* Which path it takes ("own" or "GEGL"), for KCV_VERBOSE. */
const gchar *kcv_pixel_io_path(const KcvPixelIO *io);
/* Rows [y, y + h), columns [x, x + w) of the drawable (inside it) into dst,
 * stride floats per row. FALSE when out of memory. */
gboolean kcv_pixel_io_read(KcvPixelIO *io, gint x, gint y, gint w, gint h, gfloat *dst,
                           gsize stride);
/* w x h packed floats into the shadow at (x, y). FALSE when out of memory. */
gboolean kcv_pixel_io_write(KcvPixelIO *io, gint x, gint y, gint w, gint h, const gfloat *src);
/* The same from pixels kcv_pixel_io_encode made (packed, stored_bytes each),
 * so that the encoding can run on another thread. Only where
 * kcv_pixel_io_writes_stored says so (the "own" path); FALSE elsewhere. */
gboolean kcv_pixel_io_writes_stored(const KcvPixelIO *io);
gboolean kcv_pixel_io_write_stored(KcvPixelIO *io, gint x, gint y, gint w, gint h,
                                   gconstpointer stored);
/* commit: merges what was written as one undo step; else the drawable stays as it was.
 * FALSE when GIMP refused the merge (a lock set while the plug-in ran): nothing changed. */
gboolean kcv_pixel_io_free(KcvPixelIO *io, gboolean commit);
/* The conversions reads and writes make, on n packed pixels: floats to the
 * drawable's own storage (stored_bytes a pixel) and back. Thread-safe. */
gsize kcv_pixel_io_stored_bytes(const KcvPixelIO *io);
void kcv_pixel_io_encode(const KcvPixelIO *io, const gfloat *src, gpointer stored, gsize n);
void kcv_pixel_io_decode(const KcvPixelIO *io, gconstpointer stored, gfloat *dst, gsize n);

/* ---- kcv-render.c: the banded convolution. */

typedef enum {
  KCV_RENDER_OK,
  KCV_RENDER_NOTHING, /* the selection misses the drawable */
  KCV_RENDER_CANCELLED,
  KCV_RENDER_BAD_ARGUMENT, /* *error names the argument to change */
  KCV_RENDER_ERROR         /* out of memory, FFTW failure */
} KcvRenderResult;

/* Convolves the selected part of drawable as job says, through its shadow
 * buffer, merged as one undo step only when everything succeeded. */
KcvRenderResult kcv_render(gint32 drawable, const KcvJob *job, gboolean show_progress,
                           gchar **error);

/* ---- kcv-batch-check.c: which target of a batch is one of its sources. */
void kcv_batch_check_install(void);
/* GIMP_PDB_CALLING_ERROR, *error naming both, when a target is the same
 * file as a source (whatever the spelling). */
GimpPDBStatusType kcv_batch_check_run(gint nparams, const GimpParam *param, gchar **error);

/* ---- kcv-ui-loader.c and kcv-interactive.c (only when the ui library is
 * built): the dialog, a module that only RUN-INTERACTIVE loads. */
#ifdef KCV_HAVE_UI
typedef enum { KCV_DIALOG_OK, KCV_DIALOG_CANCELLED, KCV_DIALOG_FAILED } KcvDialogAnswer;
/* Loads the dialog module beside plugin_exe (once) and shows the dialog
 * starting from job: OK with job updated, CANCELLED, or FAILED with *error
 * naming the module and what to do. */
KcvDialogAnswer kcv_ui_loader_run(const gchar *plugin_exe, gint32 image, gint32 drawable,
                                  KcvJob *job, gchar **error);

/* The module's entry points. A module built against another KcvJob is refused. */
#define KCV_INTERACTIVE_ABI ((guint)sizeof(KcvJob))
typedef gboolean (*KcvInteractiveRunFunc)(gint32 image, gint32 drawable, KcvJob *job);
/* Shows the dialog starting from job; TRUE on OK with job updated. */
G_MODULE_EXPORT gboolean kcv_interactive_run(gint32 image, gint32 drawable, KcvJob *job);
G_MODULE_EXPORT extern const guint kcv_interactive_abi;
#endif

/* ---- kcv-deconvolve.c: plug-in-kcv-deconvolve. */
void kcv_deconv_query(void);
/* Runs it non-interactively on the arguments, or with the last values;
 * *error gets a message naming a bad argument. */
GimpPDBStatusType kcv_deconv_run(gint nparams, const GimpParam *param, gchar **error);
/* Restores drawable's selection blurred by the job's kernel (a PSF, as
 * displayed), as the dialog's Deconvolve mode asks: one undo step, progress
 * with cancel, the drawable untouched on any error. */
KcvRenderResult kcv_deconv_render_job(gint32 drawable, const KcvJob *job, gchar **error);
/* RUN-INTERACTIVE: the dialog opens in Deconvolve mode on job (the last
 * values), with the PSF and settings of the arguments when they are valid. */
void kcv_deconv_args_into_job(gint nparams, const GimpParam *param, KcvJob *job);

/* The folder holding the plug-in's translations. */
const gchar *kcv_locale_dir(void);
/* g_get_monotonic_time() when main() started, for KCV_VERBOSE timings. */
gint64 kcv_start_time(void);

G_END_DECLS

#endif
