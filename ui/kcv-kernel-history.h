/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the kernel editor's undo and redo history (copies of whole kernels). */
#ifndef KCV_KERNEL_HISTORY_H
#define KCV_KERNEL_HISTORY_H

#include <glib.h>

#include "kcv.h"

G_BEGIN_DECLS

typedef struct KcvKernelHistory KcvKernelHistory;

/* Keeps at most max_bytes of kernels for undo (the oldest go first). */
KcvKernelHistory *kcv_kernel_history_new(gsize max_bytes);
void kcv_kernel_history_free(KcvKernelHistory *history);
/* Call before changing the kernel: keeps a copy of current, with the
 * caller's note of how it was made (NULL allowed; the dialog notes the
 * preset and its values), as an undo step, and forgets the redo steps. A
 * group other than 0 equal to the previous call's continues that step
 * (typing in one cell is one step), so nothing is kept. */
void kcv_kernel_history_remember(KcvKernelHistory *history, const kcv_kernel *current,
                                 const char *note, guint64 group);
/* The kernel to go back to and its note (the caller owns both), with
 * current and its note kept for redo; NULL when there is nothing to undo
 * (or no memory for the copy). */
kcv_kernel *kcv_kernel_history_undo(KcvKernelHistory *history, const kcv_kernel *current,
                                    const char *current_note, char **note);
/* The kernel undone last and its note, current kept for undo. */
kcv_kernel *kcv_kernel_history_redo(KcvKernelHistory *history, const kcv_kernel *current,
                                    const char *current_note, char **note);
gboolean kcv_kernel_history_can_undo(const KcvKernelHistory *history);
gboolean kcv_kernel_history_can_redo(const KcvKernelHistory *history);
void kcv_kernel_history_clear(KcvKernelHistory *history);

G_END_DECLS

#endif
