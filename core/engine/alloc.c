/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: aligned allocation for every buffer the core owns. */
#include "kcv-private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *kcv__malloc(size_t bytes)
{
  void *p = NULL;
  if (bytes == 0)
    bytes = 1;
  if (bytes > SIZE_MAX - KCV__ALIGN)
    return NULL;
  /* Round up so the size is a multiple of the alignment, as aligned_alloc wants. */
  bytes = (bytes + KCV__ALIGN - 1) / KCV__ALIGN * KCV__ALIGN;
  if (posix_memalign(&p, KCV__ALIGN, bytes) != 0)
    return NULL;
  return p;
}

void *kcv__calloc(size_t n, size_t size)
{
  if (size != 0 && n > SIZE_MAX / size)
    return NULL;
  void *p = kcv__malloc(n * size);
  if (p)
    memset(p, 0, n * size);
  return p;
}

void kcv__free(void *p)
{
  free(p);
}
