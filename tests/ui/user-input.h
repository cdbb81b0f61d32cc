/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui tests: input as a user gives it: XTest pointer and key events through the X server. */
#ifndef KCV_TEST_USER_INPUT_H
#define KCV_TEST_USER_INPUT_H

#include <gtk/gtk.h>

/* Lets the X server and GTK handle everything sent so far. */
void user_settle(void);
/* Gives the keyboard focus to widget's window, as a window manager would
 * (Xvfb runs none), and makes widget the focus inside it. */
void user_focus(GtkWidget *widget);
/* Moves the pointer to x, y of widget (its own coordinates) and clicks
 * button, holding the modifiers (GDK_CONTROL_MASK, GDK_SHIFT_MASK). */
void user_click_at(GtkWidget *widget, int x, int y, guint button, GdkModifierType mods);
/* Drags with the first button from x0, y0 to x1, y1 of widget. */
void user_drag(GtkWidget *widget, int x0, int y0, int x1, int y1);
/* Clicks the middle of widget with the first button. */
void user_click(GtkWidget *widget);
/* Presses and releases keyval with the modifiers. */
void user_key(guint keyval, GdkModifierType mods);
/* Types text key by key ('\n' is Return). */
void user_type(const char *text);

#endif
