/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: a kernel read from a file, with a message that says where the file is wrong. */
#include "kcv-plugin.h"

#include "kcv-kernel-io.h"

kcv_kernel *kcv_kernel_from_file(const gchar *filename, double *divisor, double *offset,
                                 gchar **error)
{
  kcv_kernel_file file;
  kcv_error err = {0};

  if (!kcv_args_check_filename(filename, error))
    return NULL;
  kcv_status status = kcv_kernel_file_load(filename, KCV_KERNEL_FORMAT_AUTO, &file, &err);
  if (status != KCV_OK) {
    const gchar *why = err.message[0] ? err.message : kcv_status_message(status);
    /* The core's message already says where (line and column) and what. */
    *error = g_strdup_printf(_("filename: \"%s\": %s; fix the file or pick another (.mat, "
                               ".txt, .csv, .gmic or .acf)."),
                             filename, why);
    return NULL;
  }
  *divisor = file.divisor;
  *offset = file.offset;
  kcv_kernel *kernel = file.kernel;
  file.kernel = NULL;
  kcv_kernel_file_clear(&file);
  return kernel;
}
