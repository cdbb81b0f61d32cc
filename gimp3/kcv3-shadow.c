/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv for GIMP 3: renders into shadow buffers, all or none: each drawable in
 * turn, then every shadow merged or none; and the core's status as a result.
 */
#include "kcv3.h"

Kcv3RenderResult kcv3_render_result(kcv_status status, gchar **error)
{
  if (status == KCV_OK)
    return KCV3_RENDER_OK;
  if (status == KCV_ERR_CANCELLED)
    return KCV3_RENDER_CANCELLED;
  *error = kcv3_status_message(status);
  return status == KCV_ERR_NOMEM || status == KCV_ERR_FFTW ? KCV3_RENDER_ERROR
                                                           : KCV3_RENDER_BAD_ARGUMENT;
}

static void finish(GimpDrawable **drawables, gint n, const GeglRectangle *targets,
                   const gboolean *written, Kcv3RenderResult result)
{
  /* All or nothing: a failed or cancelled drawable leaves a shadow too, and
   * the drawables already done must stay bit-identical with it. */
  for (gint i = 0; i < n; i++) {
    if (!written[i])
      continue;
    if (result == KCV3_RENDER_OK) {
      gimp_drawable_merge_shadow(drawables[i], TRUE);
      gimp_drawable_update(drawables[i], targets[i].x, targets[i].y, targets[i].width,
                           targets[i].height);
    } else {
      gimp_drawable_free_shadow(drawables[i]);
    }
  }
}

Kcv3RenderResult kcv3_shadows_render(GimpDrawable **drawables, Kcv3ShadowFn render_one,
                                     gpointer data, gchar **error)
{
  gint n = 0;
  while (drawables[n])
    n++;
  GeglRectangle *targets = g_new0(GeglRectangle, n);
  gboolean *written = g_new0(gboolean, n);
  Kcv3RenderResult result = KCV3_RENDER_NOTHING;
  for (gint i = 0; i < n; i++) {
    Kcv3RenderResult r = render_one(drawables[i], i, n, &targets[i], data, error);
    if (r == KCV3_RENDER_NOTHING)
      continue;
    written[i] = TRUE;
    result = r;
    if (r != KCV3_RENDER_OK)
      break;
  }
  finish(drawables, n, targets, written, result);
  g_free(targets);
  g_free(written);
  return result;
}
