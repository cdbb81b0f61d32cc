/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: option defaults. */
#include "kcv.h"

#include <string.h>

void kcv_options_init(kcv_options *options)
{
  if (!options)
    return;
  memset(options, 0, sizeof *options);
  options->method = KCV_METHOD_AUTO;
  options->border = KCV_BORDER_CLAMP;
  options->divisor = 0.0;
  options->offset = 0.0;
  options->channel_mask = 0;
  options->threads = 0;
}
