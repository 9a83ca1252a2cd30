/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "strata-core.h"

G_BEGIN_DECLS

#define STRATA_TYPE_ADD_LAYER_DIALOG (strata_add_layer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StrataAddLayerDialog, strata_add_layer_dialog, STRATA, ADD_LAYER_DIALOG, AdwWindow)

StrataAddLayerDialog *strata_add_layer_dialog_new (StrataProfileVersion *version);

G_END_DECLS
