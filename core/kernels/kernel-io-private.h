/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: internals shared by the kernel file readers and writers. */
#ifndef KCV_KERNEL_IO_PRIVATE_H
#define KCV_KERNEL_IO_PRIVATE_H

#include "kcv-kernel-io.h"

#include <stdarg.h>
#include <stddef.h>

/* strtod and snprintf with "C" locale semantics whatever the process or
 * thread locale is (a German locale must not turn "0.5" into an error). */
double kcv__strtod_c(const char *s, char **end);
int kcv__snprintf_c(char *buf, size_t size, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

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
