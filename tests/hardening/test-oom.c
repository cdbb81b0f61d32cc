/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv tests: out of memory. A convolution runs in a child process whose
 * address space is capped (RLIMIT_AS) a little above what it already uses;
 * it must return KCV_OK with the right result or KCV_ERR_NOMEM, never crash. */
#define _POSIX_C_SOURCE 200809L

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kcv.h"

/* Sanitizer runtimes reserve terabytes of shadow memory, which no address
 * space cap leaves room for; valgrind replaces malloc. These runs say so
 * and skip. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
    __has_feature(memory_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
#ifndef UNDER_SANITIZER
#define UNDER_SANITIZER 0
#endif

/* Exit codes of the child beyond the kcv_status range. */
enum { CHILD_SETUP = 100, CHILD_WRONG = 101, CHILD_NO_LIMIT = 102 };

typedef struct {
  const char *name;
  kcv_method method;
  int width, height, channels;
  int kw, kh;
  int threads;
} Case;

static const Case cases[] = {
    /* Transforms of up to 4 Mi points: plans, kernel spectra and per-thread
     * tiles of tens of MiB. */
    {"fft-257", KCV_METHOD_FFT, 1500, 1100, 1, 257, 257, 2},
    {"fft-1025-rgba", KCV_METHOD_FFT, 700, 500, 4, 1025, 1025, 2},
    {"auto-101-rgba", KCV_METHOD_AUTO, 1200, 900, 4, 101, 101, 2},
    {"im2col-31", KCV_METHOD_IM2COL, 1000, 800, 3, 31, 31, 2},
    {"separable-201", KCV_METHOD_SEPARABLE, 1200, 900, 1, 201, 201, 2},
};

/* Headroom above the memory the child already maps, in MiB. */
static const int budgets_mib[] = {0, 1, 4, 16, 64, 256, 1024};

static float pixel(int x, int y, int c)
{
  /* Deterministic, varied, in [0, 1). */
  unsigned h = (unsigned)x * 73856093u ^ (unsigned)y * 19349663u ^ (unsigned)c * 83492791u;
  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  return (float)(h & 0xffff) / 65536.0f;
}

static float weight(const Case *cs, int i, int j)
{
  if (cs->method == KCV_METHOD_SEPARABLE) /* rank 1: a product of two profiles */
    return (float)((1.0 + (i % 7)) * (1.0 + (j % 5)));
  return (float)(1 + (i * 7 + j * 13) % 11);
}

/* Naive float64 correlation at one pixel, clamp border, automatic divisor. */
static double reference(const Case *cs, const kcv_kernel *k, int x, int y, int c)
{
  double sum = 0.0, wsum = 0.0;
  const int ax = (k->width - 1) / 2, ay = (k->height - 1) / 2;
  for (int j = 0; j < k->height; j++) {
    int sy = y + j - ay;
    sy = sy < 0 ? 0 : (sy >= cs->height ? cs->height - 1 : sy);
    for (int i = 0; i < k->width; i++) {
      int sx = x + i - ax;
      sx = sx < 0 ? 0 : (sx >= cs->width ? cs->width - 1 : sx);
      double w = k->data[j * k->width + i];
      sum += w * pixel(sx, sy, c);
      wsum += w;
    }
  }
  return sum / wsum;
}

/* Address space mapped now, in bytes (first field of /proc/self/statm). */
static long long mapped_bytes(void)
{
  FILE *f = fopen("/proc/self/statm", "r");
  long long pages = -1;
  if (!f)
    return -1;
  if (fscanf(f, "%lld", &pages) != 1)
    pages = -1;
  fclose(f);
  return pages < 0 ? -1 : pages * sysconf(_SC_PAGESIZE);
}

/* The child: no GLib, no stdio on failure paths; the exit code says it. */
static int child(const Case *cs, int budget_mib)
{
  const size_t n = (size_t)cs->width * cs->height * cs->channels;
  float *src = malloc(n * sizeof(float));
  float *dst = malloc(n * sizeof(float));
  kcv_kernel *k = kcv_kernel_new(cs->kw, cs->kh);
  if (!src || !dst || !k)
    return CHILD_SETUP;
  for (int y = 0; y < cs->height; y++)
    for (int x = 0; x < cs->width; x++)
      for (int c = 0; c < cs->channels; c++)
        src[((size_t)y * cs->width + x) * cs->channels + c] = pixel(x, y, c);
  memset(dst, 0, n * sizeof(float)); /* fault the pages in before the cap */
  for (int j = 0; j < cs->kh; j++)
    for (int i = 0; i < cs->kw; i++)
      k->data[j * cs->kw + i] = weight(cs, i, j);

  long long now = mapped_bytes();
  if (now < 0)
    return CHILD_SETUP;
  struct rlimit rl;
  rl.rlim_cur = rl.rlim_max = (rlim_t)(now + ((long long)budget_mib << 20));
  if (setrlimit(RLIMIT_AS, &rl) != 0)
    return CHILD_NO_LIMIT;

  kcv_options opt;
  kcv_options_init(&opt);
  opt.method = cs->method;
  opt.threads = cs->threads;
  kcv_image s = {src, cs->width, cs->height, cs->channels, (ptrdiff_t)cs->width * cs->channels};
  kcv_image d = {dst, cs->width, cs->height, cs->channels, (ptrdiff_t)cs->width * cs->channels};
  kcv_status st = kcv_convolve(&s, k, &opt, NULL, &d, NULL, NULL);
  if (st == KCV_OK) {
    /* Corners, edges and a spread of inner pixels, in every channel. */
    static const double fx[] = {0.0, 0.5, 1.0, 0.13, 0.77, 0.31};
    for (int a = 0; a < 6; a++)
      for (int b = 0; b < 6; b++)
        for (int c = 0; c < cs->channels; c++) {
          int x = (int)(fx[a] * (cs->width - 1)), y = (int)(fx[b] * (cs->height - 1));
          double want = reference(cs, k, x, y, c);
          double got = dst[((size_t)y * cs->width + x) * cs->channels + c];
          if (!(fabs(got - want) <= 1e-4))
            return CHILD_WRONG;
        }
  }
  return (int)st;
}

typedef struct {
  int ok, nomem;
} Tally;

static void run_capped(const Case *cs, int budget_mib, Tally *tally)
{
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  g_assert_cmpint(pid, >=, 0);
  if (pid == 0)
    _exit(child(cs, budget_mib));
  int status = 0;
  g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
  if (WIFSIGNALED(status)) {
    g_test_message("%s with %d MiB of headroom: killed by signal %d (%s)", cs->name, budget_mib,
                   WTERMSIG(status), g_strsignal(WTERMSIG(status)));
    g_test_fail();
    return;
  }
  g_assert_true(WIFEXITED(status));
  int code = WEXITSTATUS(status);
  if (code == CHILD_NO_LIMIT) {
    g_test_skip("setrlimit(RLIMIT_AS) refused");
    return;
  }
  g_assert_cmpint(code, !=, CHILD_SETUP);
  if (code == CHILD_WRONG) {
    g_test_message("%s with %d MiB of headroom: KCV_OK but a wrong result", cs->name, budget_mib);
    g_test_fail();
    return;
  }
  g_assert_cmpint(code, <, KCV_STATUS_COUNT);
  g_test_message("%s with %d MiB of headroom: %s", cs->name, budget_mib,
                 kcv_status_name((kcv_status)code));
  if (code == KCV_OK) {
    tally->ok++;
  } else if (code == KCV_ERR_NOMEM) {
    tally->nomem++;
  } else {
    g_test_message("%s with %d MiB of headroom: %s, expected KCV_OK or KCV_ERR_NOMEM", cs->name,
                   budget_mib, kcv_status_name((kcv_status)code));
    g_test_fail();
  }
}

static void test_capped(gconstpointer data)
{
  const Case *cs = data;
  if (UNDER_SANITIZER) {
    g_test_skip("address space caps do not work under a sanitizer runtime");
    return;
  }
  Tally tally = {0, 0};
  for (size_t b = 0; b < G_N_ELEMENTS(budgets_mib); b++)
    run_capped(cs, budgets_mib[b], &tally);
  /* The sweep must reach both ends: no headroom fails cleanly, ample
   * headroom succeeds (else the cap tested nothing, or the core refuses
   * work it could do). */
  g_test_message("%s: %d budgets succeeded, %d ran out of memory", cs->name, tally.ok, tally.nomem);
  if (!g_test_failed()) {
    g_assert_cmpint(tally.nomem, >, 0);
    g_assert_cmpint(tally.ok, >, 0);
  }
}

/* Half-made widened kernel (issue 18): one AUTO plan runs separable under a
 * cap that lets the widened kernel's floats be allocated but not its
 * doubles, then, with the cap lifted, direct on the same widened kernel.
 * The second run must see the whole kernel, never one half-made. */
static const Case half_made = {"make-wide", KCV_METHOD_SEPARABLE, 40, 30, 4, 255, 255, 1};

/* The cost model with every method but `cheap` out of the running. */
static void favour(kcv_method cheap)
{
  kcv_cost_model m;
  kcv_cost_model_get(&m);
  m.direct_per_tap = cheap == KCV_METHOD_DIRECT ? 1e-15 : 1.0;
  m.separable_per_tap = cheap == KCV_METHOD_SEPARABLE ? 1e-15 : 1.0;
  m.im2col_per_tap = 1.0;
  m.fft_per_point = 1.0;
  kcv_cost_model_set(&m);
}

/* Every checked pixel of dst against the float64 reference. */
static int matches_reference(const Case *cs, const kcv_kernel *k, const float *dst)
{
  static const double fx[] = {0.0, 0.5, 1.0, 0.13, 0.77, 0.31};
  for (int a = 0; a < 6; a++)
    for (int b = 0; b < 6; b++)
      for (int c = 0; c < cs->channels; c++) {
        int x = (int)(fx[a] * (cs->width - 1)), y = (int)(fx[b] * (cs->height - 1));
        double got = dst[((size_t)y * cs->width + x) * cs->channels + c];
        if (!(fabs(got - reference(cs, k, x, y, c)) <= 1e-4))
          return 0;
      }
  return 1;
}

static int child_half_made(const Case *cs, int headroom_kib)
{
  const size_t n = (size_t)cs->width * cs->height * cs->channels;
  float *src = malloc(n * sizeof(float)), *dst = calloc(n, sizeof(float));
  kcv_kernel *k = kcv_kernel_new(cs->kw, cs->kh);
  kcv_plan *p = NULL;
  kcv_options opt;
  kcv_options_init(&opt);
  opt.threads = cs->threads;
  if (!src || !dst || !k)
    return CHILD_SETUP;
  for (size_t i = 0; i < n; i++)
    src[i] = pixel((int)(i / cs->channels % cs->width), (int)(i / cs->channels / cs->width),
                   (int)(i % cs->channels));
  for (int j = 0; j < cs->kh; j++)
    for (int i = 0; i < cs->kw; i++)
      k->data[j * cs->kw + i] = weight(cs, i, j);
  favour(KCV_METHOD_SEPARABLE);
  if (kcv_plan_new(k, &opt, &p) != KCV_OK ||
      kcv_plan_choose(p, cs->width, cs->height, cs->channels, NULL) != KCV_METHOD_SEPARABLE)
    return CHILD_SETUP;
  kcv_image s = {src, cs->width, cs->height, cs->channels, (ptrdiff_t)cs->width * cs->channels};
  kcv_image d = {dst, cs->width, cs->height, cs->channels, (ptrdiff_t)cs->width * cs->channels};

  long long now = mapped_bytes();
  struct rlimit rl;
  if (now < 0 || getrlimit(RLIMIT_AS, &rl) != 0)
    return CHILD_SETUP;
  const rlim_t uncapped = rl.rlim_cur;
  rl.rlim_cur = (rlim_t)(now + ((long long)headroom_kib << 10));
  if (setrlimit(RLIMIT_AS, &rl) != 0)
    return CHILD_NO_LIMIT;
  kcv_status st = kcv_plan_execute(p, &s, NULL, &d, NULL, NULL);
  rl.rlim_cur = uncapped;
  if (setrlimit(RLIMIT_AS, &rl) != 0)
    return CHILD_NO_LIMIT;
  if (st != KCV_OK && st != KCV_ERR_NOMEM)
    return (int)st;
  if (st == KCV_OK && !matches_reference(cs, k, dst))
    return CHILD_WRONG;

  favour(KCV_METHOD_DIRECT);
  memset(dst, 0, n * sizeof(float));
  st = kcv_plan_execute(p, &s, NULL, &d, NULL, NULL);
  if (st == KCV_OK && !matches_reference(cs, k, dst))
    return CHILD_WRONG;
  kcv_plan_free(p);
  return (int)st;
}

static void test_half_made(void)
{
  if (UNDER_SANITIZER) {
    g_test_skip("address space caps do not work under a sanitizer runtime");
    return;
  }
  /* The widened kernel of 255x255 on RGBA is 1017x255 taps: 1 MiB of
   * floats, then 2 MiB of doubles. Headroom from 0 to 4 MiB in steps of
   * 128 KiB puts the cap between the two at some step. */
  for (int kib = 0; kib <= 4096; kib += 128) {
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0)
      _exit(child_half_made(&half_made, kib));
    int status = 0;
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFEXITED(status));
    int code = WEXITSTATUS(status);
    if (code == CHILD_NO_LIMIT) {
      g_test_skip("setrlimit(RLIMIT_AS) refused");
      return;
    }
    if (code != KCV_OK)
      g_test_message("%d KiB of headroom: %s", kib,
                     code == CHILD_WRONG   ? "KCV_OK but a wrong result"
                     : code == CHILD_SETUP ? "setup failed"
                                           : kcv_status_name((kcv_status)code));
    g_assert_cmpint(code, ==, KCV_OK);
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *path = g_strdup_printf("/hardening/oom/%s", cases[i].name);
    g_test_add_data_func(path, &cases[i], test_capped);
    g_free(path);
  }
  g_test_add_func("/hardening/oom/make-wide-half-made", test_half_made);
  return g_test_run();
}
