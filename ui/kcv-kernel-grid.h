/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: a grid of numeric cells for small kernels. */
#ifndef KCV_KERNEL_GRID_H
#define KCV_KERNEL_GRID_H

#include <gtk/gtk.h>

#include "kcv.h"

G_BEGIN_DECLS

/* Largest side the grid shows as cells. */
#define KCV_KERNEL_GRID_MAX 15
/* Widest kernel whose grid fits the dialog's kernel column; a wider one
 * opens on the heat map (the grid still shows it when asked). */
#define KCV_KERNEL_GRID_FIT 9

#define KCV_TYPE_KERNEL_GRID (kcv_kernel_grid_get_type())
G_DECLARE_FINAL_TYPE(KcvKernelGrid, kcv_kernel_grid, KCV, KERNEL_GRID, GtkBox)

/* Signals: "cell-edited" (gint x, gint y, gdouble value): the user typed a
 * valid number into a cell (an invalid one is marked and not reported);
 * "show-heatmap" (): the note of a kernel too large for cells asked for
 * the heat map. */
GtkWidget *kcv_kernel_grid_new(void);
/* Shows kernel's weights (copied); a kernel larger than the grid's limit
 * gets a note instead of cells. Emits nothing. */
void kcv_kernel_grid_set_kernel(KcvKernelGrid *grid, const kcv_kernel *kernel);
/* The GtkEntry of a cell, NULL outside the kernel or when it has no cells. */
GtkWidget *kcv_kernel_grid_get_cell(KcvKernelGrid *grid, int x, int y);

G_END_DECLS

#endif
