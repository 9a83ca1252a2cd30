/* SPDX-License-Identifier: GPL-3.0-or-later */
/* StrataSandboxStore's writes: what the API machinery does to an object on
 * its way into storage (identity, generation, finalizers, namespaces). */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "strata-json.h"
#include "strata-sandbox-json.h"
#include "strata-sandbox-store-private.h"

#define meta_string _strata_sandbox_meta_string
#define object_string _strata_sandbox_object_string
#define metadata_of _strata_sandbox_metadata_of

static gboolean
has_members (JsonNode *object)
{
  return object != NULL && JSON_NODE_HOLDS_OBJECT (object) && metadata_of (object) != NULL &&
         object_string (object, "apiVersion") != NULL && object_string (object, "kind") != NULL;
}

static gboolean
check_shape (JsonNode  *object,
             GError   **error)
{
  if (!has_members (object))
    {
      g_set_error_literal (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_BAD_REQUEST,
                           _("The object needs apiVersion, kind and metadata"));
      return FALSE;
    }

  return TRUE;
}

/* The same suffix alphabet as the API server: no vowels, no look-alikes. */
static char *
generate_name (const char *prefix)
{
  static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  GString *name = g_string_new (prefix);

  for (guint i = 0; i < 5; i++)
    g_string_append_c (name, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);
  return g_string_free (name, FALSE);
}

/* Everything but metadata and status: what bumps generation. */
static gboolean
same_spec (JsonNode *a,
           JsonNode *b)
{
  g_autoptr(JsonNode) left = strata_sandbox_json_copy (a);
  g_autoptr(JsonNode) right = strata_sandbox_json_copy (b);

  for (guint i = 0; i < 2; i++)
    {
      JsonObject *object = json_node_get_object (i == 0 ? left : right);

      json_object_remove_member (object, "metadata");
      json_object_remove_member (object, "status");
    }

  return json_node_equal (left, right);
}

/* Equal but for what the server itself changes on every write. */
static gboolean
same_object (JsonNode *a,
             JsonNode *b)
{
  g_autoptr(JsonNode) left = strata_sandbox_json_copy (a);
  g_autoptr(JsonNode) right = strata_sandbox_json_copy (b);

  /* The time of a managedFields entry alone is no change either. */
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *metadata = metadata_of (i == 0 ? left : right);
      JsonArray *managed = strata_json_object_get_array (metadata, "managedFields");

      json_object_remove_member (metadata, "resourceVersion");
      for (guint j = 0; managed != NULL && j < json_array_get_length (managed); j++)
        {
          JsonObject *entry = json_array_get_object_element (managed, j);

          if (entry != NULL)
            json_object_remove_member (entry, "time");
        }
    }

  return json_node_equal (left, right);
}

static gboolean
has_generation (JsonNode *object)
{
  return json_object_has_member (json_node_get_object (object), "spec");
}

static JsonNode *
find_namespace (StrataSandboxStore *self,
                const char         *name)
{
  return _strata_sandbox_store_lookup (self, "v1", "Namespace", NULL, name);
}

static gboolean
is_terminating (JsonNode *object)
{
  return meta_string (object, "deletionTimestamp") != NULL;
}

static JsonArray *
finalizers_of (JsonNode *object)
{
  return strata_json_object_get_array (metadata_of (object), "finalizers");
}

static gboolean
has_finalizers (JsonNode *object)
{
  JsonArray *finalizers = finalizers_of (object);

  return finalizers != NULL && json_array_get_length (finalizers) > 0;
}

JsonNode *
strata_sandbox_store_create_full (StrataSandboxStore       *self,
                                  JsonNode                 *object,
                                  StrataSandboxWriteFlags   flags,
                                  GError                  **error)
{
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *now = NULL;
  JsonObject *metadata;
  const char *namespace_;
  const char *name;

  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (self), NULL);

  if (!check_shape (object, error))
    return NULL;

  copy = strata_sandbox_json_copy (object);
  metadata = metadata_of (copy);
  namespace_ = meta_string (copy, "namespace");
  if (namespace_ != NULL && *namespace_ == '\0')
    {
      json_object_remove_member (metadata, "namespace");
      namespace_ = NULL;
    }

  if (namespace_ != NULL)
    {
      JsonNode *owner = find_namespace (self, namespace_);

      if (owner == NULL)
        {
          g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_NOT_FOUND,
                       "namespaces \"%s\" not found", namespace_);
          return NULL;
        }
      if (is_terminating (owner))
        {
          g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_FORBIDDEN,
                       "unable to create new content in namespace %s because it is being terminated",
                       namespace_);
          return NULL;
        }
    }

  name = meta_string (copy, "name");
  if ((name == NULL || *name == '\0') && meta_string (copy, "generateName") != NULL)
    {
      do
        {
          g_autofree char *generated = generate_name (meta_string (copy, "generateName"));

          json_object_set_string_member (metadata, "name", generated);
        }
      while (_strata_sandbox_store_lookup (self, object_string (copy, "apiVersion"), object_string (copy, "kind"),
                                           namespace_, meta_string (copy, "name")) != NULL);
      name = meta_string (copy, "name");
    }
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_INVALID,
                           "metadata.name: Required value: name or generateName is required");
      return NULL;
    }

  if (_strata_sandbox_store_lookup (self, object_string (copy, "apiVersion"), object_string (copy, "kind"),
                                    namespace_, name) != NULL)
    {
      g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_ALREADY_EXISTS,
                   "%s \"%s\" already exists", object_string (copy, "kind"), name);
      return NULL;
    }

  uid = g_uuid_string_random ();
  now = _strata_sandbox_now_timestamp ();
  json_object_set_string_member (metadata, "uid", uid);
  json_object_set_string_member (metadata, "creationTimestamp", now);
  json_object_remove_member (metadata, "resourceVersion");
  json_object_remove_member (metadata, "deletionTimestamp");
  json_object_remove_member (metadata, "deletionGracePeriodSeconds");
  json_object_remove_member (metadata, "generation");
  if (has_generation (copy))
    json_object_set_int_member (metadata, "generation", 1);

  if (flags & STRATA_SANDBOX_WRITE_DRY_RUN)
    return g_steal_pointer (&copy);

  return _strata_sandbox_store_commit_put (self, g_steal_pointer (&copy), "ADDED", error);
}

JsonNode *
strata_sandbox_store_create (StrataSandboxStore  *self,
                             JsonNode            *object,
                             GError             **error)
{
  return strata_sandbox_store_create_full (self, object, STRATA_SANDBOX_WRITE_DEFAULT, error);
}

/* A namespace being deleted goes when nothing is left in it. */
static gboolean
finish_namespace (StrataSandboxStore  *self,
                  const char          *namespace_,
                  GError             **error)
{
  g_autoptr(GPtrArray) remaining = NULL;
  g_autoptr(JsonNode) removed = NULL;
  JsonNode *owner;

  if (namespace_ == NULL || (owner = find_namespace (self, namespace_)) == NULL || !is_terminating (owner) ||
      has_finalizers (owner))
    return TRUE;

  remaining = _strata_sandbox_store_list_namespace (self, namespace_);
  if (remaining->len > 0)
    return TRUE;

  removed = _strata_sandbox_store_commit_remove (self, owner, error);
  return removed != NULL;
}

static JsonNode *
finish_write (StrataSandboxStore       *self,
              JsonNode                 *stored,
              JsonNode                 *updated,
              StrataSandboxWriteFlags   flags,
              GError                  **error)
{
  g_autoptr(JsonNode) owned = updated;
  JsonNode *result;
  g_autofree char *namespace_ = NULL;

  if (same_object (stored, owned))
    return strata_sandbox_json_copy (stored);

  if (has_generation (owned))
    {
      gint64 generation = json_object_get_int_member_with_default (metadata_of (stored), "generation", 1);

      json_object_set_int_member (metadata_of (owned), "generation",
                                  same_spec (stored, owned) ? generation : generation + 1);
    }

  if (flags & STRATA_SANDBOX_WRITE_DRY_RUN)
    return g_steal_pointer (&owned);

  /* The last finalizer of an object being deleted is gone: so is it. */
  if (is_terminating (owned) && !has_finalizers (owned) &&
      !(g_str_equal (object_string (owned, "kind"), "Namespace") && _strata_sandbox_object_string (owned, "apiVersion") &&
        g_str_equal (object_string (owned, "apiVersion"), "v1")))
    {
      namespace_ = g_strdup (meta_string (owned, "namespace"));
      result = _strata_sandbox_store_commit_remove (self, owned, error);
      if (result != NULL && !finish_namespace (self, namespace_, error))
        g_clear_pointer (&result, json_node_unref);
      return result;
    }

  result = _strata_sandbox_store_commit_put (self, g_steal_pointer (&owned), "MODIFIED", error);
  if (result != NULL && g_str_equal (object_string (result, "kind"), "Namespace") &&
      !finish_namespace (self, meta_string (result, "name"), error))
    g_clear_pointer (&result, json_node_unref);
  return result;
}

static JsonNode *
find_for_update (StrataSandboxStore  *self,
                 JsonNode            *object,
                 GError             **error)
{
  const char *wanted;
  const char *current;
  JsonNode *stored;

  if (!check_shape (object, error))
    return NULL;

  stored = _strata_sandbox_store_lookup (self, object_string (object, "apiVersion"), object_string (object, "kind"),
                                         meta_string (object, "namespace"), meta_string (object, "name"));
  if (stored == NULL)
    {
      g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_NOT_FOUND,
                   "%s \"%s\" not found", object_string (object, "kind"),
                   meta_string (object, "name") ? meta_string (object, "name") : "");
      return NULL;
    }

  wanted = meta_string (object, "resourceVersion");
  current = meta_string (stored, "resourceVersion");
  if (wanted != NULL && *wanted != '\0' && g_strcmp0 (wanted, current) != 0)
    {
      g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_CONFLICT,
                   "Operation cannot be fulfilled on %s \"%s\": the object has been modified; "
                   "please apply your changes to the latest version and try again",
                   object_string (object, "kind"), meta_string (object, "name"));
      return NULL;
    }

  return stored;
}

static void
copy_member (JsonObject *to,
             JsonObject *from,
             const char *member)
{
  if (json_object_has_member (from, member))
    json_object_set_member (to, member, strata_sandbox_json_copy (json_object_get_member (from, member)));
  else
    json_object_remove_member (to, member);
}

JsonNode *
strata_sandbox_store_update_full (StrataSandboxStore       *self,
                                  JsonNode                 *object,
                                  StrataSandboxWriteFlags   flags,
                                  GError                  **error)
{
  static const char * const kept[] = {
    "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion",
  };
  g_autoptr(JsonNode) updated = NULL;
  JsonNode *stored;

  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (self), NULL);

  stored = find_for_update (self, object, error);
  if (stored == NULL)
    return NULL;

  updated = strata_sandbox_json_copy (object);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    copy_member (metadata_of (updated), metadata_of (stored), kept[i]);
  if (!(flags & STRATA_SANDBOX_WRITE_WITH_STATUS))
    copy_member (json_node_get_object (updated), json_node_get_object (stored), "status");

  return finish_write (self, stored, g_steal_pointer (&updated), flags, error);
}

JsonNode *
strata_sandbox_store_update (StrataSandboxStore  *self,
                             JsonNode            *object,
                             GError             **error)
{
  return strata_sandbox_store_update_full (self, object, STRATA_SANDBOX_WRITE_DEFAULT, error);
}

JsonNode *
strata_sandbox_store_update_status_full (StrataSandboxStore       *self,
                                         JsonNode                 *object,
                                         StrataSandboxWriteFlags   flags,
                                         GError                  **error)
{
  g_autoptr(JsonNode) updated = NULL;
  JsonNode *stored;

  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (self), NULL);

  stored = find_for_update (self, object, error);
  if (stored == NULL)
    return NULL;

  updated = strata_sandbox_json_copy (stored);
  copy_member (json_node_get_object (updated), json_node_get_object (object), "status");
  if (json_object_has_member (metadata_of (object), "managedFields"))
    copy_member (metadata_of (updated), metadata_of (object), "managedFields");

  return finish_write (self, stored, g_steal_pointer (&updated), flags, error);
}

JsonNode *
strata_sandbox_store_update_status (StrataSandboxStore  *self,
                                    JsonNode            *object,
                                    GError             **error)
{
  return strata_sandbox_store_update_status_full (self, object, STRATA_SANDBOX_WRITE_DEFAULT, error);
}

static void
add_finalizer (JsonNode   *object,
               const char *finalizer)
{
  JsonArray *finalizers = finalizers_of (object);

  if (finalizers == NULL)
    {
      finalizers = json_array_new ();
      json_object_set_array_member (metadata_of (object), "finalizers", finalizers);
    }
  for (guint i = 0; i < json_array_get_length (finalizers); i++)
    if (g_strcmp0 (json_array_get_string_element (finalizers, i), finalizer) == 0)
      return;
  json_array_add_string_element (finalizers, finalizer);
}

static void
mark_deleted (JsonNode *object)
{
  g_autofree char *now = _strata_sandbox_now_timestamp ();

  json_object_set_string_member (metadata_of (object), "deletionTimestamp", now);
  json_object_set_int_member (metadata_of (object), "deletionGracePeriodSeconds", 0);
}

/* What the namespace controller does: Terminating, then everything in it
 * deleted, then the namespace itself when nothing is held by a finalizer. */
static JsonNode *
delete_namespace (StrataSandboxStore       *self,
                  JsonNode                 *stored,
                  StrataSandboxWriteFlags   flags,
                  GError                  **error)
{
  g_autoptr(JsonNode) marked = strata_sandbox_json_copy (stored);
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GPtrArray) contents = NULL;
  g_autofree char *name = g_strdup (meta_string (stored, "name"));
  JsonObject *status;

  mark_deleted (marked);
  status = strata_json_object_get_object (json_node_get_object (marked), "status");
  if (status == NULL)
    {
      status = json_object_new ();
      json_object_set_object_member (json_node_get_object (marked), "status", status);
    }
  json_object_set_string_member (status, "phase", "Terminating");

  if (flags & STRATA_SANDBOX_WRITE_DRY_RUN)
    return g_steal_pointer (&marked);

  result = _strata_sandbox_store_commit_put (self, g_steal_pointer (&marked), "MODIFIED", error);
  if (result == NULL)
    return NULL;

  contents = _strata_sandbox_store_list_namespace (self, name);
  for (guint i = 0; i < contents->len; i++)
    {
      JsonNode *item = g_ptr_array_index (contents, i);
      g_autoptr(JsonNode) gone = NULL;
      g_autoptr(GError) local_error = NULL;

      gone = strata_sandbox_store_delete_full (self, object_string (item, "apiVersion"), object_string (item, "kind"),
                                               name, meta_string (item, "name"), "Background", flags, &local_error);
      /* Gone meanwhile (a handler of an earlier deletion took it) is fine. */
      if (gone == NULL && !g_error_matches (local_error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (!finish_namespace (self, name, error))
    return NULL;
  return g_steal_pointer (&result);
}

JsonNode *
strata_sandbox_store_delete_full (StrataSandboxStore       *self,
                                  const char               *api_version,
                                  const char               *kind,
                                  const char               *namespace_,
                                  const char               *name,
                                  const char               *propagation_policy,
                                  StrataSandboxWriteFlags   flags,
                                  GError                  **error)
{
  g_autoptr(JsonNode) marked = NULL;
  g_autofree char *owner_namespace = g_strdup (namespace_);
  JsonNode *stored;
  JsonNode *result;

  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (self), NULL);
  g_return_val_if_fail (api_version != NULL && kind != NULL && name != NULL, NULL);

  stored = _strata_sandbox_store_lookup (self, api_version, kind, namespace_, name);
  if (stored == NULL)
    {
      g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_NOT_FOUND,
                   "%s \"%s\" not found", kind, name);
      return NULL;
    }

  if (is_terminating (stored))
    return strata_sandbox_json_copy (stored);

  if (g_str_equal (kind, "Namespace") && g_str_equal (api_version, "v1"))
    return delete_namespace (self, stored, flags, error);

  marked = strata_sandbox_json_copy (stored);
  if (g_strcmp0 (propagation_policy, "Foreground") == 0)
    add_finalizer (marked, "foregroundDeletion");
  else if (g_strcmp0 (propagation_policy, "Orphan") == 0)
    add_finalizer (marked, "orphan");

  if (has_finalizers (marked))
    {
      mark_deleted (marked);
      if (flags & STRATA_SANDBOX_WRITE_DRY_RUN)
        return g_steal_pointer (&marked);
      return _strata_sandbox_store_commit_put (self, g_steal_pointer (&marked), "MODIFIED", error);
    }

  if (flags & STRATA_SANDBOX_WRITE_DRY_RUN)
    return strata_sandbox_json_copy (stored);

  result = _strata_sandbox_store_commit_remove (self, stored, error);
  if (result != NULL && !finish_namespace (self, owner_namespace, error))
    g_clear_pointer (&result, json_node_unref);
  return result;
}

JsonNode *
strata_sandbox_store_delete (StrataSandboxStore  *self,
                             const char          *api_version,
                             const char          *kind,
                             const char          *namespace_,
                             const char          *name,
                             const char          *propagation_policy,
                             GError             **error)
{
  return strata_sandbox_store_delete_full (self, api_version, kind, namespace_, name, propagation_policy,
                                           STRATA_SANDBOX_WRITE_DEFAULT, error);
}
