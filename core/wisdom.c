/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: FFTW wisdom import/export and the planner lock. */
#include "kcv-private.h"

#include <fftw3.h>

pthread_mutex_t kcv__fftw_lock = PTHREAD_MUTEX_INITIALIZER;

kcv_status kcv_wisdom_import(const char *path)
{
  if (!path)
    return KCV_ERR_NULL;
  pthread_mutex_lock(&kcv__fftw_lock);
  int ok = fftwf_import_wisdom_from_filename(path);
  pthread_mutex_unlock(&kcv__fftw_lock);
  return ok ? KCV_OK : KCV_ERR_IO;
}

kcv_status kcv_wisdom_export(const char *path)
{
  (void)path;
  return KCV_ERR_IO;
}
