/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: the plug-in object (GimpPlugIn subclass) that lists and makes its procedures.
 */
#include "kcv3.h"

#define KCV3_TYPE_PLUG_IN (kcv3_plug_in_get_type())
G_DECLARE_FINAL_TYPE(Kcv3PlugIn, kcv3_plug_in, KCV3, PLUG_IN, GimpPlugIn)

struct _Kcv3PlugIn {
  GimpPlugIn parent_instance;
};

G_DEFINE_TYPE(Kcv3PlugIn, kcv3_plug_in, GIMP_TYPE_PLUG_IN)

static GList *query_procedures(GimpPlugIn *plug_in)
{
  GList *names = g_list_append(NULL, g_strdup(KCV3_PROC_MATRIX));
  names = g_list_append(names, g_strdup(KCV3_PROC_FILE));
  names = g_list_append(names, g_strdup(KCV3_PROC_LAYER));
  names = g_list_append(names, g_strdup(KCV3_PROC_DECONV));
  return g_list_append(names, g_strdup(KCV3_PROC_EDITABLE));
}

static GimpProcedure *create_procedure(GimpPlugIn *plug_in, const gchar *name)
{
  if (g_strcmp0(name, KCV3_PROC_DECONV) == 0)
    return kcv3_deconv_procedure_new(plug_in);
  return kcv3_procedure_new(plug_in, name);
}

/* Translations sit in the "locale" folder beside the plug-in binary, the
 * place GIMP looks when the catalogue folder is left unset. */
static gboolean set_i18n(GimpPlugIn *plug_in, const gchar *procedure_name, gchar **gettext_domain,
                         gchar **catalog_dir)
{
  *gettext_domain = g_strdup(GETTEXT_PACKAGE);
  return TRUE;
}

static void kcv3_plug_in_class_init(Kcv3PlugInClass *klass)
{
  GimpPlugInClass *plug_in_class = GIMP_PLUG_IN_CLASS(klass);
  plug_in_class->query_procedures = query_procedures;
  plug_in_class->create_procedure = create_procedure;
  plug_in_class->set_i18n = set_i18n;
}

static void kcv3_plug_in_init(Kcv3PlugIn *self) {}

static gint64 start_time;

gint64 kcv3_start_time(void)
{
  return start_time;
}

int main(int argc, char *argv[])
{
  start_time = g_get_monotonic_time();
  /* The FFTW wisdom helper (kcv-host-wisdom.c) is this binary started again by a run, with
   * arguments gimp_main would refuse (it wants GIMP's "-gimp" and pipes). */
  if (argc > 1 && g_strcmp0(argv[1], KCV_HOST_MEASURE_FFT_ARG) == 0)
    return kcv_host_wisdom_helper_main(argc, argv);
  /* Only GEGL buffers and babl conversions are used in this process, no GEGL
   * operations (those run in GIMP's): not loading the operation modules
   * saves most of a call's start-up. */
  g_setenv("GEGL_PATH", "/nonexistent/kcv-needs-no-gegl-operations", FALSE);
  return gimp_main(KCV3_TYPE_PLUG_IN, argc, argv);
}
