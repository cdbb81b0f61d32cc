/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv benchmarks: the test kernels the timing tools share. */
#ifndef KCV_BENCH_KERNEL_H
#define KCV_BENCH_KERNEL_H

#include "kcv.h"

/* A kw x kh kernel of one kind: "gaussian" (sigma a sixth of the side,
 * rank 1), "box" (rank 1), "disk" (the taps inside the ellipse through the
 * edge centres: rank about half the side, separable only when small),
 * "sparse" (the centre and the four corners), "random" (dense, full rank,
 * from seed). Sums to 1, except random (sums near 0). NULL for an unknown
 * kind or out of memory. */
kcv_kernel *kcv_bench_kernel(int kw, int kh, const char *kind, unsigned seed);

#endif
