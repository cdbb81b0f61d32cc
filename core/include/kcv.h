/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: convolve float images with kernels of any size (public API). */
#ifndef KCV_H
#define KCV_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define KCV_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define KCV_WARN_UNUSED
#endif

/* Largest kernel side accepted. */
#define KCV_KERNEL_MAX 1025
/* Largest |offset| kcv_plan_new accepts (full-scale units; KCV_ERR_OFFSET
 * beyond): far beyond any pixel value, yet its sum with a float stays finite. */
#define KCV_OFFSET_MAX 1e30
/* Largest rank the separable method decomposes into (r pairs of 1-D passes). */
#define KCV_SEPARABLE_MAX_RANK 8

typedef enum {
  KCV_OK = 0,
  KCV_ERR_NULL,         /* a required pointer argument is NULL */
  KCV_ERR_IMAGE_SIZE,   /* image width/height < 1 */
  KCV_ERR_CHANNELS,     /* channels not in 1..4 */
  KCV_ERR_STRIDE,       /* row stride smaller than width * channels */
  KCV_ERR_KERNEL_SIZE,  /* kernel width/height not in 1..KCV_KERNEL_MAX */
  KCV_ERR_KERNEL_VALUE, /* a weight is NaN or infinite */
  KCV_ERR_DIVISOR,      /* divisor NaN, infinite, or so small the result overflows */
  KCV_ERR_OFFSET,       /* offset NaN or infinite */
  KCV_ERR_BORDER,       /* unknown border mode */
  KCV_ERR_METHOD,       /* unknown method, or method not usable for this kernel */
  KCV_ERR_CHANNEL_MASK, /* channel mask selects channels the image lacks */
  KCV_ERR_RECT,         /* output rectangle empty or outside the source */
  KCV_ERR_OUTPUT_SIZE,  /* output image size differs from the rectangle */
  KCV_ERR_THREADS,      /* negative thread count */
  KCV_ERR_NOMEM,        /* out of memory */
  KCV_ERR_FFTW,         /* FFTW could not make a plan */
  KCV_ERR_CANCELLED,    /* the progress callback asked to stop */
  KCV_ERR_IO,           /* a file could not be read or written */
  KCV_ERR_PARSE,        /* a kernel file or text is malformed */
  KCV_ERR_FORMAT,       /* unknown or unsupported kernel file format */
  KCV_ERR_PARAMETER,    /* deconvolution: method, iterations or regularisation out of range */
  KCV_STATUS_COUNT
} kcv_status;

/* A static English sentence for a status; never NULL. */
const char *kcv_status_message(kcv_status status);
/* A short stable name, e.g. "KCV_ERR_DIVISOR". */
const char *kcv_status_name(kcv_status status);

/* Border modes. The numbers are the plug-in's PDB values. */
typedef enum {
  KCV_BORDER_CLAMP = 0,       /* extend edge pixels: aaa|abcd|ddd */
  KCV_BORDER_WRAP = 1,        /* periodic: bcd|abcd|abc */
  KCV_BORDER_MIRROR = 2,      /* symmetric, edge repeated: cba|abcd|dcb */
  KCV_BORDER_TRANSPARENT = 3, /* zero outside */
  KCV_BORDER_COUNT
} kcv_border;

/* The source index that stands for i, for a row or column of n pixels
 * extended by the border mode (any distance from the edge), or -1
 * (transparent, outside). Callers that read pixels themselves (the plug-in,
 * in bands) extend their edges with it exactly as the core does. */
int kcv_border_index(int i, int n, kcv_border border);

/* Methods. The numbers are the plug-in's PDB values. */
typedef enum {
  KCV_METHOD_AUTO = 0,
  KCV_METHOD_DIRECT = 1,
  KCV_METHOD_FFT = 2,
  KCV_METHOD_SEPARABLE = 3,
  KCV_METHOD_IM2COL = 4,
  KCV_METHOD_COUNT
} kcv_method;

/* Marks a string for translation by the front ends' catalogue (xgettext
 * keyword KCV_N_) without the core depending on gettext. */
#define KCV_N_(s) (s)

/* "auto", "direct", "fft", "separable", "im2col"; NULL for unknown. */
const char *kcv_method_name(kcv_method method);
/* The method as the front ends show it: "auto", "direct", "FFT",
 * "separable", "im2col" (KCV_N_, to translate); "auto" for unknown. */
const char *kcv_method_label(kcv_method method);

/* A kernel: width x height weights, row-major, top row first. */
typedef struct {
  int width;
  int height;
  float *data;
} kcv_kernel;

/* Zero-filled kernel; NULL when a side is outside 1..KCV_KERNEL_MAX or on OOM. */
kcv_kernel *kcv_kernel_new(int width, int height);
/* Kernel holding a copy of data (width * height floats). */
kcv_kernel *kcv_kernel_new_from_data(int width, int height, const float *data);
kcv_kernel *kcv_kernel_copy(const kcv_kernel *kernel);
void kcv_kernel_free(kcv_kernel *kernel);
/* KCV_OK, or why the kernel cannot be used (size, NaN/Inf weights). */
kcv_status kcv_kernel_check(const kcv_kernel *kernel);
/* Sum of weights, in double. */
double kcv_kernel_sum(const kcv_kernel *kernel);
/* The divisor "automatic" resolves to: the sum of the weights, or 1 when the
 * sum is zero (|sum| <= 1e-6 * sum of |weights|, so rounding leftovers of a
 * zero-sum kernel count as zero). */
double kcv_kernel_auto_divisor(const kcv_kernel *kernel);
/* Non-zero when the weights sum to zero by the same test (edge detection,
 * Laplacian, Sobel, emboss). */
int kcv_kernel_is_zero_sum(const kcv_kernel *kernel);
/* The channel_mask that "all channels" means for kernel on pixels of
 * channels 1..4 channels: every channel, except that with 2 or 4 channels
 * (the last one is alpha) a zero-sum kernel leaves alpha unchanged. Such a
 * kernel turns an opaque layer's alpha into 0 (an invisible edge image) or
 * into the offset; what is wanted is the edges, at the layer's opacity.
 * Never 0: the bits are explicit. */
unsigned kcv_kernel_default_channel_mask(const kcv_kernel *kernel, int channels);

/* A view on interleaved float pixels. stride is in floats between rows. */
typedef struct {
  float *data;
  int width;
  int height;
  int channels; /* 1..4 */
  ptrdiff_t stride;
} kcv_image;

/* A rectangle in source pixel coordinates. */
typedef struct {
  int x, y, width, height;
} kcv_rect;

/* Called from the thread that called kcv_convolve / kcv_plan_execute only,
 * at least every 50 ms of work, with fraction in 0..1. Return non-zero to
 * stop: the call then returns KCV_ERR_CANCELLED promptly. */
typedef int (*kcv_progress_fn)(double fraction, void *user_data);

typedef struct {
  kcv_method method;     /* default KCV_METHOD_AUTO */
  kcv_border border;     /* default KCV_BORDER_CLAMP */
  int flip;              /* non-zero: true convolution (kernel rotated 180 degrees) */
  double divisor;        /* 0: automatic (kcv_kernel_auto_divisor) */
  double offset;         /* added after the division */
  unsigned channel_mask; /* bit c set: channel c is convolved, else copied; 0: all */
  int alpha_weighting;   /* with 2 or 4 channels the last one is alpha: colour is
                            weighted by alpha so transparent pixels do not bleed */
  int threads;           /* 0: all cores */
} kcv_options;

/* Defaults: auto, clamp, no flip, automatic divisor, offset 0, all channels,
 * no alpha weighting, all cores. */
void kcv_options_init(kcv_options *options);

/* Channel bits as the front ends name them: 1 red (or grey), 2 green,
 * 4 blue, 8 alpha; 0 all. */
#define KCV_COLOUR_RED 1u
#define KCV_COLOUR_GREEN 2u
#define KCV_COLOUR_BLUE 4u
#define KCV_COLOUR_ALPHA 8u

/* The options' channel_mask (bit c = channel c of the pixel) for colour
 * bits on pixels of `channels` channels: 1 grey, 2 grey and alpha, 3 RGB,
 * 4 RGBA. Colours the pixels lack are dropped (0 when none is left);
 * colours 0 select every channel. */
unsigned kcv_channel_mask_from_colours(unsigned colours, int channels);

/* What a user chooses, as every front end takes it (the GIMP 2.10 and GIMP 3
 * procedures, the dialog, the GEGL operation). */
typedef struct {
  kcv_method method;
  kcv_border border;
  double divisor;      /* 0: automatic */
  double offset;       /* full-scale units */
  unsigned colours;    /* KCV_COLOUR_* bits; 0: all, the default */
  int alpha_weighting; /* non-zero: on, where the pixels have alpha */
} kcv_user_args;

/* The options for applying kernel as displayed (no flip) to pixels of
 * channels 1..4 channels, all cores: the one place where every front end's
 * arguments become options. Colours 0 ("all") mean
 * kcv_kernel_default_channel_mask, so a zero-sum kernel leaves alpha alone;
 * colours asked for explicitly are convolved as asked. channel_mask is 0
 * when every channel is convolved. KCV_ERR_CHANNELS for channels outside
 * 1..4, KCV_ERR_CHANNEL_MASK when colours select none of the pixels'
 * channels; options then hold the rest, with channel_mask 0. */
KCV_WARN_UNUSED kcv_status kcv_options_from_user(const kcv_user_args *args,
                                                 const kcv_kernel *kernel, int channels,
                                                 kcv_options *options);
/* How many of the pixels' channels (1..4) options convolve: what
 * kcv_plan_choose is asked about, as kcv_plan_execute asks itself. */
int kcv_options_convolved_channels(const kcv_options *options, int channels);

/* Everything that depends only on the kernel and the options: the flipped,
 * checked kernel, its low-rank decomposition, kernel spectra and FFTW plans
 * (made lazily per tile size and cached). One plan may be executed from
 * several threads at once. */
typedef struct kcv_plan kcv_plan;

KCV_WARN_UNUSED kcv_status kcv_plan_new(const kcv_kernel *kernel, const kcv_options *options,
                                        kcv_plan **plan);
void kcv_plan_free(kcv_plan *plan);

/* Convolve: dst receives the rectangle rect (NULL: all of src) of the result.
 * Pixels outside src come from the border mode; dst must be rect-sized and
 * must not overlap src. progress may be NULL. */
KCV_WARN_UNUSED kcv_status kcv_plan_execute(kcv_plan *plan, const kcv_image *src,
                                            const kcv_rect *rect, kcv_image *dst,
                                            kcv_progress_fn progress, void *user_data);

/* The method the plan would run for an output of width x height x channels
 * (AUTO resolved by the cost model) and its predicted time in seconds
 * (may be NULL). Runs nothing. */
kcv_method kcv_plan_choose(kcv_plan *plan, int width, int height, int channels, double *seconds);

/* The kernel's rank as found by the SVD: 1 means separable; r in
 * 2..KCV_SEPARABLE_MAX_RANK means r separable pairs reproduce it below float
 * precision; -1 means higher rank. Computed once and cached. */
int kcv_plan_rank(kcv_plan *plan);

/* One-shot: plan, execute, free. */
KCV_WARN_UNUSED kcv_status kcv_convolve(const kcv_image *src, const kcv_kernel *kernel,
                                        const kcv_options *options, const kcv_rect *rect,
                                        kcv_image *dst, kcv_progress_fn progress, void *user_data);

/* FFTW wisdom, shared by every plan in the process. Import before planning,
 * export after; the export writes a temporary file and renames it. */
KCV_WARN_UNUSED kcv_status kcv_wisdom_import(const char *path);
KCV_WARN_UNUSED kcv_status kcv_wisdom_export(const char *path);

/* How FFT transform sizes first met from now on are planned, process-wide.
 * MEASURE (the default) times FFTW's candidates for sizes up to 2^20 points:
 * 0.1 to 1.5 s per new size without wisdom. QUICK takes wisdom when it has
 * the size and otherwise plans by FFTW's estimate in milliseconds (those
 * transforms run 1.2x to 2.2x slower); kcv_wisdom_unmeasured lists the
 * sizes MEASURE would have timed, for kcv_wisdom_measure later. */
typedef enum { KCV_PLANNING_MEASURE, KCV_PLANNING_QUICK } kcv_planning;
void kcv_wisdom_set_planning(kcv_planning planning);
/* Up to max transform sizes (width, height pairs into sizes[2 * max])
 * planned by estimate in QUICK mode since the process started, in the order
 * first met (the first 256 of a process are kept); returns how many. */
int kcv_wisdom_unmeasured(int *sizes, int max);
/* Times the r2c and c2r plans of a width x height transform into the
 * process's wisdom (export it after). KCV_ERR_IMAGE_SIZE for a side below 1. */
KCV_WARN_UNUSED kcv_status kcv_wisdom_measure(int width, int height);

/* Cost model constants (seconds per unit of work) used by AUTO. */
typedef struct {
  double direct_per_tap;    /* per output sample per kernel tap */
  double im2col_per_tap;    /* per output sample per kernel tap */
  double separable_per_tap; /* per output sample per 1-D tap */
  double fft_per_point;     /* per transformed point, times log2 of tile size */
  double per_sample;        /* fixed per output sample (copies, border) */
  double fixed;             /* per call */
  double direct_per_sample; /* per_sample of the direct method, which runs on
                               interleaved tiles with cheaper copies */
} kcv_cost_model;

/* The process-wide model: compiled-in defaults measured on a 2-core AVX-512
 * machine, their direct and separable per-tap costs scaled for the vector
 * build this machine runs (AVX2 or SSE2; see core/engine/cost.c), until
 * kcv_cost_model_set or _load replaces them (taken as they are). */
void kcv_cost_model_get(kcv_cost_model *model);
void kcv_cost_model_set(const kcv_cost_model *model);
/* Back to the compiled-in defaults, scaled for this machine's build. */
void kcv_cost_model_reset(void);
/* Reads "name value" lines as written by kcv-calibrate. */
KCV_WARN_UNUSED kcv_status kcv_cost_model_load(const char *path);
KCV_WARN_UNUSED kcv_status kcv_cost_model_save(const char *path, const kcv_cost_model *model);

#ifdef __cplusplus
}
#endif

#endif
