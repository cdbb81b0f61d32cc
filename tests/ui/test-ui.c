/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui tests: the dialog's editor, presets, text, sizes, preview worker and Reset. */
#include "kcv-dialog.h"

#include "kcv-heatmap.h"
#include "kcv-host.h"
#include "kcv-kernel-editor.h"
#include "kcv-kernel-files.h"
#include "kcv-kernel-grid.h"
#include "kcv-kernel-history.h"
#include "kcv-kernel-text.h"
#include "kcv-layer-picker.h"
#include "kcv-options-panel.h"
#include "kcv-preset-panel.h"
#include "kcv-presets.h"
#include "kcv-preview.h"
#include "kcv-render.h"
#include "kcv-style.h"
#include "kcv-test.h"
#include "kcv-widgets.h"

#include <glib/gstdio.h>
#include <float.h>
#include <math.h>
#include <string.h>

/* Hang guard for waits on the main loop; a failure, not a timing check. */
#define WAIT_LIMIT_S 120

typedef gboolean (*Condition)(gpointer data);

static gboolean guard_fired(gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean keep_ticking(gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until cond holds; fails the test if it never does.
 * A ticker wakes the loop so conditions on the worker thread are seen. */
static void wait_for(Condition cond, gpointer data, const char *what)
{
  gboolean expired = FALSE;
  guint guard = g_timeout_add_seconds(WAIT_LIMIT_S, guard_fired, &expired);
  guint ticker = g_timeout_add(2, keep_ticking, NULL);
  while (!cond(data) && !expired)
    g_main_context_iteration(NULL, TRUE);
  g_source_remove(ticker);
  if (expired)
    g_test_message("gave up waiting for %s", what);
  else
    g_source_remove(guard);
  g_assert_false(expired);
}

static void flush_events(void)
{
  while (g_main_context_iteration(NULL, FALSE))
    ;
}

/* A deterministic RGBA test picture. */
typedef struct {
  float *pixels;
  KcvPreviewSource source;
} Picture;

static Picture *picture_new(int w, int h, int channels)
{
  Picture *p = g_new0(Picture, 1);
  p->pixels = g_new(float, (gsize)w *h *channels);
  GRand *r = g_rand_new_with_seed(42);
  for (gsize i = 0; i < (gsize)w * h * channels; i++)
    p->pixels[i] = (float)g_rand_double(r);
  g_rand_free(r);
  if (channels == 4)
    for (gsize i = 3; i < (gsize)w * h * 4; i += 4)
      p->pixels[i] = 1.0f;
  p->source = (KcvPreviewSource){.pixels = p->pixels,
                                 .width = w,
                                 .height = h,
                                 .channels = channels,
                                 .stride = (ptrdiff_t)w * channels,
                                 .sel_x = w / 4,
                                 .sel_y = h / 4,
                                 .sel_width = w / 2,
                                 .sel_height = h / 2};
  return p;
}

static void picture_free(Picture *p)
{
  g_free(p->pixels);
  g_free(p);
}

static KcvKernelEditor *editor_of(GtkWidget *dialog)
{
  return KCV_KERNEL_EDITOR(kcv_dialog_get_editor(KCV_DIALOG(dialog)));
}

static GtkWidget *dialog_new_default(const KcvPreviewSource *src)
{
  KcvParams params;
  kcv_params_init_default(&params);
  GtkWidget *d = kcv_dialog_new("test", &params, src, NULL);
  kcv_params_clear(&params);
  return d;
}

/* ---- grid ---- */

static void test_grid_edit_cell(void)
{
  GtkWidget *d = dialog_new_default(NULL);
  KcvKernelEditor *ed = editor_of(d);
  KcvKernelGrid *grid = KCV_KERNEL_GRID(kcv_kernel_editor_get_grid(ed));
  g_assert_cmpstr(kcv_kernel_editor_get_sum_text(ed), ==, "Sum: 1");

  GtkWidget *cell = kcv_kernel_grid_get_cell(grid, 2, 0);
  g_assert_nonnull(cell);
  gtk_entry_set_text(GTK_ENTRY(cell), "2.5");
  const kcv_kernel *k = kcv_kernel_editor_get_kernel(ed);
  g_assert_cmpfloat(k->data[2], ==, 2.5f);
  g_assert_cmpfloat(k->data[4], ==, 1.0f);
  g_assert_cmpstr(kcv_kernel_editor_get_sum_text(ed), ==, "Sum: 3.5");

  /* A comma decimal mark is read too. */
  gtk_entry_set_text(GTK_ENTRY(kcv_kernel_grid_get_cell(grid, 0, 2)), "-0,5");
  g_assert_cmpfloat(kcv_kernel_editor_get_kernel(ed)->data[6], ==, -0.5f);
  g_assert_cmpstr(kcv_kernel_editor_get_sum_text(ed), ==, "Sum: 3");

  /* Not a number: marked, the kernel keeps its weight. */
  gtk_entry_set_text(GTK_ENTRY(cell), "2.5x");
  g_assert_cmpfloat(kcv_kernel_editor_get_kernel(ed)->data[2], ==, 2.5f);
  g_assert_true(gtk_style_context_has_class(gtk_widget_get_style_context(cell), "error"));
  g_assert_cmpstr(kcv_kernel_editor_get_sum_text(ed), ==, "Sum: 3");

  /* Beyond a float's range, or so small a float makes it 0: marked, kept. */
  static const char *out_of_range[] = {"1e300", "-1e39", "1e-46", "-2e-50"};
  for (gsize i = 0; i < G_N_ELEMENTS(out_of_range); i++) {
    gtk_entry_set_text(GTK_ENTRY(cell), "2.5");
    gtk_entry_set_text(GTK_ENTRY(cell), out_of_range[i]);
    g_assert_cmpfloat(kcv_kernel_editor_get_kernel(ed)->data[2], ==, 2.5f);
    g_assert_true(gtk_style_context_has_class(gtk_widget_get_style_context(cell), "error"));
  }
  gtk_entry_set_text(GTK_ENTRY(cell), "1.4e-45"); /* the smallest denormal is a weight */
  g_assert_cmpfloat(kcv_kernel_editor_get_kernel(ed)->data[2], ==, FLT_TRUE_MIN);
  gtk_entry_set_text(GTK_ENTRY(cell), "2.5");

  /* The options show the new automatic divisor. */
  KcvParams p = {0};
  kcv_dialog_get_params(KCV_DIALOG(d), &p);
  g_assert_cmpfloat(p.divisor, ==, 0.0);
  g_assert_cmpfloat(kcv_kernel_auto_divisor(p.kernel), ==, 3.0);
  kcv_params_clear(&p);
  gtk_widget_destroy(d);
}

/* Tab walks the cells row by row. */
static void test_grid_tab_order(void)
{
  GtkWidget *d = dialog_new_default(NULL);
  gtk_widget_show(d);
  flush_events();
  KcvKernelGrid *grid = KCV_KERNEL_GRID(kcv_kernel_editor_get_grid(editor_of(d)));
  gtk_widget_grab_focus(kcv_kernel_grid_get_cell(grid, 0, 0));
  static const int order[][2] = {{1, 0}, {2, 0}, {0, 1}, {1, 1}};
  for (gsize i = 0; i < G_N_ELEMENTS(order); i++) {
    g_signal_emit_by_name(d, "move-focus", GTK_DIR_TAB_FORWARD);
    g_assert_true(gtk_window_get_focus(GTK_WINDOW(d)) ==
                  kcv_kernel_grid_get_cell(grid, order[i][0], order[i][1]));
  }
  gtk_widget_destroy(d);
}

static gboolean cells_laid_out(gpointer data)
{
  GtkWidget *d = data;
  KcvKernelGrid *grid = KCV_KERNEL_GRID(kcv_kernel_editor_get_grid(editor_of(d)));
  const kcv_kernel *k = kcv_kernel_editor_get_kernel(editor_of(d));
  GdkRectangle area;
  gtk_entry_get_text_area(GTK_ENTRY(kcv_kernel_grid_get_cell(grid, k->width - 1, k->height - 1)),
                          &area);
  return area.width > 1;
}

/* Every weight shows whole in its cell (no "4.92039e" for 4.92039e-06). */
static void assert_cells_show_whole(GtkWidget *d)
{
  wait_for(cells_laid_out, d, "the grid's layout");
  KcvKernelGrid *grid = KCV_KERNEL_GRID(kcv_kernel_editor_get_grid(editor_of(d)));
  const kcv_kernel *k = kcv_kernel_editor_get_kernel(editor_of(d));
  int checked = 0;
  for (int y = 0; y < k->height; y++)
    for (int x = 0; x < k->width; x++) {
      GtkEntry *e = GTK_ENTRY(kcv_kernel_grid_get_cell(grid, x, y));
      GdkRectangle area;
      gtk_entry_get_text_area(e, &area);
      int tw, th;
      pango_layout_get_pixel_size(gtk_entry_get_layout(e), &tw, &th);
      if (tw > area.width)
        g_test_message("cell %d,%d: \"%s\" is %d px in %d", x, y, gtk_entry_get_text(e), tw,
                       area.width);
      g_assert_cmpint(tw, <=, area.width);
      checked++;
    }
  g_assert_cmpint(checked, ==, k->width * k->height);
}

static void test_grid_cells_show_values(void)
{
  GtkWidget *d = dialog_new_default(NULL);
  gtk_widget_show(d);
  KcvPresetPanel *panel = KCV_PRESET_PANEL(kcv_dialog_get_presets(KCV_DIALOG(d)));
  kcv_preset_panel_select(panel, "gaussian"); /* 13 x 13, weights like 4.92e-06 */
  /* Wider than the column: it opens on the heat map; the grid shows it when asked. */
  kcv_kernel_editor_set_view(editor_of(d), "grid");
  flush_events();
  assert_cells_show_whole(d);
  kcv_kernel *k = kcv_kernel_new(3, 3);
  const float w[9] = {-0.000123457f, 1.5f, -2, 3, -4.5e-7f, 5, 6, 7, 8};
  memcpy(k->data, w, sizeof w);
  kcv_kernel_editor_set_kernel(editor_of(d), k);
  flush_events();
  assert_cells_show_whole(d);
  kcv_kernel_free(k);
  gtk_widget_destroy(d);
}

/* ---- presets ---- */

static void test_presets_fill_grid(void)
{
  GtkWidget *d = dialog_new_default(NULL);
  KcvKernelEditor *ed = editor_of(d);
  KcvPresetPanel *panel = KCV_PRESET_PANEL(kcv_dialog_get_presets(KCV_DIALOG(d)));
  KcvKernelGrid *grid = KCV_KERNEL_GRID(kcv_kernel_editor_get_grid(ed));
  int n = 0;
  const kcv_preset *presets = kcv_presets(&n);
  g_assert_cmpint(n, >, 0);
  int small = 0;
  for (int i = 0; i < n; i++) {
    double values[KCV_PRESET_MAX_PARAMS];
    for (int j = 0; j < presets[i].n_params; j++)
      values[j] = presets[i].params[j].def;
    kcv_kernel *want = presets[i].make(values);
    g_assert_nonnull(want);
    g_assert_true(kcv_preset_panel_select(panel, presets[i].id));
    g_assert_cmpstr(kcv_preset_panel_get_selected(panel), ==, presets[i].id);
    kcv_test_assert_kernel_equal(kcv_kernel_editor_get_kernel(ed), want);
    if (want->width <= KCV_KERNEL_GRID_MAX && want->height <= KCV_KERNEL_GRID_MAX) {
      small++;
      for (int y = 0; y < want->height; y++)
        for (int x = 0; x < want->width; x++) {
          GtkWidget *cell = kcv_kernel_grid_get_cell(grid, x, y);
          g_assert_nonnull(cell);
          double shown = g_ascii_strtod(gtk_entry_get_text(GTK_ENTRY(cell)), NULL);
          double w = want->data[y * want->width + x];
          /* The cell shows 4 significant digits. */
          g_assert_cmpfloat(fabs(shown - w), <=, 5e-4 * fabs(w) + 1e-12);
        }
    } else {
      g_assert_null(kcv_kernel_grid_get_cell(grid, 0, 0));
    }
    kcv_kernel_free(want);
  }
  g_assert_cmpint(small, >, 0);

  /* A slider rebuilds the kernel from the preset. */
  const kcv_preset *box = kcv_preset_find("box");
  if (box) {
    kcv_preset_panel_select(panel, "box");
    kcv_preset_panel_set_value(panel, 0, 7);
    const kcv_kernel *k = kcv_kernel_editor_get_kernel(ed);
    g_assert_cmpint(k->width, ==, 7);
    g_assert_cmpint(k->height, ==, (int)box->params[1].def);
  }
  g_assert_false(kcv_preset_panel_select(panel, "no-such-preset"));

  /* A wide range (radius 0.5 to 512) has a non-linear track: the default
   * radius 5 sits well into it, and the track's end is the range's end. */
  g_assert_true(kcv_preset_panel_select(panel, "disk"));
  GList *cells = gtk_container_get_children(GTK_CONTAINER(panel));
  GtkRange *track = NULL;
  for (GList *l = cells; l && !track; l = l->next)
    if (GTK_IS_GRID(l->data)) {
      GList *c = gtk_container_get_children(GTK_CONTAINER(l->data));
      for (GList *m = c; m; m = m->next)
        if (GTK_IS_SCALE(m->data))
          track = GTK_RANGE(m->data);
      g_list_free(c);
    }
  g_list_free(cells);
  g_assert_nonnull(track);
  const kcv_preset *disk = kcv_preset_find("disk");
  double lo = disk->params[0].min, hi = disk->params[0].max;
  double t = gtk_range_get_value(track);
  g_assert_cmpfloat(fabs(t - cbrt((disk->params[0].def - lo) / (hi - lo))), <, 1e-9);
  g_assert_cmpfloat(t, >, 0.15);
  gtk_range_set_value(track, 1.0);
  g_assert_cmpint(kcv_kernel_editor_get_kernel(ed)->width, ==, 2 * (int)ceil(hi) + 1);
  gtk_widget_destroy(d);
}

/* ---- text ---- */

static void test_text_parses(void)
{
  GtkWidget *d = dialog_new_default(NULL);
  KcvKernelEditor *ed = editor_of(d);
  KcvKernelText *text = KCV_KERNEL_TEXT(kcv_kernel_editor_get_text(ed));
  static const struct {
    const char *text;
    int w, h;
    float first, last;
  } cases[] = {
      {"1 2 1\n2 4 2\n1 2 1\n", 3, 3, 1, 1},   /* ImageJ rows */
      {"1,2,3,4\n5,6,7,8\n", 4, 2, 1, 8},      /* spreadsheet */
      {"(0,-1,0;-1,5,-1;0,-1,0)", 3, 3, 0, 0}, /* G'MIC */
      {"2 2 4 64\n1 2\n3 4\n", 2, 2, 1, 4},    /* libvips .mat */
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    kcv_kernel_text_set_text(text, cases[i].text);
    g_assert_true(kcv_kernel_text_apply(text));
    g_assert_null(kcv_kernel_text_get_error(text));
    const kcv_kernel *k = kcv_kernel_editor_get_kernel(ed);
    g_assert_cmpint(k->width, ==, cases[i].w);
    g_assert_cmpint(k->height, ==, cases[i].h);
    g_assert_cmpfloat(k->data[0], ==, cases[i].first);
    g_assert_cmpfloat(k->data[k->width * k->height - 1], ==, cases[i].last);
  }
  /* The .mat scale and offset went to the options; the offset is in 8-bit
   * units in the text, full scale in the dialog. */
  KcvParams p = {0};
  kcv_dialog_get_params(KCV_DIALOG(d), &p);
  g_assert_cmpfloat(p.divisor, ==, 4.0);
  g_assert_cmpfloat(p.offset, ==, 64.0 / 255.0);
  kcv_params_clear(&p);
  gtk_widget_destroy(d);
}

typedef struct {
  KcvKernelEditor *ed;
  int want_w;
} PasteWait;

static gboolean kernel_has_width(gpointer data)
{
  PasteWait *w = data;
  return kcv_kernel_editor_get_kernel(w->ed)->width == w->want_w;
}

/* Through the real clipboard and the text view's paste. */
static void test_text_clipboard_paste(void)
{
  GtkWidget *d = dialog_new_default(NULL);
  KcvKernelEditor *ed = editor_of(d);
  KcvKernelText *text = KCV_KERNEL_TEXT(kcv_kernel_editor_get_text(ed));
  kcv_kernel_text_set_text(text, "");
  GtkClipboard *cb = gtk_clipboard_get(GDK_SELECTION_CLIPBOARD);
  gtk_clipboard_set_text(cb, "1\t2\t3\t4\t5\n6\t7\t8\t9\t10\n", -1);
  GtkWidget *view = NULL;
  /* The GtkTextView inside the text widget. */
  GList *stack = g_list_prepend(NULL, text);
  while (stack && !view) {
    GtkWidget *w = stack->data;
    stack = g_list_delete_link(stack, stack);
    if (GTK_IS_TEXT_VIEW(w))
      view = w;
    else if (GTK_IS_CONTAINER(w)) {
      GList *children = gtk_container_get_children(GTK_CONTAINER(w));
      stack = g_list_concat(stack, children);
    }
  }
  g_list_free(stack);
  g_assert_nonnull(view);
  g_signal_emit_by_name(view, "paste-clipboard");
  PasteWait pw = {ed, 5};
  wait_for(kernel_has_width, &pw, "the pasted kernel");
  const kcv_kernel *k = kcv_kernel_editor_get_kernel(ed);
  g_assert_cmpint(k->height, ==, 2);
  g_assert_cmpfloat(k->data[9], ==, 10.0f);
  gtk_widget_destroy(d);
}

static void test_text_bad_paste(void)
{
  GtkWidget *d = dialog_new_default(NULL);
  KcvKernelEditor *ed = editor_of(d);
  KcvKernelText *text = KCV_KERNEL_TEXT(kcv_kernel_editor_get_text(ed));
  kcv_kernel_text_set_text(text, "1 2 3\n4 5 6\n7 8 9\n");
  g_assert_true(kcv_kernel_text_apply(text));
  kcv_kernel *before = kcv_kernel_copy(kcv_kernel_editor_get_kernel(ed));

  const char *bad[] = {"1 2 3\n4 5\n", "1 2 x\n", "", "(1,2;3"};
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    kcv_kernel_text_set_text(text, bad[i]);
    g_assert_false(kcv_kernel_text_apply(text));
    const char *err = kcv_kernel_text_get_error(text);
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(err, "not changed"));
    kcv_test_assert_kernel_equal(kcv_kernel_editor_get_kernel(ed), before);
  }
  /* Correct text clears the error. */
  kcv_kernel_text_set_text(text, "1 1\n");
  g_assert_true(kcv_kernel_text_apply(text));
  g_assert_null(kcv_kernel_text_get_error(text));
  g_assert_cmpint(kcv_kernel_editor_get_kernel(ed)->width, ==, 2);
  kcv_kernel_free(before);
  gtk_widget_destroy(d);
}

/* ---- layers ---- */

static kcv_kernel *fake_layer(int index, gboolean normalise, char **error, gpointer data)
{
  if (index == 1) {
    *error = g_strdup("the layer is 2000 × 2000");
    return NULL;
  }
  kcv_kernel *k = kcv_kernel_new(5, 3);
  for (int i = 0; i < 15; i++)
    k->data[i] = normalise ? 1.0f / 15 : 2.0f;
  return k;
}

static void test_layer_as_kernel(void)
{
  const char *names[] = {"Bokeh", "Huge"};
  KcvLayerSource layers = {2, names, fake_layer, NULL};
  KcvParams params;
  kcv_params_init_default(&params);
  GtkWidget *d = kcv_dialog_new("test", &params, NULL, &layers);
  KcvLayerPicker *picker = KCV_LAYER_PICKER(kcv_dialog_get_layer_picker(KCV_DIALOG(d)));
  g_assert_nonnull(picker);
  g_assert_true(kcv_layer_picker_use(picker, 0, FALSE));
  const kcv_kernel *k = kcv_kernel_editor_get_kernel(editor_of(d));
  g_assert_cmpint(k->width, ==, 5);
  g_assert_cmpfloat(k->data[7], ==, 2.0f);
  /* An unusable layer leaves the kernel as it was. */
  g_assert_false(kcv_layer_picker_use(picker, 1, FALSE));
  g_assert_cmpint(kcv_kernel_editor_get_kernel(editor_of(d))->width, ==, 5);
  g_assert_cmpstr(kcv_kernel_editor_get_sum_text(editor_of(d)), ==, "Sum: 30");
  /* Its message says why, until the kernel next changes. */
  GtkWidget *message = NULL;
  GList *kids = gtk_container_get_children(GTK_CONTAINER(picker));
  for (GList *l = kids; l; l = l->next)
    if (GTK_IS_LABEL(l->data) &&
        gtk_style_context_has_class(gtk_widget_get_style_context(l->data), "error"))
      message = l->data;
  g_list_free(kids);
  g_assert_nonnull(message);
  g_assert_true(gtk_widget_get_visible(message));
  g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(message)), "2000"));
  kcv_kernel_editor_set_size(editor_of(d), 7, 3);
  g_assert_false(gtk_widget_get_visible(message));
  gtk_widget_destroy(d);
  /* No layers, no picker. */
  d = kcv_dialog_new("test", &params, NULL, NULL);
  g_assert_null(kcv_dialog_get_layer_picker(KCV_DIALOG(d)));
  gtk_widget_destroy(d);
  kcv_params_clear(&params);
}

/* ---- size ---- */

static void test_size_keeps_weights(void)
{
  GtkWidget *d = dialog_new_default(NULL);
  KcvKernelEditor *ed = editor_of(d);
  kcv_kernel *k = kcv_kernel_new(5, 5);
  for (int i = 0; i < 25; i++)
    k->data[i] = (float)(i + 1);
  kcv_kernel_editor_set_kernel(ed, k);

  /* Narrower through the spinner: the middle three columns stay. */
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(kcv_kernel_editor_get_width_spin(ed)), 3);
  const kcv_kernel *n = kcv_kernel_editor_get_kernel(ed);
  g_assert_cmpint(n->width, ==, 3);
  g_assert_cmpint(n->height, ==, 5);
  for (int y = 0; y < 5; y++)
    for (int x = 0; x < 3; x++)
      g_assert_cmpfloat(n->data[y * 3 + x], ==, k->data[y * 5 + x + 1]);

  /* Taller: zeros around, the weights that fit unchanged and centred. */
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(kcv_kernel_editor_get_height_spin(ed)), 9);
  n = kcv_kernel_editor_get_kernel(ed);
  g_assert_cmpint(n->height, ==, 9);
  for (int y = 0; y < 9; y++)
    for (int x = 0; x < 3; x++) {
      float want = (y >= 2 && y < 7) ? k->data[(y - 2) * 5 + x + 1] : 0.0f;
      g_assert_cmpfloat(n->data[y * 3 + x], ==, want);
    }

  /* Even sizes are allowed and keep the centre weight on the anchor. */
  kcv_kernel_editor_set_kernel(ed, k);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(kcv_kernel_editor_get_width_spin(ed)), 4);
  n = kcv_kernel_editor_get_kernel(ed);
  g_assert_cmpint(n->width, ==, 4);
  /* The anchor of a side n is (n - 1) / 2, as the core places it. */
  g_assert_cmpfloat(n->data[2 * 4 + (4 - 1) / 2], ==, k->data[2 * 5 + 2]);

  /* The grid follows the size; above its limit it gives way to a note. */
  KcvKernelGrid *grid = KCV_KERNEL_GRID(kcv_kernel_editor_get_grid(ed));
  g_assert_nonnull(kcv_kernel_grid_get_cell(grid, 3, 4));
  g_assert_null(kcv_kernel_grid_get_cell(grid, 4, 0));
  double sum = kcv_kernel_sum(n); /* n goes with the resize */
  kcv_kernel_editor_set_size(ed, 31, 31);
  g_assert_null(kcv_kernel_grid_get_cell(grid, 0, 0));
  /* The grid's note leads on to the heat map. */
  kcv_kernel_editor_set_view(ed, "grid");
  GtkWidget *go = NULL;
  GList *stack = g_list_prepend(NULL, grid);
  while (stack) {
    GtkWidget *w = stack->data;
    stack = g_list_delete_link(stack, stack);
    if (GTK_IS_BUTTON(w))
      go = w;
    else if (GTK_IS_CONTAINER(w))
      stack = g_list_concat(stack, gtk_container_get_children(GTK_CONTAINER(w)));
  }
  g_assert_nonnull(go);
  gtk_button_clicked(GTK_BUTTON(go));
  g_assert_cmpstr(kcv_kernel_editor_get_view(ed), ==, "heatmap");
  g_assert_cmpfloat(kcv_kernel_sum(kcv_kernel_editor_get_kernel(ed)), ==, sum);
  kcv_kernel_free(k);
  gtk_widget_destroy(d);
}

/* ---- heat map ---- */

static void test_heatmap_paint(void)
{
  GtkWidget *d = dialog_new_default(NULL);
  KcvKernelEditor *ed = editor_of(d);
  kcv_kernel_editor_set_size(ed, 101, 101);
  KcvHeatmap *hm = KCV_HEATMAP(kcv_kernel_editor_get_heatmap(ed));
  kcv_heatmap_set_brush_radius(hm, 0);
  kcv_heatmap_paint(hm, 10, 20, -2.0);
  const kcv_kernel *k = kcv_kernel_editor_get_kernel(ed);
  g_assert_cmpfloat(k->data[20 * 101 + 10], ==, -2.0f);
  g_assert_cmpstr(kcv_kernel_editor_get_sum_text(ed), ==, "Sum: -1");
  kcv_heatmap_set_brush_radius(hm, 2);
  kcv_heatmap_paint(hm, 50, 50, 1.0);
  int painted = 0;
  for (int i = 0; i < 101 * 101; i++)
    painted += k->data[i] == 1.0f;
  g_assert_cmpint(painted, >=, 9);
  g_assert_cmpint(painted, <=, 25);
  /* Diverging colours: negative blue, zero near white, positive red. */
  guint32 neg = kcv_heatmap_colour(-1, 1), zero = kcv_heatmap_colour(0, 1),
          pos = kcv_heatmap_colour(1, 1);
  g_assert_cmpuint(neg & 0xff, >, (neg >> 16) & 0xff);
  g_assert_cmpuint((pos >> 16) & 0xff, >, pos & 0xff);
  g_assert_cmpuint((zero >> 8) & 0xff, >, 0xf0);
  gtk_widget_destroy(d);
}

/* ---- kernel files ---- */

static int count_of(const char *haystack, const char *needle)
{
  int n = 0;
  for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

/* A file that cannot be read: its name, then the core's message, which
 * already says where (the location once, no "column 0"). */
/* The button whose tooltip (the dialog's icon buttons' name) reads tip, inside w. */
static GtkWidget *find_button(GtkWidget *w, const char *tip)
{
  if (GTK_IS_BUTTON(w) && !GTK_IS_TOGGLE_BUTTON(w)) {
    char *t = gtk_widget_get_tooltip_text(w);
    gboolean match = t && strcmp(t, tip) == 0;
    g_free(t);
    if (match)
      return w;
  }
  GtkWidget *found = NULL;
  if (GTK_IS_CONTAINER(w)) {
    GList *children = gtk_container_get_children(GTK_CONTAINER(w));
    for (GList *l = children; l && !found; l = l->next)
      found = find_button(l->data, tip);
    g_list_free(children);
  }
  return found;
}

/* Answers the next file chooser: picks path, then accepts once the chooser
 * reports it (an Open chooser selects a file only after loading its folder). */
typedef struct {
  const char *path;
  gboolean set, answered, removed;
  int ticks;
} ChooserAnswer;

static gboolean answer_chooser(gpointer data)
{
  ChooserAnswer *a = data;
  GtkWidget *chooser = NULL;
  GList *tops = gtk_window_list_toplevels();
  for (GList *l = tops; l; l = l->next)
    if (GTK_IS_FILE_CHOOSER_DIALOG(l->data) && gtk_widget_get_visible(l->data))
      chooser = l->data;
  g_list_free(tops);
  a->removed = ++a->ticks > 400; /* 20 s: give up, so the test fails instead of hanging */
  if (!chooser)
    return a->removed ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
  GtkFileChooser *fc = GTK_FILE_CHOOSER(chooser);
  if (a->removed) {
    gtk_dialog_response(GTK_DIALOG(chooser), GTK_RESPONSE_CANCEL);
    return G_SOURCE_REMOVE;
  }
  if (!a->set) {
    if (gtk_file_chooser_get_action(fc) == GTK_FILE_CHOOSER_ACTION_SAVE) {
      char *folder = g_path_get_dirname(a->path), *name = g_path_get_basename(a->path);
      a->set = gtk_file_chooser_set_current_folder(fc, folder);
      gtk_file_chooser_set_current_name(fc, name);
      g_free(folder);
      g_free(name);
    } else {
      a->set = gtk_file_chooser_set_filename(fc, a->path);
    }
    return G_SOURCE_CONTINUE;
  }
  char *now = gtk_file_chooser_get_filename(fc);
  if (a->ticks % 20 == 0)
    g_test_message("chooser reports %s", now ? now : "(nothing)");
  gboolean ready = now && strcmp(now, a->path) == 0;
  g_free(now);
  if (!ready)
    return G_SOURCE_CONTINUE;
  a->answered = a->removed = TRUE;
  gtk_dialog_response(GTK_DIALOG(chooser), GTK_RESPONSE_ACCEPT);
  return G_SOURCE_REMOVE;
}

static void click_and_choose(GtkWidget *dialog, const char *button, const char *path)
{
  ChooserAnswer a = {path, FALSE, FALSE, FALSE, 0};
  GtkWidget *b = find_button(dialog, button);
  g_assert_nonnull(b);
  guint id = g_timeout_add(50, answer_chooser, &a);
  gtk_button_clicked(GTK_BUTTON(b)); /* runs the chooser's own loop */
  if (!a.removed)
    g_source_remove(id);
  g_assert_true(a.answered);
}

/* .mat offsets are in 8-bit units (libvips): Open gives the dialog 128/255 of
 * full scale, which turns flat grey 100 into 128; Save writes 128 again. */
static void test_files_mat_offset_units(void)
{
  char *dir = g_dir_make_tmp("kcv-ui-XXXXXX", NULL);
  char *in = g_build_filename(dir, "emboss.mat", NULL);
  char *out = g_build_filename(dir, "saved.mat", NULL);
  const char *emboss = "3 3 1 128\n-1 -1 0\n-1 0 1\n0 1 1\n";
  g_assert_true(g_file_set_contents(in, emboss, -1, NULL));
  GtkWidget *d = dialog_new_default(NULL);
  gtk_widget_show_all(d);
  flush_events();

  click_and_choose(d, "Open a kernel file (.mat, .txt, .csv, .gmic, .acf)", in);
  KcvParams p = {0};
  kcv_dialog_get_params(KCV_DIALOG(d), &p);
  g_assert_cmpint(p.kernel->width, ==, 3);
  g_assert_cmpfloat(p.divisor, ==, 1.0);
  g_assert_cmpfloat(fabs(p.offset - 128.0 / 255.0), <, 1e-9);
  /* As the plug-in applies the dialog's values; reference: 100/255 * 0 + 128/255. */
  float src[5 * 4], dst[5 * 4];
  for (int i = 0; i < 20; i++)
    src[i] = 100.0f / 255.0f;
  kcv_image si = {src, 5, 4, 1, 5}, di = {dst, 5, 4, 1, 5};
  kcv_options o;
  kcv_params_to_options(&p, 1, &o);
  g_assert_cmpint(kcv_convolve(&si, p.kernel, &o, NULL, &di, NULL, NULL), ==, KCV_OK);
  for (int i = 0; i < 20; i++)
    g_assert_cmpfloat(fabs(dst[i] * 255.0 - 128.0), <, 1e-3);
  kcv_params_clear(&p);

  click_and_choose(d, "Save the kernel, divisor and offset to a file", out);
  char *text = NULL;
  g_assert_true(g_file_get_contents(out, &text, NULL, NULL));
  g_assert_cmpstr(text, ==, emboss);
  g_free(text);

  gtk_widget_destroy(d);
  g_remove(in);
  g_remove(out);
  g_rmdir(dir);
  g_free(in);
  g_free(out);
  g_free(dir);
}

static void test_files_ragged_message(void)
{
  char *dir = g_dir_make_tmp("kcv-ui-XXXXXX", NULL);
  g_assert_nonnull(dir);
  char *path = g_build_filename(dir, "ragged.txt", NULL);
  g_assert_true(g_file_set_contents(path, "1 2 3\n4 5\n7 8 9\n", -1, NULL));
  kcv_kernel_file file = {0};
  kcv_error err = {0};
  kcv_status st = kcv_kernel_file_load(path, KCV_KERNEL_FORMAT_AUTO, &file, &err);
  g_assert_cmpint(st, !=, KCV_OK);
  g_assert_cmpint(err.line, ==, 2);
  char *msg = kcv_kernel_files_describe(path, st, &err);
  g_test_message("%s", msg);
  char *want = g_strdup_printf("“ragged.txt”: %s", err.message);
  g_assert_cmpstr(msg, ==, want);
  g_assert_true(g_str_has_prefix(msg, "“ragged.txt”: line 2"));
  g_assert_cmpint(count_of(msg, "line 2"), ==, 1);
  g_assert_cmpint(count_of(msg, "column"), <=, 1);
  g_assert_null(strstr(msg, "column 0"));
  g_assert_null(strstr(msg, dir)); /* the name, not the path */

  /* Without a location (a missing file): the name and the reason. */
  char *missing = g_build_filename(dir, "missing.mat", NULL);
  kcv_error err2 = {0};
  st = kcv_kernel_file_load(missing, KCV_KERNEL_FORMAT_AUTO, &file, &err2);
  g_assert_cmpint(st, !=, KCV_OK);
  char *msg2 = kcv_kernel_files_describe(missing, st, &err2);
  g_test_message("%s", msg2);
  g_assert_true(g_str_has_prefix(msg2, "“missing.mat”: "));
  g_assert_cmpint(strlen(msg2), >, strlen("“missing.mat”: "));
  g_assert_null(strstr(msg2, "line 0"));
  g_assert_null(strstr(msg2, "column 0"));

  g_free(msg2);
  g_free(missing);
  g_free(want);
  g_free(msg);
  g_remove(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
}

/* ---- preview ---- */

typedef struct {
  KcvPreview *preview;
  GArray *delivered; /* generations seen in "preview-done" */
  GArray *latest;    /* the worker's latest generation at each delivery */
} PreviewLog;

static void on_preview_done(KcvPreview *p, guint generation, PreviewLog *log)
{
  guint latest = kcv_preview_worker_get_generation(kcv_preview_get_worker(p));
  g_array_append_val(log->delivered, generation);
  g_array_append_val(log->latest, latest);
}

static gboolean preview_caught_up(gpointer data)
{
  PreviewLog *log = data;
  KcvPreviewWorker *w = kcv_preview_get_worker(log->preview);
  return !kcv_preview_worker_is_busy(w) &&
         kcv_preview_get_shown_generation(log->preview) == kcv_preview_worker_get_generation(w);
}

static gboolean worker_running(gpointer data)
{
  PreviewLog *log = data;
  KcvPreviewWorker *w = kcv_preview_get_worker(log->preview);
  return kcv_preview_worker_get_running(w) == kcv_preview_worker_get_generation(w);
}

/* The picture the preview shows must be the convolution of the visible
 * rectangle, as the core computes it, rendered the same way. */
static void assert_preview_matches(KcvPreview *p, const KcvPreviewSource *src,
                                   const KcvParams *params)
{
  kcv_rect rect;
  cairo_surface_t *shown = kcv_preview_get_result(p, &rect);
  g_assert_nonnull(shown);
  g_assert_cmpint(cairo_image_surface_get_width(shown), ==, rect.width);
  kcv_options opt;
  kcv_params_to_options(params, src->channels, &opt);
  kcv_image in = {(float *)src->pixels, src->width, src->height, src->channels, src->stride};
  float *linear = NULL;
  if (params->linear) { /* the source is perceptual: the dialog converts it */
    linear = kcv_render_convert_light(&in, TRUE);
    in.data = linear;
    in.stride = (ptrdiff_t)src->width * src->channels;
  }
  kcv_image out = {g_new(float, (gsize)rect.width *rect.height * src->channels), rect.width,
                   rect.height, src->channels, (ptrdiff_t)rect.width * src->channels};
  g_assert_cmpint(kcv_convolve(&in, params->kernel, &opt, &rect, &out, NULL, NULL), ==, KCV_OK);
  cairo_surface_t *want = kcv_render_surface(&out, params->linear);
  g_free(linear);
  const guint8 *a = cairo_image_surface_get_data(shown), *b = cairo_image_surface_get_data(want);
  int stride = cairo_image_surface_get_stride(want);
  int worst = 0;
  for (int y = 0; y < rect.height; y++)
    for (int x = 0; x < rect.width * 4; x++)
      worst = MAX(worst, abs(a[y * stride + x] - b[y * stride + x]));
  /* Different methods may round a float differently: one step of 8 bits. */
  g_assert_cmpint(worst, <=, 1);
  cairo_surface_destroy(want);
  g_free(out.data);
}

static void test_preview_finishes(void)
{
  Picture *pic = picture_new(320, 240, 4);
  GtkWidget *d = dialog_new_default(&pic->source);
  KcvPreview *p = KCV_PREVIEW(kcv_dialog_get_preview(KCV_DIALOG(d)));
  PreviewLog log = {p, g_array_new(FALSE, FALSE, sizeof(guint)),
                    g_array_new(FALSE, FALSE, sizeof(guint))};
  g_signal_connect(p, "preview-done", G_CALLBACK(on_preview_done), &log);

  /* The view starts centred on the selection. */
  double cx, cy;
  kcv_preview_get_center(p, &cx, &cy);
  g_assert_cmpfloat(cx, ==, pic->source.sel_x + pic->source.sel_width / 2.0);
  g_assert_cmpfloat(cy, ==, pic->source.sel_y + pic->source.sel_height / 2.0);

  kcv_preset_panel_select(KCV_PRESET_PANEL(kcv_dialog_get_presets(KCV_DIALOG(d))), "gaussian");
  wait_for(preview_caught_up, &log, "the preview");
  KcvParams params = {0};
  kcv_dialog_get_params(KCV_DIALOG(d), &params);
  assert_preview_matches(p, &pic->source, &params);

  /* Panning reuses the plan and computes the new rectangle. */
  kcv_preview_set_center(p, cx + 40, cy - 30);
  wait_for(preview_caught_up, &log, "the panned preview");
  assert_preview_matches(p, &pic->source, &params);
  kcv_rect r = kcv_preview_get_visible_rect(p);
  kcv_rect shown_rect;
  kcv_preview_get_result(p, &shown_rect);
  g_assert_cmpmem(&r, sizeof r, &shown_rect, sizeof shown_rect);

  for (guint i = 0; i < log.delivered->len; i++)
    g_assert_cmpuint(g_array_index(log.delivered, guint, i), ==,
                     g_array_index(log.latest, guint, i));
  kcv_params_clear(&params);
  gtk_widget_destroy(d);
  g_array_unref(log.delivered);
  g_array_unref(log.latest);
  picture_free(pic);
}

/* Linear light: the dialog converts its perceptual source and back. */
static void test_preview_linear_light(void)
{
  Picture *pic = picture_new(200, 150, 3);
  GtkWidget *d = dialog_new_default(&pic->source);
  KcvPreview *p = KCV_PREVIEW(kcv_dialog_get_preview(KCV_DIALOG(d)));
  PreviewLog log = {p, NULL, NULL};
  kcv_preset_panel_select(KCV_PRESET_PANEL(kcv_dialog_get_presets(KCV_DIALOG(d))), "box");
  KcvParams params = {0};
  kcv_dialog_get_params(KCV_DIALOG(d), &params);
  params.linear = TRUE;
  params.border = KCV_BORDER_MIRROR;
  kcv_options_panel_set_params(KCV_OPTIONS_PANEL(kcv_dialog_get_options(KCV_DIALOG(d))), &params);
  /* set_params is quiet; a kernel change computes with the new options. */
  kcv_kernel_editor_set_kernel(editor_of(d), params.kernel);
  wait_for(preview_caught_up, &log, "the linear preview");
  assert_preview_matches(p, &pic->source, &params);
  kcv_params_clear(&params);
  gtk_widget_destroy(d);
  picture_free(pic);
}

/* sRGB transfer function in double precision, independent of the dialog's. */
static double ref_to_linear(double v)
{
  return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double ref_to_perceptual(double v)
{
  return v <= 0.0031308 ? v * 12.92 : 1.055 * pow(v, 1.0 / 2.4) - 0.055;
}

/* The check button whose label reads label (mnemonic stripped), inside w. */
static GtkWidget *find_check(GtkWidget *w, const char *label)
{
  if (GTK_IS_CHECK_BUTTON(w)) {
    const char *l = gtk_button_get_label(GTK_BUTTON(w));
    if (l) {
      char *plain = g_strdup(l), *o = plain;
      for (const char *c = l; *c; c++)
        if (*c != '_')
          *o++ = *c;
      *o = '\0';
      gboolean match = strcmp(plain, label) == 0;
      g_free(plain);
      if (match)
        return w;
    }
  }
  GtkWidget *found = NULL;
  if (GTK_IS_CONTAINER(w)) {
    GList *children = gtk_container_get_children(GTK_CONTAINER(w));
    for (GList *l = children; l && !found; l = l->next)
      found = find_check(l->data, label);
    g_list_free(children);
  }
  return found;
}

typedef struct {
  float *pixels; /* of the latest result delivered */
  kcv_rect rect;
  guint generation;
  int channels;
} KeptResult;

static void on_worker_done(KcvPreviewWorker *w, gpointer data, KeptResult *kept)
{
  const KcvPreviewResult *res = data;
  g_assert_cmpint(res->status, ==, KCV_OK);
  g_assert_nonnull(res->pixels);
  g_free(kept->pixels);
  kept->pixels =
      g_memdup2(res->pixels, sizeof(float) * res->rect.width * res->rect.height * kept->channels);
  kept->rect = res->rect;
  kept->generation = res->generation;
}

/* A picture with alpha that varies (must not be converted) and colour values
 * in both pieces of the transfer function. */
static Picture *light_picture(int channels, int colour)
{
  Picture *pic = picture_new(160, 120, channels);
  for (gsize i = 0; i < (gsize)160 * 120; i++)
    for (int k = 0; k < channels; k++) {
      float *v = &pic->pixels[i * channels + k];
      if (k >= colour)
        *v = 0.25f + 0.75f * (float)((i * 7919) % 1000) / 999.0f;
      else if (i % 5 == 0)
        *v *= 0.04f; /* the linear segment below 0.04045 */
    }
  return pic;
}

/* Reference: the source converted in double precision (the linear source
 * as perceptual, or back), the core's convolution, then the result
 * converted to perceptual for display; the worst difference from kept. */
static double light_reference_error(const Picture *pic, const KcvParams *params, int colour,
                                    const KeptResult *kept)
{
  const int channels = pic->source.channels;
  const int n = pic->source.width * pic->source.height * channels;
  float *in = g_new(float, n);
  for (int i = 0; i < n; i++) {
    double v = pic->pixels[i];
    in[i] = (i % channels) < colour
                ? (float)(params->linear ? ref_to_linear(v) : ref_to_perceptual(v))
                : (float)v;
  }
  kcv_image src = {in, pic->source.width, pic->source.height, channels, pic->source.stride};
  kcv_rect rect = kept->rect;
  g_assert_cmpint(rect.width, >, 0);
  kcv_image out = {g_new(float, (gsize)rect.width *rect.height *channels), rect.width, rect.height,
                   channels, (ptrdiff_t)rect.width * channels};
  kcv_options opt;
  kcv_params_to_options(params, channels, &opt);
  g_assert_cmpint(kcv_convolve(&src, params->kernel, &opt, &rect, &out, NULL, NULL), ==, KCV_OK);
  double worst = 0.0;
  for (int i = 0; i < rect.width * rect.height * channels; i++) {
    double want = out.data[i];
    if (params->linear && (i % channels) < colour)
      want = ref_to_perceptual(want);
    worst = MAX(worst, fabs(want - kept->pixels[i]));
  }
  g_free(out.data);
  g_free(in);
  return worst;
}

/* What is drawn: perceptual bytes (premultiplied ARGB32); the worst
 * difference in steps from the kept result. */
static int light_drawn_error(KcvPreview *p, const KeptResult *kept, int channels, int colour)
{
  kcv_rect shown_rect;
  cairo_surface_t *shown = kcv_preview_get_result(p, &shown_rect);
  g_assert_cmpmem(&shown_rect, sizeof shown_rect, &kept->rect, sizeof kept->rect);
  const guint8 *bytes = cairo_image_surface_get_data(shown);
  int stride = cairo_image_surface_get_stride(shown);
  int worst_byte = 0;
  for (int y = 0; y < kept->rect.height; y++)
    for (int x = 0; x < kept->rect.width; x++) {
      const float *v = kept->pixels + ((gsize)y * kept->rect.width + x) * channels;
      double a = channels == 2 || channels == 4 ? CLAMP(v[channels - 1], 0.0, 1.0) : 1.0;
      guint32 word = *(const guint32 *)(bytes + (gsize)y * stride + 4 * x);
      for (int k = 0; k < 3; k++) {
        double c = CLAMP(v[colour == 1 ? 0 : k], 0.0, 1.0);
        int want = (int)(c * a * 255.0 + 0.5);
        int got = (word >> (16 - 8 * k)) & 0xff;
        worst_byte = MAX(worst_byte, abs(got - want));
      }
    }
  return worst_byte;
}

/* Toggling "Linear light" away from the light the source was read in: the
 * preview converts a copy of the source (colour channels only) with the
 * sRGB transfer function, convolves in that light and shows the result
 * converted back to perceptual values. */
static void check_light_toggle(int channels, gboolean opened_linear)
{
  g_test_message("%d channels, source read in %s light, toggled", channels,
                 opened_linear ? "linear" : "perceptual");
  int colour = (channels == 2 || channels == 4) ? channels - 1 : channels;
  Picture *pic = light_picture(channels, colour);
  KcvParams params;
  kcv_params_init_default(&params);
  params.linear = opened_linear;
  GtkWidget *d = kcv_dialog_new("test", &params, &pic->source, NULL);
  kcv_params_clear(&params);
  KcvPreview *p = KCV_PREVIEW(kcv_dialog_get_preview(KCV_DIALOG(d)));
  KcvPreviewWorker *worker = kcv_preview_get_worker(p);
  kcv_preview_worker_set_keep_pixels(worker, TRUE);
  KeptResult kept = {NULL, {0, 0, 0, 0}, 0, channels};
  g_signal_connect(worker, "done", G_CALLBACK(on_worker_done), &kept);
  kcv_preset_panel_select(KCV_PRESET_PANEL(kcv_dialog_get_presets(KCV_DIALOG(d))), "gaussian");
  PreviewLog log = {p, NULL, NULL};
  wait_for(preview_caught_up, &log, "the preview in the source's light");

  GtkWidget *toggle = find_check(kcv_dialog_get_options(KCV_DIALOG(d)), "Linear light");
  g_assert_nonnull(toggle);
  g_assert_cmpint(gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(toggle)), ==, !!opened_linear);
  gtk_button_clicked(GTK_BUTTON(toggle)); /* as the user does */
  kcv_dialog_get_params(KCV_DIALOG(d), &params);
  g_assert_cmpint(!!params.linear, ==, !opened_linear);
  wait_for(preview_caught_up, &log, "the preview in the other light");
  g_assert_cmpuint(kept.generation, ==, kcv_preview_get_shown_generation(p));

  double worst = light_reference_error(pic, &params, colour, &kept);
  g_test_message("largest difference %.3g", worst);
  g_assert_cmpfloat(worst, <=, 1e-5);
  g_assert_cmpint(light_drawn_error(p, &kept, channels, colour), <=, 1);

  g_free(kept.pixels);
  kcv_params_clear(&params);
  gtk_widget_destroy(d);
  picture_free(pic);
}

static void test_preview_light_toggle(void)
{
  check_light_toggle(4, FALSE);
  check_light_toggle(3, TRUE);
  check_light_toggle(2, FALSE);
  check_light_toggle(1, FALSE);
}

static void test_preview_change_cancels(void)
{
  Picture *pic = picture_new(512, 512, 4);
  KcvParams params;
  kcv_params_init_default(&params);
  params.method = KCV_METHOD_DIRECT; /* slow on purpose: the run must still be going */
  GtkWidget *d = kcv_dialog_new("test", &params, &pic->source, NULL);
  kcv_params_clear(&params);
  KcvPreview *p = KCV_PREVIEW(kcv_dialog_get_preview(KCV_DIALOG(d)));
  KcvPreviewWorker *w = kcv_preview_get_worker(p);
  PreviewLog log = {p, g_array_new(FALSE, FALSE, sizeof(guint)),
                    g_array_new(FALSE, FALSE, sizeof(guint))};
  wait_for(preview_caught_up, &log, "the first preview");
  g_signal_connect(p, "preview-done", G_CALLBACK(on_preview_done), &log);
  KcvPreviewStats before;
  kcv_preview_worker_get_stats(w, &before);

  /* A 301x301 direct convolution of the view takes seconds: start it, wait
   * until the thread runs it, then change the kernel. */
  KcvKernelEditor *ed = editor_of(d);
  kcv_kernel *big = kcv_kernel_new(301, 301);
  for (int i = 0; i < 301 * 301; i++)
    big->data[i] = 1.0f / (301 * 301);
  kcv_kernel_editor_set_kernel(ed, big);
  guint slow_generation = kcv_preview_worker_get_generation(w);
  wait_for(worker_running, &log, "the slow run to start");

  /* A burst of changes: only the last may be shown. */
  for (int i = 0; i < 10; i++) {
    kcv_kernel *small = kcv_kernel_new(3, 3);
    small->data[4] = 1.0f;
    small->data[1] = i / 10.0f;
    kcv_kernel_editor_set_kernel(ed, small);
    kcv_kernel_free(small);
  }
  guint last = kcv_preview_worker_get_generation(w);
  g_assert_cmpuint(last, >, slow_generation);
  wait_for(preview_caught_up, &log, "the latest preview");

  KcvPreviewStats after;
  kcv_preview_worker_get_stats(w, &after);
  g_assert_cmpuint(after.cancelled - before.cancelled, >=, 10); /* the slow run and 9 waiting */
  g_assert_cmpuint(kcv_preview_get_shown_generation(p), ==, last);
  for (guint i = 0; i < log.delivered->len; i++) {
    guint g = g_array_index(log.delivered, guint, i);
    g_assert_cmpuint(g, ==, g_array_index(log.latest, guint, i));
    g_assert_cmpuint(g, !=, slow_generation);
  }
  g_assert_cmpuint(log.delivered->len, ==, 1);

  KcvParams now = {0};
  kcv_dialog_get_params(KCV_DIALOG(d), &now);
  g_assert_cmpfloat(now.kernel->data[1], ==, 0.9f);
  assert_preview_matches(p, &pic->source, &now);
  kcv_params_clear(&now);
  kcv_kernel_free(big);
  gtk_widget_destroy(d);
  g_array_unref(log.delivered);
  g_array_unref(log.latest);
  picture_free(pic);
}

static void count_done(KcvPreviewWorker *worker, gpointer result, guint *count)
{
  (*count)++;
}

/* Destroying the dialog while a run is going stops the thread cleanly: it is
 * joined during the destruction (nothing runs afterwards), the run is
 * counted as cancelled, no result is delivered afterwards, and the worker
 * is freed (no message still holds it). */
static void test_preview_destroy_while_running(void)
{
  Picture *pic = picture_new(512, 512, 4);
  KcvParams params;
  kcv_params_init_default(&params);
  params.method = KCV_METHOD_DIRECT;
  kcv_kernel_free(params.kernel);
  params.kernel = kcv_kernel_new(301, 301);
  params.kernel->data[0] = 1.0f;
  GtkWidget *d = kcv_dialog_new("test", &params, &pic->source, NULL);
  KcvPreview *p = KCV_PREVIEW(kcv_dialog_get_preview(KCV_DIALOG(d)));
  PreviewLog log = {p, NULL, NULL};
  wait_for(worker_running, &log, "the run to start");

  /* Our own reference keeps the worker readable after the dialog is gone. */
  KcvPreviewWorker *w = g_object_ref(kcv_preview_get_worker(p));
  g_object_add_weak_pointer(G_OBJECT(w), (gpointer *)&w);
  guint done = 0;
  g_signal_connect(w, "done", G_CALLBACK(count_done), &done);
  KcvPreviewStats before;
  kcv_preview_worker_get_stats(w, &before);
  g_assert_cmpuint(kcv_preview_worker_get_running(w), !=, 0);

  gint64 t0 = g_get_monotonic_time();
  gtk_widget_destroy(d);
  g_test_message("destroy took %.3f s", (g_get_monotonic_time() - t0) / 1e6);
  g_assert_cmpuint(kcv_preview_worker_get_running(w), ==, 0);
  KcvPreviewStats after;
  kcv_preview_worker_get_stats(w, &after);
  g_assert_cmpuint(after.cancelled, ==, before.cancelled + 1);

  flush_events();
  kcv_preview_worker_get_stats(w, &after);
  g_assert_cmpuint(after.delivered, ==, before.delivered);
  g_assert_cmpuint(done, ==, 0);
  g_object_unref(w);
  g_assert_null(w);
  kcv_params_clear(&params);
  picture_free(pic);
}

/* ---- dialog ---- */

static void assert_default_params(const KcvParams *p)
{
  KcvParams def;
  kcv_params_init_default(&def);
  kcv_test_assert_kernel_equal(p->kernel, def.kernel);
  g_assert_cmpfloat(p->divisor, ==, def.divisor);
  g_assert_cmpfloat(p->offset, ==, def.offset);
  g_assert_cmpint(p->border, ==, def.border);
  g_assert_cmpint(p->method, ==, def.method);
  g_assert_cmpuint(p->channel_mask, ==, def.channel_mask);
  g_assert_cmpint(!!p->alpha_weighting, ==, !!def.alpha_weighting);
  g_assert_cmpint(!!p->linear, ==, !!def.linear);
  kcv_params_clear(&def);
}

static KcvParams custom_params(void)
{
  KcvParams p;
  kcv_params_init_default(&p);
  kcv_kernel_free(p.kernel);
  p.kernel = kcv_kernel_new(5, 3);
  for (int i = 0; i < 15; i++)
    p.kernel->data[i] = (float)(i - 7);
  p.divisor = 3.0;
  p.offset = 0.25;
  p.border = KCV_BORDER_WRAP;
  p.method = KCV_METHOD_FFT;
  p.channel_mask = 1 | 4;
  p.alpha_weighting = FALSE;
  p.linear = TRUE;
  return p;
}

static void test_dialog_last_values(void)
{
  Picture *pic = picture_new(64, 48, 4);
  KcvParams in = custom_params();
  GtkWidget *d = kcv_dialog_new("test", &in, &pic->source, NULL);
  KcvParams out = {0};
  kcv_dialog_get_params(KCV_DIALOG(d), &out);
  kcv_test_assert_kernel_equal(out.kernel, in.kernel);
  g_assert_cmpfloat(out.divisor, ==, in.divisor);
  g_assert_cmpfloat(out.offset, ==, in.offset);
  g_assert_cmpint(out.border, ==, in.border);
  g_assert_cmpint(out.method, ==, in.method);
  g_assert_cmpuint(out.channel_mask, ==, in.channel_mask);
  g_assert_cmpint(!!out.alpha_weighting, ==, !!in.alpha_weighting);
  g_assert_cmpint(!!out.linear, ==, !!in.linear);
  kcv_params_clear(&out);
  kcv_params_clear(&in);
  gtk_widget_destroy(d);
  picture_free(pic);
}

static void test_dialog_reset(void)
{
  Picture *pic = picture_new(64, 48, 4);
  KcvParams in = custom_params();
  GtkWidget *d = kcv_dialog_new("test", &in, &pic->source, NULL);
  /* Also change things through the controls. */
  kcv_preset_panel_select(KCV_PRESET_PANEL(kcv_dialog_get_presets(KCV_DIALOG(d))), "laplacian");
  /* The Reset button's response: handled inside, the dialog stays. */
  gtk_dialog_response(GTK_DIALOG(d), KCV_RESPONSE_RESET);
  KcvParams out = {0};
  kcv_dialog_get_params(KCV_DIALOG(d), &out);
  assert_default_params(&out);
  g_assert_null(
      kcv_preset_panel_get_selected(KCV_PRESET_PANEL(kcv_dialog_get_presets(KCV_DIALOG(d)))));
  g_assert_cmpstr(kcv_kernel_editor_get_sum_text(editor_of(d)), ==, "Sum: 1");
  kcv_params_clear(&out);
  kcv_params_clear(&in);
  gtk_widget_destroy(d);
  picture_free(pic);
}

typedef struct {
  GtkWidget *dialog;
  int step;
} RunScript;

/* Drives a modal run: edits a cell, then presses Escape or OK. */
static gboolean drive_run(gpointer data)
{
  RunScript *s = data;
  GList *top = gtk_window_list_toplevels();
  for (GList *l = top; l; l = l->next)
    if (KCV_IS_DIALOG(l->data))
      s->dialog = l->data;
  g_list_free(top);
  if (!s->dialog || !gtk_widget_get_mapped(s->dialog))
    return G_SOURCE_CONTINUE;
  KcvKernelGrid *grid = KCV_KERNEL_GRID(kcv_kernel_editor_get_grid(editor_of(s->dialog)));
  gtk_entry_set_text(GTK_ENTRY(kcv_kernel_grid_get_cell(grid, 0, 0)), "4");
  if (s->step == 0) {
    /* Escape closes as Cancel. */
    GdkEvent *ev = gdk_event_new(GDK_KEY_PRESS);
    ev->key.window = g_object_ref(gtk_widget_get_window(s->dialog));
    ev->key.keyval = GDK_KEY_Escape;
    ev->key.send_event = TRUE;
    GdkKeymapKey *keys = NULL;
    int n = 0;
    if (gdk_keymap_get_entries_for_keyval(gdk_keymap_get_for_display(gdk_display_get_default()),
                                          GDK_KEY_Escape, &keys, &n) &&
        n > 0)
      ev->key.hardware_keycode = keys[0].keycode;
    g_free(keys);
    gdk_event_set_device(
        ev, gdk_seat_get_keyboard(gdk_display_get_default_seat(gdk_display_get_default())));
    gtk_main_do_event(ev);
    gdk_event_free(ev);
  } else {
    gtk_dialog_response(GTK_DIALOG(s->dialog), GTK_RESPONSE_OK);
  }
  return G_SOURCE_REMOVE;
}

static void test_dialog_run(void)
{
  Picture *pic = picture_new(64, 48, 3);
  KcvParams params;
  kcv_params_init_default(&params);
  RunScript s = {NULL, 0};
  g_timeout_add(50, drive_run, &s);
  g_assert_false(kcv_dialog_run(0, "test", &params, &pic->source, NULL));
  g_assert_cmpfloat(params.kernel->data[0], ==, 0.0f); /* cancelled: untouched */

  s = (RunScript){NULL, 1};
  g_timeout_add(50, drive_run, &s);
  g_assert_true(kcv_dialog_run(0, "test", &params, &pic->source, NULL));
  g_assert_cmpfloat(params.kernel->data[0], ==, 4.0f);
  g_assert_cmpfloat(params.kernel->data[4], ==, 1.0f);
  kcv_params_clear(&params);
  picture_free(pic);
}

/* An L in the top-left of a 5x5 layer: column 0 rows 0-3, row 3 columns 0-2. */
static float ell(int x, int y)
{
  return (x == 0 && y <= 3) || (y == 3 && x <= 2) ? 1.0f : 0.0f;
}

/* As the hosts make a layer's kernel: its picture through kcv_kernel_from_picture. */
static kcv_kernel *ell_layer(int index, gboolean normalise, char **error, gpointer data)
{
  float picture[25];
  for (int i = 0; i < 25; i++)
    picture[i] = ell(i % 5, i / 5);
  kcv_kernel *k = NULL;
  g_assert_cmpint(kcv_kernel_from_picture(picture, 5, 5, 1, normalise, &k), ==, KCV_OK);
  return k;
}

/* A layer shows what a point of light becomes: the dialog's result on a
 * single white pixel is the L the right way up (true convolution), so the
 * grid, which is applied as displayed, holds it turned by 180 degrees. */
static void test_layer_applied_as_convolution(void)
{
  const char *names[] = {"L"};
  KcvLayerSource layers = {1, names, ell_layer, NULL};
  KcvParams params;
  kcv_params_init_default(&params);
  GtkWidget *d = kcv_dialog_new("test", &params, NULL, &layers);
  kcv_params_clear(&params);
  KcvLayerPicker *picker = KCV_LAYER_PICKER(kcv_dialog_get_layer_picker(KCV_DIALOG(d)));
  g_assert_true(kcv_layer_picker_use(picker, 0, FALSE));
  kcv_dialog_get_params(KCV_DIALOG(d), &params);
  for (int i = 0; i < 25; i++)
    g_assert_cmpfloat(params.kernel->data[i], ==, ell(4 - i % 5, 4 - i / 5));
  float src[81] = {0}, out[81];
  src[4 * 9 + 4] = 1.0f;
  kcv_image in = {src, 9, 9, 1, 9}, dst = {out, 9, 9, 1, 9};
  kcv_options o;
  kcv_params_to_options(&params, 1, &o);
  o.divisor = 1.0;
  g_assert_cmpint(kcv_convolve(&in, params.kernel, &o, NULL, &dst, NULL, NULL), ==, KCV_OK);
  for (int y = 0; y < 9; y++)
    for (int x = 0; x < 9; x++) {
      const int inside = x >= 2 && x <= 6 && y >= 2 && y <= 6;
      g_assert_cmpfloat(out[y * 9 + x], ==, inside ? ell(x - 2, y - 2) : 0.0f);
    }
  kcv_params_clear(&params);
  gtk_widget_destroy(d);
}

/* ---- params ---- */

/* The whole dialog, OK button included, fits a 1366 x 768 laptop screen
 * less a desktop panel and a title bar, with the tallest preset panel. */
static void test_dialog_fits_small_screen(void)
{
  Picture *pic = picture_new(640, 480, 4);
  static const char *const names[] = {"Background"};
  KcvLayerSource layers = {1, names, fake_layer, NULL};
  KcvParams params;
  kcv_params_init_default(&params);
  GtkWidget *d = kcv_dialog_new("test", &params, &pic->source, &layers);
  kcv_params_clear(&params);
  kcv_preset_panel_select(KCV_PRESET_PANEL(kcv_dialog_get_presets(KCV_DIALOG(d))), "gaussian");
  /* With the Advanced options open, the tallest the dialog gets. */
  gtk_expander_set_expanded(GTK_EXPANDER(kcv_options_panel_get_advanced(
                                KCV_OPTIONS_PANEL(kcv_dialog_get_options(KCV_DIALOG(d))))),
                            TRUE);
  int min_w, nat_w, min_h, nat_h;
  gtk_widget_get_preferred_width(d, &min_w, &nat_w);
  gtk_widget_get_preferred_height_for_width(d, min_w, &min_h, &nat_h);
  g_test_message("smallest dialog: %d x %d", min_w, min_h);
  g_assert_cmpint(min_w, <=, 1366 - 40);
  g_assert_cmpint(min_h, <=, 768 - 32 - 40);
  gtk_widget_destroy(d);
  picture_free(pic);
}

static void test_params_channel_mask(void)
{
  KcvParams p;
  kcv_params_init_default(&p);
  kcv_options o;
  kcv_params_to_options(&p, 4, &o);
  g_assert_cmpuint(o.channel_mask, ==, 0);
  p.channel_mask = 1 | 8; /* red and alpha */
  kcv_params_to_options(&p, 4, &o);
  g_assert_cmpuint(o.channel_mask, ==, 1 | 8);
  kcv_params_to_options(&p, 2, &o); /* grey and alpha: both */
  g_assert_cmpuint(o.channel_mask, ==, 0);
  p.channel_mask = 8;
  kcv_params_to_options(&p, 2, &o);
  g_assert_cmpuint(o.channel_mask, ==, 2);
  g_assert_true(kcv_params_selects_nothing(&p, 3));
  g_assert_false(kcv_params_selects_nothing(&p, 4));
  p.alpha_weighting = TRUE;
  kcv_params_to_options(&p, 3, &o);
  g_assert_false(o.alpha_weighting);
  /* Every channel ticked under a zero-sum kernel (a Laplacian): the colour
   * channels only, so an opaque layer's edges stay visible; ticked
   * explicitly without the colours, alpha is convolved as asked. */
  static const float lap[9] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
  memcpy(p.kernel->data, lap, sizeof lap);
  p.channel_mask = 0;
  kcv_params_to_options(&p, 4, &o);
  g_assert_cmpuint(o.channel_mask, ==, 1 | 2 | 4);
  kcv_params_to_options(&p, 2, &o);
  g_assert_cmpuint(o.channel_mask, ==, 1);
  kcv_params_to_options(&p, 3, &o);
  g_assert_cmpuint(o.channel_mask, ==, 0);
  p.channel_mask = 8;
  kcv_params_to_options(&p, 4, &o);
  g_assert_cmpuint(o.channel_mask, ==, 8);
  KcvParams q;
  kcv_params_copy(&q, &p);
  g_assert_true(q.kernel != p.kernel);
  kcv_test_assert_kernel_equal(q.kernel, p.kernel);
  kcv_params_clear(&q);
  kcv_params_clear(&p);
  g_assert_null(p.kernel);
}

static kcv_kernel *filled(int w, int h, float v)
{
  kcv_kernel *k = kcv_kernel_new(w, h);
  for (int i = 0; i < w * h; i++)
    k->data[i] = v;
  return k;
}

/* Steps in order, one step per group, redo forgotten by a new change, and
 * the oldest steps dropped past the memory limit. */
static void test_history(void)
{
  /* Room for three 10 x 10 kernels. */
  KcvKernelHistory *h = kcv_kernel_history_new(3 * 100 * sizeof(float));
  kcv_kernel *cur = filled(10, 10, 0);
  g_assert_false(kcv_kernel_history_can_undo(h));
  for (int v = 1; v <= 5; v++) {
    kcv_kernel_history_remember(h, cur, NULL, 0);
    kcv_kernel_free(cur);
    cur = filled(10, 10, (float)v);
  }
  /* 5 is current; 4, 3, 2 are kept, 1 and 0 went over the limit. */
  for (int want = 4; want >= 2; want--) {
    kcv_kernel *back = kcv_kernel_history_undo(h, cur, NULL, NULL);
    g_assert_nonnull(back);
    g_assert_cmpfloat(back->data[99], ==, (float)want);
    kcv_kernel_free(cur);
    cur = back;
  }
  g_assert_null(kcv_kernel_history_undo(h, cur, NULL, NULL));
  kcv_kernel *fwd = kcv_kernel_history_redo(h, cur, NULL, NULL);
  g_assert_cmpfloat(fwd->data[0], ==, 3.0f);
  kcv_kernel_free(cur);
  cur = fwd;
  g_assert_true(kcv_kernel_history_can_redo(h));
  /* Two changes in one group are one step; a change forgets redo. */
  kcv_kernel_history_remember(h, cur, NULL, 7);
  cur->data[0] = 30;
  kcv_kernel_history_remember(h, cur, NULL, 7);
  cur->data[1] = 31;
  g_assert_false(kcv_kernel_history_can_redo(h));
  kcv_kernel *back = kcv_kernel_history_undo(h, cur, NULL, NULL);
  g_assert_cmpfloat(back->data[0], ==, 3.0f);
  g_assert_cmpfloat(back->data[1], ==, 3.0f);
  kcv_kernel_free(back);
  kcv_kernel_free(cur);
  kcv_kernel_history_free(h);
}

/* The header names what the filter applies to and shows its thumbnail. */
static void test_dialog_header(void)
{
  GtkWidget *d = dialog_new_default(NULL);
  GdkPixbuf *thumb = gdk_pixbuf_new(GDK_COLORSPACE_RGB, TRUE, 8, 48, 27);
  gdk_pixbuf_fill(thumb, 0x336699ff);
  kcv_dialog_set_header(KCV_DIALOG(d), "Background (splash.png)", thumb);
  GList *todo = g_list_prepend(NULL, d);
  gboolean named = FALSE, pictured = FALSE;
  while (todo) {
    GtkWidget *w = todo->data;
    todo = g_list_delete_link(todo, todo);
    if (GTK_IS_LABEL(w) && gtk_widget_get_visible(w) &&
        g_strcmp0(gtk_label_get_text(GTK_LABEL(w)), "Background (splash.png)") == 0)
      named = TRUE;
    if (GTK_IS_IMAGE(w) && gtk_widget_get_visible(w) && gtk_image_get_pixbuf(GTK_IMAGE(w)) == thumb)
      pictured = TRUE;
    if (GTK_IS_CONTAINER(w))
      todo = g_list_concat(todo, gtk_container_get_children(GTK_CONTAINER(w)));
  }
  g_assert_true(named);
  g_assert_true(pictured);
  g_object_unref(thumb);
  gtk_widget_destroy(d);
}

/* Icon-only buttons (the preview's zoom buttons, Open and Save) are named
 * for screen readers by their tooltips; an empty container is empty. */
static void test_widgets_icon_buttons_named(void)
{
  Picture *pic = picture_new(32, 24, 4);
  GtkWidget *d = dialog_new_default(&pic->source);
  GtkWidget *preview = kcv_dialog_get_preview(KCV_DIALOG(d));
  GList *todo = g_list_prepend(NULL, d);
  int named = 0;
  while (todo) {
    GtkWidget *w = todo->data;
    todo = g_list_delete_link(todo, todo);
    char *copy = gtk_widget_get_tooltip_text(w);
    const char *tip = copy ? copy : "";
    gboolean wanted = gtk_widget_is_ancestor(w, preview) ||
                      g_str_has_prefix(tip, "Open a kernel") ||
                      g_str_has_prefix(tip, "Save the kernel");
    if (GTK_IS_BUTTON(w) && !gtk_button_get_label(GTK_BUTTON(w)) && wanted) {
      g_assert_cmpstr(atk_object_get_name(gtk_widget_get_accessible(w)), ==, tip);
      named++;
    }
    g_free(copy);
    if (GTK_IS_CONTAINER(w))
      todo = g_list_concat(todo, gtk_container_get_children(GTK_CONTAINER(w)));
  }
  g_assert_cmpint(named, ==, 6);
  gtk_widget_destroy(d);
  picture_free(pic);

  GtkWidget *box = g_object_ref_sink(gtk_box_new(GTK_ORIENTATION_VERTICAL, 0));
  for (int i = 0; i < 3; i++)
    gtk_box_pack_start(GTK_BOX(box), gtk_label_new("x"), FALSE, FALSE, 0);
  kcv_container_clear(GTK_CONTAINER(box));
  GList *left = gtk_container_get_children(GTK_CONTAINER(box));
  g_assert_null(left);
  g_object_unref(box);
}

/* Both GIMP hosts head the dialog "layer (image)" and hand layer errors
 * without the PDB argument's name (kcv-host.c). */
static void test_host_header_and_errors(void)
{
  GtkWidget *d = dialog_new_default(NULL);
  guchar *data = g_malloc(4 * 3 * 2);
  memset(data, 0x80, 4 * 3 * 2);
  GdkPixbuf *thumb = kcv_host_thumbnail_from_data(data, 3, 2, 4);
  g_assert_nonnull(thumb);
  g_assert_true(gdk_pixbuf_get_has_alpha(thumb));
  g_assert_cmpint(gdk_pixbuf_get_width(thumb), ==, 3);
  g_assert_null(kcv_host_thumbnail_from_data(g_malloc(6), 3, 2, 1)); /* grey: none */
  kcv_host_set_header(KCV_DIALOG(d), "Background", "splash.png", thumb);
  GList *todo = g_list_prepend(NULL, d);
  gboolean named = FALSE;
  while (todo) {
    GtkWidget *w = todo->data;
    todo = g_list_delete_link(todo, todo);
    if (GTK_IS_LABEL(w) && gtk_widget_get_visible(w) &&
        g_strcmp0(gtk_label_get_text(GTK_LABEL(w)), "Background (splash.png)") == 0)
      named = TRUE;
    if (GTK_IS_CONTAINER(w))
      todo = g_list_concat(todo, gtk_container_get_children(GTK_CONTAINER(w)));
  }
  g_assert_true(named);
  g_object_unref(thumb);
  gtk_widget_destroy(d);

  char msg[] = "kernel-drawable: every pixel is black";
  kcv_host_strip_argument(msg, "kernel-drawable");
  g_assert_cmpstr(msg, ==, "every pixel is black");
  char other[] = "kernel-drawables: x";
  kcv_host_strip_argument(other, "kernel-drawable");
  g_assert_cmpstr(other, ==, "kernel-drawables: x");
  char plain[] = "Not enough memory";
  kcv_host_strip_argument(plain, "kernel-drawable");
  g_assert_cmpstr(plain, ==, "Not enough memory");
  kcv_host_strip_argument(NULL, "kernel-drawable");
}

/* GIMP's dark themes (Dark is its default) give the dark variant. */
static void test_style_follows_gimp_theme(void)
{
  g_assert_true(kcv_style_theme_is_dark("/usr/share/gimp/2.0/themes/Dark"));
  g_assert_true(kcv_style_theme_is_dark("/usr/share/gimp/2.0/themes/Gray/"));
  g_assert_false(kcv_style_theme_is_dark("/usr/share/gimp/2.0/themes/Light"));
  g_assert_false(kcv_style_theme_is_dark("/usr/share/gimp/2.0/themes/System"));
  g_assert_false(kcv_style_theme_is_dark(NULL));
  gboolean dark = FALSE;
  kcv_style_follow_gimp_theme("/usr/share/gimp/2.0/themes/Dark");
  g_object_get(gtk_settings_get_default(), "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_true(dark);
  kcv_style_follow_gimp_theme("/usr/share/gimp/2.0/themes/Light");
  g_object_get(gtk_settings_get_default(), "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_false(dark);
}

/* Library debug chatter (gdk-pixbuf, GIO) is not test output. */
static void quiet_log(const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return;
  g_log_default_handler(domain, level, message, data);
}

int main(int argc, char **argv)
{
  /* The file choosers store their settings on close; without a session bus
   * dconf would warn, and warnings are fatal in tests. */
  g_setenv("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init(&argc, &argv, NULL);
  g_log_set_default_handler(quiet_log, NULL);
  g_test_add_func("/ui/params/channel-mask", test_params_channel_mask);
  g_test_add_func("/ui/grid/edit-cell-changes-kernel-and-sum", test_grid_edit_cell);
  g_test_add_func("/ui/grid/tab-moves-between-cells", test_grid_tab_order);
  g_test_add_func("/ui/grid/cells-show-whole-values", test_grid_cells_show_values);
  g_test_add_func("/ui/presets/fill-grid", test_presets_fill_grid);
  g_test_add_func("/ui/text/paste-parses", test_text_parses);
  g_test_add_func("/ui/text/clipboard-paste", test_text_clipboard_paste);
  g_test_add_func("/ui/text/bad-paste-keeps-kernel", test_text_bad_paste);
  g_test_add_func("/ui/layers/use-layer-as-kernel", test_layer_as_kernel);
  g_test_add_func("/ui/layers/applied-as-convolution", test_layer_applied_as_convolution);
  g_test_add_func("/ui/files/ragged-file-message", test_files_ragged_message);
  g_test_add_func("/ui/files/mat-offset-in-8-bit-units", test_files_mat_offset_units);
  g_test_add_func("/ui/size/resize-keeps-weights", test_size_keeps_weights);
  g_test_add_func("/ui/heatmap/paint", test_heatmap_paint);
  g_test_add_func("/ui/history/steps-groups-and-limit", test_history);
  g_test_add_func("/ui/style/follows-gimp-theme", test_style_follows_gimp_theme);
  g_test_add_func("/ui/widgets/icon-buttons-named", test_widgets_icon_buttons_named);
  g_test_add_func("/ui/dialog/header-names-layer", test_dialog_header);
  g_test_add_func("/ui/preview/worker-finishes", test_preview_finishes);
  g_test_add_func("/ui/preview/linear-light", test_preview_linear_light);
  g_test_add_func("/ui/preview/light-toggle-converts-source", test_preview_light_toggle);
  g_test_add_func("/ui/preview/change-cancels-run", test_preview_change_cancels);
  g_test_add_func("/ui/preview/destroy-while-running", test_preview_destroy_while_running);
  g_test_add_func("/ui/dialog/last-values", test_dialog_last_values);
  g_test_add_func("/ui/dialog/reset-restores-defaults", test_dialog_reset);
  g_test_add_func("/ui/dialog/run-escape-and-ok", test_dialog_run);
  g_test_add_func("/ui/dialog/fits-small-screen", test_dialog_fits_small_screen);
  g_test_add_func("/ui/host/header-and-errors", test_host_header_and_errors);
  return g_test_run();
}
