/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rendered set's helpers for the apply engine. The set and its layers
 * need only GLib, json-glib and core: render can make them anywhere. */
#pragma once

#include "strata-rendered-layer.h"
#include "strata-rendered-set.h"

G_BEGIN_DECLS

/* Only the set makes layers. */
StrataRenderedLayer *_strata_rendered_layer_new (const char      *profile_name,
                                                 const char      *name,
                                                 StrataLayerKind  kind,
                                                 int              priority,
                                                 const char      *namespace_,
                                                 const char      *values);

/* A deep copy (json_node_copy() shares containers); with @sort_keys,
 * members in byte order, as canonical forms and diffs need them. */
JsonNode            *_strata_json_copy          (JsonNode        *node,
                                                 gboolean         sort_keys);
/* "apps" for "apps/v1", "" for "v1". */
char                *_strata_api_group          (const char      *api_version);

G_END_DECLS
