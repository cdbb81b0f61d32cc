/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv benchmarks: the clock and the sort order the timing tools share. */
#ifndef KCV_BENCH_CLOCK_H
#define KCV_BENCH_CLOCK_H

#include <time.h>

/* Monotonic seconds. */
static inline double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* CPU seconds of the whole process (all its threads). */
static inline double cpu_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* qsort order of doubles (for medians). */
static inline int cmp(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

#endif
