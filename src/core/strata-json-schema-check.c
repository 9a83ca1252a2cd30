/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checking a document against a compiled StrataJsonSchema: every problem,
 * each with the jq-style path of the value at fault. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-core-error.h"
#include "strata-json-schema-private.h"

#define MAX_LISTED 10
#define MAX_REPORTED 50

typedef struct
{
  StrataJsonSchema *schema;
  GString          *path;       /* ".ui.replicas" */
  GPtrArray        *problems;   /* StrataJsonSchemaProblem */
  guint             depth;
} Checker;

static void check_node (Checker  *checker,
                        JsonNode *schema,
                        JsonNode *instance);

static void G_GNUC_PRINTF (2, 3)
add_problem (Checker    *checker,
             const char *format,
             ...)
{
  StrataJsonSchemaProblem *problem = g_new0 (StrataJsonSchemaProblem, 1);
  va_list args;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  problem->path = g_strdup (checker->path->str);
  g_ptr_array_add (checker->problems, problem);
}

static gboolean
is_identifier (const char *name)
{
  if (!(g_ascii_isalpha (*name) || *name == '_'))
    return FALSE;

  for (const char *p = name + 1; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '-'))
      return FALSE;

  return TRUE;
}

static gsize
path_push_name (GString    *path,
                const char *name)
{
  gsize length = path->len;

  if (is_identifier (name))
    {
      g_string_append_printf (path, ".%s", name);
    }
  else
    {
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), name);
      g_autofree char *quoted = json_to_string (node, FALSE);

      g_string_append_printf (path, "[%s]", quoted);
    }

  return length;
}

static void
check_child (Checker    *checker,
             JsonNode   *schema,
             JsonNode   *instance,
             const char *name,
             guint       index)
{
  gsize length = name != NULL ? path_push_name (checker->path, name) : checker->path->len;

  if (name == NULL)
    g_string_append_printf (checker->path, "[%u]", index);
  check_node (checker, schema, instance);
  g_string_truncate (checker->path, length);
}

/* Checks against a subschema into a separate list, for the combinators
 * that decide on the outcome. */
static GPtrArray *
check_branch (Checker  *checker,
              JsonNode *schema,
              JsonNode *instance)
{
  GPtrArray *saved = checker->problems;
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify)strata_json_schema_problem_free);

  checker->problems = problems;
  check_node (checker, schema, instance);
  checker->problems = saved;
  return problems;
}

/* One problem of a branch, its path relative to where the branch began. */
static char *
describe_branch_problem (Checker                 *checker,
                         StrataJsonSchemaProblem *problem)
{
  const char *below = problem->path + MIN (strlen (problem->path), checker->path->len);

  if (*below == '\0')
    return g_strdup (problem->message);
  return g_strdup_printf ("%s: %s", below, problem->message);
}

static char *
list_values (JsonArray *array)
{
  g_autoptr(GString) list = g_string_new (NULL);
  guint length = json_array_get_length (array);

  for (guint i = 0; i < length && i < MAX_LISTED; i++)
    {
      g_autofree char *shown = _strata_json_show (json_array_get_element (array, i));

      if (i > 0)
        g_string_append (list, ", ");
      g_string_append (list, shown);
    }
  if (length > MAX_LISTED)
    g_string_append (list, ", …");

  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
type_matches (const char *type,
              JsonNode   *instance)
{
  const char *actual = _strata_json_type_name (instance);

  if (strcmp (type, "number") == 0)
    return _strata_json_is_number (instance);
  if (strcmp (type, "integer") == 0)
    return _strata_json_is_integer (instance);
  return strcmp (type, actual) == 0;
}

static void
check_type (Checker  *checker,
            JsonNode *type,
            JsonNode *instance)
{
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *got = NULL;

  if (JSON_NODE_HOLDS_ARRAY (type))
    {
      JsonArray *array = json_node_get_array (type);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *name = json_array_get_string_element (array, i);

          if (type_matches (name, instance))
            return;
          if (i > 0)
            g_string_append (expected, i + 1 < json_array_get_length (array) ? ", " : _(" or "));
          g_string_append (expected, name);
        }
    }
  else
    {
      if (type_matches (json_node_get_string (type), instance))
        return;
      g_string_append (expected, json_node_get_string (type));
    }

  got = _strata_json_describe (instance);
  add_problem (checker, _("expected %s, got %s"), expected->str, got);
}

static void
check_number (Checker    *checker,
              JsonObject *schema,
              JsonNode   *instance)
{
  static const struct { const char *keyword; int fails_when; gboolean or_equal; const char *message; } limits[] = {
    { "minimum", -1, FALSE, N_("must be at least %s, got %s") },
    { "exclusiveMinimum", -1, TRUE, N_("must be greater than %s, got %s") },
    { "maximum", 1, FALSE, N_("must be at most %s, got %s") },
    { "exclusiveMaximum", 1, TRUE, N_("must be less than %s, got %s") },
  };
  JsonNode *multiple;

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      JsonNode *limit = json_object_get_member (schema, limits[i].keyword);
      int order;

      if (limit == NULL)
        continue;

      order = _strata_json_compare_numbers (instance, limit);
      if (order == limits[i].fails_when || (limits[i].or_equal && order == 0))
        {
          g_autofree char *bound = _strata_json_show (limit);
          g_autofree char *got = _strata_json_show (instance);

          add_problem (checker, _(limits[i].message), bound, got);
        }
    }

  if ((multiple = json_object_get_member (schema, "multipleOf")) != NULL)
    {
      gboolean ok;

      if (json_node_get_value_type (instance) == G_TYPE_INT64 &&
          json_node_get_value_type (multiple) == G_TYPE_INT64)
        {
          ok = json_node_get_int (instance) % json_node_get_int (multiple) == 0;
        }
      else
        {
          double quotient = json_node_get_double (instance) / json_node_get_double (multiple);

          ok = _strata_json_is_whole (quotient, 1e-9);
        }

      if (!ok)
        {
          g_autofree char *factor = _strata_json_show (multiple);
          g_autofree char *got = _strata_json_show (instance);

          add_problem (checker, _("must be a multiple of %s, got %s"), factor, got);
        }
    }
}

static void
check_string (Checker    *checker,
              JsonObject *schema,
              JsonNode   *instance)
{
  const char *text = json_node_get_string (instance);
  glong length = g_utf8_strlen (text, -1);
  JsonNode *bound;

  if ((bound = json_object_get_member (schema, "minLength")) != NULL &&
      length < json_node_get_int (bound))
    add_problem (checker,
                 g_dngettext (GETTEXT_PACKAGE, "must be at least %d character long, got %ld",
                              "must be at least %d characters long, got %ld",
                              json_node_get_int (bound)),
                 (int)json_node_get_int (bound), length);

  if ((bound = json_object_get_member (schema, "maxLength")) != NULL &&
      length > json_node_get_int (bound))
    add_problem (checker,
                 g_dngettext (GETTEXT_PACKAGE, "must be at most %d character long, got %ld",
                              "must be at most %d characters long, got %ld",
                              json_node_get_int (bound)),
                 (int)json_node_get_int (bound), length);

  if ((bound = json_object_get_member (schema, "pattern")) != NULL)
    {
      const char *pattern = json_node_get_string (bound);
      GRegex *regex = g_hash_table_lookup (checker->schema->regexes, pattern);

      g_assert (regex != NULL);
      if (!g_regex_match (regex, text, 0, NULL))
        {
          g_autofree char *got = _strata_json_show (instance);

          add_problem (checker, _("must match the pattern %s, got %s"), pattern, got);
        }
    }
}

static void
check_count (Checker    *checker,
             JsonObject *schema,
             guint       count,
             const char *minimum,
             const char *maximum,
             gboolean    items)
{
  JsonNode *bound;

  if ((bound = json_object_get_member (schema, minimum)) != NULL &&
      count < json_node_get_int (bound))
    add_problem (checker,
                 items ? g_dngettext (GETTEXT_PACKAGE, "must have at least %d item, got %u",
                                      "must have at least %d items, got %u",
                                      json_node_get_int (bound))
                       : g_dngettext (GETTEXT_PACKAGE, "must have at least %d key, got %u",
                                      "must have at least %d keys, got %u",
                                      json_node_get_int (bound)),
                 (int)json_node_get_int (bound), count);

  if ((bound = json_object_get_member (schema, maximum)) != NULL &&
      count > json_node_get_int (bound))
    add_problem (checker,
                 items ? g_dngettext (GETTEXT_PACKAGE, "must have at most %d item, got %u",
                                      "must have at most %d items, got %u",
                                      json_node_get_int (bound))
                       : g_dngettext (GETTEXT_PACKAGE, "must have at most %d key, got %u",
                                      "must have at most %d keys, got %u",
                                      json_node_get_int (bound)),
                 (int)json_node_get_int (bound), count);
}

static void
check_array (Checker    *checker,
             JsonObject *schema,
             JsonNode   *instance)
{
  JsonArray *array = json_node_get_array (instance);
  guint length = json_array_get_length (array);
  JsonNode *items = json_object_get_member (schema, "items");
  JsonNode *unique = json_object_get_member (schema, "uniqueItems");
  JsonNode *contains = json_object_get_member (schema, "contains");

  check_count (checker, schema, length, "minItems", "maxItems", TRUE);

  if (unique != NULL && json_node_get_boolean (unique))
    {
      for (guint j = 1; j < length; j++)
        for (guint i = 0; i < j; i++)
          if (_strata_json_equal (json_array_get_element (array, i),
                                  json_array_get_element (array, j)))
            {
              gsize saved = checker->path->len;

              g_string_append_printf (checker->path, "[%u]", j);
              add_problem (checker, _("repeats item %u; items must be unique"), i);
              g_string_truncate (checker->path, saved);
              break;
            }
    }

  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    {
      JsonArray *tuple = json_node_get_array (items);
      JsonNode *additional = json_object_get_member (schema, "additionalItems");

      for (guint i = 0; i < length; i++)
        {
          JsonNode *item_schema = i < json_array_get_length (tuple)
                                  ? json_array_get_element (tuple, i) : additional;

          if (item_schema != NULL)
            check_child (checker, item_schema, json_array_get_element (array, i), NULL, i);
        }
    }
  else if (items != NULL)
    {
      for (guint i = 0; i < length; i++)
        check_child (checker, items, json_array_get_element (array, i), NULL, i);
    }

  if (contains != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < length && !found; i++)
        {
          g_autoptr(GPtrArray) problems = check_branch (checker, contains,
                                                        json_array_get_element (array, i));
          found = problems->len == 0;
        }
      if (!found)
        add_problem (checker, _("has no item that matches the schema under “contains”"));
    }
}

static char *
list_names (JsonObject *properties)
{
  g_autoptr(GString) list = g_string_new (NULL);
  JsonObjectIter iter;
  const char *name;
  guint count = 0;

  json_object_iter_init_ordered (&iter, properties);
  while (json_object_iter_next_ordered (&iter, &name, NULL))
    {
      if (count++ == MAX_LISTED)
        {
          g_string_append (list, ", …");
          break;
        }
      g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "", name);
    }

  return g_string_free (g_steal_pointer (&list), FALSE);
}

static void
check_object (Checker    *checker,
              JsonObject *schema,
              JsonNode   *instance)
{
  JsonObject *object = json_node_get_object (instance);
  JsonNode *properties_node = json_object_get_member (schema, "properties");
  JsonNode *patterns_node = json_object_get_member (schema, "patternProperties");
  JsonNode *additional = json_object_get_member (schema, "additionalProperties");
  JsonNode *names = json_object_get_member (schema, "propertyNames");
  JsonNode *required = json_object_get_member (schema, "required");
  JsonObject *properties = properties_node ? json_node_get_object (properties_node) : NULL;
  JsonObject *patterns = patterns_node ? json_node_get_object (patterns_node) : NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  check_count (checker, schema, json_object_get_size (object),
               "minProperties", "maxProperties", FALSE);

  for (guint i = 0; required != NULL && i < json_array_get_length (json_node_get_array (required)); i++)
    {
      const char *wanted = json_array_get_string_element (json_node_get_array (required), i);

      if (!json_object_has_member (object, wanted))
        add_problem (checker, _("the required key “%s” is missing"), wanted);
    }

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      gboolean matched = FALSE;
      JsonObjectIter pattern_iter;
      const char *pattern;
      JsonNode *pattern_schema;

      if (names != NULL)
        {
          g_autoptr(JsonNode) key = json_node_init_string (json_node_alloc (), name);
          g_autoptr(GPtrArray) problems = check_branch (checker, names, key);

          if (problems->len > 0)
            {
              g_autofree char *why = describe_branch_problem (checker, g_ptr_array_index (problems, 0));
              gsize saved = path_push_name (checker->path, name);

              add_problem (checker, _("is not an allowed key: %s"), why);
              g_string_truncate (checker->path, saved);
            }
        }

      if (properties != NULL && json_object_has_member (properties, name))
        {
          check_child (checker, json_object_get_member (properties, name), member, name, 0);
          matched = TRUE;
        }

      if (patterns != NULL)
        {
          json_object_iter_init_ordered (&pattern_iter, patterns);
          while (json_object_iter_next_ordered (&pattern_iter, &pattern, &pattern_schema))
            if (g_regex_match (g_hash_table_lookup (checker->schema->regexes, pattern), name, 0, NULL))
              {
                check_child (checker, pattern_schema, member, name, 0);
                matched = TRUE;
              }
        }

      if (matched || additional == NULL)
        continue;

      if (_strata_json_is_boolean (additional) && !json_node_get_boolean (additional))
        {
          gsize saved = path_push_name (checker->path, name);

          if (properties != NULL && json_object_get_size (properties) > 0)
            {
              g_autofree char *known = list_names (properties);

              add_problem (checker, _("is not a known key (known keys: %s)"), known);
            }
          else
            {
              add_problem (checker, _("is not a known key"));
            }
          g_string_truncate (checker->path, saved);
        }
      else
        {
          check_child (checker, additional, member, name, 0);
        }
    }
}

/* anyOf and oneOf: the instance must match at least / exactly one. */
static void
check_alternatives (Checker    *checker,
                    const char *keyword,
                    JsonArray  *alternatives,
                    JsonNode   *instance,
                    gboolean    exactly_one)
{
  guint length = json_array_get_length (alternatives);
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GString) matches = g_string_new (NULL);
  guint matched = 0;

  for (guint i = 0; i < length; i++)
    {
      GPtrArray *problems = check_branch (checker, json_array_get_element (alternatives, i), instance);

      g_ptr_array_add (outcomes, problems);
      if (problems->len == 0)
        {
          g_string_append_printf (matches, "%s%u", matched > 0 ? ", " : "", i + 1);
          if (++matched > 0 && !exactly_one)
            return;
        }
    }

  if (matched == 1 || (matched > 1 && !exactly_one))
    return;

  if (matched > 1)
    {
      add_problem (checker, _("matches %u of the “%s” alternatives (%s); it must match exactly one"),
                   matched, keyword, matches->str);
      return;
    }

  {
    g_autoptr(GString) reasons = g_string_new (NULL);

    for (guint i = 0; i < outcomes->len; i++)
      {
        GPtrArray *problems = g_ptr_array_index (outcomes, i);
        g_autofree char *reason = describe_branch_problem (checker, g_ptr_array_index (problems, 0));

        g_string_append_printf (reasons, "%s(%u) %s", i > 0 ? "; " : "", i + 1, reason);
      }
    add_problem (checker, _("matches none of the “%s” alternatives: %s"), keyword, reasons->str);
  }
}

static void
check_combinators (Checker    *checker,
                   JsonObject *schema,
                   JsonNode   *instance)
{
  JsonNode *node;

  if ((node = json_object_get_member (schema, "allOf")) != NULL)
    {
      JsonArray *all = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (all); i++)
        check_node (checker, json_array_get_element (all, i), instance);
    }

  if ((node = json_object_get_member (schema, "anyOf")) != NULL)
    check_alternatives (checker, "anyOf", json_node_get_array (node), instance, FALSE);

  if ((node = json_object_get_member (schema, "oneOf")) != NULL)
    check_alternatives (checker, "oneOf", json_node_get_array (node), instance, TRUE);

  if ((node = json_object_get_member (schema, "not")) != NULL)
    {
      g_autoptr(GPtrArray) problems = check_branch (checker, node, instance);

      if (problems->len == 0)
        add_problem (checker, _("must not match the schema under “not”"));
    }

  if ((node = json_object_get_member (schema, "if")) != NULL)
    {
      g_autoptr(GPtrArray) problems = check_branch (checker, node, instance);
      JsonNode *next = json_object_get_member (schema, problems->len == 0 ? "then" : "else");

      if (next != NULL)
        check_node (checker, next, instance);
    }
}

static void
check_node (Checker  *checker,
            JsonNode *schema_node,
            JsonNode *instance)
{
  JsonObject *schema;
  JsonNode *node;

  if (_strata_json_is_boolean (schema_node))
    {
      if (!json_node_get_boolean (schema_node))
        add_problem (checker, _("is not allowed here"));
      return;
    }

  if (checker->depth >= STRATA_JSON_SCHEMA_MAX_DEPTH)
    {
      add_problem (checker, _("cannot be checked: the schema refers to itself without end"));
      return;
    }

  checker->depth++;
  schema = json_node_get_object (schema_node);

  /* In draft-07 a $ref replaces its siblings. */
  if ((node = json_object_get_member (schema, "$ref")) != NULL)
    {
      check_node (checker, _strata_json_resolve (checker->schema->document,
                                                 json_node_get_string (node)),
                  instance);
      checker->depth--;
      return;
    }

  if ((node = json_object_get_member (schema, "type")) != NULL)
    check_type (checker, node, instance);

  if ((node = json_object_get_member (schema, "enum")) != NULL)
    {
      JsonArray *allowed = json_node_get_array (node);
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (allowed) && !found; i++)
        found = _strata_json_equal (json_array_get_element (allowed, i), instance);
      if (!found)
        {
          g_autofree char *list = list_values (allowed);
          g_autofree char *got = _strata_json_show (instance);

          add_problem (checker, _("must be one of %s, got %s"), list, got);
        }
    }

  if ((node = json_object_get_member (schema, "const")) != NULL &&
      !_strata_json_equal (node, instance))
    {
      g_autofree char *wanted = _strata_json_show (node);
      g_autofree char *got = _strata_json_show (instance);

      add_problem (checker, _("must be %s, got %s"), wanted, got);
    }

  if (_strata_json_is_number (instance))
    check_number (checker, schema, instance);
  else if (_strata_json_is_string (instance))
    check_string (checker, schema, instance);
  else if (JSON_NODE_HOLDS_ARRAY (instance))
    check_array (checker, schema, instance);
  else if (JSON_NODE_HOLDS_OBJECT (instance))
    check_object (checker, schema, instance);

  check_combinators (checker, schema, instance);
  checker->depth--;
}

/**
 * strata_json_schema_check:
 * @instance: the document to check, such as a values file read as JSON
 *
 * Returns: (transfer full) (element-type StrataJsonSchemaProblem): every
 *   problem found, in document order; empty when @instance is valid
 */
GPtrArray *
strata_json_schema_check (StrataJsonSchema *self,
                          JsonNode         *instance)
{
  g_autoptr(GString) path = g_string_new (NULL);
  Checker checker;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (instance != NULL, NULL);

  checker = (Checker) {
    .schema = self,
    .path = path,
    .problems = g_ptr_array_new_with_free_func ((GDestroyNotify)strata_json_schema_problem_free),
  };
  check_node (&checker, self->document, instance);
  return checker.problems;
}

/**
 * strata_json_schema_validate:
 * @instance: the document to check
 * @what: (nullable): what the document is, as the user knows it
 *   (“values”), to start every line of the message
 *
 * Returns: %TRUE when @instance is valid, else %FALSE with @error set to
 *   %STRATA_CORE_ERROR_INVALID and one line per problem, such as
 *   “values: .ui.replicas: expected integer, got string "two"”
 */
gboolean
strata_json_schema_validate (StrataJsonSchema  *self,
                             JsonNode          *instance,
                             const char        *what,
                             GError           **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) message = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (instance != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  problems = strata_json_schema_check (self, instance);
  if (problems->len == 0)
    return TRUE;

  message = g_string_new (NULL);
  for (guint i = 0; i < problems->len && i < MAX_REPORTED; i++)
    {
      StrataJsonSchemaProblem *problem = g_ptr_array_index (problems, i);

      if (i > 0)
        g_string_append_c (message, '\n');
      if (what != NULL)
        g_string_append_printf (message, "%s: ", what);
      if (problem->path[0] != '\0')
        g_string_append_printf (message, "%s: ", problem->path);
      g_string_append (message, problem->message);
    }
  if (problems->len > MAX_REPORTED)
    g_string_append_printf (message, _("\n… and %u more problems"), problems->len - MAX_REPORTED);

  g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID, message->str);
  return FALSE;
}
