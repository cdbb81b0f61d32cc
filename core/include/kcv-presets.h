/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: kernels from parameters (presets) and transforms on kernels. */
#ifndef KCV_PRESETS_H
#define KCV_PRESETS_H

#include "kcv.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KCV_PRESET_MAX_PARAMS 4

typedef struct {
  const char *id;    /* "sigma-x" */
  const char *label; /* KCV_N_("Sigma X") */
  double min, max, def, step;
  int digits; /* decimals to show; 0 for whole numbers */
  /* NULL, or NULL-terminated labels (KCV_N_) of the whole values min..max,
   * for a combo box instead of a slider (e.g. the gradient direction). */
  const char *const *choices;
} kcv_preset_param;

typedef struct {
  const char *id;    /* "gaussian" */
  const char *label; /* KCV_N_("Gaussian blur") */
  const char *description;
  int n_params;
  kcv_preset_param params[KCV_PRESET_MAX_PARAMS];
  /* Builds the kernel from n_params values; NULL when values are out of range or OOM. */
  kcv_kernel *(*make)(const double *values);
} kcv_preset;

/* The table of presets; *n_presets receives its length. */
const kcv_preset *kcv_presets(int *n_presets);
const kcv_preset *kcv_preset_find(const char *id);

/* Parameter limits (hard limits; the table's sliders use the same). */
#define KCV_GAUSSIAN_SIGMA_MAX 170.0 /* 2 * ceil(3 * 170) + 1 = 1021 <= KCV_KERNEL_MAX */
#define KCV_BLUR_RADIUS_MIN 0.1
#define KCV_DISK_RADIUS_MIN 0.5
#define KCV_DISK_RADIUS_MAX 512.0
#define KCV_RING_THICKNESS_MIN 0.5
#define KCV_MOTION_LENGTH_MIN 1.0
#define KCV_MOTION_LENGTH_MAX 1025.0
#define KCV_UNSHARP_AMOUNT_MAX 10.0
#define KCV_LOG_SIGMA_MIN 0.5
#define KCV_LOG_SIGMA_MAX 128.0 /* 2 * ceil(4 * 128) + 1 = 1025 */
#define KCV_EMBOSS_STRENGTH_MAX 10.0
#define KCV_AIRY_RADIUS_MIN 0.5
#define KCV_AIRY_RADIUS_MAX 190.0 /* 2 * ceil(190 * 10.1735 / 3.8317) + 1 = 1011 */

/* Direct constructors, NULL on bad parameters (or OOM). Kernels are applied
 * as correlation (kcv_options.flip 0); the blur ones (box, Gaussian, disk,
 * ring, motion) are point symmetric, so they are their own true convolution
 * as well, as a picture of a point of light must be (kernel layers are
 * applied as true convolution). Sizes are odd with the centre in the
 * middle unless stated. Angles are in degrees, counterclockwise from east
 * (x right, y down on screen). */

/* 3x3, 1 in the centre. */
kcv_kernel *kcv_preset_identity(void);
/* width, height in 1..KCV_KERNEL_MAX; every weight 1 / (width * height). */
kcv_kernel *kcv_preset_box(int width, int height);
/* sigma_x, sigma_y in 0..KCV_GAUSSIAN_SIGMA_MAX (0: no blur along that
 * axis); width, height 0 (default: 2 * ceil(3 sigma) + 1) or
 * 1..KCV_KERNEL_MAX (samples centred on the middle, also for even sizes).
 * The outer product of two sampled 1-D Gaussians each summing to 1: rank 1,
 * sum 1. */
kcv_kernel *kcv_preset_gaussian(double sigma_x, double sigma_y, int width, int height);
/* radius in KCV_DISK_RADIUS_MIN..MAX: each weight is the area of its pixel
 * inside the disk (16x16 supersampled on the edge), normalised to sum 1;
 * side 2 * (ceil(radius + 0.5) - 1) + 1. */
kcv_kernel *kcv_preset_disk(double radius);
/* The disk of radius minus the disk of radius - thickness, thickness in
 * KCV_RING_THICKNESS_MIN..radius; anti-aliased like the disk, sum 1. */
kcv_kernel *kcv_preset_ring(double radius, double thickness);
/* Airy disk, the point spread function of a perfect circular lens:
 * (2 J1(x) / x)^2 with x = 3.8317 r / radius, radius (of the first dark ring,
 * in pixels) in KCV_AIRY_RADIUS_MIN..MAX, r a pixel centre's distance from
 * the middle; zero beyond the third dark ring (r > 2.655 radius); side
 * 2 * ceil(2.655 radius) + 1; sum 1. */
kcv_kernel *kcv_preset_airy(double radius);
/* A one-pixel-wide line of length in KCV_MOTION_LENGTH_MIN..MAX pixels,
 * centred, at angle_degrees in -360..360, each weight the pixel's area
 * covered by the line, sum 1. Angle 0 gives a single row, 90 a column. */
kcv_kernel *kcv_preset_motion(double length, double angle_degrees);
/* (1 + amount) * identity - amount * Gaussian(sigma = radius): amount in
 * 0..KCV_UNSHARP_AMOUNT_MAX, radius in KCV_BLUR_RADIUS_MIN..
 * KCV_GAUSSIAN_SIGMA_MAX; sum 1. */
kcv_kernel *kcv_preset_unsharp(double amount, double radius);
/* neighbours 4: [0 1 0; 1 -4 1; 0 1 0], 8: [1 1 1; 1 -8 1; 1 1 1]; sum 0. */
kcv_kernel *kcv_preset_laplacian(int neighbours);
/* Laplacian of Gaussian, sigma in KCV_LOG_SIGMA_MIN..MAX, side
 * 2 * ceil(4 sigma) + 1, negative centre, sum 0, positive weights sum 1. */
kcv_kernel *kcv_preset_log(double sigma);
/* Gradient directions: X = E (brightness rising to the right), Y = S
 * (rising downwards), and the 8 compass directions. */
typedef enum {
  KCV_DIR_X = 0,
  KCV_DIR_Y,
  KCV_DIR_N,
  KCV_DIR_NE,
  KCV_DIR_E,
  KCV_DIR_SE,
  KCV_DIR_S,
  KCV_DIR_SW,
  KCV_DIR_W,
  KCV_DIR_NW,
  KCV_DIR_COUNT
} kcv_direction;
/* Sobel X [-1 0 1; -2 0 2; -1 0 1], Y its transpose; Prewitt with 1 1 1,
 * Scharr with 3 10 3. The diagonal directions turn the outer ring by 45
 * degrees (compass masks). Sum 0. */
kcv_kernel *kcv_preset_sobel(kcv_direction direction);
kcv_kernel *kcv_preset_prewitt(kcv_direction direction);
kcv_kernel *kcv_preset_scharr(kcv_direction direction);
/* identity + strength * sqrt(2) * (cos a * Prewitt X - sin a * Prewitt Y),
 * angle in -360..360, strength in 0..KCV_EMBOSS_STRENGTH_MAX; sum 1.
 * (-45, 1) is the textbook [-2 -1 0; -1 1 1; 0 1 2]. */
kcv_kernel *kcv_preset_emboss(double angle_degrees, double strength);
/* [-1 -1 -1; -1 8 -1; -1 -1 -1]; sum 0. */
kcv_kernel *kcv_preset_edge(void);
/* identity - Gaussian(sigma = radius), radius in KCV_BLUR_RADIUS_MIN..
 * KCV_GAUSSIAN_SIGMA_MAX; sum 0 (add offset 0.5 to see it). */
kcv_kernel *kcv_preset_highpass(double radius);

/* Transforms: each returns a new kernel (NULL on OOM or bad argument). */
kcv_kernel *kcv_kernel_normalized(const kcv_kernel *kernel); /* sum 1 (copy when sum is 0) */
kcv_kernel *kcv_kernel_flipped(const kcv_kernel *kernel, int horizontal, int vertical);
/* Any number of turns, negative ones counterclockwise. */
kcv_kernel *kcv_kernel_rotated90(const kcv_kernel *kernel, int quarter_turns_clockwise);
kcv_kernel *kcv_kernel_transposed(const kcv_kernel *kernel);
/* NULL when factor is not finite or a weight overflows a float. */
kcv_kernel *kcv_kernel_scaled(const kcv_kernel *kernel, double factor);
/* New canvas size, content centred (anchors kept aligned); pads with 0 or crops.
 * The anchor of a side n is (n - 1) / 2, where the convolution puts it, so odd sizes stay exactly
 * centred. width, height in 1..KCV_KERNEL_MAX. */
kcv_kernel *kcv_kernel_resized(const kcv_kernel *kernel, int width, int height);

/* The kernel a picture of what a point of light becomes gives (a painted
 * bokeh, a measured PSF): width x height pixels, top row first, of
 * components floats: 1 (a value) or 2 (a value and its alpha, which weights
 * it). Non-finite values count as 0; scaled to sum 1 when normalise; turned
 * by 180 degrees, since a picture is applied as true convolution and the
 * core correlates. KCV_ERR_KERNEL_VALUE when every weight is 0 (a black or
 * transparent picture holds no kernel), KCV_ERR_KERNEL_SIZE beyond
 * KCV_KERNEL_MAX, KCV_ERR_NOMEM. */
KCV_WARN_UNUSED kcv_status kcv_kernel_from_picture(const float *pixels, int width, int height,
                                                   int components, int normalise,
                                                   kcv_kernel **kernel);

#ifdef __cplusplus
}
#endif

#endif
