/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv GEGL operation: what the operation's files share (settings, plans, padded reads). */
#ifndef KCV_GEGL_H
#define KCV_GEGL_H

#include <gegl.h>

#include "kcv.h"

G_BEGIN_DECLS

/* Everything that decides the result, read from the operation's properties. */
typedef struct {
  const gchar *kernel;      /* kernel text; NULL or "" means kernel_file */
  const gchar *kernel_file; /* used when kernel is empty */
  gdouble divisor;          /* 0: the kernel file's own, else automatic */
  gdouble offset;           /* added to the kernel file's own offset */
  kcv_border border;
  kcv_method method;
  gboolean alpha_weighting;
  gint channels; /* components of the format the operation works in */
} KcvGeglSettings;

/* The parsed kernel and its plans, rebuilt when the settings change. */
typedef struct KcvGeglState KcvGeglState;

KcvGeglState *kcv_gegl_state_new(void);
void kcv_gegl_state_free(KcvGeglState *state);

/* Parses the kernel and makes the plan when the settings differ from the
 * last ones. FALSE when they cannot be used; the message saying why is
 * printed once per distinct problem (GEGL has no other way to report it),
 * and none when no kernel is set yet (a filter just created). */
gboolean kcv_gegl_state_update(KcvGeglState *state, const KcvGeglSettings *settings);

/* The kernel's reach around each output pixel: kw / 2 and kh / 2 (both
 * sides cover any anchor of an even-sized kernel). 0, 0 without a kernel. */
void kcv_gegl_state_halo(KcvGeglState *state, gint *hx, gint *hy);

/* One output region of one image, as process() is handed it. */
typedef struct {
  GeglBuffer *input, *output;
  const GeglRectangle *bbox; /* the input's extent */
  const GeglRectangle *roi;  /* the output region */
  const Babl *format;        /* of input and output, float */
  kcv_border border;
} KcvGeglRegion;

/* Convolves region. The method is the one AUTO picks for the whole image
 * (bbox), so every region of one image runs the same method whatever GEGL's
 * chunking. */
kcv_status kcv_gegl_state_process(KcvGeglState *state, const KcvGeglRegion *region);

/* Renders region with plan (hx, hy the halo, ch channels): banded, in bands
 * of rows on GEGL's threads with a single-threaded plan; else in one piece
 * (the FFT, whose plan threads itself and whose cost grows with every
 * halo). */
kcv_status kcv_gegl_render(kcv_plan *plan, gboolean banded, const KcvGeglRegion *region, gint hx,
                           gint hy, gint ch);

/* The input pixels a padded rectangle stands for: pixels outside bbox come
 * from the border mode applied at the edges of bbox (the input's extent),
 * exactly as the plug-in does at the drawable's edges. Reads only inside
 * kcv_gegl_required() of the rectangle it pads. FALSE when out of memory. */
gboolean kcv_gegl_read_padded(GeglBuffer *input, const GeglRectangle *bbox,
                              const GeglRectangle *pad, kcv_border border, const Babl *format,
                              gint channels, gfloat *dst);

/* The input area needed for output region roi (hx, hy the halo), and the
 * output area a change to input region changed touches. */
GeglRectangle kcv_gegl_required(const GeglRectangle *roi, const GeglRectangle *bbox, gint hx,
                                gint hy, kcv_border border);
GeglRectangle kcv_gegl_invalidated(const GeglRectangle *changed, const GeglRectangle *bbox, gint hx,
                                   gint hy, kcv_border border);

/* Imports the GIMP plug-ins' FFTW wisdom, once per process, and makes FFT
 * sizes it lacks plan quickly (kcv-gegl-wisdom.c). */
void kcv_gegl_wisdom_load(void);

/* After a render: starts the kcv plug-in installed in a GIMP profile as the helper that
 * measures the FFT sizes this process planned by estimate into that profile's wisdom, once
 * per set of new sizes (host/kcv-host-wisdom.c; KCV_NO_WISDOM_HELPER turns it off). */
void kcv_gegl_wisdom_measure_later(void);

G_END_DECLS

#endif
