/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: the naive float64 reference and image comparison helpers. */
#ifndef KCV_TEST_H
#define KCV_TEST_H

#include <glib.h>

#include "kcv.h"

/* A test image owning its pixels (stride may exceed width * channels). */
typedef struct {
  kcv_image view;
  float *alloc;
} KcvTestImage;

KcvTestImage *kcv_test_image_new(int width, int height, int channels, int extra_stride);
/* Uniform values in [lo, hi) from a GRand seeded with seed. */
KcvTestImage *kcv_test_image_random(int width, int height, int channels, int extra_stride,
                                    guint32 seed, float lo, float hi);
void kcv_test_image_free(KcvTestImage *image);

/* Random kernel, weights uniform in [-1, 1). */
kcv_kernel *kcv_test_kernel_random(int width, int height, guint32 seed);
/* A side x side disk of ones (radius side / 2 around the centre), zeros outside. */
kcv_kernel *kcv_test_kernel_disk(int side);
/* Asserts a and b are non-NULL kernels of one size with equal weights. */
void kcv_test_assert_kernel_equal(const kcv_kernel *a, const kcv_kernel *b);

/* TRUE when KCV_TEST_SMALL is set (scripts/test-extra.sh sets it for the
 * ThreadSanitizer and valgrind runs): long tests then use smaller images
 * that still reach every path (several tiles per thread, edge tiles in both
 * directions), since those tools run the same paths 10-50x slower. */
gboolean kcv_test_small(void);

/* The reference: naive float64 correlation (convolution with options->flip)
 * of src into dst for rect (NULL: whole image), honouring every option
 * (border, divisor, offset, channel mask, alpha weighting). */
void kcv_test_reference(const kcv_image *src, const kcv_kernel *kernel, const kcv_options *options,
                        const kcv_rect *rect, kcv_image *dst);

/* Relative RMS error of got against want (RMS of the difference over RMS of
 * want, or absolute when want is all zero) and the worst pixel. */
typedef struct {
  double rel_rms;
  double max_abs;
  int worst_x, worst_y, worst_c;
} KcvTestDiff;

KcvTestDiff kcv_test_compare(const kcv_image *got, const kcv_image *want);

/* g_test_fail with where and by how much unless rel_rms <= rel_rms_max and
 * max_abs <= max_abs_max. what names the case in the message. */
void kcv_test_assert_close(const kcv_image *got, const kcv_image *want, double rel_rms_max,
                           double max_abs_max, const char *what);

#endif
