/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: a tiny work-sharing pool for one call: workers take task indices from
 * a shared counter; the calling thread reports progress and relays cancel. */
#include "kcv-private.h"

#include <errno.h>
#include <stdatomic.h>
#include <time.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <unistd.h>
#endif

/* Progress is reported at most this often (well under the 50 ms promised). */
#define PROGRESS_INTERVAL_NS 20000000L

typedef struct {
  int n_tasks;
  size_t scratch_bytes;
  kcv__task_fn task;
  void *ctx;
  atomic_int next;
  atomic_int done;
  atomic_int stop;
  pthread_mutex_t lock;
  pthread_cond_t cond;
  int running;
  kcv_status status;
} pool;

/* 0, or the core count kcv-bench --auto-sweep --cores asks AUTO to plan for. */
static atomic_int cpu_cap;

void kcv__cpu_cap(int n)
{
  atomic_store(&cpu_cap, n > 0 ? n : 0);
}

int kcv__cpu_count(void)
{
  const int cap = atomic_load(&cpu_cap);
  if (cap > 0)
    return cap;
#ifdef _WIN32
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  long n = (long)si.dwNumberOfProcessors;
#elif defined(_SC_NPROCESSORS_ONLN)
  long n = sysconf(_SC_NPROCESSORS_ONLN); /* POSIX systems, macOS too */
#else
  long n = 1;
#endif
  return n < 1 ? 1 : (n > 256 ? 256 : (int)n);
}

static double now_ns(void)
{
  struct timespec ts;
#ifdef CLOCK_MONOTONIC
  clock_gettime(CLOCK_MONOTONIC, &ts);
#else
  /* Plain C11: the wall clock, which only paces the progress reports. */
  timespec_get(&ts, TIME_UTC);
#endif
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* The waits for the workers time out on the monotonic clock where a
 * condition variable can use it; macOS (no pthread_condattr_setclock) and
 * plain C11 use the wall clock, the condition variable's default. */
#if defined(CLOCK_MONOTONIC) && !defined(__APPLE__)
#define COND_MONOTONIC 1
#endif

static void cond_init(pthread_cond_t *cond)
{
#ifdef COND_MONOTONIC
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(cond, &ca);
  pthread_condattr_destroy(&ca);
#else
  pthread_cond_init(cond, NULL);
#endif
}

/* One progress interval from now, on the condition variable's clock. */
static void wait_deadline(struct timespec *ts)
{
#ifdef COND_MONOTONIC
  clock_gettime(CLOCK_MONOTONIC, ts);
#else
  timespec_get(ts, TIME_UTC);
#endif
  ts->tv_nsec += PROGRESS_INTERVAL_NS;
  if (ts->tv_nsec >= 1000000000L) {
    ts->tv_sec++;
    ts->tv_nsec -= 1000000000L;
  }
}

static void fail(pool *p, kcv_status st)
{
  pthread_mutex_lock(&p->lock);
  if (p->status == KCV_OK)
    p->status = st;
  pthread_mutex_unlock(&p->lock);
  atomic_store(&p->stop, 1);
}

static void work(pool *p)
{
  void *scratch = NULL;
  if (p->scratch_bytes) {
    scratch = kcv__malloc(p->scratch_bytes);
    if (!scratch) {
      fail(p, KCV_ERR_NOMEM);
      return;
    }
  }
  while (!atomic_load(&p->stop)) {
    int i = atomic_fetch_add(&p->next, 1);
    if (i >= p->n_tasks)
      break;
    kcv_status st = p->task(p->ctx, i, scratch);
    if (st != KCV_OK) {
      fail(p, st);
      break;
    }
    atomic_fetch_add(&p->done, 1);
  }
  kcv__free(scratch);
}

static void *worker(void *arg)
{
  pool *p = arg;
  work(p);
  pthread_mutex_lock(&p->lock);
  p->running--;
  pthread_cond_signal(&p->cond);
  pthread_mutex_unlock(&p->lock);
  return NULL;
}

static int report(pool *p, kcv_progress_fn progress, void *user_data)
{
  if (!progress)
    return 0;
  return progress((double)atomic_load(&p->done) / p->n_tasks, user_data);
}

/* Single thread: tasks run in the caller, which reports between tasks. */
static kcv_status run_serial(pool *p, kcv_progress_fn progress, void *user_data)
{
  void *scratch = NULL;
  if (p->scratch_bytes && !(scratch = kcv__malloc(p->scratch_bytes)))
    return KCV_ERR_NOMEM;
  kcv_status st = KCV_OK;
  double last = now_ns();
  for (int i = 0; i < p->n_tasks && st == KCV_OK; i++) {
    st = p->task(p->ctx, i, scratch);
    atomic_fetch_add(&p->done, 1);
    double t = now_ns();
    if (st == KCV_OK && progress && t - last >= PROGRESS_INTERVAL_NS) {
      last = t;
      if (report(p, progress, user_data))
        st = KCV_ERR_CANCELLED;
    }
  }
  kcv__free(scratch);
  return st;
}

kcv_status kcv__parallel(int n_tasks, int n_threads, size_t scratch_bytes, kcv__task_fn task,
                         void *ctx, kcv_progress_fn progress, void *user_data)
{
  if (n_tasks <= 0)
    return KCV_OK;
  pool p = {.n_tasks = n_tasks, .scratch_bytes = scratch_bytes, .task = task, .ctx = ctx};
  atomic_init(&p.next, 0);
  atomic_init(&p.done, 0);
  atomic_init(&p.stop, 0);
  if (progress && progress(0.0, user_data))
    return KCV_ERR_CANCELLED;
  if (n_threads > n_tasks)
    n_threads = n_tasks;
  kcv_status st;
  if (n_threads <= 1) {
    st = run_serial(&p, progress, user_data);
  } else {
    pthread_mutex_init(&p.lock, NULL);
    cond_init(&p.cond);
    pthread_t *tids = kcv__calloc((size_t)n_threads, sizeof *tids);
    if (!tids) {
      st = KCV_ERR_NOMEM;
    } else {
      int started = 0;
      for (; started < n_threads; started++) {
        pthread_mutex_lock(&p.lock);
        p.running++;
        pthread_mutex_unlock(&p.lock);
        if (pthread_create(&tids[started], NULL, worker, &p) != 0) {
          pthread_mutex_lock(&p.lock);
          p.running--;
          pthread_mutex_unlock(&p.lock);
          break;
        }
      }
      if (started == 0) /* no thread could start: do the work here */
        work(&p);
      /* The caller waits, waking to report progress and relay a cancel. */
      int cancelled = 0;
      pthread_mutex_lock(&p.lock);
      while (p.running > 0) {
        struct timespec ts;
        wait_deadline(&ts);
        int rc = pthread_cond_timedwait(&p.cond, &p.lock, &ts);
        if (rc == ETIMEDOUT && progress && !cancelled) {
          pthread_mutex_unlock(&p.lock);
          if (report(&p, progress, user_data)) {
            cancelled = 1;
            atomic_store(&p.stop, 1);
          }
          pthread_mutex_lock(&p.lock);
        }
      }
      pthread_mutex_unlock(&p.lock);
      for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
      kcv__free(tids);
      st = p.status;
      if (st == KCV_OK && cancelled)
        st = KCV_ERR_CANCELLED;
      if (st == KCV_OK && atomic_load(&p.done) < n_tasks)
        st = KCV_ERR_NOMEM; /* workers stopped early without a cause: treat as resource failure */
    }
    pthread_cond_destroy(&p.cond);
    pthread_mutex_destroy(&p.lock);
  }
  if (st == KCV_OK && progress) /* the work is done: a late "stop" changes nothing */
    (void)progress(1.0, user_data);
  return st;
}
