/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: planes of megabytes, mapped as transparent huge pages where Linux
 * offers them, so that first touching a fresh plane costs one page fault
 * per 2 MB instead of one per 4 KB (a deconvolution's planes are made and
 * freed on every call, and those faults were a tenth of its CPU time).
 * Elsewhere, or for small sizes, kcv__malloc. */
#include "kcv-private.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

/* madvise, MAP_ANONYMOUS and MADV_HUGEPAGE need _DEFAULT_SOURCE, which the
 * meson build gives on Linux; a plain C11 build uses kcv__malloc. So does
 * an AddressSanitizer build, which guards malloc's blocks and not mappings. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KCV__ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define KCV__ASAN 1
#endif
#if defined(__linux__) && defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE) && !defined(KCV__ASAN)
#define HUGE_PAGES 1
/* The x86-64 and arm64 (4 KB pages) huge page; on other page sizes the
 * alignment is merely larger than needed. */
#define HUGE_SIZE ((size_t)2 << 20)

static size_t mapped_length(size_t bytes)
{
  const long page = sysconf(_SC_PAGESIZE);
  const size_t p = page > 0 ? (size_t)page : 4096;
  return (bytes + p - 1) / p * p;
}

/* KCV_ALLOC_PLAIN=1 keeps every plane on kcv__malloc. A fresh mapping
 * reads as zeros, which valgrind's memcheck counts as written, so a plane
 * read before it is filled would pass unseen; malloc's blocks it tracks
 * (scripts/test-extra.sh sets this for its valgrind run). Read once, so an
 * allocation and its free always agree; two threads racing here store the
 * same value. */
static int plain_only(void)
{
  static atomic_int cached = -1;
  int plain = atomic_load(&cached);
  if (plain < 0) {
    const char *v = getenv("KCV_ALLOC_PLAIN");
    plain = v && *v && strcmp(v, "0") != 0;
    atomic_store(&cached, plain);
  }
  return plain;
}
#endif

void *kcv__malloc_large(size_t bytes)
{
#ifdef HUGE_PAGES
  if (bytes >= HUGE_SIZE && !plain_only()) {
    if (bytes > SIZE_MAX / 2)
      return NULL;
    const size_t len = mapped_length(bytes), map = len + HUGE_SIZE;
    char *p = mmap(NULL, map, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      return NULL;
    /* Keep a huge-page-aligned len bytes of the mapping, unmap the rest. */
    char *a = p + ((HUGE_SIZE - (uintptr_t)p % HUGE_SIZE) % HUGE_SIZE);
    if (a > p)
      munmap(p, (size_t)(a - p));
    if (p + map > a + len)
      munmap(a + len, (size_t)(p + map - (a + len)));
    (void)madvise(a, len, MADV_HUGEPAGE); /* advice: small pages if refused */
    return a;
  }
#endif
  return kcv__malloc(bytes);
}

void kcv__free_large(void *p, size_t bytes)
{
  (void)bytes; /* only a mapping needs it */
  if (!p)
    return;
#ifdef HUGE_PAGES
  if (bytes >= HUGE_SIZE && !plain_only()) {
    munmap(p, mapped_length(bytes));
    return;
  }
#endif
  kcv__free(p);
}
