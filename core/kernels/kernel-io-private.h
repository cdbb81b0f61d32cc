/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: internals shared by the kernel file readers and writers. */
#ifndef KCV_KERNEL_IO_PRIVATE_H
#define KCV_KERNEL_IO_PRIVATE_H

#include "kcv-kernel-io.h"

#include <stdarg.h>
#include <stddef.h>

/* Decimal numbers with '.' as the radix whatever the locale (a German one
 * must not turn "0.5" into an error), in plain C11 (number-c.c says how).
 * kcv__strtod_c reads the longest [+-]digits[.digits][(e|E)[+-]digits]
 * prefix of s (no space, hex, inf or nan: callers check for those), as
 * strtod would in the "C" locale; *end is s when there is none.
 * kcv__format_double_c prints v as "%.*g" with digits, as printf would in the
 * "C" locale; returns what snprintf returns. */
double kcv__strtod_c(const char *s, char **end);
int kcv__format_double_c(char *buf, size_t size, double v, int digits);

/* Fills err (may be NULL) with line, column and a printf-formatted message
 * prefixed by "line L, column C: " (or "line L: " when column is 0). */
void kcv__error_set(kcv_error *err, int line, int column, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Parsers of one format each; text need not be NUL-terminated. On failure
 * out is left cleared. */
kcv_status kcv__parse_mat(const char *text, size_t len, kcv_kernel_file *out, kcv_error *err);
kcv_status kcv__parse_imagej(const char *text, size_t len, kcv_kernel_file *out, kcv_error *err);
kcv_status kcv__parse_csv(const char *text, size_t len, kcv_kernel_file *out, kcv_error *err);
kcv_status kcv__parse_gmic(const char *text, size_t len, kcv_kernel_file *out, kcv_error *err);
kcv_status kcv__parse_acf(const char *data, size_t len, kcv_kernel_file *out, kcv_error *err);

/* The text format text most likely is (never AUTO; ACF for binary data). */
kcv_kernel_format kcv__detect_format(const char *text, size_t len);

#endif
