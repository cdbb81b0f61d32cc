/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: aligned allocation for every buffer the core owns. */
#include "kcv-private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <malloc.h> /* _aligned_malloc: Windows' C library has no aligned_alloc */
#endif

void *kcv__malloc(size_t bytes)
{
  void *p;
  if (bytes == 0)
    bytes = 1;
  if (bytes > SIZE_MAX - KCV__ALIGN)
    return NULL;
  /* Round up so the size is a multiple of the alignment, as aligned_alloc wants. */
  bytes = (bytes + KCV__ALIGN - 1) / KCV__ALIGN * KCV__ALIGN;
#ifdef _WIN32
  p = _aligned_malloc(bytes, KCV__ALIGN);
#else
  p = aligned_alloc(KCV__ALIGN, bytes); /* C11 */
#endif
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
#ifdef _WIN32
  _aligned_free(p);
#else
  free(p);
#endif
}
