/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON Schema for values.schema.json: a compile step that refuses a
 * malformed schema with the JSON pointer of the bad keyword, and a checker
 * that reports every problem of a document, each with its path. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>

#include "strata-core-error.h"
#include "strata-json-schema-private.h"

#define MAX_SHOWN 60

G_DEFINE_BOXED_TYPE (StrataJsonSchema, strata_json_schema,
                     strata_json_schema_ref, strata_json_schema_unref)

static const char * const type_names[] = {
  "null", "boolean", "object", "array", "number", "string", "integer",
};

void
strata_json_schema_problem_free (StrataJsonSchemaProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->path);
  g_free (problem->message);
  g_free (problem);
}

/* Values of JSON nodes, as messages show them. */

gboolean
_strata_json_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* Whether a double is a whole number, within @tolerance; without libm,
 * which the library does not link. */
gboolean
_strata_json_is_whole (double value,
                       double tolerance)
{
  double nearest, difference;

  if (!isfinite (value))
    return FALSE;
  /* Past 2^53 every double is whole. */
  if (value > 9007199254740992.0 || value < -9007199254740992.0)
    return TRUE;

  nearest = (double)(gint64)(value + (value >= 0 ? 0.5 : -0.5));
  difference = value - nearest;
  return (difference < 0 ? -difference : difference) <= tolerance;
}

gboolean
_strata_json_is_integer (JsonNode *node)
{
  double value;

  if (!_strata_json_is_number (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return TRUE;

  value = json_node_get_double (node);
  return _strata_json_is_whole (value, 0);
}

gboolean
_strata_json_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
_strata_json_is_boolean (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

/* The JSON type of a value as JSON Schema names it; whole numbers written
 * without a fraction are "integer". */
const char *
_strata_json_type_name (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }

  if (_strata_json_is_string (node))
    return "string";
  if (_strata_json_is_boolean (node))
    return "boolean";
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return "integer";
  return "number";
}

char *
_strata_json_show (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  const char *cut;

  if (strlen (text) <= MAX_SHOWN)
    return g_steal_pointer (&text);

  cut = g_utf8_find_prev_char (text, text + MAX_SHOWN);
  return g_strdup_printf ("%.*s…", (int)(cut - text), text);
}

/* "string \"two\"", "integer 5", "object": what a value is, for "got …". */
char *
_strata_json_describe (JsonNode *node)
{
  g_autofree char *shown = NULL;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return g_strdup (_strata_json_type_name (node));

  shown = _strata_json_show (node);
  return g_strdup_printf ("%s %s", _strata_json_type_name (node), shown);
}

int
_strata_json_compare_numbers (JsonNode *a,
                              JsonNode *b)
{
  double x, y;

  if (json_node_get_value_type (a) == G_TYPE_INT64 &&
      json_node_get_value_type (b) == G_TYPE_INT64)
    {
      gint64 i = json_node_get_int (a), j = json_node_get_int (b);

      return (i > j) - (i < j);
    }

  x = json_node_get_double (a);
  y = json_node_get_double (b);
  return (x > y) - (x < y);
}

/* JSON equality as enum, const and uniqueItems mean it: 1 equals 1.0,
 * member order does not matter. */
gboolean
_strata_json_equal (JsonNode *a,
                    JsonNode *b)
{
  if (_strata_json_is_number (a) && _strata_json_is_number (b))
    return _strata_json_compare_numbers (a, b) == 0;
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;

  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        return FALSE;
      if (_strata_json_is_string (a))
        return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
      return json_node_get_boolean (a) == json_node_get_boolean (b);

    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a), *y = json_node_get_array (b);
        guint length = json_array_get_length (x);

        if (length != json_array_get_length (y))
          return FALSE;
        for (guint i = 0; i < length; i++)
          if (!_strata_json_equal (json_array_get_element (x, i), json_array_get_element (y, i)))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *x = json_node_get_object (a), *y = json_node_get_object (b);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        if (json_object_get_size (x) != json_object_get_size (y))
          return FALSE;
        json_object_iter_init (&iter, x);
        while (json_object_iter_next (&iter, &name, &member))
          {
            JsonNode *other = json_object_get_member (y, name);

            if (other == NULL || !_strata_json_equal (member, other))
              return FALSE;
          }
        return TRUE;
      }

    default:
      return FALSE;
    }
}

/* Resolves a local reference: "#", or "#/a/b/0" as a JSON pointer
 * (RFC 6901, with the URI fragment's percent-encoding). */
JsonNode *
_strata_json_resolve (JsonNode   *root,
                      const char *reference)
{
  g_autofree char *pointer = NULL;
  g_auto(GStrv) tokens = NULL;
  JsonNode *node = root;

  if (reference[0] != '#')
    return NULL;
  if (reference[1] == '\0')
    return root;
  if (reference[1] != '/' || !(pointer = g_uri_unescape_string (reference + 2, NULL)))
    return NULL;

  tokens = g_strsplit (pointer, "/", -1);
  for (guint i = 0; tokens[i] != NULL && node != NULL; i++)
    {
      g_autoptr(GString) token = g_string_new (tokens[i]);
      guint64 index;

      g_string_replace (token, "~1", "/", 0);
      g_string_replace (token, "~0", "~", 0);

      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), token->str);
      else if (JSON_NODE_HOLDS_ARRAY (node) &&
               g_ascii_string_to_unsigned (token->str, 10, 0, G_MAXUINT, &index, NULL) &&
               index < json_array_get_length (json_node_get_array (node)))
        node = json_array_get_element (json_node_get_array (node), index);
      else
        node = NULL;
    }

  return node;
}

/* Compiling: every keyword the checker reads must have the shape it
 * expects, so that checking never meets a surprise. */

typedef struct
{
  StrataJsonSchema  *schema;
  GString           *pointer;   /* "#/properties/replicas" */
  GHashTable        *followed;  /* JsonNode targets of $ref already compiled */
  GError           **error;
} Compiler;

static gboolean compile_schema (Compiler *compiler,
                                JsonNode *node,
                                guint     depth);

static gboolean G_GNUC_PRINTF (2, 3)
compile_fail (Compiler   *compiler,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (compiler->error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
               "%s: %s", compiler->pointer->str, message);
  return FALSE;
}

static gsize
pointer_push (GString    *pointer,
              const char *token)
{
  gsize length = pointer->len;

  g_string_append_c (pointer, '/');
  for (const char *p = token; *p != '\0'; p++)
    {
      if (*p == '~')
        g_string_append (pointer, "~0");
      else if (*p == '/')
        g_string_append (pointer, "~1");
      else
        g_string_append_c (pointer, *p);
    }

  return length;
}

static gboolean
compile_regex (Compiler   *compiler,
               const char *pattern)
{
  g_autoptr(GError) local_error = NULL;
  GRegex *regex;

  if (g_hash_table_contains (compiler->schema->regexes, pattern))
    return TRUE;

  if (!(regex = g_regex_new (pattern, 0, 0, &local_error)))
    return compile_fail (compiler, _("“%s” is not a valid regular expression: %s"),
                         pattern, local_error->message);

  g_hash_table_insert (compiler->schema->regexes, g_strdup (pattern), regex);
  return TRUE;
}

static gboolean
compile_schema_member (Compiler   *compiler,
                       const char *name,
                       JsonNode   *node,
                       guint       depth)
{
  gsize length = pointer_push (compiler->pointer, name);
  gboolean ok = compile_schema (compiler, node, depth);

  if (ok)
    g_string_truncate (compiler->pointer, length);
  return ok;
}

static gboolean
compile_schema_array (Compiler *compiler,
                      JsonNode *node,
                      gboolean  allow_empty,
                      guint     depth)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return compile_fail (compiler, _("expected an array of schemas"));

  array = json_node_get_array (node);
  if (!allow_empty && json_array_get_length (array) == 0)
    return compile_fail (compiler, _("expected at least one schema"));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      char index[16];

      g_snprintf (index, sizeof index, "%u", i);
      if (!compile_schema_member (compiler, index, json_array_get_element (array, i), depth))
        return FALSE;
    }

  return TRUE;
}

static gboolean
compile_schema_map (Compiler *compiler,
                    JsonNode *node,
                    gboolean  keys_are_patterns,
                    guint     depth)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return compile_fail (compiler, _("expected an object whose members are schemas"));

  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (keys_are_patterns && !compile_regex (compiler, name))
        return FALSE;
      if (!compile_schema_member (compiler, name, member, depth))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_type_name (JsonNode *node)
{
  if (!_strata_json_is_string (node))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_strcmp0 (json_node_get_string (node), type_names[i]) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
compile_type (Compiler *compiler,
              JsonNode *node)
{
  g_autofree char *known = g_strjoinv (", ", (char **)type_names);
  JsonArray *array;

  if (is_type_name (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return compile_fail (compiler, _("expected a type name or an array of them (%s)"), known);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!is_type_name (json_array_get_element (array, i)))
      return compile_fail (compiler, _("item %u is not a type name (%s)"), i, known);

  return TRUE;
}

static gboolean
compile_keyword (Compiler   *compiler,
                 const char *keyword,
                 JsonNode   *value,
                 guint       depth)
{
  static const char * const single[] = {
    "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains",
    "propertyNames",
  };
  static const char * const counts[] = {
    "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties",
  };
  static const char * const limits[] = {
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  };

  for (guint i = 0; i < G_N_ELEMENTS (single); i++)
    if (strcmp (keyword, single[i]) == 0)
      return compile_schema (compiler, value, depth);

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (strcmp (keyword, counts[i]) == 0)
      {
        if (!_strata_json_is_integer (value) || json_node_get_double (value) < 0)
          return compile_fail (compiler, _("expected a whole number of at least 0"));
        return TRUE;
      }

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    if (strcmp (keyword, limits[i]) == 0)
      {
        if (!_strata_json_is_number (value))
          return compile_fail (compiler, _("expected a number (draft-07; draft-04's booleans are not supported)"));
        return TRUE;
      }

  if (strcmp (keyword, "type") == 0)
    return compile_type (compiler, value);
  if (strcmp (keyword, "properties") == 0 || strcmp (keyword, "definitions") == 0 ||
      strcmp (keyword, "$defs") == 0)
    return compile_schema_map (compiler, value, FALSE, depth);
  if (strcmp (keyword, "patternProperties") == 0)
    return compile_schema_map (compiler, value, TRUE, depth);
  if (strcmp (keyword, "allOf") == 0 || strcmp (keyword, "anyOf") == 0 ||
      strcmp (keyword, "oneOf") == 0)
    return compile_schema_array (compiler, value, FALSE, depth);

  if (strcmp (keyword, "items") == 0)
    return JSON_NODE_HOLDS_ARRAY (value)
           ? compile_schema_array (compiler, value, TRUE, depth)
           : compile_schema (compiler, value, depth);

  if (strcmp (keyword, "required") == 0)
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        if (!_strata_json_is_string (json_array_get_element (array, i)))
          array = NULL;
      if (array == NULL)
        return compile_fail (compiler, _("expected an array of property names"));
      return TRUE;
    }

  if (strcmp (keyword, "enum") == 0 && !JSON_NODE_HOLDS_ARRAY (value))
    return compile_fail (compiler, _("expected an array of the allowed values"));

  if (strcmp (keyword, "multipleOf") == 0 &&
      (!_strata_json_is_number (value) || json_node_get_double (value) <= 0))
    return compile_fail (compiler, _("expected a number greater than 0"));

  if (strcmp (keyword, "uniqueItems") == 0 && !_strata_json_is_boolean (value))
    return compile_fail (compiler, _("expected true or false"));

  if (strcmp (keyword, "pattern") == 0)
    {
      if (!_strata_json_is_string (value))
        return compile_fail (compiler, _("expected a regular expression"));
      return compile_regex (compiler, json_node_get_string (value));
    }

  if (strcmp (keyword, "$ref") == 0)
    {
      g_autoptr(GString) saved = NULL;
      JsonNode *target;

      if (!_strata_json_is_string (value))
        return compile_fail (compiler, _("expected a reference such as “#/definitions/NAME”"));
      target = _strata_json_resolve (compiler->schema->document, json_node_get_string (value));
      if (target == NULL)
        return compile_fail (compiler,
                             _("“%s” refers to nothing in this file (only references inside it, such as “#/definitions/NAME”, are supported)"),
                             json_node_get_string (value));

      /* The target may sit where no keyword leads (under "x-shared", say):
       * compile it too, once. */
      if (!g_hash_table_add (compiler->followed, target))
        return TRUE;
      saved = g_string_new (compiler->pointer->str);
      g_string_assign (compiler->pointer, json_node_get_string (value));
      if (!compile_schema (compiler, target, depth))
        return FALSE;
      g_string_assign (compiler->pointer, saved->str);
      return TRUE;
    }

  /* enum and const hold values, not schemas; everything else is an
   * annotation or a keyword of another draft, which JSON Schema ignores. */
  return TRUE;
}

static gboolean
compile_schema (Compiler *compiler,
                JsonNode *node,
                guint     depth)
{
  JsonObjectIter iter;
  const char *keyword;
  JsonNode *value;

  if (depth > STRATA_JSON_SCHEMA_MAX_DEPTH)
    return compile_fail (compiler, _("schemas are nested more than %d deep"), STRATA_JSON_SCHEMA_MAX_DEPTH);
  if (_strata_json_is_boolean (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return compile_fail (compiler, _("a schema must be an object or true/false, not %s"),
                         _strata_json_type_name (node));

  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &keyword, &value))
    {
      gsize length = pointer_push (compiler->pointer, keyword);

      if (!compile_keyword (compiler, keyword, value, depth + 1))
        return FALSE;
      g_string_truncate (compiler->pointer, length);
    }

  return TRUE;
}

/**
 * strata_json_schema_new:
 * @document: the schema, as parsed JSON
 *
 * Returns: (transfer full) (nullable): the schema, or %NULL with @error
 *   set to %STRATA_CORE_ERROR_INVALID and a message that starts with the
 *   JSON pointer of the bad keyword (“#/properties/replicas/minimum: …”)
 */
StrataJsonSchema *
strata_json_schema_new (JsonNode  *document,
                        GError   **error)
{
  g_autoptr(StrataJsonSchema) self = NULL;
  g_autoptr(GString) pointer = g_string_new ("#");
  g_autoptr(GHashTable) followed = g_hash_table_new (NULL, NULL);
  Compiler compiler;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (StrataJsonSchema, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->document = json_node_copy (document);
  self->regexes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)g_regex_unref);

  compiler = (Compiler) { self, pointer, followed, error };
  if (!compile_schema (&compiler, self->document, 0))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * strata_json_schema_new_from_data:
 * @text: the schema as JSON text
 *
 * Returns: (transfer full) (nullable): the schema, or %NULL with @error
 *   set: %STRATA_CORE_ERROR_PARSE with “line L, column C: …” for text that
 *   is not JSON, %STRATA_CORE_ERROR_INVALID as strata_json_schema_new()
 */
StrataJsonSchema *
strata_json_schema_new_from_data (const char  *text,
                                  gssize       length,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      guint line = 0, column = 0;
      const char *message = local_error->message;
      const char *rest;

      /* json-glib says "<data>:3:8: Parse error: …"; say it as the YAML
       * reader does, so that callers add the file name the same way. */
      if (sscanf (message, "<data>:%u:%u:", &line, &column) == 2 &&
          (rest = strstr (message, ": Parse error: ")) != NULL)
        g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                     _("line %u, column %u: %s"), line, column,
                     rest + strlen (": Parse error: "));
      else
        g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE, message);
      return NULL;
    }

  if (!(root = json_parser_get_root (parser)))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("the schema is empty; write {} to allow any values"));
      return NULL;
    }

  return strata_json_schema_new (root, error);
}

StrataJsonSchema *
strata_json_schema_ref (StrataJsonSchema *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
strata_json_schema_unref (StrataJsonSchema *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->document, json_node_unref);
  g_clear_pointer (&self->regexes, g_hash_table_unref);
  g_free (self);
}

/**
 * strata_json_schema_get_document:
 *
 * Returns: (transfer none): the schema as JSON
 */
JsonNode *
strata_json_schema_get_document (StrataJsonSchema *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->document;
}
