/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: the batch script's guard against overwriting its sources (same file, any spelling).
 */
#include "kcv-plugin.h"

#include <glib/gstdio.h>

/* Names cannot tell whether two paths are one file ("bt" and "./bt/.", a
 * relative and an absolute spelling, a symbolic or hard link): the device
 * and inode number can. NULL when the file does not exist (a target that
 * does not exist yet overwrites nothing). */
static gchar *file_id(const gchar *path)
{
  GStatBuf st;
  if (!path || g_stat(path, &st) != 0)
    return NULL;
  return g_strdup_printf("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, (guint64)st.st_dev,
                         (guint64)st.st_ino);
}

void kcv_batch_check_install(void)
{
  static const GimpParamDef args[] = {
      {GIMP_PDB_INT32, "run-mode", "The run mode { RUN-NONINTERACTIVE (1) }"},
      {GIMP_PDB_INT32, "num-sources", "Number of source files"},
      {GIMP_PDB_STRINGARRAY, "sources", "The files the batch reads"},
      {GIMP_PDB_INT32, "num-targets", "Number of target files"},
      {GIMP_PDB_STRINGARRAY, "targets", "The files the batch would write"},
  };
  gimp_install_procedure(
      KCV_PROC_BATCH_CHECK, N_("Refuse a batch that would overwrite one of its sources"),
      N_("For kcv-batch-convolve: fails, naming both, when a target file is one of the source "
         "files. It compares the files themselves (device and inode), not their names, so no "
         "spelling of a folder (relative, absolute, with \".\" or \"..\", through a link) lets a "
         "batch overwrite the images it reads."),
      "The kcv authors", "The kcv authors", "2026", NULL, NULL, GIMP_PLUGIN, G_N_ELEMENTS(args), 0,
      args, NULL);
}

GimpPDBStatusType kcv_batch_check_run(gint nparams, const GimpParam *param, gchar **error)
{
  if (nparams != 5) {
    *error = g_strdup_printf(_("Wrong number of arguments: %d given, %d expected."), nparams, 5);
    return GIMP_PDB_CALLING_ERROR;
  }
  const gint ns = param[1].data.d_int32, nt = param[3].data.d_int32;
  gchar **sources = param[2].data.d_stringarray, **targets = param[4].data.d_stringarray;
  if (ns < 0 || nt < 0 || (ns > 0 && !sources) || (nt > 0 && !targets)) {
    *error = g_strdup(_("num-sources, num-targets: pass the length of each list."));
    return GIMP_PDB_CALLING_ERROR;
  }
  /* file identity -> index of the first source that is that file */
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (gint s = ns - 1; s >= 0; s--) {
    gchar *id = file_id(sources[s]);
    if (id)
      g_hash_table_replace(seen, id, GINT_TO_POINTER(s + 1));
  }
  GimpPDBStatusType status = GIMP_PDB_SUCCESS;
  for (gint t = 0; t < nt && status == GIMP_PDB_SUCCESS; t++) {
    gchar *id = file_id(targets[t]);
    gint s = id ? GPOINTER_TO_INT(g_hash_table_lookup(seen, id)) : 0;
    if (s > 0) {
      *error = g_strdup_printf(_("targets: \"%s\" is the source image \"%s\" and would be "
                                 "overwritten; give another out-dir or a suffix."),
                               targets[t], sources[s - 1]);
      status = GIMP_PDB_CALLING_ERROR;
    }
    g_free(id);
  }
  g_hash_table_destroy(seen);
  return status;
}
