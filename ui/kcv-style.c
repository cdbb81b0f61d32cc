/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: GIMP's look for the dialog's widgets (compact combos, theme variant). */
#include "kcv-style.h"

#include <string.h>

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

gboolean kcv_style_theme_is_dark(const char *theme_dir)
{
  if (!theme_dir || !*theme_dir)
    return FALSE;
  char *name = g_path_get_basename(theme_dir);
  char *lower = g_ascii_strdown(name, -1);
  /* GIMP 2.10 ships Dark (its default), Gray, Light and System; Gray is
   * dark too. Themes of users' own carry "dark" in their name by habit. */
  gboolean dark = strstr(lower, "dark") != NULL || strcmp(lower, "gray") == 0;
  g_free(lower);
  g_free(name);
  return dark;
}

void kcv_style_follow_gimp_theme(const char *theme_dir)
{
  GtkSettings *settings = gtk_settings_get_default();
  if (settings)
    g_object_set(settings, "gtk-application-prefer-dark-theme", kcv_style_theme_is_dark(theme_dir),
                 NULL);
}
