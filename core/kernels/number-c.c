/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: locale-independent number reading and printing for kernel files. */
#include "kernel-io-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* strtod and printf use the radix character of the current locale, and GIMP
 * runs plug-ins in the user's (a German one reads "0.5" as 0 and prints
 * "0,5"). Plain C11 has no per-thread "C" locale (newlocale and uselocale
 * are POSIX, _create_locale is Windows'), so numbers are moved across
 * without a radix character at all: "12.375e-2" is read as "12375e-5",
 * which every locale reads alike and strtod still rounds correctly, and a
 * printed radix, whatever its bytes, is replaced by '.'. */

static int is_digit(char c)
{
  return c >= '0' && c <= '9';
}

/* Exponents beyond this give 0 or infinity whatever the digits (at most a
 * few thousand of them reach here); the cap keeps the sum from overflowing. */
#define EXPONENT_CAP 100000L

double kcv__strtod_c(const char *s, char **end)
{
  const char *p = s;
  const char *sign = (*p == '+' || *p == '-') ? p++ : NULL;
  const char *int_digits = p;
  while (is_digit(*p))
    p++;
  const size_t n_int = (size_t)(p - int_digits);
  const char *frac_digits = p;
  size_t n_frac = 0;
  if (*p == '.') {
    frac_digits = ++p;
    while (is_digit(*p))
      p++;
    n_frac = (size_t)(p - frac_digits);
  }
  if (n_int + n_frac == 0) {
    if (end)
      *end = (char *)s;
    return 0.0;
  }
  long exponent = 0;
  if (*p == 'e' || *p == 'E') {
    const char *q = p + 1;
    int negative = *q == '-';
    if (*q == '+' || *q == '-')
      q++;
    if (is_digit(*q)) {
      while (is_digit(*q)) {
        if (exponent < EXPONENT_CAP)
          exponent = exponent * 10 + (*q - '0');
        q++;
      }
      exponent = negative ? -exponent : exponent;
      p = q;
    }
  }
  if (end)
    *end = (char *)p;

  /* sign, digits, 'e', sign and up to 20 exponent digits, NUL */
  const size_t need = 1 + n_int + n_frac + 23;
  char small[128];
  char *buf = need <= sizeof small ? small : malloc(need);
  if (!buf) {
    if (end)
      *end = (char *)s;
    return 0.0;
  }
  size_t k = 0;
  if (sign)
    buf[k++] = *sign;
  memcpy(buf + k, int_digits, n_int);
  k += n_int;
  memcpy(buf + k, frac_digits, n_frac);
  k += n_frac;
  const long e = exponent - (long)(n_frac < (size_t)EXPONENT_CAP ? n_frac : EXPONENT_CAP);
  snprintf(buf + k, need - k, "e%ld", e); /* integers print alike in every locale */
  double v = strtod(buf, NULL);
  if (buf != small)
    free(buf);
  return v;
}

int kcv__format_double_c(char *buf, size_t size, double v, int digits)
{
  char tmp[64];
  int n = snprintf(tmp, sizeof tmp, "%.*g", digits, v);
  if (n < 0 || (size_t)n >= sizeof tmp)
    return -1;
  /* [-]digits[RADIX digits][e[+-]digits], or inf/nan: the radix is
   * whatever stands between the first digits and the next digit or 'e'. */
  size_t i = tmp[0] == '-' ? 1 : 0, k = 0;
  char out[64];
  memcpy(out, tmp, i);
  k = i;
  while (is_digit(tmp[i]))
    out[k++] = tmp[i++];
  if (k > 0 && is_digit(out[k - 1]) && tmp[i] != '\0' && tmp[i] != 'e' && !is_digit(tmp[i])) {
    out[k++] = '.';
    while (tmp[i] != '\0' && tmp[i] != 'e' && !is_digit(tmp[i]))
      i++;
  }
  while (tmp[i] != '\0')
    out[k++] = tmp[i++];
  out[k] = '\0';
  return snprintf(buf, size, "%s", out);
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
