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
