/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: divisor, offset, border, channels, alpha, light and method controls. */
#ifndef KCV_OPTIONS_PANEL_H
#define KCV_OPTIONS_PANEL_H

#include <gtk/gtk.h>

#include "kcv-dialog.h"

G_BEGIN_DECLS

#define KCV_TYPE_OPTIONS_PANEL (kcv_options_panel_get_type())
G_DECLARE_FINAL_TYPE(KcvOptionsPanel, kcv_options_panel, KCV, OPTIONS_PANEL, GtkGrid)

/* channels (1..4) decides which channel boxes show. Signal "changed" ()
 * when the user changes any option. */
GtkWidget *kcv_options_panel_new(int channels);
/* Shows every option of params (not the kernel). Emits nothing. */
void kcv_options_panel_set_params(KcvOptionsPanel *panel, const KcvParams *params);
/* Writes every option into params (leaves the kernel alone). */
void kcv_options_panel_get_params(KcvOptionsPanel *panel, KcvParams *params);
/* What "Automatic" resolves to for the current kernel, shown greyed. */
void kcv_options_panel_set_auto_divisor(KcvOptionsPanel *panel, double divisor);
/* The method Auto would pick and its predicted time (seconds < 0: unknown). */
void kcv_options_panel_set_prediction(KcvOptionsPanel *panel, kcv_method method, double seconds);
const char *kcv_options_panel_get_prediction_text(KcvOptionsPanel *panel);
/* The kernel's rank (as kcv_plan_rank; -2: not known yet). */
void kcv_options_panel_set_rank(KcvOptionsPanel *panel, int rank);
/* Deconvolve: hides what deconvolution does not use (divisor, offset,
 * alpha weighting, method and its notes); FALSE shows them again. */
void kcv_options_panel_set_deconvolve(KcvOptionsPanel *panel, gboolean deconvolve);
/* The collapsed "Advanced" expander (border, channels, alpha, light, method). */
GtkWidget *kcv_options_panel_get_advanced(KcvOptionsPanel *panel);

G_END_DECLS

#endif
