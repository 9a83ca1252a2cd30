/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define STRATA_CORE_ERROR (strata_core_error_quark ())

typedef enum
{
  STRATA_CORE_ERROR_INVALID_VERSION,
  STRATA_CORE_ERROR_INVALID_NAME,
  STRATA_CORE_ERROR_DUPLICATE,
  STRATA_CORE_ERROR_NOT_FOUND,
  STRATA_CORE_ERROR_PARSE,
  STRATA_CORE_ERROR_INVALID,
  STRATA_CORE_ERROR_IO,
  STRATA_CORE_ERROR_IN_USE,
} StrataCoreError;

GQuark strata_core_error_quark (void);

G_END_DECLS
