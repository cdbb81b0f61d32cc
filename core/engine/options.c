/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: option defaults, the channel mask from colour bits, and options from a user's choices. */
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

kcv_status kcv_options_from_user(const kcv_user_args *args, const kcv_kernel *kernel, int channels,
                                 kcv_options *options)
{
  if (!args || !options)
    return KCV_ERR_NULL;
  kcv_options_init(options);
  options->method = args->method;
  options->border = args->border;
  options->flip = 0; /* applied as displayed, like GIMP's and GEGL's Convolution Matrix */
  options->divisor = args->divisor;
  options->offset = args->offset;
  options->alpha_weighting = args->alpha_weighting && (channels == 2 || channels == 4);
  if (channels < 1 || channels > 4)
    return KCV_ERR_CHANNELS;
  const unsigned all = (1u << channels) - 1u;
  const unsigned mask = args->colours == 0 ? kcv_kernel_default_channel_mask(kernel, channels)
                                           : kcv_channel_mask_from_colours(args->colours, channels);
  if (mask == 0)
    return KCV_ERR_CHANNEL_MASK;
  options->channel_mask = mask == all ? 0u : mask;
  return KCV_OK;
}

int kcv_options_convolved_channels(const kcv_options *options, int channels)
{
  if (!options || channels < 1 || channels > 4)
    return 0;
  const unsigned mask = options->channel_mask ? options->channel_mask : (1u << channels) - 1u;
  int n = 0;
  for (int c = 0; c < channels; c++)
    n += (mask >> c) & 1u;
  return n;
}
