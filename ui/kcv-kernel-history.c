/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the kernel editor's undo and redo history (copies of whole kernels).
 *
 * Whole copies, not differences: a 1025 x 1025 kernel is 4 MB, and a
 * stroke, a preset or a pasted text can change every weight anyway. */
#include "kcv-kernel-history.h"

struct KcvKernelHistory {
  GQueue undo, redo; /* kcv_kernel*, newest at the head */
  gsize undo_bytes, max_bytes;
  guint64 last_group;
};

static gsize bytes_of(const kcv_kernel *k)
{
  return (gsize)k->width * k->height * sizeof(float);
}

KcvKernelHistory *kcv_kernel_history_new(gsize max_bytes)
{
  KcvKernelHistory *h = g_new0(KcvKernelHistory, 1);
  g_queue_init(&h->undo);
  g_queue_init(&h->redo);
  h->max_bytes = max_bytes;
  return h;
}

static void clear_queue(GQueue *q)
{
  kcv_kernel *k;
  while ((k = g_queue_pop_head(q)))
    kcv_kernel_free(k);
}

void kcv_kernel_history_clear(KcvKernelHistory *h)
{
  if (!h)
    return;
  clear_queue(&h->undo);
  clear_queue(&h->redo);
  h->undo_bytes = 0;
  h->last_group = 0;
}

void kcv_kernel_history_free(KcvKernelHistory *h)
{
  kcv_kernel_history_clear(h);
  g_free(h);
}

static void push_undo(KcvKernelHistory *h, kcv_kernel *k)
{
  g_queue_push_head(&h->undo, k);
  h->undo_bytes += bytes_of(k);
  /* The newest step always stays, however large. */
  while (h->undo_bytes > h->max_bytes && g_queue_get_length(&h->undo) > 1) {
    kcv_kernel *old = g_queue_pop_tail(&h->undo);
    h->undo_bytes -= bytes_of(old);
    kcv_kernel_free(old);
  }
}

void kcv_kernel_history_remember(KcvKernelHistory *h, const kcv_kernel *current, guint64 group)
{
  g_return_if_fail(h != NULL);
  if (!current || (group != 0 && group == h->last_group))
    return;
  h->last_group = group;
  kcv_kernel *copy = kcv_kernel_copy(current);
  if (!copy)
    return; /* out of memory: the change goes ahead without an undo step */
  push_undo(h, copy);
  clear_queue(&h->redo);
}

kcv_kernel *kcv_kernel_history_undo(KcvKernelHistory *h, const kcv_kernel *current)
{
  g_return_val_if_fail(h != NULL && current != NULL, NULL);
  kcv_kernel *keep = g_queue_is_empty(&h->undo) ? NULL : kcv_kernel_copy(current);
  if (!keep)
    return NULL;
  kcv_kernel *back = g_queue_pop_head(&h->undo);
  h->undo_bytes -= bytes_of(back);
  g_queue_push_head(&h->redo, keep);
  h->last_group = 0;
  return back;
}

kcv_kernel *kcv_kernel_history_redo(KcvKernelHistory *h, const kcv_kernel *current)
{
  g_return_val_if_fail(h != NULL && current != NULL, NULL);
  kcv_kernel *keep = g_queue_is_empty(&h->redo) ? NULL : kcv_kernel_copy(current);
  if (!keep)
    return NULL;
  push_undo(h, keep);
  h->last_group = 0;
  return g_queue_pop_head(&h->redo);
}

gboolean kcv_kernel_history_can_undo(const KcvKernelHistory *h)
{
  return h && h->undo.length > 0;
}

gboolean kcv_kernel_history_can_redo(const KcvKernelHistory *h)
{
  return h && h->redo.length > 0;
}
