/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: what the plug-in's files share (job description, settings, checks, render). */
#ifndef KCV_PLUGIN_H
#define KCV_PLUGIN_H

#include <libgimp/gimp.h>

#include <glib/gi18n-lib.h>

#include "kcv.h"

G_BEGIN_DECLS

#define KCV_PROC_MATRIX "plug-in-kcv-convolve"
#define KCV_PROC_FILE "plug-in-kcv-convolve-file"
#define KCV_PROC_LAYER "plug-in-kcv-convolve-layer"
#define KCV_PROC_BATCH_CHECK "plug-in-kcv-batch-check-targets"

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
} KcvJob;

void kcv_job_clear(KcvJob *job);

/* ---- kcv-args.c: every argument check, each message naming the argument. */
gboolean kcv_args_check_drawable(gint32 drawable, gchar **error);
gboolean kcv_args_check_common(const KcvCommonArgs *common, gchar **error);
gboolean kcv_args_check_matrix(gint32 width, gint32 height, gint32 num_weights,
                               const gdouble *weights, gdouble divisor, gdouble offset,
                               gchar **error);
gboolean kcv_args_check_filename(const gchar *filename, gchar **error);
gboolean kcv_args_check_kernel_drawable(gint32 image, gint32 kernel_drawable, gint32 normalise,
                                        gchar **error);
/* Checks the channel bits against the drawable's layout; *core_mask gets the
 * core's channel_mask (bit c = channel c of the pixels read). */
gboolean kcv_args_channel_mask(gint32 drawable, gint32 channels, guint *core_mask, gchar **error);
/* A user-facing message for a core status (naming the argument to change). */
gchar *kcv_args_status_message(kcv_status status);

/* ---- kcv-settings.c: last values, as plain data with a version field. */
/* Loads the last values of a procedure into job (kernel included). FALSE
 * when there are none or they are from another version. */
gboolean kcv_settings_load(KcvProcKind kind, KcvJob *job);
void kcv_settings_save(const KcvJob *job);

/* ---- kcv-file-kernel.c and kcv-layer-kernel.c: kernels from a file or a drawable. */
kcv_kernel *kcv_kernel_from_file(const gchar *filename, double *divisor, double *offset,
                                 gchar **error);
kcv_kernel *kcv_kernel_from_drawable(gint32 image, gint32 kernel_drawable, gboolean normalise,
                                     gchar **error);
/* A drawable's kernel is a picture of what a point of light becomes (a PSF,
 * a painted bokeh): applied as true convolution, it is turned by 180
 * degrees into the correlation kernel the core applies (*kernel replaced,
 * FALSE with *error on OOM). The dialog's layer picker does the same. */
gboolean kcv_kernel_as_psf(kcv_kernel **kernel, gchar **error);

/* ---- kcv-render.c: reading pixels and the banded convolution. */
/* The babl format the drawable is convolved in (linear or perceptual float;
 * masks and channels keep their own model) and its number of components. */
const Babl *kcv_render_format(gint32 drawable, gboolean linear, gint *channels);

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

/* Reads at most max_side x max_side pixels around the centre of the
 * selection, in the format kcv_render uses (for the dialog's preview).
 * Returns g_malloc'd pixels; *x, *y, *w, *h the region, *sel_* the
 * selection inside it. */
gfloat *kcv_render_read_preview(gint32 drawable, gboolean linear, gint max_side, gint *x, gint *y,
                                gint *w, gint *h, gint *channels, gint *sel_x, gint *sel_y,
                                gint *sel_w, gint *sel_h);

/* ---- kcv-batch-check.c: which target of a batch is one of its sources. */
void kcv_batch_check_install(void);
/* GIMP_PDB_CALLING_ERROR, *error naming both, when a target is the same
 * file as a source (whatever the spelling). */
GimpPDBStatusType kcv_batch_check_run(gint nparams, const GimpParam *param, gchar **error);

/* ---- kcv-interactive.c (only when the ui library is built). */
#ifdef KCV_HAVE_UI
/* Shows the dialog starting from job; TRUE on OK with job updated. */
gboolean kcv_interactive_run(gint32 image, gint32 drawable, KcvJob *job);
#endif

/* The folder holding the plug-in's translations. */
const gchar *kcv_locale_dir(void);

G_END_DECLS

#endif
