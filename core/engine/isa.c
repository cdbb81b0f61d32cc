/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: which vector build of the direct and separable blocks runs: the best
 * the CPU has, or a lesser one when KCV_ISA asks (sse2, avx2), so one
 * machine can time and test the builds other machines run. */
#include "kcv-private.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static int detect(void)
{
#ifdef KCV__X86_DISPATCH
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f"))
    return KCV__ISA_AVX512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return KCV__ISA_AVX2;
#endif
  return KCV__ISA_PORTABLE;
}

static atomic_int isa_cap = KCV__ISA_AVX512;

void kcv__isa_cap(int level)
{
  atomic_store(&isa_cap, level);
}

static int machine_level(void)
{
  /* Read once; two threads racing here store the same value. */
  static atomic_int cached = -1;
  int level = atomic_load(&cached);
  if (level >= 0)
    return level;
  level = detect();
  const char *cap = getenv("KCV_ISA");
  if (cap && (strcmp(cap, "sse2") == 0 || strcmp(cap, "portable") == 0))
    level = KCV__ISA_PORTABLE;
  else if (cap && strcmp(cap, "avx2") == 0 && level > KCV__ISA_AVX2)
    level = KCV__ISA_AVX2;
  atomic_store(&cached, level);
  return level;
}

int kcv__isa_level(void)
{
  const int level = machine_level(), c = atomic_load(&isa_cap);
  return level < c ? level : c;
}
