/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui tests: the dialog driven as a user drives it: through gtk_dialog_run,
 * with real pointer and key events (XTest) under Xvfb. */
#include "kcv-dialog.h"

#include "kcv-heatmap.h"
#include "kcv-kernel-editor.h"
#include "kcv-kernel-grid.h"
#include "kcv-kernel-text.h"
#include "kcv-preset-panel.h"
#include "kcv-presets.h"
#include "kcv-preview.h"
#include "kcv-test.h"
#include "user-input.h"

#include <math.h>
#include <string.h>

/* A script that hangs (a dialog that never closes) fails after this long. */
#define SCRIPT_LIMIT_US (30 * G_USEC_PER_SEC)
#define TICK_MS 20

typedef struct Script Script;
/* One step of a script: TRUE when done, FALSE to be called again next tick. */
typedef gboolean (*Step)(Script *s);

struct Script {
  GtkWidget *dialog; /* weak: NULL once destroyed */
  const Step *steps;
  int n_steps, next;
  gint64 start;
  gboolean timed_out;
  gpointer data;
};

static KcvDialog *dialog_of(Script *s)
{
  return KCV_DIALOG(s->dialog);
}

static KcvKernelEditor *editor(Script *s)
{
  return KCV_KERNEL_EDITOR(kcv_dialog_get_editor(dialog_of(s)));
}

static const kcv_kernel *kernel(Script *s)
{
  return kcv_kernel_editor_get_kernel(editor(s));
}

static GtkWidget *button(Script *s, int response)
{
  GtkWidget *b = gtk_dialog_get_widget_for_response(GTK_DIALOG(s->dialog), response);
  g_assert_nonnull(b);
  return b;
}

/* The first descendant of w of type type, breadth first. */
static GtkWidget *find_child(GtkWidget *w, GType type)
{
  GQueue queue = G_QUEUE_INIT;
  g_queue_push_tail(&queue, w);
  GtkWidget *found = NULL;
  while (!found && !g_queue_is_empty(&queue)) {
    GtkWidget *c = g_queue_pop_head(&queue);
    if (c != w && G_TYPE_CHECK_INSTANCE_TYPE(c, type))
      found = c;
    else if (GTK_IS_CONTAINER(c)) {
      GList *children = gtk_container_get_children(GTK_CONTAINER(c));
      for (GList *l = children; l; l = l->next)
        g_queue_push_tail(&queue, l->data);
      g_list_free(children);
    }
  }
  g_queue_clear(&queue);
  return found;
}

static gboolean tick(gpointer data)
{
  Script *s = data;
  if (g_get_monotonic_time() - s->start > SCRIPT_LIMIT_US) {
    s->timed_out = TRUE;
    if (s->dialog) /* gtk_dialog_run returns; the dialog's owner destroys it */
      gtk_dialog_response(GTK_DIALOG(s->dialog), GTK_RESPONSE_DELETE_EVENT);
    return G_SOURCE_REMOVE;
  }
  if (!s->dialog) {
    GList *top = gtk_window_list_toplevels();
    for (GList *l = top; l; l = l->next)
      if (KCV_IS_DIALOG(l->data) && gtk_widget_get_mapped(l->data))
        s->dialog = l->data;
    g_list_free(top);
    if (!s->dialog)
      return G_SOURCE_CONTINUE;
    g_object_add_weak_pointer(G_OBJECT(s->dialog), (gpointer *)&s->dialog);
    user_focus(s->dialog);
  }
  if (s->next < s->n_steps && s->steps[s->next](s))
    s->next++;
  /* Ticking on after the last step: a dialog that does not close then
   * still fails the test at the time limit instead of hanging it. */
  return G_SOURCE_CONTINUE;
}

/* Runs the dialog on params with kcv_dialog_run while the steps play; every
 * step must have run before the dialog closed. Returns the dialog's answer. */
static gboolean run_script_on(KcvParams *params, const KcvPreviewSource *src, const Step *steps,
                              int n_steps, gpointer data)
{
  Script s = {NULL, steps, n_steps, 0, g_get_monotonic_time(), FALSE, data};
  guint source = g_timeout_add(TICK_MS, tick, &s);
  gboolean ok = kcv_dialog_run(0, "test", params, src, NULL);
  if (!s.timed_out)
    g_source_remove(source);
  if (s.next < s.n_steps || s.timed_out)
    g_test_message("the dialog closed after %d of %d steps%s", s.next, s.n_steps,
                   s.timed_out ? " (timed out)" : "");
  g_assert_false(s.timed_out);
  g_assert_cmpint(s.next, ==, s.n_steps);
  return ok;
}

static gboolean run_script(KcvParams *params, const Step *steps, int n_steps, gpointer data)
{
  return run_script_on(params, NULL, steps, n_steps, data);
}

static void select_all_and_type(const char *text)
{
  user_key(GDK_KEY_a, GDK_CONTROL_MASK);
  user_type(text);
}

static kcv_kernel *preset_kernel(const char *id, double value)
{
  const kcv_preset *p = kcv_preset_find(id);
  g_assert_nonnull(p);
  double values[KCV_PRESET_MAX_PARAMS];
  for (int i = 0; i < p->n_params; i++)
    values[i] = p->params[i].def;
  if (p->n_params > 0)
    values[0] = value;
  kcv_kernel *k = p->make(values);
  g_assert_nonnull(k);
  return k;
}

/* ---- 1: Reset keeps the dialog open ---- */

static gboolean press_reset(Script *s)
{
  user_click(button(s, KCV_RESPONSE_RESET));
  return TRUE;
}

static gboolean check_reset_then_ok(Script *s)
{
  g_assert_true(gtk_widget_get_mapped(s->dialog));
  KcvParams p = {0};
  kcv_dialog_get_params(dialog_of(s), &p);
  g_assert_cmpint(p.kernel->width, ==, 3);
  g_assert_cmpfloat(p.kernel->data[4], ==, 1.0f);
  g_assert_cmpfloat(p.offset, ==, 0.0);
  kcv_params_clear(&p);
  user_click(button(s, GTK_RESPONSE_OK));
  return TRUE;
}

static void test_reset_stays_open(void)
{
  KcvParams params;
  kcv_params_init_default(&params);
  kcv_kernel_free(params.kernel);
  params.kernel = preset_kernel("box", 5);
  params.offset = 0.25;
  params.border = KCV_BORDER_WRAP;
  static const Step steps[] = {press_reset, check_reset_then_ok};
  g_assert_true(run_script(&params, steps, G_N_ELEMENTS(steps), NULL));
  KcvParams def;
  kcv_params_init_default(&def);
  kcv_test_assert_kernel_equal(params.kernel, def.kernel);
  g_assert_cmpfloat(params.offset, ==, 0.0);
  g_assert_cmpint(params.border, ==, def.border);
  kcv_params_clear(&def);
  kcv_params_clear(&params);
}

/* ---- 2: text typed and not applied is applied on OK ---- */

static GtkWidget *text_view(Script *s)
{
  GtkWidget *view = find_child(kcv_kernel_editor_get_text(editor(s)), GTK_TYPE_TEXT_VIEW);
  g_assert_nonnull(view);
  return view;
}

static gboolean load_disk_show_text(Script *s)
{
  KcvPresetPanel *panel = KCV_PRESET_PANEL(kcv_dialog_get_presets(dialog_of(s)));
  g_assert_true(kcv_preset_panel_select(panel, "disk"));
  kcv_preset_panel_set_value(panel, 0, 40);
  g_assert_cmpint(kernel(s)->width, ==, 81);
  kcv_kernel_editor_set_view(editor(s), "text");
  user_settle();
  return TRUE;
}

static gboolean type_sharpen_and_ok(Script *s)
{
  user_click(text_view(s));
  select_all_and_type("0 -1 0\n-1 5 -1\n0 -1 0");
  user_click(button(s, GTK_RESPONSE_OK));
  return TRUE;
}

static gboolean type_bad_text_and_ok(Script *s)
{
  kcv_kernel_editor_set_view(editor(s), "text");
  user_settle();
  user_click(text_view(s));
  select_all_and_type("1 2\n3 x");
  user_click(button(s, GTK_RESPONSE_OK));
  return TRUE;
}

static gboolean check_bad_text_kept_open(Script *s)
{
  /* Still open, the error says where, the kernel is the one before. */
  g_assert_true(gtk_widget_get_mapped(s->dialog));
  const char *err =
      kcv_kernel_text_get_error(KCV_KERNEL_TEXT(kcv_kernel_editor_get_text(editor(s))));
  g_assert_nonnull(err);
  g_test_message("%s", err);
  g_assert_nonnull(strstr(err, "2"));
  g_assert_cmpint(kernel(s)->width, ==, 3);
  g_assert_cmpfloat(kernel(s)->data[4], ==, 1.0f);
  select_all_and_type("1 1\n");
  user_click(button(s, GTK_RESPONSE_OK));
  return TRUE;
}

static gboolean type_row(Script *s)
{
  kcv_kernel_editor_set_view(editor(s), "text");
  user_settle();
  user_click(text_view(s));
  select_all_and_type("1 2 1");
  return TRUE;
}

/* Applied by itself after a pause, the typed text left as typed. */
static gboolean wait_live_apply(Script *s)
{
  if (kernel(s)->width != 3 || kernel(s)->height != 1)
    return FALSE;
  g_assert_cmpfloat(kernel(s)->data[1], ==, 2.0f);
  char *t = kcv_kernel_text_get_text(KCV_KERNEL_TEXT(kcv_kernel_editor_get_text(editor(s))));
  g_assert_cmpstr(t, ==, "1 2 1");
  g_free(t);
  user_click(button(s, GTK_RESPONSE_CANCEL));
  return TRUE;
}

static void test_text_applied_on_ok(void)
{
  KcvParams params;
  kcv_params_init_default(&params);
  static const Step typed[] = {load_disk_show_text, type_sharpen_and_ok};
  g_assert_true(run_script(&params, typed, G_N_ELEMENTS(typed), NULL));
  static const float sharpen[9] = {0, -1, 0, -1, 5, -1, 0, -1, 0};
  kcv_kernel *want = kcv_kernel_new_from_data(3, 3, sharpen);
  kcv_test_assert_kernel_equal(params.kernel, want);
  kcv_kernel_free(want);
  kcv_params_clear(&params);

  kcv_params_init_default(&params);
  static const Step bad[] = {type_bad_text_and_ok, check_bad_text_kept_open};
  g_assert_true(run_script(&params, bad, G_N_ELEMENTS(bad), NULL));
  g_assert_cmpint(params.kernel->width, ==, 2);
  g_assert_cmpint(params.kernel->height, ==, 1);
  g_assert_cmpfloat(params.kernel->data[1], ==, 1.0f);
  kcv_params_clear(&params);

  kcv_params_init_default(&params);
  static const Step live[] = {type_row, wait_live_apply};
  g_assert_false(run_script(&params, live, G_N_ELEMENTS(live), NULL));
  kcv_params_clear(&params);
}

/* ---- 3: a grid cell shows what the kernel holds ---- */

static GtkWidget *cell(Script *s, int x, int y)
{
  GtkWidget *c =
      kcv_kernel_grid_get_cell(KCV_KERNEL_GRID(kcv_kernel_editor_get_grid(editor(s))), x, y);
  g_assert_nonnull(c);
  return c;
}

static double cell_value(GtkWidget *c)
{
  char *t = g_strdup(gtk_entry_get_text(GTK_ENTRY(c)));
  g_strdelimit(t, ",", '.');
  double v = g_ascii_strtod(t, NULL);
  g_free(t);
  return v;
}

static gboolean type_bad_cell_then_tab(Script *s)
{
  GtkWidget *c = cell(s, 0, 0);
  user_click(c);
  select_all_and_type("1,5x");
  user_key(GDK_KEY_Tab, 0);
  g_assert_false(gtk_widget_has_focus(c));
  g_test_message("cell shows \"%s\", kernel holds %g", gtk_entry_get_text(GTK_ENTRY(c)),
                 kernel(s)->data[0]);
  g_assert_cmpfloat(cell_value(c), ==, kernel(s)->data[0]);
  g_assert_cmpfloat(kernel(s)->data[0], ==, 1.5f);
  g_assert_cmpstr(kcv_kernel_editor_get_sum_text(editor(s)), ==, "Sum: 2.5");
  user_click(button(s, GTK_RESPONSE_OK));
  return TRUE;
}

static void test_cell_matches_kernel(void)
{
  KcvParams params;
  kcv_params_init_default(&params);
  static const Step steps[] = {type_bad_cell_then_tab};
  g_assert_true(run_script(&params, steps, G_N_ELEMENTS(steps), NULL));
  g_assert_cmpfloat(params.kernel->data[0], ==, 1.5f);
  kcv_params_clear(&params);
}

/* ---- 4: the preset shown is the one the kernel came from ---- */

static KcvPresetPanel *presets(Script *s)
{
  return KCV_PRESET_PANEL(kcv_dialog_get_presets(dialog_of(s)));
}

static gboolean box_then_hand_edit(Script *s)
{
  g_assert_true(kcv_preset_panel_select(presets(s), "box"));
  user_settle();
  user_click(cell(s, 1, 1));
  select_all_and_type("3");
  user_key(GDK_KEY_Tab, 0);
  g_assert_cmpfloat(kernel(s)->data[5 + 1], ==, 3.0f);
  /* The panel no longer claims the kernel is a box blur. */
  g_assert_null(kcv_preset_panel_get_selected(presets(s)));
  GtkWidget *combo = find_child(GTK_WIDGET(presets(s)), GTK_TYPE_COMBO_BOX);
  GtkTreeIter it;
  g_assert_true(gtk_combo_box_get_active_iter(GTK_COMBO_BOX(combo), &it));
  char *shown = NULL;
  gtk_tree_model_get(gtk_combo_box_get_model(GTK_COMBO_BOX(combo)), &it, 0, &shown, -1);
  g_assert_cmpstr(shown, ==, "Custom");
  g_free(shown);
  g_assert_null(find_child(GTK_WIDGET(presets(s)), GTK_TYPE_SCALE));
  /* Undo gives the box and its sliders back; redo the hand edit and Custom. */
  user_key(GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_cmpstr(kcv_preset_panel_get_selected(presets(s)), ==, "box");
  kcv_kernel *box = preset_kernel("box", 5);
  kcv_test_assert_kernel_equal(kernel(s), box);
  kcv_kernel_free(box);
  g_assert_nonnull(find_child(GTK_WIDGET(presets(s)), GTK_TYPE_SCALE));
  user_key(GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_null(kcv_preset_panel_get_selected(presets(s)));
  g_assert_cmpfloat(kernel(s)->data[5 + 1], ==, 3.0f);
  user_click(button(s, GTK_RESPONSE_OK));
  return TRUE;
}

static gboolean disk_40_ok(Script *s)
{
  g_assert_true(kcv_preset_panel_select(presets(s), "disk"));
  kcv_preset_panel_set_value(presets(s), 0, 40);
  user_click(button(s, GTK_RESPONSE_OK));
  return TRUE;
}

/* Reopened on the last values: the disk of radius 40 is nudged to 45 with
 * the Radius field, as a user types it. */
static gboolean nudge_radius(Script *s)
{
  g_assert_cmpstr(kcv_preset_panel_get_selected(presets(s)), ==, "disk");
  GtkWidget *spin = find_child(GTK_WIDGET(presets(s)), GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull(spin);
  g_assert_cmpfloat(gtk_spin_button_get_value(GTK_SPIN_BUTTON(spin)), ==, 40.0);
  g_assert_cmpint(kernel(s)->width, ==, 81);
  user_click(spin);
  select_all_and_type("45");
  user_key(GDK_KEY_Tab, 0);
  user_click(button(s, GTK_RESPONSE_OK));
  return TRUE;
}

static void test_preset_goes_custom(void)
{
  KcvParams params;
  kcv_params_init_default(&params);
  static const Step steps[] = {box_then_hand_edit};
  g_assert_true(run_script(&params, steps, G_N_ELEMENTS(steps), NULL));
  g_assert_cmpfloat(params.kernel->data[6], ==, 3.0f);
  g_assert_cmpstr(params.preset, ==, "");

  static const Step disk[] = {disk_40_ok};
  g_assert_true(run_script(&params, disk, G_N_ELEMENTS(disk), NULL));
  g_assert_cmpstr(params.preset, ==, "disk");
  g_assert_cmpfloat(params.preset_values[0], ==, 40.0);

  static const Step nudge[] = {nudge_radius};
  g_assert_true(run_script(&params, nudge, G_N_ELEMENTS(nudge), NULL));
  kcv_kernel *want = preset_kernel("disk", 45);
  kcv_test_assert_kernel_equal(params.kernel, want);
  kcv_kernel_free(want);
  g_assert_cmpfloat(params.preset_values[0], ==, 45.0);
  kcv_params_clear(&params);
}

/* ---- 5: heat-map painting: a sensible paint value, undo and redo ---- */

typedef struct {
  kcv_kernel *disk;
} PaintData;

static double largest_weight(const kcv_kernel *k)
{
  double m = -INFINITY;
  for (int i = 0; i < k->width * k->height; i++)
    m = MAX(m, k->data[i]);
  return m;
}

static gboolean load_disk_heatmap(Script *s)
{
  PaintData *pd = s->data;
  g_assert_true(kcv_preset_panel_select(presets(s), "disk"));
  kcv_preset_panel_set_value(presets(s), 0, 50);
  pd->disk = kcv_kernel_copy(kernel(s));
  g_assert_cmpint(pd->disk->width, ==, 101);
  kcv_kernel_editor_set_view(editor(s), "heatmap");
  user_settle();
  GtkSpinButton *paint = GTK_SPIN_BUTTON(kcv_kernel_editor_get_paint_spin(editor(s)));
  g_test_message("paint value %g, largest weight %g", gtk_spin_button_get_value(paint),
                 largest_weight(pd->disk));
  g_assert_cmpfloat(fabs(gtk_spin_button_get_value(paint) - largest_weight(pd->disk)), <=,
                    1e-3 * largest_weight(pd->disk));
  return TRUE;
}

static void click_cell(Script *s, int x, int y, GdkModifierType mods)
{
  GtkWidget *hm = kcv_kernel_editor_get_heatmap(editor(s));
  double z = kcv_heatmap_get_zoom(KCV_HEATMAP(hm));
  user_click_at(hm, (int)((x + 0.5) * z), (int)((y + 0.5) * z), 1, mods);
}

static gboolean paint_undo_redo(Script *s)
{
  PaintData *pd = s->data;
  double paint =
      gtk_spin_button_get_value(GTK_SPIN_BUTTON(kcv_kernel_editor_get_paint_spin(editor(s))));
  g_assert_cmpfloat(kernel(s)->data[0], ==, 0.0f);
  click_cell(s, 0, 0, 0);
  g_assert_cmpfloat(kernel(s)->data[0], ==, (float)paint);
  user_key(GDK_KEY_z, GDK_CONTROL_MASK);
  kcv_test_assert_kernel_equal(kernel(s), pd->disk);
  user_key(GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_cmpfloat(kernel(s)->data[0], ==, (float)paint);
  user_key(GDK_KEY_z, GDK_CONTROL_MASK);
  kcv_test_assert_kernel_equal(kernel(s), pd->disk);
  /* Ctrl+click picks the weight under the pointer, and paints nothing. */
  click_cell(s, 50, 50, GDK_CONTROL_MASK);
  kcv_test_assert_kernel_equal(kernel(s), pd->disk);
  g_assert_cmpfloat(
      gtk_spin_button_get_value(GTK_SPIN_BUTTON(kcv_kernel_editor_get_paint_spin(editor(s)))), ==,
      pd->disk->data[50 * 101 + 50]);
  user_click(button(s, GTK_RESPONSE_OK));
  return TRUE;
}

static void test_heatmap_paint_undo(void)
{
  KcvParams params;
  kcv_params_init_default(&params);
  PaintData pd = {NULL};
  static const Step steps[] = {load_disk_heatmap, paint_undo_redo};
  g_assert_true(run_script(&params, steps, G_N_ELEMENTS(steps), &pd));
  kcv_test_assert_kernel_equal(params.kernel, pd.disk);
  kcv_kernel_free(pd.disk);
  kcv_params_clear(&params);
}

/* ---- 6, 7: the preview opens fitted, splits; the window keeps its size ---- */

typedef struct {
  KcvPreviewSource source;
  int width, height; /* the dialog's size at OK */
} PreviewData;

static gboolean check_fitted_then_split(Script *s)
{
  PreviewData *pd = s->data;
  KcvPreview *p = KCV_PREVIEW(kcv_dialog_get_preview(dialog_of(s)));
  GtkWidget *area = find_child(GTK_WIDGET(p), GTK_TYPE_DRAWING_AREA);
  if (gtk_widget_get_allocated_width(area) <= 1)
    return FALSE;
  /* The whole selection in view, not 100% of a corner of it. */
  kcv_rect r = kcv_preview_get_visible_rect(p);
  g_test_message("zoom %g, view %d x %d at %d,%d", kcv_preview_get_zoom(p), r.width, r.height, r.x,
                 r.y);
  g_assert_cmpfloat(kcv_preview_get_zoom(p), <, 1.0);
  g_assert_cmpint(r.x, <=, pd->source.sel_x);
  g_assert_cmpint(r.y, <=, pd->source.sel_y);
  g_assert_cmpint(r.x + r.width, >=, pd->source.sel_x + pd->source.sel_width);
  g_assert_cmpint(r.y + r.height, >=, pd->source.sel_y + pd->source.sel_height);

  GtkWidget *split = NULL;
  GQueue q = G_QUEUE_INIT;
  g_queue_push_tail(&q, p);
  while (!g_queue_is_empty(&q)) {
    GtkWidget *w = g_queue_pop_head(&q);
    if (GTK_IS_CHECK_BUTTON(w))
      split = w;
    else if (GTK_IS_CONTAINER(w)) {
      GList *c = gtk_container_get_children(GTK_CONTAINER(w));
      for (GList *l = c; l; l = l->next)
        g_queue_push_tail(&q, l->data);
      g_list_free(c);
    }
  }
  g_assert_nonnull(split);
  user_click(split);
  g_assert_true(gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(split)));
  /* The divider starts in the middle; drag it to a quarter. */
  int w = gtk_widget_get_allocated_width(area), h = gtk_widget_get_allocated_height(area);
  user_drag(area, w / 2, h / 2, w / 4, h / 2);
  g_test_message("divider at %g", kcv_preview_get_split_position(p));
  g_assert_cmpfloat(fabs(kcv_preview_get_split_position(p) - 0.25), <=, 2.0 / w);
  gtk_window_get_size(GTK_WINDOW(s->dialog), &pd->width, &pd->height);
  user_click(button(s, GTK_RESPONSE_OK));
  return TRUE;
}

static gboolean check_size_kept(Script *s)
{
  PreviewData *pd = s->data;
  int w, h;
  gtk_window_get_size(GTK_WINDOW(s->dialog), &w, &h);
  g_assert_cmpint(w, ==, pd->width);
  g_assert_cmpint(h, ==, pd->height);
  user_click(button(s, GTK_RESPONSE_CANCEL));
  return TRUE;
}

static void test_preview_fitted_split(void)
{
  int pw = 1200, ph = 900;
  float *pixels = g_new0(float, (gsize)pw *ph * 3);
  for (gsize i = 0; i < (gsize)pw * ph * 3; i++)
    pixels[i] = (float)(i % 7) / 7.0f;
  PreviewData pd = {{.pixels = pixels,
                     .width = pw,
                     .height = ph,
                     .channels = 3,
                     .stride = (ptrdiff_t)pw * 3,
                     .sel_x = 100,
                     .sel_y = 50,
                     .sel_width = 1000,
                     .sel_height = 800},
                    0,
                    0};
  KcvParams params;
  kcv_params_init_default(&params);
  static const Step split[] = {check_fitted_then_split};
  g_assert_true(run_script_on(&params, &pd.source, split, G_N_ELEMENTS(split), &pd));
  g_assert_cmpint(params.window_width, ==, pd.width);
  g_assert_cmpint(params.window_height, ==, pd.height);
  /* Made larger by hand: reopens at that size. */
  params.window_width = pd.width += 60;
  params.window_height = pd.height += 40;
  static const Step again[] = {check_size_kept};
  g_assert_false(run_script_on(&params, &pd.source, again, G_N_ELEMENTS(again), &pd));
  kcv_params_clear(&params);
  g_free(pixels);
}

/* ---- 11: Help opens the guide and the dialog stays ---- */

static gboolean press_help(Script *s)
{
  user_click(button(s, GTK_RESPONSE_HELP));
  return TRUE;
}

static gboolean check_help_then_cancel(Script *s)
{
  g_assert_true(gtk_widget_get_mapped(s->dialog));
  GtkWidget *help = NULL;
  GList *top = gtk_window_list_toplevels();
  for (GList *l = top; l; l = l->next)
    if (g_strcmp0(gtk_window_get_title(l->data), "Custom Convolution Help") == 0 &&
        gtk_widget_get_visible(l->data))
      help = l->data;
  g_list_free(top);
  g_assert_nonnull(help);
  GtkWidget *view = find_child(help, GTK_TYPE_TEXT_VIEW);
  GtkTextBuffer *b = gtk_text_view_get_buffer(GTK_TEXT_VIEW(view));
  GtkTextIter a, e;
  gtk_text_buffer_get_bounds(b, &a, &e);
  char *text = gtk_text_buffer_get_text(b, &a, &e, FALSE);
  /* docs/dialog.md, its Markdown marks turned into styles. */
  g_assert_true(g_str_has_prefix(text, "The dialog\n"));
  g_assert_nonnull(strstr(text, "\nKernel\n"));
  g_assert_null(strstr(text, "**"));
  g_assert_null(strstr(text, "!["));
  g_free(text);
  user_click(button(s, GTK_RESPONSE_CANCEL));
  return TRUE;
}

static void test_help(void)
{
  KcvParams params;
  kcv_params_init_default(&params);
  static const Step steps[] = {press_help, check_help_then_cancel};
  g_assert_false(run_script(&params, steps, G_N_ELEMENTS(steps), NULL));
  kcv_params_clear(&params);
}

/* ---- Enter in a number field presses OK, as in GIMP ---- */

static gboolean type_size_and_enter(Script *s)
{
  GtkWidget *spin = kcv_kernel_editor_get_width_spin(editor(s));
  user_click(spin);
  select_all_and_type("5");
  user_key(GDK_KEY_Return, 0);
  return TRUE;
}

static void test_enter_presses_ok(void)
{
  KcvParams params;
  kcv_params_init_default(&params);
  static const Step steps[] = {type_size_and_enter};
  g_assert_true(run_script(&params, steps, G_N_ELEMENTS(steps), NULL));
  /* The typed size was committed before OK. */
  g_assert_cmpint(params.kernel->width, ==, 5);
  kcv_params_clear(&params);
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
  gtk_test_init(&argc, &argv, NULL);
  g_log_set_default_handler(quiet_log, NULL);
  g_test_add_func("/ui/user/reset-keeps-dialog-open", test_reset_stays_open);
  g_test_add_func("/ui/user/typed-text-applied-on-ok", test_text_applied_on_ok);
  g_test_add_func("/ui/user/cell-shows-kernel-value", test_cell_matches_kernel);
  g_test_add_func("/ui/user/hand-edit-makes-preset-custom", test_preset_goes_custom);
  g_test_add_func("/ui/user/heatmap-paint-undo", test_heatmap_paint_undo);
  g_test_add_func("/ui/user/preview-fitted-split-and-size-kept", test_preview_fitted_split);
  g_test_add_func("/ui/user/help-opens-guide", test_help);
  g_test_add_func("/ui/user/enter-in-a-field-presses-ok", test_enter_presses_ok);
  return g_test_run();
}
