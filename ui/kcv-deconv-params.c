/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the dialog's parameters as deconvolution options. */
#include "kcv-dialog.h"

void kcv_params_to_deconv_options(const KcvParams *params, int channels,
                                  kcv_deconv_options *options)
{
  g_return_if_fail(params != NULL && options != NULL);
  kcv_deconv_options_init(options);
  options->method = params->deconv_method;
  options->iterations = params->iterations;
  options->regularisation = params->regularisation;
  options->border = params->border;
  /* As the plug-in reads its channels argument: every channel ticked
   * (0) restores alpha too, a PSF having no zero-sum special case. */
  unsigned all = channels >= 1 && channels <= 4 ? (1u << channels) - 1u : 0u;
  unsigned core = kcv_channel_mask_from_colours(params->channel_mask, channels);
  options->channel_mask = core == all ? 0 : core;
}
