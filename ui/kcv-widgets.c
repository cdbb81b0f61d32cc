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
