/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv-make-kernel: writes a preset kernel (see kcv-presets.h) to a kernel
 * file, e.g. `kcv-make-kernel disk 50 disk-101.mat`. */
#include "kcv-kernel-io.h"
#include "kcv-presets.h"

#include <stdio.h>
#include <stdlib.h>

static void usage(void)
{
  int n;
  const kcv_preset *p = kcv_presets(&n);
  fprintf(stderr, "usage: kcv-make-kernel PRESET [VALUE...] FILE\n"
                  "  writes the preset's kernel to FILE (.mat .txt .csv .gmic);\n"
                  "  values left out take their defaults. Presets:\n");
  for (int i = 0; i < n; i++) {
    fprintf(stderr, "    %-14s", p[i].id);
    for (int j = 0; j < p[i].n_params; j++)
      fprintf(stderr, " %s (%g..%g, default %g)", p[i].params[j].id, p[i].params[j].min,
              p[i].params[j].max, p[i].params[j].def);
    fprintf(stderr, "\n");
  }
  exit(2);
}

int main(int argc, char **argv)
{
  if (argc < 3)
    usage();
  const kcv_preset *p = kcv_preset_find(argv[1]);
  if (!p) {
    fprintf(stderr, "kcv-make-kernel: no preset named '%s'\n", argv[1]);
    usage();
  }
  int given = argc - 3;
  if (given > p->n_params) {
    fprintf(stderr, "kcv-make-kernel: %s takes at most %d values\n", p->id, p->n_params);
    return 2;
  }
  double values[KCV_PRESET_MAX_PARAMS];
  for (int j = 0; j < p->n_params; j++) {
    values[j] = p->params[j].def;
    if (j < given) {
      char *end;
      values[j] = strtod(argv[2 + j], &end);
      if (*end || end == argv[2 + j]) {
        fprintf(stderr, "kcv-make-kernel: '%s' is not a number for %s\n", argv[2 + j],
                p->params[j].id);
        return 2;
      }
    }
  }
  kcv_kernel *k = p->make(values);
  if (!k) {
    fprintf(stderr, "kcv-make-kernel: values out of range for %s\n", p->id);
    return 1;
  }
  kcv_error err;
  const char *path = argv[argc - 1];
  kcv_status st = kcv_kernel_file_save(path, KCV_KERNEL_FORMAT_AUTO, k, 0, 0, &err);
  if (st != KCV_OK)
    fprintf(stderr, "kcv-make-kernel: %s: %s\n", path, err.message);
  else
    printf("%s: %s kernel %dx%d, sum %.6g\n", path, p->id, k->width, k->height, kcv_kernel_sum(k));
  kcv_kernel_free(k);
  return st == KCV_OK ? 0 : 1;
}
