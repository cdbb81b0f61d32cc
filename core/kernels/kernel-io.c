/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: kernel files: format choice, loading, saving and writing as text. */
#include "kernel-io-private.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *name;
  const char *extension;
} format_info[KCV_KERNEL_FORMAT_COUNT] = {
    [KCV_KERNEL_FORMAT_AUTO] = {"auto", NULL},       [KCV_KERNEL_FORMAT_MAT] = {"mat", ".mat"},
    [KCV_KERNEL_FORMAT_IMAGEJ] = {"imagej", ".txt"}, [KCV_KERNEL_FORMAT_CSV] = {"csv", ".csv"},
    [KCV_KERNEL_FORMAT_GMIC] = {"gmic", ".gmic"},    [KCV_KERNEL_FORMAT_ACF] = {"acf", ".acf"},
};

const char *kcv_kernel_format_name(kcv_kernel_format format)
{
  if ((int)format < 0 || format >= KCV_KERNEL_FORMAT_COUNT)
    return NULL;
  return format_info[format].name;
}

const char *kcv_kernel_format_extension(kcv_kernel_format format)
{
  if ((int)format < 0 || format >= KCV_KERNEL_FORMAT_COUNT)
    return NULL;
  return format_info[format].extension;
}

double kcv_kernel_file_offset_unit(kcv_kernel_format format)
{
  return (format == KCV_KERNEL_FORMAT_MAT || format == KCV_KERNEL_FORMAT_ACF) ? 255.0 : 1.0;
}

static int same_ignoring_case(const char *a, const char *b)
{
  for (; *a && *b; a++, b++) {
    char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
    char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;
    if (x != y)
      return 0;
  }
  return *a == *b;
}

kcv_kernel_format kcv_kernel_format_from_name(const char *path)
{
  if (!path)
    return KCV_KERNEL_FORMAT_AUTO;
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  if (!dot || dot == base)
    return KCV_KERNEL_FORMAT_AUTO;
  for (int f = KCV_KERNEL_FORMAT_AUTO + 1; f < KCV_KERNEL_FORMAT_COUNT; f++)
    if (same_ignoring_case(dot, format_info[f].extension))
      return (kcv_kernel_format)f;
  return KCV_KERNEL_FORMAT_AUTO;
}

void kcv_kernel_file_clear(kcv_kernel_file *file)
{
  if (!file)
    return;
  kcv_kernel_free(file->kernel);
  file->kernel = NULL;
  file->divisor = 0;
  file->offset = 0;
  file->format = KCV_KERNEL_FORMAT_AUTO;
}

static void error_clear(kcv_error *err)
{
  if (err) {
    err->line = 0;
    err->column = 0;
    err->message[0] = '\0';
  }
}

/* Every path that meets a file over the limit says so in these words. */
static kcv_status too_big(kcv_error *err)
{
  kcv__error_set(err, 0, 0, "the file is larger than %u MiB; a kernel file is never that big",
                 KCV_KERNEL_FILE_MAX >> 20);
  return KCV_ERR_IO;
}

kcv_status kcv_kernel_file_parse(const char *text, size_t len, kcv_kernel_format format,
                                 kcv_kernel_file *out, kcv_error *err)
{
  error_clear(err);
  if (!out || (!text && len > 0)) {
    kcv__error_set(err, 0, 0, "no text to read");
    return KCV_ERR_NULL;
  }
  out->kernel = NULL;
  kcv_kernel_file_clear(out);
  if (len > KCV_KERNEL_FILE_MAX) {
    return too_big(err);
  }
  if (!text)
    text = "";
  if (format == KCV_KERNEL_FORMAT_AUTO)
    format = kcv__detect_format(text, len);
  switch (format) {
  case KCV_KERNEL_FORMAT_MAT:
    return kcv__parse_mat(text, len, out, err);
  case KCV_KERNEL_FORMAT_IMAGEJ:
    return kcv__parse_imagej(text, len, out, err);
  case KCV_KERNEL_FORMAT_CSV:
    return kcv__parse_csv(text, len, out, err);
  case KCV_KERNEL_FORMAT_GMIC:
    return kcv__parse_gmic(text, len, out, err);
  case KCV_KERNEL_FORMAT_ACF:
    return kcv__parse_acf(text, len, out, err);
  default:
    kcv__error_set(err, 0, 0, "unknown kernel file format");
    return KCV_ERR_FORMAT;
  }
}

/* Opens path for reading; a regular file over the limit is refused before
 * anything is read. */
static kcv_status open_bounded(const char *path, FILE **out, kcv_error *err)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    kcv__error_set(err, 0, 0, "cannot open the file: %s", strerror(errno));
    return KCV_ERR_IO;
  }
  /* A size known up front fails fast (plain C: fseek and ftell, no
   * fstat); where it is not (a pipe), the read below is bounded too. */
  long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
  if (fseek(f, 0, SEEK_SET) != 0)
    clearerr(f);
  if (size > 0 && (unsigned long)size > KCV_KERNEL_FILE_MAX) {
    fclose(f);
    return too_big(err);
  }
  *out = f;
  return KCV_OK;
}

/* Reads all of f into *out (malloc'd, *out_len bytes), at most one byte
 * past the limit, so a growing file or a pipe is bounded too. */
static kcv_status read_all(FILE *f, char **out, size_t *out_len, kcv_error *err)
{
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  kcv_status status = KCV_OK;
  while (buf && status == KCV_OK) {
    if (len == cap) {
      if (cap > KCV_KERNEL_FILE_MAX) {
        status = too_big(err);
        break;
      }
      size_t ncap =
          cap * 2 > (size_t)KCV_KERNEL_FILE_MAX + 1 ? (size_t)KCV_KERNEL_FILE_MAX + 1 : cap * 2;
      char *nb = realloc(buf, ncap);
      if (!nb)
        break;
      buf = nb;
      cap = ncap;
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0 && ferror(f)) {
      kcv__error_set(err, 0, 0, "cannot read the file: %s", strerror(errno));
      status = KCV_ERR_IO;
    } else if (got == 0) {
      *out = buf;
      *out_len = len;
      return KCV_OK;
    }
  }
  free(buf);
  if (status == KCV_OK) {
    kcv__error_set(err, 0, 0, "out of memory");
    status = KCV_ERR_NOMEM;
  }
  return status;
}

/* ".txt" says little: kernels of every text format get saved so. When the
 * ImageJ reading failed and the content looks like another format that
 * reads cleanly, take that; else keep the ImageJ error. */
static kcv_status retry_as_detected(const char *buf, size_t len, kcv_kernel_format format,
                                    kcv_status status, kcv_kernel_file *out, kcv_error *err)
{
  if (status != KCV_ERR_PARSE || format != KCV_KERNEL_FORMAT_IMAGEJ ||
      kcv__detect_format(buf, len) == KCV_KERNEL_FORMAT_IMAGEJ)
    return status;
  kcv_kernel_file other;
  if (kcv_kernel_file_parse(buf, len, kcv__detect_format(buf, len), &other, NULL) != KCV_OK ||
      other.format == KCV_KERNEL_FORMAT_ACF)
    return status;
  *out = other;
  error_clear(err);
  return KCV_OK;
}

kcv_status kcv_kernel_file_load(const char *path, kcv_kernel_format format, kcv_kernel_file *out,
                                kcv_error *err)
{
  error_clear(err);
  if (!path || !out) {
    kcv__error_set(err, 0, 0, "no file name given");
    return KCV_ERR_NULL;
  }
  out->kernel = NULL;
  kcv_kernel_file_clear(out);
  if (format == KCV_KERNEL_FORMAT_AUTO)
    format = kcv_kernel_format_from_name(path);
  FILE *f;
  char *buf;
  size_t len;
  kcv_status status = open_bounded(path, &f, err);
  if (status != KCV_OK)
    return status;
  status = read_all(f, &buf, &len, err);
  fclose(f);
  if (status != KCV_OK)
    return status;
  status = retry_as_detected(buf, len, format, kcv_kernel_file_parse(buf, len, format, out, err),
                             out, err);
  free(buf);
  return status;
}

/* ---- writing ------------------------------------------------------------- */

static int kernel_ok(const kcv_kernel *kernel)
{
  if (!kernel || !kernel->data || kernel->width < 1 || kernel->height < 1 ||
      kernel->width > KCV_KERNEL_MAX || kernel->height > KCV_KERNEL_MAX)
    return 0;
  size_t n = (size_t)kernel->width * (size_t)kernel->height;
  for (size_t i = 0; i < n; i++)
    if (!isfinite(kernel->data[i]))
      return 0;
  return 1;
}

/* The offset in the file's units, in the shortest form that reads back to
 * the same full-scale offset ("128" for 128/255); %.17g of the product
 * does for every offset read from a file (tests/kernels checks 20000), any
 * other offset comes back within an ulp (not every double is some
 * decimal / 255). */
static void file_offset_text(double offset, double unit, char *buf, size_t size)
{
  const double v = offset * unit;
  for (int digits = 1; digits <= 17; digits++) {
    kcv__format_double_c(buf, size, v, digits);
    if (kcv__strtod_c(buf, NULL) / unit == offset)
      return;
  }
}

/* %.9g gives every float a decimal form that reads back to the same float
 * (9 significant digits suffice for 24-bit mantissas); %.17g for doubles. */
char *kcv_kernel_file_to_text(const kcv_kernel *kernel, kcv_kernel_format format, double divisor,
                              double offset)
{
  if (!kernel_ok(kernel) || !isfinite(divisor) ||
      !isfinite(offset * kcv_kernel_file_offset_unit(format)))
    return NULL;
  const char *open = "", *col_sep, *row_end, *close = "";
  switch (format) {
  case KCV_KERNEL_FORMAT_MAT:
  case KCV_KERNEL_FORMAT_IMAGEJ:
    col_sep = " ";
    row_end = "\n";
    break;
  case KCV_KERNEL_FORMAT_CSV:
    col_sep = ",";
    row_end = "\n";
    break;
  case KCV_KERNEL_FORMAT_GMIC:
    open = "(";
    col_sep = ",";
    row_end = ";";
    close = ")\n";
    break;
  default:
    return NULL;
  }
  const int w = kernel->width, h = kernel->height;
  /* "-1.17549435e-38" is 15 characters; 16 with a separator. */
  size_t cap = (size_t)w * (size_t)h * 17 + (size_t)h + 128;
  char *text = malloc(cap);
  if (!text)
    return NULL;
  size_t n = 0;
  if (format == KCV_KERNEL_FORMAT_MAT) {
    /* .mat cannot say "automatic": write the divisor automatic resolves to. */
    double scale = divisor != 0 ? divisor : kcv_kernel_auto_divisor(kernel);
    n += (size_t)snprintf(text + n, cap - n, "%d %d ", w, h);
    n += (size_t)kcv__format_double_c(text + n, cap - n, scale, 17);
    if (offset != 0) {
      char num[40];
      file_offset_text(offset, kcv_kernel_file_offset_unit(format), num, sizeof num);
      n += (size_t)snprintf(text + n, cap - n, " %s", num);
    }
    n += (size_t)snprintf(text + n, cap - n, "\n");
  }
  n += (size_t)snprintf(text + n, cap - n, "%s", open);
  for (int y = 0; y < h; y++) {
    for (int x = 0; x < w; x++) {
      n += (size_t)kcv__format_double_c(text + n, cap - n, (double)kernel->data[(size_t)y * w + x],
                                        9);
      n += (size_t)snprintf(text + n, cap - n, "%s", x + 1 < w ? col_sep : "");
    }
    if (y + 1 < h || format != KCV_KERNEL_FORMAT_GMIC)
      n += (size_t)snprintf(text + n, cap - n, "%s", row_end);
  }
  snprintf(text + n, cap - n, "%s", close);
  return text;
}

/* What kcv_kernel_file_save refuses; *format is resolved from the name. */
static kcv_status check_save(const char *path, kcv_kernel_format *format, const kcv_kernel *kernel,
                             double divisor, double offset, kcv_error *err)
{
  if (!path || !kernel) {
    kcv__error_set(err, 0, 0, "no file name or kernel given");
    return KCV_ERR_NULL;
  }
  if (*format == KCV_KERNEL_FORMAT_AUTO)
    *format = kcv_kernel_format_from_name(path);
  if (*format == KCV_KERNEL_FORMAT_AUTO) {
    kcv__error_set(err, 0, 0,
                   "cannot tell the format from the file name; use .mat, .txt, .csv or .gmic");
    return KCV_ERR_FORMAT;
  }
  if (*format == KCV_KERNEL_FORMAT_ACF || *format >= KCV_KERNEL_FORMAT_COUNT) {
    kcv__error_set(err, 0, 0,
                   "kernels cannot be saved as Photoshop .acf; use .mat, .txt, .csv or .gmic");
    return KCV_ERR_FORMAT;
  }
  if (!kernel_ok(kernel)) {
    kcv__error_set(err, 0, 0, "the kernel has a bad size or a NaN or infinite weight");
    return kcv_kernel_check(kernel) != KCV_OK ? kcv_kernel_check(kernel) : KCV_ERR_KERNEL_SIZE;
  }
  if (!isfinite(divisor)) {
    kcv__error_set(err, 0, 0, "the divisor is NaN or infinite");
    return KCV_ERR_DIVISOR;
  }
  if (!isfinite(offset)) {
    kcv__error_set(err, 0, 0, "the offset is NaN or infinite");
    return KCV_ERR_OFFSET;
  }
  if (!isfinite(offset * kcv_kernel_file_offset_unit(*format))) {
    kcv__error_set(err, 0, 0, "the offset %g is too large to write in 8-bit units", offset);
    return KCV_ERR_OFFSET;
  }
  return KCV_OK;
}

/* All of text to f, then f closed. */
static kcv_status write_all(FILE *f, const char *text, kcv_error *err)
{
  kcv_status status = KCV_OK;
  size_t len = strlen(text);
  if (fwrite(text, 1, len, f) != len) {
    kcv__error_set(err, 0, 0, "cannot write the file: %s", strerror(errno));
    status = KCV_ERR_IO;
  }
  if (fclose(f) != 0 && status == KCV_OK) {
    kcv__error_set(err, 0, 0, "cannot write the file: %s", strerror(errno));
    status = KCV_ERR_IO;
  }
  return status;
}

/* Writes a temporary file beside path and renames it over, so a failed
 * write never leaves a half-written kernel file. */
static kcv_status write_replacing(const char *path, const char *text, kcv_error *err)
{
  size_t plen = strlen(path);
  char *tmp = malloc(plen + 40);
  if (!tmp) {
    kcv__error_set(err, 0, 0, "out of memory");
    return KCV_ERR_NOMEM;
  }
  /* C11's exclusive "x" mode with a fresh name (a name left by a crashed
   * run, or taken by a concurrent save, moves on to the next); the file gets
   * the default permissions, the umask deciding, as for any file saved. */
  FILE *f = NULL;
  for (int attempt = 0; attempt < 100 && !f; attempt++) {
    snprintf(tmp, plen + 40, "%s.tmp%d", path, attempt);
    errno = 0;
    f = fopen(tmp, "wbx");
#ifdef EEXIST
    if (!f && errno != EEXIST)
      break;
#endif
  }
  kcv_status status = KCV_OK;
  if (!f) {
    kcv__error_set(err, 0, 0, "cannot create the file: %s", strerror(errno));
    status = KCV_ERR_IO;
  } else {
    status = write_all(f, text, err);
    if (status == KCV_OK && rename(tmp, path) != 0) {
      kcv__error_set(err, 0, 0, "cannot replace the file: %s", strerror(errno));
      status = KCV_ERR_IO;
    }
    if (status != KCV_OK)
      remove(tmp);
  }
  free(tmp);
  return status;
}

kcv_status kcv_kernel_file_save(const char *path, kcv_kernel_format format,
                                const kcv_kernel *kernel, double divisor, double offset,
                                kcv_error *err)
{
  error_clear(err);
  kcv_status status = check_save(path, &format, kernel, divisor, offset, err);
  if (status != KCV_OK)
    return status;
  char *text = kcv_kernel_file_to_text(kernel, format, divisor, offset);
  if (!text) {
    kcv__error_set(err, 0, 0, "out of memory");
    return KCV_ERR_NOMEM;
  }
  status = write_replacing(path, text, err);
  free(text);
  return status;
}
