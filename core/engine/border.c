/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: border modes, and filling a padded single-channel tile from an
 * interleaved image. Every method reads only such tiles, so every method
 * sees the same border. */
#include "kcv-private.h"
#include "kcv-vector-private.h"

#include <stdint.h>
#include <string.h>

int kcv_border_index(int i, int n, kcv_border border)
{
  if (i >= 0 && i < n)
    return i;
  switch (border) {
  case KCV_BORDER_CLAMP:
    return i < 0 ? 0 : n - 1;
  case KCV_BORDER_WRAP: {
    int m = i % n;
    return m < 0 ? m + n : m;
  }
  case KCV_BORDER_MIRROR: {
    /* Symmetric extension has period 2n: cba|abc|cba. Works at any distance,
     * so kernels larger than the image are fine. */
    long p = 2L * n;
    long m = i % p;
    if (m < 0)
      m += p;
    return (int)(m < n ? m : p - 1 - m);
  }
  case KCV_BORDER_TRANSPARENT:
  default:
    return -1;
  }
}

/* Row y of src extended by the border; NULL where the border gives zeros. */
static const float *source_row(const kcv_image *src, int y, kcv_border border)
{
  const int sy = kcv_border_index(y, src->height, border);
  return sy < 0 ? NULL : src->data + (ptrdiff_t)sy * src->stride;
}

/* The padded tile's columns x0 .. x0 + pw - 1: those inside the image form
 * one run [in0, in1) of tile columns, copied as a block; xmap gives every
 * column's first float in a source row (-1: transparent, outside). */
static void map_columns(const kcv_image *src, int x0, int pw, kcv_border border, int *xmap,
                        int *in0, int *in1)
{
  int a = x0 < 0 ? -x0 : 0;
  int b = src->width - x0;
  if (b > pw)
    b = pw;
  if (a > pw)
    a = pw;
  if (b < a)
    b = a;
  for (int x = 0; x < pw; x++) {
    int sx = kcv_border_index(x0 + x, src->width, border);
    xmap[x] = sx < 0 ? -1 : sx * src->channels;
  }
  *in0 = a;
  *in1 = b;
}

void kcv__fill_padded(const kcv_image *src, int c, int premultiply_c, int x0, int y0, int pw,
                      int ph, kcv_border border, float *dst, ptrdiff_t dst_stride, int *xmap)
{
  const int C = src->channels;
  int in0, in1;
  map_columns(src, x0, pw, border, xmap, &in0, &in1);
  for (int y = 0; y < ph; y++) {
    float *restrict d = dst + (ptrdiff_t)y * dst_stride;
    const float *restrict row = source_row(src, y0 + y, border);
    if (!row) {
      memset(d, 0, (size_t)pw * sizeof(float));
      continue;
    }
    const float *restrict s = row + (ptrdiff_t)(x0 + in0) * C + c;
    if (premultiply_c < 0) {
      for (int x = 0; x < in0; x++)
        d[x] = xmap[x] < 0 ? 0.0f : row[xmap[x] + c];
      if (C == 1)
        memcpy(d + in0, s, (size_t)(in1 - in0) * sizeof(float));
      else
        for (int x = in0; x < in1; x++)
          d[x] = s[(ptrdiff_t)(x - in0) * C];
      for (int x = in1; x < pw; x++)
        d[x] = xmap[x] < 0 ? 0.0f : row[xmap[x] + c];
    } else {
      const int a = premultiply_c;
      for (int x = 0; x < pw; x++)
        d[x] = xmap[x] < 0 ? 0.0f : row[xmap[x] + c] * row[xmap[x] + a];
    }
  }
}

/* Columns [x0, x1) of an interleaved padded row, colours premultiplied by
 * alpha channel a, as kcv__fill_padded does it, value by value. */
static void premultiply_row(const float *restrict row, const int *restrict xmap, int C, int a,
                            int x0, int x1, float *restrict d)
{
  for (int x = x0; x < x1; x++)
    for (int c = 0; c < C; c++)
      d[x * C + c] = xmap[x] < 0 ? 0.0f
                     : c == a    ? row[xmap[x] + c]
                                 : row[xmap[x] + c] * row[xmap[x] + a];
}

/* The same for n pixels of RGBA read in a run (the columns inside the
 * image), two pixels to a vector: the same products, so the same bits, and
 * alpha copied. The compiler's vectorisation of the per-sample loop spent
 * 16 instructions a pixel, the most of an identity call's fill
 * (bench/gimp-callgrind.sh identity). */
KCV__CLONES
static void premultiply_rgba(const float *restrict s, int n, float *restrict d)
{
  const kcv__vi8 colour = {-1, -1, -1, 0, -1, -1, -1, 0};
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    kcv__vf8 v;
    memcpy(&v, s + 4 * i, sizeof v);
    const kcv__vi8 p = (kcv__vi8)(v * __builtin_shufflevector(v, v, 3, 3, 3, 3, 7, 7, 7, 7));
    const kcv__vi8 out = (p & colour) | ((kcv__vi8)v & ~colour);
    memcpy(d + 4 * i, &out, sizeof out);
  }
  for (; i < n; i++) {
    const float a = s[4 * i + 3];
    d[4 * i + 0] = s[4 * i + 0] * a;
    d[4 * i + 1] = s[4 * i + 1] * a;
    d[4 * i + 2] = s[4 * i + 2] * a;
    d[4 * i + 3] = a;
  }
}

void kcv__fill_padded_interleaved(const kcv_image *src, int x0, int y0, int pw, int ph,
                                  kcv_border border, int premultiply_c, float *dst,
                                  ptrdiff_t dst_stride, int *xmap)
{
  const int C = src->channels;
  int in0, in1;
  map_columns(src, x0, pw, border, xmap, &in0, &in1);
  for (int y = 0; y < ph; y++) {
    float *restrict d = dst + (ptrdiff_t)y * dst_stride;
    const float *restrict row = source_row(src, y0 + y, border);
    if (!row) {
      memset(d, 0, (size_t)pw * C * sizeof(float));
      continue;
    }
    if (premultiply_c >= 0) {
      premultiply_row(row, xmap, C, premultiply_c, 0, in0, d);
      if (C == 4 && premultiply_c == 3)
        premultiply_rgba(row + (ptrdiff_t)(x0 + in0) * 4, in1 - in0, d + (ptrdiff_t)in0 * 4);
      else
        premultiply_row(row, xmap, C, premultiply_c, in0, in1, d);
      premultiply_row(row, xmap, C, premultiply_c, in1, pw, d);
      continue;
    }
    for (int x = 0; x < in0; x++)
      for (int c = 0; c < C; c++)
        d[x * C + c] = xmap[x] < 0 ? 0.0f : row[xmap[x] + c];
    if (in1 > in0)
      memcpy(d + (ptrdiff_t)in0 * C, row + (ptrdiff_t)(x0 + in0) * C,
             (size_t)(in1 - in0) * C * sizeof(float));
    for (int x = in1; x < pw; x++)
      for (int c = 0; c < C; c++)
        d[x * C + c] = xmap[x] < 0 ? 0.0f : row[xmap[x] + c];
  }
}

/* Columns [x0, x1) of a padded row into planes, colours premultiplied by
 * alpha channel a, as kcv__fill_padded does it, value by value. */
static void premultiply_planes(const float *restrict row, const int *restrict xmap, int C, int a,
                               int x0, int x1, float *const *planes)
{
  for (int c = 0; c < C; c++) {
    float *restrict d = planes[c];
    for (int x = x0; x < x1; x++)
      d[x] = xmap[x] < 0 ? 0.0f : c == a ? row[xmap[x] + c] : row[xmap[x] + c] * row[xmap[x] + a];
  }
}

/* The same for RGBA pixels read in a run (s: the pixel of column x0),
 * split into the planes' columns [x0, x1) in one pass: the same products. */
static void premultiply_split_rgba(const float *restrict s, int x0, int x1, float *const *planes)
{
  float *restrict p0 = planes[0] + x0, *restrict p1 = planes[1] + x0;
  float *restrict p2 = planes[2] + x0, *restrict p3 = planes[3] + x0;
  for (int i = 0; i < x1 - x0; i++) {
    const float a = s[4 * i + 3];
    p0[i] = s[4 * i + 0] * a;
    p1[i] = s[4 * i + 1] * a;
    p2[i] = s[4 * i + 2] * a;
    p3[i] = a;
  }
}

void kcv__fill_padded_planes(const kcv_image *src, int x0, int y0, int pw, int ph,
                             kcv_border border, int premultiply_c, float *const *planes,
                             ptrdiff_t plane_stride, int *xmap)
{
  const int C = src->channels;
  int in0, in1;
  map_columns(src, x0, pw, border, xmap, &in0, &in1);
  for (int y = 0; y < ph; y++) {
    float *row_out[4];
    for (int c = 0; c < C; c++)
      row_out[c] = planes[c] + (ptrdiff_t)y * plane_stride;
    const float *restrict row = source_row(src, y0 + y, border);
    if (!row) {
      for (int c = 0; c < C; c++)
        memset(row_out[c], 0, (size_t)pw * sizeof(float));
      continue;
    }
    if (premultiply_c >= 0) {
      const int a = premultiply_c;
      if (C == 4 && a == 3) {
        premultiply_planes(row, xmap, C, a, 0, in0, row_out);
        premultiply_split_rgba(row + (ptrdiff_t)(x0 + in0) * 4, in0, in1, row_out);
        premultiply_planes(row, xmap, C, a, in1, pw, row_out);
      } else {
        premultiply_planes(row, xmap, C, a, 0, pw, row_out);
      }
      continue;
    }
    for (int c = 0; c < C; c++) {
      float *restrict d = row_out[c];
      for (int x = 0; x < in0; x++)
        d[x] = xmap[x] < 0 ? 0.0f : row[xmap[x] + c];
      for (int x = in1; x < pw; x++)
        d[x] = xmap[x] < 0 ? 0.0f : row[xmap[x] + c];
    }
    if (in1 > in0) {
      float *mid[4];
      for (int c = 0; c < C; c++)
        mid[c] = row_out[c] + in0;
      kcv__split_pixels(row + (ptrdiff_t)(x0 + in0) * C, C, in1 - in0, mid);
    }
  }
}
