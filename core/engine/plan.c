/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: plans (kernel-dependent state, cached per method) and execution:
 * argument checks, method choice, tiling, border, divisor/offset, channel
 * mask and alpha weighting around the methods' tile kernels. */
#include "kcv-private.h"
#include "kcv-vector-private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The kernel, |kernel| (alpha weighting), and the kernel widened for the
 * direct method on interleaved pixels of 2, 3 or 4 channels (below). */
enum { KERNEL_MAIN = 0, KERNEL_ABS = 1, KERNEL_WIDE = 2, KERNEL_SLOTS = KERNEL_WIDE + 3 };

/*
 * Interleaved path (direct and separable). The planar path fills one padded tile per
 * channel (a strided gather), runs the method, and scatters the result back
 * (a strided store); for small kernels those two passes cost more than the
 * convolution itself (callgrind; docs/benchmarks.md). When the
 * direct method runs on every channel, the tile is
 * instead kept interleaved and convolved with the kernel widened to
 * (kw - 1) * C + 1 columns, weight (i, j) moved to (i * C, j) and zeros in
 * between: out[y][x * C + c] = sum k[j][i] in[y + j][(x + i) * C + c]. The
 * direct method drops zero taps at prepare, so it does the same taps in the
 * same order as on each plane: the result is bit for bit the planar one.
 * The separable method takes the same path: the widened kernel has the
 * kernel's rank, and its horizontal filter runs with step C over the
 * non-zero columns only (the low-rank factors may differ from the planar
 * ones in the last bits). The fill is then row copies and the write-back a
 * contiguous pass.
 * A method with its own run_interleaved (fft) reads the tile from the image
 * itself, border included, splitting the planes out as it copies them into
 * its transform arrays, and writes the pixels back.
 * Alpha weighting takes these paths too when no weight is negative (then
 * the weighted alpha is the alpha channel's own result): the colours are
 * premultiplied as the tile is filled (never read in place) and divided by
 * the result's alpha afterwards, with the planar path's operations.
 */
#define WIDE_MAX_TAPS (1 << 22)

/* Outputs from this size on are written with non-temporal stores where the
 * method can (twice a large L3: the output cannot stay in cache anyway). */
#define STREAM_BYTES (64.0 * 1024 * 1024)

static const kcv__method *const methods[KCV_METHOD_COUNT] = {
    [KCV_METHOD_DIRECT] = &kcv__method_direct,
    [KCV_METHOD_FFT] = &kcv__method_fft,
    [KCV_METHOD_SEPARABLE] = &kcv__method_separable,
    [KCV_METHOD_IM2COL] = &kcv__method_im2col,
};

typedef struct {
  kcv__kernel_info info;
  float *k;
  double *kd;
  int prepared[KCV_METHOD_COUNT];
  kcv_status prep_status[KCV_METHOD_COUNT];
  void *state[KCV_METHOD_COUNT];
} plan_kernel;

struct kcv_plan {
  kcv_options opt;
  int ax, ay; /* anchor of the correlation kernel */
  double offset;
  double den_factor; /* alpha weighting: turns the weighted alpha into the |w|-normalised one */
  int has_negative;
  plan_kernel kern[KERNEL_SLOTS]; /* see KERNEL_MAIN.. */
  pthread_mutex_t lock;
  int rank;
  int rank_done;
  /* AUTO's last choice (it costs every method's tiling, fft's the most),
   * for the output size, channels and cost model it was made for. */
  struct {
    int valid, w, h, channels;
    unsigned generation;
    kcv_method method;
    double seconds;
  } last;
};

static kcv_status check_options(const kcv_options *o)
{
  if ((unsigned)o->method >= KCV_METHOD_COUNT)
    return KCV_ERR_METHOD;
  if ((unsigned)o->border >= KCV_BORDER_COUNT)
    return KCV_ERR_BORDER;
  if (!isfinite(o->divisor))
    return KCV_ERR_DIVISOR;
  if (!isfinite(o->offset) || fabs(o->offset) > KCV_OFFSET_MAX)
    return KCV_ERR_OFFSET;
  if (o->threads < 0)
    return KCV_ERR_THREADS;
  if (o->channel_mask > 0xF)
    return KCV_ERR_CHANNEL_MASK;
  return KCV_OK;
}

kcv_status kcv__check_image(const kcv_image *im)
{
  if (!im || !im->data)
    return KCV_ERR_NULL;
  if (im->width < 1 || im->height < 1)
    return KCV_ERR_IMAGE_SIZE;
  if (im->channels < 1 || im->channels > 4)
    return KCV_ERR_CHANNELS;
  if (im->stride < (ptrdiff_t)im->width * im->channels)
    return KCV_ERR_STRIDE;
  return KCV_OK;
}

static void plan_kernel_clear(plan_kernel *pk)
{
  for (int m = 0; m < KCV_METHOD_COUNT; m++)
    if (pk->state[m] && methods[m]->release)
      methods[m]->release(pk->state[m]);
  free(pk->k);
  free(pk->kd);
}

void kcv_plan_free(kcv_plan *plan)
{
  if (!plan)
    return;
  for (int i = 0; i < KERNEL_SLOTS; i++)
    plan_kernel_clear(&plan->kern[i]);
  pthread_mutex_destroy(&plan->lock);
  free(plan);
}

kcv_status kcv_plan_new(const kcv_kernel *kernel, const kcv_options *options, kcv_plan **out)
{
  if (!out)
    return KCV_ERR_NULL;
  *out = NULL;
  kcv_options defaults;
  if (!options) {
    kcv_options_init(&defaults);
    options = &defaults;
  }
  kcv_status st = kcv_kernel_check(kernel);
  if (st != KCV_OK)
    return st;
  if ((st = check_options(options)) != KCV_OK)
    return st;

  const int kw = kernel->width, kh = kernel->height;
  const size_t n = (size_t)kw * kh;
  double divisor = options->divisor != 0.0 ? options->divisor : kcv_kernel_auto_divisor(kernel);
  double scale = 1.0 / divisor;
  double abs_sum = 0.0;
  int has_negative = 0;
  for (size_t i = 0; i < n; i++) {
    abs_sum += fabs(kernel->data[i]);
    has_negative |= kernel->data[i] < 0.0f;
  }
  /* Inputs are colour values of order 1: a result beyond float range means
   * the divisor is unusable, not the image. */
  if (!isfinite(scale) || abs_sum * fabs(scale) > 1e30)
    return KCV_ERR_DIVISOR;

  kcv_plan *p = calloc(1, sizeof *p);
  if (!p)
    return KCV_ERR_NOMEM;
  pthread_mutex_init(&p->lock, NULL);
  p->opt = *options;
  p->offset = options->offset;
  /* Without negative weights the weighted alpha comes from the kernel itself
   * (conv(a, w / divisor)); divisor / sum|w| turns it into conv(a, |w| / sum|w|). */
  p->den_factor = has_negative ? 1.0 : (abs_sum > 0 ? divisor / abs_sum : 0.0);
  p->has_negative = has_negative;
  /* Even sizes anchor at (w-1)/2; true convolution is correlation with the
   * kernel rotated by 180 degrees about that anchor, which moves it to
   * w-1-(w-1)/2. */
  int ax = (kw - 1) / 2, ay = (kh - 1) / 2;
  p->ax = options->flip ? kw - 1 - ax : ax;
  p->ay = options->flip ? kh - 1 - ay : ay;
  for (int which = 0; which < 2; which++) {
    plan_kernel *pk = &p->kern[which];
    pk->k = malloc(n * sizeof(float));
    pk->kd = malloc(n * sizeof(double));
    if (!pk->k || !pk->kd) {
      kcv_plan_free(p);
      return KCV_ERR_NOMEM;
    }
    /* The divisor is folded into the weights (tiny weights with their
     * automatic divisor stay in float range), and |kernel| is normalised
     * to sum 1, so the weighted alpha lies within the alpha values. */
    for (size_t i = 0; i < n; i++) {
      double w = options->flip ? kernel->data[n - 1 - i] : kernel->data[i];
      if (which == KERNEL_ABS)
        w = abs_sum > 0 ? fabs(w) / abs_sum : 0.0;
      else
        w *= scale;
      pk->k[i] = (float)w;
      pk->kd[i] = w;
    }
    pk->info = (kcv__kernel_info){.kw = kw, .kh = kh, .k = pk->k, .kd = pk->kd};
  }
  *out = p;
  return KCV_OK;
}

/* Builds the widened kernel of slot KERNEL_WIDE + C - 2 (see above); with
 * the plan's lock held. Out of memory leaves the slot as it was (empty), so
 * no method is ever prepared on a half-made kernel. */
static kcv_status make_wide(kcv_plan *p, int which)
{
  const int C = which - KERNEL_WIDE + 2;
  const kcv__kernel_info *ki = &p->kern[KERNEL_MAIN].info;
  plan_kernel *pk = &p->kern[which];
  const int kw = (ki->kw - 1) * C + 1;
  const size_t n = (size_t)kw * ki->kh;
  float *k = calloc(n, sizeof(float));
  double *kd = calloc(n, sizeof(double));
  if (!k || !kd) {
    free(k);
    free(kd);
    return KCV_ERR_NOMEM;
  }
  for (int j = 0; j < ki->kh; j++)
    for (int i = 0; i < ki->kw; i++) {
      k[(size_t)j * kw + (size_t)i * C] = ki->k[(size_t)j * ki->kw + i];
      kd[(size_t)j * kw + (size_t)i * C] = ki->kd[(size_t)j * ki->kw + i];
    }
  pk->k = k;
  pk->kd = kd;
  pk->info = (kcv__kernel_info){.kw = kw, .kh = ki->kh, .k = k, .kd = kd};
  return KCV_OK;
}

/* The method's kernel-dependent state, made on first use. */
static kcv_status get_state(kcv_plan *p, int which, kcv_method m, void **state)
{
  plan_kernel *pk = &p->kern[which];
  kcv_status st = KCV_OK;
  *state = NULL;
  pthread_mutex_lock(&p->lock);
  /* Out of memory is not the method's verdict on the kernel: nothing is
   * remembered, the next call tries again. */
  if (which >= KERNEL_WIDE && !pk->k)
    st = make_wide(p, which);
  if (st == KCV_OK && !pk->prepared[m]) {
    pk->state[m] = NULL;
    pk->prep_status[m] = methods[m]->prepare(&pk->info, &pk->state[m]);
    pk->prepared[m] = pk->prep_status[m] != KCV_ERR_NOMEM;
  }
  if (st == KCV_OK) {
    st = pk->prep_status[m];
    *state = pk->state[m];
  }
  pthread_mutex_unlock(&p->lock);
  return st;
}

int kcv_plan_rank(kcv_plan *p)
{
  if (!p)
    return -1;
  pthread_mutex_lock(&p->lock);
  if (!p->rank_done) {
    const kcv__kernel_info *ki = &p->kern[KERNEL_MAIN].info;
    double *v = malloc(sizeof(double) * KCV_SEPARABLE_MAX_RANK * ki->kh);
    double *h = malloc(sizeof(double) * KCV_SEPARABLE_MAX_RANK * ki->kw);
    if (v && h) {
      p->rank =
          kcv__low_rank(ki->kd, ki->kw, ki->kh, KCV_SEPARABLE_MAX_RANK, KCV__LOWRANK_TOL, v, h);
      /* Out of memory says nothing of the rank: ask again next time. */
      p->rank_done = p->rank != KCV__LOWRANK_NOMEM;
      if (p->rank == KCV__LOWRANK_NOMEM)
        p->rank = -1;
    } else {
      p->rank = -1;
    }
    free(v);
    free(h);
  }
  int r = p->rank;
  pthread_mutex_unlock(&p->lock);
  return r;
}

static void method_tile(kcv_plan *p, kcv_method m, void *state, int w, int h, int *tw, int *th)
{
  const kcv__kernel_info *ki = &p->kern[KERNEL_MAIN].info;
  *tw = w;
  *th = h;
  if (methods[m]->tile_size)
    methods[m]->tile_size(state, ki, w, h, tw, th);
  if (*tw < 1 || *tw > w)
    *tw = w;
  if (*th < 1 || *th > h)
    *th = h;
}

static int count_bits(unsigned m)
{
  int n = 0;
  for (; m; m &= m - 1)
    n++;
  return n;
}

static int resolve_threads(const kcv_plan *p)
{
  return p->opt.threads > 0 ? p->opt.threads : kcv__cpu_count();
}

/* AUTO: the usable method with the lowest predicted time. */
static kcv_method choose(kcv_plan *p, int w, int h, int channels, double *seconds)
{
  kcv_method best = KCV_METHOD_DIRECT;
  double best_t = INFINITY, best_own = INFINITY;
  int rank = -1;
  /* Methods are compared as if every core worked, so the choice (and with
   * it the result, bit for bit) does not depend on the thread count asked
   * for; the time reported is for the threads that will run. */
  const int cores = kcv__cpu_count();
  int threads = resolve_threads(p);
  if (threads > cores)
    threads = cores;
  for (int m = KCV_METHOD_DIRECT; m < KCV_METHOD_COUNT; m++) {
    if (p->opt.method != KCV_METHOD_AUTO && (kcv_method)m != p->opt.method)
      continue;
    void *state;
    if (get_state(p, KERNEL_MAIN, m, &state) != KCV_OK)
      continue;
    if (m == KCV_METHOD_SEPARABLE)
      rank = kcv_plan_rank(p);
    int tw, th;
    method_tile(p, m, state, w, h, &tw, &th);
    const kcv__kernel_info *ki = &p->kern[KERNEL_MAIN].info;
    double t = kcv__cost(m, ki, rank, w, h, channels, tw, th, cores);
    if (t < best_t) {
      best_t = t;
      best = m;
      best_own = kcv__cost(m, ki, rank, w, h, channels, tw, th, threads);
    }
  }
  if (p->opt.method != KCV_METHOD_AUTO && !isfinite(best_t))
    best = p->opt.method; /* unusable: execute reports why */
  if (seconds)
    *seconds = isfinite(best_own) ? best_own : 0.0;
  return best;
}

/* choose, remembered for the last output size (the preview and the
 * plug-in's bands execute one plan on the same size again and again). */
static kcv_method choose_cached(kcv_plan *p, int w, int h, int channels, double *seconds)
{
  const unsigned generation = kcv__cost_generation();
  pthread_mutex_lock(&p->lock);
  int hit = p->last.valid && p->last.w == w && p->last.h == h && p->last.channels == channels &&
            p->last.generation == generation;
  kcv_method m = p->last.method;
  double t = p->last.seconds;
  pthread_mutex_unlock(&p->lock);
  if (!hit) {
    m = choose(p, w, h, channels, &t);
    pthread_mutex_lock(&p->lock);
    p->last.valid = 1;
    p->last.w = w;
    p->last.h = h;
    p->last.channels = channels;
    p->last.generation = generation;
    p->last.method = m;
    p->last.seconds = t;
    pthread_mutex_unlock(&p->lock);
  }
  if (seconds)
    *seconds = t;
  return m;
}

kcv_method kcv_plan_choose(kcv_plan *p, int width, int height, int channels, double *seconds)
{
  if (seconds)
    *seconds = 0.0;
  if (!p || width < 1 || height < 1 || channels < 1)
    return KCV_METHOD_DIRECT;
  return choose_cached(p, width, height, channels, seconds);
}

typedef struct {
  kcv_plan *plan;
  const kcv_image *src;
  const kcv_rect *rect;
  kcv_image *dst;
  unsigned mask;
  int alpha; /* alpha channel index when alpha weighting applies, else -1 */
  const kcv__method *method, *abs_method;
  void *state, *abs_state;
  int tw, th, ntx, nty;
  int wide;                       /* interleaved path through run: widened kernel slot, else 0 */
  int native;                     /* interleaved path through the method's run_interleaved */
  int stream;                     /* interleaved path through the method's run_streaming */
  kcv__alpha_weighting weighting; /* native path with alpha >= 0 */
  size_t off_out, off_den, off_xmap, off_scratch;
} exec_ctx;

static size_t align_up(size_t n)
{
  return (n + KCV__ALIGN - 1) / KCV__ALIGN * KCV__ALIGN;
}

/* Alpha weighting's division on w interleaved pixels in place. */
static void alpha_divide_row(float *restrict d, int w, int C, int alpha, float den_factor)
{
  for (int x = 0; x < w; x++) {
    float *px = d + (ptrdiff_t)x * C;
    for (int c = 0; c < C; c++)
      if (c != alpha)
        px[c] = kcv__alpha_divide(px[c], px[alpha], den_factor);
  }
}

/* The same for RGBA with alpha last, two pixels to a vector: each lane does
 * kcv__alpha_divide's float multiply, compare and divide (so the same bits),
 * and alpha is kept. The compiler's own vectorisation of the scalar loop
 * gathered the stride-4 samples and spent 16 instructions a pixel, a sixth
 * of an identity call's work (bench/gimp-callgrind.sh identity). */
KCV__CLONES
static void alpha_divide_rgba(float *restrict d, int w, float den_factor)
{
  const kcv__vi8 colour = {-1, -1, -1, 0, -1, -1, -1, 0};
  int x = 0;
  for (; x + 2 <= w; x += 2) {
    float *px = d + (ptrdiff_t)x * 4;
    kcv__vf8 v;
    memcpy(&v, px, sizeof v);
    const kcv__vf8 a = __builtin_shufflevector(v, v, 3, 3, 3, 3, 7, 7, 7, 7) * den_factor;
    const kcv__vi8 keep = a > (float)KCV__ALPHA_EPS;
    const kcv__vi8 q = (kcv__vi8)(v / a);
    const kcv__vi8 out = (q & keep & colour) | ((kcv__vi8)v & ~colour);
    memcpy(px, &out, sizeof out);
  }
  for (; x < w; x++) {
    float *px = d + (ptrdiff_t)x * 4;
    for (int c = 0; c < 3; c++)
      px[c] = kcv__alpha_divide(px[c], px[3], den_factor);
  }
}

/* One rectangle of an interleaved tile: output (x, y) .. (x + w, y + h)
 * relative to the rect. Its padded input is read from the image itself when
 * it lies inside (no border to fill, and the rows are already interleaved),
 * else filled into scratch; the result goes straight to dst (which never
 * overlaps src). */
static kcv_status run_part_interleaved(exec_ctx *e, int x, int y, int w, int h, void *scratch)
{
  kcv_plan *p = e->plan;
  const kcv_image *src = e->src;
  const int C = src->channels;
  const kcv__kernel_info *ki = &p->kern[KERNEL_MAIN].info;
  const int sx0 = e->rect->x + x - p->ax, sy0 = e->rect->y + y - p->ay;
  float *d0 = e->dst->data + (ptrdiff_t)y * e->dst->stride + (ptrdiff_t)x * C;
  void *mscratch = (char *)scratch + e->off_scratch;
  if (e->native) /* the method reads the image itself */
    return e->method->run_interleaved(e->state, ki, src, sx0, sy0, p->opt.border,
                                      e->alpha >= 0 ? &e->weighting : NULL, d0, e->dst->stride, w,
                                      h, mscratch);
  const kcv__kernel_info *kw = &p->kern[e->wide].info;
  const int pw = w + ki->kw - 1, ph = h + ki->kh - 1;
  const ptrdiff_t ps = (ptrdiff_t)pw * C;
  float *in = scratch;
  ptrdiff_t is = ps;
  const int inside =
      e->alpha < 0 && sx0 >= 0 && sy0 >= 0 && sx0 <= src->width - pw && sy0 <= src->height - ph;
  const float *at = inside ? src->data + (ptrdiff_t)sy0 * src->stride + (ptrdiff_t)sx0 * C : NULL;
  /* Read in place, unless the method needs NaN and Inf samples taken out
   * of its input (kcv__run_guarded zeroes them: a copy, never the image). */
  if (inside && (e->method->nonfinite_local || !kcv__has_nonfinite(at, src->stride, (int)ps, ph))) {
    in = (float *)at; /* kcv__run_guarded writes only where it found NaN or Inf: not here */
    is = src->stride;
  } else {
    kcv__fill_padded_interleaved(src, sx0, sy0, pw, ph, p->opt.border, e->alpha, scratch, ps,
                                 (int *)((char *)scratch + e->off_xmap));
  }
  kcv_status st = kcv__run_guarded(e->method, e->stream ? e->method->run_streaming : e->method->run,
                                   e->state, kw, in, is, d0, e->dst->stride, w * C, h, mscratch);
  if (st == KCV_OK && e->alpha >= 0) {
    /* Alpha weighting: each colour over the pixel's weighted alpha, which
     * without negative weights is the alpha channel's own result
     * (kcv__alpha_divide, as on the planar path: the same bits). */
    const float den_factor = (float)p->den_factor;
    for (int yy = 0; yy < h; yy++) {
      float *restrict d = d0 + (ptrdiff_t)yy * e->dst->stride;
      if (C == 4 && e->alpha == 3)
        alpha_divide_rgba(d, w, den_factor);
      else
        alpha_divide_row(d, w, C, e->alpha, den_factor);
    }
  }
  return st;
}

/* Clamps v to lo..hi. */
static int clampi(int v, int lo, int hi)
{
  return v < lo ? lo : v > hi ? hi : v;
}

static kcv_status run_tile_interleaved(exec_ctx *e, int index, void *scratch)
{
  kcv_plan *p = e->plan;
  const kcv__kernel_info *ki = &p->kern[KERNEL_MAIN].info;
  const int C = e->src->channels;
  const int ox = (index % e->ntx) * e->tw, oy = (index / e->ntx) * e->th;
  const int cw = e->rect->width - ox < e->tw ? e->rect->width - ox : e->tw;
  const int ch = e->rect->height - oy < e->th ? e->rect->height - oy : e->th;
  kcv_status st;
  if (e->method->any_tiling) {
    /* The method computes every output alike wherever its block lies, so a tile
     * at the image's edge is cut into the part whose input is inside the
     * image (read in place) and the thin strips around it (filled): for a
     * 3x3 kernel, filling whole edge tiles cost a third of the time. Output
     * column x reads image columns sx0 + x .. sx0 + x + kw - 1. */
    const int sx0 = e->rect->x + ox - p->ax, sy0 = e->rect->y + oy - p->ay;
    const int x0 = clampi(-sx0, 0, cw), x1 = clampi(e->src->width - ki->kw + 1 - sx0, x0, cw);
    const int y0 = clampi(-sy0, 0, ch), y1 = clampi(e->src->height - ki->kh + 1 - sy0, y0, ch);
    const int parts[5][4] = {{x0, y0, x1 - x0, y1 - y0},
                             {0, 0, cw, y0},
                             {0, y1, cw, ch - y1},
                             {0, y0, x0, y1 - y0},
                             {x1, y0, cw - x1, y1 - y0}};
    for (int i = 0; i < 5; i++)
      if (parts[i][2] > 0 && parts[i][3] > 0 &&
          (st = run_part_interleaved(e, ox + parts[i][0], oy + parts[i][1], parts[i][2],
                                     parts[i][3], scratch)) != KCV_OK)
        return st;
  } else if ((st = run_part_interleaved(e, ox, oy, cw, ch, scratch)) != KCV_OK) {
    return st;
  }
  const float offset = (float)p->offset;
  if (offset != 0.0f)
    for (int y = 0; y < ch; y++) {
      float *restrict d = e->dst->data + (ptrdiff_t)(oy + y) * e->dst->stride + (ptrdiff_t)ox * C;
      for (ptrdiff_t x = 0; x < (ptrdiff_t)cw * C; x++)
        d[x] += offset;
    }
  return KCV_OK;
}

static kcv_status run_tile(void *arg, int index, void *scratch)
{
  if (((exec_ctx *)arg)->wide || ((exec_ctx *)arg)->native)
    return run_tile_interleaved(arg, index, scratch);
  exec_ctx *e = arg;
  kcv_plan *p = e->plan;
  const kcv_image *src = e->src;
  kcv_image *dst = e->dst;
  const kcv__kernel_info *ki = &p->kern[KERNEL_MAIN].info;
  const kcv__kernel_info *ka = &p->kern[p->has_negative ? KERNEL_ABS : KERNEL_MAIN].info;
  const int C = src->channels;
  const int ox = (index % e->ntx) * e->tw, oy = (index / e->ntx) * e->th;
  const int cw = e->rect->width - ox < e->tw ? e->rect->width - ox : e->tw;
  const int ch = e->rect->height - oy < e->th ? e->rect->height - oy : e->th;
  const int pw = cw + ki->kw - 1, ph = ch + ki->kh - 1;
  const int sx0 = e->rect->x + ox - p->ax, sy0 = e->rect->y + oy - p->ay;
  const ptrdiff_t ps = pw; /* padded row stride */
  float *pad = scratch;
  float *out = (float *)((char *)scratch + e->off_out);
  float *den = (float *)((char *)scratch + e->off_den);
  int *xmap = (int *)((char *)scratch + e->off_xmap);
  void *mscratch = (char *)scratch + e->off_scratch;
  const float offset = (float)p->offset;
  kcv_status st;

  int need_den = 0;
  for (int c = 0; c < C; c++)
    if ((e->mask >> c & 1) && e->alpha >= 0 && c != e->alpha)
      need_den = 1;
  if (need_den) {
    kcv__fill_padded(src, e->alpha, -1, sx0, sy0, pw, ph, p->opt.border, pad, ps, xmap);
    st = kcv__run_guarded(e->abs_method, e->abs_method->run, e->abs_state, ka, pad, ps, den, cw, cw,
                          ch, mscratch);
    if (st != KCV_OK)
      return st;
  }
  const float den_factor = (float)p->den_factor;

  for (int c = 0; c < C; c++) {
    if (!(e->mask >> c & 1)) {
      for (int y = 0; y < ch; y++) {
        const float *s = src->data + (ptrdiff_t)(e->rect->y + oy + y) * src->stride +
                         (ptrdiff_t)(e->rect->x + ox) * C + c;
        float *d = dst->data + (ptrdiff_t)(oy + y) * dst->stride + (ptrdiff_t)ox * C + c;
        for (int x = 0; x < cw; x++)
          d[(ptrdiff_t)x * C] = s[(ptrdiff_t)x * C];
      }
      continue;
    }
    int weighted = e->alpha >= 0 && c != e->alpha;
    kcv__fill_padded(src, c, weighted ? e->alpha : -1, sx0, sy0, pw, ph, p->opt.border, pad, ps,
                     xmap);
    st = kcv__run_guarded(e->method, e->method->run, e->state, ki, pad, ps, out, cw, cw, ch,
                          mscratch);
    if (st != KCV_OK)
      return st;
    for (int y = 0; y < ch; y++) {
      const float *o = out + (ptrdiff_t)y * cw;
      const float *dn = den + (ptrdiff_t)y * cw;
      float *d = dst->data + (ptrdiff_t)(oy + y) * dst->stride + (ptrdiff_t)ox * C + c;
      if (weighted) {
        for (int x = 0; x < cw; x++) {
          d[(ptrdiff_t)x * C] = kcv__alpha_divide(o[x], dn[x], den_factor) + offset;
        }
      } else {
        for (int x = 0; x < cw; x++)
          d[(ptrdiff_t)x * C] = o[x] + offset;
      }
    }
  }
  return KCV_OK;
}

/* The arguments of kcv_plan_execute; *rect is set to the whole image when
 * NULL, *mask to the channels to convolve. */
static kcv_status check_execute(const kcv_image *src, const kcv_rect **rect, const kcv_rect *whole,
                                const kcv_image *dst, unsigned mask_option, unsigned *mask)
{
  kcv_status st;
  if ((st = kcv__check_image(src)) != KCV_OK || (st = kcv__check_image(dst)) != KCV_OK)
    return st;
  if (!*rect)
    *rect = whole;
  const kcv_rect *r = *rect;
  if (r->width < 1 || r->height < 1 || r->x < 0 || r->y < 0 || r->x > src->width - r->width ||
      r->y > src->height - r->height)
    return KCV_ERR_RECT;
  if (dst->width != r->width || dst->height != r->height || dst->channels != src->channels)
    return KCV_ERR_OUTPUT_SIZE;
  const unsigned all = (1u << src->channels) - 1;
  *mask = mask_option ? mask_option : all;
  return *mask & ~all ? KCV_ERR_CHANNEL_MASK : KCV_OK;
}

/* The method for this output and its states for the kernel and, when alpha
 * weighting needs it, for |kernel|. */
static kcv_status bind_method(exec_ctx *e)
{
  kcv_plan *p = e->plan;
  kcv_method m = choose_cached(p, e->rect->width, e->rect->height, count_bits(e->mask), NULL);
  kcv_status st;
  e->method = methods[m];
  if ((st = get_state(p, KERNEL_MAIN, m, &e->state)) != KCV_OK)
    return st;
  e->abs_method = e->method;
  e->abs_state = e->state;
  if (e->alpha >= 0 && p->has_negative) {
    /* |kernel| may not share the kernel's rank: direct serves any kernel. */
    if (get_state(p, KERNEL_ABS, m, &e->abs_state) != KCV_OK) {
      e->abs_method = &kcv__method_direct;
      if ((st = get_state(p, KERNEL_ABS, KCV_METHOD_DIRECT, &e->abs_state)) != KCV_OK)
        return st;
    }
  }
  return KCV_OK;
}

/* Tiles of tw x th (clamped to the output) and their grid. */
static void set_tiles(exec_ctx *e, int tw, int th)
{
  const int w = e->rect->width, h = e->rect->height;
  e->tw = tw < 1 || tw > w ? w : tw;
  e->th = th < 1 || th > h ? h : th;
  e->ntx = (w + e->tw - 1) / e->tw;
  e->nty = (h + e->th - 1) / e->th;
}

/* Every channel at once, interleaved, and alpha weighting only where the
 * weighted alpha is the alpha channel's own result (no negative weights;
 * else |kernel| gives it, a second convolution). */
static int interleaved_applies(const exec_ctx *e)
{
  const int C = e->src->channels;
  return C > 1 && e->mask == (1u << C) - 1 && (e->alpha < 0 || !e->plan->has_negative);
}

/* The method's own interleaved path (it fills its own padded tile): scratch
 * bytes per thread, or 0 when the path does not apply. */
static size_t setup_native(exec_ctx *e)
{
  if (!e->method->run_interleaved || !interleaved_applies(e))
    return 0;
  const kcv__kernel_info *ki = &e->plan->kern[KERNEL_MAIN].info;
  e->native = 1;
  e->weighting =
      (kcv__alpha_weighting){.alpha = e->alpha, .den_factor = (float)e->plan->den_factor};
  e->off_xmap = e->off_scratch = 0;
  return align_up(
      e->method->interleaved_scratch_size(e->state, ki, e->src->channels, e->tw, e->th));
}

/* The interleaved path through run on the widened kernel (see above):
 * scratch bytes per thread, or 0 when the path does not apply. */
static size_t setup_wide(exec_ctx *e)
{
  kcv_plan *p = e->plan;
  const int C = e->src->channels;
  const kcv__kernel_info *ki = &p->kern[KERNEL_MAIN].info;
  const kcv_method m = e->method->id;
  void *wide_state;
  if (!e->method->wide_tile_size || !interleaved_applies(e) ||
      (double)((ki->kw - 1) * C + 1) * ki->kh > WIDE_MAX_TAPS ||
      get_state(p, KERNEL_WIDE + C - 2, m, &wide_state) != KCV_OK)
    return 0;
  e->wide = KERNEL_WIDE + C - 2;
  e->state = wide_state;
  /* An output this large leaves the cache before anything reads it: store
   * it around the cache (and not when the offset pass re-reads each tile at
   * once). */
  e->stream = e->method->run_streaming && p->offset == 0.0 && e->alpha < 0 &&
              (double)e->rect->width * e->rect->height * C * sizeof(float) >= STREAM_BYTES;
  const kcv__kernel_info *kw = &p->kern[e->wide].info;
  int tw, th;
  e->method->wide_tile_size(e->state, kw, C, e->rect->width, e->rect->height, &tw, &th);
  set_tiles(e, tw, th);
  size_t pw = ((size_t)e->tw + ki->kw - 1) * C, ph = (size_t)e->th + ki->kh - 1;
  size_t ms = e->method->scratch_size ? e->method->scratch_size(e->state, kw, e->tw * C, e->th) : 0;
  e->off_xmap = align_up(pw * ph * sizeof(float)); /* no output tile: dst is written */
  e->off_scratch = e->off_xmap + align_up(((size_t)e->tw + ki->kw - 1) * sizeof(int));
  return e->off_scratch + align_up(ms);
}

/* One padded tile per channel: scratch bytes per thread. */
static size_t setup_planar(exec_ctx *e)
{
  kcv_plan *p = e->plan;
  const kcv__kernel_info *ki = &p->kern[KERNEL_MAIN].info;
  size_t pw = (size_t)e->tw + ki->kw - 1, ph = (size_t)e->th + ki->kh - 1;
  size_t ms = e->method->scratch_size ? e->method->scratch_size(e->state, ki, e->tw, e->th) : 0;
  if (e->abs_method != e->method || e->abs_state != e->state) {
    const kcv__kernel_info *ka = &p->kern[KERNEL_ABS].info;
    size_t ms2 = e->abs_method->scratch_size
                     ? e->abs_method->scratch_size(e->abs_state, ka, e->tw, e->th)
                     : 0;
    if (ms2 > ms)
      ms = ms2;
  }
  e->off_out = align_up(pw * ph * sizeof(float));
  e->off_den = e->off_out + align_up((size_t)e->tw * e->th * sizeof(float));
  e->off_xmap = e->off_den + (e->alpha >= 0 ? align_up((size_t)e->tw * e->th * sizeof(float)) : 0);
  e->off_scratch = e->off_xmap + align_up(pw * sizeof(int));
  return e->off_scratch + align_up(ms);
}

kcv_status kcv_plan_execute(kcv_plan *p, const kcv_image *src, const kcv_rect *rect, kcv_image *dst,
                            kcv_progress_fn progress, void *user_data)
{
  if (!p)
    return KCV_ERR_NULL;
  const kcv_rect whole = {0, 0, src ? src->width : 0, src ? src->height : 0};
  exec_ctx e = {.plan = p, .src = src, .dst = dst, .alpha = -1};
  kcv_status st = check_execute(src, &rect, &whole, dst, p->opt.channel_mask, &e.mask);
  if (st != KCV_OK)
    return st;
  e.rect = rect;
  if (p->opt.alpha_weighting && (src->channels == 2 || src->channels == 4))
    e.alpha = src->channels - 1;
  if ((st = bind_method(&e)) != KCV_OK)
    return st;
  int tw, th;
  method_tile(p, e.method->id, e.state, rect->width, rect->height, &tw, &th);
  set_tiles(&e, tw, th);
  size_t scratch = setup_native(&e);
  if (!e.native && !(scratch = setup_wide(&e)))
    scratch = setup_planar(&e);
  return kcv__parallel(e.ntx * e.nty, resolve_threads(p), scratch, run_tile, &e, progress,
                       user_data);
}

kcv_status kcv_convolve(const kcv_image *src, const kcv_kernel *kernel, const kcv_options *options,
                        const kcv_rect *rect, kcv_image *dst, kcv_progress_fn progress,
                        void *user_data)
{
  kcv_plan *p;
  kcv_status st = kcv_plan_new(kernel, options, &p);
  if (st != KCV_OK)
    return st;
  st = kcv_plan_execute(p, src, rect, dst, progress, user_data);
  kcv_plan_free(p);
  return st;
}
