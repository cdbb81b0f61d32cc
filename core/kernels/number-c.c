/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: locale-independent number reading and printing for kernel files. */
#include "kernel-io-private.h"

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* One "C" locale for the process, switched in per thread with uselocale
 * (POSIX 2008), so other threads and the caller's locale are untouched. */
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale = (locale_t)0;

static void c_locale_init(void)
{
  c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static locale_t c_locale_enter(void)
{
  pthread_once(&c_locale_once, c_locale_init);
  if (c_locale == (locale_t)0)
    return (locale_t)0;
  return uselocale(c_locale);
}

static void c_locale_leave(locale_t old)
{
  if (old != (locale_t)0)
    uselocale(old);
}

double kcv__strtod_c(const char *s, char **end)
{
  locale_t old = c_locale_enter();
  double v = strtod(s, end);
  c_locale_leave(old);
  return v;
}

int kcv__snprintf_c(char *buf, size_t size, const char *format, ...)
{
  va_list ap;
  locale_t old = c_locale_enter();
  va_start(ap, format);
  int n = vsnprintf(buf, size, format, ap);
  va_end(ap);
  c_locale_leave(old);
  return n;
}

void kcv__error_set(kcv_error *err, int line, int column, const char *format, ...)
{
  if (!err)
    return;
  err->line = line;
  err->column = column;
  size_t n = 0;
  int k;
  if (line > 0 && column > 0)
    k = snprintf(err->message, sizeof err->message, "line %d, column %d: ", line, column);
  else if (line > 0)
    k = snprintf(err->message, sizeof err->message, "line %d: ", line);
  else
    k = 0;
  if (k > 0)
    n = (size_t)k < sizeof err->message ? (size_t)k : sizeof err->message - 1;
  va_list ap;
  va_start(ap, format);
  vsnprintf(err->message + n, sizeof err->message - n, format, ap);
  va_end(ap);
}
