/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: what the dialog's preview gets from the drawable (UI builds only). */
#ifndef KCV_PREVIEW_HOST_H
#define KCV_PREVIEW_HOST_H

#include "kcv-dialog.h"
#include "kcv-plugin.h"

G_BEGIN_DECLS

typedef struct _KcvPreviewHost KcvPreviewHost;

/* Reads the preview's region of drawable in the light the render will use:
 * the drawable whole when a side fits in max_side, else a part of it around
 * the selection with the real neighbouring pixels any kernel reaches into;
 * and the conversions between lights and to what OK writes, the render's
 * own. Returns NULL when the selection misses the drawable or memory is short. */
KcvPreviewHost *kcv_preview_host_new(gint32 drawable, gboolean linear, gint max_side);
const KcvPreviewSource *kcv_preview_host_source(const KcvPreviewHost *host);
/* Where the region starts in the drawable. */
void kcv_preview_host_origin(const KcvPreviewHost *host, gint *x, gint *y);
void kcv_preview_host_free(KcvPreviewHost *host);

G_END_DECLS

#endif
