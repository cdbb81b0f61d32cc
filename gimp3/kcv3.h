/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: what the GIMP 3 host's files share (job, checks, kernels, render, dialog). */
#ifndef KCV3_H
#define KCV3_H

#include <libgimp/gimp.h>

#include <glib/gi18n-lib.h>

#include "kcv-deconv.h"
#include "kcv-host-args.h"
#include "kcv-host-kernel.h"
#include "kcv-host-wisdom.h"
#include "kcv.h"

G_BEGIN_DECLS

#define KCV3_PROC_MATRIX "plug-in-kcv-convolve"
#define KCV3_PROC_FILE "plug-in-kcv-convolve-file"
#define KCV3_PROC_LAYER "plug-in-kcv-convolve-layer"
/* The matrix procedure's arguments; appends a non-destructive filter. */
#define KCV3_PROC_EDITABLE "plug-in-kcv-convolve-editable"
#define KCV3_PROC_DECONV "plug-in-kcv-deconvolve"

/* The channels argument: the core's KCV_COLOUR_* bits (as in GIMP 2.10); 0 means all. */
#define KCV3_CHANNEL_ALL (KCV_COLOUR_RED | KCV_COLOUR_GREEN | KCV_COLOUR_BLUE | KCV_COLOUR_ALPHA)

typedef enum { KCV3_KIND_MATRIX, KCV3_KIND_FILE, KCV3_KIND_LAYER } Kcv3Kind;

/* One convolution to do: the kernel (owned) and every option. */
typedef struct {
  kcv_kernel *kernel;
  double divisor; /* 0: automatic */
  double offset;
  kcv_border border;
  kcv_method method;
  guint channels; /* KCV_COLOUR_* bits, 0 = all */
  gboolean alpha_weighting;
  gboolean linear;
  /* The dialog's Deconvolve mode: the kernel is a PSF (as displayed) to undo. */
  gboolean deconvolve;
  kcv_deconv_method deconv_method;
  gint iterations;
  gdouble regularisation;
} Kcv3Job;

void kcv3_job_clear(Kcv3Job *job);

/* ---- kcv3-procedures.c: the procedures and their arguments. */
Kcv3Kind kcv3_kind_of(GimpProcedure *procedure);
/* TRUE for the procedure that appends a non-destructive filter. */
gboolean kcv3_procedure_appends(GimpProcedure *procedure);
GimpProcedure *kcv3_procedure_new(GimpPlugIn *plug_in, const gchar *name);
/* The choice strings of the core's enums, as the PDB takes them. */
const gchar *kcv3_border_nick(kcv_border border);
const gchar *kcv3_method_nick(kcv_method method);
/* The arguments the convolution and deconvolution procedures share, worded once: border-mode
 * (a choice of "clamp", "wrap", "mirror", "transparent", ids the kcv_border values), channels
 * (KCV_COLOUR_* bits, 0 = all) and linear. */
void kcv3_add_border_argument(GimpProcedure *procedure);
void kcv3_add_channels_argument(GimpProcedure *procedure);
void kcv3_add_linear_argument(GimpProcedure *procedure);

/* ---- kcv3-run.c: one run of any of the procedures, in any run mode. */
GimpValueArray *kcv3_run(GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
                         GimpDrawable **drawables, GimpProcedureConfig *config, gpointer run_data);

/* ---- kcv3-plugin.c: g_get_monotonic_time() when main() started, for KCV_VERBOSE timings. */
gint64 kcv3_start_time(void);

/* ---- kcv3-args.c: reading the config into a job; every check names its argument. */
gboolean kcv3_args_check_drawable(GimpDrawable *drawable, gchar **error);
/* Every one of n weights (rows width long) finite and within float range;
 * else FALSE with *error naming the first that is not. */
gboolean kcv3_args_check_weights(const gdouble *weights, gsize n, gint width, gchar **error);
gboolean kcv3_job_from_config(Kcv3Kind kind, GimpProcedureConfig *config, GimpImage *image,
                              Kcv3Job *job, gchar **error);
/* Writes job's kernel and options back (after the dialog), so GIMP keeps them as last values. */
void kcv3_job_to_config(const Kcv3Job *job, GimpProcedureConfig *config);
gchar *kcv3_status_message(kcv_status status);

/* ---- kcv3-lock.c: FALSE, with *error naming what to unlock, when drawable's pixels are locked
 * (on itself, on the layer of a mask, or on a group above it). */
gboolean kcv3_lock_check(GimpDrawable *drawable, gchar **error);

/* ---- kcv3-kernel.c: kernels from a file or a drawable. */
kcv_kernel *kcv3_kernel_from_file(GFile *file, double *divisor, double *offset, gchar **error);
/* A drawable is a picture of what a point of light becomes: applied as true
 * convolution (kcv_kernel_from_picture turns it by 180 degrees), as in GIMP 2.10. */
kcv_kernel *kcv3_kernel_from_drawable(GimpImage *image, GimpDrawable *drawable, gboolean normalise,
                                      gchar **error);

/* ---- kcv3-render.c: pixels through GEGL buffers. */
const Babl *kcv3_render_format(GimpDrawable *drawable, gboolean linear, gint *channels);

typedef enum {
  KCV3_RENDER_OK,
  KCV3_RENDER_NOTHING, /* the selection misses the drawable */
  KCV3_RENDER_CANCELLED,
  KCV3_RENDER_BAD_ARGUMENT, /* *error names the argument to change */
  KCV3_RENDER_ERROR,        /* out of memory, FFTW failure */
  KCV3_RENDER_UNAVAILABLE   /* GIMP has no kcv:convolve (kcv3-filter.c); nothing changed */
} Kcv3RenderResult;

/* Convolves every drawable's selected part into its shadow buffer, then
 * merges them all, or none when any failed or was cancelled (the drawables
 * stay bit-identical). The caller groups the merges into one undo step. */
Kcv3RenderResult kcv3_render(GimpDrawable **drawables, const Kcv3Job *job, gboolean show_progress,
                             gchar **error);

/* ---- kcv3-shadow.c: renders into shadow buffers, all or none (kcv3-render.c,
 * kcv3-deconv-render.c). */
/* The core's status as a result; *error gets the message of a failure. */
Kcv3RenderResult kcv3_render_result(kcv_status status, gchar **error);
/* Renders drawable (index of count) into its shadow buffer, setting *target
 * to its selected rectangle; NOTHING when the selection misses it. It may
 * leave a shadow also when it fails. */
typedef Kcv3RenderResult (*Kcv3ShadowFn)(GimpDrawable *drawable, gint index, gint count,
                                         GeglRectangle *target, gpointer data, gchar **error);
/* Renders the drawables (NULL-terminated) one by one until one fails or is
 * cancelled, then merges every shadow written (and updates its target) when
 * all succeeded, else drops them all, so the drawables stay bit-identical. */
Kcv3RenderResult kcv3_shadows_render(GimpDrawable **drawables, Kcv3ShadowFn render_one,
                                     gpointer data, gchar **error);

/* ---- kcv3-filter.c: pixels inside GIMP, by the GEGL operation kcv:convolve. */
/* TRUE when the operation can serve job on every drawable: it convolves
 * every channel; unless append (where GIMP's own rule for filters is kept)
 * it must give what kcv3_render gives, which needs a selection spanning each
 * drawable or none, and be the faster way: not by FFT (kcv3-filter.c). */
gboolean kcv3_filter_fits(GimpDrawable **drawables, const Kcv3Job *job, gboolean append);
/* Merges the operation into every drawable the selection touches, or
 * appends it as a non-destructive filter (append). UNAVAILABLE, with every
 * drawable untouched, when GIMP has no such operation. The caller groups
 * the merges into one undo step. */
Kcv3RenderResult kcv3_filter_apply(GimpDrawable **drawables, const Kcv3Job *job, gboolean append,
                                   gchar **error);

/* What a render's result answers to GIMP (kcv3-run.c; nothing to do is a success). */
GimpPDBStatusType kcv3_status_of(Kcv3RenderResult result);

/* ---- kcv3-deconv.c and kcv3-deconv-render.c: plug-in-kcv-deconvolve. */
typedef struct {
  kcv_kernel *psf; /* owned; as displayed */
  kcv_deconv_options options;
  guint channels; /* KCV_COLOUR_* bits, 0 = all */
  gboolean linear;
} Kcv3DeconvJob;

GimpProcedure *kcv3_deconv_procedure_new(GimpPlugIn *plug_in);
/* The job plug-in-kcv-deconvolve's config describes, every argument checked. */
gboolean kcv3_deconv_job_from_config(GimpProcedureConfig *config, Kcv3DeconvJob *job,
                                     gchar **error);
/* Restores every drawable's selected part into its shadow buffer, then
 * merges them all, or none when any failed or was cancelled. The caller
 * groups the merges into one undo step. */
Kcv3RenderResult kcv3_deconv_render(GimpDrawable **drawables, const Kcv3DeconvJob *job,
                                    gchar **error);
/* The dialog's Deconvolve mode and settings as auxiliary arguments of
 * plug-in-kcv-convolve (kept in its config as last values, not in its PDB
 * signature), read into job and written from it. */
void kcv3_deconv_add_aux_arguments(GimpProcedure *procedure);
void kcv3_deconv_mode_from_config(GimpProcedureConfig *config, Kcv3Job *job);
void kcv3_deconv_mode_to_config(const Kcv3Job *job, GimpProcedureConfig *config);
/* Restores the drawables with job's kernel as the PSF (the dialog's Deconvolve). */
Kcv3RenderResult kcv3_deconv_render_job(GimpDrawable **drawables, const Kcv3Job *job,
                                        gchar **error);

/* ---- kcv3-interactive.c (only when the ui library is built). */
#ifdef KCV_HAVE_UI
/* Shows the dialog starting from job; TRUE on OK with job updated. FALSE
 * with *shown FALSE when there is no display to show it on. */
gboolean kcv3_interactive_run(GimpProcedure *procedure, GimpImage *image, GimpDrawable *drawable,
                              Kcv3Job *job, gboolean *shown);
#endif

G_END_DECLS

#endif
