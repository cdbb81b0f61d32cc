/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the kernel a picture of a point of light gives (a painted bokeh, a measured PSF). */
#include "kcv-presets.h"

#include <math.h>
#include <stddef.h>

/* The picture's weights: a value, times its alpha when there is one (a shape
 * painted on a transparent layer is the kernel, not its invisible colour);
 * non-finite values count as 0. FALSE when every weight is 0. */
static int picture_weights(const float *pixels, int components, kcv_kernel *kernel)
{
  const size_t n = (size_t)kernel->width * (size_t)kernel->height;
  double sum = 0.0;
  for (size_t i = 0; i < n; i++) {
    float v = components == 2 ? pixels[2 * i] * pixels[2 * i + 1] : pixels[i];
    kernel->data[i] = isfinite(v) ? v : 0.0f;
    sum += kernel->data[i];
  }
  return sum != 0.0;
}

kcv_status kcv_kernel_from_picture(const float *pixels, int width, int height, int components,
                                   int normalise, kcv_kernel **kernel)
{
  if (!kernel)
    return KCV_ERR_NULL;
  *kernel = NULL;
  if (!pixels || (components != 1 && components != 2))
    return KCV_ERR_NULL;
  if (width < 1 || height < 1 || width > KCV_KERNEL_MAX || height > KCV_KERNEL_MAX)
    return KCV_ERR_KERNEL_SIZE;
  kcv_kernel *k = kcv_kernel_new(width, height);
  if (!k)
    return KCV_ERR_NOMEM;
  if (!picture_weights(pixels, components, k)) {
    kcv_kernel_free(k);
    return KCV_ERR_KERNEL_VALUE;
  }
  /* Normalised before the turn, so the sum runs in the picture's order. */
  kcv_kernel *scaled = normalise ? kcv_kernel_normalized(k) : k;
  /* A picture is applied as true convolution: the correlating core needs it
   * turned by 180 degrees. */
  kcv_kernel *turned = scaled ? kcv_kernel_flipped(scaled, 1, 1) : NULL;
  if (scaled != k)
    kcv_kernel_free(scaled);
  kcv_kernel_free(k);
  *kernel = turned;
  return turned ? KCV_OK : KCV_ERR_NOMEM;
}
