/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the deconvolution controls (method, iterations, regularisation). */
#ifndef KCV_DECONV_PANEL_H
#define KCV_DECONV_PANEL_H

#include <gtk/gtk.h>

#include "kcv-dialog.h"

G_BEGIN_DECLS

#define KCV_TYPE_DECONV_PANEL (kcv_deconv_panel_get_type())
G_DECLARE_FINAL_TYPE(KcvDeconvPanel, kcv_deconv_panel, KCV, DECONV_PANEL, GtkGrid)

/* Signal "changed" () when the user changes any control. */
GtkWidget *kcv_deconv_panel_new(void);
/* Shows params' method, iterations and regularisation. Emits nothing. */
void kcv_deconv_panel_set_params(KcvDeconvPanel *panel, const KcvParams *params);
/* Writes them into params (nothing else). */
void kcv_deconv_panel_get_params(KcvDeconvPanel *panel, KcvParams *params);
/* Parts, for tests. */
GtkWidget *kcv_deconv_panel_get_method(KcvDeconvPanel *panel);
GtkWidget *kcv_deconv_panel_get_iterations(KcvDeconvPanel *panel);
GtkWidget *kcv_deconv_panel_get_regularisation(KcvDeconvPanel *panel);

G_END_DECLS

#endif
