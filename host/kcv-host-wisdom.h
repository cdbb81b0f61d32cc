/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv hosts: FFTW wisdom in the GIMP profile, and the helper that measures it after a call. */
#ifndef KCV_HOST_WISDOM_H
#define KCV_HOST_WISDOM_H

#include <glib.h>

G_BEGIN_DECLS

/* The argument that makes a plug-in binary the wisdom helper (checked in main(), before
 * gimp_main, which would refuse it). */
#define KCV_HOST_MEASURE_FFT_ARG "--kcv-measure-fft"

/* Where FFTW wisdom lives in a GIMP profile (profile_dir, gimp_directory()):
 * PROFILE/kcv/fftw-wisdom, its folder made. Both GIMPs keep it there, so
 * FFT plans measured once serve every later run. */
gchar *kcv_host_wisdom_path(const gchar *profile_dir);
/* The same file's name, with nothing made: for readers (the GEGL operation). */
gchar *kcv_host_wisdom_file(const gchar *profile_dir);

/* Imports the profile's wisdom (once per process) and makes FFT sizes it lacks
 * plan quickly (kcv_wisdom_set_planning). Before any plan, preview included. */
void kcv_host_wisdom_load(const gchar *profile_dir);

/* Saves the wisdom, and starts plugin_exe (this plug-in's binary, full path;
 * NULL: none) as a helper that measures the sizes this process planned by
 * estimate, unless KCV_NO_WISDOM_HELPER is set or a helper is running. */
void kcv_host_wisdom_save(const gchar *profile_dir, const gchar *plugin_exe);

/* Starts plugin_exe (a kcv plug-in binary, full path; NULL: none) as the helper that measures
 * sizes (n width, height pairs) into the wisdom file at path, unless KCV_NO_WISDOM_HELPER is set
 * or a helper is running; never waits for it. Returns a short word on the outcome, for
 * KCV_VERBOSE; *busy (may be NULL) is TRUE when only a running helper stood in the way, so the
 * same sizes may be tried again later. */
const gchar *kcv_host_wisdom_start_helper(const gchar *plugin_exe, const gchar *path,
                                          const int *sizes, int n, gboolean *busy);

/* With KCV_VERBOSE: one line naming the sizes (n pairs) planned by estimate, by who (NULL: the
 * plug-in) and the outcome kcv_host_wisdom_start_helper gave. */
void kcv_host_wisdom_say(const gchar *who, const int *sizes, int n, const gchar *outcome);

/* main() of the helper: argv[1] is KCV_HOST_MEASURE_FFT_ARG. Returns the exit status. */
int kcv_host_wisdom_helper_main(int argc, char **argv);

G_END_DECLS

#endif
