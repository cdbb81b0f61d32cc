/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: internals shared between the core's files (kcv__ prefix). */
#ifndef KCV_PRIVATE_H
#define KCV_PRIVATE_H

#include "kcv.h"

#include <pthread.h>
#include <stddef.h>

/* Alignment of every buffer the core allocates (AVX-512 lines). */
#define KCV__ALIGN 64

void *kcv__malloc(size_t bytes);   /* aligned to KCV__ALIGN, NULL on failure or overflow */
void *kcv__calloc(size_t n, size_t size);
void kcv__free(void *p);

/* The kernel as the methods see it: already flipped when the options ask
 * for true convolution, weights in float (k) and double (kd); no divisor
 * applied. A method computes, on a padded single-channel tile,
 *   out[y][x] = sum_{j<kh} sum_{i<kw} k[j*kw + i] * in[y + j][x + i]
 * for 0 <= x < tw, 0 <= y < th, where in has tw + kw - 1 columns and
 * th + kh - 1 rows. */
typedef struct {
  int kw, kh;
  const float *k;
  const double *kd;
} kcv__kernel_info;

/* One convolution method. Every function pointer may be called from any
 * thread; prepare/release are called once per plan under the plan's lock. */
typedef struct {
  kcv_method id;
  const char *name;
  /* Build kernel-dependent state; *state may be left NULL. May return
   * KCV_ERR_METHOD when the method cannot serve this kernel (e.g. separable
   * on a full-rank kernel). */
  kcv_status (*prepare)(const kcv__kernel_info *kernel, void **state);
  void (*release)(void *state);
  /* Output tile size the method prefers for an output of w x h.
   * Must not depend on the thread count (results are bit-identical for any
   * thread count because the tiling is). */
  void (*tile_size)(void *state, const kcv__kernel_info *kernel, int w, int h, int *tw, int *th);
  /* Per-thread scratch bytes for tiles up to tw x th (0 if none). */
  size_t (*scratch_size)(void *state, const kcv__kernel_info *kernel, int tw, int th);
  /* Correlate one padded tile (see kcv__kernel_info). tw/th may be smaller
   * than tile_size asked for (edge tiles). scratch is KCV__ALIGN aligned. */
  kcv_status (*run)(void *state, const kcv__kernel_info *kernel, const float *in,
                    ptrdiff_t in_stride, float *out, ptrdiff_t out_stride, int tw, int th,
                    void *scratch);
} kcv__method;

extern const kcv__method kcv__method_direct;
extern const kcv__method kcv__method_im2col;
extern const kcv__method kcv__method_separable;
extern const kcv__method kcv__method_fft;

/* Low-rank decomposition K ~= sum_r v_r (column, kh) x h_r (row, kw).
 * Finds the smallest rank r <= max_rank whose reconstruction error is below
 * float precision (Frobenius norm of the residual <= tol * norm of K);
 * returns -1 when none is. v holds r*kh, h holds r*kw doubles (caller
 * allocates max_rank*kh and max_rank*kw). Bounded cost for 1025x1025. */
int kcv__low_rank(const double *k, int kw, int kh, int max_rank, double tol, double *v,
                  double *h);

/* FFTW's planner is not thread-safe: every planner, wisdom and destroy call
 * goes through this lock. */
extern pthread_mutex_t kcv__fftw_lock;

/* Number of online cores (>= 1). */
int kcv__cpu_count(void);

/* Predicted seconds for a method on an output of samples = w*h*channels. */
double kcv__cost(kcv_method method, const kcv__kernel_info *kernel, int rank, int w, int h,
                 int channels, int threads);

#endif
