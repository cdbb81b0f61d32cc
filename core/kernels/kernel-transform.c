/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: transforms on kernels (normalise, flip, rotate, transpose, scale, resize). */
#include "kcv-presets.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

static int usable(const kcv_kernel *k)
{
  return k && k->data && k->width >= 1 && k->height >= 1 && k->width <= KCV_KERNEL_MAX &&
         k->height <= KCV_KERNEL_MAX;
}

kcv_kernel *kcv_kernel_normalized(const kcv_kernel *kernel)
{
  if (!usable(kernel))
    return NULL;
  size_t n = (size_t)kernel->width * (size_t)kernel->height;
  double sum = 0, abs_sum = 0;
  for (size_t i = 0; i < n; i++) {
    sum += kernel->data[i];
    abs_sum += fabs(kernel->data[i]);
  }
  kcv_kernel *out = kcv_kernel_new(kernel->width, kernel->height);
  if (!out)
    return NULL;
  /* Same zero test as kcv_kernel_auto_divisor: a zero-sum kernel (edge
   * detectors) has nothing to normalise to. */
  int zero = !(fabs(sum) > 1e-6 * abs_sum) || !isfinite(sum);
  for (size_t i = 0; i < n; i++)
    out->data[i] = zero ? kernel->data[i] : (float)(kernel->data[i] / sum);
  return out;
}

kcv_kernel *kcv_kernel_flipped(const kcv_kernel *kernel, int horizontal, int vertical)
{
  if (!usable(kernel))
    return NULL;
  const int w = kernel->width, h = kernel->height;
  kcv_kernel *out = kcv_kernel_new(w, h);
  if (!out)
    return NULL;
  for (int y = 0; y < h; y++) {
    int sy = vertical ? h - 1 - y : y;
    for (int x = 0; x < w; x++) {
      int sx = horizontal ? w - 1 - x : x;
      out->data[(size_t)y * w + x] = kernel->data[(size_t)sy * w + sx];
    }
  }
  return out;
}

kcv_kernel *kcv_kernel_transposed(const kcv_kernel *kernel)
{
  if (!usable(kernel))
    return NULL;
  const int w = kernel->width, h = kernel->height;
  kcv_kernel *out = kcv_kernel_new(h, w);
  if (!out)
    return NULL;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      out->data[(size_t)x * h + y] = kernel->data[(size_t)y * w + x];
  return out;
}

kcv_kernel *kcv_kernel_rotated90(const kcv_kernel *kernel, int quarter_turns_clockwise)
{
  if (!usable(kernel))
    return NULL;
  int q = ((quarter_turns_clockwise % 4) + 4) % 4;
  const int w = kernel->width, h = kernel->height;
  if (q == 0)
    return kcv_kernel_flipped(kernel, 0, 0);
  if (q == 2)
    return kcv_kernel_flipped(kernel, 1, 1);
  /* Clockwise: out is h wide, w high; out(x', y') = in(y', h-1-x').
   * Counterclockwise: out(x', y') = in(w-1-y', x'). */
  kcv_kernel *out = kcv_kernel_new(h, w);
  if (!out)
    return NULL;
  for (int yo = 0; yo < w; yo++)
    for (int xo = 0; xo < h; xo++) {
      int sx = q == 1 ? yo : w - 1 - yo;
      int sy = q == 1 ? h - 1 - xo : xo;
      out->data[(size_t)yo * h + xo] = kernel->data[(size_t)sy * w + sx];
    }
  return out;
}

kcv_kernel *kcv_kernel_scaled(const kcv_kernel *kernel, double factor)
{
  if (!usable(kernel) || !isfinite(factor))
    return NULL;
  size_t n = (size_t)kernel->width * (size_t)kernel->height;
  kcv_kernel *out = kcv_kernel_new(kernel->width, kernel->height);
  if (!out)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    float v = (float)(kernel->data[i] * factor);
    if (!isfinite(v) && isfinite(kernel->data[i])) { /* overflowed a float */
      kcv_kernel_free(out);
      return NULL;
    }
    out->data[i] = v;
  }
  return out;
}

kcv_kernel *kcv_kernel_resized(const kcv_kernel *kernel, int width, int height)
{
  if (!usable(kernel) || width < 1 || height < 1 || width > KCV_KERNEL_MAX ||
      height > KCV_KERNEL_MAX)
    return NULL;
  kcv_kernel *out = kcv_kernel_new(width, height);
  if (!out)
    return NULL;
  /* The anchor of a side n is (n - 1) / 2, as the convolution places it
   * (the centre for odd n); keeping anchors on one another keeps the
   * kernel's effect centred where it was. */
  const int dx = (width - 1) / 2 - (kernel->width - 1) / 2;
  const int dy = (height - 1) / 2 - (kernel->height - 1) / 2;
  for (int y = 0; y < height; y++) {
    int sy = y - dy;
    if (sy < 0 || sy >= kernel->height)
      continue;
    for (int x = 0; x < width; x++) {
      int sx = x - dx;
      if (sx < 0 || sx >= kernel->width)
        continue;
      out->data[(size_t)y * width + x] = kernel->data[(size_t)sy * kernel->width + sx];
    }
  }
  return out;
}
