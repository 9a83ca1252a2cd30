/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The garbage collector and the namespace controller: dependents go with
 * their owners (background, foreground or orphaned, as the deletion asked),
 * and every namespace has its default ServiceAccount. The owner index is
 * kept from the store's signal, so finding an owner's dependents never
 * walks the whole store. */

#include "config.h"

#include "strata-sandbox-controllers-private.h"

#define FOREGROUND_FINALIZER "foregroundDeletion"
#define ORPHAN_FINALIZER     "orphan"
#define NAMESPACE_FINALIZER  "kubernetes"

static JsonArray *
owner_references (JsonObject *object)
{
  return strata_json_object_get_array (strata_json_object_get_object (object, "metadata"), "ownerReferences");
}

static JsonObject *
reference_at (JsonArray *references,
              guint      index)
{
  JsonNode *node = json_array_get_element (references, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonObject *
find_reference (JsonObject *object,
                const char *owner_uid)
{
  JsonArray *references = owner_references (object);

  for (guint i = 0; references != NULL && i < json_array_get_length (references); i++)
    {
      JsonObject *reference = reference_at (references, i);

      if (g_strcmp0 (strata_json_object_get_string (reference, "uid"), owner_uid) == 0)
        return reference;
    }

  return NULL;
}

static gboolean
blocks_owner_deletion (JsonObject *reference)
{
  JsonNode *node = json_object_get_member (reference, "blockOwnerDeletion");

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

/* Index */

void
_strata_sandbox_gc_unindex (StrataSandboxControllers *self,
                            const char               *key)
{
  char **uids = g_hash_table_lookup (self->owners, key);

  for (guint i = 0; uids != NULL && uids[i] != NULL; i++)
    {
      GHashTable *keys = g_hash_table_lookup (self->dependents, uids[i]);

      if (keys == NULL)
        continue;
      g_hash_table_remove (keys, key);
      if (g_hash_table_size (keys) == 0)
        g_hash_table_remove (self->dependents, uids[i]);
    }

  g_hash_table_remove (self->owners, key);
}

void
_strata_sandbox_gc_index (StrataSandboxControllers *self,
                          const char               *key,
                          JsonObject               *object)
{
  JsonArray *references = owner_references (object);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  char **uids;

  _strata_sandbox_gc_unindex (self, key);

  for (guint i = 0; references != NULL && i < json_array_get_length (references); i++)
    {
      const char *uid = strata_json_object_get_string (reference_at (references, i), "uid");
      GHashTable *keys;

      if (uid == NULL)
        continue;
      keys = g_hash_table_lookup (self->dependents, uid);
      if (keys == NULL)
        {
          keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (self->dependents, g_strdup (uid), keys);
        }
      g_hash_table_add (keys, g_strdup (key));
      g_strv_builder_add (builder, uid);
    }

  uids = g_strv_builder_end (builder);
  if (uids[0] != NULL)
    g_hash_table_insert (self->owners, g_strdup (key), uids);
  else
    g_strfreev (uids);
}

GPtrArray *
_strata_sandbox_gc_dependents_of (StrataSandboxControllers *self,
                                  const char               *uid)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  GHashTable *set = uid ? g_hash_table_lookup (self->dependents, uid) : NULL;
  GHashTableIter iter;
  gpointer key;

  if (set == NULL)
    return keys;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, g_strdup (key));
  g_ptr_array_sort (keys, (GCompareFunc)g_strcmp0);

  return keys;
}

/* Whether the owner @reference names (from a dependent in @namespace_)
 * exists with that uid. */
static gboolean
owner_exists (StrataSandboxControllers *self,
              JsonObject               *reference,
              const char               *namespace_)
{
  const char *api_version = strata_json_object_get_string (reference, "apiVersion");
  const char *kind = strata_json_object_get_string (reference, "kind");
  const char *name = strata_json_object_get_string (reference, "name");
  const char *uid = strata_json_object_get_string (reference, "uid");
  g_autoptr(JsonNode) owner = NULL;
  gboolean known;
  gboolean namespaced;

  if (api_version == NULL || kind == NULL || name == NULL)
    return FALSE;

  namespaced = _strata_sandbox_controllers_kind_is_namespaced (self, api_version, kind, &known);
  owner = _strata_sandbox_controllers_get (self, api_version, kind, namespaced ? namespace_ : NULL, name);
  /* An owner of a kind nobody told us about: cluster-scoped, perhaps. */
  if (owner == NULL && !known && namespace_ != NULL)
    owner = _strata_sandbox_controllers_get (self, api_version, kind, NULL, name);

  return owner != NULL && g_strcmp0 (_strata_sandbox_meta_get (json_node_get_object (owner), "uid"), uid) == 0;
}

/* Drops the references to @owner_uid from @node's object and writes it. */
static void
remove_reference (StrataSandboxControllers *self,
                  JsonNode                 *node,
                  const char               *owner_uid)
{
  JsonObject *metadata = strata_json_object_get_object (json_node_get_object (node), "metadata");
  JsonArray *references = strata_json_object_get_array (metadata, "ownerReferences");
  g_autoptr(JsonArray) kept = json_array_new ();
  g_autoptr(JsonNode) updated = NULL;

  for (guint i = 0; references != NULL && i < json_array_get_length (references); i++)
    if (g_strcmp0 (strata_json_object_get_string (reference_at (references, i), "uid"), owner_uid) != 0)
      json_array_add_element (kept, strata_sandbox_json_copy (json_array_get_element (references, i)));

  if (json_array_get_length (kept) > 0)
    json_object_set_array_member (metadata, "ownerReferences", g_steal_pointer (&kept));
  else
    json_object_remove_member (metadata, "ownerReferences");

  updated = _strata_sandbox_controllers_update (self, node);
}

static gboolean
has_finalizer (JsonObject *object,
               const char *finalizer)
{
  JsonArray *finalizers = strata_json_object_get_array (strata_json_object_get_object (object, "metadata"),
                                                        "finalizers");

  for (guint i = 0; finalizers != NULL && i < json_array_get_length (finalizers); i++)
    if (g_strcmp0 (_strata_sandbox_json_array_get_string (finalizers, i), finalizer) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
remove_finalizer (StrataSandboxControllers *self,
                  JsonNode                 *node,
                  const char               *member_path,
                  const char               *finalizer)
{
  JsonObject *holder = strata_json_object_get_object (json_node_get_object (node), member_path);
  JsonArray *finalizers = strata_json_object_get_array (holder, "finalizers");
  g_autoptr(JsonArray) kept = json_array_new ();
  g_autoptr(JsonNode) updated = NULL;
  gboolean found = FALSE;

  for (guint i = 0; finalizers != NULL && i < json_array_get_length (finalizers); i++)
    {
      JsonNode *element = json_array_get_element (finalizers, i);

      if (JSON_NODE_HOLDS_VALUE (element) && g_strcmp0 (json_node_get_string (element), finalizer) == 0)
        found = TRUE;
      else
        json_array_add_element (kept, strata_sandbox_json_copy (element));
    }

  if (!found)
    return FALSE;

  if (json_array_get_length (kept) > 0)
    json_object_set_array_member (holder, "finalizers", g_steal_pointer (&kept));
  else
    json_object_remove_member (holder, "finalizers");

  updated = _strata_sandbox_controllers_update (self, node);
  return updated != NULL;
}

/* Background deletion */

void
_strata_sandbox_gc_collect (StrataSandboxControllers *self,
                            const char               *owner_uid)
{
  g_autoptr(GPtrArray) keys = _strata_sandbox_gc_dependents_of (self, owner_uid);

  for (guint i = 0; i < keys->len; i++)
    {
      g_autoptr(JsonNode) node = _strata_sandbox_controllers_get_by_key (self, g_ptr_array_index (keys, i));
      JsonObject *dependent;
      JsonObject *reference;
      JsonArray *references;
      const char *namespace_;
      gboolean other_owner = FALSE;

      if (node == NULL)
        continue;
      dependent = json_node_get_object (node);
      namespace_ = _strata_sandbox_meta_get (dependent, "namespace");
      reference = find_reference (dependent, owner_uid);
      /* Queued when the owner was deleted; it may be back under the same
       * uid only if it never went (a restart's check found it). */
      if (reference == NULL || owner_exists (self, reference, namespace_))
        continue;

      references = owner_references (dependent);
      for (guint j = 0; j < json_array_get_length (references); j++)
        {
          JsonObject *other = reference_at (references, j);

          if (other != NULL && other != reference && owner_exists (self, other, namespace_))
            other_owner = TRUE;
        }

      /* As the real collector: a dependent another owner still holds only
       * loses the dangling reference. */
      if (other_owner)
        remove_reference (self, node, owner_uid);
      else if (!_strata_sandbox_is_being_deleted (dependent))
        _strata_sandbox_controllers_delete (self, dependent, "Background");
    }
}

void
_strata_sandbox_gc_check_owners (StrataSandboxControllers *self,
                                 JsonObject               *object)
{
  JsonArray *references = owner_references (object);
  const char *namespace_ = _strata_sandbox_meta_get (object, "namespace");

  for (guint i = 0; references != NULL && i < json_array_get_length (references); i++)
    {
      JsonObject *reference = reference_at (references, i);
      const char *uid = strata_json_object_get_string (reference, "uid");

      if (uid != NULL && !owner_exists (self, reference, namespace_))
        _strata_sandbox_controllers_schedule (self, "gc", uid, 0);
    }
}

/* Foreground deletion and orphaning */

static void
orphan_dependents (StrataSandboxControllers *self,
                   JsonNode                 *owner)
{
  const char *uid = _strata_sandbox_meta_get (json_node_get_object (owner), "uid");
  g_autoptr(GPtrArray) keys = _strata_sandbox_gc_dependents_of (self, uid);

  for (guint i = 0; i < keys->len; i++)
    {
      g_autoptr(JsonNode) node = _strata_sandbox_controllers_get_by_key (self, g_ptr_array_index (keys, i));

      if (node != NULL && find_reference (json_node_get_object (node), uid) != NULL)
        remove_reference (self, node, uid);
    }

  remove_finalizer (self, owner, "metadata", ORPHAN_FINALIZER);
}

static void
delete_dependents_first (StrataSandboxControllers *self,
                         JsonNode                 *owner)
{
  const char *uid = _strata_sandbox_meta_get (json_node_get_object (owner), "uid");
  g_autoptr(GPtrArray) keys = _strata_sandbox_gc_dependents_of (self, uid);
  guint blocking = 0;

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autoptr(JsonNode) node = _strata_sandbox_controllers_get_by_key (self, key);
      g_autoptr(JsonNode) remaining = NULL;
      JsonObject *dependent;
      JsonObject *reference;

      if (node == NULL)
        continue;
      dependent = json_node_get_object (node);
      reference = find_reference (dependent, uid);
      if (reference == NULL)
        continue;

      if (!_strata_sandbox_is_being_deleted (dependent))
        {
          g_autoptr(GPtrArray) grandchildren = _strata_sandbox_gc_dependents_of (self, _strata_sandbox_meta_get (dependent, "uid"));

          /* A dependent with dependents of its own goes in the foreground
           * too, so the owner waits for the whole tree. */
          _strata_sandbox_controllers_delete (self, dependent, grandchildren->len > 0 ? "Foreground" : "Background");
        }

      remaining = _strata_sandbox_controllers_get_by_key (self, key);
      if (remaining != NULL && blocks_owner_deletion (reference))
        blocking++;
    }

  if (blocking == 0)
    remove_finalizer (self, owner, "metadata", FOREGROUND_FINALIZER);
}

void
_strata_sandbox_gc_sync_finalizers (StrataSandboxControllers *self,
                                    JsonObject               *object)
{
  g_autofree char *key = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!_strata_sandbox_is_being_deleted (object))
    return;

  /* Work on a fresh copy: the caller's is only for reading. */
  key = _strata_sandbox_object_key_of (object);
  node = _strata_sandbox_controllers_get_by_key (self, key);
  if (node == NULL)
    return;

  if (has_finalizer (object, ORPHAN_FINALIZER))
    orphan_dependents (self, node);
  else if (has_finalizer (object, FOREGROUND_FINALIZER))
    delete_dependents_first (self, node);
}

/* Adoption */

/* A LabelSelector as the text a list takes; NULL when it is empty or not
 * one, as the controllers never adopt with a selector that takes all. */
static char *
selector_text (JsonObject *selector)
{
  JsonObject *labels = strata_json_object_get_object (selector, "matchLabels");
  JsonArray *expressions = strata_json_object_get_array (selector, "matchExpressions");
  g_autoptr(GPtrArray) requirements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) keys = labels ? json_object_get_members (labels) : NULL;

  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *value = strata_json_object_get_string (labels, l->data);

      if (value == NULL)
        return NULL;
      g_ptr_array_add (requirements, g_strdup_printf ("%s=%s", (char *)l->data, value));
    }

  for (guint i = 0; expressions != NULL && i < json_array_get_length (expressions); i++)
    {
      JsonNode *element = json_array_get_element (expressions, i);
      JsonObject *expression = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *key = strata_json_object_get_string (expression, "key");
      const char *operator = strata_json_object_get_string (expression, "operator");
      JsonArray *values = strata_json_object_get_array (expression, "values");
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;
      g_autofree char *joined = NULL;

      if (key == NULL || operator == NULL)
        return NULL;
      for (guint j = 0; values != NULL && j < json_array_get_length (values); j++)
        if (_strata_sandbox_json_array_get_string (values, j) != NULL)
          g_strv_builder_add (builder, _strata_sandbox_json_array_get_string (values, j));
      list = g_strv_builder_end (builder);
      joined = g_strjoinv (",", list);

      if (g_str_equal (operator, "In") || g_str_equal (operator, "NotIn"))
        g_ptr_array_add (requirements, g_strdup_printf ("%s %s (%s)", key, g_str_equal (operator, "In") ? "in" : "notin", joined));
      else if (g_str_equal (operator, "Exists"))
        g_ptr_array_add (requirements, g_strdup (key));
      else if (g_str_equal (operator, "DoesNotExist"))
        g_ptr_array_add (requirements, g_strdup_printf ("!%s", key));
      else
        return NULL;
    }

  if (requirements->len == 0)
    return NULL;

  g_ptr_array_add (requirements, NULL);
  return g_strjoinv (",", (char **)requirements->pdata);
}

void
_strata_sandbox_gc_adopt (StrataSandboxControllers *self,
                          JsonObject               *owner,
                          const char               *api_version,
                          const char               *kind,
                          JsonObject               *selector)
{
  g_autofree char *text = selector_text (selector);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  if (text == NULL || _strata_sandbox_is_being_deleted (owner))
    return;

  items = strata_sandbox_store_list (self->store, api_version, kind, _strata_sandbox_meta_get (owner, "namespace"), text, &error);
  if (items == NULL)
    {
      g_debug ("Could not list %s for %s: %s", kind, _strata_sandbox_meta_get (owner, "name"), error->message);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      JsonNode *node = g_ptr_array_index (items, i);
      JsonObject *orphan = json_node_get_object (node);
      JsonObject *metadata = _strata_sandbox_json_ensure_object (orphan, "metadata");
      JsonArray *references;
      g_autoptr(JsonNode) adopted = NULL;

      if (_strata_sandbox_controller_ref (orphan) != NULL || _strata_sandbox_is_being_deleted (orphan) ||
          (g_str_equal (kind, "Pod") && !_strata_sandbox_pod_is_active (orphan)))
        continue;

      references = strata_json_object_get_array (metadata, "ownerReferences");
      if (references == NULL)
        {
          references = json_array_new ();
          json_object_set_array_member (metadata, "ownerReferences", references);
        }
      json_array_add_element (references, _strata_sandbox_owner_reference_new (owner));
      adopted = _strata_sandbox_controllers_update (self, node);
    }
}

/* Namespaces */

static void
ensure_default_service_account (StrataSandboxControllers *self,
                                const char               *namespace_)
{
  g_autoptr(JsonNode) existing = _strata_sandbox_controllers_get (self, "v1", "ServiceAccount", namespace_, "default");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) created = NULL;
  JsonObject *object;
  JsonObject *metadata;

  if (existing != NULL)
    return;

  node = json_node_new (JSON_NODE_OBJECT);
  object = json_object_new ();
  json_node_take_object (node, object);
  json_object_set_string_member (object, "apiVersion", "v1");
  json_object_set_string_member (object, "kind", "ServiceAccount");
  metadata = _strata_sandbox_json_ensure_object (object, "metadata");
  json_object_set_string_member (metadata, "name", "default");
  json_object_set_string_member (metadata, "namespace", namespace_);

  created = _strata_sandbox_controllers_create (self, node);
}

/* Deletes what is left in a terminating namespace; returns how many
 * objects remain (held by finalizers). */
static guint
delete_contents (StrataSandboxControllers *self,
                 const char               *namespace_)
{
  g_autoptr(GPtrArray) kinds = _strata_sandbox_controllers_known_kinds (self, TRUE);
  guint remaining = 0;

  for (guint i = 0; i < kinds->len; i++)
    {
      char **kind = g_ptr_array_index (kinds, i);
      g_autoptr(GPtrArray) items = _strata_sandbox_controllers_list (self, kind[0], kind[1], namespace_);

      for (guint j = 0; j < items->len; j++)
        {
          JsonObject *item = json_node_get_object (g_ptr_array_index (items, j));
          g_autoptr(JsonNode) left = NULL;

          if (!_strata_sandbox_is_being_deleted (item))
            _strata_sandbox_controllers_delete (self, item, "Background");
          left = _strata_sandbox_controllers_get (self, kind[0], kind[1], namespace_, _strata_sandbox_meta_get (item, "name"));
          if (left != NULL)
            remaining++;
        }
    }

  return remaining;
}

void
_strata_sandbox_gc_sync_namespace (StrataSandboxControllers *self,
                                   const char               *name)
{
  g_autoptr(JsonNode) node = _strata_sandbox_controllers_get (self, "v1", "Namespace", NULL, name);
  JsonObject *object;

  if (node == NULL)
    return;
  object = json_node_get_object (node);

  if (!_strata_sandbox_is_being_deleted (object))
    {
      ensure_default_service_account (self, name);
      return;
    }

  if (g_strcmp0 (strata_json_object_get_string (strata_json_object_get_object (object, "status"), "phase"),
                 "Terminating") != 0)
    {
      g_autoptr(JsonNode) status = json_node_new (JSON_NODE_OBJECT);
      JsonObject *fields = json_object_new ();

      json_node_take_object (status, fields);
      json_object_set_string_member (fields, "phase", "Terminating");
      _strata_sandbox_controllers_write_status (self, node, status);
      g_clear_pointer (&node, json_node_unref);
      node = _strata_sandbox_controllers_get (self, "v1", "Namespace", NULL, name);
      if (node == NULL)
        return;
    }

  if (delete_contents (self, name) > 0)
    return;

  /* Empty: the namespace controller's finalizer lets it go. */
  g_clear_pointer (&node, json_node_unref);
  node = _strata_sandbox_controllers_get (self, "v1", "Namespace", NULL, name);
  if (node != NULL && !remove_finalizer (self, node, "spec", NAMESPACE_FINALIZER))
    {
      g_clear_pointer (&node, json_node_unref);
      node = _strata_sandbox_controllers_get (self, "v1", "Namespace", NULL, name);
      if (node != NULL)
        remove_finalizer (self, node, "metadata", NAMESPACE_FINALIZER);
    }
}
