/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the cost model behind AUTO: predicted seconds per method from kernel
 * size, rank, image size, tiling and threads. The constants are measured by
 * bench/kcv-calibrate; the defaults below come from such a run. */
#include "kcv-private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The median of each constant over three runs of `kcv-calibrate --output
 * FILE` on the machine described in docs/benchmarks.md (its "Cost model"
 * section has the runs); bench/kcv-calibrate.c says how each is fitted.
 * separable_per_tap is re-derived for the double-summed passes (pass_taps
 * below) from that machine's Gaussian times in the README ("AUTO across
 * vector builds" in docs/benchmarks.md says how). */
static const kcv_cost_model defaults = {
    .direct_per_tap = 1.70e-11,
    .im2col_per_tap = 8.66e-11,
    .separable_per_tap = 1.5e-11,
    .fft_per_point = 7.77e-11,
    .per_sample = 3.49e-10,
    .fixed = 5.70e-6,
    .direct_per_sample = 2.48e-10,
};
static kcv_cost_model model; /* when set; else the defaults, scaled */
static pthread_mutex_t model_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned model_generation; /* bumped by every set, under model_lock */
static int model_is_default = 1;  /* no set yet, under model_lock */

/* The defaults above were measured with the AVX-512 blocks. On a machine
 * whose direct and separable blocks are the AVX2 or SSE2 builds (fewer
 * floats per instruction) their per-tap costs are these times larger: the
 * time ratios of the builds on the machine the defaults come from, each
 * the median of three `kcv-bench --size 1024 --reps 7 --isa-ratios` runs
 * (docs/benchmarks.md, "AUTO on the AVX2 and SSE2 builds").
 * FFTW, im2col and the copies keep their own dispatch and are not scaled;
 * the core count enters every prediction through the threads. A model that
 * was set (a calibration made on the machine itself) is used as it is. */
static const double isa_direct_scale[] = {
    [KCV__ISA_PORTABLE] = 2.86, [KCV__ISA_AVX2] = 1.30, [KCV__ISA_AVX512] = 1.0};
/* The float passes of separable (up to 16 taps): the AVX2 scale is the
 * Intel machine's (x1.40; AMD measured x1.62), since with AMD's the AVX2
 * build kept direct and fft where separable ran faster there. */
static const double isa_separable_scale[] = {
    [KCV__ISA_PORTABLE] = 3.15, [KCV__ISA_AVX2] = 1.40, [KCV__ISA_AVX512] = 1.0};
/* A tap of a double-summed pass (over 16 taps) in float taps, per build, on
 * one channel and on 2 to 4 interleaved ones. The narrower builds gain less
 * on these: blocks of 8 taps summed in double fill 2 (SSE2) or 4 (AVX2)
 * lanes, not 8. Their values are the slopes of separable's time against pass
 * length, 21 to 101 taps, over AVX-512's (one core): AVX2 1.5x and SSE2 3.5x
 * to 3.7x on one channel at 256x256 and 1024x1024, 1.8x and 4.6x on RGBA at
 * 1024x1024 (1.4x and 3.1x at 256x256), so about 1.3 and 1.35 build taps on
 * one channel and 1.56 and 1.75 on RGBA. With 1.7 and 2.1 for all, AUTO
 * picked fft for SSE2 one-channel 21x21 from 1024x1024 up and AVX2 RGBA
 * 51x51 at 2048x2048, which separable ran 1.1x to 1.66x faster; one value
 * for all channel counts low enough for those moved SSE2 RGBA 21x21 at
 * 768x768 to 1536x1536 and 2- to 4-channel 51x51 at 256x256 (two cores) to
 * separable, where fft ran 1.1x to 1.7x faster (docs/benchmarks.md, "Seventh
 * pass"). */
static const double isa_double_pass[] = {
    [KCV__ISA_PORTABLE] = 1.4, [KCV__ISA_AVX2] = 1.3, [KCV__ISA_AVX512] = 1.2};
static const double isa_double_pass_interleaved[] = {
    [KCV__ISA_PORTABLE] = 1.8, [KCV__ISA_AVX2] = 1.6, [KCV__ISA_AVX512] = 1.2};

unsigned kcv__cost_generation(void)
{
  pthread_mutex_lock(&model_lock);
  unsigned g = model_generation;
  pthread_mutex_unlock(&model_lock);
  return g;
}

void kcv__cost_model_builtin(int level, kcv_cost_model *out)
{
  if (level < KCV__ISA_PORTABLE || level > KCV__ISA_AVX512)
    level = KCV__ISA_PORTABLE;
  *out = defaults;
  out->direct_per_tap *= isa_direct_scale[level];
  out->separable_per_tap *= isa_separable_scale[level];
}

void kcv_cost_model_get(kcv_cost_model *out)
{
  if (!out)
    return;
  const int level = kcv__isa_level();
  pthread_mutex_lock(&model_lock);
  if (model_is_default)
    kcv__cost_model_builtin(level, out);
  else
    *out = model;
  pthread_mutex_unlock(&model_lock);
}

void kcv_cost_model_reset(void)
{
  pthread_mutex_lock(&model_lock);
  model_is_default = 1;
  model_generation++;
  pthread_mutex_unlock(&model_lock);
}

void kcv_cost_model_set(const kcv_cost_model *in)
{
  if (!in)
    return;
  pthread_mutex_lock(&model_lock);
  model = *in;
  model_is_default = 0;
  model_generation++;
  pthread_mutex_unlock(&model_lock);
}

#define FIELDS(X)                                                                                  \
  X(direct_per_tap)                                                                                \
  X(im2col_per_tap)                                                                                \
  X(separable_per_tap) X(fft_per_point) X(per_sample) X(fixed) X(direct_per_sample)

kcv_status kcv_cost_model_load(const char *path)
{
  if (!path)
    return KCV_ERR_NULL;
  FILE *f = fopen(path, "r");
  if (!f)
    return KCV_ERR_IO;
  kcv_cost_model m;
  kcv_cost_model_get(&m);
  char name[64];
  double value;
  kcv_status st = KCV_OK;
  int r;
  while ((r = fscanf(f, "%63s %lf", name, &value)) == 2) {
    if (!isfinite(value) || value < 0) {
      st = KCV_ERR_PARSE;
      break;
    }
#define SET(field)                                                                                 \
  if (strcmp(name, #field) == 0)                                                                   \
    m.field = value;
    FIELDS(SET)
#undef SET
  }
  if (st == KCV_OK && r != EOF)
    st = KCV_ERR_PARSE;
  fclose(f);
  if (st == KCV_OK)
    kcv_cost_model_set(&m);
  return st;
}

kcv_status kcv_cost_model_save(const char *path, const kcv_cost_model *m)
{
  if (!path || !m)
    return KCV_ERR_NULL;
  FILE *f = fopen(path, "w");
  if (!f)
    return KCV_ERR_IO;
#define PUT(field) fprintf(f, "%s %.6g\n", #field, m->field);
  FIELDS(PUT)
#undef PUT
  return fclose(f) == 0 ? KCV_OK : KCV_ERR_IO;
}

/* The taps direct and im2col walk: the non-zero ones (a disk has a fifth
 * fewer than its square, a cross far fewer). */
static double nonzero_taps(const kcv__kernel_info *k)
{
  size_t n = 0;
  for (size_t i = 0; k->k && i < (size_t)k->kw * k->kh; i++)
    n += k->k[i] != 0.0f;
  return k->k ? (n > 0 ? (double)n : 1.0) : (double)k->kw * k->kh;
}

/* A 1-D pass of n taps in units of separable_per_tap: passes longer than
 * the separable method's float-only limit (16 taps, method-separable.c)
 * sum blocks of 8 taps in double, and cost isa_double_pass times as much
 * per tap (on AVX-512 the slopes of time against kernel side below and above
 * 16 taps, docs/benchmarks.md, "AUTO across vector builds"). */
#define FLOAT_PASS_TAPS 16
/* A short pass costs its taps and PASS_BASE more (its loads, stores and
 * the work per sample), but no more than PASS_FLOOR taps: up to that, its
 * loads and stores, not its multiply-adds, bound it (RGBA 256x256, one
 * thread: separable 3x3, 5x5 and 9x9 within 20% of each other in every
 * build). PASS_BASE is fitted to one channel at 256x256, one thread, on a
 * quiet machine (rank 1 and 2, 3x3 and 5x5): with SSE2 each pair of passes
 * cost the work of 5 taps besides its 2n (AVX-512: 2.5, its taps too cheap
 * to tell well; PASS_BASE from 2 to 3 makes the same picks), so a 3-tap
 * pass costs 5.5 taps, not 8; with 8, SSE2 picked direct for one-channel
 * 3x3 Gaussians that separable ran 1.04x to 1.25x faster
 * (docs/benchmarks.md, "Fifth pass"). Both are in taps of the build,
 * scaled as the taps are: the SSE2 build's 3x3 separable ran 1.6x to 1.9x
 * the AVX-512 one's time (this model: 1.7x), where 8 unscaled taps, a
 * floor outside the scale, would make it 1.1x. */
#define PASS_FLOOR 8
#define PASS_BASE 2.5
static double pass_taps(int n, int channels)
{
  if (n < PASS_FLOOR)
    return n + PASS_BASE < PASS_FLOOR ? n + PASS_BASE : PASS_FLOOR;
  const double *dp = channels == 1 ? isa_double_pass : isa_double_pass_interleaved;
  return n > FLOAT_PASS_TAPS ? dp[kcv__isa_level()] * n : n;
}

/* The separable method's float taps cost SEPARABLE_CACHED times as much on
 * an image whose floats fit in CACHED_BYTES (256x256 RGBA): its passes then
 * read and write in cache. Fitted on a quiet machine with 2 MiB of L2 per
 * core, one thread: with SSE2, rank-1 21x21 at 256x256 ran separable 1.2x to
 * 1.47x faster than fft on 1 to 4 channels, where on 2048x2048 RGBA fft was
 * 1.2x faster (at 512x512 RGBA level); without the term the model put them
 * level at both sizes. 0.75 moved other picks the wrong way, and the same
 * factor on direct moved random 9x9 and 15x15 kernels to direct where fft
 * ran 3x faster (docs/benchmarks.md, "Fifth pass"). A double-summed pass
 * gains nothing from the cache: on one channel its time per tap at 256x256
 * is 0.89x to 0.95x the one at 1024x1024 in every build ("Seventh pass");
 * its conversions and double adds, not its loads, bound it. */
#define CACHED_BYTES (1 << 20)
#define SEPARABLE_CACHED 0.8
static double cached_taps(int n, int channels, int cached)
{
  return pass_taps(n, channels) * (cached && n <= FLOAT_PASS_TAPS ? SEPARABLE_CACHED : 1.0);
}

/* The direct method's per-sample cost with one channel, in direct_per_sample. */
#define PLANAR_DIRECT 2.0

/* The direct method's per-sample cost on 2 to 4 interleaved channels, in
 * direct_per_sample: its tiles are read in place, with no padded copy.
 * Fitted to RGBA at 512x512 to 2048x2048, one core, disks and Gaussians 5x5
 * to 15x15 (kcv-bench --auto-sweep, docs/benchmarks.md "Sixth pass"): the
 * measured times against the model's per-sample and per-tap parts put the
 * per-sample part at 0.58x to 0.70x of the per-tap part's scale in every
 * build, where one channel's (with PLANAR_DIRECT) is at 0.95x to 1.07x.
 * Without it AUTO picked separable for the RGBA 9x9 disk (rank 3), which
 * direct ran 1.1x to 1.35x faster at every size from 512x512 up. Any value
 * from 0.63 to 0.68 makes the same picks; 0.62 also moves AVX-512's RGBA 5x5
 * Gaussian and box to direct (1.0x to 1.5x either way), 0.69 leaves the
 * AVX-512 9x9 disk at separable. */
#define INTERLEAVED_DIRECT 0.65

/* fft's per-sample cost with one channel, in per_sample: the planar path
 * copies each padded tile in and scatters the result out, besides fft's own
 * copies into and out of its transform arrays, where 2 to 4 channels are
 * read straight from the image (plan.c). With AVX2, rank-1 51x51 on one
 * 2048x2048 channel ran separable 1.15x to 1.45x faster than fft while on
 * RGBA fft was 1.2x faster (docs/benchmarks.md, "Third pass"). */
#define PLANAR_FFT 2.0

/* Each tile and channel of fft costs this many fft_per_point units besides
 * its transforms (filling, the spectrum product, plan calls): 256x256 with
 * a 9x9 kernel, cut in 9 tiles of 96x96, ran 1.35x slower than the model
 * without it, where one or two tiles matched. */
#define FFT_TILE_POINTS 1e5

/* One r2c + c2r pair of an nw x nh transform, in units of fft_per_point. */
static double fft_pair(double nw, double nh)
{
  double n = nw * nh;
  return 2.0 * n * log2(n > 2 ? n : 2);
}

double kcv__cost(kcv_method method, const kcv__kernel_info *k, int rank, int w, int h, int channels,
                 int tw, int th, int threads)
{
  kcv_cost_model m;
  kcv_cost_model_get(&m);
  const double samples = (double)w * h * channels;
  const int ntx = (w + tw - 1) / tw, nty = (h + th - 1) / th;
  const int ntiles = ntx * nty;
  /* Tiles are the unit of parallel work: a few tiles cannot fill the cores. */
  double par = threads < ntiles ? threads : ntiles;
  if (par < 1)
    par = 1;
  double work, per_sample = m.per_sample;
  switch (method) {
  case KCV_METHOD_DIRECT:
    work = samples * nonzero_taps(k) * m.direct_per_tap;
    /* One channel runs the planar path (a padded copy of each tile), not
     * the widened interleaved one: twice the per-sample cost (intercepts of
     * direct's time against taps, 256x256, one thread: 1.2 ns against 0.2
     * ns per sample, less the copies separable and fft pay alike). */
    per_sample = (channels == 1 ? PLANAR_DIRECT : INTERLEAVED_DIRECT) * m.direct_per_sample;
    break;
  case KCV_METHOD_IM2COL:
    work = samples * nonzero_taps(k) * m.im2col_per_tap;
    break;
  case KCV_METHOD_SEPARABLE: {
    if (rank < 1)
      return INFINITY;
    /* Each pair: a horizontal pass over the tile and its vertical halo, then
     * a vertical pass. */
    double halo = (double)(th + k->kh - 1) / th;
    const int cached = samples * sizeof(float) <= CACHED_BYTES;
    work = samples * rank *
           (cached_taps(k->kw, channels, cached) * halo + cached_taps(k->kh, channels, cached)) *
           m.separable_per_tap;
    break;
  }
  case KCV_METHOD_FFT: {
    /* A pair of real transforms per tile and channel; the edge column, row
     * and corner tiles may use smaller transforms. */
    const int ew = w - (ntx - 1) * tw, eh = h - (nty - 1) * th;
    const double fw = (double)kcv__fft_transform_side(tw + k->kw - 1),
                 fh = (double)kcv__fft_transform_side(th + k->kh - 1);
    const double ew_side = (double)kcv__fft_transform_side(ew + k->kw - 1),
                 eh_side = (double)kcv__fft_transform_side(eh + k->kh - 1);
    double pairs = (ntx - 1.0) * (nty - 1.0) * fft_pair(fw, fh) +
                   (ntx - 1.0) * fft_pair(fw, eh_side) + (nty - 1.0) * fft_pair(ew_side, fh) +
                   fft_pair(ew_side, eh_side);
    work = channels * (pairs + (double)ntiles * FFT_TILE_POINTS) * m.fft_per_point;
    if (channels == 1)
      per_sample = PLANAR_FFT * m.per_sample;
    break;
  }
  default:
    return INFINITY;
  }
  return m.fixed + (work + samples * per_sample) / par;
}
