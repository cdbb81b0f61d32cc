/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: internals shared between the core's files (kcv__ prefix). */
#ifndef KCV_PRIVATE_H
#define KCV_PRIVATE_H

#include "kcv.h"

#include <pthread.h>
#include <stddef.h>

/* Hot loops are compiled for AVX-512, AVX2 and plain x86-64, picked at run
 * time, so one binary runs anywhere and fast where it can. */
#if defined(__clang__) && defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define KCV__NO_CLONES 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define KCV__NO_CLONES 1
#endif
/* One feature per clone: GCC splits "avx2,fma" into two clones and clang
 * warns about it. (Without -ffp-contract the clones use no FMA anyway.) */
/* GCC only: clang 14 emits a clone set's resolver only where the function is
 * called in its own file, so a clone called from another file (planes.c's
 * splitting, from border.c) does not link. */
#if defined(__x86_64__) && !defined(KCV__NO_CLONES) && defined(__GNUC__) && !defined(__clang__)
#define KCV__CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define KCV__CLONES
#endif

/* Hot loops written once with GCC vectors (method-direct-body.h,
 * method-separable-body.h) are included once per instruction set between
 * KCV__BEGIN_AVX512 or KCV__BEGIN_AVX2 and KCV__END_TARGET, so that their
 * intrinsics inline; they run only behind __builtin_cpu_supports checks. */
#if defined(__x86_64__) && defined(__GNUC__) && (!defined(__clang__) || __clang_major__ >= 14)
#define KCV__X86_DISPATCH 1
#include <immintrin.h>
#ifdef __clang__
#define KCV__BEGIN_AVX512                                                                          \
  _Pragma(                                                                                         \
      "clang attribute push(__attribute__((target(\"avx512f,avx2,fma\"))), apply_to = function)")
#define KCV__BEGIN_AVX2                                                                            \
  _Pragma("clang attribute push(__attribute__((target(\"avx2,fma\"))), apply_to = function)")
#define KCV__END_TARGET _Pragma("clang attribute pop")
#else
#define KCV__BEGIN_AVX512 _Pragma("GCC push_options") _Pragma("GCC target(\"avx512f,avx2,fma\")")
#define KCV__BEGIN_AVX2 _Pragma("GCC push_options") _Pragma("GCC target(\"avx2,fma\")")
#define KCV__END_TARGET _Pragma("GCC pop_options")
#endif
/* Non-temporal store of a float vector v (a multiple of 4 floats) to p,
 * 16-byte aligned (images from malloc are no more), in 16-byte parts: the
 * write-combining buffers still join the parts of a line. */
#define KCV__STREAM(p, v)                                                                          \
  do {                                                                                             \
    __m128 q_[sizeof(v) / 16];                                                                     \
    memcpy(q_, &(v), sizeof q_);                                                                   \
    for (size_t i_ = 0; i_ < sizeof(v) / 16; i_++)                                                 \
      _mm_stream_ps((p) + 4 * i_, q_[i_]);                                                         \
  } while (0)
#define KCV__STREAM_FENCE() _mm_sfence()
#else
#define KCV__STREAM(p, v) memcpy((p), &(v), sizeof(v))
#define KCV__STREAM_FENCE() ((void)0)
#endif

/* Alignment of every buffer the core allocates (AVX-512 lines). */
#define KCV__ALIGN 64

void *kcv__malloc(size_t bytes); /* aligned to KCV__ALIGN, NULL on failure or overflow */
void *kcv__calloc(size_t n, size_t size);
void kcv__free(void *p);
/* For planes of megabytes made and freed on every call: huge pages where
 * the platform has them (alloc-large.c). Freed with the size they were
 * asked with; NULL is accepted. */
void *kcv__malloc_large(size_t bytes);
void kcv__free_large(void *p, size_t bytes);

/* An image's pointer, size, channel count and stride, as every entry point
 * checks them: KCV_OK or the status that names the first fault. */
kcv_status kcv__check_image(const kcv_image *im);

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

/* A kernel's non-zero taps in row order: weight w[t] at column i[t], row
 * j[t]. Zero taps add nothing (a disk kernel has many), so the direct and
 * im2col methods walk only these. */
typedef struct {
  int n;
  int *i, *j;
  float *w;
} kcv__taps;

/* Fills t from k; KCV_ERR_NOMEM leaves t empty. */
kcv_status kcv__taps_init(kcv__taps *t, const kcv__kernel_info *k);
void kcv__taps_clear(kcv__taps *t);

/* Alpha weighting for run_interleaved (kernels without negative weights):
 * the colour channels are premultiplied by channel `alpha` as they are read,
 * and each colour result c becomes c / a where a = (alpha's result) *
 * den_factor exceeds KCV__ALPHA_EPS, else 0 (as the engine's planar path
 * computes it). NULL: no weighting. */
typedef struct {
  int alpha;
  float den_factor;
} kcv__alpha_weighting;

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
  /* Optional: output tile (pixels) for the interleaved path through run,
   * where the kernel is widened for `channels` interleaved channels (see
   * plan.c); state and wide are the widened kernel's. NULL: the method does
   * not take that path. */
  void (*wide_tile_size)(void *state, const kcv__kernel_info *wide, int channels, int w, int h,
                         int *tw, int *th);
  /* Nonzero when every output is computed by the same operations wherever
   * the method's blocks lie: the engine may then cut a tile into parts
   * (an edge tile into the part read in place and the strips it fills). */
  int any_tiling;
  /* Per-thread scratch bytes for tiles up to tw x th (0 if none). */
  size_t (*scratch_size)(void *state, const kcv__kernel_info *kernel, int tw, int th);
  /* Correlate one padded tile (see kcv__kernel_info). tw/th may be smaller
   * than tile_size asked for (edge tiles). scratch is KCV__ALIGN aligned. */
  kcv_status (*run)(void *state, const kcv__kernel_info *kernel, const float *in,
                    ptrdiff_t in_stride, float *out, ptrdiff_t out_stride, int tw, int th,
                    void *scratch);
  /* Optional: run, writing out with non-temporal stores (around the cache).
   * The engine uses it when out is a large image that nothing reads soon. */
  kcv_status (*run_streaming)(void *state, const kcv__kernel_info *kernel, const float *in,
                              ptrdiff_t in_stride, float *out, ptrdiff_t out_stride, int tw, int th,
                              void *scratch);
  /* Optional: correlate every channel of the image at once, reading the
   * padded tile (tw + kw - 1) x (th + kh - 1) at (x0, y0) of src itself,
   * extended by the border, and writing tw x th pixels (all channels
   * interleaved) to out; with the kernel itself, scratch of
   * interleaved_scratch_size bytes. The engine uses it when all channels are
   * convolved without alpha weighting; each channel's result must be bit
   * for bit what run gives on its plane. */
  size_t (*interleaved_scratch_size)(void *state, const kcv__kernel_info *kernel, int channels,
                                     int tw, int th);
  kcv_status (*run_interleaved)(void *state, const kcv__kernel_info *kernel, const kcv_image *src,
                                int x0, int y0, kcv_border border, const kcv__alpha_weighting *aw,
                                float *out, ptrdiff_t out_stride, int tw, int th, void *scratch);
  /* Non-zero when a NaN or infinite input reaches only the outputs that
   * have it under a non-zero weight (nonfinite.c); else the engine takes
   * such samples out around run (run_interleaved must do it itself). */
  int nonfinite_local;
} kcv__method;

/* run and run_streaming. */
typedef kcv_status (*kcv__run_fn)(void *state, const kcv__kernel_info *kernel, const float *in,
                                  ptrdiff_t in_stride, float *out, ptrdiff_t out_stride, int tw,
                                  int th, void *scratch);

/* Non-finite samples of a padded tile, as runs along its rows (nonfinite.c). */
typedef struct {
  int y, x0, x1; /* samples x0 .. x1 - 1 of row y */
  float v;       /* all NaN, all +Inf or all -Inf */
} kcv__nonfinite_run;

typedef struct {
  kcv__nonfinite_run *runs;
  size_t n, cap;
} kcv__nonfinite;

/* Non-zero when any of the w x h samples is NaN or infinite. */
int kcv__has_nonfinite(const float *in, ptrdiff_t stride, int w, int h);
/* Appends the tile's non-finite samples to nf and sets them to 0 in place. */
KCV_WARN_UNUSED kcv_status kcv__nonfinite_take(kcv__nonfinite *nf, float *in, ptrdiff_t stride,
                                               int w, int h);
/* out[y][x] += k[j][i] * v for every taken sample v at (x + i, y + j) of the
 * padded tile and non-zero weight: the outputs of the tile that the samples
 * reach get the IEEE value the direct method gives them. */
void kcv__nonfinite_restore(const kcv__nonfinite *nf, const kcv__kernel_info *k, float *out,
                            ptrdiff_t out_stride, int tw, int th);
void kcv__nonfinite_clear(kcv__nonfinite *nf);
/* run (m's run or run_streaming) on a padded tile, with the tile's
 * non-finite samples taken out and restored when m is not nonfinite_local;
 * in is then changed (they become 0). */
KCV_WARN_UNUSED kcv_status kcv__run_guarded(const kcv__method *m, kcv__run_fn run, void *state,
                                            const kcv__kernel_info *k, float *in,
                                            ptrdiff_t in_stride, float *out, ptrdiff_t out_stride,
                                            int tw, int th, void *scratch);

extern const kcv__method kcv__method_direct;
extern const kcv__method kcv__method_im2col;
extern const kcv__method kcv__method_separable;
extern const kcv__method kcv__method_fft;
/* The fft method's transform side for a padded tile side of n samples: the
 * smallest 2^a, 3 * 2^a or 5 * 2^a >= n. The cost model and the benchmark's
 * bare-FFTW limit use it, since the cost is in the transform, not the tile. */
int kcv__fft_transform_side(int n);
/* FFTW planner flags for an nw x nh transform: FFTW_MEASURE up to
 * MEASURE_MAX_POINTS, else FFTW_ESTIMATE (the benchmark plans alike). */
unsigned kcv__fft_plan_flags(int nw, int nh);

/* Sum of the squares of w x h samples (dynamic-range.c): not finite when
 * one is NaN or infinite, or too large to square in float. */
double kcv__sum_squares(const float *in, ptrdiff_t stride, int w, int h);
/* Non-zero when one float transform of this padded tile (w x h samples,
 * their sum_squares) would be off by more than about 1e-3 of its darker
 * outputs: its RMS is too far above a region of dark samples
 * (dynamic-range.c). taps: the kernel's window. */
int kcv__wide_range(const float *in, ptrdiff_t stride, int w, int h, int taps, double sum_squares);

/* Where to cut a plane of too wide a range (dynamic-range.c): the samples
 * with |x| < at form the widest band from the bottom that one float
 * transform serves (at is a power of two; INFINITY: the whole plane does);
 * squares: their sum of squares. */
typedef struct {
  float at;
  double squares;
} kcv__range_cut;
kcv__range_cut kcv__cut_range(const float *in, ptrdiff_t stride, int w, int h, int taps);

/* One float correlation by the fft method (fft-bands.c calls back into
 * method-fft.c): r, an nw x nh array holding a padded tile of pw x ph
 * samples at stride nw, becomes the circular correlation (the valid tw x th
 * outputs at its origin); the rest of r need not be zero. */
typedef struct {
  int nw, nh;
  void (*correlate)(const void *size, float *r, void *spec, int pw, int ph);
  const void *size;
  void *spec;
} kcv__fft_pass;

/* A tile of too wide a range (kcv__wide_range), correlated in float bands
 * of magnitude (fft-bands.c): r as for kcv__fft_pass; the valid tw x th
 * outputs end at r's origin. */
KCV_WARN_UNUSED kcv_status kcv__fft_bands(const kcv__fft_pass *f, const kcv__kernel_info *k,
                                          float *r, int pw, int ph, int tw, int th);

/* Low-rank decomposition K ~= sum_r v_r (column, kh) x h_r (row, kw).
 * Finds the smallest rank r <= max_rank whose reconstruction error is below
 * float precision (Frobenius norm of the residual <= tol * norm of K);
 * returns -1 when none is. v holds r*kh, h holds r*kw doubles (caller
 * allocates max_rank*kh and max_rank*kw). Bounded cost for 1025x1025. */
int kcv__low_rank(const double *k, int kw, int kh, int max_rank, double tol, double *v, double *h);
/* kcv__low_rank's answer when memory ran out (not a statement on the rank). */
#define KCV__LOWRANK_NOMEM (-2)

/* Relative Frobenius error below which a low-rank decomposition stands for
 * the kernel (the separable method and kcv_plan_rank use it): results then
 * agree with the full kernel well within the tests' 1e-6 relative RMS
 * (2 FLT_EPSILON: float-rounded Gaussians and outer products sit near 3e-8). */
#define KCV__LOWRANK_TOL 2.4e-7

/* Alpha weighting: where the alpha under the kernel, weighted by
 * |w| / sum |w|, is at most this, the colour is undefined and set to 0. */
#define KCV__ALPHA_EPS 1e-5

/* Alpha weighting's last step, one value: the premultiplied result v over
 * the weighted alpha (alpha's result times den_factor), 0 where that is at
 * most KCV__ALPHA_EPS. Every path calls this, so all give the same bits. */
static inline float kcv__alpha_divide(float v, float alpha_result, float den_factor)
{
  const float a = alpha_result * den_factor;
  return a > (float)KCV__ALPHA_EPS ? v / a : 0.0f;
}

/* FFTW's planner is not thread-safe: every planner, wisdom and destroy call
 * goes through this lock. */
extern pthread_mutex_t kcv__fftw_lock;

/* With kcv__fftw_lock held: whether sizes without wisdom are planned by
 * estimate (QUICK), and noting one such size (up to a fixed count). */
int kcv__planning_quick(void);
void kcv__note_unmeasured(int width, int height);

/* Number of online cores (>= 1). */
int kcv__cpu_count(void);
/* Makes kcv__cpu_count answer n (0: the machine's count again), so one machine
 * can time AUTO's picks for another core count (kcv-bench --auto-sweep). */
void kcv__cpu_cap(int n);

/* The vector instruction set of the direct and separable blocks (isa.c):
 * the best the CPU has, capped by the environment variable KCV_ISA (sse2,
 * avx2) to time and test the other builds on one machine. */
enum { KCV__ISA_PORTABLE, KCV__ISA_AVX2, KCV__ISA_AVX512 };
int kcv__isa_level(void);
/* Caps it further for the plans made afterwards (kcv-bench --isa-ratios). */
void kcv__isa_cap(int level);

/* The built-in cost model scaled for a vector build (KCV__ISA_*): what
 * kcv_cost_model_get gives on a machine of that level until a model is set. */
void kcv__cost_model_builtin(int level, kcv_cost_model *out);
/* Changes whenever the cost model is set (plans cache their choice). */
unsigned kcv__cost_generation(void);

/* Predicted seconds for a method on a w x h output with `channels`
 * convolved channels, in tiles of tw x th, on `threads` threads. */
double kcv__cost(kcv_method method, const kcv__kernel_info *kernel, int rank, int w, int h,
                 int channels, int tw, int th, int threads);

/* Fills a padded single-channel tile: dst[y][x] = src channel c at
 * (x0 + x, y0 + y) extended by the border, for x < pw, y < ph. When
 * premultiply_c >= 0 the value is multiplied by that channel (alpha).
 * xmap is scratch for pw ints. */
void kcv__fill_padded(const kcv_image *src, int c, int premultiply_c, int x0, int y0, int pw,
                      int ph, kcv_border border, float *dst, ptrdiff_t dst_stride, int *xmap);

/* The same for all channels at once, kept interleaved: dst[y][x * C + c],
 * C = src->channels, pw * C floats per row; with premultiply_c >= 0 every
 * other channel is multiplied by that one (alpha). */
void kcv__fill_padded_interleaved(const kcv_image *src, int x0, int y0, int pw, int ph,
                                  kcv_border border, int premultiply_c, float *dst,
                                  ptrdiff_t dst_stride, int *xmap);

/* The same, split into one padded tile per channel: planes[c][y * stride
 * + x] = channel c at (x0 + x, y0 + y) extended by the border (C =
 * src->channels <= 4 planes); with premultiply_c >= 0 every other channel
 * is multiplied by that one (alpha). */
void kcv__fill_padded_planes(const kcv_image *src, int x0, int y0, int pw, int ph,
                             kcv_border border, int premultiply_c, float *const *planes,
                             ptrdiff_t plane_stride, int *xmap);

/* n interleaved pixels of C channels (C <= 4) into C planes, and back. */
void kcv__split_pixels(const float *restrict src, int C, int n, float *const *planes);
void kcv__weave_pixels(const float *const *planes, int C, int n, float *restrict dst);

/* Runs task(ctx, index, thread, scratch) for index in 0..n_tasks-1 on up to
 * n_threads threads, each with its own scratch of scratch_bytes (aligned).
 * progress is called from the calling thread only. Returns the first
 * failure, KCV_ERR_CANCELLED when progress asked to stop. */
typedef kcv_status (*kcv__task_fn)(void *ctx, int index, void *scratch);
kcv_status kcv__parallel(int n_tasks, int n_threads, size_t scratch_bytes, kcv__task_fn task,
                         void *ctx, kcv_progress_fn progress, void *user_data);

#endif
