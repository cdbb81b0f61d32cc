/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv hosts: the argument messages the GIMP 2.10 and GIMP 3 hosts share. */
#ifndef KCV_HOST_ARGS_H
#define KCV_HOST_ARGS_H

#include <glib.h>

#include "kcv.h"

G_BEGIN_DECLS

/* Hands message to *error (or frees it when error is NULL); always FALSE, so
 * a check can end with `return kcv_host_fail(error, ...)`. */
gboolean kcv_host_fail(gchar **error, gchar *message);

/* The messages both hosts give, word for word (each names the argument). */
typedef enum {
  KCV_HOST_MSG_DRAWABLE_GROUP,   /* drawable: a layer group */
  KCV_HOST_MSG_DRAWABLE_INDEXED, /* drawable: an indexed image */
  KCV_HOST_MSG_KERNEL_OTHER_IMAGE,
  KCV_HOST_MSG_KERNEL_GROUP,
  KCV_HOST_MSG_KERNEL_INDEXED,
  KCV_HOST_MSG_KERNEL_NOMEM
} KcvHostMessage;
gchar *kcv_host_message(KcvHostMessage message);
/* kernel-drawable: width x height is larger than the largest kernel. */
gchar *kcv_host_kernel_size_message(gint width, gint height);
/* channels: the bits select none of the drawable's channels. */
gchar *kcv_host_channel_message(gint channels);

/* weights: a point spread function's weights summing to sum, not above 0. */
gchar *kcv_host_psf_sum_message(gdouble sum);

/* drawable: the pixels of the item named name (the drawable, a mask's layer
 * or a group above it) are locked. */
gchar *kcv_host_locked_message(const gchar *name);

/* A message for a core status both hosts word alike; NULL for the ones each
 * host words itself (a method or border named as its PDB takes it). */
gchar *kcv_host_status_message(kcv_status status);

G_END_DECLS

#endif
