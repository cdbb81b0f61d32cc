/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the dialog's header, layer errors and preview region as both GIMP hosts prepare them. */
#include "kcv-host.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "kcv-preset-panel.h"
#include "kcv-preview.h"

void kcv_host_set_header(KcvDialog *dialog, const char *layer, const char *image,
                         GdkPixbuf *thumbnail)
{
  g_return_if_fail(KCV_IS_DIALOG(dialog));
  char *subtitle = g_strdup_printf("%s (%s)", layer ? layer : "", image ? image : "");
  kcv_dialog_set_header(dialog, subtitle, thumbnail);
  g_free(subtitle);
}

static void free_pixels(guchar *pixels, gpointer data)
{
  (void)data;
  g_free(pixels);
}

GdkPixbuf *kcv_host_thumbnail_from_data(guchar *data, int width, int height, int bpp)
{
  if (!data || (bpp != 3 && bpp != 4) || width <= 0 || height <= 0) {
    g_free(data);
    return NULL;
  }
  return gdk_pixbuf_new_from_data(data, GDK_COLORSPACE_RGB, bpp == 4, 8, width, height, width * bpp,
                                  free_pixels, NULL);
}

void kcv_host_strip_argument(char *message, const char *argument)
{
  if (!message || !argument)
    return;
  size_t n = strlen(argument);
  if (strncmp(message, argument, n) != 0 || message[n] != ':')
    return;
  const char *rest = message + n + 1;
  while (*rest == ' ')
    rest++;
  memmove(message, rest, strlen(rest) + 1);
}

void kcv_host_region_span(int sel0, int sel_len, int size, int max_side, int *read0, int *read_len,
                          int *view0, int *view_len)
{
  if (size <= max_side) {
    *read0 = *view0 = 0;
    *read_len = *view_len = size;
    return;
  }
  const int reach = KCV_KERNEL_MAX / 2;
  const int n = max_side >= 4 * reach ? max_side - 2 * reach : max_side / 2;
  const int v0 = CLAMP(sel0 + sel_len / 2 - n / 2, 0, size - n);
  *read0 = MAX(v0 - reach, 0);
  *read_len = MIN(v0 + n + reach, size) - *read0;
  *view0 = v0 - *read0;
  *view_len = n;
}

void kcv_host_selection_in_region(KcvPreviewSource *source, int x, int y, int sx, int sy, int sw,
                                  int sh)
{
  const int x0 = MAX(sx, x), y0 = MAX(sy, y);
  const int x1 = MIN(sx + sw, x + source->width), y1 = MIN(sy + sh, y + source->height);
  source->sel_x = x0 - x;
  source->sel_y = y0 - y;
  source->sel_width = MAX(x1 - x0, 1);
  source->sel_height = MAX(y1 - y0, 1);
}

typedef struct {
  char *path;
  int x, y; /* the preview region in the drawable */
} DumpCtx;

static void dump_ctx_free(gpointer data, GClosure *closure)
{
  (void)closure;
  DumpCtx *ctx = data;
  g_free(ctx->path);
  g_free(ctx);
}

static void dump_preview(KcvPreview *preview, guint generation, DumpCtx *ctx)
{
  (void)generation;
  kcv_rect r;
  cairo_surface_t *surf = kcv_preview_get_result(preview, &r);
  if (!surf)
    return;
  char *tmp = g_strconcat(ctx->path, ".tmp", NULL);
  FILE *f = g_fopen(tmp, "w");
  if (!f) {
    g_free(tmp);
    return;
  }
  cairo_surface_flush(surf);
  const guint8 *data = cairo_image_surface_get_data(surf);
  const int stride = cairo_image_surface_get_stride(surf);
  fprintf(f, "%d %d %d %d\n", ctx->x + r.x, ctx->y + r.y, r.width, r.height);
  for (int y = 0; y < r.height; y++)
    for (int x = 0; x < r.width; x++) {
      guint32 v = *(const guint32 *)(data + (gsize)y * stride + 4 * (gsize)x);
      fprintf(f, "%u %u %u %u\n", (v >> 16) & 255, (v >> 8) & 255, v & 255, v >> 24);
    }
  if (fclose(f) == 0)
    g_rename(tmp, ctx->path);
  g_free(tmp);
}

void kcv_host_dump_previews(KcvDialog *dialog, int id, int x, int y)
{
  const char *dir = g_getenv("KCV_PREVIEW_DUMP_DIR");
  GtkWidget *preview = kcv_dialog_get_preview(dialog);
  if (!dir || !preview)
    return;
  DumpCtx *ctx = g_new0(DumpCtx, 1);
  char *name = g_strdup_printf("preview-%d.txt", id);
  ctx->path = g_build_filename(dir, name, NULL);
  g_free(name);
  ctx->x = x;
  ctx->y = y;
  g_signal_connect_data(preview, "preview-done", G_CALLBACK(dump_preview), ctx, dump_ctx_free, 0);
}

/* The centre of w on the screen, as a line "NAME X Y". */
static void write_centre(FILE *f, const char *name, GtkWidget *w)
{
  GtkWidget *top = gtk_widget_get_toplevel(w);
  GdkWindow *window = gtk_widget_get_window(top);
  int ox = 0, oy = 0, x = 0, y = 0;
  if (!window || !gtk_widget_get_mapped(w))
    return;
  gdk_window_get_origin(window, &ox, &oy);
  if (gtk_widget_translate_coordinates(w, top, gtk_widget_get_allocated_width(w) / 2,
                                       gtk_widget_get_allocated_height(w) / 2, &x, &y))
    fprintf(f, "%s %d %d\n", name, ox + x, oy + y);
}

/* Rewritten whenever the dialog is mapped or its layout changes, under a
 * temporary name and renamed. */
static void dump_widgets(gpointer data)
{
  KcvDialog *dialog = g_object_get_data(G_OBJECT(data), "kcv-dialog");
  const char *path = g_object_get_data(G_OBJECT(data), "kcv-widgets-path");
  if (!dialog || !path || !gtk_widget_get_mapped(GTK_WIDGET(dialog)))
    return;
  char *tmp = g_strconcat(path, ".tmp", NULL);
  FILE *f = g_fopen(tmp, "w");
  if (f) {
    write_centre(f, "deconvolve", kcv_dialog_get_deconvolve_button(dialog));
    write_centre(f, "presets",
                 kcv_preset_panel_get_combo(KCV_PRESET_PANEL(kcv_dialog_get_presets(dialog))));
    GtkWidget *preview = kcv_dialog_get_preview(dialog);
    if (preview)
      write_centre(f, "preview", preview);
    fprintf(f, "mode %d\n", kcv_dialog_get_mode(dialog) == KCV_MODE_DECONVOLVE);
    if (fclose(f) == 0)
      g_rename(tmp, path);
  }
  g_free(tmp);
}

static gboolean on_mapped(GtkWidget *widget, GdkEvent *event, gpointer data)
{
  (void)widget;
  (void)event;
  dump_widgets(data);
  return FALSE;
}

static void on_allocated(GtkWidget *widget, GdkRectangle *allocation, gpointer data)
{
  (void)widget;
  (void)allocation;
  dump_widgets(data);
}

void kcv_host_dump_widgets(KcvDialog *dialog, int id)
{
  const char *dir = g_getenv("KCV_PREVIEW_DUMP_DIR");
  if (!dir)
    return;
  char *name = g_strdup_printf("widgets-%d.txt", id);
  GtkWidget *combo = kcv_preset_panel_get_combo(KCV_PRESET_PANEL(kcv_dialog_get_presets(dialog)));
  g_object_set_data(G_OBJECT(combo), "kcv-dialog", dialog);
  g_object_set_data_full(G_OBJECT(combo), "kcv-widgets-path", g_build_filename(dir, name, NULL),
                         g_free);
  g_free(name);
  g_signal_connect_after(dialog, "map-event", G_CALLBACK(on_mapped), combo);
  g_signal_connect_after(combo, "size-allocate", G_CALLBACK(on_allocated), combo);
}

/* One dialog per plug-in process: where its process started. */
static gint64 report_start_us;

static void report_painted(GdkFrameClock *clock, gpointer data)
{
  g_signal_handlers_disconnect_by_func(clock, report_painted, data);
  g_printerr("kcv: first preview shown %.3f s after the plug-in started\n",
             (g_get_monotonic_time() - report_start_us) / 1e6);
}

static void report_after_paint(GtkWidget *preview, gpointer data)
{
  g_signal_handlers_disconnect_by_func(preview, report_after_paint, data);
  g_signal_connect(gtk_widget_get_frame_clock(preview), "after-paint", G_CALLBACK(report_painted),
                   NULL);
}

static void report_first_result(KcvPreview *preview, guint generation, gpointer data)
{
  g_signal_handlers_disconnect_by_func(preview, report_first_result, data);
  if (gtk_widget_get_mapped(GTK_WIDGET(preview)))
    report_after_paint(GTK_WIDGET(preview), NULL);
  else
    g_signal_connect(preview, "map", G_CALLBACK(report_after_paint), NULL);
}

void kcv_host_report_first_preview(KcvDialog *dialog, gint64 start_us)
{
  g_return_if_fail(KCV_IS_DIALOG(dialog));
  GtkWidget *preview = kcv_dialog_get_preview(dialog);
  report_start_us = start_us;
  if (preview)
    g_signal_connect(preview, "preview-done", G_CALLBACK(report_first_result), NULL);
}
