/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "strata-layer.h"

G_BEGIN_DECLS

#define STRATA_TYPE_RENDERED_LAYER (strata_rendered_layer_get_type ())
G_DECLARE_FINAL_TYPE (StrataRenderedLayer, strata_rendered_layer, STRATA, RENDERED_LAYER, GObject)

/* One layer of a StrataRenderedSet (which makes them): where and when its
 * objects go, the effective values it was rendered with, and its objects
 * in kind order (see strata_rendered_set_kind_rank()). */
const char      *strata_rendered_layer_get_name      (StrataRenderedLayer *self);
StrataLayerKind  strata_rendered_layer_get_kind      (StrataRenderedLayer *self);
int              strata_rendered_layer_get_priority  (StrataRenderedLayer *self);
/* (nullable): where its namespaced objects without a namespace go. */
const char      *strata_rendered_layer_get_namespace (StrataRenderedLayer *self);
/* (nullable): the effective values text. */
const char      *strata_rendered_layer_get_values    (StrataRenderedLayer *self);

/* Adds a copy of @object (a whole Kubernetes object) after every object of
 * the same or an earlier kind rank; for a set with a profile, the copy
 * carries the labels app.kubernetes.io/managed-by=strata, strata.io/profile
 * and strata.io/layer. Returns the copy (transfer none). */
JsonNode        *strata_rendered_layer_add_object    (StrataRenderedLayer *self,
                                                      JsonNode            *object);
guint            strata_rendered_layer_get_n_objects (StrataRenderedLayer *self);
/* (transfer none) */
JsonNode        *strata_rendered_layer_get_object    (StrataRenderedLayer *self,
                                                      guint                index);

G_END_DECLS
