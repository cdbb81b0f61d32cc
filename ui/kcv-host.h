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

/* One side of the preview's region of a drawable size pixels long: all of
 * it when it fits in max_side; else a view of it around the selection
 * (sel0, sel_len), with up to the largest kernel's reach of real pixels on
 * each side (the view keeps at least half of max_side). read0, read_len:
 * what to read; view0, view_len: the view inside it. */
void kcv_host_region_span(int sel0, int sel_len, int size, int max_side, int *read0, int *read_len,
                          int *view0, int *view_len);

/* Sets source's selection from the drawable's (sx, sy, sw, sh) for a region
 * read at (x, y) of source->width x source->height: the part inside the
 * region, at least one pixel (for the preview's outline). */
void kcv_host_selection_in_region(KcvPreviewSource *source, int x, int y, int sx, int sy, int sw,
                                  int sh);

/* For tests: when the environment names a folder in KCV_PREVIEW_DUMP_DIR, each
 * preview result dialog shows goes to DIR/preview-ID.txt as text: "X Y W H" (the
 * rectangle in drawable coordinates; the region was read at x, y) then one
 * "R G B A" line of display bytes per pixel, written under a temporary name
 * and renamed so a reader never sees half of it. ID names the drawable. */
void kcv_host_dump_previews(KcvDialog *dialog, int id, int x, int y);
/* For tests driving the dialog by pointer: with KCV_PREVIEW_DUMP_DIR, the
 * screen positions of the Deconvolve button's, the preset chooser's and the
 * preview's centres go to DIR/widgets-ID.txt as "deconvolve X Y", "presets
 * X Y" and "preview X Y" lines, then "mode 1" in Deconvolve mode ("mode 0"
 * in Convolve), rewritten
 * when the dialog is mapped and when the preset chooser is laid out. */
void kcv_host_dump_widgets(KcvDialog *dialog, int id);

/* For benchmarks (KCV_VERBOSE): prints "kcv: first preview shown S s after
 * the plug-in started" once, at the end of the first frame painted with a
 * result (one computed before the window maps is not on screen yet), S
 * from start_us (g_get_monotonic_time() when the process started). */
void kcv_host_report_first_preview(KcvDialog *dialog, gint64 start_us);

G_END_DECLS

#endif
