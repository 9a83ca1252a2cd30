/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-core-error.h"
#include "strata-json-schema.h"
#include "strata-yaml.h"

/* A schema, a document (YAML, as values are written), and every problem
 * expected as "PATH: message" lines, or "" when the document is valid. */
typedef struct
{
  const char *schema;
  const char *document;
  const char *problems;
} CheckCase;

static const CheckCase check_cases[] = {
  /* type, and integer against number */
  { "{\"type\": \"integer\"}", "3", "" },
  { "{\"type\": \"integer\"}", "3.0", "" },
  { "{\"type\": \"integer\"}", "3.5", ": expected integer, got number 3.5" },
  { "{\"type\": \"number\"}", "3", "" },
  { "{\"type\": \"string\"}", "3", ": expected string, got integer 3" },
  { "{\"type\": [\"string\", \"null\"]}", "~", "" },
  { "{\"type\": [\"string\", \"number\", \"null\"]}", "true",
    ": expected string, number or null, got boolean true" },
  { "{\"type\": \"object\"}", "[1]", ": expected object, got array" },
  { "{\"type\": \"array\"}", "{}", ": expected array, got object" },
  { "{\"type\": \"boolean\"}", "\"yes\"", ": expected boolean, got string \"yes\"" },
  /* properties, with the path of the bad value */
  { "{\"properties\": {\"ui\": {\"properties\": {\"replicas\": {\"type\": \"integer\"}}}}}",
    "ui:\n  replicas: two\n", ".ui.replicas: expected integer, got string \"two\"" },
  { "{\"properties\": {\"labels\": {\"additionalProperties\": {\"type\": \"string\"}}}}",
    "labels:\n  app.kubernetes.io/name: 3\n",
    ".labels[\"app.kubernetes.io/name\"]: expected string, got integer 3" },
  /* required, additionalProperties (false and schema), patternProperties */
  { "{\"required\": [\"a\", \"b\"]}", "a: 1\n", ": the required key “b” is missing" },
  { "{\"properties\": {\"image\": {}, \"tag\": {}}, \"additionalProperties\": false}",
    "image: x\ntga: y\n", ".tga: is not a known key (known keys: image, tag)" },
  { "{\"additionalProperties\": false}", "x: 1\n", ".x: is not a known key" },
  { "{\"additionalProperties\": {\"type\": \"string\"}}", "x: 1\ny: z\n",
    ".x: expected string, got integer 1" },
  { "{\"patternProperties\": {\"^x-\": {\"type\": \"integer\"}}, \"additionalProperties\": false}",
    "x-a: 1\nx-b: b\nc: 3\n",
    ".x-b: expected integer, got string \"b\"\n.c: is not a known key" },
  { "{\"minProperties\": 2, \"maxProperties\": 2}", "a: 1\n", ": must have at least 2 keys, got 1" },
  { "{\"propertyNames\": {\"pattern\": \"^[a-z]+$\"}}", "Abc: 1\n",
    ".Abc: is not an allowed key: must match the pattern ^[a-z]+$, got \"Abc\"" },
  /* enum and const, with 1 == 1.0 */
  { "{\"enum\": [\"Always\", \"IfNotPresent\", \"Never\"]}", "Sometimes",
    ": must be one of \"Always\", \"IfNotPresent\", \"Never\", got \"Sometimes\"" },
  { "{\"enum\": [1, [1, 2], {\"a\": null}]}", "1.0", "" },
  { "{\"enum\": [1, [1, 2], {\"a\": null}]}", "a: ~\n", "" },
  { "{\"enum\": [1, [1, 2]]}", "[2, 1]", ": must be one of 1, [1,2], got [2,1]" },
  { "{\"const\": \"v1\"}", "v2", ": must be \"v1\", got \"v2\"" },
  /* numbers */
  { "{\"minimum\": 0, \"maximum\": 10}", "-1", ": must be at least 0, got -1" },
  { "{\"minimum\": 0, \"maximum\": 10}", "11", ": must be at most 10, got 11" },
  { "{\"minimum\": 0, \"maximum\": 10}", "10", "" },
  { "{\"exclusiveMinimum\": 0}", "0", ": must be greater than 0, got 0" },
  { "{\"exclusiveMaximum\": 1.5}", "1.5", ": must be less than 1.5, got 1.5" },
  { "{\"exclusiveMaximum\": 1.5}", "1", "" },
  { "{\"multipleOf\": 5}", "12", ": must be a multiple of 5, got 12" },
  { "{\"multipleOf\": 0.1}", "0.3", "" },
  { "{\"minimum\": 9007199254740993}", "9007199254740992",
    ": must be at least 9007199254740993, got 9007199254740992" },
  /* strings: lengths count characters, patterns search */
  { "{\"minLength\": 8}", "short", ": must be at least 8 characters long, got 5" },
  { "{\"maxLength\": 3}", "déjà", ": must be at most 3 characters long, got 4" },
  { "{\"maxLength\": 4}", "déjà", "" },
  { "{\"pattern\": \"[0-9]\"}", "abc1", "" },
  { "{\"pattern\": \"^[0-9]+$\"}", "12a", ": must match the pattern ^[0-9]+$, got \"12a\"" },
  /* arrays */
  { "{\"items\": {\"type\": \"string\"}}", "[a, 1, b, true]",
    "[1]: expected string, got integer 1\n[3]: expected string, got boolean true" },
  { "{\"items\": [{\"type\": \"string\"}, {\"type\": \"integer\"}], \"additionalItems\": false}",
    "[a, 1, extra]", "[2]: is not allowed here" },
  { "{\"minItems\": 1}", "[]", ": must have at least 1 item, got 0" },
  { "{\"maxItems\": 1}", "[1, 2]", ": must have at most 1 item, got 2" },
  { "{\"uniqueItems\": true}", "[1, 2, 1.0, {a: 1}, {a: 1}]",
    "[2]: repeats item 0; items must be unique\n[4]: repeats item 3; items must be unique" },
  { "{\"contains\": {\"const\": 3}}", "[1, 2]", ": has no item that matches the schema under “contains”" },
  /* combinators */
  { "{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"integer\", \"minimum\": 1}]}", "0",
    ": matches none of the “anyOf” alternatives: (1) expected string, got integer 0; (2) must be at least 1, got 0" },
  { "{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}", "5", "" },
  { "{\"oneOf\": [{\"type\": \"integer\"}, {\"minimum\": 0}]}", "5",
    ": matches 2 of the “oneOf” alternatives (1, 2); it must match exactly one" },
  { "{\"oneOf\": [{\"type\": \"integer\"}, {\"minimum\": 0}]}", "-5", "" },
  { "{\"oneOf\": [{\"required\": [\"a\"]}, {\"properties\": {\"b\": {\"type\": \"string\"}}, \"required\": [\"b\"]}]}",
    "b: 1\n",
    ": matches none of the “oneOf” alternatives: (1) the required key “a” is missing; (2) .b: expected string, got integer 1" },
  { "{\"allOf\": [{\"type\": \"integer\"}, {\"minimum\": 3}]}", "\"x\"",
    ": expected integer, got string \"x\"" },
  { "{\"allOf\": [{\"type\": \"integer\"}, {\"minimum\": 3}]}", "2", ": must be at least 3, got 2" },
  { "{\"not\": {\"type\": \"null\"}}", "~", ": must not match the schema under “not”" },
  { "{\"if\": {\"properties\": {\"kind\": {\"const\": \"lb\"}}}, \"then\": {\"required\": [\"port\"]}, \"else\": {\"required\": [\"path\"]}}",
    "kind: lb\n", ": the required key “port” is missing" },
  { "{\"if\": {\"properties\": {\"kind\": {\"const\": \"lb\"}}}, \"then\": {\"required\": [\"port\"]}, \"else\": {\"required\": [\"path\"]}}",
    "kind: other\n", ": the required key “path” is missing" },
  /* boolean schemas and $ref */
  { "true", "anything", "" },
  { "false", "anything", ": is not allowed here" },
  { "{\"definitions\": {\"port\": {\"type\": \"integer\", \"maximum\": 65535}}, "
    "\"properties\": {\"a\": {\"$ref\": \"#/definitions/port\"}, \"b\": {\"$ref\": \"#/$defs/name\"}}, "
    "\"$defs\": {\"name\": {\"type\": \"string\"}}}",
    "a: 70000\nb: 2\n",
    ".a: must be at most 65535, got 70000\n.b: expected string, got integer 2" },
  /* $ref replaces its siblings in draft-07 */
  { "{\"definitions\": {\"s\": {\"type\": \"string\"}}, \"$ref\": \"#/definitions/s\", \"type\": \"integer\"}",
    "text", "" },
  /* a tree refers to itself through $ref and checks all the way down */
  { "{\"definitions\": {\"node\": {\"type\": \"object\", \"properties\": {\"children\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/node\"}}, \"name\": {\"type\": \"string\"}}}}, \"$ref\": \"#/definitions/node\"}",
    "children:\n  - name: a\n    children:\n      - name: 3\n",
    ".children[0].children[0].name: expected string, got integer 3" },
  /* a $ref loop that never reaches a value stops with a problem */
  { "{\"definitions\": {\"a\": {\"$ref\": \"#/definitions/b\"}, \"b\": {\"$ref\": \"#/definitions/a\"}}, \"$ref\": \"#/definitions/a\"}",
    "1", ": cannot be checked: the schema refers to itself without end" },
  /* annotations are ignored */
  { "{\"title\": \"t\", \"description\": \"d\", \"default\": 3, \"examples\": [1], \"format\": \"email\", \"$comment\": \"c\"}",
    "not an email", "" },
  /* every problem, in document order, at every level */
  { "{\"type\": \"object\", \"required\": [\"replicas\"], \"properties\": {"
    "\"replicas\": {\"type\": \"integer\", \"minimum\": 0},"
    "\"ui\": {\"type\": \"object\", \"properties\": {\"port\": {\"type\": \"integer\"}, \"type\": {\"enum\": [\"ClusterIP\"]}}}},"
    "\"additionalProperties\": false}",
    "ui:\n  port: http\n  type: NodePort\nextra: 1\n",
    ": the required key “replicas” is missing\n"
    ".ui.port: expected integer, got string \"http\"\n"
    ".ui.type: must be one of \"ClusterIP\", got \"NodePort\"\n"
    ".extra: is not a known key (known keys: replicas, ui)" },
};

static char *
format_problems (GPtrArray *problems)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      StrataJsonSchemaProblem *problem = g_ptr_array_index (problems, i);

      g_string_append_printf (text, "%s%s: %s", i > 0 ? "\n" : "", problem->path, problem->message);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_check_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      const CheckCase *test = &check_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataJsonSchema) schema = strata_json_schema_new_from_data (test->schema, -1, &error);
      g_autoptr(JsonNode) document = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autofree char *got = NULL;

      g_test_message ("case %u: %s against %s", i, test->schema, test->document);
      g_assert_no_error (error);
      document = strata_yaml_parse (test->document, -1, &error);
      g_assert_no_error (error);

      problems = strata_json_schema_check (schema, document);
      got = format_problems (problems);
      g_assert_cmpstr (got, ==, test->problems);
      g_assert_cmpint (strata_json_schema_validate (schema, document, NULL, NULL), ==,
                       *test->problems == '\0');
    }
}

/* Schemas that are not schemas: the error names the keyword's pointer. */
static const struct {
  const char *schema;
  int code;
  const char *message;
} bad_schemas[] = {
  { "", STRATA_CORE_ERROR_PARSE, "the schema is empty; write {} to allow any values" },
  { "{\n  \"type\": \"integer\",\n  \"minimum\": ]\n}", STRATA_CORE_ERROR_PARSE,
    "line 3, column 14: unexpected character `]', expected character `}'" },
  { "[1]", STRATA_CORE_ERROR_INVALID, "#: a schema must be an object or true/false, not array" },
  { "{\"type\": \"int\"}", STRATA_CORE_ERROR_INVALID,
    "#/type: expected a type name or an array of them (null, boolean, object, array, number, string, integer)" },
  { "{\"type\": [\"string\", 3]}", STRATA_CORE_ERROR_INVALID,
    "#/type: item 1 is not a type name (null, boolean, object, array, number, string, integer)" },
  { "{\"properties\": {\"replicas\": {\"minimum\": \"0\"}}}", STRATA_CORE_ERROR_INVALID,
    "#/properties/replicas/minimum: expected a number (draft-07; draft-04's booleans are not supported)" },
  { "{\"properties\": {\"a/b\": {\"minLength\": -1}}}", STRATA_CORE_ERROR_INVALID,
    "#/properties/a~1b/minLength: expected a whole number of at least 0" },
  { "{\"required\": \"name\"}", STRATA_CORE_ERROR_INVALID, "#/required: expected an array of property names" },
  { "{\"enum\": 3}", STRATA_CORE_ERROR_INVALID, "#/enum: expected an array of the allowed values" },
  { "{\"multipleOf\": 0}", STRATA_CORE_ERROR_INVALID, "#/multipleOf: expected a number greater than 0" },
  { "{\"uniqueItems\": 1}", STRATA_CORE_ERROR_INVALID, "#/uniqueItems: expected true or false" },
  { "{\"anyOf\": []}", STRATA_CORE_ERROR_INVALID, "#/anyOf: expected at least one schema" },
  { "{\"oneOf\": [{}, 3]}", STRATA_CORE_ERROR_INVALID, "#/oneOf/1: a schema must be an object or true/false, not integer" },
  { "{\"items\": [{\"type\": 1}]}", STRATA_CORE_ERROR_INVALID,
    "#/items/0/type: expected a type name or an array of them (null, boolean, object, array, number, string, integer)" },
  { "{\"pattern\": \"[a-\"}", STRATA_CORE_ERROR_INVALID, NULL },
  { "{\"patternProperties\": {\"(\": {}}}", STRATA_CORE_ERROR_INVALID, NULL },
  { "{\"$ref\": \"#/definitions/missing\"}", STRATA_CORE_ERROR_INVALID,
    "#/$ref: “#/definitions/missing” refers to nothing in this file (only references inside it, such as “#/definitions/NAME”, are supported)" },
  { "{\"$ref\": \"https://example.com/schema.json\"}", STRATA_CORE_ERROR_INVALID,
    "#/$ref: “https://example.com/schema.json” refers to nothing in this file (only references inside it, such as “#/definitions/NAME”, are supported)" },
  /* a $ref to a place no keyword leads to is compiled too */
  { "{\"x-shared\": {\"port\": {\"pattern\": \"(\"}}, \"$ref\": \"#/x-shared/port\"}",
    STRATA_CORE_ERROR_INVALID, NULL },
};

static void
test_bad_schemas (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_schemas); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataJsonSchema) schema = NULL;

      g_test_message ("case %u: %s", i, bad_schemas[i].schema);
      schema = strata_json_schema_new_from_data (bad_schemas[i].schema, -1, &error);
      g_assert_null (schema);
      g_assert_error (error, STRATA_CORE_ERROR, bad_schemas[i].code);
      if (bad_schemas[i].message != NULL)
        g_assert_cmpstr (error->message, ==, bad_schemas[i].message);
      else
        g_assert_nonnull (strstr (error->message, "is not a valid regular expression"));
    }
}

/* What a user sees when saving values: one line per problem, each with
 * what was checked and where. */
static void
test_validate_message (void)
{
  static const char schema_text[] =
    "{\"properties\": {\"replicas\": {\"type\": \"integer\", \"minimum\": 0},"
    " \"ui\": {\"properties\": {\"replicas\": {\"type\": \"integer\"}}}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataJsonSchema) schema = strata_json_schema_new_from_data (schema_text, -1, &error);
  g_autoptr(JsonNode) good = strata_yaml_parse ("replicas: 2\n", -1, NULL);
  g_autoptr(JsonNode) bad = strata_yaml_parse ("replicas: -1\nui:\n  replicas: two\n", -1, NULL);

  g_assert_no_error (error);
  g_assert_true (strata_json_schema_validate (schema, good, "values", &error));
  g_assert_no_error (error);

  g_assert_false (strata_json_schema_validate (schema, bad, "values", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "values: .replicas: must be at least 0, got -1\n"
                   "values: .ui.replicas: expected integer, got string \"two\"");
}

/* Long values are cut in messages; a schema is shared by reference. */
static void
test_long_values_and_refs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataJsonSchema) schema = strata_json_schema_new_from_data ("{\"type\": \"integer\"}", -1, &error);
  g_autoptr(JsonNode) document = json_node_init_string (json_node_alloc (), NULL);
  g_autofree char *long_text = g_strnfill (200, 'x');
  g_autoptr(GPtrArray) problems = NULL;
  StrataJsonSchemaProblem *problem;
  StrataJsonSchema *other;

  g_assert_no_error (error);
  json_node_set_string (document, long_text);
  problems = strata_json_schema_check (schema, document);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_true (g_str_has_suffix (problem->message, "…"));
  g_assert_cmpuint (strlen (problem->message), <, 100);

  other = strata_json_schema_ref (schema);
  g_assert_true (other == schema);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (strata_json_schema_get_document (other)));
  strata_json_schema_unref (other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json-schema/check", test_check_table);
  g_test_add_func ("/core/json-schema/bad-schemas", test_bad_schemas);
  g_test_add_func ("/core/json-schema/validate-message", test_validate_message);
  g_test_add_func ("/core/json-schema/long-values-and-refs", test_long_values_and_refs);

  return g_test_run ();
}
