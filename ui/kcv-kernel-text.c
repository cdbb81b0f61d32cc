/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the kernel as editable text, parsed with the core's kernel reader. */
#include "kcv-kernel-text.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

struct _KcvKernelText {
  GtkBox parent_instance;
  GtkWidget *view, *error, *note;
  GtkTextBuffer *buffer;
  kcv_kernel *pending; /* kernel to write out when shown */
  char *error_text;
};

G_DEFINE_TYPE(KcvKernelText, kcv_kernel_text, GTK_TYPE_BOX)

enum { SIGNAL_PARSED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void show_error(KcvKernelText *t, const char *msg)
{
  g_free(t->error_text);
  t->error_text = msg ? g_strdup(msg) : NULL;
  if (msg) {
    gtk_label_set_text(GTK_LABEL(t->error), msg);
    gtk_widget_show(t->error);
  } else {
    gtk_widget_hide(t->error);
  }
}

static void write_pending(KcvKernelText *t)
{
  if (!t->pending)
    return;
  const kcv_kernel *k = t->pending;
  if (k->width > KCV_KERNEL_TEXT_MAX || k->height > KCV_KERNEL_TEXT_MAX) {
    char *note = g_strdup_printf(_("The current kernel (%d × %d) is too large to show as text. "
                                   "Paste or type a kernel here to replace it."),
                                 k->width, k->height);
    gtk_label_set_text(GTK_LABEL(t->note), note);
    g_free(note);
    gtk_widget_show(t->note);
    gtk_text_buffer_set_text(t->buffer, "", -1);
  } else {
    char *s = kcv_kernel_file_to_text(k, KCV_KERNEL_FORMAT_IMAGEJ, 0.0, 0.0);
    gtk_widget_hide(t->note);
    gtk_text_buffer_set_text(t->buffer, s ? s : "", -1);
    free(s);
  }
  kcv_kernel_free(t->pending);
  t->pending = NULL;
}

void kcv_kernel_text_set_kernel(KcvKernelText *t, const kcv_kernel *kernel)
{
  g_return_if_fail(KCV_IS_KERNEL_TEXT(t));
  g_return_if_fail(kernel != NULL);
  kcv_kernel_free(t->pending);
  /* A kernel too large to write out is only described: no copy of it. */
  if (kernel->width > KCV_KERNEL_TEXT_MAX || kernel->height > KCV_KERNEL_TEXT_MAX)
    t->pending = kcv_kernel_new(kernel->width, kernel->height);
  else
    t->pending = kcv_kernel_copy(kernel);
  show_error(t, NULL);
  /* Writing a kernel as text is slow: only when someone looks. */
  if (gtk_widget_get_mapped(GTK_WIDGET(t)))
    write_pending(t);
}

void kcv_kernel_text_set_text(KcvKernelText *t, const char *str)
{
  g_return_if_fail(KCV_IS_KERNEL_TEXT(t));
  kcv_kernel_free(t->pending);
  t->pending = NULL;
  gtk_widget_hide(t->note);
  gtk_text_buffer_set_text(t->buffer, str ? str : "", -1);
}

char *kcv_kernel_text_get_text(KcvKernelText *t)
{
  g_return_val_if_fail(KCV_IS_KERNEL_TEXT(t), NULL);
  GtkTextIter a, b;
  gtk_text_buffer_get_bounds(t->buffer, &a, &b);
  return gtk_text_buffer_get_text(t->buffer, &a, &b, FALSE);
}

gboolean kcv_kernel_text_apply(KcvKernelText *t)
{
  g_return_val_if_fail(KCV_IS_KERNEL_TEXT(t), FALSE);
  write_pending(t);
  char *s = kcv_kernel_text_get_text(t);
  kcv_kernel_file file = {0};
  kcv_error err = {0};
  kcv_status st = kcv_kernel_file_parse(s, strlen(s), KCV_KERNEL_FORMAT_AUTO, &file, &err);
  g_free(s);
  if (st != KCV_OK) {
    /* The core's message already names the line and column. */
    const char *why = err.message[0] ? err.message : kcv_status_message(st);
    char *msg = g_strdup_printf(_("%s The kernel was not changed; correct the text and press "
                                  "Apply."),
                                why);
    show_error(t, msg);
    g_free(msg);
    return FALSE;
  }
  show_error(t, NULL);
  g_signal_emit(t, signals[SIGNAL_PARSED], 0, &file);
  kcv_kernel_file_clear(&file);
  return TRUE;
}

const char *kcv_kernel_text_get_error(KcvKernelText *t)
{
  g_return_val_if_fail(KCV_IS_KERNEL_TEXT(t), NULL);
  return t->error_text;
}

static void on_paste_done(GtkTextBuffer *buffer, GtkClipboard *clipboard, KcvKernelText *t)
{
  kcv_kernel_text_apply(t);
}

static void on_apply(GtkButton *b, KcvKernelText *t)
{
  kcv_kernel_text_apply(t);
}

static gboolean on_key(GtkWidget *w, GdkEventKey *ev, KcvKernelText *t)
{
  if ((ev->keyval == GDK_KEY_Return || ev->keyval == GDK_KEY_KP_Enter) &&
      (ev->state & GDK_CONTROL_MASK)) {
    kcv_kernel_text_apply(t);
    return TRUE;
  }
  return FALSE;
}

static void on_map(GtkWidget *w, KcvKernelText *t)
{
  write_pending(t);
}

static void kcv_kernel_text_finalize(GObject *object)
{
  KcvKernelText *t = KCV_KERNEL_TEXT(object);
  kcv_kernel_free(t->pending);
  g_free(t->error_text);
  G_OBJECT_CLASS(kcv_kernel_text_parent_class)->finalize(object);
}

static void kcv_kernel_text_init(KcvKernelText *t)
{
  gtk_orientable_set_orientation(GTK_ORIENTABLE(t), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing(GTK_BOX(t), 4);

  t->note = gtk_label_new(NULL);
  gtk_label_set_line_wrap(GTK_LABEL(t->note), TRUE);
  gtk_label_set_xalign(GTK_LABEL(t->note), 0.0);
  gtk_widget_set_no_show_all(t->note, TRUE);
  gtk_box_pack_start(GTK_BOX(t), t->note, FALSE, FALSE, 0);

  GtkWidget *sw = gtk_scrolled_window_new(NULL, NULL);
  gtk_scrolled_window_set_shadow_type(GTK_SCROLLED_WINDOW(sw), GTK_SHADOW_IN);
  t->view = gtk_text_view_new();
  gtk_text_view_set_monospace(GTK_TEXT_VIEW(t->view), TRUE);
  gtk_text_view_set_wrap_mode(GTK_TEXT_VIEW(t->view), GTK_WRAP_NONE);
  gtk_widget_set_tooltip_text(
      t->view, _("The kernel as text: rows of numbers (spaces, tabs, commas or semicolons), "
                 "libvips .mat, or G'MIC (a,b;c,d). Pasting replaces the kernel; after typing "
                 "press Apply or Ctrl+Enter."));
  t->buffer = gtk_text_view_get_buffer(GTK_TEXT_VIEW(t->view));
  g_signal_connect(t->buffer, "paste-done", G_CALLBACK(on_paste_done), t);
  g_signal_connect(t->view, "key-press-event", G_CALLBACK(on_key), t);
  gtk_container_add(GTK_CONTAINER(sw), t->view);
  gtk_box_pack_start(GTK_BOX(t), sw, TRUE, TRUE, 0);

  t->error = gtk_label_new(NULL);
  gtk_label_set_line_wrap(GTK_LABEL(t->error), TRUE);
  gtk_label_set_xalign(GTK_LABEL(t->error), 0.0);
  gtk_label_set_selectable(GTK_LABEL(t->error), TRUE);
  gtk_style_context_add_class(gtk_widget_get_style_context(t->error), "error");
  gtk_widget_set_no_show_all(t->error, TRUE);
  gtk_box_pack_start(GTK_BOX(t), t->error, FALSE, FALSE, 0);

  GtkWidget *apply = gtk_button_new_with_mnemonic(_("Apply Te_xt"));
  gtk_widget_set_tooltip_text(apply, _("Read the text above as the kernel (Ctrl+Enter)"));
  gtk_widget_set_halign(apply, GTK_ALIGN_END);
  g_signal_connect(apply, "clicked", G_CALLBACK(on_apply), t);
  gtk_box_pack_start(GTK_BOX(t), apply, FALSE, FALSE, 0);

  g_signal_connect(t, "map", G_CALLBACK(on_map), t);
}

static void kcv_kernel_text_class_init(KcvKernelTextClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = kcv_kernel_text_finalize;
  signals[SIGNAL_PARSED] =
      g_signal_new("kernel-parsed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

GtkWidget *kcv_kernel_text_new(void)
{
  return g_object_new(KCV_TYPE_KERNEL_TEXT, NULL);
}
