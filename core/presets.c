/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv: presets (being written). */
#include "kcv.h"
