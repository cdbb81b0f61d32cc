/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the presets menu with each preset's parameters as sliders. */
#ifndef KCV_PRESET_PANEL_H
#define KCV_PRESET_PANEL_H

#include <gtk/gtk.h>

#include "kcv.h"

G_BEGIN_DECLS

#define KCV_TYPE_PRESET_PANEL (kcv_preset_panel_get_type())
G_DECLARE_FINAL_TYPE(KcvPresetPanel, kcv_preset_panel, KCV, PRESET_PANEL, GtkBox)

/* Signal "kernel-made" (gpointer const kcv_kernel*): the user chose a
 * preset or moved one of its sliders; the kernel is valid during the
 * emission only. */
GtkWidget *kcv_preset_panel_new(void);
/* The preset chooser, for tests. */
GtkWidget *kcv_preset_panel_get_combo(KcvPresetPanel *panel);
/* Chooses preset id (as in kcv_presets(); NULL or "" for none) with its
 * default parameters; emits "kernel-made" for a preset. FALSE for an unknown id. */
gboolean kcv_preset_panel_select(KcvPresetPanel *panel, const char *id);
const char *kcv_preset_panel_get_selected(KcvPresetPanel *panel);
/* Shows preset id (NULL, "" or unknown: Custom) with values (NULL:
 * its defaults) without making its kernel: for a kernel that already is
 * the preset's, or that was edited by hand (Custom). Emits nothing. */
void kcv_preset_panel_show(KcvPresetPanel *panel, const char *id, const double *values);
/* The chosen preset's values into values (KCV_PRESET_MAX_PARAMS room);
 * returns how many (0 for Custom). */
int kcv_preset_panel_get_values(KcvPresetPanel *panel, double *values);
/* Sets parameter index of the chosen preset (emits "kernel-made"). */
void kcv_preset_panel_set_value(KcvPresetPanel *panel, int index, double value);
/* An inline message under the sliders (NULL hides it). */
void kcv_preset_panel_set_message(KcvPresetPanel *panel, const char *message);

G_END_DECLS

#endif
