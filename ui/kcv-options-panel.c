/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: divisor, offset, border, channels, alpha, light and method controls. */
#include "kcv-options-panel.h"

#include <glib/gi18n-lib.h>

struct _KcvOptionsPanel {
  GtkGrid parent_instance;
  int channels;
  GtkWidget *divisor, *divisor_auto, *offset, *border, *method, *prediction, *rank;
  GtkWidget *advanced; /* the expander, and the grid inside it */
  GtkWidget *more;
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

/* A predicted time as people read it: "under 1 ms", "about 40 ms", "about 2.5 s". */
static char *format_seconds(double s)
{
  if (s < 0.001)
    return g_strdup(_("under 1 ms"));
  if (s < 1.0)
    return g_strdup_printf(_("about %.0f ms"), s * 1000.0);
  return g_strdup_printf(_("about %.1f s"), s);
}

static void update_prediction(KcvOptionsPanel *panel)
{
  char *s;
  int m = gtk_combo_box_get_active(GTK_COMBO_BOX(panel->method));
  if (panel->predicted_seconds < 0) {
    s = g_strdup(_("Predicted time: …"));
  } else {
    char *t = format_seconds(panel->predicted_seconds);
    if (m == KCV_METHOD_AUTO)
      s = g_strdup_printf(_("Auto picks %s: %s"), _(kcv_method_label(panel->predicted_method)), t);
    else
      s = g_strdup_printf(_("%s: %s"), _(kcv_method_label(panel->predicted_method)), t);
    g_free(t);
  }
  gtk_label_set_text(GTK_LABEL(panel->prediction), s);
  g_free(s);
}

void kcv_options_panel_set_rank(KcvOptionsPanel *panel, int rank)
{
  g_return_if_fail(KCV_IS_OPTIONS_PANEL(panel));
  char *s;
  if (rank == 1)
    s = g_strdup(_("Rank 1: separable into one row and one column pass."));
  else if (rank >= 2)
    s = g_strdup_printf(_("Rank %d: %d separable passes."), rank, rank);
  else if (rank == -1)
    s = g_strdup_printf(_("Rank above %d: not separable."), KCV_SEPARABLE_MAX_RANK);
  else
    s = g_strdup(_("Rank: …"));
  gtk_label_set_text(GTK_LABEL(panel->rank), s);
  g_free(s);
}

/* Shows or hides field's row of the grid it sits in (its label too). */
static void show_row(GtkWidget *field, gboolean visible)
{
  GtkWidget *cell = field, *grid = gtk_widget_get_parent(field);
  while (grid && !GTK_IS_GRID(grid)) {
    cell = grid;
    grid = gtk_widget_get_parent(grid);
  }
  if (!grid)
    return;
  int row = 0;
  gtk_container_child_get(GTK_CONTAINER(grid), cell, "top-attach", &row, NULL);
  for (int col = 0; col < 2; col++) {
    GtkWidget *w = gtk_grid_get_child_at(GTK_GRID(grid), col, row);
    if (w)
      gtk_widget_set_visible(w, visible);
  }
}

void kcv_options_panel_set_deconvolve(KcvOptionsPanel *panel, gboolean deconvolve)
{
  g_return_if_fail(KCV_IS_OPTIONS_PANEL(panel));
  GtkWidget *rows[] = {panel->divisor, panel->offset,     panel->alpha_weighting,
                       panel->method,  panel->prediction, panel->rank};
  for (gsize i = 0; i < G_N_ELEMENTS(rows); i++)
    show_row(rows[i], !deconvolve);
}

GtkWidget *kcv_options_panel_get_advanced(KcvOptionsPanel *panel)
{
  g_return_val_if_fail(KCV_IS_OPTIONS_PANEL(panel), NULL);
  return panel->advanced;
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

static GtkWidget *row_label(GtkWidget *grid, const char *mnemonic, GtkWidget *target,
                            const char *tooltip, int row)
{
  GtkWidget *label = gtk_label_new_with_mnemonic(mnemonic);
  gtk_label_set_xalign(GTK_LABEL(label), 0.0);
  gtk_label_set_mnemonic_widget(GTK_LABEL(label), target);
  gtk_widget_set_tooltip_text(label, tooltip);
  gtk_widget_set_tooltip_text(target, tooltip);
  gtk_grid_attach(GTK_GRID(grid), label, 0, row, 1, 1);
  return label;
}

/* A labelled field in column 1 of row, only as wide as it needs; the next row. */
static int field_row(GtkWidget *grid, const char *mnemonic, GtkWidget *field, const char *tooltip,
                     int row)
{
  row_label(grid, mnemonic, field, tooltip, row);
  gtk_widget_set_halign(field, GTK_ALIGN_START);
  gtk_grid_attach(GTK_GRID(grid), field, 1, row, 1, 1);
  return row + 1;
}

static GtkWidget *check(const char *mnemonic, const char *tooltip, KcvOptionsPanel *panel)
{
  GtkWidget *b = gtk_check_button_new_with_mnemonic(mnemonic);
  gtk_widget_set_tooltip_text(b, tooltip);
  g_signal_connect(b, "toggled", G_CALLBACK(on_changed), panel);
  return b;
}

/* The panel and its Advanced part space their rows and columns alike. */
static void space_grid(GtkGrid *grid)
{
  gtk_grid_set_row_spacing(grid, 6);
  gtk_grid_set_column_spacing(grid, 12);
}

static void kcv_options_panel_init(KcvOptionsPanel *panel)
{
  space_grid(GTK_GRID(panel));
  panel->predicted_seconds = -1;
}

/* Why alpha may stay as it is with every box ticked: kcv.h,
 * kcv_kernel_default_channel_mask. */
static const char *const alpha_tooltip =
    N_("Filter the alpha channel (opacity). With every channel ticked, a kernel whose weights sum "
       "to 0 (edges, emboss) leaves opacity as it is, so its result stays visible; untick the "
       "colors to filter opacity alone.");

static GtkWidget *new_grid(void)
{
  GtkWidget *g = gtk_grid_new();
  space_grid(GTK_GRID(g));
  return g;
}

/* Divisor with Automatic, and offset: what most kernels need. */
static int build_basic(KcvOptionsPanel *panel, GtkWidget *grid, int row)
{
  panel->divisor = gtk_spin_button_new_with_range(-1e6, 1e6, 0.1);
  /* Enter in a field commits it and presses OK, as in GIMP's dialogs. */
  gtk_entry_set_activates_default(GTK_ENTRY(panel->divisor), TRUE);
  gtk_spin_button_set_digits(GTK_SPIN_BUTTON(panel->divisor), 3);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(panel->divisor), 1.0);
  g_signal_connect(panel->divisor, "value-changed", G_CALLBACK(on_changed), panel);
  row_label(grid, _("_Divisor:"), panel->divisor,
            _("Every result is divided by this (after the weighted sum)"), row);
  panel->divisor_auto = check(
      _("_Automatic"), _("Divide by the sum of the weights (1 when they add up to zero)"), panel);
  GtkWidget *dbox = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_pack_start(GTK_BOX(dbox), panel->divisor, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(dbox), panel->divisor_auto, FALSE, FALSE, 0);
  gtk_grid_attach(GTK_GRID(grid), dbox, 1, row++, 1, 1);

  panel->offset = gtk_spin_button_new_with_range(-1.0, 1.0, 0.01);
  gtk_entry_set_activates_default(GTK_ENTRY(panel->offset), TRUE);
  gtk_spin_button_set_digits(GTK_SPIN_BUTTON(panel->offset), 3);
  g_signal_connect(panel->offset, "value-changed", G_CALLBACK(on_changed), panel);
  return field_row(grid, _("O_ffset:"), panel->offset,
                   _("Added to every result after the division (1 is full white; 0.5 shows edge "
                     "filters on mid gray)"),
                   row);
}

/* Channels present in this image only. */
static GtkWidget *channel_box(KcvOptionsPanel *panel)
{
  GtkWidget *cbox = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  gboolean grey = panel->channels <= 2, alpha = panel->channels == 2 || panel->channels == 4;
  panel->chan[0] = grey ? check(_("Gr_ay"), _("Filter the gray channel"), panel)
                        : check(_("Re_d"), _("Filter the red channel"), panel);
  if (!grey) {
    panel->chan[1] = check(_("_Green"), _("Filter the green channel"), panel);
    panel->chan[2] = check(_("Bl_ue"), _("Filter the blue channel"), panel);
  }
  if (alpha)
    panel->chan[3] = check(_("Alp_ha"), _(alpha_tooltip), panel);
  for (int c = 0; c < 4; c++)
    if (panel->chan[c])
      gtk_box_pack_start(GTK_BOX(cbox), panel->chan[c], FALSE, FALSE, 0);
  return cbox;
}

static GtkWidget *combo(const char *const *items, int n, GCallback cb, KcvOptionsPanel *panel)
{
  GtkWidget *c = gtk_combo_box_text_new();
  for (int i = 0; i < n; i++)
    gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(c), _(items[i]));
  gtk_combo_box_set_active(GTK_COMBO_BOX(c), 0);
  g_signal_connect(c, "changed", cb, panel);
  return c;
}

static GtkWidget *note_label(const char *tooltip)
{
  GtkWidget *l = gtk_label_new(NULL);
  gtk_label_set_xalign(GTK_LABEL(l), 0.0);
  /* A fixed width: a changing time must not move the controls around it. */
  gtk_label_set_width_chars(GTK_LABEL(l), 34);
  gtk_label_set_ellipsize(GTK_LABEL(l), PANGO_ELLIPSIZE_END);
  gtk_style_context_add_class(gtk_widget_get_style_context(l), "dim-label");
  gtk_widget_set_tooltip_text(l, tooltip);
  return l;
}

/* Border, channels, alpha, light and method: collapsed by default, as
 * few kernels need them changed. */
static GtkWidget *build_advanced(KcvOptionsPanel *panel)
{
  static const char *const borders[] = {/* the kcv_border values */
                                        N_("Extend edge pixels"), N_("Wrap around"), N_("Mirror"),
                                        N_("Transparent (zero)")};
  static const char *const methods[] = {/* the kcv_method values */
                                        N_("Auto (fastest)"), N_("Direct"), N_("FFT"),
                                        N_("Separable (low rank)"), N_("im2col (tiled)")};
  GtkWidget *grid = new_grid();
  int row = 0;
  panel->border = combo(borders, G_N_ELEMENTS(borders), G_CALLBACK(on_changed), panel);
  row_label(grid, _("_Border:"), panel->border,
            _("What the kernel sees beyond the edges of the image"), row);
  gtk_grid_attach(GTK_GRID(grid), panel->border, 1, row++, 1, 1);

  GtkWidget *clabel = gtk_label_new(_("Channels:"));
  gtk_label_set_xalign(GTK_LABEL(clabel), 0.0);
  gtk_widget_set_tooltip_text(clabel, _("Channels left unticked are copied unchanged"));
  gtk_grid_attach(GTK_GRID(grid), clabel, 0, row, 1, 1);
  gtk_grid_attach(GTK_GRID(grid), channel_box(panel), 1, row++, 1, 1);

  panel->alpha_weighting =
      check(_("Alpha _weighting"),
            _("Weight colors by opacity so transparent pixels do not bleed their color into "
              "the result"),
            panel);
  gtk_widget_set_sensitive(panel->alpha_weighting, panel->channels == 2 || panel->channels == 4);
  gtk_grid_attach(GTK_GRID(grid), panel->alpha_weighting, 1, row++, 1, 1);
  panel->linear = check(_("_Linear light"),
                        _("Convolve in linear light (physically right for blurs); off: in the "
                          "image's perceptual (gamma) values, as GIMP's old filter did"),
                        panel);
  gtk_grid_attach(GTK_GRID(grid), panel->linear, 1, row++, 1, 1);

  panel->method = combo(methods, G_N_ELEMENTS(methods), G_CALLBACK(on_method_changed), panel);
  row = field_row(grid, _("_Method:"), panel->method,
                  _("How to compute the convolution; all give the same result within float "
                    "precision. Auto picks the fastest by a measured cost model."),
                  row);
  panel->prediction = note_label(_("The method Auto picks for the whole selection and its "
                                   "predicted time"));
  gtk_grid_attach(GTK_GRID(grid), panel->prediction, 1, row++, 1, 1);
  panel->rank = note_label(_("Rank of the kernel: a rank-1 kernel is separable into a row and a "
                             "column pass, which is much faster"));
  gtk_grid_attach(GTK_GRID(grid), panel->rank, 1, row++, 1, 1);
  return grid;
}

static void build(KcvOptionsPanel *panel)
{
  GtkWidget *grid = GTK_WIDGET(panel);
  int row = build_basic(panel, grid, 0);
  panel->advanced = gtk_expander_new_with_mnemonic(_("Ad_vanced"));
  gtk_widget_set_tooltip_text(panel->advanced,
                              _("Border, channels, alpha weighting, linear light and method"));
  panel->more = build_advanced(panel);
  gtk_widget_set_margin_top(panel->more, 6);
  gtk_widget_set_margin_start(panel->more, 12);
  gtk_container_add(GTK_CONTAINER(panel->advanced), panel->more);
  gtk_grid_attach(GTK_GRID(grid), panel->advanced, 0, row, 2, 1);
  update_prediction(panel);
  kcv_options_panel_set_rank(panel, -2);
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
