/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: Open and Save of kernel files through file choosers. */
#include "kcv-kernel-files.h"

#include <glib/gi18n-lib.h>

typedef struct {
  kcv_kernel_format format;
  const char *name;
  const char *pattern;
  gboolean writable;
} Filter;

static const Filter filters[] = {
    {KCV_KERNEL_FORMAT_MAT, N_("libvips matrix (*.mat)"), "*.mat", TRUE},
    {KCV_KERNEL_FORMAT_IMAGEJ, N_("ImageJ text (*.txt)"), "*.txt", TRUE},
    {KCV_KERNEL_FORMAT_CSV, N_("Spreadsheet CSV (*.csv)"), "*.csv", TRUE},
    {KCV_KERNEL_FORMAT_GMIC, N_("G'MIC inline (*.gmic)"), "*.gmic", TRUE},
    {KCV_KERNEL_FORMAT_ACF, N_("Photoshop Custom filter (*.acf)"), "*.acf", FALSE},
};

static const char *extension(kcv_kernel_format f)
{
  for (gsize i = 0; i < G_N_ELEMENTS(filters); i++)
    if (filters[i].format == f)
      return filters[i].pattern + 1;
  return "";
}

static GtkFileFilter *add_filter(GtkFileChooser *chooser, const char *name, const char *pattern,
                                 kcv_kernel_format f)
{
  GtkFileFilter *filter = gtk_file_filter_new();
  gtk_file_filter_set_name(filter, name);
  gtk_file_filter_add_pattern(filter, pattern);
  g_object_set_data(G_OBJECT(filter), "kcv-format", GINT_TO_POINTER(f));
  gtk_file_chooser_add_filter(chooser, filter);
  return filter;
}

/* The format the chosen filter stands for; fallback when none is chosen. */
static kcv_kernel_format chosen_format(GtkFileChooser *fc, kcv_kernel_format fallback)
{
  GtkFileFilter *f = gtk_file_chooser_get_filter(fc);
  if (!f)
    return fallback;
  return (kcv_kernel_format)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(f), "kcv-format"));
}

char *kcv_kernel_files_describe(const char *path, kcv_status status, const kcv_error *err)
{
  char *base = g_filename_display_basename(path);
  const char *why = err && err->message[0] ? err->message : kcv_status_message(status);
  /* The core's message already names the line and column. */
  char *s = g_strdup_printf(_("“%s”: %s"), base, why);
  g_free(base);
  return s;
}

/* Open and Save end alike: TRUE when st is KCV_OK, else *error says what
 * went wrong with path. Takes path. */
static gboolean finish(char *path, kcv_status st, const kcv_error *err, char **error)
{
  gboolean ok = st == KCV_OK;
  if (!ok && error)
    *error = kcv_kernel_files_describe(path ? path : "", st, err);
  g_free(path);
  return ok;
}

gboolean kcv_kernel_files_open(GtkWindow *parent, kcv_kernel_file *out, char **error)
{
  g_return_val_if_fail(out != NULL, FALSE);
  GtkWidget *d = gtk_file_chooser_dialog_new(_("Open Kernel"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                             _("_Cancel"), GTK_RESPONSE_CANCEL, _("_Open"),
                                             GTK_RESPONSE_ACCEPT, NULL);
  GtkFileChooser *fc = GTK_FILE_CHOOSER(d);
  GtkFileFilter *all = gtk_file_filter_new();
  gtk_file_filter_set_name(all, _("All kernel files"));
  for (gsize i = 0; i < G_N_ELEMENTS(filters); i++)
    gtk_file_filter_add_pattern(all, filters[i].pattern);
  g_object_set_data(G_OBJECT(all), "kcv-format", GINT_TO_POINTER(KCV_KERNEL_FORMAT_AUTO));
  gtk_file_chooser_add_filter(fc, all);
  for (gsize i = 0; i < G_N_ELEMENTS(filters); i++)
    add_filter(fc, _(filters[i].name), filters[i].pattern, filters[i].format);
  add_filter(fc, _("Any file (format detected from the content)"), "*", KCV_KERNEL_FORMAT_AUTO);
  gtk_file_chooser_set_filter(fc, all);

  gboolean ok = FALSE;
  if (gtk_dialog_run(GTK_DIALOG(d)) == GTK_RESPONSE_ACCEPT) {
    char *path = gtk_file_chooser_get_filename(fc);
    kcv_kernel_format format = chosen_format(fc, KCV_KERNEL_FORMAT_AUTO);
    kcv_error err = {0};
    kcv_status st = path ? kcv_kernel_file_load(path, format, out, &err) : KCV_ERR_IO;
    ok = finish(path, st, &err, error);
  }
  gtk_widget_destroy(d);
  return ok;
}

gboolean kcv_kernel_files_save(GtkWindow *parent, const kcv_kernel *kernel, double divisor,
                               double offset, char **error)
{
  g_return_val_if_fail(kernel != NULL, FALSE);
  GtkWidget *d = gtk_file_chooser_dialog_new(_("Save Kernel"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                             _("_Cancel"), GTK_RESPONSE_CANCEL, _("_Save"),
                                             GTK_RESPONSE_ACCEPT, NULL);
  GtkFileChooser *fc = GTK_FILE_CHOOSER(d);
  gtk_file_chooser_set_do_overwrite_confirmation(fc, TRUE);
  GtkFileFilter *first = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS(filters); i++) {
    if (!filters[i].writable)
      continue;
    GtkFileFilter *f = add_filter(fc, _(filters[i].name), filters[i].pattern, filters[i].format);
    if (!first)
      first = f;
  }
  gtk_file_chooser_set_filter(fc, first);
  gtk_file_chooser_set_current_name(fc, "kernel.mat");

  gboolean ok = FALSE;
  if (gtk_dialog_run(GTK_DIALOG(d)) == GTK_RESPONSE_ACCEPT) {
    char *path = gtk_file_chooser_get_filename(fc);
    /* The extension decides the format; a name without a known one gets
     * the chosen filter's. */
    kcv_kernel_format format = path ? kcv_kernel_format_from_name(path) : KCV_KERNEL_FORMAT_AUTO;
    if (path && format == KCV_KERNEL_FORMAT_AUTO) {
      format = chosen_format(fc, KCV_KERNEL_FORMAT_MAT);
      char *with_ext = g_strconcat(path, extension(format), NULL);
      g_free(path);
      path = with_ext;
    }
    kcv_error err = {0};
    kcv_status st =
        path ? kcv_kernel_file_save(path, format, kernel, divisor, offset, &err) : KCV_ERR_IO;
    ok = finish(path, st, &err, error);
  }
  gtk_widget_destroy(d);
  return ok;
}
