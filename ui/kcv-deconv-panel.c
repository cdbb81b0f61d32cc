/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the deconvolution controls (method, iterations, regularisation). */
#include "kcv-deconv-panel.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* The regularisation slider moves on a log scale: useful values run from
 * 1e-5 (little noise) to 1 (a lot), and a linear slider would spend all
 * its length on the top decade. */
#define REG_LOG_MIN -5.0
#define REG_LOG_MAX 0.0
#define REG_MAX 100.0 /* the spin button's limit; the core takes any finite value */

struct _KcvDeconvPanel {
  GtkGrid parent_instance;
  GtkWidget *method, *iterations, *iterations_label, *reg_scale, *reg_spin, *reg_label;
  gboolean updating;
};

G_DEFINE_TYPE(KcvDeconvPanel, kcv_deconv_panel, GTK_TYPE_GRID)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void emit_changed(KcvDeconvPanel *panel)
{
  if (!panel->updating)
    g_signal_emit(panel, signals[SIGNAL_CHANGED], 0);
}

/* Iterations belong to Richardson-Lucy, and the regularisation means a
 * different thing for each method. */
static void show_method(KcvDeconvPanel *panel)
{
  gboolean rl =
      gtk_combo_box_get_active(GTK_COMBO_BOX(panel->method)) == KCV_DECONV_RICHARDSON_LUCY;
  gtk_widget_set_sensitive(panel->iterations, rl);
  gtk_widget_set_sensitive(panel->iterations_label, rl);
  const char *tip =
      rl ? _("Total-variation weight: smooths noise and ringing as the iterations sharpen; 0 is "
             "plain Richardson-Lucy, 0.001 to 0.01 suits most photos")
         : _("Noise-to-signal ratio: larger values give a smoother, less sharp result; 0 is the "
             "bare inverse filter, which amplifies noise; 0.001 to 0.01 suits most photos");
  gtk_widget_set_tooltip_text(panel->reg_scale, tip);
  gtk_widget_set_tooltip_text(panel->reg_spin, tip);
  gtk_widget_set_tooltip_text(panel->reg_label, tip);
}

static void on_method(GtkComboBox *combo, KcvDeconvPanel *panel)
{
  show_method(panel);
  emit_changed(panel);
}

static void on_iterations(GtkSpinButton *spin, KcvDeconvPanel *panel)
{
  emit_changed(panel);
}

/* The slider and the spin button show one value; whichever moved sets the other. */
static void on_reg_scale(GtkRange *range, KcvDeconvPanel *panel)
{
  if (panel->updating)
    return;
  panel->updating = TRUE;
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(panel->reg_spin),
                            pow(10.0, gtk_range_get_value(range)));
  panel->updating = FALSE;
  emit_changed(panel);
}

static void set_scale_from(KcvDeconvPanel *panel, double value)
{
  double l = value > 0 ? log10(value) : REG_LOG_MIN;
  gtk_range_set_value(GTK_RANGE(panel->reg_scale), CLAMP(l, REG_LOG_MIN, REG_LOG_MAX));
}

static void on_reg_spin(GtkSpinButton *spin, KcvDeconvPanel *panel)
{
  if (panel->updating)
    return;
  panel->updating = TRUE;
  set_scale_from(panel, gtk_spin_button_get_value(spin));
  panel->updating = FALSE;
  emit_changed(panel);
}

static GtkWidget *label_for(GtkWidget *grid, const char *mnemonic, GtkWidget *target, int row)
{
  GtkWidget *label = gtk_label_new_with_mnemonic(mnemonic);
  gtk_label_set_xalign(GTK_LABEL(label), 0.0);
  gtk_label_set_mnemonic_widget(GTK_LABEL(label), target);
  gtk_grid_attach(GTK_GRID(grid), label, 0, row, 1, 1);
  return label;
}

static void build(KcvDeconvPanel *panel)
{
  GtkWidget *grid = GTK_WIDGET(panel);
  gtk_grid_set_row_spacing(GTK_GRID(grid), 6);
  gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
  /* The kcv_deconv_method values, in order. */
  panel->method = gtk_combo_box_text_new();
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(panel->method), _("Wiener (one pass)"));
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(panel->method),
                                 _("Richardson-Lucy (iterative)"));
  gtk_combo_box_set_active(GTK_COMBO_BOX(panel->method), 0);
  GtkWidget *l = label_for(grid, _("Deconvolution _method:"), panel->method, 0);
  const char *tip = _("Wiener restores in one fast pass; Richardson-Lucy iterates, never gives "
                      "negative values and keeps the total brightness");
  gtk_widget_set_tooltip_text(l, tip);
  gtk_widget_set_tooltip_text(panel->method, tip);
  gtk_grid_attach(GTK_GRID(grid), panel->method, 1, 0, 2, 1);

  panel->iterations = gtk_spin_button_new_with_range(1, KCV_DECONV_ITERATIONS_MAX, 1);
  gtk_entry_set_activates_default(GTK_ENTRY(panel->iterations), TRUE);
  panel->iterations_label = label_for(grid, _("_Iterations:"), panel->iterations, 1);
  gtk_widget_set_tooltip_text(panel->iterations,
                              _("Richardson-Lucy passes: more sharpen further and take longer"));
  gtk_grid_attach(GTK_GRID(grid), panel->iterations, 1, 1, 2, 1);

  panel->reg_scale =
      gtk_scale_new_with_range(GTK_ORIENTATION_HORIZONTAL, REG_LOG_MIN, REG_LOG_MAX, 0.05);
  gtk_scale_set_draw_value(GTK_SCALE(panel->reg_scale), FALSE);
  gtk_widget_set_hexpand(panel->reg_scale, TRUE);
  panel->reg_spin = gtk_spin_button_new_with_range(0.0, REG_MAX, 0.0005);
  gtk_spin_button_set_digits(GTK_SPIN_BUTTON(panel->reg_spin), 5);
  gtk_entry_set_activates_default(GTK_ENTRY(panel->reg_spin), TRUE);
  panel->reg_label = label_for(grid, _("_Regularization:"), panel->reg_spin, 2);
  gtk_grid_attach(GTK_GRID(grid), panel->reg_scale, 1, 2, 1, 1);
  gtk_grid_attach(GTK_GRID(grid), panel->reg_spin, 2, 2, 1, 1);

  g_signal_connect(panel->method, "changed", G_CALLBACK(on_method), panel);
  g_signal_connect(panel->iterations, "value-changed", G_CALLBACK(on_iterations), panel);
  g_signal_connect(panel->reg_scale, "value-changed", G_CALLBACK(on_reg_scale), panel);
  g_signal_connect(panel->reg_spin, "value-changed", G_CALLBACK(on_reg_spin), panel);
  show_method(panel);
}

void kcv_deconv_panel_set_params(KcvDeconvPanel *panel, const KcvParams *params)
{
  g_return_if_fail(KCV_IS_DECONV_PANEL(panel) && params != NULL);
  panel->updating = TRUE;
  int m = params->deconv_method == KCV_DECONV_RICHARDSON_LUCY ? 1 : 0;
  gtk_combo_box_set_active(GTK_COMBO_BOX(panel->method), m);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(panel->iterations),
                            CLAMP(params->iterations, 1, KCV_DECONV_ITERATIONS_MAX));
  double reg = isfinite(params->regularisation) ? CLAMP(params->regularisation, 0.0, REG_MAX) : 0;
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(panel->reg_spin), reg);
  set_scale_from(panel, reg);
  show_method(panel);
  panel->updating = FALSE;
}

void kcv_deconv_panel_get_params(KcvDeconvPanel *panel, KcvParams *params)
{
  g_return_if_fail(KCV_IS_DECONV_PANEL(panel) && params != NULL);
  params->deconv_method = gtk_combo_box_get_active(GTK_COMBO_BOX(panel->method)) == 1
                              ? KCV_DECONV_RICHARDSON_LUCY
                              : KCV_DECONV_WIENER;
  params->iterations = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(panel->iterations));
  params->regularisation = gtk_spin_button_get_value(GTK_SPIN_BUTTON(panel->reg_spin));
}

GtkWidget *kcv_deconv_panel_get_method(KcvDeconvPanel *panel)
{
  g_return_val_if_fail(KCV_IS_DECONV_PANEL(panel), NULL);
  return panel->method;
}

GtkWidget *kcv_deconv_panel_get_iterations(KcvDeconvPanel *panel)
{
  g_return_val_if_fail(KCV_IS_DECONV_PANEL(panel), NULL);
  return panel->iterations;
}

GtkWidget *kcv_deconv_panel_get_regularisation(KcvDeconvPanel *panel)
{
  g_return_val_if_fail(KCV_IS_DECONV_PANEL(panel), NULL);
  return panel->reg_spin;
}

static void kcv_deconv_panel_init(KcvDeconvPanel *panel) {}

static void kcv_deconv_panel_class_init(KcvDeconvPanelClass *klass)
{
  signals[SIGNAL_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

GtkWidget *kcv_deconv_panel_new(void)
{
  KcvDeconvPanel *panel = g_object_new(KCV_TYPE_DECONV_PANEL, NULL);
  build(panel);
  return GTK_WIDGET(panel);
}
