/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: a zoomable heat map of a kernel of any size, with hover and painting.
 *
 * The kernel is drawn through a one-pixel-per-weight surface scaled by cairo,
 * so a 1025 x 1025 kernel costs one surface rebuild per change, not one
 * rectangle per weight. */
#include "kcv-heatmap.h"

#include <math.h>

struct _KcvHeatmap {
  GtkDrawingArea parent_instance;
  kcv_kernel *kernel; /* borrowed */
  cairo_surface_t *surface;
  cairo_surface_t *scaled; /* surface shrunk to the zoom when below 1, made on demand */
  double scale;            /* largest |weight| the colours were made for */
  double zoom;
  double paint_value;
  int brush_radius;
  int last_x, last_y; /* last painted cell during a drag, -1 none */
  double last_value;
};

G_DEFINE_TYPE(KcvHeatmap, kcv_heatmap, GTK_TYPE_DRAWING_AREA)

enum { SIGNAL_HOVER, SIGNAL_STROKE_BEGIN, SIGNAL_PAINTED, SIGNAL_PICKED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ColorBrewer's RdBu diverging scale, from -1 (blue) to +1 (red). */
static const guint8 stops[5][3] = {
    {5, 48, 97}, {67, 147, 195}, {247, 247, 247}, {214, 96, 77}, {103, 0, 31}};

guint32 kcv_heatmap_colour(double v, double scale)
{
  double t = scale > 0 ? v / scale : 0.0;
  if (!isfinite(t))
    t = 0.0;
  t = CLAMP(t, -1.0, 1.0);
  double pos = (t + 1.0) * 2.0; /* 0..4 */
  int i = MIN((int)pos, 3);
  double f = pos - i;
  guint32 rgb = 0;
  for (int c = 0; c < 3; c++) {
    double x = stops[i][c] + f * (stops[i + 1][c] - stops[i][c]);
    rgb = (rgb << 8) | (guint32)(x + 0.5);
  }
  return rgb;
}

static double max_abs(const kcv_kernel *k)
{
  double m = 0;
  for (gsize i = 0; i < (gsize)k->width * k->height; i++)
    m = MAX(m, fabs(k->data[i]));
  return m;
}

static void rebuild(KcvHeatmap *hm)
{
  g_clear_pointer(&hm->scaled, cairo_surface_destroy);
  g_clear_pointer(&hm->surface, cairo_surface_destroy);
  if (!hm->kernel)
    return;
  const kcv_kernel *k = hm->kernel;
  hm->scale = max_abs(k);
  hm->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, k->width, k->height);
  cairo_surface_flush(hm->surface);
  guint8 *base = cairo_image_surface_get_data(hm->surface);
  int stride = cairo_image_surface_get_stride(hm->surface);
  for (int y = 0; y < k->height; y++) {
    guint32 *row = (guint32 *)(base + (gsize)y * stride);
    for (int x = 0; x < k->width; x++)
      row[x] = kcv_heatmap_colour(k->data[(gsize)y * k->width + x], hm->scale);
  }
  cairo_surface_mark_dirty(hm->surface);
}

static void update_size(KcvHeatmap *hm)
{
  if (!hm->kernel) {
    gtk_widget_set_size_request(GTK_WIDGET(hm), 64, 64);
    return;
  }
  gtk_widget_set_size_request(GTK_WIDGET(hm), MAX(1, (int)ceil(hm->kernel->width * hm->zoom)),
                              MAX(1, (int)ceil(hm->kernel->height * hm->zoom)));
}

void kcv_heatmap_set_kernel(KcvHeatmap *hm, kcv_kernel *kernel)
{
  g_return_if_fail(KCV_IS_HEATMAP(hm));
  hm->kernel = kernel;
  rebuild(hm);
  update_size(hm);
  gtk_widget_queue_draw(GTK_WIDGET(hm));
}

double kcv_heatmap_get_scale(KcvHeatmap *hm)
{
  g_return_val_if_fail(KCV_IS_HEATMAP(hm), 0.0);
  return hm->kernel ? hm->scale : 0.0;
}

void kcv_heatmap_set_zoom(KcvHeatmap *hm, double zoom)
{
  g_return_if_fail(KCV_IS_HEATMAP(hm));
  hm->zoom = CLAMP(zoom, 1.0 / 8.0, 64.0);
  g_clear_pointer(&hm->scaled, cairo_surface_destroy);
  update_size(hm);
  gtk_widget_queue_draw(GTK_WIDGET(hm));
}

double kcv_heatmap_get_zoom(KcvHeatmap *hm)
{
  g_return_val_if_fail(KCV_IS_HEATMAP(hm), 1.0);
  return hm->zoom;
}

double kcv_heatmap_fit_zoom(KcvHeatmap *hm, int width, int height)
{
  g_return_val_if_fail(KCV_IS_HEATMAP(hm), 1.0);
  if (!hm->kernel)
    return 1.0;
  double z = MIN((double)width / hm->kernel->width, (double)height / hm->kernel->height);
  /* Whole pixels per cell when a cell is bigger than a pixel, for crisp edges. */
  if (z >= 1.0)
    z = floor(z);
  return CLAMP(z, 1.0 / 8.0, 64.0);
}

void kcv_heatmap_set_paint_value(KcvHeatmap *hm, double value)
{
  g_return_if_fail(KCV_IS_HEATMAP(hm));
  hm->paint_value = value;
}

void kcv_heatmap_set_brush_radius(KcvHeatmap *hm, int radius)
{
  g_return_if_fail(KCV_IS_HEATMAP(hm));
  hm->brush_radius = MAX(0, radius);
}

static gboolean paint_disc(KcvHeatmap *hm, int cx, int cy, double value)
{
  kcv_kernel *k = hm->kernel;
  int r = hm->brush_radius;
  gboolean rescale = fabs(value) > hm->scale;
  gboolean any = FALSE;
  guint8 *base = hm->surface ? cairo_image_surface_get_data(hm->surface) : NULL;
  int stride = hm->surface ? cairo_image_surface_get_stride(hm->surface) : 0;
  if (hm->surface)
    cairo_surface_flush(hm->surface);
  for (int y = MAX(0, cy - r); y <= MIN(k->height - 1, cy + r); y++) {
    for (int x = MAX(0, cx - r); x <= MIN(k->width - 1, cx + r); x++) {
      if ((x - cx) * (x - cx) + (y - cy) * (y - cy) > r * r + r)
        continue;
      k->data[(gsize)y * k->width + x] = (float)value;
      any = TRUE;
      if (base && !rescale)
        ((guint32 *)(base + (gsize)y * stride))[x] = kcv_heatmap_colour(value, hm->scale);
    }
  }
  if (rescale)
    rebuild(hm);
  else if (hm->surface)
    cairo_surface_mark_dirty(hm->surface);
  g_clear_pointer(&hm->scaled, cairo_surface_destroy);
  return any;
}

void kcv_heatmap_paint(KcvHeatmap *hm, int x, int y, double value)
{
  g_return_if_fail(KCV_IS_HEATMAP(hm));
  if (!hm->kernel)
    return;
  g_signal_emit(hm, signals[SIGNAL_STROKE_BEGIN], 0);
  if (paint_disc(hm, x, y, value)) {
    gtk_widget_queue_draw(GTK_WIDGET(hm));
    g_signal_emit(hm, signals[SIGNAL_PAINTED], 0);
  }
}

/* Paints every cell on the line from the last painted one, so a fast drag
 * leaves no gaps; one "painted" per event. */
static void paint_line(KcvHeatmap *hm, int x1, int y1, double value)
{
  int x0 = hm->last_x < 0 ? x1 : hm->last_x, y0 = hm->last_y < 0 ? y1 : hm->last_y;
  int dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
  int err = dx + dy;
  gboolean any = FALSE;
  for (;;) {
    any |= paint_disc(hm, x0, y0, value);
    if (x0 == x1 && y0 == y1)
      break;
    int e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
  }
  hm->last_x = x1;
  hm->last_y = y1;
  if (any) {
    gtk_widget_queue_draw(GTK_WIDGET(hm));
    g_signal_emit(hm, signals[SIGNAL_PAINTED], 0);
  }
}

static gboolean cell_at(KcvHeatmap *hm, double ex, double ey, int *x, int *y)
{
  if (!hm->kernel)
    return FALSE;
  *x = (int)floor(ex / hm->zoom);
  *y = (int)floor(ey / hm->zoom);
  return *x >= 0 && *y >= 0 && *x < hm->kernel->width && *y < hm->kernel->height;
}

static gboolean kcv_heatmap_draw(GtkWidget *widget, cairo_t *cr)
{
  KcvHeatmap *hm = KCV_HEATMAP(widget);
  if (!hm->surface)
    return FALSE;
  if (hm->zoom < 1.0) {
    /* Shrinking a 1025 x 1025 map well costs more than a frame: once per
     * change, not per frame. */
    if (!hm->scaled) {
      int sw = MAX(1, (int)ceil(hm->kernel->width * hm->zoom));
      int sh = MAX(1, (int)ceil(hm->kernel->height * hm->zoom));
      hm->scaled = cairo_image_surface_create(CAIRO_FORMAT_RGB24, sw, sh);
      cairo_t *scr = cairo_create(hm->scaled);
      cairo_scale(scr, hm->zoom, hm->zoom);
      cairo_set_source_surface(scr, hm->surface, 0, 0);
      cairo_pattern_set_filter(cairo_get_source(scr), CAIRO_FILTER_GOOD);
      cairo_paint(scr);
      cairo_destroy(scr);
    }
    cairo_set_source_surface(cr, hm->scaled, 0, 0);
    cairo_paint(cr);
    return FALSE;
  }
  cairo_save(cr);
  cairo_scale(cr, hm->zoom, hm->zoom);
  cairo_set_source_surface(cr, hm->surface, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_paint(cr);
  cairo_restore(cr);
  /* Grid lines and the centre cell when cells are large enough to see. */
  const kcv_kernel *k = hm->kernel;
  if (hm->zoom >= 8.0) {
    cairo_set_source_rgba(cr, 0, 0, 0, 0.15);
    cairo_set_line_width(cr, 1.0);
    for (int x = 0; x <= k->width; x++) {
      cairo_move_to(cr, floor(x * hm->zoom) + 0.5, 0);
      cairo_line_to(cr, floor(x * hm->zoom) + 0.5, k->height * hm->zoom);
    }
    for (int y = 0; y <= k->height; y++) {
      cairo_move_to(cr, 0, floor(y * hm->zoom) + 0.5);
      cairo_line_to(cr, k->width * hm->zoom, floor(y * hm->zoom) + 0.5);
    }
    cairo_stroke(cr);
  }
  if (hm->zoom >= 3.0) {
    cairo_set_source_rgba(cr, 0, 0, 0, 0.6);
    cairo_set_line_width(cr, 1.0);
    cairo_rectangle(cr, floor((k->width - 1) / 2 * hm->zoom) + 0.5,
                    floor((k->height - 1) / 2 * hm->zoom) + 0.5, floor(hm->zoom) - 1,
                    floor(hm->zoom) - 1);
    cairo_stroke(cr);
  }
  return FALSE;
}

static gboolean kcv_heatmap_button_press(GtkWidget *widget, GdkEventButton *ev)
{
  KcvHeatmap *hm = KCV_HEATMAP(widget);
  int x, y;
  gtk_widget_grab_focus(widget);
  if (ev->type != GDK_BUTTON_PRESS || (ev->button != 1 && ev->button != 3))
    return FALSE;
  if (!cell_at(hm, ev->x, ev->y, &x, &y))
    return FALSE;
  if (ev->button == 1 && (ev->state & GDK_CONTROL_MASK)) {
    /* As GIMP's tools pick a colour: Ctrl+click takes the weight. */
    g_signal_emit(hm, signals[SIGNAL_PICKED], 0,
                  (double)hm->kernel->data[(gsize)y * hm->kernel->width + x]);
    return TRUE;
  }
  g_signal_emit(hm, signals[SIGNAL_STROKE_BEGIN], 0);
  hm->last_value = ev->button == 3 ? 0.0 : hm->paint_value;
  hm->last_x = hm->last_y = -1;
  paint_line(hm, x, y, hm->last_value);
  return TRUE;
}

static gboolean kcv_heatmap_button_release(GtkWidget *widget, GdkEventButton *ev)
{
  KcvHeatmap *hm = KCV_HEATMAP(widget);
  hm->last_x = hm->last_y = -1;
  return FALSE;
}

static gboolean kcv_heatmap_motion(GtkWidget *widget, GdkEventMotion *ev)
{
  KcvHeatmap *hm = KCV_HEATMAP(widget);
  int x, y;
  if (!cell_at(hm, ev->x, ev->y, &x, &y)) {
    g_signal_emit(hm, signals[SIGNAL_HOVER], 0, -1, -1, 0.0);
    return FALSE;
  }
  g_signal_emit(hm, signals[SIGNAL_HOVER], 0, x, y,
                (double)hm->kernel->data[(gsize)y * hm->kernel->width + x]);
  if ((ev->state & (GDK_BUTTON1_MASK | GDK_BUTTON3_MASK)) && hm->last_x >= 0)
    paint_line(hm, x, y, hm->last_value);
  return TRUE;
}

static gboolean kcv_heatmap_leave(GtkWidget *widget, GdkEventCrossing *ev)
{
  g_signal_emit(widget, signals[SIGNAL_HOVER], 0, -1, -1, 0.0);
  return FALSE;
}

static void kcv_heatmap_finalize(GObject *object)
{
  KcvHeatmap *hm = KCV_HEATMAP(object);
  g_clear_pointer(&hm->scaled, cairo_surface_destroy);
  g_clear_pointer(&hm->surface, cairo_surface_destroy);
  G_OBJECT_CLASS(kcv_heatmap_parent_class)->finalize(object);
}

static void kcv_heatmap_init(KcvHeatmap *hm)
{
  hm->zoom = 16.0;
  hm->paint_value = 1.0;
  hm->last_x = hm->last_y = -1;
  gtk_widget_add_events(GTK_WIDGET(hm), GDK_BUTTON_PRESS_MASK | GDK_BUTTON_RELEASE_MASK |
                                            GDK_POINTER_MOTION_MASK | GDK_LEAVE_NOTIFY_MASK);
  gtk_widget_set_halign(GTK_WIDGET(hm), GTK_ALIGN_CENTER);
  gtk_widget_set_valign(GTK_WIDGET(hm), GTK_ALIGN_CENTER);
  update_size(hm);
}

static void kcv_heatmap_class_init(KcvHeatmapClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->finalize = kcv_heatmap_finalize;
  widget_class->draw = kcv_heatmap_draw;
  widget_class->button_press_event = kcv_heatmap_button_press;
  widget_class->button_release_event = kcv_heatmap_button_release;
  widget_class->motion_notify_event = kcv_heatmap_motion;
  widget_class->leave_notify_event = kcv_heatmap_leave;
  signals[SIGNAL_HOVER] =
      g_signal_new("hover", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_INT, G_TYPE_DOUBLE);
  signals[SIGNAL_STROKE_BEGIN] =
      g_signal_new("stroke-begin", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 0);
  signals[SIGNAL_PAINTED] = g_signal_new("painted", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PICKED] = g_signal_new("picked", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
}

GtkWidget *kcv_heatmap_new(void)
{
  return g_object_new(KCV_TYPE_HEATMAP, NULL);
}
