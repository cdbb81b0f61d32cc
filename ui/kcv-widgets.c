/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: small widget chores the dialog's parts share. */
#include "kcv-widgets.h"

void kcv_container_clear(GtkContainer *container)
{
  /* A copy of the list: destroying a child takes it out of the container's. */
  GList *children = gtk_container_get_children(container);
  for (GList *l = children; l; l = l->next)
    gtk_widget_destroy(l->data);
  g_list_free(children);
}

GtkWidget *kcv_icon_button(const char *icon, const char *tooltip)
{
  GtkWidget *b = gtk_button_new_from_icon_name(icon, GTK_ICON_SIZE_BUTTON);
  gtk_widget_set_tooltip_text(b, tooltip);
  atk_object_set_name(gtk_widget_get_accessible(b), tooltip);
  return b;
}
