/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-json-schema.h"

G_BEGIN_DECLS

/* Deeper than any real schema or values file; a $ref cycle that never
 * reaches a value stops here instead of exhausting the stack. */
#define STRATA_JSON_SCHEMA_MAX_DEPTH 128

struct _StrataJsonSchema
{
  gatomicrefcount  ref_count;
  JsonNode        *document;
  GHashTable      *regexes;   /* pattern text → GRegex, every pattern of the schema */
};

/* JSON values as JSON Schema sees them. */
gboolean    _strata_json_is_number       (JsonNode   *node);
gboolean    _strata_json_is_whole        (double      value,
                                          double      tolerance);
gboolean    _strata_json_is_integer      (JsonNode   *node);
gboolean    _strata_json_is_string       (JsonNode   *node);
gboolean    _strata_json_is_boolean      (JsonNode   *node);
const char *_strata_json_type_name       (JsonNode   *node);
char       *_strata_json_show            (JsonNode   *node);
char       *_strata_json_describe        (JsonNode   *node);
int         _strata_json_compare_numbers (JsonNode   *a,
                                          JsonNode   *b);
gboolean    _strata_json_equal           (JsonNode   *a,
                                          JsonNode   *b);
JsonNode   *_strata_json_resolve         (JsonNode   *root,
                                          const char *reference);

G_END_DECLS
