/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "strata-sandbox-json.h"
#include "strata-sandbox-patch.h"
#include "strata-sandbox-schema.h"
#include "strata-sandbox-store.h"

/* RFC 7386 */

static JsonNode *
merge (JsonNode *target,
       JsonNode *patch)
{
  JsonObject *result;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (patch))
    return strata_sandbox_json_copy (patch);

  node = target != NULL && JSON_NODE_HOLDS_OBJECT (target) ? strata_sandbox_json_copy (target)
                                                           : strata_sandbox_json_new_object ();
  result = json_node_get_object (node);
  json_object_iter_init_ordered (&iter, json_node_get_object (patch));
  while (json_object_iter_next_ordered (&iter, &member, &value))
    {
      if (JSON_NODE_HOLDS_NULL (value))
        json_object_remove_member (result, member);
      else
        json_object_set_member (result, member,
                                merge (json_object_has_member (result, member) ? json_object_get_member (result, member)
                                                                               : NULL,
                                       value));
    }

  return node;
}

JsonNode *
strata_sandbox_patch_merge (JsonNode  *target,
                            JsonNode  *patch,
                            GError   **error)
{
  if (patch == NULL || !JSON_NODE_HOLDS_OBJECT (patch))
    {
      g_set_error_literal (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_BAD_REQUEST,
                           "the patch is not a JSON object");
      return NULL;
    }
  return merge (target, patch);
}

/* Strategic merge patch */

static JsonNode *strategic (JsonNode *target, JsonNode *patch, const char *field);

static gboolean
is_directive (const char *member)
{
  return g_str_has_prefix (member, "$setElementOrder/") || g_str_has_prefix (member, "$deleteFromPrimitiveList/") ||
         g_str_equal (member, "$retainKeys") || g_str_equal (member, "$patch");
}

static JsonNode *
strategic_list (JsonArray  *target,
                JsonArray  *patch,
                const char *field)
{
  const char * const *keys;
  StrataSandboxListType type = strata_sandbox_schema_list_type (field, patch, &keys);
  JsonArray *result = json_array_new ();
  JsonNode *node;

  if (type == STRATA_SANDBOX_LIST_MAP && target != NULL)
    type = strata_sandbox_schema_list_type (field, json_array_get_length (patch) ? patch : target, &keys);

  /* A replace directive anywhere in the patch list replaces the list. */
  for (guint i = 0; i < json_array_get_length (patch); i++)
    {
      JsonNode *item = json_array_get_element (patch, i);

      if (JSON_NODE_HOLDS_OBJECT (item) &&
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (item), "$patch", NULL),
                     "replace") == 0)
        type = STRATA_SANDBOX_LIST_ATOMIC;
    }

  if (type == STRATA_SANDBOX_LIST_ATOMIC || target == NULL)
    {
      for (guint i = 0; i < json_array_get_length (patch); i++)
        {
          JsonNode *item = json_array_get_element (patch, i);

          if (JSON_NODE_HOLDS_OBJECT (item) && json_object_has_member (json_node_get_object (item), "$patch"))
            continue;
          json_array_add_element (result, strategic (NULL, item, NULL));
        }
    }
  else if (type == STRATA_SANDBOX_LIST_SET)
    {
      for (guint i = 0; i < json_array_get_length (target); i++)
        json_array_add_element (result, strata_sandbox_json_copy (json_array_get_element (target, i)));
      for (guint i = 0; i < json_array_get_length (patch); i++)
        {
          JsonNode *item = json_array_get_element (patch, i);
          gboolean present = FALSE;

          for (guint j = 0; j < json_array_get_length (result); j++)
            present |= json_node_equal (json_array_get_element (result, j), item);
          if (!present)
            json_array_add_element (result, strata_sandbox_json_copy (item));
        }
    }
  else
    {
      g_autoptr(GPtrArray) used = g_ptr_array_new ();

      /* Items of the target, patched where the patch names them. */
      for (guint i = 0; i < json_array_get_length (target); i++)
        {
          JsonNode *item = json_array_get_element (target, i);
          JsonNode *patched = NULL;
          gboolean deleted = FALSE;

          for (guint j = 0; j < json_array_get_length (patch) && JSON_NODE_HOLDS_OBJECT (item); j++)
            {
              JsonNode *change = json_array_get_element (patch, j);

              if (!JSON_NODE_HOLDS_OBJECT (change) ||
                  !strata_sandbox_schema_item_matches (json_node_get_object (item), json_node_get_object (change), keys))
                continue;
              g_ptr_array_add (used, change);
              if (g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (change), "$patch", NULL),
                             "delete") == 0)
                deleted = TRUE;
              else
                patched = strategic (item, change, NULL);
              break;
            }
          if (!deleted)
            json_array_add_element (result, patched ? patched : strata_sandbox_json_copy (item));
        }

      /* New items go at the end, in patch order. */
      for (guint j = 0; j < json_array_get_length (patch); j++)
        {
          JsonNode *change = json_array_get_element (patch, j);

          if (g_ptr_array_find (used, change, NULL) ||
              (JSON_NODE_HOLDS_OBJECT (change) && json_object_has_member (json_node_get_object (change), "$patch")))
            continue;
          json_array_add_element (result, strategic (NULL, change, NULL));
        }
    }

  node = json_node_alloc ();
  json_node_init_array (node, result);
  json_array_unref (result);
  return node;
}

static void
delete_from_primitive_list (JsonObject *result,
                            const char *field,
                            JsonArray  *values)
{
  JsonArray *list;
  JsonArray *kept;

  if (!json_object_has_member (result, field) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (result, field)))
    return;

  list = json_object_get_array_member (result, field);
  kept = json_array_new ();
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      gboolean removed = FALSE;

      for (guint j = 0; j < json_array_get_length (values); j++)
        removed |= json_node_equal (item, json_array_get_element (values, j));
      if (!removed)
        json_array_add_element (kept, strata_sandbox_json_copy (item));
    }
  json_object_set_array_member (result, field, kept);
}

static JsonNode *
strategic (JsonNode   *target,
           JsonNode   *patch,
           const char *field)
{
  JsonObject *patch_object;
  JsonObject *result;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  JsonNode *node;
  const char *directive;

  if (JSON_NODE_HOLDS_ARRAY (patch))
    return strategic_list (target && JSON_NODE_HOLDS_ARRAY (target) ? json_node_get_array (target) : NULL,
                           json_node_get_array (patch), field);
  if (!JSON_NODE_HOLDS_OBJECT (patch))
    return strata_sandbox_json_copy (patch);

  patch_object = json_node_get_object (patch);
  directive = json_object_get_string_member_with_default (patch_object, "$patch", NULL);
  if (g_strcmp0 (directive, "replace") == 0 || strata_sandbox_schema_is_atomic (field) ||
      target == NULL || !JSON_NODE_HOLDS_OBJECT (target))
    {
      /* Replaced as a whole: the patch, less its directives. */
      node = strata_sandbox_json_new_object ();
      target = NULL;
    }
  else
    node = strata_sandbox_json_copy (target);
  result = json_node_get_object (node);

  if (json_object_has_member (patch_object, "$retainKeys") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (patch_object, "$retainKeys")))
    {
      JsonArray *retain = json_object_get_array_member (patch_object, "$retainKeys");
      g_autoptr(GList) members = json_object_get_members (result);

      for (GList *l = members; l != NULL; l = l->next)
        {
          gboolean kept = FALSE;

          for (guint i = 0; i < json_array_get_length (retain); i++)
            kept |= g_strcmp0 (json_array_get_string_element (retain, i), l->data) == 0;
          if (!kept)
            json_object_remove_member (result, l->data);
        }
    }

  json_object_iter_init_ordered (&iter, patch_object);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    {
      if (g_str_has_prefix (member, "$deleteFromPrimitiveList/") && JSON_NODE_HOLDS_ARRAY (value))
        delete_from_primitive_list (result, member + strlen ("$deleteFromPrimitiveList/"),
                                    json_node_get_array (value));
      if (is_directive (member))
        continue;
      if (JSON_NODE_HOLDS_NULL (value))
        json_object_remove_member (result, member);
      else if (JSON_NODE_HOLDS_OBJECT (value) &&
               g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (value), "$patch", NULL),
                          "delete") == 0)
        json_object_remove_member (result, member);
      else
        json_object_set_member (result, member,
                                strategic (json_object_has_member (result, member)
                                             ? json_object_get_member (result, member) : NULL,
                                           value, member));
    }

  return node;
}

JsonNode *
strata_sandbox_patch_strategic (JsonNode  *target,
                                JsonNode  *patch,
                                GError   **error)
{
  if (patch == NULL || !JSON_NODE_HOLDS_OBJECT (patch))
    {
      g_set_error_literal (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_BAD_REQUEST,
                           "the patch is not a JSON object");
      return NULL;
    }
  return strategic (target, patch, NULL);
}

/* RFC 6902 */

static char *
unescape_token (const char *token)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (const char *p = token; *p; p++)
    {
      if (p[0] == '~' && p[1] == '1')
        g_string_append_c (text, '/'), p++;
      else if (p[0] == '~' && p[1] == '0')
        g_string_append_c (text, '~'), p++;
      else
        g_string_append_c (text, *p);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Finds the parent of the pointer's last token; *last is that token. */
static JsonNode *
resolve_parent (JsonNode    *root,
                const char  *pointer,
                char       **last)
{
  g_auto(GStrv) tokens = NULL;
  JsonNode *node = root;
  guint n;

  if (pointer == NULL || *pointer != '/')
    return NULL;
  tokens = g_strsplit (pointer + 1, "/", -1);
  n = g_strv_length (tokens);
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autofree char *token = unescape_token (tokens[i]);

      if (JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), token))
        node = json_object_get_member (json_node_get_object (node), token);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          guint64 index = g_ascii_strtoull (token, NULL, 10);

          if (index >= json_array_get_length (json_node_get_array (node)))
            return NULL;
          node = json_array_get_element (json_node_get_array (node), index);
        }
      else
        return NULL;
    }
  *last = unescape_token (tokens[n - 1]);
  return node;
}

static JsonNode *
pointer_get (JsonNode   *root,
             const char *pointer)
{
  g_autofree char *last = NULL;
  JsonNode *parent;

  if (g_strcmp0 (pointer, "") == 0)
    return root;
  parent = resolve_parent (root, pointer, &last);
  if (parent == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (parent))
    return json_object_has_member (json_node_get_object (parent), last)
             ? json_object_get_member (json_node_get_object (parent), last) : NULL;
  if (JSON_NODE_HOLDS_ARRAY (parent))
    {
      guint64 index = g_ascii_strtoull (last, NULL, 10);

      return index < json_array_get_length (json_node_get_array (parent))
               ? json_array_get_element (json_node_get_array (parent), index) : NULL;
    }
  return NULL;
}

static gboolean
pointer_remove (JsonNode   *root,
                const char *pointer)
{
  g_autofree char *last = NULL;
  JsonNode *parent = resolve_parent (root, pointer, &last);

  if (parent != NULL && JSON_NODE_HOLDS_OBJECT (parent) && json_object_has_member (json_node_get_object (parent), last))
    {
      json_object_remove_member (json_node_get_object (parent), last);
      return TRUE;
    }
  if (parent != NULL && JSON_NODE_HOLDS_ARRAY (parent))
    {
      guint64 index = g_ascii_strtoull (last, NULL, 10);

      if (index < json_array_get_length (json_node_get_array (parent)))
        {
          json_array_remove_element (json_node_get_array (parent), index);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
pointer_add (JsonNode   *root,
             const char *pointer,
             JsonNode   *value,
             gboolean    replace)
{
  g_autofree char *last = NULL;
  JsonNode *parent = resolve_parent (root, pointer, &last);

  if (parent != NULL && JSON_NODE_HOLDS_OBJECT (parent))
    {
      if (replace && !json_object_has_member (json_node_get_object (parent), last))
        return FALSE;
      json_object_set_member (json_node_get_object (parent), last, strata_sandbox_json_copy (value));
      return TRUE;
    }
  if (parent != NULL && JSON_NODE_HOLDS_ARRAY (parent))
    {
      JsonArray *array = json_node_get_array (parent);
      guint length = json_array_get_length (array);
      guint64 index = g_str_equal (last, "-") ? length : g_ascii_strtoull (last, NULL, 10);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);

      if (index > length || (replace && index >= length))
        return FALSE;
      /* JsonArray has no insert: rebuild it. */
      for (guint i = 0; i < length; i++)
        g_ptr_array_add (items, json_node_ref (json_array_get_element (array, i)));
      while (json_array_get_length (array) > 0)
        json_array_remove_element (array, 0);
      for (guint i = 0; i <= length; i++)
        {
          if (i == index)
            json_array_add_element (array, strata_sandbox_json_copy (value));
          if (i < length && !(replace && i == index))
            json_array_add_element (array, json_node_ref (g_ptr_array_index (items, i)));
        }
      return TRUE;
    }
  return FALSE;
}

JsonNode *
strata_sandbox_patch_json (JsonNode  *target,
                           JsonNode  *patch,
                           GError   **error)
{
  g_autoptr(JsonNode) result = strata_sandbox_json_copy (target);
  JsonArray *operations;

  if (patch == NULL || !JSON_NODE_HOLDS_ARRAY (patch))
    {
      g_set_error_literal (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_BAD_REQUEST,
                           "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
      return NULL;
    }

  operations = json_node_get_array (patch);
  for (guint i = 0; i < json_array_get_length (operations); i++)
    {
      JsonObject *operation = json_array_get_object_element (operations, i);
      const char *op = operation ? json_object_get_string_member_with_default (operation, "op", "") : "";
      const char *path = operation ? json_object_get_string_member_with_default (operation, "path", NULL) : NULL;
      const char *from = operation ? json_object_get_string_member_with_default (operation, "from", NULL) : NULL;
      JsonNode *value = operation && json_object_has_member (operation, "value")
                          ? json_object_get_member (operation, "value") : NULL;
      gboolean ok = FALSE;

      if (g_str_equal (op, "add") && value != NULL)
        ok = pointer_add (result, path, value, FALSE);
      else if (g_str_equal (op, "replace") && value != NULL)
        ok = pointer_add (result, path, value, TRUE);
      else if (g_str_equal (op, "remove"))
        ok = pointer_remove (result, path);
      else if (g_str_equal (op, "test") && value != NULL)
        ok = pointer_get (result, path) != NULL && json_node_equal (pointer_get (result, path), value);
      else if ((g_str_equal (op, "copy") || g_str_equal (op, "move")) && pointer_get (result, from) != NULL)
        {
          g_autoptr(JsonNode) moved = strata_sandbox_json_copy (pointer_get (result, from));

          ok = (g_str_equal (op, "copy") || pointer_remove (result, from)) && pointer_add (result, path, moved, FALSE);
        }

      if (!ok)
        {
          g_set_error (error, STRATA_SANDBOX_ERROR, g_str_equal (op, "test") ? STRATA_SANDBOX_ERROR_INVALID
                                                                             : STRATA_SANDBOX_ERROR_BAD_REQUEST,
                       g_str_equal (op, "test") ? "testing value %s failed" : "the server rejected our request due to an error in our request: doc is missing path: \"%s\"",
                       path ? path : "");
          return NULL;
        }
    }

  return g_steal_pointer (&result);
}
