/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: status codes, their names and messages; method names. */
#include "kcv.h"

static const struct {
  const char *name;
  const char *message;
} statuses[KCV_STATUS_COUNT] = {
    [KCV_OK] = {"KCV_OK", "success"},
    [KCV_ERR_NULL] = {"KCV_ERR_NULL", "a required argument is NULL"},
    [KCV_ERR_IMAGE_SIZE] = {"KCV_ERR_IMAGE_SIZE", "image width and height must be at least 1"},
    [KCV_ERR_CHANNELS] = {"KCV_ERR_CHANNELS", "images must have 1 to 4 channels"},
    [KCV_ERR_STRIDE] = {"KCV_ERR_STRIDE", "the row stride is smaller than width times channels"},
    [KCV_ERR_KERNEL_SIZE] = {"KCV_ERR_KERNEL_SIZE",
                             "kernel width and height must be between 1 and 1025"},
    [KCV_ERR_KERNEL_VALUE] = {"KCV_ERR_KERNEL_VALUE",
                              "a kernel weight is not a finite number (NaN or infinity)"},
    [KCV_ERR_DIVISOR] = {"KCV_ERR_DIVISOR", "the divisor is not finite, or so close to zero "
                                            "that the result would overflow"},
    [KCV_ERR_OFFSET] = {"KCV_ERR_OFFSET", "the offset is not finite or is beyond float range"},
    [KCV_ERR_BORDER] = {"KCV_ERR_BORDER",
                        "unknown border mode (0 clamp, 1 wrap, 2 mirror, 3 transparent)"},
    [KCV_ERR_METHOD] = {"KCV_ERR_METHOD", "unknown method, or the method cannot serve this "
                                          "kernel (separable needs a low-rank kernel)"},
    [KCV_ERR_CHANNEL_MASK] = {"KCV_ERR_CHANNEL_MASK",
                              "the channel mask selects channels the image does not have"},
    [KCV_ERR_RECT] = {"KCV_ERR_RECT",
                      "the output rectangle is empty or lies outside the source image"},
    [KCV_ERR_OUTPUT_SIZE] = {"KCV_ERR_OUTPUT_SIZE",
                             "the output image does not match the requested rectangle"},
    [KCV_ERR_THREADS] = {"KCV_ERR_THREADS", "the thread count must be 0 (all cores) or more"},
    [KCV_ERR_NOMEM] = {"KCV_ERR_NOMEM", "out of memory"},
    [KCV_ERR_FFTW] = {"KCV_ERR_FFTW", "FFTW could not make a plan"},
    [KCV_ERR_CANCELLED] = {"KCV_ERR_CANCELLED", "cancelled"},
    [KCV_ERR_IO] = {"KCV_ERR_IO", "a file could not be read or written"},
    [KCV_ERR_PARSE] = {"KCV_ERR_PARSE", "the kernel text is malformed"},
    [KCV_ERR_FORMAT] = {"KCV_ERR_FORMAT", "unknown or unsupported kernel file format"},
    [KCV_ERR_PARAMETER] = {"KCV_ERR_PARAMETER",
                           "unknown deconvolution method, iterations not in 1..1000, or "
                           "regularisation negative or not finite"},
};

const char *kcv_status_message(kcv_status status)
{
  if ((unsigned)status >= KCV_STATUS_COUNT)
    return "unknown status";
  return statuses[status].message;
}

const char *kcv_status_name(kcv_status status)
{
  if ((unsigned)status >= KCV_STATUS_COUNT)
    return "KCV_UNKNOWN";
  return statuses[status].name;
}

const char *kcv_method_label(kcv_method method)
{
  switch (method) {
  case KCV_METHOD_DIRECT:
    return KCV_N_("direct");
  case KCV_METHOD_FFT:
    return KCV_N_("FFT");
  case KCV_METHOD_SEPARABLE:
    return KCV_N_("separable");
  case KCV_METHOD_IM2COL:
    return KCV_N_("im2col");
  case KCV_METHOD_AUTO:
  default:
    return KCV_N_("auto");
  }
}

const char *kcv_method_name(kcv_method method)
{
  static const char *const names[KCV_METHOD_COUNT] = {
      [KCV_METHOD_AUTO] = "auto",     [KCV_METHOD_DIRECT] = "direct",
      [KCV_METHOD_FFT] = "fft",       [KCV_METHOD_SEPARABLE] = "separable",
      [KCV_METHOD_IM2COL] = "im2col",
  };
  if ((unsigned)method >= KCV_METHOD_COUNT)
    return NULL;
  return names[method];
}
