/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the dialog's parameter struct (defaults, copies, core options). */
#include "kcv-dialog.h"

void kcv_params_init_default(KcvParams *params)
{
  g_return_if_fail(params != NULL);
  memset(params, 0, sizeof *params);
  params->kernel = kcv_kernel_new(3, 3);
  if (params->kernel)
    params->kernel->data[4] = 1.0f;
  params->divisor = 0.0;
  params->offset = 0.0;
  params->border = KCV_BORDER_CLAMP;
  params->method = KCV_METHOD_AUTO;
  params->channel_mask = 0;
  params->alpha_weighting = TRUE;
  params->linear = FALSE;
  params->mode = KCV_MODE_CONVOLVE;
  params->deconv_method = KCV_DECONV_WIENER;
  params->iterations = KCV_PARAMS_DECONV_ITERATIONS;
  params->regularisation = KCV_PARAMS_DECONV_REG;
}

/* dst is overwritten, not freed: callers pass a fresh struct or clear it first. */
void kcv_params_copy(KcvParams *dst, const KcvParams *src)
{
  g_return_if_fail(dst != NULL && src != NULL);
  if (dst == src)
    return;
  *dst = *src;
  dst->kernel = src->kernel ? kcv_kernel_copy(src->kernel) : NULL;
}

void kcv_params_clear(KcvParams *params)
{
  if (!params)
    return;
  kcv_kernel_free(params->kernel);
  params->kernel = NULL;
}

void kcv_params_to_options(const KcvParams *params, int channels, kcv_options *options)
{
  g_return_if_fail(params != NULL && options != NULL);
  const kcv_user_args args = {.method = params->method,
                              .border = params->border,
                              .divisor = params->divisor,
                              .offset = params->offset,
                              .colours = params->channel_mask,
                              .alpha_weighting = params->alpha_weighting};
  /* As in every host. A selection of nothing leaves channel_mask 0: the
   * preview asks kcv_params_selects_nothing and says so instead. */
  kcv_status status = kcv_options_from_user(&args, params->kernel, channels, options);
  (void)status;
}

gboolean kcv_params_selects_nothing(const KcvParams *params, int channels)
{
  g_return_val_if_fail(params != NULL, TRUE);
  return params->channel_mask != 0 &&
         kcv_channel_mask_from_colours(params->channel_mask, channels) == 0;
}
