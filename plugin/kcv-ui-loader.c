/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in: loads the GTK3 dialog module for the interactive run mode only, so that the
 * calls from scripts and Repeat never load or relocate GTK. */
#include "kcv-plugin.h"

#include <gmodule.h>

/* The module sits beside the plug-in binary (installed there by meson and
 * scripts/setup.sh); it takes its GIMP, core and pixel functions from this
 * binary (exported with -rdynamic), so there is one copy of each. */
static GModule *open_module(const gchar *plugin_exe, gchar **error)
{
  gchar *dir = g_path_get_dirname(plugin_exe);
  gchar *path = g_build_filename(dir, KCV_DIALOG_MODULE "." G_MODULE_SUFFIX, NULL);
  g_free(dir);
  /* Bound now: a module from another build fails here, with the name of what it misses,
   * rather than in the middle of the dialog. */
  GModule *module = g_module_open(path, G_MODULE_BIND_LOCAL);
  if (!module) {
    gchar *name = g_path_get_basename(path);
    *error = g_strdup_printf(_("The Custom Convolution dialog cannot open: %s. Reinstall kcv so "
                               "that %s is beside the plug-in (scripts/setup.sh or meson "
                               "install)."),
                             g_module_error(), name);
    g_free(name);
  }
  g_free(path);
  return module;
}

KcvDialogAnswer kcv_ui_loader_run(const gchar *plugin_exe, gint32 image, gint32 drawable,
                                  KcvJob *job, gchar **error)
{
  static GModule *module;
  static KcvInteractiveRunFunc run;
  if (!module) {
    module = open_module(plugin_exe, error);
    if (!module)
      return KCV_DIALOG_FAILED;
    const guint *abi = NULL;
    if (!g_module_symbol(module, "kcv_interactive_abi", (gpointer *)&abi) || !abi ||
        *abi != KCV_INTERACTIVE_ABI ||
        !g_module_symbol(module, "kcv_interactive_run", (gpointer *)&run) || !run) {
      *error = g_strdup_printf(_("The Custom Convolution dialog cannot open: %s is from another "
                                 "version of kcv. Reinstall kcv."),
                               g_module_name(module));
      g_module_close(module);
      module = NULL;
      return KCV_DIALOG_FAILED;
    }
    /* GTK registers types and an atexit handler: the module stays. */
    g_module_make_resident(module);
  }
  return run(image, drawable, job) ? KCV_DIALOG_OK : KCV_DIALOG_CANCELLED;
}
