/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the UI test reaches inside the Add Manifest Layer dialog. */
#pragma once

#include "strata-add-layer-dialog.h"

G_BEGIN_DECLS

GtkEditable   *_strata_add_layer_dialog_get_name_row      (StrataAddLayerDialog *self);
GtkEditable   *_strata_add_layer_dialog_get_namespace_row (StrataAddLayerDialog *self);
GtkSpinButton *_strata_add_layer_dialog_get_priority_spin (StrataAddLayerDialog *self);
GtkWidget     *_strata_add_layer_dialog_get_add_button    (StrataAddLayerDialog *self);
const char    *_strata_add_layer_dialog_get_name_error    (StrataAddLayerDialog *self);

G_END_DECLS
