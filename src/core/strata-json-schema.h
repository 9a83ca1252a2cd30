/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A JSON Schema (the draft-07 subset that charts' and packs'
 * values.schema.json files use), checked once when it is made and then
 * used to validate any number of documents. Immutable and reference
 * counted, so a pack can hand it out freely.
 *
 * Keywords: type (one name or an array; "integer" is a number without a
 * fraction), enum, const, properties, required, additionalProperties,
 * patternProperties, items (one schema or a tuple), additionalItems,
 * minItems, maxItems, uniqueItems, minimum, maximum, exclusiveMinimum,
 * exclusiveMaximum, multipleOf, minLength, maxLength, pattern, allOf,
 * anyOf, oneOf, not, if/then/else, and $ref to a JSON pointer inside the
 * same document (#, #/definitions/NAME, #/$defs/NAME…). Annotations
 * (title, description, default, examples, format, $schema, $id, $comment)
 * are accepted and ignored. */

#define STRATA_TYPE_JSON_SCHEMA (strata_json_schema_get_type ())

typedef struct _StrataJsonSchema StrataJsonSchema;

/* One way a document fails its schema. */
typedef struct
{
  /* Where, as a jq-style path from the document's root: ".ui.replicas",
   * ".tolerations[0]", ".labels[\"app.kubernetes.io/name\"]"; "" for the
   * root itself. */
  char *path;
  /* What, as a sentence fragment: "expected integer, got string \"two\"". */
  char *message;
} StrataJsonSchemaProblem;

GType             strata_json_schema_get_type      (void) G_GNUC_CONST;
StrataJsonSchema *strata_json_schema_new           (JsonNode          *document,
                                                    GError           **error);
StrataJsonSchema *strata_json_schema_new_from_data (const char        *text,
                                                    gssize             length,
                                                    GError           **error);
StrataJsonSchema *strata_json_schema_ref           (StrataJsonSchema  *self);
void              strata_json_schema_unref         (StrataJsonSchema  *self);
JsonNode         *strata_json_schema_get_document  (StrataJsonSchema  *self);
GPtrArray        *strata_json_schema_check         (StrataJsonSchema  *self,
                                                    JsonNode          *instance);
gboolean          strata_json_schema_validate      (StrataJsonSchema  *self,
                                                    JsonNode          *instance,
                                                    const char        *what,
                                                    GError           **error);

void              strata_json_schema_problem_free  (StrataJsonSchemaProblem *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataJsonSchema, strata_json_schema_unref)

G_END_DECLS
