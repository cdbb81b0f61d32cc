/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: a kernel's non-zero taps (what the direct and im2col methods walk). */
#include "kcv-private.h"

#include <stdlib.h>

void kcv__taps_clear(kcv__taps *t)
{
  free(t->i);
  free(t->j);
  free(t->w);
  *t = (kcv__taps){0};
}

kcv_status kcv__taps_init(kcv__taps *t, const kcv__kernel_info *k)
{
  const size_t n = (size_t)k->kw * k->kh;
  *t = (kcv__taps){0};
  t->i = malloc(n * sizeof(int));
  t->j = malloc(n * sizeof(int));
  t->w = malloc(n * sizeof(float));
  if (!t->i || !t->j || !t->w) {
    kcv__taps_clear(t);
    return KCV_ERR_NOMEM;
  }
  for (int j = 0; j < k->kh; j++)
    for (int i = 0; i < k->kw; i++) {
      const float w = k->k[(size_t)j * k->kw + i];
      if (w != 0.0f) {
        t->i[t->n] = i;
        t->j[t->n] = j;
        t->w[t->n] = w;
        t->n++;
      }
    }
  return KCV_OK;
}
