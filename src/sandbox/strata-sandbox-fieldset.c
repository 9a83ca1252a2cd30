/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "strata-sandbox-json.h"
#include "strata-sandbox-fieldset.h"
#include "strata-sandbox-schema.h"

static const char * const map_fields[] = {
  "labels", "annotations", "data", "binaryData", "stringData", "matchLabels", "nodeSelector", "limits", "requests",
  NULL,
};

static gboolean
is_member (JsonObject *node)
{
  return json_object_get_size (node) == 0 || json_object_has_member (node, ".");
}

static JsonObject *
ensure_child (JsonObject *set,
              const char *key)
{
  if (!json_object_has_member (set, key))
    json_object_set_object_member (set, key, json_object_new ());
  return json_object_get_object_member (set, key);
}

static void
mark_dot (JsonObject *set)
{
  ensure_child (set, ".");
}

static StrataSandboxListType
list_type (const char  *field,
           JsonNode    *node,
           const char * const **keys)
{
  return strata_sandbox_schema_list_type (field, json_node_get_array (node), keys);
}

static gboolean
is_container (JsonNode   *node,
              const char *field)
{
  const char * const *keys;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return !strata_sandbox_schema_is_atomic (field);
  if (JSON_NODE_HOLDS_ARRAY (node))
    return list_type (field, node, &keys) != STRATA_SANDBOX_LIST_ATOMIC;
  return FALSE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static char *
item_key (JsonObject         *item,
          const char * const *keys)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  JsonObject *object = json_object_new ();
  g_autofree char *text = NULL;

  for (guint i = 0; keys[i] != NULL; i++)
    g_ptr_array_add (sorted, (gpointer)keys[i]);
  g_ptr_array_sort (sorted, compare_strings);

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *key = g_ptr_array_index (sorted, i);

      if (json_object_has_member (item, key))
        json_object_set_member (object, key, strata_sandbox_json_copy (json_object_get_member (item, key)));
      else if (g_str_equal (key, "protocol"))
        json_object_set_string_member (object, key, "TCP");
    }
  json_node_take_object (node, object);
  text = json_to_string (node, FALSE);
  return g_strconcat ("k:", text, NULL);
}

static char *
value_key (JsonNode *value)
{
  g_autofree char *text = json_to_string (value, FALSE);

  return g_strconcat ("v:", text, NULL);
}

/* From an applied configuration */

static void applied_fields (JsonObject *set, JsonNode *value, const char *field);

static void
applied_member (JsonObject *set,
                const char *key,
                JsonNode   *value,
                const char *field)
{
  JsonObject *child = ensure_child (set, key);

  if (is_container (value, field))
    applied_fields (child, value, field);
}

static void
applied_fields (JsonObject *set,
                JsonNode   *value,
                const char *field)
{
  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *child;

      json_object_iter_init_ordered (&iter, json_node_get_object (value));
      while (json_object_iter_next_ordered (&iter, &member, &child))
        {
          g_autofree char *key = g_strconcat ("f:", member, NULL);

          applied_member (set, key, child, member);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (value))
    {
      const char * const *keys;
      StrataSandboxListType type = list_type (field, value, &keys);
      JsonArray *items = json_node_get_array (value);

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *item = json_array_get_element (items, i);

          if (type == STRATA_SANDBOX_LIST_MAP && JSON_NODE_HOLDS_OBJECT (item))
            {
              g_autofree char *key = item_key (json_node_get_object (item), keys);
              JsonObject *child = ensure_child (set, key);

              mark_dot (child);
              applied_fields (child, item, NULL);
            }
          else if (type == STRATA_SANDBOX_LIST_SET)
            {
              g_autofree char *key = value_key (item);

              ensure_child (set, key);
            }
        }
    }
}

JsonObject *
strata_sandbox_fieldset_from_applied (JsonNode *applied)
{
  JsonObject *set = json_object_new ();

  applied_fields (set, applied, NULL);
  return set;
}

/* Differences */

static gboolean
marks_container (const char              *field,
                 gboolean                 item,
                 StrataSandboxFieldsMode  mode)
{
  if (item)
    return TRUE;
  if (mode == STRATA_SANDBOX_FIELDS_DEDUCED)
    return g_strcmp0 (field, "metadata") != 0;
  return field != NULL && g_strv_contains (map_fields, field);
}

static void diff_children (JsonObject *set, JsonNode *before, JsonNode *after, const char *field,
                           StrataSandboxFieldsMode mode);

static void
diff_member (JsonObject              *set,
             const char              *key,
             JsonNode                *before,
             JsonNode                *after,
             const char              *field,
             gboolean                 item,
             StrataSandboxFieldsMode  mode)
{
  JsonObject *child;
  JsonNode *present;

  if (before != NULL && after != NULL && json_node_equal (before, after))
    return;

  if (before != NULL && after != NULL && is_container (before, field) && is_container (after, field) &&
      JSON_NODE_TYPE (before) == JSON_NODE_TYPE (after))
    {
      child = json_object_new ();
      diff_children (child, before, after, field, mode);
      if (json_object_get_size (child) > 0)
        json_object_set_object_member (set, key, child);
      else
        json_object_unref (child);
      return;
    }

  /* A value that changed, or a container that appeared or went. */
  child = ensure_child (set, key);
  present = after != NULL ? after : before;
  if (is_container (present, field))
    {
      applied_fields (child, present, field);
      if (marks_container (field, item, mode))
        mark_dot (child);
    }
}

static JsonNode *
find_item (JsonArray          *items,
           JsonObject         *wanted,
           const char * const *keys)
{
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (item) &&
          strata_sandbox_schema_item_matches (json_node_get_object (item), wanted, keys))
        return item;
    }
  return NULL;
}

static JsonNode *
find_value (JsonArray *items,
            JsonNode  *wanted)
{
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    if (json_node_equal (json_array_get_element (items, i), wanted))
      return json_array_get_element (items, i);
  return NULL;
}

static void
diff_children (JsonObject              *set,
               JsonNode                *before,
               JsonNode                *after,
               const char              *field,
               StrataSandboxFieldsMode  mode)
{
  if (JSON_NODE_HOLDS_OBJECT (before))
    {
      JsonObject *a = json_node_get_object (before);
      JsonObject *b = json_node_get_object (after);
      g_autoptr(GList) members = json_object_get_members (a);
      g_autoptr(GList) added = json_object_get_members (b);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *key = g_strconcat ("f:", (char *)l->data, NULL);

          diff_member (set, key, json_object_get_member (a, l->data),
                       json_object_has_member (b, l->data) ? json_object_get_member (b, l->data) : NULL,
                       l->data, FALSE, mode);
        }
      for (GList *l = added; l != NULL; l = l->next)
        if (!json_object_has_member (a, l->data))
          {
            g_autofree char *key = g_strconcat ("f:", (char *)l->data, NULL);

            diff_member (set, key, NULL, json_object_get_member (b, l->data), l->data, FALSE, mode);
          }
      return;
    }

  {
    JsonArray *a = json_node_get_array (before);
    JsonArray *b = json_node_get_array (after);
    const char * const *keys;
    StrataSandboxListType type = list_type (field, json_array_get_length (b) ? after : before, &keys);

    for (guint pass = 0; pass < 2; pass++)
      {
        JsonArray *items = pass == 0 ? a : b;
        JsonArray *others = pass == 0 ? b : a;

        for (guint i = 0; i < json_array_get_length (items); i++)
          {
            JsonNode *item = json_array_get_element (items, i);
            g_autofree char *key = NULL;
            JsonNode *other;

            if (type == STRATA_SANDBOX_LIST_MAP && JSON_NODE_HOLDS_OBJECT (item))
              {
                key = item_key (json_node_get_object (item), keys);
                other = find_item (others, json_node_get_object (item), keys);
              }
            else
              {
                key = value_key (item);
                other = find_value (others, item);
              }
            /* Items in both are compared once, from the first pass. */
            if (other != NULL && pass == 1)
              continue;
            if (type == STRATA_SANDBOX_LIST_MAP)
              diff_member (set, key, pass == 0 ? item : other, pass == 0 ? other : item, NULL, TRUE, mode);
            else if (other == NULL)
              ensure_child (set, key);
          }
      }
  }
}

JsonObject *
strata_sandbox_fieldset_diff (JsonNode                *before,
                              JsonNode                *after,
                              StrataSandboxFieldsMode  mode)
{
  JsonObject *set = json_object_new ();
  g_autoptr(JsonNode) empty = strata_sandbox_json_new_object ();

  diff_children (set, before ? before : empty, after ? after : empty, NULL, mode);
  return set;
}

/* Set algebra */

static void
append_path_element (GString    *path,
                     const char *key)
{
  if (g_str_has_prefix (key, "f:"))
    g_string_append_printf (path, ".%s", key + 2);
  else if (g_str_has_prefix (key, "v:"))
    g_string_append_printf (path, "[=%s]", key + 2);
  else if (g_str_has_prefix (key, "k:"))
    {
      g_autoptr(JsonNode) node = json_from_string (key + 2, NULL);
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;
      gboolean first = TRUE;

      g_string_append_c (path, '[');
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          json_object_iter_init_ordered (&iter, json_node_get_object (node));
          while (json_object_iter_next_ordered (&iter, &member, &value))
            {
              g_autofree char *text = json_to_string (value, FALSE);

              g_string_append_printf (path, "%s%s=%s", first ? "" : ",", member, text);
              first = FALSE;
            }
        }
      g_string_append_c (path, ']');
    }
}

static void
intersect (JsonObject *a,
           JsonObject *b,
           GString    *path,
           GPtrArray  *result)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, a);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      JsonObject *left, *right;
      gsize length = path->len;

      if (g_str_equal (key, ".") || !json_object_has_member (b, key) || !JSON_NODE_HOLDS_OBJECT (value))
        continue;
      left = json_node_get_object (value);
      right = json_object_get_object_member (b, key);
      append_path_element (path, key);
      if (is_member (left) && is_member (right))
        g_ptr_array_add (result, g_strdup (path->str));
      intersect (left, right, path, result);
      g_string_truncate (path, length);
    }
}

GPtrArray *
strata_sandbox_fieldset_intersection (JsonObject *a,
                                      JsonObject *b)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) path = g_string_new (NULL);

  intersect (a, b, path, result);
  return result;
}

void
strata_sandbox_fieldset_union (JsonObject *into,
                               JsonObject *other)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, other);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      JsonObject *target;
      JsonObject *source = json_node_get_object (value);

      if (!json_object_has_member (into, key))
        {
          json_object_set_member (into, key, strata_sandbox_json_copy (value));
          continue;
        }
      target = json_object_get_object_member (into, key);
      /* A bare member gaining children stays a member: mark it. */
      if ((json_object_get_size (target) == 0 && json_object_get_size (source) > 0) ||
          (json_object_get_size (source) == 0 && json_object_get_size (target) > 0))
        mark_dot (target);
      strata_sandbox_fieldset_union (target, source);
    }
}

void
strata_sandbox_fieldset_subtract (JsonObject *from,
                                  JsonObject *other)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, other);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      JsonObject *target, *source;

      if (!json_object_has_member (from, key))
        continue;
      if (g_str_equal (key, "."))
        {
          json_object_remove_member (from, ".");
          continue;
        }
      target = json_object_get_object_member (from, key);
      source = json_node_get_object (value);
      if (json_object_get_size (target) == 0)
        {
          if (is_member (source))
            json_object_remove_member (from, key);
          continue;
        }
      if (json_object_get_size (source) == 0)
        json_object_remove_member (target, ".");
      else
        strata_sandbox_fieldset_subtract (target, source);
      if (json_object_get_size (target) == 0)
        json_object_remove_member (from, key);
    }
}

gboolean
strata_sandbox_fieldset_is_empty (JsonObject *set)
{
  return set == NULL || json_object_get_size (set) == 0;
}

/* Pruning */

static gboolean
anyone_holds (GPtrArray *kept)
{
  for (guint i = 0; i < kept->len; i++)
    if (g_ptr_array_index (kept, i) != NULL)
      return TRUE;
  return FALSE;
}

static GPtrArray *
descend (GPtrArray  *kept,
         const char *key)
{
  GPtrArray *children = g_ptr_array_new ();

  for (guint i = 0; i < kept->len; i++)
    {
      JsonObject *set = g_ptr_array_index (kept, i);

      g_ptr_array_add (children, set && json_object_has_member (set, key)
                                   ? json_object_get_object_member (set, key) : NULL);
    }
  return children;
}

/* The child of @node a key names, and where it sits, to remove it. */
static JsonNode *
child_of (JsonNode   *node,
          const char *key,
          guint      *index)
{
  if (g_str_has_prefix (key, "f:") && JSON_NODE_HOLDS_OBJECT (node))
    return json_object_has_member (json_node_get_object (node), key + 2)
             ? json_object_get_member (json_node_get_object (node), key + 2) : NULL;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *items = json_node_get_array (node);
      g_autoptr(JsonNode) wanted = json_from_string (key + 2, NULL);

      for (guint i = 0; wanted != NULL && i < json_array_get_length (items); i++)
        {
          JsonNode *item = json_array_get_element (items, i);
          gboolean match = FALSE;

          if (g_str_has_prefix (key, "v:"))
            match = json_node_equal (item, wanted);
          else if (g_str_has_prefix (key, "k:") && JSON_NODE_HOLDS_OBJECT (item) && JSON_NODE_HOLDS_OBJECT (wanted))
            {
              g_autoptr(GList) names = json_object_get_members (json_node_get_object (wanted));
              g_autoptr(GPtrArray) keys = g_ptr_array_new ();

              for (GList *l = names; l != NULL; l = l->next)
                g_ptr_array_add (keys, l->data);
              g_ptr_array_add (keys, NULL);
              match = strata_sandbox_schema_item_matches (json_node_get_object (item), json_node_get_object (wanted),
                                                          (const char * const *)keys->pdata);
            }
          if (match)
            {
              *index = i;
              return item;
            }
        }
    }
  return NULL;
}

static void
remove_child (JsonNode   *node,
              const char *key,
              guint       index)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    json_object_remove_member (json_node_get_object (node), key + 2);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    json_array_remove_element (json_node_get_array (node), index);
}

static void
prune (JsonNode   *node,
       JsonObject *removed,
       GPtrArray  *kept)
{
  g_autoptr(GList) keys = json_object_get_members (removed);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonObject *entry = json_object_get_object_member (removed, key);
      g_autoptr(GPtrArray) below = NULL;
      JsonNode *child;
      guint index = 0;

      if (g_str_equal (key, ".") || !(child = child_of (node, key, &index)))
        continue;
      below = descend (kept, key);
      if (is_member (entry) && !anyone_holds (below))
        remove_child (node, key, index);
      else if (json_object_get_size (entry) > 0)
        prune (child, entry, below);
    }
}

void
strata_sandbox_fieldset_prune (JsonNode   *object,
                               JsonObject *removed,
                               GPtrArray  *kept)
{
  prune (object, removed, kept);
}

JsonNode *
strata_sandbox_fieldset_trackable (JsonNode *object)
{
  static const char * const untracked[] = {
    "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields",
    "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds",
  };
  JsonNode *copy = strata_sandbox_json_copy (object);
  JsonObject *root = json_node_get_object (copy);
  JsonObject *metadata;

  json_object_remove_member (root, "apiVersion");
  json_object_remove_member (root, "kind");
  if (json_object_has_member (root, "metadata") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "metadata")))
    {
      metadata = json_object_get_object_member (root, "metadata");
      for (guint i = 0; i < G_N_ELEMENTS (untracked); i++)
        json_object_remove_member (metadata, untracked[i]);
      if (json_object_get_size (metadata) == 0)
        json_object_remove_member (root, "metadata");
    }

  return copy;
}

JsonObject *
strata_sandbox_fieldset_intersect (JsonObject *a,
                                   JsonObject *b)
{
  JsonObject *result = json_object_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, a);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      JsonObject *left, *right, *child;

      if (g_str_equal (key, ".") || !json_object_has_member (b, key))
        continue;
      left = json_node_get_object (value);
      right = json_object_get_object_member (b, key);
      child = strata_sandbox_fieldset_intersect (left, right);
      if (is_member (left) && is_member (right))
        {
          if (json_object_get_size (child) > 0)
            mark_dot (child);
          json_object_set_object_member (result, key, child);
        }
      else if (json_object_get_size (child) > 0)
        json_object_set_object_member (result, key, child);
      else
        json_object_unref (child);
    }

  return result;
}

GPtrArray *
strata_sandbox_fieldset_paths (JsonObject *set)
{
  return strata_sandbox_fieldset_intersection (set, set);
}

JsonObject *
strata_sandbox_fieldset_copy (JsonObject *set)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), set);
  g_autoptr(JsonNode) copy = strata_sandbox_json_copy (node);

  return json_object_ref (json_node_get_object (copy));
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (a, b);
}

JsonObject *
strata_sandbox_fieldset_sorted (JsonObject *set)
{
  g_autoptr(GList) keys = g_list_sort (json_object_get_members (set), compare_keys);
  JsonObject *sorted = json_object_new ();

  /* The order kube-apiserver writes: ".", then f:, k:, v: by name. */
  for (GList *l = keys; l != NULL; l = l->next)
    json_object_set_object_member (sorted, l->data,
                                   strata_sandbox_fieldset_sorted (json_object_get_object_member (set, l->data)));
  return sorted;
}
