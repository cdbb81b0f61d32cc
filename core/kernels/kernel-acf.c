/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: reader of Photoshop Custom filter files (.acf, 5x5 int16, big-endian). */
#include "kernel-io-private.h"

/* Layout: 25 weights (row by row), scale, offset; each a big-endian int16
 * (Photoshop's dialog limits weights to -999..999, scale to 1..9999,
 * offset to -9999..9999, but any int16 is read as is). */
#define ACF_SIDE 5
#define ACF_BYTES ((ACF_SIDE * ACF_SIDE + 2) * 2)

static int be16(const unsigned char *p)
{
  int v = (p[0] << 8) | p[1];
  return v >= 0x8000 ? v - 0x10000 : v;
}

kcv_status kcv__parse_acf(const char *data, size_t len, kcv_kernel_file *out, kcv_error *err)
{
  if (len == 0) {
    kcv__error_set(err, 0, 0, "the file is empty (a Photoshop .acf file has %d bytes)", ACF_BYTES);
    return KCV_ERR_PARSE;
  }
  if (len < ACF_BYTES) {
    kcv__error_set(err, 0, 0,
                   "the Photoshop .acf file is truncated: %zu bytes, %d expected "
                   "(25 weights, scale and offset, 2 bytes each)",
                   len, ACF_BYTES);
    return KCV_ERR_PARSE;
  }
  if (len > ACF_BYTES) {
    kcv__error_set(err, 0, 0,
                   "not a Photoshop .acf file: %zu bytes, a Custom filter has exactly %d", len,
                   ACF_BYTES);
    return KCV_ERR_FORMAT;
  }
  kcv_kernel *k = kcv_kernel_new(ACF_SIDE, ACF_SIDE);
  if (!k) {
    kcv__error_set(err, 0, 0, "out of memory");
    return KCV_ERR_NOMEM;
  }
  const unsigned char *p = (const unsigned char *)data;
  for (int i = 0; i < ACF_SIDE * ACF_SIDE; i++)
    k->data[i] = (float)be16(p + 2 * i);
  int scale = be16(p + 50);
  out->kernel = k;
  out->divisor = scale == 0 ? 1.0 : (double)scale; /* Photoshop treats 0 as 1 */
  out->offset = (double)be16(p + 52) / kcv_kernel_file_offset_unit(KCV_KERNEL_FORMAT_ACF);
  out->format = KCV_KERNEL_FORMAT_ACF;
  return KCV_OK;
}
