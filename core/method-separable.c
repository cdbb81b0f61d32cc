/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the separable method (placeholder until implemented: refuses every kernel). */
#include "kcv-private.h"

static kcv_status prepare(const kcv__kernel_info *kernel, void **state)
{
  (void)kernel;
  *state = NULL;
  return KCV_ERR_METHOD;
}

const kcv__method kcv__method_separable = {
    .id = KCV_METHOD_SEPARABLE,
    .name = "separable",
    .prepare = prepare,
};
