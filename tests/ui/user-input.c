/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui tests: input as a user gives it: XTest pointer and key events through the X server.
 *
 * Events made by XTest come back from the server as device events, the way
 * a real keyboard's and mouse's do, so GTK handles them through its whole
 * path (grabs, focus, key bindings, input methods, gtk_dialog_run's loop). */
#include "user-input.h"

#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>
#include <gdk/gdkx.h>

static Display *xdisplay(void)
{
  return GDK_DISPLAY_XDISPLAY(gdk_display_get_default());
}

static gboolean set_flag(gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for ms milliseconds, frame clock included. */
static void run_for(guint ms)
{
  gboolean done = FALSE;
  g_timeout_add(ms, set_flag, &done);
  while (!done)
    g_main_context_iteration(NULL, TRUE);
}

void user_settle(void)
{
  /* XSync returns after the server handled our requests and queued the
   * events they caused; the loop then runs long enough for GTK's reactions
   * (a new layout after a view change takes a frame) to finish. */
  for (int round = 0; round < 2; round++) {
    XSync(xdisplay(), False);
    run_for(20);
    while (g_main_context_iteration(NULL, FALSE))
      ;
  }
}

void user_focus(GtkWidget *widget)
{
  GtkWidget *top = gtk_widget_get_toplevel(widget);
  GdkWindow *win = gtk_widget_get_window(top);
  gdk_x11_display_error_trap_push(gdk_display_get_default());
  XSetInputFocus(xdisplay(), GDK_WINDOW_XID(win), RevertToParent, CurrentTime);
  gdk_x11_display_error_trap_pop_ignored(gdk_display_get_default());
  user_settle();
  if (widget != top)
    gtk_widget_grab_focus(widget);
  user_settle();
}

static void modifiers(GdkModifierType mods, Bool down)
{
  Display *d = xdisplay();
  if (mods & GDK_CONTROL_MASK)
    XTestFakeKeyEvent(d, XKeysymToKeycode(d, XK_Control_L), down, CurrentTime);
  if (mods & GDK_SHIFT_MASK)
    XTestFakeKeyEvent(d, XKeysymToKeycode(d, XK_Shift_L), down, CurrentTime);
}

void user_click_at(GtkWidget *widget, int x, int y, guint button, GdkModifierType mods)
{
  GtkWidget *top = gtk_widget_get_toplevel(widget);
  /* A widget just shown is placed at the next frame. */
  for (int i = 0;
       i < 100 && !(gtk_widget_is_drawable(widget) && gtk_widget_get_allocated_width(widget) > 1);
       i++)
    run_for(20);
  g_assert_true(gtk_widget_is_drawable(widget));
  int tx = 0, ty = 0, ox = 0, oy = 0;
  g_assert_true(gtk_widget_translate_coordinates(widget, top, x, y, &tx, &ty));
  gdk_window_get_origin(gtk_widget_get_window(top), &ox, &oy);
  Display *d = xdisplay();
  XTestFakeMotionEvent(d, -1, ox + tx, oy + ty, CurrentTime);
  user_settle();
  modifiers(mods, True);
  XTestFakeButtonEvent(d, button, True, CurrentTime);
  XTestFakeButtonEvent(d, button, False, CurrentTime);
  modifiers(mods, False);
  user_settle();
}

static void root_point(GtkWidget *widget, int x, int y, int *rx, int *ry)
{
  GtkWidget *top = gtk_widget_get_toplevel(widget);
  int tx = 0, ty = 0, ox = 0, oy = 0;
  g_assert_true(gtk_widget_translate_coordinates(widget, top, x, y, &tx, &ty));
  gdk_window_get_origin(gtk_widget_get_window(top), &ox, &oy);
  *rx = ox + tx;
  *ry = oy + ty;
}

void user_drag(GtkWidget *widget, int x0, int y0, int x1, int y1)
{
  Display *d = xdisplay();
  int rx, ry;
  root_point(widget, x0, y0, &rx, &ry);
  XTestFakeMotionEvent(d, -1, rx, ry, CurrentTime);
  user_settle();
  XTestFakeButtonEvent(d, 1, True, CurrentTime);
  user_settle();
  /* In steps, as a hand moves, so drag gestures see updates. */
  for (int i = 1; i <= 8; i++) {
    root_point(widget, x0 + (x1 - x0) * i / 8, y0 + (y1 - y0) * i / 8, &rx, &ry);
    XTestFakeMotionEvent(d, -1, rx, ry, CurrentTime);
    user_settle();
  }
  XTestFakeButtonEvent(d, 1, False, CurrentTime);
  user_settle();
}

void user_click(GtkWidget *widget)
{
  user_click_at(widget, gtk_widget_get_allocated_width(widget) / 2,
                gtk_widget_get_allocated_height(widget) / 2, 1, 0);
}

void user_key(guint keyval, GdkModifierType mods)
{
  Display *d = xdisplay();
  KeyCode code = XKeysymToKeycode(d, (KeySym)keyval);
  g_assert_cmpuint(code, !=, 0);
  /* A symbol on the shifted level (e.g. '+') needs Shift. */
  if (XkbKeycodeToKeysym(d, code, 0, 0) != (KeySym)keyval)
    mods |= GDK_SHIFT_MASK;
  modifiers(mods, True);
  XTestFakeKeyEvent(d, code, True, CurrentTime);
  XTestFakeKeyEvent(d, code, False, CurrentTime);
  modifiers(mods, False);
  user_settle();
}

void user_type(const char *text)
{
  for (const char *c = text; *c; c = g_utf8_next_char(c)) {
    gunichar u = g_utf8_get_char(c);
    user_key(u == '\n' ? GDK_KEY_Return : gdk_unicode_to_keyval(u), 0);
  }
}
