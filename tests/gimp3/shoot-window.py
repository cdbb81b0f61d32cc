#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: saves X11 window WINDOW-ID (decimal) as PNG, for screenshots of the dialog in GIMP 3
# (the Debian 13 root has Python's GTK bindings but no ImageMagick).
#
# usage: shoot-window.py WINDOW-ID OUT.png
import sys

import gi

gi.require_version("Gdk", "3.0")
gi.require_version("GdkX11", "3.0")
from gi.repository import Gdk, GdkX11  # noqa: E402

display = Gdk.Display.get_default()
window = GdkX11.X11Window.foreign_new_for_display(display, int(sys.argv[1]))
pixbuf = Gdk.pixbuf_get_from_window(window, 0, 0, window.get_width(), window.get_height())
pixbuf.savev(sys.argv[2], "png", [], [])
print("wrote %s (%d x %d)" % (sys.argv[2], pixbuf.get_width(), pixbuf.get_height()))
