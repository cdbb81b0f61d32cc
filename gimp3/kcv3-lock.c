/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: drawables whose pixels are locked are refused before any work, as in 2.10.
 */
#include "kcv3.h"

/* The item whose "Lock pixels" keeps drawable from being written: itself,
 * the layer of a mask, or a layer group above it; NULL when none. GIMP
 * would refuse to merge the result into such a drawable. */
static GimpItem *content_lock_holder(GimpDrawable *drawable)
{
  GimpItem *item = GIMP_ITEM(drawable);
  if (gimp_item_is_layer_mask(item)) {
    GimpLayer *layer = gimp_layer_from_mask(GIMP_LAYER_MASK(drawable));
    if (layer)
      item = GIMP_ITEM(layer);
  }
  for (GimpItem *i = item; i; i = gimp_item_get_parent(i))
    if (gimp_item_get_lock_content(i))
      return i;
  return NULL;
}

gboolean kcv3_lock_check(GimpDrawable *drawable, gchar **error)
{
  GimpItem *locked = content_lock_holder(drawable);
  if (!locked)
    return TRUE;
  gchar *name = gimp_item_get_name(locked);
  *error = kcv_host_locked_message(name);
  g_free(name);
  return FALSE;
}
