/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the pannable, zoomable before/after preview of the drawable.
 *
 * The widget only draws and asks: it sends the visible source rectangle to
 * a KcvPreviewWorker and paints whatever result comes back for the latest
 * request. Panning and zooming reuse the worker's plan. */
#include "kcv-preview.h"

#include "kcv-render.h"
#include "kcv-widgets.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#define ZOOM_MIN (1.0 / 16.0)
#define ZOOM_MAX 16.0

struct _KcvPreview {
  GtkBox parent_instance;

  KcvPreviewSource source;
  gboolean source_linear;
  KcvPreviewWorker *worker;
  gboolean have_params;

  cairo_surface_t *before; /* the source, for display, made at its first use */
  gboolean before_made;
  cairo_surface_t *after; /* latest result */
  kcv_rect after_rect;
  guint shown_generation;
  kcv_rect requested_rect;

  double zoom, cx, cy;
  double drag_cx, drag_cy;
  gboolean show_original;
  gboolean fit_pending; /* fit the selection once the view has its size */
  gboolean split;       /* original left of the divider, result right */
  double split_pos;     /* the divider, as a fraction of the view's width */
  gboolean dragging_split;
  double drag_x;

  GtkWidget *area, *spinner, *message, *original_toggle, *split_toggle, *zoom_label;
  GtkGesture *drag;
};

G_DEFINE_TYPE(KcvPreview, kcv_preview, GTK_TYPE_BOX)

enum { SIGNAL_DONE, SIGNAL_PLAN_INFO, N_SIGNALS };
static guint signals[N_SIGNALS];

static void view_size(KcvPreview *p, int *w, int *h)
{
  *w = gtk_widget_get_allocated_width(p->area);
  *h = gtk_widget_get_allocated_height(p->area);
  if (*w <= 1 || *h <= 1) /* not allocated yet: the size it asks for */
    gtk_widget_get_size_request(p->area, w, h);
}

/* The part of the source the preview may show: around it are only the
 * neighbours the kernel reaches into. */
static kcv_rect view_bounds(const KcvPreviewSource *s)
{
  if (s->view_width > 0 && s->view_height > 0)
    return (kcv_rect){s->view_x, s->view_y, s->view_width, s->view_height};
  return (kcv_rect){0, 0, s->width, s->height};
}

/* Before its first layout the view is going to open fitted on the selection
 * (on_size_allocate): that is the rectangle the first picture needs, asked
 * for at once so that it is computed while the rest of the dialog is built
 * and shown. The fitted view may show more around a selection (other aspect
 * ratio): then the first layout asks again. */
static kcv_rect fitted_rect(const KcvPreviewSource *s)
{
  const kcv_rect v = view_bounds(s);
  if (s->sel_width <= 0 || s->sel_height <= 0)
    return v;
  const int x0 = MAX(s->sel_x, v.x), y0 = MAX(s->sel_y, v.y);
  const int x1 = MIN(s->sel_x + s->sel_width, v.x + v.width);
  const int y1 = MIN(s->sel_y + s->sel_height, v.y + v.height);
  return x1 > x0 && y1 > y0 ? (kcv_rect){x0, y0, x1 - x0, y1 - y0} : v;
}

kcv_rect kcv_preview_get_visible_rect(KcvPreview *p)
{
  kcv_rect r = {0, 0, 0, 0};
  g_return_val_if_fail(KCV_IS_PREVIEW(p), r);
  if (p->fit_pending)
    return fitted_rect(&p->source);
  int w, h;
  view_size(p, &w, &h);
  double ox = p->cx - w / (2.0 * p->zoom), oy = p->cy - h / (2.0 * p->zoom);
  int x0 = (int)floor(ox), y0 = (int)floor(oy);
  int x1 = (int)ceil(ox + w / p->zoom), y1 = (int)ceil(oy + h / p->zoom);
  const kcv_rect v = view_bounds(&p->source);
  x0 = MAX(x0, v.x);
  y0 = MAX(y0, v.y);
  x1 = MIN(x1, v.x + v.width);
  y1 = MIN(y1, v.y + v.height);
  if (x1 <= x0 || y1 <= y0)
    return r;
  r.x = x0;
  r.y = y0;
  r.width = x1 - x0;
  r.height = y1 - y0;
  return r;
}

static void update_spinner(KcvPreview *p)
{
  if (kcv_preview_worker_is_busy(p->worker)) {
    gtk_widget_show(p->spinner);
    gtk_spinner_start(GTK_SPINNER(p->spinner));
  } else {
    gtk_spinner_stop(GTK_SPINNER(p->spinner));
    gtk_widget_hide(p->spinner);
  }
}

/* Asks for the visible rectangle unless it is what was asked last. */
static void request(KcvPreview *p, gboolean force)
{
  if (!p->have_params)
    return;
  kcv_rect r = kcv_preview_get_visible_rect(p);
  if (r.width <= 0 || r.height <= 0)
    return;
  if (!force && memcmp(&r, &p->requested_rect, sizeof r) == 0)
    return;
  p->requested_rect = r;
  kcv_preview_worker_request(p->worker, &r);
  update_spinner(p);
}

static void on_done(KcvPreviewWorker *worker, gpointer data, KcvPreview *p)
{
  const KcvPreviewResult *res = data;
  if (p->after) {
    cairo_surface_destroy(p->after);
    p->after = NULL;
  }
  if (res->status == KCV_OK && res->surface) {
    p->after = cairo_surface_reference(res->surface);
    p->after_rect = res->rect;
    gtk_widget_hide(p->message);
  } else {
    char *text = g_strdup_printf(_("Preview failed: %s"), kcv_status_message(res->status));
    gtk_label_set_text(GTK_LABEL(p->message), text);
    g_free(text);
    gtk_widget_show(p->message);
  }
  p->shown_generation = res->generation;
  update_spinner(p);
  gtk_widget_queue_draw(p->area);
  g_signal_emit(p, signals[SIGNAL_DONE], 0, res->generation);
}

static void on_plan_info(KcvPreviewWorker *worker, int rank, int method, double seconds,
                         KcvPreview *p)
{
  g_signal_emit(p, signals[SIGNAL_PLAN_INFO], 0, rank, method, seconds);
}

/* FALSE when the worker computes these params already. */
static gboolean worker_set_params(KcvPreviewWorker *w, int channels, const KcvParams *params)
{
  const gboolean nothing = kcv_params_selects_nothing(params, channels);
  if (params->mode == KCV_MODE_DECONVOLVE) {
    kcv_deconv_options deconv;
    kcv_params_to_deconv_options(params, channels, &deconv);
    return kcv_preview_worker_set_deconv(w, params->kernel, &deconv, params->linear, nothing);
  }
  kcv_options options;
  kcv_params_to_options(params, channels, &options);
  return kcv_preview_worker_set_plan(w, params->kernel, &options, params->linear, nothing);
}

void kcv_preview_set_params(KcvPreview *p, const KcvParams *params)
{
  g_return_if_fail(KCV_IS_PREVIEW(p));
  g_return_if_fail(params != NULL && params->kernel != NULL);
  worker_set_params(p->worker, p->source.channels, params);
  p->have_params = TRUE;
  request(p, TRUE);
}

KcvPreviewWorker *kcv_preview_start(const KcvPreviewSource *source, gboolean source_linear,
                                    const KcvParams *params)
{
  g_return_val_if_fail(source != NULL && source->pixels != NULL, NULL);
  g_return_val_if_fail(params != NULL && params->kernel != NULL, NULL);
  KcvPreviewWorker *w = kcv_preview_worker_new(source, source_linear);
  if (!w)
    return NULL;
  worker_set_params(w, source->channels, params);
  const kcv_rect r = fitted_rect(source);
  kcv_preview_worker_request(w, &r);
  return w;
}

static void update_zoom_label(KcvPreview *p)
{
  char *text = p->zoom >= 1.0 ? g_strdup_printf("%.0f%%", p->zoom * 100.0)
                              : g_strdup_printf("%.1f%%", p->zoom * 100.0);
  gtk_label_set_text(GTK_LABEL(p->zoom_label), text);
  g_free(text);
}

static void clamp_center(KcvPreview *p)
{
  const kcv_rect v = view_bounds(&p->source);
  p->cx = CLAMP(p->cx, (double)v.x, (double)(v.x + v.width));
  p->cy = CLAMP(p->cy, (double)v.y, (double)(v.y + v.height));
}

void kcv_preview_set_zoom(KcvPreview *p, double zoom)
{
  g_return_if_fail(KCV_IS_PREVIEW(p));
  p->zoom = CLAMP(zoom, ZOOM_MIN, ZOOM_MAX);
  update_zoom_label(p);
  gtk_widget_queue_draw(p->area);
  request(p, FALSE);
}

double kcv_preview_get_zoom(KcvPreview *p)
{
  g_return_val_if_fail(KCV_IS_PREVIEW(p), 1.0);
  return p->zoom;
}

void kcv_preview_set_center(KcvPreview *p, double x, double y)
{
  g_return_if_fail(KCV_IS_PREVIEW(p));
  p->cx = x;
  p->cy = y;
  clamp_center(p);
  gtk_widget_queue_draw(p->area);
  request(p, FALSE);
}

void kcv_preview_get_center(KcvPreview *p, double *x, double *y)
{
  g_return_if_fail(KCV_IS_PREVIEW(p));
  if (x)
    *x = p->cx;
  if (y)
    *y = p->cy;
}

void kcv_preview_set_show_original(KcvPreview *p, gboolean show_original)
{
  g_return_if_fail(KCV_IS_PREVIEW(p));
  show_original = !!show_original;
  if (gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(p->original_toggle)) != show_original)
    gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(p->original_toggle), show_original);
  p->show_original = show_original;
  gtk_widget_queue_draw(p->area);
}

guint kcv_preview_get_shown_generation(KcvPreview *p)
{
  g_return_val_if_fail(KCV_IS_PREVIEW(p), 0);
  return p->shown_generation;
}

cairo_surface_t *kcv_preview_get_result(KcvPreview *p, kcv_rect *rect)
{
  g_return_val_if_fail(KCV_IS_PREVIEW(p), NULL);
  if (rect)
    *rect = p->after_rect;
  return p->after;
}

KcvPreviewWorker *kcv_preview_get_worker(KcvPreview *p)
{
  g_return_val_if_fail(KCV_IS_PREVIEW(p), NULL);
  return p->worker;
}

void kcv_preview_set_split(KcvPreview *p, gboolean split)
{
  g_return_if_fail(KCV_IS_PREVIEW(p));
  split = !!split;
  if (gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(p->split_toggle)) != split)
    gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(p->split_toggle), split);
  p->split = split;
  gtk_widget_set_sensitive(p->original_toggle, !split);
  gtk_widget_queue_draw(p->area);
}

void kcv_preview_set_split_position(KcvPreview *p, double fraction)
{
  g_return_if_fail(KCV_IS_PREVIEW(p));
  p->split_pos = CLAMP(fraction, 0.0, 1.0);
  gtk_widget_queue_draw(p->area);
}

double kcv_preview_get_split_position(KcvPreview *p)
{
  g_return_val_if_fail(KCV_IS_PREVIEW(p), 0.5);
  return p->split_pos;
}

static void paint_checks(cairo_t *cr, int w, int h)
{
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
  for (int y = 0; y < h; y += 8)
    for (int x = (y / 8) % 2 * 8; x < w; x += 16)
      cairo_rectangle(cr, x, y, 8, 8);
  cairo_fill(cr);
}

static void paint_surface(KcvPreview *p, cairo_t *cr, cairo_surface_t *s, double x, double y)
{
  cairo_save(cr);
  cairo_scale(cr, p->zoom, p->zoom);
  cairo_set_source_surface(cr, s, x, y);
  cairo_pattern_set_filter(cairo_get_source(cr),
                           p->zoom >= 1.0 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR);
  cairo_rectangle(cr, x, y, cairo_image_surface_get_width(s), cairo_image_surface_get_height(s));
  cairo_fill(cr);
  cairo_restore(cr);
}

static void draw_tag(GtkWidget *area, cairo_t *cr, const char *text, double x, gboolean right)
{
  PangoLayout *layout = gtk_widget_create_pango_layout(area, text);
  int tw, th;
  pango_layout_get_pixel_size(layout, &tw, &th);
  double bx = right ? x + 6 : x - 6 - tw - 8;
  cairo_set_source_rgba(cr, 0, 0, 0, 0.6);
  cairo_rectangle(cr, bx, 6, tw + 8, th + 4);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_move_to(cr, bx + 4, 8);
  pango_cairo_show_layout(cr, layout);
  g_object_unref(layout);
}

/* The split view's divider, with a grip and what each side shows. */
static void draw_divider(KcvPreview *p, cairo_t *cr, int w, int h)
{
  double sx = floor(p->split_pos * w) + 0.5;
  cairo_set_line_width(cr, 1.0);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.5);
  cairo_move_to(cr, sx + 1, 0);
  cairo_line_to(cr, sx + 1, h);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_move_to(cr, sx, 0);
  cairo_line_to(cr, sx, h);
  cairo_stroke(cr);
  cairo_arc(cr, sx, h / 2.0, 7, 0, 2 * G_PI);
  cairo_fill_preserve(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.5);
  cairo_stroke(cr);
  draw_tag(p->area, cr, _("Original"), sx, FALSE);
  draw_tag(p->area, cr, _("Result"), sx, TRUE);
}

/* The source as the screen shows it. Made when first painted: a dialog whose
 * first picture is ready when it opens has the view covered by the result,
 * and would make it on its UI thread for nothing. */
static cairo_surface_t *before_surface(KcvPreview *p)
{
  if (p->before_made)
    return p->before;
  p->before_made = TRUE;
  const KcvPreviewSource *source = &p->source;
  kcv_image img = {(float *)source->pixels, source->width, source->height, source->channels,
                   source->stride};
  float *perceptual = NULL;
  if (source->light && p->source_linear) {
    /* The caller's own curve, not the sRGB one the surface would apply. */
    perceptual = g_try_new(float, (gsize)source->width * source->height * source->channels);
    for (int y = 0; perceptual && y < source->height; y++)
      source->light->convert(source->pixels + (ptrdiff_t)y * source->stride,
                             perceptual + (gsize)y * source->width * source->channels,
                             (size_t)source->width, TRUE, source->light->data);
    img.data = perceptual;
    img.stride = (ptrdiff_t)source->width * source->channels;
  }
  p->before = img.data ? kcv_render_surface(&img, p->source_linear && !perceptual) : NULL;
  g_free(perceptual);
  return p->before;
}

/* Whether the result hides the original everywhere in view. */
static gboolean result_covers_view(KcvPreview *p)
{
  if (!p->after || p->split || p->show_original)
    return FALSE;
  const kcv_rect v = kcv_preview_get_visible_rect(p), a = p->after_rect;
  return v.x >= a.x && v.y >= a.y && v.x + v.width <= a.x + a.width &&
         v.y + v.height <= a.y + a.height;
}

static gboolean on_draw(GtkWidget *area, cairo_t *cr, KcvPreview *p)
{
  int w = gtk_widget_get_allocated_width(area), h = gtk_widget_get_allocated_height(area);
  /* The widget's own coordinates (not the window's identity matrix), for the checks. */
  cairo_matrix_t widget_space;
  cairo_get_matrix(cr, &widget_space);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_paint(cr);
  double ox = p->cx - w / (2.0 * p->zoom), oy = p->cy - h / (2.0 * p->zoom);
  cairo_save(cr);
  cairo_translate(cr, -ox * p->zoom, -oy * p->zoom);
  const kcv_rect v = view_bounds(&p->source);
  cairo_rectangle(cr, v.x * p->zoom, v.y * p->zoom, v.width * p->zoom, v.height * p->zoom);
  cairo_clip(cr);
  cairo_save(cr);
  cairo_set_matrix(cr, &widget_space);
  paint_checks(cr, w, h);
  cairo_restore(cr);
  if (!result_covers_view(p) && before_surface(p))
    paint_surface(p, cr, p->before, 0, 0);
  if (p->after && (p->split || !p->show_original)) {
    /* The result replaces the original in its rectangle: where the filter
     * made pixels transparent the checks must show, not the original. */
    cairo_save(cr);
    if (p->split) {
      /* Only right of the divider, which is in view coordinates. */
      cairo_save(cr);
      cairo_set_matrix(cr, &widget_space);
      double sx = floor(p->split_pos * w);
      cairo_rectangle(cr, sx, 0, w - sx, h);
      cairo_restore(cr);
      cairo_clip(cr);
    }
    cairo_rectangle(cr, p->after_rect.x * p->zoom, p->after_rect.y * p->zoom,
                    p->after_rect.width * p->zoom, p->after_rect.height * p->zoom);
    cairo_clip(cr);
    cairo_save(cr);
    cairo_set_matrix(cr, &widget_space);
    paint_checks(cr, w, h);
    cairo_restore(cr);
    paint_surface(p, cr, p->after, p->after_rect.x, p->after_rect.y);
    cairo_restore(cr);
  }
  /* The selection's outline, where the filter applies. */
  if (p->source.sel_width > 0 && p->source.sel_height > 0) {
    cairo_rectangle(cr, p->source.sel_x * p->zoom + 0.5, p->source.sel_y * p->zoom + 0.5,
                    p->source.sel_width * p->zoom - 1, p->source.sel_height * p->zoom - 1);
    cairo_set_line_width(cr, 1.0);
    double dash = 4.0;
    cairo_set_dash(cr, &dash, 1, 0);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.7);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  if (p->split)
    draw_divider(p, cr, w, h);
  return FALSE;
}

/* The zoom showing the whole selection (the whole region without one),
 * never above 1:1: a small selection shows at 100%, not magnified. */
static double fit_zoom(KcvPreview *p, int w, int h, gboolean selection)
{
  const kcv_rect v = view_bounds(&p->source);
  double sw = v.width, sh = v.height;
  if (selection && p->source.sel_width > 0 && p->source.sel_height > 0) {
    sw = p->source.sel_width;
    sh = p->source.sel_height;
  }
  double z = MIN(w / sw, h / sh);
  return CLAMP(z, ZOOM_MIN, 1.0);
}

static void on_size_allocate(GtkWidget *area, GdkRectangle *alloc, KcvPreview *p)
{
  if (p->fit_pending && alloc->width > 1 && alloc->height > 1) {
    /* Opens on what the filter changes, fitted, as GIMP's filters do. */
    p->fit_pending = FALSE;
    p->zoom = fit_zoom(p, alloc->width, alloc->height, TRUE);
    update_zoom_label(p);
  }
  request(p, FALSE);
}

/* Within grabbing distance of the split view's divider. */
static gboolean near_divider(KcvPreview *p, double x)
{
  return p->split && fabs(x - p->split_pos * gtk_widget_get_allocated_width(p->area)) <= 8.0;
}

static void on_drag_begin(GtkGestureDrag *g, double x, double y, KcvPreview *p)
{
  p->drag_cx = p->cx;
  p->drag_cy = p->cy;
  p->drag_x = x;
  p->dragging_split = near_divider(p, x);
  gtk_widget_grab_focus(p->area);
}

static void on_drag_update(GtkGestureDrag *g, double dx, double dy, KcvPreview *p)
{
  if (p->dragging_split) {
    int w = MAX(1, gtk_widget_get_allocated_width(p->area));
    kcv_preview_set_split_position(p, (p->drag_x + dx) / w);
    return;
  }
  kcv_preview_set_center(p, p->drag_cx - dx / p->zoom, p->drag_cy - dy / p->zoom);
}

static gboolean on_motion(GtkWidget *area, GdkEventMotion *ev, KcvPreview *p)
{
  GdkWindow *win = gtk_widget_get_window(area);
  if (!win)
    return FALSE;
  GdkCursor *cursor = near_divider(p, ev->x)
                          ? gdk_cursor_new_from_name(gdk_window_get_display(win), "col-resize")
                          : NULL;
  gdk_window_set_cursor(win, cursor);
  if (cursor)
    g_object_unref(cursor);
  return FALSE;
}

/* Zooms by factor keeping the image point under (x, y) in place. */
static void zoom_at(KcvPreview *p, double factor, double x, double y)
{
  int w = gtk_widget_get_allocated_width(p->area), h = gtk_widget_get_allocated_height(p->area);
  double old = p->zoom, nz = CLAMP(old * factor, ZOOM_MIN, ZOOM_MAX);
  double ix = p->cx + (x - w / 2.0) / old, iy = p->cy + (y - h / 2.0) / old;
  p->cx = ix - (x - w / 2.0) / nz;
  p->cy = iy - (y - h / 2.0) / nz;
  clamp_center(p);
  kcv_preview_set_zoom(p, nz);
}

static gboolean on_scroll(GtkWidget *area, GdkEventScroll *ev, KcvPreview *p)
{
  double dx = 0, dy = 0;
  if (ev->direction == GDK_SCROLL_UP)
    dy = -1;
  else if (ev->direction == GDK_SCROLL_DOWN)
    dy = 1;
  else if (ev->direction == GDK_SCROLL_SMOOTH)
    gdk_event_get_scroll_deltas((GdkEvent *)ev, &dx, &dy);
  if (dy != 0)
    zoom_at(p, dy < 0 ? G_SQRT2 : (1.0 / G_SQRT2), ev->x, ev->y);
  return TRUE;
}

static gboolean on_key(GtkWidget *area, GdkEventKey *ev, KcvPreview *p)
{
  double step = 48.0 / p->zoom;
  int w = gtk_widget_get_allocated_width(area), h = gtk_widget_get_allocated_height(area);
  switch (ev->keyval) {
  case GDK_KEY_Left:
    kcv_preview_set_center(p, p->cx - step, p->cy);
    return TRUE;
  case GDK_KEY_Right:
    kcv_preview_set_center(p, p->cx + step, p->cy);
    return TRUE;
  case GDK_KEY_Up:
    kcv_preview_set_center(p, p->cx, p->cy - step);
    return TRUE;
  case GDK_KEY_Down:
    kcv_preview_set_center(p, p->cx, p->cy + step);
    return TRUE;
  case GDK_KEY_plus:
  case GDK_KEY_KP_Add:
  case GDK_KEY_equal:
    zoom_at(p, G_SQRT2, w / 2.0, h / 2.0);
    return TRUE;
  case GDK_KEY_minus:
  case GDK_KEY_KP_Subtract:
    zoom_at(p, (1.0 / G_SQRT2), w / 2.0, h / 2.0);
    return TRUE;
  case GDK_KEY_1:
  case GDK_KEY_KP_1:
    kcv_preview_set_zoom(p, 1.0);
    return TRUE;
  default:
    return FALSE;
  }
}

static void on_zoom_in(GtkButton *b, KcvPreview *p)
{
  zoom_at(p, G_SQRT2, gtk_widget_get_allocated_width(p->area) / 2.0,
          gtk_widget_get_allocated_height(p->area) / 2.0);
}

static void on_zoom_out(GtkButton *b, KcvPreview *p)
{
  zoom_at(p, (1.0 / G_SQRT2), gtk_widget_get_allocated_width(p->area) / 2.0,
          gtk_widget_get_allocated_height(p->area) / 2.0);
}

static void on_zoom_one(GtkButton *b, KcvPreview *p)
{
  kcv_preview_set_zoom(p, 1.0);
}

static void on_zoom_fit(GtkButton *b, KcvPreview *p)
{
  int w, h;
  view_size(p, &w, &h);
  const kcv_rect v = view_bounds(&p->source);
  p->cx = v.x + v.width / 2.0;
  p->cy = v.y + v.height / 2.0;
  kcv_preview_set_zoom(p, fit_zoom(p, w, h, FALSE));
}

static void on_original_toggled(GtkToggleButton *t, KcvPreview *p)
{
  kcv_preview_set_show_original(p, gtk_toggle_button_get_active(t));
}

static void on_split_toggled(GtkToggleButton *t, KcvPreview *p)
{
  kcv_preview_set_split(p, gtk_toggle_button_get_active(t));
}

static GtkWidget *icon_button(const char *icon, const char *tooltip, GCallback cb, KcvPreview *p)
{
  GtkWidget *b = kcv_icon_button(icon, tooltip);
  g_signal_connect(b, "clicked", cb, p);
  return b;
}

static void kcv_preview_dispose(GObject *object)
{
  KcvPreview *p = KCV_PREVIEW(object);
  if (p->worker) {
    kcv_preview_worker_stop(p->worker);
    g_signal_handlers_disconnect_by_data(p->worker, p);
    g_clear_object(&p->worker);
  }
  g_clear_object(&p->drag);
  g_clear_pointer(&p->before, cairo_surface_destroy);
  g_clear_pointer(&p->after, cairo_surface_destroy);
  G_OBJECT_CLASS(kcv_preview_parent_class)->dispose(object);
}

/* The image itself: pan, zoom and split-divider input. */
static GtkWidget *image_area(KcvPreview *p)
{
  p->area = gtk_drawing_area_new();
  gtk_widget_set_size_request(p->area, 240, 160);
  gtk_widget_set_hexpand(p->area, TRUE);
  gtk_widget_set_vexpand(p->area, TRUE);
  gtk_widget_set_can_focus(p->area, TRUE);
  gtk_widget_add_events(p->area, GDK_SCROLL_MASK | GDK_SMOOTH_SCROLL_MASK | GDK_KEY_PRESS_MASK |
                                     GDK_BUTTON_PRESS_MASK | GDK_BUTTON_RELEASE_MASK |
                                     GDK_POINTER_MOTION_MASK);
  gtk_widget_set_tooltip_text(p->area, _("Preview: drag to pan, scroll or +/- to zoom, arrow keys "
                                         "to move; in the split view, drag the divider"));
  g_signal_connect(p->area, "motion-notify-event", G_CALLBACK(on_motion), p);
  g_signal_connect(p->area, "draw", G_CALLBACK(on_draw), p);
  g_signal_connect(p->area, "size-allocate", G_CALLBACK(on_size_allocate), p);
  g_signal_connect(p->area, "scroll-event", G_CALLBACK(on_scroll), p);
  g_signal_connect(p->area, "key-press-event", G_CALLBACK(on_key), p);
  p->drag = gtk_gesture_drag_new(p->area);
  g_signal_connect(p->drag, "drag-begin", G_CALLBACK(on_drag_begin), p);
  g_signal_connect(p->drag, "drag-update", G_CALLBACK(on_drag_update), p);
  return p->area;
}

/* Over the image: the busy spinner (top right) and messages (bottom). */
static GtkWidget *image_overlay(KcvPreview *p)
{
  GtkWidget *overlay = gtk_overlay_new();
  gtk_container_add(GTK_CONTAINER(overlay), image_area(p));

  p->spinner = gtk_spinner_new();
  gtk_widget_set_size_request(p->spinner, 24, 24);
  gtk_widget_set_halign(p->spinner, GTK_ALIGN_END);
  gtk_widget_set_valign(p->spinner, GTK_ALIGN_START);
  gtk_widget_set_margin_top(p->spinner, 6);
  gtk_widget_set_margin_end(p->spinner, 6);
  gtk_widget_set_tooltip_text(p->spinner, _("The preview is being computed"));
  gtk_widget_set_no_show_all(p->spinner, TRUE);
  gtk_overlay_add_overlay(GTK_OVERLAY(overlay), p->spinner);

  p->message = gtk_label_new(NULL);
  gtk_widget_set_halign(p->message, GTK_ALIGN_CENTER);
  gtk_widget_set_valign(p->message, GTK_ALIGN_END);
  gtk_label_set_line_wrap(GTK_LABEL(p->message), TRUE);
  gtk_style_context_add_class(gtk_widget_get_style_context(p->message), "osd");
  gtk_widget_set_no_show_all(p->message, TRUE);
  gtk_overlay_add_overlay(GTK_OVERLAY(overlay), p->message);
  return overlay;
}

/* Below the image: compare toggles on the left, zoom on the right. */
static GtkWidget *control_bar(KcvPreview *p)
{
  GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 4);
  p->original_toggle = gtk_toggle_button_new_with_mnemonic(_("Show orig_inal"));
  gtk_widget_set_tooltip_text(p->original_toggle,
                              _("Show the image before the filter (toggle to compare)"));
  g_signal_connect(p->original_toggle, "toggled", G_CALLBACK(on_original_toggled), p);
  gtk_box_pack_start(GTK_BOX(bar), p->original_toggle, FALSE, FALSE, 0);
  p->split_toggle = gtk_check_button_new_with_mnemonic(_("_Split view"));
  gtk_widget_set_tooltip_text(p->split_toggle,
                              _("The original left of a divider, the result right of it; drag "
                                "the divider to compare"));
  g_signal_connect(p->split_toggle, "toggled", G_CALLBACK(on_split_toggled), p);
  gtk_box_pack_start(GTK_BOX(bar), p->split_toggle, FALSE, FALSE, 0);
  gtk_box_pack_end(GTK_BOX(bar),
                   icon_button("zoom-fit-best-symbolic", _("Fit the whole image in the view"),
                               G_CALLBACK(on_zoom_fit), p),
                   FALSE, FALSE, 0);
  gtk_box_pack_end(
      GTK_BOX(bar),
      icon_button("zoom-original-symbolic", _("Zoom to 1:1 (key 1)"), G_CALLBACK(on_zoom_one), p),
      FALSE, FALSE, 0);
  gtk_box_pack_end(GTK_BOX(bar),
                   icon_button("zoom-in-symbolic", _("Zoom in (key +)"), G_CALLBACK(on_zoom_in), p),
                   FALSE, FALSE, 0);
  p->zoom_label = gtk_label_new("100%");
  gtk_label_set_width_chars(GTK_LABEL(p->zoom_label), 6);
  gtk_widget_set_tooltip_text(p->zoom_label, _("Zoom level of the preview"));
  gtk_box_pack_end(GTK_BOX(bar), p->zoom_label, FALSE, FALSE, 0);
  gtk_box_pack_end(
      GTK_BOX(bar),
      icon_button("zoom-out-symbolic", _("Zoom out (key -)"), G_CALLBACK(on_zoom_out), p), FALSE,
      FALSE, 0);
  return bar;
}

static void kcv_preview_init(KcvPreview *p)
{
  p->zoom = 1.0;
  p->fit_pending = TRUE;
  p->split_pos = 0.5;
  gtk_orientable_set_orientation(GTK_ORIENTABLE(p), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing(GTK_BOX(p), 4);
  gtk_box_pack_start(GTK_BOX(p), image_overlay(p), TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(p), control_bar(p), FALSE, FALSE, 0);
}

static void kcv_preview_class_init(KcvPreviewClass *klass)
{
  G_OBJECT_CLASS(klass)->dispose = kcv_preview_dispose;
  signals[SIGNAL_DONE] = g_signal_new("preview-done", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_PLAN_INFO] =
      g_signal_new("plan-info", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_INT, G_TYPE_DOUBLE);
}

GtkWidget *kcv_preview_new(const KcvPreviewSource *source, gboolean source_linear)
{
  g_return_val_if_fail(source != NULL && source->pixels != NULL, NULL);
  KcvPreview *p = g_object_new(KCV_TYPE_PREVIEW, NULL);
  p->source = *source;
  p->source.started = NULL;
  p->source_linear = source_linear;
  if (source->started) {
    /* Computing the fitted picture already (kcv_preview_start). */
    p->worker = g_object_ref(source->started);
    p->have_params = TRUE;
    p->requested_rect = fitted_rect(source);
  } else {
    p->worker = kcv_preview_worker_new(source, source_linear);
  }
  g_signal_connect(p->worker, "done", G_CALLBACK(on_done), p);
  g_signal_connect(p->worker, "plan-info", G_CALLBACK(on_plan_info), p);
  if (source->sel_width > 0 && source->sel_height > 0) {
    p->cx = source->sel_x + source->sel_width / 2.0;
    p->cy = source->sel_y + source->sel_height / 2.0;
  } else {
    const kcv_rect v = view_bounds(&p->source);
    p->cx = v.x + v.width / 2.0;
    p->cy = v.y + v.height / 2.0;
  }
  return GTK_WIDGET(p);
}
