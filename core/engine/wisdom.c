/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: FFTW wisdom import/export and the planner lock. */
#include "kcv-private.h"

#include <fftw3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

pthread_mutex_t kcv__fftw_lock = PTHREAD_MUTEX_INITIALIZER;

/* A missing, unreadable or malformed file are all KCV_ERR_IO: FFTW does not
 * tell them apart, and for the caller (a cache in the user's profile) each
 * means "plan from scratch". */
kcv_status kcv_wisdom_import(const char *path)
{
  if (!path)
    return KCV_ERR_NULL;
  pthread_mutex_lock(&kcv__fftw_lock);
  int ok = fftwf_import_wisdom_from_filename(path);
  pthread_mutex_unlock(&kcv__fftw_lock);
  return ok ? KCV_OK : KCV_ERR_IO;
}

/* Written to path.tmp.PID and renamed, so a reader (another GIMP process)
 * never sees half a file and two writers do not interleave; the FFTW lock
 * keeps two threads of this process off the same temporary name. */
kcv_status kcv_wisdom_export(const char *path)
{
  if (!path)
    return KCV_ERR_NULL;
  size_t len = strlen(path) + 32;
  char *tmp = malloc(len);
  if (!tmp)
    return KCV_ERR_NOMEM;
  snprintf(tmp, len, "%s.tmp.%ld", path, (long)getpid());

  kcv_status status = KCV_ERR_IO;
  pthread_mutex_lock(&kcv__fftw_lock);
  FILE *f = fopen(tmp, "w");
  if (f) {
    fftwf_export_wisdom_to_file(f);
    int write_error = ferror(f);
    if (fclose(f) == 0 && !write_error && rename(tmp, path) == 0)
      status = KCV_OK;
    else
      remove(tmp);
  }
  pthread_mutex_unlock(&kcv__fftw_lock);
  free(tmp);
  return status;
}

/* Both under kcv__fftw_lock. */
static kcv_planning planning = KCV_PLANNING_MEASURE;
/* Enough for a long session of the GEGL operation inside GIMP, which hands
 * the sizes to a helper as they come (gegl/kcv-gegl-wisdom.c); with 16, the
 * sizes met after the sixteenth were never measured. */
#define MAX_UNMEASURED 256
static int unmeasured[MAX_UNMEASURED][2];
static int n_unmeasured;

void kcv_wisdom_set_planning(kcv_planning mode)
{
  pthread_mutex_lock(&kcv__fftw_lock);
  planning = mode;
  pthread_mutex_unlock(&kcv__fftw_lock);
}

int kcv__planning_quick(void)
{
  return planning == KCV_PLANNING_QUICK;
}

void kcv__note_unmeasured(int width, int height)
{
  for (int i = 0; i < n_unmeasured; i++)
    if (unmeasured[i][0] == width && unmeasured[i][1] == height)
      return;
  if (n_unmeasured < MAX_UNMEASURED) {
    unmeasured[n_unmeasured][0] = width;
    unmeasured[n_unmeasured][1] = height;
    n_unmeasured++;
  }
}

int kcv_wisdom_unmeasured(int *sizes, int max)
{
  pthread_mutex_lock(&kcv__fftw_lock);
  int n = sizes && max > 0 ? (n_unmeasured < max ? n_unmeasured : max) : 0;
  for (int i = 0; i < n; i++) {
    sizes[2 * i] = unmeasured[i][0];
    sizes[2 * i + 1] = unmeasured[i][1];
  }
  pthread_mutex_unlock(&kcv__fftw_lock);
  return n;
}

/* The same plans the fft method makes (2-D r2c and c2r, out of place, on
 * FFTW's own aligned arrays), so the wisdom serves it. */
kcv_status kcv_wisdom_measure(int width, int height)
{
  if (width < 1 || height < 1)
    return KCV_ERR_IMAGE_SIZE;
  const size_t nc = (size_t)height * (size_t)(width / 2 + 1);
  float *r = fftwf_malloc((size_t)width * height * sizeof(float));
  fftwf_complex *c = fftwf_malloc(nc * sizeof(fftwf_complex));
  kcv_status status = r && c ? KCV_OK : KCV_ERR_NOMEM;
  if (status == KCV_OK) {
    pthread_mutex_lock(&kcv__fftw_lock);
    fftwf_plan r2c = fftwf_plan_dft_r2c_2d(height, width, r, c, FFTW_MEASURE);
    fftwf_plan c2r = fftwf_plan_dft_c2r_2d(height, width, c, r, FFTW_MEASURE);
    if (!r2c || !c2r)
      status = KCV_ERR_FFTW;
    if (r2c)
      fftwf_destroy_plan(r2c);
    if (c2r)
      fftwf_destroy_plan(c2r);
    pthread_mutex_unlock(&kcv__fftw_lock);
  }
  fftwf_free(r);
  fftwf_free(c);
  return status;
}
