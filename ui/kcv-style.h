/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: GIMP's look for the dialog's widgets (compact combos, theme variant). */
#ifndef KCV_STYLE_H
#define KCV_STYLE_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A combo box of text whose long entries (a layer's name) are shortened
 * with "…" instead of widening the dialog. */
void kcv_combo_ellipsize(GtkWidget *combo);

/* The dialog's style sheet for the default screen (once per process). */
void kcv_style_install(void);

G_END_DECLS

#endif
