/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "strata-json.h"
#include "strata-sandbox-selector.h"
#include "strata-sandbox-store.h"

typedef enum
{
  OPERATOR_EQUALS,
  OPERATOR_NOT_EQUALS,
  OPERATOR_IN,
  OPERATOR_NOT_IN,
  OPERATOR_EXISTS,
  OPERATOR_NOT_EXISTS,
} Operator;

typedef struct
{
  char     *key;
  Operator  operator;
  GStrv     values;
} Requirement;

struct _StrataSandboxSelector
{
  GPtrArray *requirements;
  gboolean   fields;
};

static void
requirement_free (gpointer data)
{
  Requirement *requirement = data;

  g_free (requirement->key);
  g_strfreev (requirement->values);
  g_free (requirement);
}

static StrataSandboxSelector *
selector_new (gboolean fields)
{
  StrataSandboxSelector *self = g_new0 (StrataSandboxSelector, 1);

  self->requirements = g_ptr_array_new_with_free_func (requirement_free);
  self->fields = fields;
  return self;
}

void
strata_sandbox_selector_free (StrataSandboxSelector *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->requirements);
  g_free (self);
}

gboolean
strata_sandbox_selector_is_empty (StrataSandboxSelector *self)
{
  return self == NULL || self->requirements->len == 0;
}

/* Splits at commas that are not inside parentheses ("a in (x,y),b"). */
static GPtrArray *
split_terms (const char *text)
{
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;
  int depth = 0;

  for (const char *p = text;; p++)
    {
      if (*p == '(')
        depth++;
      else if (*p == ')')
        depth--;
      else if ((*p == ',' && depth == 0) || *p == '\0')
        {
          g_autofree char *term = g_strndup (start, p - start);

          g_strstrip (term);
          if (*term != '\0')
            g_ptr_array_add (terms, g_steal_pointer (&term));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }

  return terms;
}

static gboolean
is_key_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '/';
}

static gboolean
parse_set (const char  *text,
           GStrv       *values)
{
  g_autofree char *inner = NULL;
  g_auto(GStrv) parts = NULL;
  const char *close;

  while (g_ascii_isspace (*text))
    text++;
  if (*text != '(' || !(close = strrchr (text, ')')))
    return FALSE;
  for (const char *p = close + 1; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;

  inner = g_strndup (text + 1, close - text - 1);
  parts = g_strsplit (inner, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    g_strstrip (parts[i]);
  *values = g_steal_pointer (&parts);
  return TRUE;
}

static Requirement *
parse_requirement (const char  *term,
                   gboolean     fields,
                   GError     **error)
{
  g_autoptr(GString) key = g_string_new (NULL);
  Requirement *requirement = g_new0 (Requirement, 1);
  const char *p = term;
  const char *rest;
  gboolean negated = FALSE;

  if (*p == '!' && !fields)
    {
      negated = TRUE;
      p++;
      while (g_ascii_isspace (*p))
        p++;
    }
  while (*p && is_key_char (*p))
    g_string_append_c (key, *p++);
  while (g_ascii_isspace (*p))
    p++;
  requirement->key = g_strdup (key->str);
  rest = p;

  if (key->len == 0)
    goto invalid;

  if (*rest == '\0')
    {
      if (fields)
        goto invalid;
      requirement->operator = negated ? OPERATOR_NOT_EXISTS : OPERATOR_EXISTS;
      return requirement;
    }
  if (negated)
    goto invalid;

  if (g_str_has_prefix (rest, "==") || g_str_has_prefix (rest, "!=") || *rest == '=')
    {
      const char *value = rest + (*rest == '=' && rest[1] != '=' ? 1 : 2);
      g_autofree char *stripped = g_strstrip (g_strdup (value));

      requirement->operator = *rest == '!' ? OPERATOR_NOT_EQUALS : OPERATOR_EQUALS;
      requirement->values = g_new0 (char *, 2);
      requirement->values[0] = g_steal_pointer (&stripped);
      return requirement;
    }
  if (!fields && g_str_has_prefix (rest, "notin") && parse_set (rest + 5, &requirement->values))
    {
      requirement->operator = OPERATOR_NOT_IN;
      return requirement;
    }
  if (!fields && g_str_has_prefix (rest, "in") && parse_set (rest + 2, &requirement->values))
    {
      requirement->operator = OPERATOR_IN;
      return requirement;
    }

invalid:
  requirement_free (requirement);
  /* The wording of apimachinery's parser, which kubectl shows as is. */
  g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_BAD_REQUEST,
               fields ? "invalid selector: '%s'; can't understand '%s'"
                      : "unable to parse requirement: %s%s",
               fields ? term : "", term);
  return NULL;
}

static StrataSandboxSelector *
parse (const char  *text,
       gboolean     fields,
       GError     **error)
{
  g_autoptr(StrataSandboxSelector) self = selector_new (fields);
  g_autoptr(GPtrArray) terms = NULL;

  if (text == NULL)
    return g_steal_pointer (&self);

  terms = split_terms (text);
  for (guint i = 0; i < terms->len; i++)
    {
      Requirement *requirement = parse_requirement (g_ptr_array_index (terms, i), fields, error);

      if (requirement == NULL)
        return NULL;
      g_ptr_array_add (self->requirements, requirement);
    }

  return g_steal_pointer (&self);
}

StrataSandboxSelector *
strata_sandbox_selector_parse_labels (const char  *text,
                                      GError     **error)
{
  return parse (text, FALSE, error);
}

StrataSandboxSelector *
strata_sandbox_selector_parse_fields (const char  *text,
                                      GError     **error)
{
  return parse (text, TRUE, error);
}

/* A field's value as the field selector compares it: strings as they are,
 * numbers and booleans as their JSON text, missing as "". */
static char *
field_value (JsonObject *object,
             const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return g_strdup ("");
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static gboolean
requirement_matches (Requirement *requirement,
                     gboolean     fields,
                     JsonObject  *object)
{
  g_autofree char *owned = NULL;
  const char *value;
  gboolean present;

  if (fields)
    {
      owned = field_value (object, requirement->key);
      value = owned;
      present = TRUE;
    }
  else
    {
      JsonObject *labels = strata_json_object_get_object (strata_json_object_get_object (object, "metadata"),
                                                          "labels");

      value = strata_json_object_get_string (labels, requirement->key);
      present = value != NULL;
    }

  switch (requirement->operator)
    {
    case OPERATOR_EXISTS:
      return present;
    case OPERATOR_NOT_EXISTS:
      return !present;
    case OPERATOR_EQUALS:
    case OPERATOR_IN:
      return present && g_strv_contains ((const char * const *)requirement->values, value);
    case OPERATOR_NOT_EQUALS:
    case OPERATOR_NOT_IN:
      return !present || !g_strv_contains ((const char * const *)requirement->values, value);
    default:
      g_assert_not_reached ();
    }
}

gboolean
strata_sandbox_selector_matches (StrataSandboxSelector *self,
                                 JsonObject            *object)
{
  if (self == NULL)
    return TRUE;

  for (guint i = 0; i < self->requirements->len; i++)
    if (!requirement_matches (g_ptr_array_index (self->requirements, i), self->fields, object))
      return FALSE;

  return TRUE;
}
