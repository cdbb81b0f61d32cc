/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the presets menu with each preset's parameters as sliders. */
#include "kcv-preset-panel.h"

#include "kcv-presets.h"
#include "kcv-style.h"
#include "kcv-widgets.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

struct _KcvPresetPanel {
  GtkBox parent_instance;
  GtkWidget *combo, *params_grid, *message;
  const kcv_preset *preset;
  GtkAdjustment *adj[KCV_PRESET_MAX_PARAMS];
  gboolean building;
  gboolean quiet; /* showing a preset without making its kernel */
};

G_DEFINE_TYPE(KcvPresetPanel, kcv_preset_panel, GTK_TYPE_BOX)

enum { SIGNAL_KERNEL_MADE, N_SIGNALS };
static guint signals[N_SIGNALS];

void kcv_preset_panel_set_message(KcvPresetPanel *panel, const char *message)
{
  g_return_if_fail(KCV_IS_PRESET_PANEL(panel));
  gtk_label_set_text(GTK_LABEL(panel->message), message ? message : "");
  gtk_widget_set_visible(panel->message, message != NULL);
}

static void make(KcvPresetPanel *panel)
{
  if (!panel->preset || panel->building || panel->quiet)
    return;
  double values[KCV_PRESET_MAX_PARAMS] = {0};
  for (int i = 0; i < panel->preset->n_params; i++)
    values[i] = gtk_adjustment_get_value(panel->adj[i]);
  kcv_kernel *k = panel->preset->make(values);
  if (!k) {
    kcv_preset_panel_set_message(panel, _("These values do not make a kernel (too large, or out "
                                          "of range); the kernel was not changed."));
    return;
  }
  kcv_preset_panel_set_message(panel, NULL);
  g_signal_emit(panel, signals[SIGNAL_KERNEL_MADE], 0, k);
  kcv_kernel_free(k);
}

static void on_value_changed(GtkAdjustment *adj, KcvPresetPanel *panel)
{
  make(panel);
}

static void on_choice_changed(GtkComboBox *combo, KcvPresetPanel *panel)
{
  GtkAdjustment *adj = g_object_get_data(G_OBJECT(combo), "kcv-adjustment");
  int min = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(combo), "kcv-min"));
  int active = gtk_combo_box_get_active(combo);
  if (adj && active >= 0)
    gtk_adjustment_set_value(adj, min + active);
}

static void on_choice_adjusted(GtkAdjustment *adj, GtkComboBox *combo)
{
  int min = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(combo), "kcv-min"));
  int want = (int)gtk_adjustment_get_value(adj) - min;
  if (gtk_combo_box_get_active(combo) != want)
    gtk_combo_box_set_active(combo, want);
}

/* The mnemonic key of a label ("Zu_rücksetzen" -> 'r'), 0 when none. */
static gunichar mnemonic_key(const char *label)
{
  for (const char *c = label; *c; c = g_utf8_next_char(c))
    if (*c == '_' && c[1] && c[1] != '_')
      return g_unichar_tolower(g_utf8_get_char(c + 1));
    else if (*c == '_')
      c++; /* "__" is a literal underscore */
  return 0;
}

/* "Radius" -> "Ra_dius:": a mnemonic on the first letter the dialog's
 * buttons (Reset, Cancel, OK) and the preset menu do not use, in the
 * language shown, so their Alt+letter keeps activating them. */
static char *with_mnemonic(const char *label)
{
  /* The same strings as the buttons' (kcv-dialog.c) and the menu's. */
  const gunichar reserved[] = {mnemonic_key(_("_Reset")), mnemonic_key(_("_Cancel")),
                               mnemonic_key(_("_OK")), mnemonic_key(_("Pre_set:"))};
  GString *s = g_string_new(NULL);
  gboolean placed = FALSE;
  for (const char *c = label; *c; c = g_utf8_next_char(c)) {
    gunichar u = g_utf8_get_char(c);
    if (u == '_') {
      g_string_append(s, "__");
      continue;
    }
    gboolean free_key = g_unichar_isalpha(u);
    for (gsize i = 0; i < G_N_ELEMENTS(reserved) && free_key; i++)
      free_key = g_unichar_tolower(u) != reserved[i];
    if (!placed && free_key) {
      g_string_append_c(s, '_');
      placed = TRUE;
    }
    g_string_append_unichar(s, u);
  }
  g_string_append_c(s, ':');
  return g_string_free(s, FALSE);
}

/* Sliders over a wide range (a radius 0.5 to 512) move as GIMP's do: the
 * track is the cube root of the range, so the small values people use
 * most get most of it (radius 5 sits at a fifth, not at 1%). */
#define SLIDER_GAMMA 3.0
/* A range of more steps than this gets the non-linear track. */
#define SLIDER_LINEAR_STEPS 200

static void on_track_moved(GtkAdjustment *track, GtkAdjustment *value)
{
  if (g_object_get_data(G_OBJECT(track), "kcv-syncing"))
    return;
  double lo = gtk_adjustment_get_lower(value), hi = gtk_adjustment_get_upper(value);
  double t = gtk_adjustment_get_value(track);
  double step = gtk_adjustment_get_step_increment(value);
  double v = lo + (hi - lo) * pow(t, SLIDER_GAMMA);
  /* On the parameter's own steps, as its field shows it. */
  v = lo + round((v - lo) / step) * step;
  g_object_set_data(G_OBJECT(track), "kcv-syncing", GINT_TO_POINTER(1));
  gtk_adjustment_set_value(value, CLAMP(v, lo, hi));
  g_object_set_data(G_OBJECT(track), "kcv-syncing", NULL);
}

static void on_value_moved(GtkAdjustment *value, GtkAdjustment *track)
{
  if (g_object_get_data(G_OBJECT(track), "kcv-syncing"))
    return;
  double lo = gtk_adjustment_get_lower(value), hi = gtk_adjustment_get_upper(value);
  double f = hi > lo ? (gtk_adjustment_get_value(value) - lo) / (hi - lo) : 0.0;
  g_object_set_data(G_OBJECT(track), "kcv-syncing", GINT_TO_POINTER(1));
  gtk_adjustment_set_value(track, pow(CLAMP(f, 0.0, 1.0), 1.0 / SLIDER_GAMMA));
  g_object_set_data(G_OBJECT(track), "kcv-syncing", NULL);
}

static GtkWidget *slider(GtkAdjustment *value, const kcv_preset_param *pp, double step)
{
  if ((pp->max - pp->min) / step <= SLIDER_LINEAR_STEPS)
    return gtk_scale_new(GTK_ORIENTATION_HORIZONTAL, value);
  GtkAdjustment *track = gtk_adjustment_new(0, 0, 1, 0.005, 0.05, 0);
  GtkWidget *scale = gtk_scale_new(GTK_ORIENTATION_HORIZONTAL, track);
  on_value_moved(value, track);
  g_signal_connect_object(track, "value-changed", G_CALLBACK(on_track_moved), value, 0);
  /* Disconnected when the slider (and its track) goes. */
  g_signal_connect_object(value, "value-changed", G_CALLBACK(on_value_moved), track, 0);
  return scale;
}

static void build_params(KcvPresetPanel *panel)
{
  kcv_container_clear(GTK_CONTAINER(panel->params_grid));
  for (int i = 0; i < KCV_PRESET_MAX_PARAMS; i++)
    g_clear_object(&panel->adj[i]);
  const kcv_preset *p = panel->preset;
  /* The description is the menu's tooltip: a line less in a compact dialog. */
  gtk_widget_set_tooltip_text(panel->combo, p && p->description
                                                ? _(p->description)
                                                : _("Fill the kernel from a parametric preset; its "
                                                    "parameters appear below as sliders"));
  if (!p)
    return;
  for (int i = 0; i < p->n_params; i++) {
    const kcv_preset_param *pp = &p->params[i];
    double step = pp->step > 0 ? pp->step : (pp->digits > 0 ? 0.1 : 1.0);
    panel->adj[i] =
        g_object_ref_sink(gtk_adjustment_new(pp->def, pp->min, pp->max, step, step * 10.0, 0.0));
    char *mnemonic = with_mnemonic(_(pp->label));
    GtkWidget *label = gtk_label_new_with_mnemonic(mnemonic);
    g_free(mnemonic);
    gtk_label_set_xalign(GTK_LABEL(label), 0.0);
    g_signal_connect(panel->adj[i], "value-changed", G_CALLBACK(on_value_changed), panel);
    gtk_grid_attach(GTK_GRID(panel->params_grid), label, 0, i, 1, 1);
    if (pp->choices) {
      /* Named whole values (a direction): a combo box driving the adjustment. */
      GtkWidget *combo = gtk_combo_box_text_new();
      for (int c = 0; pp->choices[c]; c++)
        gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(combo), _(pp->choices[c]));
      gtk_combo_box_set_active(GTK_COMBO_BOX(combo), (int)(pp->def - pp->min));
      g_object_set_data(G_OBJECT(combo), "kcv-adjustment", panel->adj[i]);
      g_object_set_data(G_OBJECT(combo), "kcv-min", GINT_TO_POINTER((int)pp->min));
      g_signal_connect(combo, "changed", G_CALLBACK(on_choice_changed), panel);
      g_signal_connect(panel->adj[i], "value-changed", G_CALLBACK(on_choice_adjusted), combo);
      gtk_label_set_mnemonic_widget(GTK_LABEL(label), combo);
      gtk_widget_set_tooltip_text(label, _(pp->label));
      gtk_widget_set_tooltip_text(combo, _(pp->label));
      gtk_grid_attach(GTK_GRID(panel->params_grid), combo, 1, i, 2, 1);
      continue;
    }
    GtkWidget *scale = slider(panel->adj[i], pp, step);
    gtk_scale_set_draw_value(GTK_SCALE(scale), FALSE);
    gtk_widget_set_hexpand(scale, TRUE);
    GtkWidget *spin = gtk_spin_button_new(panel->adj[i], step, pp->digits);
    /* Enter in a field commits it and presses OK, as in GIMP's dialogs. */
    gtk_entry_set_activates_default(GTK_ENTRY(spin), TRUE);
    gtk_label_set_mnemonic_widget(GTK_LABEL(label), spin);
    char *tip = g_strdup_printf(_("%s (%g to %g)"), _(pp->label), pp->min, pp->max);
    gtk_widget_set_tooltip_text(label, tip);
    gtk_widget_set_tooltip_text(scale, tip);
    gtk_widget_set_tooltip_text(spin, tip);
    g_free(tip);
    gtk_grid_attach(GTK_GRID(panel->params_grid), scale, 1, i, 1, 1);
    gtk_grid_attach(GTK_GRID(panel->params_grid), spin, 2, i, 1, 1);
  }
  gtk_widget_show_all(panel->params_grid);
}

static gboolean find_id(GtkTreeModel *model, GtkTreePath *path, GtkTreeIter *iter, gpointer data)
{
  gpointer *want = data; /* {id, iter found} */
  char *id = NULL;
  gtk_tree_model_get(model, iter, 1, &id, -1);
  gboolean found = id && strcmp(id, want[0]) == 0;
  g_free(id);
  if (found)
    *(GtkTreeIter *)want[1] = *iter;
  return found;
}

/* As gtk_combo_box_set_active_id, in the groups too (GTK's looks at the top level only). */
static void set_active_id(GtkWidget *combo, const char *id)
{
  GtkTreeIter it = {0};
  gpointer want[2] = {(gpointer)id, &it};
  gtk_tree_model_foreach(gtk_combo_box_get_model(GTK_COMBO_BOX(combo)), find_id, want);
  if (it.stamp)
    gtk_combo_box_set_active_iter(GTK_COMBO_BOX(combo), &it);
}

static void on_combo_changed(GtkComboBox *combo, KcvPresetPanel *panel)
{
  const char *id = gtk_combo_box_get_active_id(combo);
  panel->preset = id && *id ? kcv_preset_find(id) : NULL;
  panel->building = TRUE;
  build_params(panel);
  panel->building = FALSE;
  kcv_preset_panel_set_message(panel, NULL);
  make(panel);
}

gboolean kcv_preset_panel_select(KcvPresetPanel *panel, const char *id)
{
  g_return_val_if_fail(KCV_IS_PRESET_PANEL(panel), FALSE);
  if (!id || !*id)
    id = "";
  else if (!kcv_preset_find(id))
    return FALSE;
  if (g_strcmp0(gtk_combo_box_get_active_id(GTK_COMBO_BOX(panel->combo)), id) == 0)
    on_combo_changed(GTK_COMBO_BOX(panel->combo), panel); /* again: defaults, new kernel */
  else
    set_active_id(panel->combo, id);
  return TRUE;
}

const char *kcv_preset_panel_get_selected(KcvPresetPanel *panel)
{
  g_return_val_if_fail(KCV_IS_PRESET_PANEL(panel), NULL);
  return panel->preset ? panel->preset->id : NULL;
}

void kcv_preset_panel_show(KcvPresetPanel *panel, const char *id, const double *values)
{
  g_return_if_fail(KCV_IS_PRESET_PANEL(panel));
  if (!id || !kcv_preset_find(id))
    id = "";
  panel->quiet = TRUE;
  if (g_strcmp0(gtk_combo_box_get_active_id(GTK_COMBO_BOX(panel->combo)), id) != 0)
    set_active_id(panel->combo, id);
  for (int i = 0; values && panel->preset && i < panel->preset->n_params; i++)
    if (isfinite(values[i]))
      gtk_adjustment_set_value(panel->adj[i], values[i]);
  kcv_preset_panel_set_message(panel, NULL);
  panel->quiet = FALSE;
}

int kcv_preset_panel_get_values(KcvPresetPanel *panel, double *values)
{
  g_return_val_if_fail(KCV_IS_PRESET_PANEL(panel), 0);
  if (!panel->preset)
    return 0;
  for (int i = 0; i < panel->preset->n_params; i++)
    values[i] = gtk_adjustment_get_value(panel->adj[i]);
  return panel->preset->n_params;
}

void kcv_preset_panel_set_value(KcvPresetPanel *panel, int index, double value)
{
  g_return_if_fail(KCV_IS_PRESET_PANEL(panel));
  g_return_if_fail(panel->preset && index >= 0 && index < panel->preset->n_params);
  gtk_adjustment_set_value(panel->adj[index], value);
}

static void kcv_preset_panel_dispose(GObject *object)
{
  KcvPresetPanel *panel = KCV_PRESET_PANEL(object);
  for (int i = 0; i < KCV_PRESET_MAX_PARAMS; i++)
    g_clear_object(&panel->adj[i]);
  G_OBJECT_CLASS(kcv_preset_panel_parent_class)->dispose(object);
}

/* The menu's groups, by what the kernels do; a preset in none is listed
 * at the top level. Columns as GtkComboBoxText's: label, id. */
static const struct {
  const char *group;
  const char *ids[7];
} groups[] = {
    {N_("Blur"), {"box", "gaussian", "motion"}},
    {N_("Lens"), {"disk", "ring"}},
    {N_("Sharpen"), {"unsharp", "highpass"}},
    {N_("Edges"), {"laplacian", "log", "sobel", "prewitt", "scharr", "edge"}},
    {N_("Emboss"), {"emboss"}},
};

static gboolean in_a_group(const char *id)
{
  for (gsize g = 0; g < G_N_ELEMENTS(groups); g++)
    for (int i = 0; groups[g].ids[i]; i++)
      if (strcmp(groups[g].ids[i], id) == 0)
        return TRUE;
  return FALSE;
}

static GtkTreeStore *grouped_presets(void)
{
  GtkTreeStore *store = gtk_tree_store_new(2, G_TYPE_STRING, G_TYPE_STRING);
  GtkTreeIter top, child;
  /* "Custom": the kernel was edited by hand, or came from a file or a layer. */
  gtk_tree_store_insert_with_values(store, &top, NULL, -1, 0, _("Custom"), 1, "", -1);
  int n = 0;
  const kcv_preset *presets = kcv_presets(&n);
  for (int i = 0; i < n; i++)
    if (!in_a_group(presets[i].id))
      gtk_tree_store_insert_with_values(store, &top, NULL, -1, 0, _(presets[i].label), 1,
                                        presets[i].id, -1);
  for (gsize g = 0; g < G_N_ELEMENTS(groups); g++) {
    /* A group's row opens its submenu; its id is never chosen. */
    gtk_tree_store_insert_with_values(store, &top, NULL, -1, 0, _(groups[g].group), 1, NULL, -1);
    for (int i = 0; groups[g].ids[i]; i++) {
      const kcv_preset *p = kcv_preset_find(groups[g].ids[i]);
      if (p)
        gtk_tree_store_insert_with_values(store, &child, &top, -1, 0, _(p->label), 1, p->id, -1);
    }
  }
  return store;
}

static void kcv_preset_panel_init(KcvPresetPanel *panel)
{
  gtk_orientable_set_orientation(GTK_ORIENTABLE(panel), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing(GTK_BOX(panel), 6);
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic(_("Pre_set:"));
  panel->combo = gtk_combo_box_text_new();
  GtkTreeStore *store = grouped_presets();
  gtk_combo_box_set_model(GTK_COMBO_BOX(panel->combo), GTK_TREE_MODEL(store));
  g_object_unref(store);
  set_active_id(panel->combo, "");
  kcv_combo_ellipsize(panel->combo);
  gtk_label_set_mnemonic_widget(GTK_LABEL(label), panel->combo);
  gtk_widget_set_tooltip_text(panel->combo, _("Fill the kernel from a parametric preset; its "
                                              "parameters appear below as sliders"));
  char *tip = gtk_widget_get_tooltip_text(panel->combo); /* a copy */
  gtk_widget_set_tooltip_text(label, tip);
  g_free(tip);
  g_signal_connect(panel->combo, "changed", G_CALLBACK(on_combo_changed), panel);
  gtk_box_pack_start(GTK_BOX(row), label, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(row), panel->combo, TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(panel), row, FALSE, FALSE, 0);

  panel->params_grid = gtk_grid_new();
  gtk_grid_set_row_spacing(GTK_GRID(panel->params_grid), 4);
  gtk_grid_set_column_spacing(GTK_GRID(panel->params_grid), 6);
  gtk_box_pack_start(GTK_BOX(panel), panel->params_grid, FALSE, FALSE, 0);

  panel->message = gtk_label_new(NULL);
  gtk_label_set_xalign(GTK_LABEL(panel->message), 0.0);
  gtk_label_set_line_wrap(GTK_LABEL(panel->message), TRUE);
  gtk_style_context_add_class(gtk_widget_get_style_context(panel->message), "error");
  gtk_widget_set_no_show_all(panel->message, TRUE);
  gtk_box_pack_start(GTK_BOX(panel), panel->message, FALSE, FALSE, 0);
}

static void kcv_preset_panel_class_init(KcvPresetPanelClass *klass)
{
  G_OBJECT_CLASS(klass)->dispose = kcv_preset_panel_dispose;
  signals[SIGNAL_KERNEL_MADE] =
      g_signal_new("kernel-made", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 1, G_TYPE_POINTER);
}

GtkWidget *kcv_preset_panel_new(void)
{
  return g_object_new(KCV_TYPE_PRESET_PANEL, NULL);
}

GtkWidget *kcv_preset_panel_get_combo(KcvPresetPanel *panel)
{
  g_return_val_if_fail(KCV_IS_PRESET_PANEL(panel), NULL);
  return panel->combo;
}
