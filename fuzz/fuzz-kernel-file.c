/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv fuzz target: one kernel file parser (KCV_FUZZ_FORMAT, set by the build)
 * on raw bytes; a kernel it accepts must be usable and survive a round trip. */
#include "kcv-kernel-io.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KCV_FUZZ_FORMAT
#error "build with -DKCV_FUZZ_FORMAT=KCV_KERNEL_FORMAT_..."
#endif

/* What must hold for any input:
 * - no crash, leak, out-of-bounds read (the bytes are copied into a buffer of
 *   exactly their length, not NUL-terminated) or undefined behaviour;
 * - the status is in range; on failure no kernel is returned and the error
 *   message is a NUL-terminated sentence;
 * - on success the kernel passes kcv_kernel_check, divisor and offset are
 *   finite, the format is the one asked for (AUTO: a real format);
 * - written back as text in the format it came in (ACF cannot be written),
 *   it reads back with bit-identical weights. */

static void fail(const char *why)
{
  /* libFuzzer catches the abort and keeps the input; the reason goes first. */
  fprintf(stderr, "%s: %s\n", __FILE__, why);
  abort();
}

static void check_error(const kcv_error *err)
{
  if (memchr(err->message, '\0', sizeof err->message) == NULL)
    fail("message not terminated");
  if (err->line < 0 || err->column < 0)
    fail("negative position");
}

static void round_trip(const kcv_kernel_file *kf)
{
  kcv_kernel_format f = kf->format;
  if (f == KCV_KERNEL_FORMAT_ACF)
    f = KCV_KERNEL_FORMAT_MAT; /* an .acf kernel saved in the richest format */
  char *text = kcv_kernel_file_to_text(kf->kernel, f, kf->divisor, kf->offset);
  if (!text)
    fail("to_text refused a kernel the parser gave");
  kcv_kernel_file back = {0};
  kcv_error err;
  kcv_status st = kcv_kernel_file_parse(text, strlen(text), f, &back, &err);
  if (st != KCV_OK)
    fail("written text does not read back");
  const kcv_kernel *a = kf->kernel, *b = back.kernel;
  if (a->width != b->width || a->height != b->height)
    fail("round trip changed the size");
  if (memcmp(a->data, b->data, sizeof(float) * (size_t)a->width * a->height) != 0)
    fail("round trip changed a weight");
  if (f == KCV_KERNEL_FORMAT_MAT) {
    double want = kf->divisor != 0 ? kf->divisor : kcv_kernel_auto_divisor(kf->kernel);
    if (back.divisor != want || back.offset != kf->offset)
      fail("round trip changed the divisor or offset");
  }
  kcv_kernel_file_clear(&back);
  free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  /* An exact-size copy: libFuzzer's own buffer is exact too, but this keeps
   * the property explicit and gives NULL for the empty input. */
  char *text = size ? malloc(size) : NULL;
  if (size)
    memcpy(text, data, size);

  kcv_kernel_file kf;
  memset(&kf, 0x5a, sizeof kf); /* garbage in: the parser must clear it */
  kcv_error err;
  memset(&err, 0x5a, sizeof err);
  kcv_status st = kcv_kernel_file_parse(text, size, KCV_FUZZ_FORMAT, &kf, &err);
  if ((unsigned)st >= KCV_STATUS_COUNT)
    fail("status out of range");
  check_error(&err);
  if (st != KCV_OK) {
    if (kf.kernel != NULL)
      fail("kernel returned with an error");
    if (err.message[0] == '\0')
      fail("error without a message");
  } else {
    if (!kf.kernel || kcv_kernel_check(kf.kernel) != KCV_OK)
      fail("unusable kernel accepted");
    if (!isfinite(kf.divisor) || !isfinite(kf.offset))
      fail("non-finite divisor or offset");
    if (KCV_FUZZ_FORMAT != KCV_KERNEL_FORMAT_AUTO && kf.format != KCV_FUZZ_FORMAT)
      fail("format differs from the one asked for");
    if (kf.format <= KCV_KERNEL_FORMAT_AUTO || kf.format >= KCV_KERNEL_FORMAT_COUNT)
      fail("format out of range");
    round_trip(&kf);
  }
  kcv_kernel_file_clear(&kf);
  kcv_kernel_file_clear(&kf); /* clearing twice is harmless */
  free(text);
  return 0;
}
