/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the kernel editor (size, grid / heat map / text views, sum, undo). */
#ifndef KCV_KERNEL_EDITOR_H
#define KCV_KERNEL_EDITOR_H

#include <gtk/gtk.h>

#include "kcv.h"

G_BEGIN_DECLS

#define KCV_TYPE_KERNEL_EDITOR (kcv_kernel_editor_get_type())
G_DECLARE_FINAL_TYPE(KcvKernelEditor, kcv_kernel_editor, KCV, KERNEL_EDITOR, GtkBox)

/* Signals:
 *   "kernel-changed" (): the kernel differs (edit, paint, paste, resize,
 *     transform or set_kernel);
 *   "scale-offset" (gdouble divisor, gdouble offset): pasted text carried a
 *     divisor and offset (libvips .mat), for the options to take. */
GtkWidget *kcv_kernel_editor_new(void);
/* Copies kernel in. */
void kcv_kernel_editor_set_kernel(KcvKernelEditor *editor, const kcv_kernel *kernel);
const kcv_kernel *kcv_kernel_editor_get_kernel(KcvKernelEditor *editor);
/* Resizes the canvas (content centred), as the spinners do. */
void kcv_kernel_editor_set_size(KcvKernelEditor *editor, int width, int height);
/* Applies text typed in the Text view and not applied yet. FALSE when it
 * cannot be read: the Text view is then shown with the error marked. */
gboolean kcv_kernel_editor_commit_text(KcvKernelEditor *editor);
/* Undo and redo kernel changes (edits, strokes, presets, text, files,
 * transforms, sizes); the history starts empty at creation. */
void kcv_kernel_editor_undo(KcvKernelEditor *editor);
void kcv_kernel_editor_redo(KcvKernelEditor *editor);
/* How the kernel being replaced was made (a new string, or NULL), kept
 * with its undo step and given back to restore when the step is undone or
 * redone (after "kernel-changed"). */
typedef char *(*KcvKernelNoteGet)(gpointer data);
typedef void (*KcvKernelNoteRestore)(const char *note, gpointer data);
void kcv_kernel_editor_set_note_hooks(KcvKernelEditor *editor, KcvKernelNoteGet get,
                                      KcvKernelNoteRestore restore, gpointer data);
/* Forgets the history (the dialog's starting kernel is not a change). */
void kcv_kernel_editor_clear_history(KcvKernelEditor *editor);
/* "grid", "heatmap" or "text". */
void kcv_kernel_editor_set_view(KcvKernelEditor *editor, const char *name);
const char *kcv_kernel_editor_get_view(KcvKernelEditor *editor);
/* psf: the kernel is a point spread function (Deconvolve), which is used
 * normalised to sum 1, so no automatic divisor is shown. */
void kcv_kernel_editor_set_psf(KcvKernelEditor *editor, gboolean psf);
/* A box at the end of the editor's tool row, for the dialog's buttons. */
GtkWidget *kcv_kernel_editor_get_toolbar(KcvKernelEditor *editor);
/* Parts, for tests. */
GtkWidget *kcv_kernel_editor_get_grid(KcvKernelEditor *editor);
GtkWidget *kcv_kernel_editor_get_heatmap(KcvKernelEditor *editor);
GtkWidget *kcv_kernel_editor_get_text(KcvKernelEditor *editor);
GtkWidget *kcv_kernel_editor_get_width_spin(KcvKernelEditor *editor);
GtkWidget *kcv_kernel_editor_get_height_spin(KcvKernelEditor *editor);
GtkWidget *kcv_kernel_editor_get_paint_spin(KcvKernelEditor *editor);
/* The "Sum: ..." label's text. */
const char *kcv_kernel_editor_get_sum_text(KcvKernelEditor *editor);

G_END_DECLS

#endif
