/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: what the dialog's preview gets from the drawable (UI builds only). */
#ifndef KCV3_PREVIEW_H
#define KCV3_PREVIEW_H

#include "kcv-dialog.h"
#include "kcv3.h"

G_BEGIN_DECLS

typedef struct _Kcv3Preview Kcv3Preview;

/* Reads the preview's region of drawable in the light and format the render
 * uses: the drawable whole when a side fits in max_side, else a part of it
 * around the selection with the real neighbouring pixels any kernel reaches
 * into; and the conversions between lights and to what OK writes, through
 * the drawable's own format. NULL when the selection misses the drawable or
 * memory is short. */
Kcv3Preview *kcv3_preview_new(GimpDrawable *drawable, gboolean linear, gint max_side);
const KcvPreviewSource *kcv3_preview_source(const Kcv3Preview *preview);
/* Where the region starts in the drawable. */
void kcv3_preview_origin(const Kcv3Preview *preview, gint *x, gint *y);
void kcv3_preview_free(Kcv3Preview *preview);

G_END_DECLS

#endif
