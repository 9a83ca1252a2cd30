/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  STRATA_LAYER_KIND_PACK,
  STRATA_LAYER_KIND_HELM,
  STRATA_LAYER_KIND_MANIFEST,
} StrataLayerKind;

#define STRATA_TYPE_LAYER_KIND (strata_layer_kind_get_type ())
GType       strata_layer_kind_get_type    (void) G_GNUC_CONST;
const char *strata_layer_kind_to_string   (StrataLayerKind  kind);
gboolean    strata_layer_kind_from_string (const char      *text,
                                           StrataLayerKind *kind);

#define STRATA_TYPE_LAYER (strata_layer_get_type ())
G_DECLARE_FINAL_TYPE (StrataLayer, strata_layer, STRATA, LAYER, GObject)

StrataLayer     *strata_layer_new           (const char      *name,
                                             StrataLayerKind  kind);
StrataLayer     *strata_layer_copy          (StrataLayer     *self);
gboolean         strata_layer_equal         (StrataLayer     *a,
                                             StrataLayer     *b);
const char      *strata_layer_get_name      (StrataLayer     *self);
void             strata_layer_set_name      (StrataLayer     *self,
                                             const char      *name);
StrataLayerKind  strata_layer_get_kind      (StrataLayer     *self);
const char      *strata_layer_get_namespace (StrataLayer     *self);
void             strata_layer_set_namespace (StrataLayer     *self,
                                             const char      *namespace_);
int              strata_layer_get_priority  (StrataLayer     *self);
void             strata_layer_set_priority  (StrataLayer     *self,
                                             int              priority);
/* Where the layer comes from: "pack-name@version" for packs, a chart
 * reference for helm layers, NULL for manifests. */
const char      *strata_layer_get_source    (StrataLayer     *self);
void             strata_layer_set_source    (StrataLayer     *self,
                                             const char      *source);
const char      *strata_layer_get_values    (StrataLayer     *self);
void             strata_layer_set_values    (StrataLayer     *self,
                                             const char      *values);
const char      *strata_layer_get_manifest  (StrataLayer     *self);
void             strata_layer_set_manifest  (StrataLayer     *self,
                                             const char      *manifest);

/* Checks a manifest layer's text before it is saved. A manifest may use
 * macros and template actions, so it is parsed as a template (errors say
 * line and column); text without actions must also be YAML. Whether the
 * rendered result is valid only a render can tell. */
gboolean         strata_layer_check_manifest (const char     *manifest,
                                              GError        **error);
JsonNode        *strata_layer_to_json       (StrataLayer     *self);
StrataLayer     *strata_layer_new_from_json (JsonNode        *node,
                                             GError         **error);

G_END_DECLS
