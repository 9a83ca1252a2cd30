/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the UI test reaches inside the layer editor. */
#pragma once

#include "strata-layer-editor.h"

G_BEGIN_DECLS

GtkTextBuffer *_strata_layer_editor_get_buffer        (StrataLayerEditor *self);
GtkEditable   *_strata_layer_editor_get_namespace_row (StrataLayerEditor *self);
GtkSpinButton *_strata_layer_editor_get_priority_spin (StrataLayerEditor *self);
GtkWidget     *_strata_layer_editor_get_source_view   (StrataLayerEditor *self);

G_END_DECLS
