/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: reading and writing kernel files and kernel text. */
#ifndef KCV_KERNEL_IO_H
#define KCV_KERNEL_IO_H

#include "kcv.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  KCV_KERNEL_FORMAT_AUTO = 0, /* by extension, else detected from content */
  KCV_KERNEL_FORMAT_MAT,      /* libvips matrix text: "W H [scale [offset]]" then rows */
  KCV_KERNEL_FORMAT_IMAGEJ,   /* rows of whitespace-separated numbers */
  KCV_KERNEL_FORMAT_CSV,      /* comma or semicolon separated rows, optional header */
  KCV_KERNEL_FORMAT_GMIC,     /* (0,1,0;1,-4,1;0,1,0) */
  KCV_KERNEL_FORMAT_ACF,      /* Photoshop Custom filter, 5x5 int16, read only */
  KCV_KERNEL_FORMAT_COUNT
} kcv_kernel_format;

/* Where and why a parse failed. line and column are 1-based, 0 when not
 * applicable; message is an English sentence naming the problem, already
 * starting with "line L, column C: " (or "line L: ") when line > 0, so it
 * can be shown as is (prefix only the file name). */
typedef struct {
  int line;
  int column;
  char message[256];
} kcv_error;

/* Largest kernel file read (64 MiB). */
#define KCV_KERNEL_FILE_MAX (64u << 20)

/* A kernel read from a file or text. divisor is 0 when the format gives
 * none (automatic); .mat and .acf scale is carried over. offset is in
 * kcv's units, full scale (1.0 = white), whatever the format stores: .mat
 * and .acf offsets are converted on reading (see
 * kcv_kernel_file_offset_unit) and back on writing, so callers never
 * convert. */
typedef struct {
  kcv_kernel *kernel;
  double divisor;
  double offset;
  kcv_kernel_format format; /* the format actually read */
} kcv_kernel_file;

/* Reads path. On success *out holds a kernel the caller frees with
 * kcv_kernel_file_clear; on failure *out is cleared and err (may be NULL)
 * says what is wrong. */
KCV_WARN_UNUSED kcv_status kcv_kernel_file_load(const char *path, kcv_kernel_format format,
                                                kcv_kernel_file *out, kcv_error *err);
/* Parses text (len bytes, need not be NUL-terminated). AUTO detects. */
KCV_WARN_UNUSED kcv_status kcv_kernel_file_parse(const char *text, size_t len,
                                                 kcv_kernel_format format, kcv_kernel_file *out,
                                                 kcv_error *err);
/* Writes kernel (with divisor and offset where the format holds them; the
 * offset in full scale, written in the format's units) so that reading it
 * back gives bit-identical weights and divisor, and the offset within one
 * ulp. AUTO: by extension.
 * Only .mat holds divisor and offset; it cannot say "automatic", so divisor
 * 0 is written as kcv_kernel_auto_divisor(kernel). The file is written
 * under a temporary name and renamed over path. ACF cannot be written. */
KCV_WARN_UNUSED kcv_status kcv_kernel_file_save(const char *path, kcv_kernel_format format,
                                                const kcv_kernel *kernel, double divisor,
                                                double offset, kcv_error *err);
/* The text of kernel in format (MAT, IMAGEJ, CSV, GMIC), malloc'd, NULL on
 * OOM or unsupported format. */
char *kcv_kernel_file_to_text(const kcv_kernel *kernel, kcv_kernel_format format, double divisor,
                              double offset);
void kcv_kernel_file_clear(kcv_kernel_file *file);

/* How many of the format's offset units make full scale: 255 for .mat and
 * .acf, whose offsets are in 8-bit units (0-255) as libvips applies them to
 * 8-bit images and Photoshop's Custom filter does (an emboss with offset
 * 128 turns flat areas mid-grey); 1 for the formats without an offset.
 * The one place this rule lives: the readers divide by it, the writer
 * multiplies. */
double kcv_kernel_file_offset_unit(kcv_kernel_format format);

/* The format a file name's extension implies, or AUTO. */
kcv_kernel_format kcv_kernel_format_from_name(const char *path);
/* "auto", "mat", "imagej", "csv", "gmic", "acf"; NULL for unknown. */
const char *kcv_kernel_format_name(kcv_kernel_format format);
/* The extension a format's files carry (".mat", ".txt", ".csv", ".gmic",
 * ".acf"); NULL for AUTO or unknown. For file chooser filters. */
const char *kcv_kernel_format_extension(kcv_kernel_format format);

#ifdef __cplusplus
}
#endif

#endif
