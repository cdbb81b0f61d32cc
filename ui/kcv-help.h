/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the Help window: the dialog's user guide (docs/dialog.md, built in). */
#ifndef KCV_HELP_H
#define KCV_HELP_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows the guide in a window transient for parent (one at a time). */
void kcv_help_show(GtkWindow *parent);
/* The guide's text as shown (Markdown marks turned into styles), for tests;
 * free with g_free. */
char *kcv_help_get_text(void);

G_END_DECLS

#endif
