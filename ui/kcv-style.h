/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: GIMP's look for the dialog's widgets (compact combos, theme variant). */
#ifndef KCV_STYLE_H
#define KCV_STYLE_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A combo box of text whose long entries (a layer's name) are shortened
 * with "…" instead of widening the dialog. */
void kcv_combo_ellipsize(GtkWidget *combo);

/* TRUE when GIMP's theme folder theme_dir (gimp_get_theme_dir()) is one of
 * its dark themes (Dark, Gray), by the folder's name. */
gboolean kcv_style_theme_is_dark(const char *theme_dir);
/* Follows GIMP's theme: the dark variant of the GTK 3 theme when GIMP's is
 * dark, so the dialog is not a white window over a dark GIMP. */
void kcv_style_follow_gimp_theme(const char *theme_dir);
/* The dialog's style sheet for the default screen (once per process). */
void kcv_style_install(void);

G_END_DECLS

#endif
