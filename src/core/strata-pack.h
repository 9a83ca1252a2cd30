/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "strata-json-schema.h"
#include "strata-layer.h"

G_BEGIN_DECLS

#define STRATA_TYPE_PACK (strata_pack_get_type ())
G_DECLARE_FINAL_TYPE (StrataPack, strata_pack, STRATA, PACK, GObject)

/* One version of a pack, read from its folder and immutable after:
 *   pack.yaml           name, version, displayName, category, description,
 *                       keywords, layer: { namespace, priority }
 *   values.yaml         the default values, as text the user edits
 *   values.schema.json  optional; checks values when they are saved
 *   README.md           optional
 *   templates/…         the templates, Helm's Go-template syntax; files
 *                       starting with "_" (such as _helpers.tpl) only
 *                       define named templates
 */
StrataPack         *strata_pack_new_from_folder     (const char   *folder,
                                                     GError      **error);
const char         *strata_pack_get_folder          (StrataPack   *self);
const char         *strata_pack_get_name            (StrataPack   *self);
const char         *strata_pack_get_version         (StrataPack   *self);
const char         *strata_pack_get_display_name    (StrataPack   *self);
const char         *strata_pack_get_category        (StrataPack   *self);
const char         *strata_pack_get_description     (StrataPack   *self);
const char * const *strata_pack_get_keywords        (StrataPack   *self);
const char         *strata_pack_get_namespace       (StrataPack   *self);
int                 strata_pack_get_priority        (StrataPack   *self);
const char         *strata_pack_get_values          (StrataPack   *self);
const char         *strata_pack_get_readme          (StrataPack   *self);
StrataJsonSchema   *strata_pack_get_schema          (StrataPack   *self);
const char * const *strata_pack_get_template_names  (StrataPack   *self);
const char         *strata_pack_get_template        (StrataPack   *self,
                                                     const char   *name);
char               *strata_pack_dup_reference       (StrataPack   *self);
gboolean            strata_pack_matches             (StrataPack   *self,
                                                     const char   *search,
                                                     const char   *category);
gboolean            strata_pack_validate_values     (StrataPack   *self,
                                                     const char   *values,
                                                     GError      **error);
StrataLayer        *strata_pack_create_layer        (StrataPack   *self,
                                                     const char   *layer_name);

G_END_DECLS
