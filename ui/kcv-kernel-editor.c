/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the kernel editor (size, grid / heat map / text views, sum, undo).
 *
 * The editor owns the kernel; the three views show it and report edits,
 * which the editor applies and announces with "kernel-changed". */
#include "kcv-kernel-editor.h"

#include "kcv-heatmap.h"
#include "kcv-kernel-grid.h"
#include "kcv-kernel-history.h"
#include "kcv-kernel-io.h"
#include "kcv-kernel-text.h"
#include "kcv-presets.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* Room the heat map is fitted into when a kernel of a new size arrives. */
#define HEATMAP_FIT_W 420
#define HEATMAP_FIT_H 320
/* Undo keeps this much of kernel copies: 16 steps of the largest kernel,
 * thousands of small ones. */
#define HISTORY_MAX_BYTES (64u << 20)
/* Undo groups: edits of one cell in a row are one step. */
#define GROUP_CELL (G_GUINT64_CONSTANT(1) << 32)

struct _KcvKernelEditor {
  GtkBox parent_instance;
  kcv_kernel *kernel;
  GtkWidget *width_spin, *height_spin, *stack, *toolbar;
  GtkWidget *grid, *heatmap, *text, *hover_label, *paint_spin, *brush_spin;
  GtkWidget *sum_label, *divisor_label, *scale_label;
  gboolean psf; /* the kernel is a PSF, used normalised to sum 1 */
  gboolean updating_size;
  gboolean from_text;        /* the kernel being replaced was read from the text view */
  gboolean restoring;        /* undo or redo is putting a kernel back */
  gboolean heat_fit_pending; /* a new size not yet fitted to the heat map's view */
  KcvKernelHistory *history;
  KcvKernelNoteGet get_note;
  KcvKernelNoteRestore restore_note;
  gpointer note_data;
  GtkWidget *undo_button, *redo_button;
};

G_DEFINE_TYPE(KcvKernelEditor, kcv_kernel_editor, GTK_TYPE_BOX)

enum { SIGNAL_CHANGED, SIGNAL_SCALE_OFFSET, N_SIGNALS };
static guint signals[N_SIGNALS];

static void update_sums(KcvKernelEditor *ed)
{
  char *scale = g_strdup_printf(_("Colors: blue −%.4g, white 0, red +%.4g"),
                                kcv_heatmap_get_scale(KCV_HEATMAP(ed->heatmap)),
                                kcv_heatmap_get_scale(KCV_HEATMAP(ed->heatmap)));
  gtk_label_set_text(GTK_LABEL(ed->scale_label), scale);
  g_free(scale);
  char *s = g_strdup_printf(_("Sum: %.6g"), kcv_kernel_sum(ed->kernel));
  gtk_label_set_text(GTK_LABEL(ed->sum_label), s);
  g_free(s);
  /* A PSF has no divisor: the deconvolution divides it by its sum. */
  s = ed->psf ? g_strdup(_("Normalized to sum 1"))
              : g_strdup_printf(_("Automatic divisor: %.6g"), kcv_kernel_auto_divisor(ed->kernel));
  gtk_label_set_text(GTK_LABEL(ed->divisor_label), s);
  g_free(s);
  gtk_widget_set_tooltip_text(
      ed->divisor_label,
      ed->psf ? _("A point spread function moves light without adding any: its weights are "
                  "divided by their sum, which must be more than 0")
              : _("What the automatic divisor is for this kernel: the sum, or 1 when the sum "
                  "is zero"));
}

void kcv_kernel_editor_set_psf(KcvKernelEditor *ed, gboolean psf)
{
  g_return_if_fail(KCV_IS_KERNEL_EDITOR(ed));
  ed->psf = psf;
  update_sums(ed);
}

static void update_history_buttons(KcvKernelEditor *ed)
{
  gtk_widget_set_sensitive(ed->undo_button, kcv_kernel_history_can_undo(ed->history));
  gtk_widget_set_sensitive(ed->redo_button, kcv_kernel_history_can_redo(ed->history));
}

/* Before every change of the kernel. */
static void remember(KcvKernelEditor *ed, guint64 group)
{
  char *note = ed->get_note ? ed->get_note(ed->note_data) : NULL;
  kcv_kernel_history_remember(ed->history, ed->kernel, note, group);
  g_free(note);
  update_history_buttons(ed);
}

/* A weight to paint that suits the kernel: its strongest (a disk's weights
 * are about 0.0002; painting 1 would dwarf them). Shown to 4 significant
 * digits, stepped in tenths of its leading digit. */
static void set_paint_value(KcvKernelEditor *ed, double v)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON(ed->paint_spin);
  if (v != 0.0 && isfinite(v)) {
    int lead = (int)floor(log10(fabs(v)));
    gtk_spin_button_set_digits(spin, CLAMP(3 - lead, 0, 12));
    double step = pow(10.0, lead - 1);
    gtk_spin_button_set_increments(spin, step, step * 10.0);
  }
  gtk_spin_button_set_value(spin, v);
}

static double strongest_weight(const kcv_kernel *k)
{
  double best = 0.0;
  for (gsize i = 0; i < (gsize)k->width * k->height; i++)
    if (fabs(k->data[i]) > fabs(best))
      best = k->data[i];
  return best != 0.0 ? best : 1.0;
}

static void changed(KcvKernelEditor *ed)
{
  update_sums(ed);
  g_signal_emit(ed, signals[SIGNAL_CHANGED], 0);
}

static void on_heat_fit(GtkButton *b, KcvKernelEditor *ed);

/* Takes ownership of kernel and shows it everywhere. */
static void replace_kernel(KcvKernelEditor *ed, kcv_kernel *kernel)
{
  gboolean new_size =
      !ed->kernel || ed->kernel->width != kernel->width || ed->kernel->height != kernel->height;
  if (!ed->restoring)
    remember(ed, 0);
  kcv_heatmap_set_kernel(KCV_HEATMAP(ed->heatmap), kernel);
  kcv_kernel_free(ed->kernel);
  ed->kernel = kernel;
  kcv_kernel_grid_set_kernel(KCV_KERNEL_GRID(ed->grid), kernel);
  /* Text the user typed stays as typed (caret, comments, a .mat header). */
  if (!ed->from_text)
    kcv_kernel_text_set_kernel(KCV_KERNEL_TEXT(ed->text), kernel);
  if (new_size) {
    ed->updating_size = TRUE;
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(ed->width_spin), kernel->width);
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(ed->height_spin), kernel->height);
    ed->updating_size = FALSE;
    KcvHeatmap *hm = KCV_HEATMAP(ed->heatmap);
    kcv_heatmap_set_zoom(hm, kcv_heatmap_fit_zoom(hm, HEATMAP_FIT_W, HEATMAP_FIT_H));
    /* Fitted again to the view's real size once it has one. */
    ed->heat_fit_pending = TRUE;
    if (gtk_widget_get_mapped(ed->heatmap))
      on_heat_fit(NULL, ed);
    const char *page = gtk_stack_get_visible_child_name(GTK_STACK(ed->stack));
    gboolean big = kernel->width > KCV_KERNEL_GRID_FIT || kernel->height > KCV_KERNEL_GRID_FIT;
    if (big && g_strcmp0(page, "grid") == 0)
      gtk_stack_set_visible_child_name(GTK_STACK(ed->stack), "heatmap");
  }
  if (!ed->restoring)
    set_paint_value(ed, strongest_weight(kernel));
  changed(ed);
}

void kcv_kernel_editor_set_kernel(KcvKernelEditor *ed, const kcv_kernel *kernel)
{
  g_return_if_fail(KCV_IS_KERNEL_EDITOR(ed));
  g_return_if_fail(kernel != NULL);
  kcv_kernel *copy = kcv_kernel_copy(kernel);
  g_return_if_fail(copy != NULL);
  replace_kernel(ed, copy);
}

const kcv_kernel *kcv_kernel_editor_get_kernel(KcvKernelEditor *ed)
{
  g_return_val_if_fail(KCV_IS_KERNEL_EDITOR(ed), NULL);
  return ed->kernel;
}

void kcv_kernel_editor_set_size(KcvKernelEditor *ed, int width, int height)
{
  g_return_if_fail(KCV_IS_KERNEL_EDITOR(ed));
  width = CLAMP(width, 1, KCV_KERNEL_MAX);
  height = CLAMP(height, 1, KCV_KERNEL_MAX);
  if (width == ed->kernel->width && height == ed->kernel->height)
    return;
  kcv_kernel *k = kcv_kernel_resized(ed->kernel, width, height);
  if (k)
    replace_kernel(ed, k);
}

static void on_size_changed(GtkSpinButton *spin, KcvKernelEditor *ed)
{
  if (ed->updating_size)
    return;
  kcv_kernel_editor_set_size(ed, gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(ed->width_spin)),
                             gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(ed->height_spin)));
}

static void on_cell_edited(KcvKernelGrid *grid, int x, int y, double v, KcvKernelEditor *ed)
{
  if (x >= ed->kernel->width || y >= ed->kernel->height)
    return;
  remember(ed, GROUP_CELL | (guint64)((gsize)y * ed->kernel->width + x));
  ed->kernel->data[(gsize)y * ed->kernel->width + x] = (float)v;
  kcv_heatmap_set_kernel(KCV_HEATMAP(ed->heatmap), ed->kernel);
  kcv_kernel_text_set_kernel(KCV_KERNEL_TEXT(ed->text), ed->kernel);
  changed(ed);
}

static void on_painted(KcvHeatmap *hm, KcvKernelEditor *ed)
{
  kcv_kernel_grid_set_kernel(KCV_KERNEL_GRID(ed->grid), ed->kernel);
  kcv_kernel_text_set_kernel(KCV_KERNEL_TEXT(ed->text), ed->kernel);
  changed(ed);
}

static void show_heatmap(KcvKernelEditor *ed)
{
  gtk_stack_set_visible_child_name(GTK_STACK(ed->stack), "heatmap");
}

static void on_stroke_begin(KcvHeatmap *hm, KcvKernelEditor *ed)
{
  remember(ed, 0);
}

static void on_picked(KcvHeatmap *hm, double value, KcvKernelEditor *ed)
{
  set_paint_value(ed, value);
}

static void on_hover(KcvHeatmap *hm, int x, int y, double v, KcvKernelEditor *ed)
{
  gtk_widget_set_visible(ed->hover_label, x >= 0);
  gtk_widget_set_visible(ed->scale_label, x < 0);
  if (x < 0)
    return;
  char *s = g_strdup_printf(_("Column %d, row %d (%+d, %+d from the center): %.6g"), x + 1, y + 1,
                            x - (ed->kernel->width - 1) / 2, y - (ed->kernel->height - 1) / 2, v);
  gtk_label_set_text(GTK_LABEL(ed->hover_label), s);
  g_free(s);
}

static void on_parsed(KcvKernelText *t, gpointer data, KcvKernelEditor *ed)
{
  const kcv_kernel_file *file = data;
  kcv_kernel *k = kcv_kernel_copy(file->kernel);
  if (!k)
    return;
  ed->from_text = TRUE;
  replace_kernel(ed, k);
  ed->from_text = FALSE;
  if (file->format == KCV_KERNEL_FORMAT_MAT || file->format == KCV_KERNEL_FORMAT_ACF)
    g_signal_emit(ed, signals[SIGNAL_SCALE_OFFSET], 0, file->divisor, file->offset);
}

static void on_paint_value(GtkSpinButton *spin, KcvKernelEditor *ed)
{
  kcv_heatmap_set_paint_value(KCV_HEATMAP(ed->heatmap), gtk_spin_button_get_value(spin));
}

static void on_brush(GtkSpinButton *spin, KcvKernelEditor *ed)
{
  kcv_heatmap_set_brush_radius(KCV_HEATMAP(ed->heatmap), gtk_spin_button_get_value_as_int(spin));
}

static void on_heat_zoom_in(GtkButton *b, KcvKernelEditor *ed)
{
  KcvHeatmap *hm = KCV_HEATMAP(ed->heatmap);
  kcv_heatmap_set_zoom(hm, kcv_heatmap_get_zoom(hm) * 2.0);
}

static void on_heat_zoom_out(GtkButton *b, KcvKernelEditor *ed)
{
  KcvHeatmap *hm = KCV_HEATMAP(ed->heatmap);
  kcv_heatmap_set_zoom(hm, kcv_heatmap_get_zoom(hm) / 2.0);
}

static void on_heat_fit(GtkButton *b, KcvKernelEditor *ed)
{
  ed->heat_fit_pending = FALSE;
  KcvHeatmap *hm = KCV_HEATMAP(ed->heatmap);
  GtkWidget *sw = gtk_widget_get_parent(gtk_widget_get_parent(ed->heatmap));
  int w = gtk_widget_get_allocated_width(sw), h = gtk_widget_get_allocated_height(sw);
  kcv_heatmap_set_zoom(
      hm, kcv_heatmap_fit_zoom(hm, w > 16 ? w - 8 : HEATMAP_FIT_W, h > 16 ? h - 8 : HEATMAP_FIT_H));
}

static void on_heat_view_allocated(GtkWidget *sw, GdkRectangle *alloc, KcvKernelEditor *ed)
{
  if (ed->heat_fit_pending && alloc->width > 16 && alloc->height > 16)
    on_heat_fit(NULL, ed);
}

typedef enum {
  T_NORMALISE,
  T_FLIP_H,
  T_FLIP_V,
  T_ROTATE_CW,
  T_ROTATE_CCW,
  T_TRANSPOSE,
  T_NEGATE,
} Transform;

static void on_transform(GtkMenuItem *item, KcvKernelEditor *ed)
{
  Transform t = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(item), "kcv-transform"));
  kcv_kernel *k = NULL;
  switch (t) {
  case T_NORMALISE:
    k = kcv_kernel_normalized(ed->kernel);
    break;
  case T_FLIP_H:
    k = kcv_kernel_flipped(ed->kernel, 1, 0);
    break;
  case T_FLIP_V:
    k = kcv_kernel_flipped(ed->kernel, 0, 1);
    break;
  case T_ROTATE_CW:
    k = kcv_kernel_rotated90(ed->kernel, 1);
    break;
  case T_ROTATE_CCW:
    k = kcv_kernel_rotated90(ed->kernel, 3);
    break;
  case T_TRANSPOSE:
    k = kcv_kernel_transposed(ed->kernel);
    break;
  case T_NEGATE:
    k = kcv_kernel_scaled(ed->kernel, -1.0);
    break;
  }
  if (k)
    replace_kernel(ed, k);
}

static GtkWidget *transform_menu(KcvKernelEditor *ed)
{
  static const struct {
    Transform t;
    const char *label;
  } items[] = {
      {T_NORMALISE, N_("_Normalize (sum 1)")},
      {T_FLIP_H, N_("Flip _horizontally")},
      {T_FLIP_V, N_("Flip _vertically")},
      {T_ROTATE_CW, N_("Rotate _clockwise")},
      {T_ROTATE_CCW, N_("Rotate _counterclockwise")},
      {T_TRANSPOSE, N_("_Transpose")},
      {T_NEGATE, N_("N_egate")},
  };
  GtkWidget *menu = gtk_menu_new();
  for (gsize i = 0; i < G_N_ELEMENTS(items); i++) {
    GtkWidget *mi = gtk_menu_item_new_with_mnemonic(_(items[i].label));
    g_object_set_data(G_OBJECT(mi), "kcv-transform", GINT_TO_POINTER(items[i].t));
    g_signal_connect(mi, "activate", G_CALLBACK(on_transform), ed);
    gtk_menu_shell_append(GTK_MENU_SHELL(menu), mi);
  }
  gtk_widget_show_all(menu);
  return menu;
}

static GtkWidget *labelled_spin(GtkWidget *box, const char *mnemonic, const char *tooltip,
                                double min, double max, double step, int digits, double value)
{
  GtkWidget *label = gtk_label_new_with_mnemonic(mnemonic);
  GtkWidget *spin = gtk_spin_button_new_with_range(min, max, step);
  /* Enter in a field commits it and presses OK, as in GIMP's dialogs. */
  gtk_entry_set_activates_default(GTK_ENTRY(spin), TRUE);
  gtk_spin_button_set_digits(GTK_SPIN_BUTTON(spin), digits);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(spin), value);
  gtk_entry_set_width_chars(GTK_ENTRY(spin), 4);
  gtk_label_set_mnemonic_widget(GTK_LABEL(label), spin);
  gtk_widget_set_tooltip_text(spin, tooltip);
  gtk_widget_set_tooltip_text(label, tooltip);
  gtk_box_pack_start(GTK_BOX(box), label, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(box), spin, FALSE, FALSE, 0);
  return spin;
}

static GtkWidget *text_button(const char *label, const char *tooltip, GCallback cb, gpointer data)
{
  GtkWidget *b = gtk_button_new_with_label(label);
  gtk_widget_set_tooltip_text(b, tooltip);
  g_signal_connect(b, "clicked", cb, data);
  return b;
}

static GtkWidget *icon_button(const char *icon, const char *tooltip, GCallback cb, gpointer data)
{
  GtkWidget *b = gtk_button_new_from_icon_name(icon, GTK_ICON_SIZE_BUTTON);
  gtk_widget_set_tooltip_text(b, tooltip);
  g_signal_connect_swapped(b, "clicked", cb, data);
  return b;
}

static GtkWidget *info_label(const char *tooltip)
{
  GtkWidget *l = gtk_label_new(NULL);
  gtk_label_set_xalign(GTK_LABEL(l), 0.0);
  /* Not selectable: a selectable label takes a stop in the Tab order. */
  gtk_label_set_ellipsize(GTK_LABEL(l), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text(l, tooltip);
  return l;
}

/* Size and tools. */
static GtkWidget *tool_row(KcvKernelEditor *ed)
{
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  ed->width_spin = labelled_spin(row, _("Si_ze:"),
                                 _("Kernel width in weights (1 to 1025, odd or even); resizing "
                                   "keeps the weights that still fit, centered"),
                                 1, KCV_KERNEL_MAX, 1, 0, 3);
  ed->height_spin = labelled_spin(row, "×",
                                  _("Kernel height in weights (1 to 1025, odd or even); resizing "
                                    "keeps the weights that still fit, centered"),
                                  1, KCV_KERNEL_MAX, 1, 0, 3);
  g_signal_connect(ed->width_spin, "value-changed", G_CALLBACK(on_size_changed), ed);
  g_signal_connect(ed->height_spin, "value-changed", G_CALLBACK(on_size_changed), ed);
  GtkWidget *transform = gtk_menu_button_new();
  GtkWidget *tlabel = gtk_label_new_with_mnemonic(_("_Transform"));
  gtk_container_add(GTK_CONTAINER(transform), tlabel);
  gtk_menu_button_set_popup(GTK_MENU_BUTTON(transform), transform_menu(ed));
  gtk_widget_set_tooltip_text(transform,
                              _("Normalize, flip, rotate, transpose or negate the kernel"));
  gtk_box_pack_start(GTK_BOX(row), transform, FALSE, FALSE, 0);
  return row;
}

/* The views' switcher, then undo, redo and the dialog's buttons. */
static GtkWidget *view_row(KcvKernelEditor *ed, GtkWidget *switcher)
{
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_pack_start(GTK_BOX(row), switcher, FALSE, FALSE, 0);
  ed->undo_button =
      icon_button("edit-undo-symbolic", _("Undo the last change of the kernel (Ctrl+Z)"),
                  G_CALLBACK(kcv_kernel_editor_undo), ed);
  ed->redo_button = icon_button("edit-redo-symbolic", _("Redo what was undone (Ctrl+Shift+Z)"),
                                G_CALLBACK(kcv_kernel_editor_redo), ed);
  ed->toolbar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_pack_end(GTK_BOX(row), ed->toolbar, FALSE, FALSE, 0);
  gtk_box_pack_end(GTK_BOX(row), ed->redo_button, FALSE, FALSE, 0);
  gtk_box_pack_end(GTK_BOX(row), ed->undo_button, FALSE, FALSE, 6);
  return row;
}

static GtkWidget *heat_page(KcvKernelEditor *ed)
{
  GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
  ed->heatmap = kcv_heatmap_new();
  gtk_widget_set_tooltip_text(ed->heatmap,
                              _("Blue: negative weights, white: zero, red: positive. Click or drag "
                                "to paint the paint value; the right button paints zero; "
                                "Ctrl+click picks the weight as the paint value."));
  g_signal_connect(ed->heatmap, "stroke-begin", G_CALLBACK(on_stroke_begin), ed);
  g_signal_connect(ed->heatmap, "painted", G_CALLBACK(on_painted), ed);
  g_signal_connect(ed->heatmap, "picked", G_CALLBACK(on_picked), ed);
  g_signal_connect(ed->heatmap, "hover", G_CALLBACK(on_hover), ed);
  GtkWidget *hsw = gtk_scrolled_window_new(NULL, NULL);
  gtk_container_add(GTK_CONTAINER(hsw), ed->heatmap);
  g_signal_connect(hsw, "size-allocate", G_CALLBACK(on_heat_view_allocated), ed);
  gtk_widget_set_vexpand(hsw, TRUE);
  gtk_box_pack_start(GTK_BOX(page), hsw, TRUE, TRUE, 0);
  /* Zoom, and what the colors mean (the weight under the pointer while hovering). */
  GtkWidget *zoom_row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_pack_start(GTK_BOX(zoom_row),
                     text_button("−", _("Smaller cells"), G_CALLBACK(on_heat_zoom_out), ed), FALSE,
                     FALSE, 0);
  gtk_box_pack_start(GTK_BOX(zoom_row),
                     text_button("+", _("Larger cells"), G_CALLBACK(on_heat_zoom_in), ed), FALSE,
                     FALSE, 0);
  gtk_box_pack_start(
      GTK_BOX(zoom_row),
      text_button(_("Fit"), _("Fit the kernel in the view"), G_CALLBACK(on_heat_fit), ed), FALSE,
      FALSE, 0);
  ed->scale_label = info_label(_("What the heat map's colors stand for"));
  ed->hover_label = info_label(_("The weight under the pointer"));
  gtk_widget_set_no_show_all(ed->hover_label, TRUE);
  gtk_box_pack_start(GTK_BOX(zoom_row), ed->scale_label, TRUE, TRUE, 6);
  gtk_box_pack_start(GTK_BOX(zoom_row), ed->hover_label, TRUE, TRUE, 6);
  gtk_box_pack_start(GTK_BOX(page), zoom_row, FALSE, FALSE, 0);

  GtkWidget *paint_row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 4);
  ed->paint_spin = labelled_spin(paint_row, _("_Paint value:"),
                                 _("The weight a click or drag on the heat map writes"), -1000,
                                 1000, 0.1, 3, 1.0);
  gtk_entry_set_width_chars(GTK_ENTRY(ed->paint_spin), 9);
  g_signal_connect(ed->paint_spin, "value-changed", G_CALLBACK(on_paint_value), ed);
  ed->brush_spin =
      labelled_spin(paint_row, _("_Brush:"),
                    _("Radius of the painted disc in weights (0: one weight)"), 0, 256, 1, 0, 0);
  g_signal_connect(ed->brush_spin, "value-changed", G_CALLBACK(on_brush), ed);
  gtk_box_pack_start(GTK_BOX(page), paint_row, FALSE, FALSE, 0);
  return page;
}

/* What the kernel adds up to. */
static GtkWidget *info_row(KcvKernelEditor *ed)
{
  GtkWidget *info = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 18);
  ed->sum_label = info_label(_("Sum of the weights"));
  ed->divisor_label = info_label(_("What the automatic divisor is for this kernel: the sum, or 1 "
                                   "when the sum is zero"));
  gtk_box_pack_start(GTK_BOX(info), ed->sum_label, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(info), ed->divisor_label, FALSE, FALSE, 0);
  return info;
}

static void kcv_kernel_editor_init(KcvKernelEditor *ed)
{
  gtk_orientable_set_orientation(GTK_ORIENTABLE(ed), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing(GTK_BOX(ed), 6);

  gtk_box_pack_start(GTK_BOX(ed), tool_row(ed), FALSE, FALSE, 0);

  /* The three views. */
  ed->stack = gtk_stack_new();
  gtk_widget_set_vexpand(ed->stack, TRUE);
  GtkWidget *switcher = gtk_stack_switcher_new();
  gtk_stack_switcher_set_stack(GTK_STACK_SWITCHER(switcher), GTK_STACK(ed->stack));
  gtk_widget_set_halign(switcher, GTK_ALIGN_START);
  /* Each button as wide as its name: a narrow kernel column leaves the preview room. */
  gtk_box_set_homogeneous(GTK_BOX(switcher), FALSE);
  gtk_widget_set_tooltip_text(switcher, _("How to show and edit the kernel"));

  ed->grid = kcv_kernel_grid_new();
  g_signal_connect(ed->grid, "cell-edited", G_CALLBACK(on_cell_edited), ed);
  g_signal_connect_swapped(ed->grid, "show-heatmap", G_CALLBACK(show_heatmap), ed);
  GtkWidget *sw = gtk_scrolled_window_new(NULL, NULL);
  gtk_container_add(GTK_CONTAINER(sw), ed->grid);
  gtk_stack_add_titled(GTK_STACK(ed->stack), sw, "grid", _("Grid"));

  gtk_stack_add_titled(GTK_STACK(ed->stack), heat_page(ed), "heatmap", _("Heat map"));

  ed->text = kcv_kernel_text_new();
  g_signal_connect(ed->text, "kernel-parsed", G_CALLBACK(on_parsed), ed);
  gtk_stack_add_titled(GTK_STACK(ed->stack), ed->text, "text", _("Text"));

  gtk_box_pack_start(GTK_BOX(ed), view_row(ed, switcher), FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(ed), ed->stack, TRUE, TRUE, 0);

  gtk_box_pack_start(GTK_BOX(ed), info_row(ed), FALSE, FALSE, 0);

  ed->history = kcv_kernel_history_new(HISTORY_MAX_BYTES);
  kcv_kernel *identity = kcv_kernel_new(3, 3);
  identity->data[4] = 1.0f;
  replace_kernel(ed, identity);
  kcv_kernel_editor_clear_history(ed);
}

/* Takes the kernel the history gives back (NULL: nothing to do) and
 * hands its note back to whoever wrote it. */
static void restore(KcvKernelEditor *ed, kcv_kernel *k, char *note)
{
  if (!k)
    return;
  ed->restoring = TRUE;
  replace_kernel(ed, k);
  ed->restoring = FALSE;
  if (ed->restore_note)
    ed->restore_note(note, ed->note_data);
  g_free(note);
  update_history_buttons(ed);
}

void kcv_kernel_editor_undo(KcvKernelEditor *ed)
{
  g_return_if_fail(KCV_IS_KERNEL_EDITOR(ed));
  char *now = ed->get_note ? ed->get_note(ed->note_data) : NULL, *note = NULL;
  kcv_kernel *k = kcv_kernel_history_undo(ed->history, ed->kernel, now, &note);
  g_free(now);
  restore(ed, k, note);
}

void kcv_kernel_editor_redo(KcvKernelEditor *ed)
{
  g_return_if_fail(KCV_IS_KERNEL_EDITOR(ed));
  char *now = ed->get_note ? ed->get_note(ed->note_data) : NULL, *note = NULL;
  kcv_kernel *k = kcv_kernel_history_redo(ed->history, ed->kernel, now, &note);
  g_free(now);
  restore(ed, k, note);
}

void kcv_kernel_editor_set_note_hooks(KcvKernelEditor *ed, KcvKernelNoteGet get,
                                      KcvKernelNoteRestore restore_note, gpointer data)
{
  g_return_if_fail(KCV_IS_KERNEL_EDITOR(ed));
  ed->get_note = get;
  ed->restore_note = restore_note;
  ed->note_data = data;
}

void kcv_kernel_editor_clear_history(KcvKernelEditor *ed)
{
  g_return_if_fail(KCV_IS_KERNEL_EDITOR(ed));
  kcv_kernel_history_clear(ed->history);
  update_history_buttons(ed);
}

gboolean kcv_kernel_editor_commit_text(KcvKernelEditor *ed)
{
  g_return_val_if_fail(KCV_IS_KERNEL_EDITOR(ed), FALSE);
  KcvKernelText *text = KCV_KERNEL_TEXT(ed->text);
  if (kcv_kernel_text_commit(text))
    return TRUE;
  gtk_stack_set_visible_child_name(GTK_STACK(ed->stack), "text");
  gtk_widget_grab_focus(kcv_kernel_text_get_view(text));
  return FALSE;
}

void kcv_kernel_editor_set_view(KcvKernelEditor *ed, const char *name)
{
  g_return_if_fail(KCV_IS_KERNEL_EDITOR(ed));
  gtk_stack_set_visible_child_name(GTK_STACK(ed->stack), name);
}

const char *kcv_kernel_editor_get_view(KcvKernelEditor *ed)
{
  g_return_val_if_fail(KCV_IS_KERNEL_EDITOR(ed), NULL);
  return gtk_stack_get_visible_child_name(GTK_STACK(ed->stack));
}

GtkWidget *kcv_kernel_editor_get_toolbar(KcvKernelEditor *ed)
{
  g_return_val_if_fail(KCV_IS_KERNEL_EDITOR(ed), NULL);
  return ed->toolbar;
}

GtkWidget *kcv_kernel_editor_get_grid(KcvKernelEditor *ed)
{
  g_return_val_if_fail(KCV_IS_KERNEL_EDITOR(ed), NULL);
  return ed->grid;
}

GtkWidget *kcv_kernel_editor_get_heatmap(KcvKernelEditor *ed)
{
  g_return_val_if_fail(KCV_IS_KERNEL_EDITOR(ed), NULL);
  return ed->heatmap;
}

GtkWidget *kcv_kernel_editor_get_text(KcvKernelEditor *ed)
{
  g_return_val_if_fail(KCV_IS_KERNEL_EDITOR(ed), NULL);
  return ed->text;
}

GtkWidget *kcv_kernel_editor_get_width_spin(KcvKernelEditor *ed)
{
  g_return_val_if_fail(KCV_IS_KERNEL_EDITOR(ed), NULL);
  return ed->width_spin;
}

GtkWidget *kcv_kernel_editor_get_height_spin(KcvKernelEditor *ed)
{
  g_return_val_if_fail(KCV_IS_KERNEL_EDITOR(ed), NULL);
  return ed->height_spin;
}

GtkWidget *kcv_kernel_editor_get_paint_spin(KcvKernelEditor *ed)
{
  g_return_val_if_fail(KCV_IS_KERNEL_EDITOR(ed), NULL);
  return ed->paint_spin;
}

const char *kcv_kernel_editor_get_sum_text(KcvKernelEditor *ed)
{
  g_return_val_if_fail(KCV_IS_KERNEL_EDITOR(ed), NULL);
  return gtk_label_get_text(GTK_LABEL(ed->sum_label));
}

static void kcv_kernel_editor_dispose(GObject *object)
{
  KcvKernelEditor *ed = KCV_KERNEL_EDITOR(object);
  /* dispose may run more than once: the views are gone after the first. */
  if (ed->heatmap)
    kcv_heatmap_set_kernel(KCV_HEATMAP(ed->heatmap), NULL);
  ed->heatmap = ed->grid = ed->text = NULL;
  G_OBJECT_CLASS(kcv_kernel_editor_parent_class)->dispose(object);
}

static void kcv_kernel_editor_finalize(GObject *object)
{
  KcvKernelEditor *ed = KCV_KERNEL_EDITOR(object);
  kcv_kernel_free(ed->kernel);
  kcv_kernel_history_free(ed->history);
  G_OBJECT_CLASS(kcv_kernel_editor_parent_class)->finalize(object);
}

static void kcv_kernel_editor_class_init(KcvKernelEditorClass *klass)
{
  G_OBJECT_CLASS(klass)->dispose = kcv_kernel_editor_dispose;
  G_OBJECT_CLASS(klass)->finalize = kcv_kernel_editor_finalize;
  signals[SIGNAL_CHANGED] = g_signal_new("kernel-changed", G_TYPE_FROM_CLASS(klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SCALE_OFFSET] =
      g_signal_new("scale-offset", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

GtkWidget *kcv_kernel_editor_new(void)
{
  return g_object_new(KCV_TYPE_KERNEL_EDITOR, NULL);
}
