/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the kernel type: allocation, checks, sum and automatic divisor. */
#include "kcv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

kcv_kernel *kcv_kernel_new(int width, int height)
{
  if (width < 1 || height < 1 || width > KCV_KERNEL_MAX || height > KCV_KERNEL_MAX)
    return NULL;
  kcv_kernel *k = malloc(sizeof *k);
  if (!k)
    return NULL;
  k->width = width;
  k->height = height;
  k->data = calloc((size_t)width * height, sizeof(float));
  if (!k->data) {
    free(k);
    return NULL;
  }
  return k;
}

kcv_kernel *kcv_kernel_new_from_data(int width, int height, const float *data)
{
  if (!data)
    return NULL;
  kcv_kernel *k = kcv_kernel_new(width, height);
  if (k)
    memcpy(k->data, data, (size_t)width * height * sizeof(float));
  return k;
}

kcv_kernel *kcv_kernel_copy(const kcv_kernel *kernel)
{
  if (!kernel)
    return NULL;
  return kcv_kernel_new_from_data(kernel->width, kernel->height, kernel->data);
}

void kcv_kernel_free(kcv_kernel *kernel)
{
  if (!kernel)
    return;
  free(kernel->data);
  free(kernel);
}

kcv_status kcv_kernel_check(const kcv_kernel *kernel)
{
  if (!kernel || !kernel->data)
    return KCV_ERR_NULL;
  if (kernel->width < 1 || kernel->height < 1 || kernel->width > KCV_KERNEL_MAX ||
      kernel->height > KCV_KERNEL_MAX)
    return KCV_ERR_KERNEL_SIZE;
  size_t n = (size_t)kernel->width * kernel->height;
  for (size_t i = 0; i < n; i++)
    if (!isfinite(kernel->data[i]))
      return KCV_ERR_KERNEL_VALUE;
  return KCV_OK;
}

double kcv_kernel_sum(const kcv_kernel *kernel)
{
  if (!kernel || !kernel->data)
    return 0.0;
  size_t n = (size_t)kernel->width * kernel->height;
  double s = 0.0;
  for (size_t i = 0; i < n; i++)
    s += kernel->data[i];
  return s;
}

static int zero_sum(const kcv_kernel *kernel, double *sum)
{
  size_t n = (size_t)kernel->width * kernel->height;
  double s = 0.0, a = 0.0;
  for (size_t i = 0; i < n; i++) {
    s += kernel->data[i];
    a += fabs(kernel->data[i]);
  }
  *sum = s;
  /* A zero-sum kernel (edge, Laplacian) is rarely exactly zero once its
   * weights went through float: treat sums within rounding of zero as zero. */
  return fabs(s) <= 1e-6 * a || s == 0.0;
}

double kcv_kernel_auto_divisor(const kcv_kernel *kernel)
{
  double s;
  if (!kernel || !kernel->data || zero_sum(kernel, &s))
    return 1.0;
  return s;
}

int kcv_kernel_is_zero_sum(const kcv_kernel *kernel)
{
  double s;
  return kernel && kernel->data && zero_sum(kernel, &s);
}

unsigned kcv_kernel_default_channel_mask(const kcv_kernel *kernel, int channels)
{
  if (channels < 1 || channels > 4)
    return 0;
  unsigned all = (1u << channels) - 1u;
  if ((channels == 2 || channels == 4) && kcv_kernel_is_zero_sum(kernel))
    return all & ~(1u << (channels - 1));
  return all;
}
