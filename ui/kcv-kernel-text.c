/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the kernel as editable text, parsed with the core's kernel reader. */
#include "kcv-kernel-text.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

/* Typed text is applied by itself after this long without a key: long
 * enough not to apply "1 2" on the way to "1 2 1", short enough to feel live. */
#define LIVE_APPLY_MS 700

struct _KcvKernelText {
  GtkBox parent_instance;
  GtkWidget *view, *error, *note;
  GtkTextBuffer *buffer;
  kcv_kernel *pending; /* kernel to write out when shown */
  char *error_text;
  GtkTextTag *error_tag;
  gboolean writing; /* the program, not the user, is changing the buffer */
  gboolean dirty;   /* the text differs from what was last applied or written */
  guint live_id;    /* pending live apply */
};

G_DEFINE_TYPE(KcvKernelText, kcv_kernel_text, GTK_TYPE_BOX)

enum { SIGNAL_PARSED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void cancel_live(KcvKernelText *t)
{
  if (t->live_id) {
    g_source_remove(t->live_id);
    t->live_id = 0;
  }
}

static void set_buffer(KcvKernelText *t, const char *str)
{
  t->writing = TRUE;
  gtk_text_buffer_set_text(t->buffer, str, -1);
  t->writing = FALSE;
}

/* Marks line (1-based) from column on, where the parser stopped. */
static void mark_error(KcvKernelText *t, int line, int column)
{
  GtkTextIter a, b;
  gtk_text_buffer_get_bounds(t->buffer, &a, &b);
  gtk_text_buffer_remove_tag(t->buffer, t->error_tag, &a, &b);
  if (line <= 0 || line > gtk_text_buffer_get_line_count(t->buffer))
    return;
  gtk_text_buffer_get_iter_at_line(t->buffer, &a, line - 1);
  b = a;
  if (!gtk_text_iter_ends_line(&b))
    gtk_text_iter_forward_to_line_end(&b);
  if (column > 1 && column - 1 < gtk_text_iter_get_chars_in_line(&a))
    gtk_text_iter_set_line_offset(&a, column - 1);
  if (gtk_text_iter_equal(&a, &b) && !gtk_text_iter_starts_line(&a))
    gtk_text_iter_backward_char(&a); /* at the line's end: mark its last character */
  gtk_text_buffer_apply_tag(t->buffer, t->error_tag, &a, &b);
}

static void show_error(KcvKernelText *t, const char *msg)
{
  g_free(t->error_text);
  t->error_text = msg ? g_strdup(msg) : NULL;
  if (msg) {
    gtk_label_set_text(GTK_LABEL(t->error), msg);
    gtk_widget_show(t->error);
  } else {
    gtk_widget_hide(t->error);
    mark_error(t, 0, 0);
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
    set_buffer(t, "");
  } else {
    char *s = kcv_kernel_file_to_text(k, KCV_KERNEL_FORMAT_IMAGEJ, 0.0, 0.0);
    gtk_widget_hide(t->note);
    set_buffer(t, s ? s : "");
    free(s);
  }
  t->dirty = FALSE;
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
  /* The kernel changed elsewhere: text not yet applied gives way to it. */
  cancel_live(t);
  t->dirty = FALSE;
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
  cancel_live(t);
  set_buffer(t, str ? str : "");
  t->dirty = TRUE; /* not applied yet, as if typed */
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
  cancel_live(t);
  write_pending(t);
  char *s = kcv_kernel_text_get_text(t);
  kcv_kernel_file file = {0};
  kcv_error err = {0};
  kcv_status st = kcv_kernel_file_parse(s, strlen(s), KCV_KERNEL_FORMAT_AUTO, &file, &err);
  g_free(s);
  if (st != KCV_OK) {
    /* The core's message already names the line and column. */
    const char *why = err.message[0] ? err.message : kcv_status_message(st);
    char *msg = g_strdup_printf(_("%s. The kernel was not changed; correct the marked text."), why);
    show_error(t, msg);
    mark_error(t, err.line, err.column);
    g_free(msg);
    return FALSE;
  }
  t->dirty = FALSE;
  show_error(t, NULL);
  g_signal_emit(t, signals[SIGNAL_PARSED], 0, &file);
  kcv_kernel_file_clear(&file);
  return TRUE;
}

gboolean kcv_kernel_text_commit(KcvKernelText *t)
{
  g_return_val_if_fail(KCV_IS_KERNEL_TEXT(t), FALSE);
  return t->dirty ? kcv_kernel_text_apply(t) : TRUE;
}

gboolean kcv_kernel_text_is_dirty(KcvKernelText *t)
{
  g_return_val_if_fail(KCV_IS_KERNEL_TEXT(t), FALSE);
  return t->dirty;
}

GtkWidget *kcv_kernel_text_get_view(KcvKernelText *t)
{
  g_return_val_if_fail(KCV_IS_KERNEL_TEXT(t), NULL);
  return t->view;
}

static gboolean live_apply(gpointer data)
{
  KcvKernelText *t = data;
  t->live_id = 0;
  kcv_kernel_text_apply(t);
  return G_SOURCE_REMOVE;
}

static void on_buffer_changed(GtkTextBuffer *buffer, KcvKernelText *t)
{
  if (t->writing)
    return;
  t->dirty = TRUE;
  cancel_live(t);
  t->live_id = g_timeout_add(LIVE_APPLY_MS, live_apply, t);
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

static void kcv_kernel_text_dispose(GObject *object)
{
  cancel_live(KCV_KERNEL_TEXT(object));
  G_OBJECT_CLASS(kcv_kernel_text_parent_class)->dispose(object);
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
                 "libvips .mat, or G'MIC (a,b;c,d). Pasted or typed text becomes the kernel "
                 "after a short pause, on Apply Text (Ctrl+Enter) or on OK."));
  t->buffer = gtk_text_view_get_buffer(GTK_TEXT_VIEW(t->view));
  t->error_tag = gtk_text_buffer_create_tag(t->buffer, NULL, "underline", PANGO_UNDERLINE_ERROR,
                                            "background", "rgba(224,27,36,0.25)", NULL);
  g_signal_connect(t->buffer, "changed", G_CALLBACK(on_buffer_changed), t);
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
  G_OBJECT_CLASS(klass)->dispose = kcv_kernel_text_dispose;
  G_OBJECT_CLASS(klass)->finalize = kcv_kernel_text_finalize;
  signals[SIGNAL_PARSED] =
      g_signal_new("kernel-parsed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

GtkWidget *kcv_kernel_text_new(void)
{
  return g_object_new(KCV_TYPE_KERNEL_TEXT, NULL);
}
