/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the fft method (placeholder until implemented: refuses every kernel). */
#include "kcv-private.h"

static kcv_status prepare(const kcv__kernel_info *kernel, void **state)
{
  (void)kernel;
  *state = NULL;
  return KCV_ERR_METHOD;
}

const kcv__method kcv__method_fft = {
    .id = KCV_METHOD_FFT,
    .name = "fft",
    .prepare = prepare,
};
