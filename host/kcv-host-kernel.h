/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv hosts: a kernel-drawable's pixels as a kernel, for the GIMP 2.10 and GIMP 3 hosts alike. */
#ifndef KCV_HOST_KERNEL_H
#define KCV_HOST_KERNEL_H

#include <gegl.h>

#include "kcv.h"

G_BEGIN_DECLS

/* The kernel pixels give (kcv_kernel_from_picture: components 1 or 2,
 * turned to be applied as true convolution); NULL with *error naming
 * kernel-drawable. */
kcv_kernel *kcv_host_picture_kernel(const gfloat *pixels, gint width, gint height, gint components,
                                    gboolean normalise, gchar **error);

/* The kernel a kernel-drawable's buffer gives: own is the drawable's
 * format; coverage: a layer mask or channel (its value), else a layer (its
 * luminance times its alpha when has_alpha). NULL with *error set. */
kcv_kernel *kcv_host_buffer_kernel(GeglBuffer *buffer, const Babl *own, gboolean coverage,
                                   gboolean has_alpha, gboolean normalise, gchar **error);

G_END_DECLS

#endif
