/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv-bench --auto-sweep: AUTO's pick against the fastest method, per build. */
#ifndef KCV_BENCH_AUTO_SWEEP_H
#define KCV_BENCH_AUTO_SWEEP_H

/* argv[1] is "--auto-sweep"; prints the table, returns the exit status. */
int kcv_bench_auto_sweep(int argc, char **argv);

#endif
