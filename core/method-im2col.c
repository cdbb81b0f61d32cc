/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the im2col method (placeholder until implemented: refuses every kernel). */
#include "kcv-private.h"

static kcv_status prepare(const kcv__kernel_info *kernel, void **state)
{
  (void)kernel;
  *state = NULL;
  return KCV_ERR_METHOD;
}

const kcv__method kcv__method_im2col = {
    .id = KCV_METHOD_IM2COL,
    .name = "im2col",
    .prepare = prepare,
};
