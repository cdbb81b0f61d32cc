/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: small widget chores the dialog's parts share. */
#ifndef KCV_WIDGETS_H
#define KCV_WIDGETS_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Destroys every child of container, first to last, for a part that
 * rebuilds its contents (the grid's cells, a preset's sliders). */
void kcv_container_clear(GtkContainer *container);

/* A button showing only an icon; its tooltip is its name for screen
 * readers too. */
GtkWidget *kcv_icon_button(const char *icon, const char *tooltip);

G_END_DECLS

#endif
