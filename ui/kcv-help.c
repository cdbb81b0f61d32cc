/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the Help window: the dialog's user guide (docs/dialog.md, built in).
 *
 * The guide is the same file the README links to, compiled into the
 * plug-in, so Help works without a browser or a network and never drifts
 * from the docs. Only the Markdown the guide uses is rendered: headings,
 * **bold**, `code` and list items; images are left out. */
#include "kcv-help.h"

#include "kcv-ui-resources.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define GUIDE "/org/kcv/ui/guide.md"

/* Appends text with **bold** and `code` spans as tags. */
static void append_inline(GtkTextBuffer *b, const char *text, const char *base_tag)
{
  GtkTextIter end;
  const char *p = text;
  gboolean bold = FALSE, code = FALSE;
  while (*p) {
    const char *next = p + strcspn(p, "*`");
    if (*next == '*' && next[1] != '*')
      next += strcspn(next + 1, "*`") + 1; /* a lone '*' is text */
    gtk_text_buffer_get_end_iter(b, &end);
    gtk_text_buffer_insert_with_tags_by_name(b, &end, p, (int)(next - p), base_tag,
                                             bold ? "bold" : NULL, code ? "code" : NULL, NULL);
    if (!*next)
      break;
    if (*next == '`') {
      code = !code;
      p = next + 1;
    } else if (next[0] == '*' && next[1] == '*') {
      bold = !bold;
      p = next + 2;
    } else {
      p = next;
    }
  }
}

static void fill(GtkTextBuffer *b, const char *md)
{
  gtk_text_buffer_create_tag(b, "h1", "weight", PANGO_WEIGHT_BOLD, "scale", 1.4, NULL);
  gtk_text_buffer_create_tag(b, "h2", "weight", PANGO_WEIGHT_BOLD, "scale", 1.15, NULL);
  gtk_text_buffer_create_tag(b, "bold", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag(b, "code", "family", "monospace", NULL);
  char **lines = g_strsplit(md, "\n", -1);
  for (char **l = lines; *l; l++) {
    const char *line = *l;
    if (g_str_has_prefix(line, "!["))
      continue; /* a screenshot: the dialog is right there */
    const char *tag = NULL;
    if (g_str_has_prefix(line, "## ")) {
      tag = "h2";
      line += 3;
    } else if (g_str_has_prefix(line, "# ")) {
      tag = "h1";
      line += 2;
    }
    append_inline(b, line, tag);
    GtkTextIter end;
    gtk_text_buffer_get_end_iter(b, &end);
    gtk_text_buffer_insert(b, &end, "\n", 1);
  }
  g_strfreev(lines);
}

static GtkTextBuffer *guide_buffer(void)
{
  GtkTextBuffer *b = gtk_text_buffer_new(NULL);
  /* Through the resource itself: a static library drops an object nothing refers to. */
  GBytes *bytes =
      g_resource_lookup_data(kcv_ui_get_resource(), GUIDE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes) {
    char *md = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
    fill(b, md);
    g_free(md);
    g_bytes_unref(bytes);
  }
  return b;
}

char *kcv_help_get_text(void)
{
  GtkTextBuffer *b = guide_buffer();
  GtkTextIter s, e;
  gtk_text_buffer_get_bounds(b, &s, &e);
  char *text = gtk_text_buffer_get_text(b, &s, &e, FALSE);
  g_object_unref(b);
  return text;
}

void kcv_help_show(GtkWindow *parent)
{
  static GtkWidget *window;
  if (window) {
    gtk_window_present(GTK_WINDOW(window));
    return;
  }
  window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  g_object_add_weak_pointer(G_OBJECT(window), (gpointer *)&window);
  gtk_window_set_title(GTK_WINDOW(window), _("Custom Convolution Help"));
  gtk_window_set_transient_for(GTK_WINDOW(window), parent);
  gtk_window_set_destroy_with_parent(GTK_WINDOW(window), TRUE);
  gtk_window_set_default_size(GTK_WINDOW(window), 620, 560);
  GtkTextBuffer *b = guide_buffer();
  GtkWidget *view = gtk_text_view_new_with_buffer(b);
  g_object_unref(b);
  gtk_text_view_set_editable(GTK_TEXT_VIEW(view), FALSE);
  gtk_text_view_set_cursor_visible(GTK_TEXT_VIEW(view), FALSE);
  gtk_text_view_set_wrap_mode(GTK_TEXT_VIEW(view), GTK_WRAP_WORD);
  gtk_text_view_set_left_margin(GTK_TEXT_VIEW(view), 12);
  gtk_text_view_set_right_margin(GTK_TEXT_VIEW(view), 12);
  gtk_text_view_set_top_margin(GTK_TEXT_VIEW(view), 12);
  GtkWidget *sw = gtk_scrolled_window_new(NULL, NULL);
  gtk_container_add(GTK_CONTAINER(sw), view);
  gtk_container_add(GTK_CONTAINER(window), sw);
  gtk_widget_show_all(window);
}
