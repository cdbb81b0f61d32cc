/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv bench: what starting a child costs a process of a given size, by fork (g_spawn_async's
 * default) and by posix_spawn, as the wisdom helper is started from GIMP's own process by the
 * GEGL operation (host/kcv-host-wisdom.c). Usage: kcv-spawn-cost [MB [RUNS]]. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Median milliseconds of runs starts of /bin/true with flags. */
static double median_spawn_ms(GSpawnFlags flags, int runs)
{
  gchar *argv[] = {"/bin/true", NULL};
  double *t = g_new(double, runs);
  for (int i = 0; i < runs; i++) {
    gint64 start = g_get_monotonic_time();
    if (!g_spawn_async(NULL, argv, NULL, flags | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                       NULL))
      return -1.0;
    t[i] = (double)(g_get_monotonic_time() - start) / 1000.0;
  }
  qsort(t, (size_t)runs, sizeof *t, cmp_double);
  double m = t[runs / 2];
  g_free(t);
  return m;
}

int main(int argc, char **argv)
{
  size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 500;
  int runs = argc > 2 ? atoi(argv[2]) : 9;
  if (runs < 1)
    runs = 1;
  /* Touched (volatile, so the compiler keeps it): the pages are mapped and a fork has their
   * tables to copy, as in GIMP. */
  const size_t size = mb * 1048576 + 1;
  char *ballast = malloc(size);
  if (!ballast)
    return 1;
  volatile char *touch = ballast;
  for (size_t i = 0; i < size; i += 4096)
    touch[i] = 1;
  /* GLib takes posix_spawn only when it need not close descriptors or reap a middle child. */
  double by_fork = median_spawn_ms(0, runs);
  double by_posix_spawn =
      median_spawn_ms(G_SPAWN_LEAVE_DESCRIPTORS_OPEN | G_SPAWN_DO_NOT_REAP_CHILD, runs);
  printf("%zu MB touched: fork %.2f ms, posix_spawn %.2f ms (median of %d)\n", mb, by_fork,
         by_posix_spawn, runs);
  free(ballast);
  return 0;
}
