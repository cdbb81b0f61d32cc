/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: "use a layer as kernel", over the caller's KcvLayerSource. */
#ifndef KCV_LAYER_PICKER_H
#define KCV_LAYER_PICKER_H

#include <gtk/gtk.h>

#include "kcv-dialog.h"

G_BEGIN_DECLS

#define KCV_TYPE_LAYER_PICKER (kcv_layer_picker_get_type())
G_DECLARE_FINAL_TYPE(KcvLayerPicker, kcv_layer_picker, KCV, LAYER_PICKER, GtkBox)

/* layers must outlive the widget. Signal "kernel-made" (gpointer const
 * kcv_kernel*), valid during the emission; failures show inline. */
GtkWidget *kcv_layer_picker_new(const KcvLayerSource *layers);
/* Takes layer index as the kernel, as the Use button does. */
gboolean kcv_layer_picker_use(KcvLayerPicker *picker, int index, gboolean normalise);

/* Hides the message of a layer that could not be used (the kernel changed since). */
void kcv_layer_picker_clear_message(KcvLayerPicker *picker);

G_END_DECLS

#endif
