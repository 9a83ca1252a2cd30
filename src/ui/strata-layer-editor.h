/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "strata-core.h"

G_BEGIN_DECLS

#define STRATA_TYPE_LAYER_EDITOR (strata_layer_editor_get_type ())
G_DECLARE_FINAL_TYPE (StrataLayerEditor, strata_layer_editor, STRATA, LAYER_EDITOR, GtkWidget)

StrataLayer *strata_layer_editor_get_layer     (StrataLayerEditor *self);
void         strata_layer_editor_set_layer     (StrataLayerEditor *self,
                                                StrataLayer       *layer);
char        *strata_layer_editor_describe_kind (StrataLayerKind    kind);

G_END_DECLS
