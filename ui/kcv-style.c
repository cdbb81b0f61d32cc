/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: GIMP's look for the dialog's widgets (compact combos, theme variant). */
#include "kcv-style.h"

/* Characters a shortened combo entry keeps. */
#define COMBO_CHARS 18

void kcv_combo_ellipsize(GtkWidget *combo)
{
  g_return_if_fail(GTK_IS_CELL_LAYOUT(combo));
  GList *cells = gtk_cell_layout_get_cells(GTK_CELL_LAYOUT(combo));
  for (GList *l = cells; l; l = l->next)
    if (GTK_IS_CELL_RENDERER_TEXT(l->data))
      g_object_set(l->data, "ellipsize", PANGO_ELLIPSIZE_MIDDLE, "width-chars", COMBO_CHARS,
                   "max-width-chars", COMBO_CHARS, NULL);
  g_list_free(cells);
}

void kcv_style_install(void)
{
  static gboolean done;
  if (done)
    return;
  done = TRUE;
  GtkCssProvider *css = gtk_css_provider_new();
  /* Adwaita gives each view switch 100 px; the names need less, and the
   * kernel column stays narrow for the preview. */
  gtk_css_provider_load_from_data(css, "stackswitcher button.text-button { min-width: 40px; }", -1,
                                  NULL);
  gtk_style_context_add_provider_for_screen(gdk_screen_get_default(), GTK_STYLE_PROVIDER(css),
                                            GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref(css);
}
