/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-core-error.h"

G_DEFINE_QUARK (strata-core-error-quark, strata_core_error)
