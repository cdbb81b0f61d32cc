/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv fuzz target: the whole "kernel + options + image size" entry point
 * (kcv_plan_new / kcv_plan_execute / kcv_convolve) driven by raw bytes. */
#include "kcv.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Everything a run needs is decoded from the input; once the input is used
 * up every read gives 0, so short inputs still make a (small) valid call.
 *
 * What must hold for any input:
 * - no crash, leak, out-of-bounds access or undefined behaviour (ASan, UBSan);
 * - the call returns a kcv_status in range;
 * - src is never written, dst never outside its rows (canaries in the stride
 *   padding and ASan redzones after the last row);
 * - KCV_OK with finite inputs of order 1 and a sane kernel gives finite
 *   output;
 * - a plan gives bit-identical results on 1 and 2 threads (when both run
 *   the same method);
 * - every method agrees with the direct one to float rounding, and a NaN or
 *   infinite pixel makes the same outputs NaN or infinite (those its
 *   non-zero weights reach) with the same sign. */

typedef struct {
  const uint8_t *p;
  size_t n;
} reader;

static unsigned u8(reader *r)
{
  if (r->n == 0)
    return 0;
  r->n--;
  return *r->p++;
}

static unsigned u16(reader *r)
{
  unsigned v = u8(r);
  return v | u8(r) << 8;
}

static uint32_t u32(reader *r)
{
  uint32_t v = u16(r);
  return v | (uint32_t)u16(r) << 16;
}

static double f64(reader *r)
{
  uint64_t bits = u32(r);
  bits |= (uint64_t)u32(r) << 32;
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

static float f32(reader *r)
{
  uint32_t bits = u32(r);
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

/* A side: mostly 1..64, sometimes a value the core must refuse (a kernel
 * side beyond KCV_KERNEL_MAX; an image side below 1, as images have no
 * upper limit). */
static int side(reader *r, int max, int kernel)
{
  unsigned b = u8(r);
  if (b < 248)
    return 1 + (int)(b % (unsigned)max);
  static const int bad_kernel[] = {0, -1, KCV_KERNEL_MAX + 1, INT32_MIN, INT32_MAX, -64, 65536, 2};
  static const int bad_image[] = {0, -1, 0, INT32_MIN, -2, -64, -65536, 2};
  return kernel ? bad_kernel[b - 248] : bad_image[b - 248];
}

/* A double option: mostly small and ordinary, sometimes any bit pattern. */
static double number(reader *r)
{
  unsigned mode = u8(r) % 8;
  switch (mode) {
  case 0:
    return 0.0;
  case 1:
  case 2:
  case 3:
    return ((int)u8(r) - 128) / 16.0;
  case 4:
    return ((int)u16(r) - 32768) * 1e-3;
  case 5:
    return NAN;
  case 6:
    return u8(r) & 1 ? INFINITY : -INFINITY;
  default:
    return f64(r);
  }
}

static void fail(const char *why)
{
  /* libFuzzer catches the abort and keeps the input; the reason goes first. */
  fprintf(stderr, "%s: %s\n", __FILE__, why);
  abort();
}

static int cancel_after(double fraction, void *data)
{
  int *left = data;
  (void)fraction;
  if (*left < 0)
    return 0;
  return (*left)-- == 0;
}

#define CANARY 12345.678f

typedef struct {
  kcv_image im;
  float *alloc;
  size_t n;
  int valid; /* 0: a view the core must refuse, over a 1-float buffer */
} image;

/* Rows of `stride` floats, the last row only as long as it must be, so ASan
 * sees any write past the last pixel; the stride padding holds CANARY. */
static int image_new(image *img, int w, int h, int c, ptrdiff_t stride)
{
  memset(img, 0, sizeof *img);
  img->im = (kcv_image){.width = w, .height = h, .channels = c, .stride = stride};
  if (w < 1 || h < 1 || c < 1 || c > 4 || w > 64 || h > 64 || stride < (ptrdiff_t)w * c ||
      stride > 64 * 4 + 16) {
    /* A view the core must refuse before touching data: give it a tiny
     * buffer so a read past it is caught. */
    img->alloc = malloc(sizeof(float));
    img->alloc[0] = CANARY;
    img->im.data = img->alloc;
    img->n = 1;
    img->valid = 0;
    return 0;
  }
  img->n = (size_t)(h - 1) * (size_t)stride + (size_t)w * c;
  img->alloc = malloc(img->n * sizeof(float));
  for (size_t i = 0; i < img->n; i++)
    img->alloc[i] = CANARY;
  img->im.data = img->alloc;
  img->valid = 1;
  return 1;
}

static int padding_intact(const image *img)
{
  const kcv_image *im = &img->im;
  if (!img->valid)
    return img->alloc[0] == CANARY;
  for (int y = 0; y + 1 < im->height; y++)
    for (ptrdiff_t i = (ptrdiff_t)im->width * im->channels; i < im->stride; i++)
      if (im->data[y * im->stride + i] != CANARY)
        return 0;
  return 1;
}

static int all_finite(const image *img)
{
  const kcv_image *im = &img->im;
  for (int y = 0; y < im->height; y++)
    for (int i = 0; i < im->width * im->channels; i++)
      if (!isfinite(im->data[y * im->stride + i]))
        return 0;
  return 1;
}

static int same_pixels(const image *a, const image *b)
{
  const kcv_image *x = &a->im, *y = &b->im;
  for (int r = 0; r < x->height; r++)
    for (int i = 0; i < x->width * x->channels; i++) {
      float u = x->data[r * x->stride + i], v = y->data[r * y->stride + i];
      /* IEEE 754 leaves the sign and payload of a NaN result open, and
       * FFTW's code paths differ with alignment: any NaN equals any NaN. */
      if (isnan(u) && isnan(v))
        continue;
      if (memcmp(&u, &v, sizeof(float)) != 0) {
        fprintf(stderr, "pixel %d,%d channel %d: %a on one thread, %a on two\n", i / x->channels, r,
                i % x->channels, x->data[r * x->stride + i], y->data[r * y->stride + i]);
        return 0;
      }
    }
  return 1;
}

/* One run, decoded from the input, and what its checks need. */
typedef struct {
  unsigned kflags, iflags;
  int kw, kh;
  size_t kn;
  float *kdata;
  int weights_sane;
  double abs_sum;
  kcv_kernel kernel;
  kcv_options opt;
  int w, h, c;
  image src, dst;
  int src_ok, pixels_sane;
  kcv_rect rect;
  int use_rect;
  int left; /* progress calls before a cancel; -1: never */
  kcv_plan *plan;
  int via_plan;
  kcv_status st;
} fuzz_case;

static float weight(reader *r, unsigned wmode)
{
  if (wmode == 0) /* small integers, like hand-written kernels */
    return (float)((int)u8(r) % 19 - 9);
  if (wmode == 1) /* fractions */
    return ((int)u16(r) - 32768) / 4096.0f;
  if (wmode == 2) /* sparse: mostly zero */
    return u8(r) < 200 ? 0.0f : ((int)u8(r) - 128) / 8.0f;
  return f32(r); /* any float, NaN and Inf included */
}

static void read_kernel(reader *r, fuzz_case *fc)
{
  fc->kflags = u8(r);
  fc->kw = side(r, 64, 1);
  fc->kh = side(r, 64, 1);
  int kvalid = fc->kw >= 1 && fc->kh >= 1 && fc->kw <= 64 && fc->kh <= 64;
  fc->kn = kvalid ? (size_t)fc->kw * fc->kh : 1;
  fc->kdata = malloc(fc->kn * sizeof(float));
  fc->weights_sane = 1;
  fc->abs_sum = 0.0;
  for (size_t i = 0; i < fc->kn; i++) {
    float w = weight(r, fc->kflags & 3);
    fc->kdata[i] = w;
    fc->abs_sum += fabs((double)w);
    if (!isfinite(w))
      fc->weights_sane = 0;
  }
  /* Beyond this the plan must refuse the kernel (KCV_ERR_DIVISOR) or the
   * float sums may overflow; below it every finite result must stay finite,
   * denormal weights, huge divisors and offsets included. */
  if (!(fc->abs_sum <= 1e30))
    fc->weights_sane = 0;
  fc->kernel =
      (kcv_kernel){.width = fc->kw, .height = fc->kh, .data = (fc->kflags & 4) ? NULL : fc->kdata};
}

static void read_options(reader *r, kcv_options *opt)
{
  kcv_options_init(opt);
  unsigned oflags = u8(r);
  int m = (int8_t)u8(r);
  opt->method = (kcv_method)(m >= -2 && m <= KCV_METHOD_COUNT + 1 ? m : m % 5);
  int b = (int8_t)u8(r);
  opt->border = (kcv_border)(b >= -2 && b <= KCV_BORDER_COUNT + 1 ? b : b % 4);
  opt->flip = oflags & 1;
  opt->alpha_weighting = (oflags >> 1) & 1;
  opt->divisor = (oflags & 4) ? number(r) : 0.0;
  opt->offset = (oflags & 8) ? number(r) : 0.0;
  opt->channel_mask = (oflags & 16) ? u8(r) : 0;
  if (oflags & 32)
    opt->threads = (int8_t)u8(r) % 4; /* -3..3 */
  else
    opt->threads = 1;
}

/* The source image, its pixels (maybe one non-finite) and the rectangle. */
static void read_source(reader *r, fuzz_case *fc)
{
  fc->iflags = u8(r);
  fc->w = side(r, 64, 0);
  fc->h = side(r, 64, 0);
  const int w = fc->w, h = fc->h;
  fc->c = 1 + (int)(u8(r) % 4);
  if (fc->iflags & 1)
    fc->c = (int)(u8(r) % 7) - 1; /* -1..5 */
  const int c = fc->c;
  ptrdiff_t stride = (ptrdiff_t)w * c + (ptrdiff_t)(u8(r) % 8);
  if (fc->iflags & 2)
    stride = (ptrdiff_t)w * c - 1 - (ptrdiff_t)(u8(r) % 4);
  fc->src_ok = image_new(&fc->src, w, h, c, stride);
  fc->pixels_sane = 1;
  if (fc->src_ok) {
    for (int y = 0; y < h; y++)
      for (int i = 0; i < w * c; i++)
        fc->src.im.data[y * stride + i] = ((int)u8(r) - 128) / 128.0f;
    if (fc->iflags & 4) { /* one non-finite pixel */
      unsigned at = u16(r) % (unsigned)(w * h * c);
      fc->src.im.data[(at / (unsigned)(w * c)) * stride + at % (unsigned)(w * c)] =
          u8(r) & 1 ? NAN : INFINITY;
      fc->pixels_sane = 0;
    }
  }
  fc->rect = (kcv_rect){0, 0, fc->src_ok ? w : 1, fc->src_ok ? h : 1};
  fc->use_rect = fc->iflags & 8;
  if (fc->use_rect) {
    fc->rect.x = (int8_t)u8(r);
    fc->rect.y = (int8_t)u8(r);
    fc->rect.width = (int8_t)u8(r);
    fc->rect.height = (int8_t)u8(r);
  }
}

/* The output (maybe mismatched) and when to cancel. */
static void read_output(reader *r, fuzz_case *fc)
{
  int dw = fc->rect.width, dh = fc->rect.height, dc = fc->c;
  if (fc->iflags & 16) { /* a mismatched output */
    dw += (int)(u8(r) % 3) - 1;
    dh += (int)(u8(r) % 3) - 1;
    dc = (int)(u8(r) % 6);
  }
  image_new(&fc->dst, dw, dh, dc, (ptrdiff_t)(dw > 0 ? dw : 1) * dc + (ptrdiff_t)(u8(r) % 4));
  fc->left = (fc->iflags & 32) ? (int)u8(r) % 4 : -1;
}

/* Through a plan (with its queries) or the one-shot call. */
static void run_case(fuzz_case *fc)
{
  const kcv_rect *rect = fc->use_rect ? &fc->rect : NULL;
  const kcv_kernel *kernel = (fc->kflags & 8) ? NULL : &fc->kernel;
  kcv_progress_fn progress = fc->left >= 0 ? cancel_after : NULL;
  fc->via_plan = fc->iflags & 64;
  if (!fc->via_plan) {
    fc->st = kcv_convolve(&fc->src.im, kernel, &fc->opt, rect, &fc->dst.im, progress, &fc->left);
    return;
  }
  fc->st = kcv_plan_new(kernel, (fc->kflags & 16) ? NULL : &fc->opt, &fc->plan);
  if ((unsigned)fc->st >= KCV_STATUS_COUNT)
    fail("plan_new status out of range");
  if (fc->st != KCV_OK) {
    if (fc->plan)
      fail("plan set on failure");
    return;
  }
  double secs = -1;
  const kcv_image *d = &fc->dst.im;
  kcv_method chosen = kcv_plan_choose(fc->plan, d->width, d->height, d->channels, &secs);
  if ((unsigned)chosen >= KCV_METHOD_COUNT || !(secs >= 0))
    fail("plan_choose");
  int rank = kcv_plan_rank(fc->plan);
  if (rank != -1 && (rank < 1 || rank > KCV_SEPARABLE_MAX_RANK))
    fail("plan_rank");
  fc->st = kcv_plan_execute(fc->plan, &fc->src.im, rect, &fc->dst.im, progress, &fc->left);
}

/* A status in range with its texts, src untouched, dst's padding intact. */
static void check_status(const fuzz_case *fc, const float *src_copy)
{
  if ((unsigned)fc->st >= KCV_STATUS_COUNT)
    fail("status out of range");
  if (kcv_status_message(fc->st) == NULL || kcv_status_name(fc->st) == NULL)
    fail("status text");
  if (memcmp(src_copy, fc->src.alloc, fc->src.n * sizeof(float)) != 0)
    fail("src written");
  if (!padding_intact(&fc->dst))
    fail("dst padding written");
}

static void check_finite(const fuzz_case *fc)
{
  if (fc->st != KCV_OK || fc->left >= 0 || !fc->weights_sane || !fc->pixels_sane ||
      all_finite(&fc->dst))
    return;
  double min_abs = INFINITY;
  for (size_t i = 0; i < fc->kn; i++)
    if (fc->kdata[i] != 0.0f && fabs((double)fc->kdata[i]) < min_abs)
      min_abs = fabs((double)fc->kdata[i]);
  const kcv_options *o = &fc->opt;
  fprintf(stderr,
          "kernel %dx%d, sum |w| %g, smallest |w| %g, divisor %g, offset %g, method %d, "
          "border %d, channels %d, alpha weighting %d, mask %#x\n",
          fc->kw, fc->kh, fc->abs_sum, min_abs, o->divisor, o->offset, (int)o->method,
          (int)o->border, fc->c, o->alpha_weighting, o->channel_mask);
  fail("non-finite output from finite inputs");
}

/* Each pixel of the result within tol of direct's, NaN meeting NaN and an
 * infinity the same one. */
static void compare_to_direct(const fuzz_case *fc, const kcv_options *used, const image *direct,
                              double tol)
{
  const kcv_image *a = &fc->dst.im, *b3 = &direct->im;
  for (int y = 0; y < a->height; y++)
    for (int i = 0; i < a->width * a->channels; i++) {
      const float u = a->data[y * a->stride + i], v = b3->data[y * b3->stride + i];
      double d = fabs((double)u - v);
      if (isnan(u) && isnan(v))
        d = 0.0;
      else if (isinf(u) && u == v)
        d = 0.0; /* d is NaN otherwise */
      if (d <= tol)
        continue;
      fprintf(stderr,
              "pixel %d,%d channel %d: %g against direct %g (tolerance %g); kernel %dx%d, "
              "method %d, border %d, flip %d, rect %d,%d %dx%d of %dx%d\n",
              i / a->channels, y, i % a->channels, a->data[y * a->stride + i],
              b3->data[y * b3->stride + i], tol, fc->kw, fc->kh, (int)used->method,
              (int)used->border, used->flip, fc->use_rect ? fc->rect.x : 0,
              fc->use_rect ? fc->rect.y : 0, a->width, a->height, fc->w, fc->h);
      fail("a method disagrees with direct");
    }
}

/* Every method against the direct one, on inputs where float rounding
 * is the only difference: error within 1e-4 of the scale of the terms
 * (sum |w| / |divisor|; pixels are below 1), and a non-finite pixel
 * reaching the same outputs as NaN or the same infinity. Alpha weighting
 * divides by a local sum that may be tiny, so it is left out. */
static void check_against_direct(const fuzz_case *fc)
{
  const kcv_options *used = (fc->via_plan && (fc->kflags & 16)) ? NULL : &fc->opt;
  kcv_options defaults;
  kcv_options_init(&defaults);
  if (!used)
    used = &defaults;
  const kcv_image *dst = &fc->dst.im;
  if (fc->st != KCV_OK || fc->left >= 0 || !fc->weights_sane || used->alpha_weighting ||
      used->method == KCV_METHOD_DIRECT ||
      (double)fc->kw * fc->kh * dst->width * dst->height * fc->c > 4e6)
    return;
  kcv_options od = *used;
  od.method = KCV_METHOD_DIRECT;
  image d3;
  image_new(&d3, dst->width, dst->height, dst->channels, dst->stride);
  kcv_status s3 = kcv_convolve(&fc->src.im, &fc->kernel, &od, fc->use_rect ? &fc->rect : NULL,
                               &d3.im, NULL, NULL);
  if (s3 != KCV_OK)
    fail("direct refuses what another method did");
  double divisor = od.divisor != 0.0 ? od.divisor : kcv_kernel_auto_divisor(&fc->kernel);
  double tol = 1e-4 * fc->abs_sum / fabs(divisor) + 1e-6 * fabs(od.offset) + 1e-6;
  compare_to_direct(fc, used, &d3, tol);
  free(d3.alloc);
}

/* The same work on two threads must give the very same bits. */
static void check_threads(const fuzz_case *fc)
{
  if (fc->st != KCV_OK || !fc->plan || fc->left >= 0 || (unsigned)fc->opt.threads > 1 ||
      (fc->kflags & 16))
    return;
  kcv_options o2 = fc->opt;
  o2.threads = 2;
  kcv_plan *p2 = NULL;
  if (kcv_plan_new(&fc->kernel, &o2, &p2) != KCV_OK)
    fail("plan_new differs between thread counts");
  const kcv_image *dst = &fc->dst.im;
  image d2;
  image_new(&d2, dst->width, dst->height, dst->channels, dst->stride);
  kcv_status s2 =
      kcv_plan_execute(p2, &fc->src.im, fc->use_rect ? &fc->rect : NULL, &d2.im, NULL, NULL);
  if (s2 != KCV_OK && s2 != KCV_ERR_NOMEM)
    fail("second run failed");
  /* AUTO weighs the thread count (a small output may run direct on two
   * threads but fft on one), so only the same method must give the same bits. */
  kcv_method one = kcv_plan_choose(fc->plan, dst->width, dst->height, fc->c, NULL);
  kcv_method two = kcv_plan_choose(p2, dst->width, dst->height, fc->c, NULL);
  if (s2 == KCV_OK && one == two && !same_pixels(&fc->dst, &d2)) {
    fprintf(stderr,
            "kernel %dx%d, method %d (runs %s on one thread, %s on two), border %d, "
            "flip %d, channels %d, mask %#x, output %dx%d of %dx%d\n",
            fc->kw, fc->kh, (int)fc->opt.method, kcv_method_name(one), kcv_method_name(two),
            (int)fc->opt.border, fc->opt.flip, fc->c, fc->opt.channel_mask, dst->width, dst->height,
            fc->w, fc->h);
    fail("threads change the result");
  }
  free(d2.alloc);
  kcv_plan_free(p2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  reader r = {data, size};
  fuzz_case fc;
  memset(&fc, 0, sizeof fc);
  read_kernel(&r, &fc);
  read_options(&r, &fc.opt);
  read_source(&r, &fc);
  read_output(&r, &fc);

  /* Keep a copy of src to prove it is not written. */
  float *src_copy = malloc(fc.src.n * sizeof(float));
  memcpy(src_copy, fc.src.alloc, fc.src.n * sizeof(float));
  run_case(&fc);
  check_status(&fc, src_copy);
  check_finite(&fc);
  check_against_direct(&fc);
  check_threads(&fc);

  kcv_plan_free(fc.plan);
  free(src_copy);
  free(fc.src.alloc);
  free(fc.dst.alloc);
  free(fc.kdata);
  return 0;
}
