/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: Open and Save of kernel files through file choosers. */
#ifndef KCV_KERNEL_FILES_H
#define KCV_KERNEL_FILES_H

#include <gtk/gtk.h>

#include "kcv-kernel-io.h"

G_BEGIN_DECLS

/* Asks for a kernel file and reads it. TRUE with *out filled (caller clears
 * it with kcv_kernel_file_clear); FALSE when cancelled, or with *error set
 * (g_free) when the file could not be read. */
gboolean kcv_kernel_files_open(GtkWindow *parent, kcv_kernel_file *out, char **error);
/* Asks for a file name and writes kernel with divisor and offset. FALSE
 * when cancelled or, with *error set, when writing failed. */
gboolean kcv_kernel_files_save(GtkWindow *parent, const kcv_kernel *kernel, double divisor,
                               double offset, char **error);
/* "What went wrong" text for a status and core error, for inline display. */
char *kcv_kernel_files_describe(const char *path, kcv_status status, const kcv_error *err);

G_END_DECLS

#endif
