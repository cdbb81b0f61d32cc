/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: divisor, offset, border, channels, alpha, light and method controls. */
#include "kcv-options-panel.h"

#include <glib/gi18n-lib.h>

struct _KcvOptionsPanel {
  GtkGrid parent_instance;
  int channels;
  GtkWidget *divisor, *divisor_auto, *offset, *border, *method, *prediction;
  GtkWidget *chan[4]; /* red/grey, green, blue, alpha; NULL when absent */
  GtkWidget *alpha_weighting, *linear;
  double auto_divisor;
  kcv_method predicted_method;
  double predicted_seconds;
  gboolean updating;
};

G_DEFINE_TYPE(KcvOptionsPanel, kcv_options_panel, GTK_TYPE_GRID)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void update_prediction(KcvOptionsPanel *panel)
{
  char *s;
  int m = gtk_combo_box_get_active(GTK_COMBO_BOX(panel->method));
  if (panel->predicted_seconds < 0)
    s = g_strdup(_("Predicted time: …"));
  else if (m == KCV_METHOD_AUTO)
    s = g_strdup_printf(_("Auto: %s, about %.2g s"), _(kcv_method_label(panel->predicted_method)),
                        panel->predicted_seconds);
  else
    s = g_strdup_printf(_("%s: about %.2g s"), _(kcv_method_label(panel->predicted_method)),
                        panel->predicted_seconds);
  gtk_label_set_text(GTK_LABEL(panel->prediction), s);
  g_free(s);
}

void kcv_options_panel_set_prediction(KcvOptionsPanel *panel, kcv_method method, double seconds)
{
  g_return_if_fail(KCV_IS_OPTIONS_PANEL(panel));
  panel->predicted_method = method;
  panel->predicted_seconds = seconds;
  update_prediction(panel);
}

const char *kcv_options_panel_get_prediction_text(KcvOptionsPanel *panel)
{
  g_return_val_if_fail(KCV_IS_OPTIONS_PANEL(panel), NULL);
  return gtk_label_get_text(GTK_LABEL(panel->prediction));
}

static void show_auto_divisor(KcvOptionsPanel *panel)
{
  gboolean automatic = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(panel->divisor_auto));
  gtk_widget_set_sensitive(panel->divisor, !automatic);
  if (automatic) {
    gboolean was = panel->updating;
    panel->updating = TRUE;
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(panel->divisor), panel->auto_divisor);
    panel->updating = was;
  }
}

void kcv_options_panel_set_auto_divisor(KcvOptionsPanel *panel, double divisor)
{
  g_return_if_fail(KCV_IS_OPTIONS_PANEL(panel));
  panel->auto_divisor = divisor;
  show_auto_divisor(panel);
}

static void on_changed(GtkWidget *w, KcvOptionsPanel *panel)
{
  if (panel->updating)
    return;
  show_auto_divisor(panel);
  g_signal_emit(panel, signals[SIGNAL_CHANGED], 0);
}

static void on_method_changed(GtkWidget *w, KcvOptionsPanel *panel)
{
  /* The prediction is for the old method until the new plan reports. */
  panel->predicted_seconds = -1;
  update_prediction(panel);
  on_changed(w, panel);
}

void kcv_options_panel_set_params(KcvOptionsPanel *panel, const KcvParams *params)
{
  g_return_if_fail(KCV_IS_OPTIONS_PANEL(panel) && params != NULL);
  panel->updating = TRUE;
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(panel->divisor_auto), params->divisor == 0.0);
  if (params->divisor != 0.0)
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(panel->divisor), params->divisor);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(panel->offset), params->offset);
  gtk_combo_box_set_active(GTK_COMBO_BOX(panel->border), params->border);
  gtk_combo_box_set_active(GTK_COMBO_BOX(panel->method), params->method);
  for (int c = 0; c < 4; c++)
    if (panel->chan[c])
      gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(panel->chan[c]),
                                   params->channel_mask == 0 || (params->channel_mask & (1u << c)));
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(panel->alpha_weighting), params->alpha_weighting);
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(panel->linear), params->linear);
  show_auto_divisor(panel);
  panel->updating = FALSE;
  panel->predicted_seconds = -1;
  update_prediction(panel);
}

void kcv_options_panel_get_params(KcvOptionsPanel *panel, KcvParams *params)
{
  g_return_if_fail(KCV_IS_OPTIONS_PANEL(panel) && params != NULL);
  gboolean automatic = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(panel->divisor_auto));
  params->divisor = automatic ? 0.0 : gtk_spin_button_get_value(GTK_SPIN_BUTTON(panel->divisor));
  params->offset = gtk_spin_button_get_value(GTK_SPIN_BUTTON(panel->offset));
  params->border = (kcv_border)gtk_combo_box_get_active(GTK_COMBO_BOX(panel->border));
  params->method = (kcv_method)gtk_combo_box_get_active(GTK_COMBO_BOX(panel->method));
  guint mask = 0, all = 0;
  for (int c = 0; c < 4; c++) {
    if (!panel->chan[c])
      continue;
    all |= 1u << c;
    if (gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(panel->chan[c])))
      mask |= 1u << c;
  }
  /* Every channel of the image ticked is "all" (0), so the same settings
   * mean the same on an image with other channels. */
  params->channel_mask = mask == all ? 0 : mask;
  params->alpha_weighting = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(panel->alpha_weighting));
  params->linear = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(panel->linear));
}

static GtkWidget *row_label(KcvOptionsPanel *panel, const char *mnemonic, GtkWidget *target,
                            const char *tooltip, int row)
{
  GtkWidget *label = gtk_label_new_with_mnemonic(mnemonic);
  gtk_label_set_xalign(GTK_LABEL(label), 0.0);
  gtk_label_set_mnemonic_widget(GTK_LABEL(label), target);
  gtk_widget_set_tooltip_text(label, tooltip);
  gtk_widget_set_tooltip_text(target, tooltip);
  gtk_grid_attach(GTK_GRID(panel), label, 0, row, 1, 1);
  return label;
}

static GtkWidget *check(const char *mnemonic, const char *tooltip, KcvOptionsPanel *panel)
{
  GtkWidget *b = gtk_check_button_new_with_mnemonic(mnemonic);
  gtk_widget_set_tooltip_text(b, tooltip);
  g_signal_connect(b, "toggled", G_CALLBACK(on_changed), panel);
  return b;
}

static void kcv_options_panel_init(KcvOptionsPanel *panel)
{
  gtk_grid_set_row_spacing(GTK_GRID(panel), 4);
  gtk_grid_set_column_spacing(GTK_GRID(panel), 8);
  panel->predicted_seconds = -1;
}

static void build(KcvOptionsPanel *panel)
{
  int row = 0;
  /* Divisor with Automatic. */
  panel->divisor = gtk_spin_button_new_with_range(-1e6, 1e6, 0.1);
  gtk_spin_button_set_digits(GTK_SPIN_BUTTON(panel->divisor), 4);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(panel->divisor), 1.0);
  g_signal_connect(panel->divisor, "value-changed", G_CALLBACK(on_changed), panel);
  row_label(panel, _("_Divisor:"), panel->divisor,
            _("Every result is divided by this (after the weighted sum)"), row);
  panel->divisor_auto = check(
      _("_Automatic"), _("Divide by the sum of the weights (1 when they add up to zero)"), panel);
  GtkWidget *dbox = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_pack_start(GTK_BOX(dbox), panel->divisor, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(dbox), panel->divisor_auto, FALSE, FALSE, 0);
  gtk_grid_attach(GTK_GRID(panel), dbox, 1, row++, 1, 1);

  panel->offset = gtk_spin_button_new_with_range(-1.0, 1.0, 0.01);
  gtk_spin_button_set_digits(GTK_SPIN_BUTTON(panel->offset), 3);
  g_signal_connect(panel->offset, "value-changed", G_CALLBACK(on_changed), panel);
  row_label(panel, _("O_ffset:"), panel->offset,
            _("Added to every result after the division (1 is full white; 0.5 shows edge "
              "filters on mid grey)"),
            row);
  gtk_widget_set_halign(panel->offset, GTK_ALIGN_START);
  gtk_grid_attach(GTK_GRID(panel), panel->offset, 1, row++, 1, 1);

  panel->border = gtk_combo_box_text_new();
  /* Order is the kcv_border values. */
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(panel->border), _("Extend edge pixels"));
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(panel->border), _("Wrap around"));
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(panel->border), _("Mirror"));
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(panel->border), _("Transparent (zero)"));
  gtk_combo_box_set_active(GTK_COMBO_BOX(panel->border), 0);
  g_signal_connect(panel->border, "changed", G_CALLBACK(on_changed), panel);
  row_label(panel, _("_Border:"), panel->border,
            _("What the kernel sees beyond the edges of the image"), row);
  gtk_grid_attach(GTK_GRID(panel), panel->border, 1, row++, 1, 1);

  /* Channels present in this image only. */
  GtkWidget *cbox = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  gboolean grey = panel->channels <= 2, alpha = panel->channels == 2 || panel->channels == 4;
  panel->chan[0] = grey ? check(_("Gr_ey"), _("Filter the grey channel"), panel)
                        : check(_("Re_d"), _("Filter the red channel"), panel);
  if (!grey) {
    panel->chan[1] = check(_("_Green"), _("Filter the green channel"), panel);
    panel->chan[2] = check(_("Bl_ue"), _("Filter the blue channel"), panel);
  }
  if (alpha)
    panel->chan[3] = check(_("Alp_ha"), _("Filter the alpha channel (opacity)"), panel);
  for (int c = 0; c < 4; c++)
    if (panel->chan[c])
      gtk_box_pack_start(GTK_BOX(cbox), panel->chan[c], FALSE, FALSE, 0);
  GtkWidget *clabel = gtk_label_new(_("Channels:"));
  gtk_label_set_xalign(GTK_LABEL(clabel), 0.0);
  gtk_widget_set_tooltip_text(clabel, _("Channels left unticked are copied unchanged"));
  gtk_grid_attach(GTK_GRID(panel), clabel, 0, row, 1, 1);
  gtk_grid_attach(GTK_GRID(panel), cbox, 1, row++, 1, 1);

  panel->alpha_weighting =
      check(_("Alpha _weighting"),
            _("Weight colours by opacity so transparent pixels do not bleed their colour into "
              "the result"),
            panel);
  gtk_widget_set_sensitive(panel->alpha_weighting, alpha);
  gtk_grid_attach(GTK_GRID(panel), panel->alpha_weighting, 1, row++, 1, 1);
  panel->linear = check(_("_Linear light"),
                        _("Convolve in linear light (physically right for blurs); off: in the "
                          "image's perceptual (gamma) values, as GIMP's old filter did"),
                        panel);
  gtk_grid_attach(GTK_GRID(panel), panel->linear, 1, row++, 1, 1);

  panel->method = gtk_combo_box_text_new();
  /* Order is the kcv_method values. */
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(panel->method), _("Auto (fastest)"));
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(panel->method), _("Direct"));
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(panel->method), _("FFT"));
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(panel->method), _("Separable (low rank)"));
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(panel->method), _("im2col (tiled)"));
  gtk_combo_box_set_active(GTK_COMBO_BOX(panel->method), 0);
  g_signal_connect(panel->method, "changed", G_CALLBACK(on_method_changed), panel);
  row_label(panel, _("_Method:"), panel->method,
            _("How to compute the convolution; all give the same result within float "
              "precision. Auto picks the fastest by a measured cost model."),
            row);
  panel->prediction = gtk_label_new(NULL);
  gtk_label_set_xalign(GTK_LABEL(panel->prediction), 0.0);
  gtk_widget_set_tooltip_text(panel->prediction,
                              _("The method Auto picks for the whole selection and its predicted "
                                "time"));
  GtkWidget *mbox = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_box_pack_start(GTK_BOX(mbox), panel->method, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(mbox), panel->prediction, FALSE, FALSE, 0);
  gtk_grid_attach(GTK_GRID(panel), mbox, 1, row++, 1, 1);
  update_prediction(panel);
}

static void kcv_options_panel_class_init(KcvOptionsPanelClass *klass)
{
  signals[SIGNAL_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

GtkWidget *kcv_options_panel_new(int channels)
{
  KcvOptionsPanel *panel = g_object_new(KCV_TYPE_OPTIONS_PANEL, NULL);
  panel->channels = CLAMP(channels, 1, 4);
  build(panel);
  return GTK_WIDGET(panel);
}
