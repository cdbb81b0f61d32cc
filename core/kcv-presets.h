/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: kernels from parameters (presets) and transforms on kernels. */
#ifndef KCV_PRESETS_H
#define KCV_PRESETS_H

#include "kcv.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Marks a string for translation by the UI's catalogue (xgettext keyword
 * KCV_N_) without the core depending on gettext. */
#define KCV_N_(s) (s)

#define KCV_PRESET_MAX_PARAMS 4

typedef struct {
  const char *id;    /* "sigma-x" */
  const char *label; /* KCV_N_("Sigma X") */
  double min, max, def, step;
  int digits; /* decimals to show; 0 for whole numbers */
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

/* Direct constructors (NULL on bad parameters). */
kcv_kernel *kcv_preset_identity(void);
kcv_kernel *kcv_preset_box(int width, int height);
/* size 0: ceil(3 sigma) on each side. */
kcv_kernel *kcv_preset_gaussian(double sigma_x, double sigma_y, int width, int height);
kcv_kernel *kcv_preset_disk(double radius);
kcv_kernel *kcv_preset_ring(double radius, double thickness);
kcv_kernel *kcv_preset_motion(double length, double angle_degrees);
kcv_kernel *kcv_preset_unsharp(double amount, double radius);
kcv_kernel *kcv_preset_laplacian(int neighbours); /* 4 or 8 */
kcv_kernel *kcv_preset_log(double sigma);
typedef enum {
  KCV_DIR_X = 0, KCV_DIR_Y, KCV_DIR_N, KCV_DIR_NE, KCV_DIR_E, KCV_DIR_SE,
  KCV_DIR_S, KCV_DIR_SW, KCV_DIR_W, KCV_DIR_NW, KCV_DIR_COUNT
} kcv_direction;
kcv_kernel *kcv_preset_sobel(kcv_direction direction);
kcv_kernel *kcv_preset_prewitt(kcv_direction direction);
kcv_kernel *kcv_preset_scharr(kcv_direction direction);
kcv_kernel *kcv_preset_emboss(double angle_degrees, double strength);
kcv_kernel *kcv_preset_edge(void);
kcv_kernel *kcv_preset_highpass(double radius);

/* Transforms: each returns a new kernel (NULL on OOM or bad argument). */
kcv_kernel *kcv_kernel_normalized(const kcv_kernel *kernel); /* sum 1 (copy when sum is 0) */
kcv_kernel *kcv_kernel_flipped(const kcv_kernel *kernel, int horizontal, int vertical);
kcv_kernel *kcv_kernel_rotated90(const kcv_kernel *kernel, int quarter_turns_clockwise);
kcv_kernel *kcv_kernel_transposed(const kcv_kernel *kernel);
kcv_kernel *kcv_kernel_scaled(const kcv_kernel *kernel, double factor);
/* New canvas size, content centred (anchors kept aligned); pads with 0 or crops. */
kcv_kernel *kcv_kernel_resized(const kcv_kernel *kernel, int width, int height);

#ifdef __cplusplus
}
#endif

#endif
