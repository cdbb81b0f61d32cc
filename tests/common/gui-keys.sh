# SPDX-License-Identifier: GPL-3.0-or-later
# kcv: keys and clicks for GIMP's windows under Xvfb (no window manager), by xdotool. Sourced
# by the GUI runners (tests/plugin, tests/gimp3) and tests/gimp3/shoot-deconv-dialog.sh, which
# set gimp_pid. Every step waits for the condition it needs (the window mapped, the focus in it,
# the window closed, a new preview), never for a fixed time alone: on a loaded machine a fixed
# sleep is sometimes too short.

# The newest mapped window whose name matches $1, waiting up to 60 s for one; empty if none.
# Only mapped ones: a dialog has its name from realize on, before it can take the focus.
find_window() {
  win=
  i=0
  while [ -z "$win" ] && [ $i -lt 120 ] && kill -0 "$gimp_pid" 2>/dev/null; do
    win=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | tail -n 1)
    [ -z "$win" ] && sleep 0.5
    i=$((i + 1))
  done
  echo "$win"
}

# Nothing has the focus without a window manager: gives it to window $1, checks that it has it
# (a busy server may not have mapped the window yet), then sends the keys $2.
key_to() {
  i=0
  while [ $i -lt 20 ]; do
    xdotool windowfocus --sync "$1" 2>/dev/null
    if [ "$(xdotool getwindowfocus 2>/dev/null)" = "$1" ]; then
      xdotool key "$2"
      return 0
    fi
    sleep 0.5
    i=$((i + 1))
  done
  return 1
}

# Presses $2 on the window named $1.
press() {
  win=$(find_window "$1")
  [ -n "$win" ] || return 1
  key_to "$win" "$2"
}

# True once window $1 is unmapped or gone, waiting up to $2 half-seconds.
closed() {
  i=0
  while xdotool search --onlyvisible --name '' 2>/dev/null | grep -qx "$1"; do
    [ $i -ge "$2" ] && return 1
    sleep 0.5
    i=$((i + 1))
  done
  return 0
}

# Presses $2 on the window named $1 until it closes: a key the loaded server or GTK dropped is
# pressed again (on the same window, so it cannot reach the next dialog).
# The X server hands a window id out again once its client has gone, so the next plug-in's
# dialog can have the id of the one just closed: a retry first checks the window still belongs
# to the same process (_NET_WM_PID), and the wait before a retry is long (60 s), since a loaded
# machine is slow, not deaf.
press_until_closed() {
  win=$(find_window "$1")
  [ -n "$win" ] || return 1
  owner=$(xdotool getwindowpid "$win" 2>/dev/null)
  for attempt in 1 2 3; do
    if [ "$attempt" -gt 1 ] && [ "$(xdotool getwindowpid "$win" 2>/dev/null)" != "$owner" ]; then
      return 0 # closed; its id now belongs to another window
    fi
    key_to "$win" "$2"
    closed "$win" 120 && return 0
    echo "# $1 still open 60 s after $2 (attempt $attempt)"
  done
  return 1
}

# "NAME X Y" from the dialog's widget dump: clicks there.
click_widget() {
  # shellcheck disable=SC2046 # split on purpose: NAME X Y
  set -- $(grep "^$1 " "$2")
  [ $# = 3 ] && xdotool mousemove "$2" "$3" click 1
}

# How many windows are mapped (a menu that pops up is one more).
visible_windows() {
  xdotool search --onlyvisible --name '' 2>/dev/null | grep -c ''
}

# The preview dump's time, to tell a new preview from the one before.
dump_time() {
  stat -c %y "$1" 2>/dev/null
}

# Waits until the preview dump $1 is newer than time $2 and then unchanged for 2 s (the
# settings' last preview, not one they cancelled).
wait_new_preview() {
  i=0
  while [ "$(dump_time "$1")" = "$2" ] && [ $i -lt 240 ]; do
    sleep 0.5
    i=$((i + 1))
  done
  last=
  while [ "$(dump_time "$1")" != "$last" ] && [ $i -lt 240 ]; do
    last=$(dump_time "$1")
    sleep 2
    i=$((i + 4))
  done
  [ $i -lt 240 ]
}
