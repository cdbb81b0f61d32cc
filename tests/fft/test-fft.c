/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: the fft method on padded tiles against a naive float64
 * correlation, its thread safety, and FFTW wisdom files.
 *
 * The sweeps (matches-naive, concurrent) plan QUICK: they check the
 * arithmetic, the tiling and the scratch, which do not depend on how FFTW
 * chose its plans, and measuring plans for each of their sizes would cost
 * far more than the checks. /fft/measured-plans keeps MEASURE, the default,
 * on sizes of its own. */
#include <glib.h>
#include <fftw3.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "kcv-private.h"
#include "kcv-test.h"

/* Tolerances: relative RMS of the tile (RMS of the error over RMS of the
 * reference), checked on tiles of at least REL_RMS_MIN_SAMPLES samples (a
 * handful of values can all cancel to near zero), and for every pixel the
 * error over the scale of that pixel's terms, sum |k| * max |in| (a float
 * FFT's error is relative to the whole signal, not to a pixel whose value
 * happens to cancel). Measured: relative RMS up to 4e-7, pixel errors up to
 * 1.2e-7 x sum |k|. */
#define REL_RMS_MAX 1e-6
#define REL_RMS_MIN_SAMPLES 64
#define PIXEL_REL_MAX 1e-6

/* A kernel and its state, as a plan would hold them. */
typedef struct {
  kcv__kernel_info info;
  float *k;
  double *kd;
  double abs_sum;
  void *state;
} Kern;

static void kern_init(Kern *kn, int kw, int kh, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed(seed);
  kn->k = g_new(float, (gsize)kw *kh);
  kn->kd = g_new(double, (gsize)kw *kh);
  kn->abs_sum = 0;
  for (int i = 0; i < kw * kh; i++) {
    kn->k[i] = (float)g_rand_double_range(rand, -1.0, 1.0);
    kn->kd[i] = kn->k[i];
    kn->abs_sum += fabs(kn->kd[i]);
  }
  g_rand_free(rand);
  kn->info.kw = kw;
  kn->info.kh = kh;
  kn->info.k = kn->k;
  kn->info.kd = kn->kd;
  kn->state = NULL;
  kcv_status status = kcv__method_fft.prepare(&kn->info, &kn->state);
  g_assert_cmpstr(kcv_status_name(status), ==, kcv_status_name(KCV_OK));
}

static void kern_clear(Kern *kn)
{
  kcv__method_fft.release(kn->state);
  g_free(kn->k);
  g_free(kn->kd);
}

/* A padded input tile for a tw x th output, with a row stride wider than
 * the tile, values uniform in [0, 1) like image samples. */
typedef struct {
  int tw, th, pw, ph;
  ptrdiff_t in_stride, out_stride;
  float *in, *out;
} Tile;

static void tile_init(Tile *t, const Kern *kn, int tw, int th, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed(seed);
  t->tw = tw;
  t->th = th;
  t->pw = tw + kn->info.kw - 1;
  t->ph = th + kn->info.kh - 1;
  t->in_stride = t->pw + 5;
  t->out_stride = tw + 3;
  t->in = g_new0(float, (gsize)t->in_stride * t->ph);
  t->out = g_new0(float, (gsize)t->out_stride *th);
  for (int y = 0; y < t->ph; y++)
    for (int x = 0; x < t->pw; x++)
      t->in[(gsize)y * t->in_stride + x] = (float)g_rand_double(rand);
  /* Poison the stride gap: run must not read it. */
  for (int y = 0; y < t->ph; y++)
    for (ptrdiff_t x = t->pw; x < t->in_stride; x++)
      t->in[(gsize)y * t->in_stride + x] = NAN;
  g_rand_free(rand);
}

static void tile_clear(Tile *t)
{
  g_free(t->in);
  g_free(t->out);
}

static double naive_pixel(const Kern *kn, const Tile *t, int x, int y)
{
  const int kw = kn->info.kw, kh = kn->info.kh;
  double sum = 0;
  for (int j = 0; j < kh; j++) {
    const float *row = t->in + (gsize)(y + j) * t->in_stride + x;
    const double *krow = kn->kd + (gsize)j * kw;
    for (int i = 0; i < kw; i++)
      sum += krow[i] * row[i];
  }
  return sum;
}

static kcv_status run_tile(const Kern *kn, Tile *t, void *scratch)
{
  return kcv__method_fft.run(kn->state, &kn->info, t->in, t->in_stride, t->out, t->out_stride,
                             t->tw, t->th, scratch);
}

static void *scratch_for(const Kern *kn, int tw, int th)
{
  size_t bytes = kcv__method_fft.scratch_size(kn->state, &kn->info, tw, th);
  g_assert_cmpuint(bytes, >, 0);
  void *scratch = kcv__malloc(bytes);
  g_assert_nonnull(scratch);
  return scratch;
}

/* Compares t->out with the naive correlation; checks every pixel when that
 * is cheap, else an even grid of rows and columns plus the last ones (the
 * error of an FFT spreads over the tile, so a grid sees it). With
 * KCV_TEST_SMALL (the ThreadSanitizer run) the grid has a tenth of the
 * points: the reference is this thread's own arithmetic, which the tool only
 * slows down. */
static void check_tile(const Kern *kn, const Tile *t, const char *what)
{
  const double taps = (double)kn->info.kw * kn->info.kh;
  const double max_terms = kcv_test_small() ? 4e6 : 4e7;
  int step = 1;
  while ((double)(t->tw / step + 1) * (t->th / step + 1) * taps > max_terms)
    step++;
  double err2 = 0, want2 = 0, worst = 0;
  int wx = 0, wy = 0;
  double wgot = 0, wwant = 0;
  const double scale = kn->abs_sum; /* max |in| is < 1 */
  for (int y = 0; y < t->th; y = (y + step < t->th || y == t->th - 1) ? y + step : t->th - 1) {
    for (int x = 0; x < t->tw; x = (x + step < t->tw || x == t->tw - 1) ? x + step : t->tw - 1) {
      double want = naive_pixel(kn, t, x, y);
      double got = t->out[(gsize)y * t->out_stride + x];
      double e = fabs(got - want);
      if (!(e <= worst)) { /* also catches NaN */
        worst = isnan(e) ? INFINITY : e;
        wx = x;
        wy = y;
        wgot = got;
        wwant = want;
      }
      err2 += (got - want) * (got - want);
      want2 += want * want;
      if (x == t->tw - 1)
        break;
    }
    if (y == t->th - 1)
      break;
  }
  double rel_rms = want2 > 0 ? sqrt(err2 / want2) : sqrt(err2);
  const int rms_checked = t->tw * t->th >= REL_RMS_MIN_SAMPLES;
  if ((rms_checked && !(rel_rms <= REL_RMS_MAX)) || !(worst <= PIXEL_REL_MAX * scale)) {
    g_test_message("%s: kernel %dx%d, tile %dx%d: relative RMS %.3g (max %.1g), worst pixel "
                   "(%d,%d) got %.9g want %.9g, error %.3g = %.3g x sum|k| (max %.1g)",
                   what, kn->info.kw, kn->info.kh, t->tw, t->th, rel_rms, REL_RMS_MAX, wx, wy, wgot,
                   wwant, worst, worst / scale, PIXEL_REL_MAX);
    g_test_fail();
  } else if (g_test_verbose()) {
    g_test_message("%s: kernel %dx%d, tile %dx%d: relative RMS %.3g, worst %.3g x sum|k|", what,
                   kn->info.kw, kn->info.kh, t->tw, t->th, rel_rms, worst / scale);
  }
}

/* The transform side the fft method and the cost model use: for every n,
 * the smallest of 2^a, 3 * 2^a and 5 * 2^a that is >= n, found here by
 * listing the set. */
static void test_transform_side(void)
{
  static const int known[][2] = {{1, 1},     {2, 2},       {3, 3},       {7, 8},
                                 {11, 12},   {13, 16},     {17, 20},     {97, 128},
                                 {101, 128}, {1025, 1280}, {1537, 2048}, {4097, 5120}};
  for (gsize i = 0; i < G_N_ELEMENTS(known); i++) {
    int got = kcv__fft_transform_side(known[i][0]);
    if (got != known[i][1]) {
      g_test_message("transform_side(%d) = %d, want %d", known[i][0], got, known[i][1]);
      g_test_fail();
    }
  }
  GArray *set = g_array_new(FALSE, FALSE, sizeof(int));
  for (int m = 1; m <= 5; m += 2)
    for (int s = m; s <= (1 << 20); s *= 2)
      g_array_append_val(set, s);
  for (int n = 1; n <= (1 << 19); n++) {
    int want = G_MAXINT;
    for (guint i = 0; i < set->len; i++) {
      int s = g_array_index(set, int, i);
      if (s >= n && s < want)
        want = s;
    }
    int got = kcv__fft_transform_side(n);
    if (got != want) {
      g_test_message("transform_side(%d) = %d, want %d", n, got, want);
      g_test_fail();
      break;
    }
  }
  g_array_unref(set);
}

static void check_kernel(int kw, int kh, guint32 seed)
{
  Kern kn;
  kern_init(&kn, kw, kh, seed);

  /* The preferred tile for a large output, then tiles the engine sends at
   * the right and bottom edges and for small outputs: they reuse or pick
   * smaller transforms, and must all be exact. */
  int tw, th;
  kcv__method_fft.tile_size(kn.state, &kn.info, 1 << 20, 1 << 20, &tw, &th);
  g_assert_cmpint(tw, >=, 1);
  g_assert_cmpint(th, >=, 1);
  int small_w, small_h;
  kcv__method_fft.tile_size(kn.state, &kn.info, 37, 23, &small_w, &small_h);
  g_assert_cmpint(small_w, <=, 37);
  g_assert_cmpint(small_h, <=, 23);

  /* A 2048 x 1536 output: its tiles and the edge tiles that end it. */
  int mw, mh;
  kcv__method_fft.tile_size(kn.state, &kn.info, 2048, 1536, &mw, &mh);
  g_assert_cmpint(mw, <=, 2048);
  g_assert_cmpint(mh, <=, 1536);
  const int ew = 2048 - (2048 - 1) / mw * mw, eh = 1536 - (1536 - 1) / mh * mh;

  /* Each case runs on scratch sized by scratch_size for the tile the engine
   * would have asked for (its parent), as edge tiles do. */
  const int parents[][2] = {{tw, th}, {mw, mh}, {small_w, small_h}};
  const struct {
    int w, h, parent;
  } cases[] = {{tw, th, 0},
               {tw > 1 ? tw - 1 : 1, th, 0},
               {mw, mh, 1},
               {ew, mh, 1},
               {mw, eh, 1},
               {ew, eh, 1},
               {tw / 2 + 1, th / 3 + 1, 0},
               {tw / 5 + 1, 1, 0},
               {1, th, 0},
               {1, 1, 0},
               {small_w, small_h, 2}};
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    const int *parent = parents[cases[i].parent];
    void *scratch = scratch_for(&kn, parent[0], parent[1]);
    Tile t;
    tile_init(&t, &kn, cases[i].w, cases[i].h, seed * 31 + (guint32)i);
    kcv_status status = run_tile(&kn, &t, scratch);
    g_assert_cmpstr(kcv_status_name(status), ==, kcv_status_name(KCV_OK));
    char *what = g_strdup_printf("tile case %u", (unsigned)i);
    check_tile(&kn, &t, what);
    g_free(what);
    tile_clear(&t);
    kcv__free(scratch);
  }
  kern_clear(&kn);
}

static void test_matches_naive(void)
{
  static const int kernels[][2] = {{1, 1},  {3, 3},   {4, 6},     {1, 17}, {17, 1},
                                   {1, 64}, {31, 31}, {101, 101}, {257, 7}};
  kcv_wisdom_set_planning(KCV_PLANNING_QUICK);
  for (gsize i = 0; i < G_N_ELEMENTS(kernels); i++)
    check_kernel(kernels[i][0], kernels[i][1], 1000 + (guint32)i);
  kcv_wisdom_set_planning(KCV_PLANNING_MEASURE);
}

static void test_matches_naive_large(void)
{
  if (!g_test_thorough()) {
    g_test_skip("slow: run with -m thorough");
    return;
  }
  check_kernel(1025, 1025, 77);
  check_kernel(513, 3, 78);
}

/* Tiles fit the output, and scratch (one transform's real and complex
 * arrays) stays bounded whatever the output size: memory does not grow with
 * the image. 8 Mi points x (4 + 4) bytes, plus the extra complex column of
 * an r2c spectrum (nw / 2 + 1) of up to 16384 rows and alignment, is the
 * bound. */
static void test_tile_size(void)
{
  static const int kernels[][2] = {{1, 1},     {3, 3},     {4, 6},       {1, 1025}, {1025, 1},
                                   {101, 101}, {201, 201}, {1025, 1025}, {257, 7}};
  static const int outputs[][2] = {{1, 1},       {37, 23},     {400, 300},
                                   {2048, 2048}, {8192, 8192}, {100000, 3}};
  const size_t bound = ((size_t)8 << 20) * 8 + 16384 * 8 + 4096;
  for (gsize i = 0; i < G_N_ELEMENTS(kernels); i++) {
    kcv__kernel_info info = {kernels[i][0], kernels[i][1], NULL, NULL};
    void *state = NULL;
    g_assert_cmpint(kcv__method_fft.prepare(&info, &state), ==, KCV_OK);
    for (gsize j = 0; j < G_N_ELEMENTS(outputs); j++) {
      int w = outputs[j][0], h = outputs[j][1], tw, th, tw2, th2;
      kcv__method_fft.tile_size(state, &info, w, h, &tw, &th);
      kcv__method_fft.tile_size(state, &info, w, h, &tw2, &th2);
      size_t bytes = kcv__method_fft.scratch_size(state, &info, tw, th);
      if (tw < 1 || tw > w || th < 1 || th > h || tw != tw2 || th != th2 || bytes > bound) {
        g_test_message("kernel %dx%d, output %dx%d: tile %dx%d (again %dx%d), scratch %zu bytes "
                       "(bound %zu)",
                       info.kw, info.kh, w, h, tw, th, tw2, th2, bytes, bound);
        g_test_fail();
      }
    }
    kcv__method_fft.release(state);
  }
}

/* Several threads share one fresh state: the first tiles of each size race
 * to create plans and spectra. */
#define N_THREADS 4
#define N_TILES 6

typedef struct {
  const Kern *kn;
  Tile *tiles; /* N_TILES, each thread its own copy of the outputs */
  void *scratch;
  int first;
  kcv_status status;
} Worker;

static void *worker_main(void *data)
{
  Worker *w = data;
  w->status = KCV_OK;
  for (int n = 0; n < 3; n++)
    for (int i = 0; i < N_TILES; i++) {
      kcv_status s = run_tile(w->kn, &w->tiles[(w->first + i) % N_TILES], w->scratch);
      if (s != KCV_OK)
        w->status = s;
    }
  return NULL;
}

static void test_concurrent(void)
{
  kcv_wisdom_set_planning(KCV_PLANNING_QUICK);
  Kern kn;
  kern_init(&kn, 31, 29, 4242);
  int tw, th;
  kcv__method_fft.tile_size(kn.state, &kn.info, 1 << 20, 1 << 20, &tw, &th);
  const int sizes[N_TILES][2] = {{tw, th},         {tw - 3, th},    {tw / 2 + 1, th / 2 + 1},
                                 {tw / 4, th / 5}, {5, th / 3 + 1}, {1, 1}};

  Tile tiles[N_THREADS][N_TILES];
  Worker workers[N_THREADS];
  pthread_t threads[N_THREADS];
  for (int t = 0; t < N_THREADS; t++) {
    for (int i = 0; i < N_TILES; i++)
      tile_init(&tiles[t][i], &kn, sizes[i][0], sizes[i][1], 900 + (guint32)i);
    workers[t] = (Worker){&kn, tiles[t], scratch_for(&kn, tw, th), t, KCV_OK};
    g_assert_cmpint(pthread_create(&threads[t], NULL, worker_main, &workers[t]), ==, 0);
  }
  for (int t = 0; t < N_THREADS; t++)
    g_assert_cmpint(pthread_join(threads[t], NULL), ==, 0);

  /* The same tiles again, serially, on the now warm state. */
  for (int i = 0; i < N_TILES; i++) {
    Tile ref;
    tile_init(&ref, &kn, sizes[i][0], sizes[i][1], 900 + (guint32)i);
    g_assert_cmpint(run_tile(&kn, &ref, workers[0].scratch), ==, KCV_OK);
    check_tile(&kn, &ref, "serial");
    for (int t = 0; t < N_THREADS; t++) {
      g_assert_cmpstr(kcv_status_name(workers[t].status), ==, kcv_status_name(KCV_OK));
      for (int y = 0; y < ref.th; y++) {
        const float *a = ref.out + (gsize)y * ref.out_stride;
        const float *b = tiles[t][i].out + (gsize)y * ref.out_stride;
        if (memcmp(a, b, (gsize)ref.tw * sizeof(float)) != 0) {
          int x = 0;
          while (a[x] == b[x])
            x++;
          g_test_message("thread %d, tile %dx%d: pixel (%d,%d) is %.9g, serial run gave %.9g", t,
                         ref.tw, ref.th, x, y, b[x], a[x]);
          g_test_fail();
          break;
        }
      }
    }
    tile_clear(&ref);
  }
  for (int t = 0; t < N_THREADS; t++) {
    for (int i = 0; i < N_TILES; i++)
      tile_clear(&tiles[t][i]);
    kcv__free(workers[t].scratch);
  }
  kern_clear(&kn);
  kcv_wisdom_set_planning(KCV_PLANNING_MEASURE);
}

static void test_wisdom(void)
{
  /* Make sure FFTW holds some wisdom: plan one size. */
  Kern kn;
  kern_init(&kn, 5, 5, 7);
  Tile t;
  tile_init(&t, &kn, 20, 20, 8);
  void *scratch = scratch_for(&kn, 20, 20);
  g_assert_cmpint(run_tile(&kn, &t, scratch), ==, KCV_OK);
  kcv__free(scratch);
  tile_clear(&t);
  kern_clear(&kn);

  GError *error = NULL;
  char *dir = g_dir_make_tmp("kcv-wisdom-XXXXXX", &error);
  g_assert_no_error(error);
  char *path = g_build_filename(dir, "fftw-wisdom", NULL);

  g_assert_cmpint(kcv_wisdom_export(path), ==, KCV_OK);
  char *contents = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(path, &contents, &len, &error));
  g_assert_no_error(error);
  g_assert_nonnull(strstr(contents, "fftw"));
  g_free(contents);
  /* Nothing left behind but the file itself. */
  GDir *d = g_dir_open(dir, 0, &error);
  g_assert_no_error(error);
  int n_files = 0;
  for (const char *name; (name = g_dir_read_name(d));) {
    g_assert_cmpstr(name, ==, "fftw-wisdom");
    n_files++;
  }
  g_dir_close(d);
  g_assert_cmpint(n_files, ==, 1);

  g_assert_cmpint(kcv_wisdom_import(path), ==, KCV_OK);
  /* Exporting over an existing file replaces it. */
  g_assert_cmpint(kcv_wisdom_export(path), ==, KCV_OK);
  g_assert_cmpint(kcv_wisdom_import(path), ==, KCV_OK);

  char *missing = g_build_filename(dir, "missing", NULL);
  g_assert_cmpint(kcv_wisdom_import(missing), ==, KCV_ERR_IO);
  char *bad_dir = g_build_filename(dir, "no-such-dir", "fftw-wisdom", NULL);
  g_assert_cmpint(kcv_wisdom_export(bad_dir), ==, KCV_ERR_IO);
  char *garbage = g_build_filename(dir, "garbage", NULL);
  g_assert_true(g_file_set_contents(garbage, "not wisdom at all\n", -1, &error));
  g_assert_no_error(error);
  g_assert_cmpint(kcv_wisdom_import(garbage), ==, KCV_ERR_IO);
  g_assert_cmpint(kcv_wisdom_import(NULL), ==, KCV_ERR_NULL);
  g_assert_cmpint(kcv_wisdom_export(NULL), ==, KCV_ERR_NULL);

  g_remove(garbage);
  g_remove(path);
  g_rmdir(dir);
  g_free(garbage);
  g_free(bad_dir);
  g_free(missing);
  g_free(path);
  g_free(dir);
}

/* Whether FFTW's wisdom holds both plans of a w x h transform. */
static gboolean wisdom_has(int w, int h)
{
  float *r = fftwf_malloc(sizeof(float) * (size_t)w * h);
  fftwf_complex *c = fftwf_malloc(sizeof(fftwf_complex) * (size_t)h * (w / 2 + 1));
  pthread_mutex_lock(&kcv__fftw_lock);
  fftwf_plan a = fftwf_plan_dft_r2c_2d(h, w, r, c, FFTW_MEASURE | FFTW_WISDOM_ONLY);
  fftwf_plan b = fftwf_plan_dft_c2r_2d(h, w, c, r, FFTW_MEASURE | FFTW_WISDOM_ONLY);
  gboolean has = a && b;
  if (a)
    fftwf_destroy_plan(a);
  if (b)
    fftwf_destroy_plan(b);
  pthread_mutex_unlock(&kcv__fftw_lock);
  fftwf_free(r);
  fftwf_free(c);
  return has;
}

/* QUICK planning: sizes without wisdom are planned by estimate, still
 * exact against the float64 reference, and listed; measuring one puts it in
 * the wisdom, where the fft method's planner finds it, and leaves the others
 * out. The smallest is measured: the others only take longer. */
static void test_quick_planning(void)
{
  kcv_wisdom_set_planning(KCV_PLANNING_QUICK);
  check_kernel(23, 41, 77); /* sizes no other test here plans */
  int sizes[2 * 16];
  int n = kcv_wisdom_unmeasured(sizes, 16);
  g_assert_cmpint(n, >=, 2);
  int smallest = 0;
  for (int i = 0; i < n; i++) {
    g_assert_false(wisdom_has(sizes[2 * i], sizes[2 * i + 1]));
    if ((double)sizes[2 * i] * sizes[2 * i + 1] <
        (double)sizes[2 * smallest] * sizes[2 * smallest + 1])
      smallest = i;
  }
  g_assert_cmpint(kcv_wisdom_measure(sizes[2 * smallest], sizes[2 * smallest + 1]), ==, KCV_OK);
  for (int i = 0; i < n; i++)
    g_assert_true(wisdom_has(sizes[2 * i], sizes[2 * i + 1]) == (i == smallest));
  g_assert_cmpint(kcv_wisdom_unmeasured(sizes, 0), ==, 0);
  g_assert_cmpint(kcv_wisdom_measure(0, 8), ==, KCV_ERR_IMAGE_SIZE);
  kcv_wisdom_set_planning(KCV_PLANNING_MEASURE);
}

/* MEASURE planning, the default, on sizes no other test here plans:
 * FFTW_MEASURE runs transforms on the arrays it plans on, so the kernel
 * spectrum must be made after planning (QUICK's estimates leave the arrays
 * alone and would not show it). A 9x7 kernel, a tile, an edge tile with a
 * smaller transform on the tile's scratch, and a 1x1 tile: three sizes, each
 * in the wisdom after, so measured here, and exact against the float64
 * reference. */
static void test_measured_plans(void)
{
  static const int tiles[][2] = {{120, 90}, {119, 61}, {1, 1}};
  Kern kn;
  kern_init(&kn, 9, 7, 31);
  void *scratch = scratch_for(&kn, tiles[0][0], tiles[0][1]);
  for (gsize i = 0; i < G_N_ELEMENTS(tiles); i++) {
    const int nw = kcv__fft_transform_side(tiles[i][0] + kn.info.kw - 1);
    const int nh = kcv__fft_transform_side(tiles[i][1] + kn.info.kh - 1);
    if (wisdom_has(nw, nh)) {
      g_test_message("transform %dx%d is already in the wisdom: pick sizes no other test plans", nw,
                     nh);
      g_test_fail();
    }
    Tile t;
    tile_init(&t, &kn, tiles[i][0], tiles[i][1], 500 + (guint32)i);
    g_assert_cmpint(run_tile(&kn, &t, scratch), ==, KCV_OK);
    check_tile(&kn, &t, "measured plans");
    tile_clear(&t);
    if (!wisdom_has(nw, nh)) {
      g_test_message("transform %dx%d was not planned by MEASURE", nw, nh);
      g_test_fail();
    }
  }
  kcv__free(scratch);
  kern_clear(&kn);
}

/* A long session (the GEGL operation inside GIMP) meets many sizes: each
 * one planned by estimate is listed, in the order met, well past the first
 * sixteen (the list once held 16, and later sizes were never measured). */
static void test_quick_planning_many(void)
{
  enum { N_SIDES = 8, N_SIZES = N_SIDES * N_SIDES };
  kcv_wisdom_set_planning(KCV_PLANNING_QUICK);
  Kern kn;
  kern_init(&kn, 3, 3, 41);
  void *scratch = scratch_for(&kn, 3 + 12 * N_SIDES, 1 + 12 * N_SIDES);
  int before[2 * (256 + N_SIZES)];
  const int n0 = kcv_wisdom_unmeasured(before, 256);
  int n_new = 0;
  for (int i = 0; i < N_SIZES; i++) {
    const int tw = 3 + 12 * (i % N_SIDES), th = 1 + 12 * (i / N_SIDES);
    const int nw = kcv__fft_transform_side(tw + 2), nh = kcv__fft_transform_side(th + 2);
    gboolean met = wisdom_has(nw, nh);
    for (int j = 0; j < n0 + n_new && !met; j++)
      met = before[2 * j] == nw && before[2 * j + 1] == nh;
    Tile t;
    tile_init(&t, &kn, tw, th, 700 + (guint32)i);
    g_assert_cmpint(run_tile(&kn, &t, scratch), ==, KCV_OK);
    tile_clear(&t);
    if (!met) {
      before[2 * (n0 + n_new)] = nw;
      before[2 * (n0 + n_new) + 1] = nh;
      n_new++;
    }
  }
  g_assert_cmpint(n_new, >, 16);
  /* The list keeps the first 256 of a process. */
  const int n = MIN(n0 + n_new, 256);
  g_test_message("%d sizes listed before, %d new", n0, n_new);
  int listed[2 * 256];
  g_assert_cmpint(kcv_wisdom_unmeasured(listed, 256), ==, n);
  for (int j = 0; j < n; j++) {
    g_assert_cmpint(listed[2 * j], ==, before[2 * j]);
    g_assert_cmpint(listed[2 * j + 1], ==, before[2 * j + 1]);
  }
  kcv__free(scratch);
  kern_clear(&kn);
  kcv_wisdom_set_planning(KCV_PLANNING_MEASURE);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/fft/transform-side", test_transform_side);
  /* Before the QUICK sweeps, so that the sizes it finds listed are its own. */
  g_test_add_func("/fft/quick-planning", test_quick_planning);
  g_test_add_func("/fft/unmeasured/many-sizes", test_quick_planning_many);
  g_test_add_func("/fft/measured-plans", test_measured_plans);
  g_test_add_func("/fft/matches-naive", test_matches_naive);
  g_test_add_func("/fft/matches-naive-large", test_matches_naive_large);
  g_test_add_func("/fft/tile-size", test_tile_size);
  g_test_add_func("/fft/concurrent", test_concurrent);
  g_test_add_func("/fft/wisdom", test_wisdom);
  return g_test_run();
}
