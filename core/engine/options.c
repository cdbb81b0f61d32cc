/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: option defaults and the channel mask from colour bits. */
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

unsigned kcv_channel_mask_from_colours(unsigned colours, int channels)
{
  if (channels < 1 || channels > 4)
    return 0u;
  if (colours == 0)
    return (1u << channels) - 1u;
  switch (channels) {
  case 1:
    return colours & KCV_COLOUR_RED;
  case 2: /* grey, alpha */
    return (colours & KCV_COLOUR_RED) | (colours & KCV_COLOUR_ALPHA ? 2u : 0u);
  case 3:
    return colours & 7u;
  default:
    return colours & 15u;
  }
}
