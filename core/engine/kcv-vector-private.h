/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the GCC/clang vector types of the core's hand-vectorised loops. */
#ifndef KCV_VECTOR_PRIVATE_H
#define KCV_VECTOR_PRIVATE_H

#include <stdint.h>

/* Generic vectors, not intrinsics: one source compiles to each clone's ISA
 * (KCV__CLONES, KCV__BEGIN_AVX512), and a width wider than the target is
 * split by the compiler. Declared once so that every loop means the same
 * type by the same name. */
typedef float kcv__vf2 __attribute__((vector_size(2 * sizeof(float))));
typedef float kcv__vf4 __attribute__((vector_size(4 * sizeof(float))));
typedef float kcv__vf8 __attribute__((vector_size(8 * sizeof(float))));
typedef float kcv__vf16 __attribute__((vector_size(16 * sizeof(float))));
typedef double kcv__vd2 __attribute__((vector_size(2 * sizeof(double))));
typedef double kcv__vd4 __attribute__((vector_size(4 * sizeof(double))));
typedef double kcv__vd8 __attribute__((vector_size(8 * sizeof(double))));
/* Lane masks for the float vectors of the same width (comparisons give
 * these, and bitwise selects need them). */
typedef int32_t kcv__vi8 __attribute__((vector_size(8 * sizeof(int32_t))));

#endif
