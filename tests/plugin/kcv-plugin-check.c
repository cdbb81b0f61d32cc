/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv plug-in tests: makes the input pictures of the size checks (PNG), then
 * compares what the plug-in wrote in GIMP (raw bytes saved by file-raw-save2)
 * with the float64 reference, honouring the selection saved beside it, and
 * prints one TAP line per case ("ok - NAME" / "not ok - NAME # why"; the
 * runner numbers them).
 *
 *   kcv-plugin-check make FILE.png WIDTH HEIGHT CHANNELS SEED
 *   kcv-plugin-check check MANIFEST GIMP-LOG
 *
 * The manifest (written by kcv-sizes.scm) holds two lines per case:
 *   case MINBANDS ROWSTEP W H C OX OY CW CH KW KH DIVISOR OFFSET BORDER ALPHA IN OUT SEL NAME...
 *   WEIGHTS... (row-major)
 * SEL is "-" without a selection. The GIMP log holds the plug-in's KCV_VERBOSE
 * line of each case, in the same order, which says how many rows a band had. */
#include "kcv-test.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int make_picture(const char *path, int w, int h, int channels, guint32 seed)
{
  GdkPixbuf *pb = gdk_pixbuf_new(GDK_COLORSPACE_RGB, channels == 4, 8, w, h);
  if (!pb || (channels != 3 && channels != 4))
    return 1;
  guint8 *px = gdk_pixbuf_get_pixels(pb);
  const int rs = gdk_pixbuf_get_rowstride(pb);
  guint32 s = seed * 2654435761u + 1;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w * channels; x++) {
      s ^= s << 13, s ^= s >> 17, s ^= s << 5; /* xorshift32 */
      /* Alpha never 0: a transparent pixel's colour is not what a file keeps. */
      px[(gsize)y * rs + x] = x % channels == 3 ? (guint8)(1 + s % 255) : (guint8)(s >> 24);
    }
  GError *err = NULL;
  gboolean ok = gdk_pixbuf_save(pb, path, "png", &err, "compression", "0", NULL);
  if (!ok)
    fprintf(stderr, "kcv-plugin-check: %s: %s\n", path, err->message);
  g_clear_error(&err);
  g_object_unref(pb);
  return ok ? 0 : 1;
}

typedef struct {
  int min_bands, row_step, w, h, c, ox, oy, cw, ch, kw, kh, border, alpha;
  double divisor, offset;
  char in[1024], out[1024], sel[1024], name[512];
  kcv_kernel *kernel;
} Case;

static gboolean read_case(FILE *f, Case *k)
{
  char line[4096];
  if (!fgets(line, sizeof line, f))
    return FALSE;
  int used = 0;
  if (sscanf(line, "case %d %d %d %d %d %d %d %d %d %d %d %lf %lf %d %d %1023s %1023s %1023s %n",
             &k->min_bands, &k->row_step, &k->w, &k->h, &k->c, &k->ox, &k->oy, &k->cw, &k->ch,
             &k->kw, &k->kh, &k->divisor, &k->offset, &k->border, &k->alpha, k->in, k->out, k->sel,
             &used) < 18 ||
      used == 0)
    return FALSE;
  g_strlcpy(k->name, g_strstrip(line + used), sizeof k->name);
  k->kernel = kcv_kernel_new(k->kw, k->kh);
  if (!k->kernel)
    return FALSE;
  for (int i = 0; i < k->kw * k->kh; i++)
    if (fscanf(f, "%f", &k->kernel->data[i]) != 1)
      return FALSE;
  return fgets(line, sizeof line, f) != NULL; /* the rest of the weights line */
}

/* Rows per band and convolved rows from the next "kcv: ..." line of the log. */
static gboolean next_band_line(FILE *log, int *band_rows, int *rows)
{
  char line[4096];
  while (fgets(line, sizeof line, log)) {
    const char *p = strstr(line, "kcv: ");
    int w, c, kw, kh;
    if (p && sscanf(p, "kcv: %*[^,], %d x %d x %d, kernel %d x %d, bands of %d rows", &w, rows, &c,
                    &kw, &kh, band_rows) == 6)
      return TRUE;
  }
  return FALSE;
}

static guint8 *read_file(const char *path, gsize want, GString *why)
{
  gchar *data = NULL;
  gsize n = 0;
  if (!g_file_get_contents(path, &data, &n, NULL)) {
    g_string_append_printf(why, "cannot read %s", path);
    return NULL;
  }
  if (n != want) {
    g_string_append_printf(why, "%s has %zu bytes, want %zu", path, n, want);
    g_free(data);
    return NULL;
  }
  return (guint8 *)data;
}

static int to_byte(double v)
{
  double r = floor(v * 255.0 + 0.5);
  return r < 0 ? 0 : r > 255 ? 255 : (int)r;
}

/* Whether row y is compared: every row near an edge or a band boundary, and
 * one in row_step elsewhere. */
static gboolean row_checked(const Case *k, int y, int band_rows)
{
  const int reach = k->kh + 1;
  if (k->row_step <= 1 || y < reach || y >= k->h - reach || y % k->row_step == 0)
    return TRUE;
  int b = band_rows > 0 ? y % band_rows : reach;
  return b < reach || b >= band_rows - reach;
}

/* Compares one row; returns the number of bad samples and describes the worst. */
static int compare_row(const Case *k, int y, const guint8 *in, const guint8 *got, const guint8 *sel,
                       const kcv_image *want, GString *why, int *worst)
{
  int bad = 0;
  for (int x = 0; x < k->w; x++) {
    const int X = x + k->ox, Y = y + k->oy;
    int s = 255;
    if (sel)
      s = X >= 0 && Y >= 0 && X < k->cw && Y < k->ch ? sel[(gsize)Y * k->cw + X] : 0;
    for (int c = 0; c < k->c; c++) {
      const gsize i = ((gsize)y * k->w + x) * k->c + c;
      const int o = in[i], g = got[i], r = to_byte(want->data[(gsize)x * k->c + c]);
      /* Selected: the result; unselected: the original; on a feather: between. */
      int lo = s == 255 ? r - 1 : s == 0 ? o : MIN(o, r) - 1;
      int hi = s == 255 ? r + 1 : s == 0 ? o : MAX(o, r) + 1;
      if (g >= lo && g <= hi)
        continue;
      bad++;
      int d = g < lo ? lo - g : g - hi;
      if (d > *worst) {
        *worst = d;
        g_string_printf(why,
                        "pixel (%d,%d) channel %d, selection %d: got %d, original %d, "
                        "reference %d",
                        x, y, c, s, g, o, r);
      }
    }
  }
  return bad;
}

static gboolean check_case(const Case *k, int band_rows, int rows, GString *why)
{
  GError *err = NULL;
  GdkPixbuf *pb = gdk_pixbuf_new_from_file(k->in, &err);
  if (!pb) {
    g_string_printf(why, "%s: %s", k->in, err->message);
    g_clear_error(&err);
    return FALSE;
  }
  if (gdk_pixbuf_get_width(pb) != k->w || gdk_pixbuf_get_height(pb) != k->h ||
      gdk_pixbuf_get_n_channels(pb) != k->c) {
    g_string_printf(why, "%s is not %dx%d with %d channels", k->in, k->w, k->h, k->c);
    g_object_unref(pb);
    return FALSE;
  }
  const gsize n = (gsize)k->w * k->h * k->c;
  KcvTestImage *src = kcv_test_image_new(k->w, k->h, k->c, 0);
  guint8 *in = g_malloc(n);
  const guint8 *px = gdk_pixbuf_read_pixels(pb);
  for (int y = 0; y < k->h; y++)
    memcpy(in + (gsize)y * k->w * k->c, px + (gsize)y * gdk_pixbuf_get_rowstride(pb),
           (gsize)k->w * k->c);
  g_object_unref(pb);
  for (gsize i = 0; i < n; i++)
    src->alloc[i] = in[i] / 255.0f;

  guint8 *got = read_file(k->out, n, why);
  guint8 *sel = NULL;
  if (got && strcmp(k->sel, "-") != 0)
    sel = read_file(k->sel, (gsize)k->cw * k->ch, why);
  gboolean ok = got && (sel || strcmp(k->sel, "-") == 0);
  if (ok) {
    kcv_options o;
    kcv_options_init(&o);
    o.border = (kcv_border)k->border;
    o.divisor = k->divisor;
    o.offset = k->offset;
    o.alpha_weighting = k->alpha;
    KcvTestImage *want = kcv_test_image_new(k->w, 1, k->c, 0);
    int bad = 0, worst = 0;
    for (int y = 0; y < k->h; y++) {
      if (!row_checked(k, y, band_rows))
        continue;
      kcv_rect row = {0, y, k->w, 1};
      kcv_test_reference(&src->view, k->kernel, &o, &row, &want->view);
      bad += compare_row(k, y, in, got, sel, &want->view, why, &worst);
    }
    kcv_test_image_free(want);
    if (bad > 0) {
      gchar *count = g_strdup_printf("%d samples off; worst ", bad);
      g_string_prepend(why, count);
      g_free(count);
      ok = FALSE;
    }
  }
  /* The case is only worth its size when it really took several bands. */
  const int bands = band_rows > 0 ? (rows + band_rows - 1) / band_rows : 0;
  if (ok && bands < k->min_bands) {
    g_string_printf(why, "%d band(s) of %d rows for %d rows; the case needs %d", bands, band_rows,
                    rows, k->min_bands);
    ok = FALSE;
  }
  g_free(sel);
  g_free(got);
  g_free(in);
  kcv_test_image_free(src);
  return ok;
}

static int check_all(const char *manifest, const char *log_path)
{
  FILE *f = fopen(manifest, "r"), *log = fopen(log_path, "r");
  if (!f || !log) {
    printf("not ok - size checks: cannot read %s or %s\n", manifest, log_path);
    return 1;
  }
  int failed = 0;
  Case k;
  memset(&k, 0, sizeof k);
  while (read_case(f, &k)) {
    int band_rows = 0, rows = 0;
    GString *why = g_string_new(NULL);
    gboolean ok;
    if (!next_band_line(log, &band_rows, &rows)) {
      g_string_assign(why, "no \"kcv: ... bands of N rows\" line in the GIMP log (KCV_VERBOSE)");
      ok = FALSE;
    } else {
      ok = check_case(&k, band_rows, rows, why);
    }
    if (ok)
      printf("ok - %s\n", k.name);
    else
      printf("not ok - %s # %s\n", k.name, why->str);
    failed += !ok;
    g_string_free(why, TRUE);
    kcv_kernel_free(k.kernel);
    memset(&k, 0, sizeof k);
  }
  fclose(f);
  fclose(log);
  return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
  if (argc == 7 && strcmp(argv[1], "make") == 0)
    return make_picture(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]),
                        (guint32)atoi(argv[6]));
  if (argc == 4 && strcmp(argv[1], "check") == 0)
    return check_all(argv[2], argv[3]);
  fprintf(stderr, "usage: kcv-plugin-check make FILE.png WIDTH HEIGHT CHANNELS SEED\n"
                  "       kcv-plugin-check check MANIFEST GIMP-LOG\n");
  return 2;
}
