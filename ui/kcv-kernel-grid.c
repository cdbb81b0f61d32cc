/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: a grid of numeric cells for small kernels. */
#include "kcv-kernel-grid.h"

#include "kcv-widgets.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Narrowest cell, in characters. */
#define CELL_MIN_CHARS 5

struct _KcvKernelGrid {
  GtkBox parent_instance;
  GtkWidget *cells_box; /* holds the current GtkGrid or the note */
  GtkWidget *table;
  GtkWidget **cells;
  int width, height;
  gboolean updating; /* set while the program writes cells */
};

G_DEFINE_TYPE(KcvKernelGrid, kcv_kernel_grid, GTK_TYPE_BOX)

enum { SIGNAL_CELL_EDITED, SIGNAL_SHOW_HEATMAP, N_SIGNALS };
static guint signals[N_SIGNALS];

static void emit_show_heatmap(KcvKernelGrid *grid)
{
  g_signal_emit(grid, signals[SIGNAL_SHOW_HEATMAP], 0);
}

/* Reads a number typed in either decimal mark ("0.5" or "0,5"); FALSE too
 * for a number a float weight cannot hold: infinite beyond its range, 0
 * below its smallest denormal (a kernel of such weights blackens the image). */
static gboolean parse_number(const char *text, double *value)
{
  char *copy = g_strstrip(g_strdup(text));
  for (char *c = copy; *c; c++)
    if (*c == ',')
      *c = '.';
  char *end = NULL;
  double v = g_ascii_strtod(copy, &end);
  gboolean ok =
      copy[0] != '\0' && end && *end == '\0' && isfinite((float)v) && (v == 0 || (float)v != 0);
  g_free(copy);
  if (ok)
    *value = v;
  return ok;
}

/* 4 significant digits, as people read weights ("0.0002", "1.946e-05");
 * the kernel keeps its own precision. */
static void format_value(char *buf, gsize len, double v)
{
  g_ascii_formatd(buf, len, "%.4g", v);
}

static void on_cell_changed(GtkEditable *editable, KcvKernelGrid *grid)
{
  if (grid->updating)
    return;
  int x = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(editable), "kcv-x"));
  int y = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(editable), "kcv-y"));
  double v;
  GtkStyleContext *style = gtk_widget_get_style_context(GTK_WIDGET(editable));
  if (!parse_number(gtk_entry_get_text(GTK_ENTRY(editable)), &v)) {
    gtk_style_context_add_class(style, "error");
    return;
  }
  gtk_style_context_remove_class(style, "error");
  /* What the kernel now holds, as typed, for a later bad edit to fall back to. */
  g_object_set_data_full(G_OBJECT(editable), "kcv-last",
                         g_strdup(gtk_entry_get_text(GTK_ENTRY(editable))), g_free);
  g_signal_emit(grid, signals[SIGNAL_CELL_EDITED], 0, x, y, v);
}

/* Leaving a cell with bad text puts back the weight the kernel holds: the
 * last valid text typed, which was applied as it was typed. */
static gboolean on_cell_focus_out(GtkWidget *entry, GdkEvent *ev, KcvKernelGrid *grid)
{
  double v;
  if (!parse_number(gtk_entry_get_text(GTK_ENTRY(entry)), &v)) {
    const char *last = g_object_get_data(G_OBJECT(entry), "kcv-last");
    grid->updating = TRUE;
    gtk_entry_set_text(GTK_ENTRY(entry), last ? last : "0");
    grid->updating = FALSE;
    gtk_style_context_remove_class(gtk_widget_get_style_context(entry), "error");
  } else {
    g_object_set_data_full(G_OBJECT(entry), "kcv-last",
                           g_strdup(gtk_entry_get_text(GTK_ENTRY(entry))), g_free);
  }
  return FALSE;
}

static void clear_cells(KcvKernelGrid *grid)
{
  kcv_container_clear(GTK_CONTAINER(grid->cells_box));
  g_clear_pointer(&grid->cells, g_free);
  grid->table = NULL;
  grid->width = grid->height = 0;
}

static void build_cells(KcvKernelGrid *grid, int w, int h)
{
  clear_cells(grid);
  grid->table = gtk_grid_new();
  gtk_grid_set_row_spacing(GTK_GRID(grid->table), 2);
  gtk_grid_set_column_spacing(GTK_GRID(grid->table), 2);
  grid->cells = g_new0(GtkWidget *, (gsize)w * h);
  grid->width = w;
  grid->height = h;
  for (int y = 0; y < h; y++) {
    for (int x = 0; x < w; x++) {
      GtkWidget *e = gtk_entry_new();
      gtk_entry_set_width_chars(GTK_ENTRY(e), CELL_MIN_CHARS);
      gtk_entry_set_alignment(GTK_ENTRY(e), 1.0);
      gtk_entry_set_input_purpose(GTK_ENTRY(e), GTK_INPUT_PURPOSE_NUMBER);
      /* Positions counted from the centre, as filters think of them. */
      char *tip =
          g_strdup_printf(_("Weight at column %d, row %d (offset %+d, %+d from the center)"), x + 1,
                          y + 1, x - (w - 1) / 2, y - (h - 1) / 2);
      gtk_widget_set_tooltip_text(e, tip);
      g_free(tip);
      g_object_set_data(G_OBJECT(e), "kcv-x", GINT_TO_POINTER(x));
      g_object_set_data(G_OBJECT(e), "kcv-y", GINT_TO_POINTER(y));
      g_signal_connect(e, "changed", G_CALLBACK(on_cell_changed), grid);
      g_signal_connect(e, "focus-out-event", G_CALLBACK(on_cell_focus_out), grid);
      gtk_grid_attach(GTK_GRID(grid->table), e, x, y, 1, 1);
      grid->cells[(gsize)y * w + x] = e;
    }
  }
  gtk_box_pack_start(GTK_BOX(grid->cells_box), grid->table, FALSE, FALSE, 0);
  gtk_widget_show_all(grid->table);
}

void kcv_kernel_grid_set_kernel(KcvKernelGrid *grid, const kcv_kernel *kernel)
{
  g_return_if_fail(KCV_IS_KERNEL_GRID(grid));
  g_return_if_fail(kernel != NULL);
  if (kernel->width > KCV_KERNEL_GRID_MAX || kernel->height > KCV_KERNEL_GRID_MAX) {
    clear_cells(grid);
    char *text =
        g_strdup_printf(_("This kernel is %d × %d: the grid shows kernels up to %d × %d. "
                          "The heat map shows and paints any size."),
                        kernel->width, kernel->height, KCV_KERNEL_GRID_MAX, KCV_KERNEL_GRID_MAX);
    GtkWidget *note = gtk_label_new(text);
    g_free(text);
    gtk_label_set_line_wrap(GTK_LABEL(note), TRUE);
    gtk_label_set_max_width_chars(GTK_LABEL(note), 40);
    gtk_box_pack_start(GTK_BOX(grid->cells_box), note, FALSE, FALSE, 12);
    /* A way on, not a dead end. */
    GtkWidget *go = gtk_button_new_with_label(_("Show the Heat Map"));
    gtk_widget_set_halign(go, GTK_ALIGN_CENTER);
    g_signal_connect_swapped(go, "clicked", G_CALLBACK(emit_show_heatmap), grid);
    gtk_box_pack_start(GTK_BOX(grid->cells_box), go, FALSE, FALSE, 0);
    gtk_widget_show(note);
    gtk_widget_show(go);
    return;
  }
  if (!grid->table || grid->width != kernel->width || grid->height != kernel->height)
    build_cells(grid, kernel->width, kernel->height);
  /* Cells as wide as the longest weight (e.g. "-4.92039e-06"), so that no
   * value shows cut off; small integer kernels keep narrow cells. */
  int chars = CELL_MIN_CHARS;
  for (int i = 0; i < kernel->width * kernel->height; i++) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    format_value(buf, sizeof buf, kernel->data[i]);
    chars = MAX(chars, (int)strlen(buf));
  }
  for (int i = 0; i < kernel->width * kernel->height; i++) {
    gtk_entry_set_width_chars(GTK_ENTRY(grid->cells[i]), chars);
    gtk_entry_set_max_width_chars(GTK_ENTRY(grid->cells[i]), chars);
  }
  grid->updating = TRUE;
  for (int i = 0; i < kernel->width * kernel->height; i++) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    format_value(buf, sizeof buf, kernel->data[i]);
    GtkWidget *e = grid->cells[i];
    /* A cell being typed into keeps its text (e.g. "0." or "-") if it still means the weight. */
    double shown;
    if (!(gtk_widget_has_focus(e) && parse_number(gtk_entry_get_text(GTK_ENTRY(e)), &shown) &&
          (float)shown == kernel->data[i]))
      gtk_entry_set_text(GTK_ENTRY(e), buf);
    gtk_style_context_remove_class(gtk_widget_get_style_context(e), "error");
    g_object_set_data_full(G_OBJECT(e), "kcv-last", g_strdup(buf), g_free);
  }
  grid->updating = FALSE;
}

GtkWidget *kcv_kernel_grid_get_cell(KcvKernelGrid *grid, int x, int y)
{
  g_return_val_if_fail(KCV_IS_KERNEL_GRID(grid), NULL);
  if (!grid->cells || x < 0 || y < 0 || x >= grid->width || y >= grid->height)
    return NULL;
  return grid->cells[(gsize)y * grid->width + x];
}

static void kcv_kernel_grid_finalize(GObject *object)
{
  KcvKernelGrid *grid = KCV_KERNEL_GRID(object);
  g_free(grid->cells);
  G_OBJECT_CLASS(kcv_kernel_grid_parent_class)->finalize(object);
}

static void kcv_kernel_grid_init(KcvKernelGrid *grid)
{
  gtk_orientable_set_orientation(GTK_ORIENTABLE(grid), GTK_ORIENTATION_VERTICAL);
  grid->cells_box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_halign(grid->cells_box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign(grid->cells_box, GTK_ALIGN_CENTER);
  gtk_box_pack_start(GTK_BOX(grid), grid->cells_box, TRUE, TRUE, 0);
}

static void kcv_kernel_grid_class_init(KcvKernelGridClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = kcv_kernel_grid_finalize;
  signals[SIGNAL_CELL_EDITED] =
      g_signal_new("cell-edited", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_INT, G_TYPE_DOUBLE);
  signals[SIGNAL_SHOW_HEATMAP] =
      g_signal_new("show-heatmap", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 0);
}

GtkWidget *kcv_kernel_grid_new(void)
{
  return g_object_new(KCV_TYPE_KERNEL_GRID, NULL);
}
