/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: what both GIMP hosts (plugin/ for 2.10, gimp3/) hand the dialog in the same form.
 * No GIMP here: each host reads the names and pixels through its own API. */
#ifndef KCV_HOST_H
#define KCV_HOST_H

#include "kcv-dialog.h"

G_BEGIN_DECLS

/* The thumbnail's largest side, as GIMP's filter headers show it. */
#define KCV_HOST_THUMBNAIL_SIZE 48

/* Heads the dialog as GIMP's filters do: "Background (splash.png)" from the
 * layer's and the image's names (NULL: empty), and the thumbnail (NULL: none). */
void kcv_host_set_header(KcvDialog *dialog, const char *layer, const char *image,
                         GdkPixbuf *thumbnail);

/* A thumbnail from GIMP's packed 8-bit thumbnail data (bpp 3: RGB, 4: RGBA),
 * taking ownership of data (freed with g_free); NULL, with data freed, for
 * other layouts (grey thumbnails: the header shows the names alone). */
GdkPixbuf *kcv_host_thumbnail_from_data(guchar *data, int width, int height, int bpp);

/* Removes "argument: " from the start of message, in place, when it starts
 * so: errors name the PDB argument for scripts, but the dialog's user picked a
 * layer, not an argument. message may be NULL. */
void kcv_host_strip_argument(char *message, const char *argument);

G_END_DECLS

#endif
