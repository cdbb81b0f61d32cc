/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the kernel as editable text, parsed with the core's kernel reader. */
#ifndef KCV_KERNEL_TEXT_H
#define KCV_KERNEL_TEXT_H

#include <gtk/gtk.h>

#include "kcv-kernel-io.h"

G_BEGIN_DECLS

/* Largest kernel side written out as text (larger ones get a note). */
#define KCV_KERNEL_TEXT_MAX 64

#define KCV_TYPE_KERNEL_TEXT (kcv_kernel_text_get_type())
G_DECLARE_FINAL_TYPE(KcvKernelText, kcv_kernel_text, KCV, KERNEL_TEXT, GtkBox)

/* Signal "kernel-parsed" (gpointer const kcv_kernel_file*): pasted or
 * applied text was read; valid during the emission only. */
GtkWidget *kcv_kernel_text_new(void);
/* Shows kernel as ImageJ-style rows (written when the view is next shown). */
void kcv_kernel_text_set_kernel(KcvKernelText *text, const kcv_kernel *kernel);
/* Replaces the text without parsing it; it counts as typed (OK applies it). */
void kcv_kernel_text_set_text(KcvKernelText *text, const char *str);
char *kcv_kernel_text_get_text(KcvKernelText *text);
/* Parses the text (format detected); on success emits "kernel-parsed" and
 * returns TRUE, else shows an inline error, leaves the kernel alone and
 * returns FALSE. Paste and the Apply button call this. */
gboolean kcv_kernel_text_apply(KcvKernelText *text);
/* Applies text typed since the kernel was last applied or shown (as OK
 * needs); TRUE when there was none or it was read, FALSE (error shown and
 * marked) when it cannot be read. */
gboolean kcv_kernel_text_commit(KcvKernelText *text);
/* TRUE while typed text waits to be applied. */
gboolean kcv_kernel_text_is_dirty(KcvKernelText *text);
GtkWidget *kcv_kernel_text_get_view(KcvKernelText *text);
/* The inline error shown, NULL when none. */
const char *kcv_kernel_text_get_error(KcvKernelText *text);

G_END_DECLS

#endif
