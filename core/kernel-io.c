/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: kernel-io (being written). */
#include "kcv.h"
