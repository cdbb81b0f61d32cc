/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: "use a layer as kernel", over the caller's KcvLayerSource. */
#include "kcv-layer-picker.h"

#include "kcv-style.h"

#include <glib/gi18n-lib.h>

struct _KcvLayerPicker {
  GtkBox parent_instance;
  const KcvLayerSource *layers;
  GtkWidget *combo, *normalise, *message;
};

G_DEFINE_TYPE(KcvLayerPicker, kcv_layer_picker, GTK_TYPE_BOX)

enum { SIGNAL_KERNEL_MADE, N_SIGNALS };
static guint signals[N_SIGNALS];

gboolean kcv_layer_picker_use(KcvLayerPicker *picker, int index, gboolean normalise)
{
  g_return_val_if_fail(KCV_IS_LAYER_PICKER(picker), FALSE);
  const KcvLayerSource *ls = picker->layers;
  if (!ls || !ls->get_kernel || index < 0 || index >= ls->n_layers)
    return FALSE;
  char *error = NULL;
  kcv_kernel *k = ls->get_kernel(index, normalise, &error, ls->user_data);
  if (!k) {
    char *msg = g_strdup_printf(_("This layer cannot be a kernel: %s"),
                                error ? error : _("no reason given"));
    gtk_label_set_text(GTK_LABEL(picker->message), msg);
    gtk_widget_show(picker->message);
    g_free(msg);
    g_free(error);
    return FALSE;
  }
  gtk_widget_hide(picker->message);
  g_signal_emit(picker, signals[SIGNAL_KERNEL_MADE], 0, k);
  kcv_kernel_free(k);
  return TRUE;
}

void kcv_layer_picker_clear_message(KcvLayerPicker *picker)
{
  g_return_if_fail(KCV_IS_LAYER_PICKER(picker));
  gtk_widget_hide(picker->message);
}

static void on_use(GtkButton *b, KcvLayerPicker *picker)
{
  kcv_layer_picker_use(picker, gtk_combo_box_get_active(GTK_COMBO_BOX(picker->combo)),
                       gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(picker->normalise)));
}

static void kcv_layer_picker_init(KcvLayerPicker *picker)
{
  gtk_orientable_set_orientation(GTK_ORIENTABLE(picker), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing(GTK_BOX(picker), 4);
}

static void kcv_layer_picker_class_init(KcvLayerPickerClass *klass)
{
  signals[SIGNAL_KERNEL_MADE] =
      g_signal_new("kernel-made", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 1, G_TYPE_POINTER);
}

GtkWidget *kcv_layer_picker_new(const KcvLayerSource *layers)
{
  KcvLayerPicker *picker = g_object_new(KCV_TYPE_LAYER_PICKER, NULL);
  picker->layers = layers;
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic(_("La_yer:"));
  picker->combo = gtk_combo_box_text_new();
  for (int i = 0; layers && i < layers->n_layers; i++)
    gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(picker->combo), layers->names[i]);
  gtk_combo_box_set_active(GTK_COMBO_BOX(picker->combo), 0);
  kcv_combo_ellipsize(picker->combo);
  gtk_label_set_mnemonic_widget(GTK_LABEL(label), picker->combo);
  const char *tip = _("A layer (or mask) of the image that shows what a point of light becomes "
                      "(a painted bokeh shape, a point spread function): its brightness becomes "
                      "the kernel's weights and its size the kernel size. It is applied as true "
                      "convolution, so the grid shows it turned by 180 degrees.");
  gtk_widget_set_tooltip_text(label, tip);
  gtk_widget_set_tooltip_text(picker->combo, tip);
  picker->normalise = gtk_check_button_new_with_mnemonic(_("_Normalize"));
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(picker->normalise), TRUE);
  gtk_widget_set_tooltip_text(picker->normalise,
                              _("Scale the weights so they add up to 1 (keeps brightness)"));
  GtkWidget *use = gtk_button_new_with_mnemonic(_("_Use"));
  gtk_widget_set_tooltip_text(use, _("Replace the kernel with the chosen layer"));
  g_signal_connect(use, "clicked", G_CALLBACK(on_use), picker);
  gtk_box_pack_start(GTK_BOX(row), label, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(row), picker->combo, TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(row), picker->normalise, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(row), use, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(picker), row, FALSE, FALSE, 0);
  picker->message = gtk_label_new(NULL);
  gtk_label_set_xalign(GTK_LABEL(picker->message), 0.0);
  gtk_label_set_line_wrap(GTK_LABEL(picker->message), TRUE);
  gtk_style_context_add_class(gtk_widget_get_style_context(picker->message), "error");
  gtk_widget_set_no_show_all(picker->message, TRUE);
  gtk_box_pack_start(GTK_BOX(picker), picker->message, FALSE, FALSE, 0);
  return GTK_WIDGET(picker);
}
