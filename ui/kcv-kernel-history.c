/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the kernel editor's undo and redo history (copies of whole kernels).
 *
 * Whole copies, not differences: a 1025 x 1025 kernel is 4 MB, and a
 * stroke, a preset or a pasted text can change every weight anyway. */
#include "kcv-kernel-history.h"

typedef struct {
  kcv_kernel *kernel;
  char *note;
} Step;

struct KcvKernelHistory {
  GQueue undo, redo; /* Step*, newest at the head */
  gsize undo_bytes, max_bytes;
  guint64 last_group;
};

static gsize bytes_of(const Step *s)
{
  return (gsize)s->kernel->width * s->kernel->height * sizeof(float);
}

static void step_free(Step *s)
{
  kcv_kernel_free(s->kernel);
  g_free(s->note);
  g_free(s);
}

/* NULL when out of memory. */
static Step *step_new(const kcv_kernel *k, const char *note)
{
  kcv_kernel *copy = kcv_kernel_copy(k);
  if (!copy)
    return NULL;
  Step *s = g_new(Step, 1);
  s->kernel = copy;
  s->note = g_strdup(note);
  return s;
}

/* Gives the step's kernel and note to the caller. */
static kcv_kernel *step_take(Step *s, char **note)
{
  kcv_kernel *k = s->kernel;
  if (note)
    *note = s->note;
  else
    g_free(s->note);
  g_free(s);
  return k;
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
  Step *s;
  while ((s = g_queue_pop_head(q)))
    step_free(s);
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

static void push_undo(KcvKernelHistory *h, Step *s)
{
  g_queue_push_head(&h->undo, s);
  h->undo_bytes += bytes_of(s);
  /* The newest step always stays, however large. */
  while (h->undo_bytes > h->max_bytes && g_queue_get_length(&h->undo) > 1) {
    Step *old = g_queue_pop_tail(&h->undo);
    h->undo_bytes -= bytes_of(old);
    step_free(old);
  }
}

void kcv_kernel_history_remember(KcvKernelHistory *h, const kcv_kernel *current, const char *note,
                                 guint64 group)
{
  g_return_if_fail(h != NULL);
  if (!current || (group != 0 && group == h->last_group))
    return;
  h->last_group = group;
  Step *s = step_new(current, note);
  if (!s)
    return; /* out of memory: the change goes ahead without an undo step */
  push_undo(h, s);
  clear_queue(&h->redo);
}

kcv_kernel *kcv_kernel_history_undo(KcvKernelHistory *h, const kcv_kernel *current,
                                    const char *current_note, char **note)
{
  g_return_val_if_fail(h != NULL && current != NULL, NULL);
  Step *keep = g_queue_is_empty(&h->undo) ? NULL : step_new(current, current_note);
  if (!keep)
    return NULL;
  Step *back = g_queue_pop_head(&h->undo);
  h->undo_bytes -= bytes_of(back);
  g_queue_push_head(&h->redo, keep);
  h->last_group = 0;
  return step_take(back, note);
}

kcv_kernel *kcv_kernel_history_redo(KcvKernelHistory *h, const kcv_kernel *current,
                                    const char *current_note, char **note)
{
  g_return_val_if_fail(h != NULL && current != NULL, NULL);
  Step *keep = g_queue_is_empty(&h->redo) ? NULL : step_new(current, current_note);
  if (!keep)
    return NULL;
  push_undo(h, keep);
  h->last_group = 0;
  return step_take(g_queue_pop_head(&h->redo), note);
}

gboolean kcv_kernel_history_can_undo(const KcvKernelHistory *h)
{
  return h && h->undo.length > 0;
}

gboolean kcv_kernel_history_can_redo(const KcvKernelHistory *h)
{
  return h && h->redo.length > 0;
}
