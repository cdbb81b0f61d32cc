/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: the dialog's header and layer errors as both GIMP hosts prepare them. */
#include "kcv-host.h"

#include <string.h>

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
