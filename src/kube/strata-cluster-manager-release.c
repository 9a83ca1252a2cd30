/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What was applied to a cluster over time, and taking it all away again:
 * history and uninstall. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-apply-private.h"
#include "strata-cluster-connect.h"
#include "strata-cluster-manager-private.h"
#include "strata-json.h"
#include "strata-semver.h"

#define RECORD_SELECTOR    "strata.io/release"
#define DELETE_CONCURRENCY 8
#define DELETE_PROPAGATION "Background"

/* history */

static void
on_history_listed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GListModel) records = NULL;
  GError *error = NULL;

  if (!(records = strata_release_record_list_history_finish (result, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&records), g_object_unref);
}

static void
on_history_connected (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(StrataKubeClient) client = NULL;
  GError *error = NULL;

  if (!(client = _strata_cluster_manager_connect_finish (g_task_get_source_object (task), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  strata_release_record_list_history_async (client, g_task_get_cancellable (task), on_history_listed,
                                            g_object_ref (task));
}

void
strata_cluster_manager_history_async (StrataClusterManager *self,
                                      StrataCluster        *cluster,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (STRATA_IS_CLUSTER_MANAGER (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_cluster_manager_history_async);

  _strata_cluster_manager_connect_async (self, cluster, cancellable, on_history_connected, g_steal_pointer (&task));
}

/**
 * strata_cluster_manager_history_finish:
 *
 * Returns: (transfer full): StrataReleaseRecord items, newest first
 */
GListModel *
strata_cluster_manager_history_finish (StrataClusterManager  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_MANAGER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_cluster_manager_history_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
layer_name (JsonArray *layers,
            guint      index)
{
  return strata_json_object_get_string (json_array_get_object_element (layers, index), "name");
}

static gboolean
has_layer (JsonArray  *layers,
           const char *name)
{
  for (guint i = 0; i < json_array_get_length (layers); i++)
    if (g_strcmp0 (layer_name (layers, i), name) == 0)
      return TRUE;

  return FALSE;
}

static GHashTable *
inventory_keys (StrataReleaseRecord *record)
{
  JsonArray *inventory = strata_release_record_get_inventory (record);
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (inventory); i++)
    {
      JsonNode *entry = json_array_get_element (inventory, i);

      g_hash_table_add (keys, _strata_object_key (_strata_object_get_string (entry, "apiVersion"),
                                                  _strata_object_get_string (entry, "kind"),
                                                  _strata_object_get_string (entry, "namespace"),
                                                  _strata_object_get_string (entry, "name")));
    }

  return keys;
}

static guint
count_missing (GHashTable *keys,
               GHashTable *from)
{
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (from, key))
      n++;

  return n;
}

static void
describe_version (GPtrArray           *parts,
                  StrataReleaseRecord *record,
                  StrataReleaseRecord *previous)
{
  const char *version = strata_release_record_get_version (record);
  const char *before = strata_release_record_get_version (previous);

  if (g_strcmp0 (strata_release_record_get_profile_name (record), strata_release_record_get_profile_name (previous)) != 0)
    g_ptr_array_add (parts, g_strdup_printf (_("profile %s@%s replaces %s@%s"),
                                             strata_release_record_get_profile_name (record), version,
                                             strata_release_record_get_profile_name (previous), before));
  else if (g_strcmp0 (version, before) != 0)
    g_ptr_array_add (parts, g_strdup_printf (strata_semver_compare_strings (version, before) > 0
                                             ? _("upgrade %s → %s") : _("rollback %s → %s"),
                                             before, version));
  else if (strata_release_record_get_revision (record) != strata_release_record_get_revision (previous))
    g_ptr_array_add (parts, g_strdup_printf (_("in-place update: revision %u → %u"),
                                             strata_release_record_get_revision (previous),
                                             strata_release_record_get_revision (record)));
}

static void
describe_layers (GPtrArray           *parts,
                 StrataReleaseRecord *record,
                 StrataReleaseRecord *previous)
{
  JsonArray *layers = strata_release_record_get_layers (record);
  JsonArray *layers_before = strata_release_record_get_layers (previous);

  for (guint i = 0; i < json_array_get_length (layers); i++)
    {
      const char *name = layer_name (layers, i);

      if (!has_layer (layers_before, name))
        g_ptr_array_add (parts, g_strdup_printf (_("layer %s added"), name));
      else if (g_strcmp0 (strata_release_record_get_values (record, name),
                          strata_release_record_get_values (previous, name)) != 0)
        g_ptr_array_add (parts, g_strdup_printf (_("values of %s changed"), name));
    }

  for (guint i = 0; i < json_array_get_length (layers_before); i++)
    if (!has_layer (layers, layer_name (layers_before, i)))
      g_ptr_array_add (parts, g_strdup_printf (_("layer %s removed"), layer_name (layers_before, i)));
}

/**
 * strata_cluster_manager_describe_release:
 * @previous: (nullable): the release before @record
 *
 * Returns: (transfer full): what @record changed, in a line
 */
char *
strata_cluster_manager_describe_release (StrataReleaseRecord *record,
                                         StrataReleaseRecord *previous)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) keys = NULL;
  g_autoptr(GHashTable) keys_before = NULL;
  guint added, removed;

  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (record), NULL);
  g_return_val_if_fail (previous == NULL || STRATA_IS_RELEASE_RECORD (previous), NULL);

  /* Only the last STRATA_RELEASE_RECORD_HISTORY are kept: the oldest one
   * listed is not always the first. */
  if (previous == NULL && strata_release_record_get_number (record) > 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u object (the releases before this one are no longer kept)",
                                         "%u objects (the releases before this one are no longer kept)",
                                         json_array_get_length (strata_release_record_get_inventory (record))),
                            json_array_get_length (strata_release_record_get_inventory (record)));
  if (previous == NULL)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "first release: %u object", "first release: %u objects",
                                         json_array_get_length (strata_release_record_get_inventory (record))),
                            json_array_get_length (strata_release_record_get_inventory (record)));

  describe_version (parts, record, previous);
  describe_layers (parts, record, previous);

  keys = inventory_keys (record);
  keys_before = inventory_keys (previous);
  if ((added = count_missing (keys, keys_before)) > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u object added", "%u objects added", added),
                                             added));
  if ((removed = count_missing (keys_before, keys)) > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u object pruned", "%u objects pruned",
                                                          removed),
                                             removed));

  if (parts->len == 0)
    return g_strdup (_("applied again, nothing changed"));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("; ", (char **)parts->pdata);
}

/* uninstall */

typedef struct
{
  StrataClusterManager *self;      /* the task's source object */
  StrataKubeClient     *client;
  GPtrArray            *entries;   /* inventory entries of the current phase */
  GPtrArray            *later;     /* CRDs and namespaces, deleted last */
  GPtrArray            *secrets;   /* names of the release record Secrets */
  guint                 n_deleted;
} Uninstall;

static void
uninstall_free (Uninstall *uninstall)
{
  g_clear_object (&uninstall->client);
  g_clear_pointer (&uninstall->entries, g_ptr_array_unref);
  g_clear_pointer (&uninstall->later, g_ptr_array_unref);
  g_clear_pointer (&uninstall->secrets, g_ptr_array_unref);
  g_free (uninstall);
}

static void delete_entries (GTask *task);
static void list_secrets   (GTask *task);

static void
start_delete_entry (gpointer             data,
                    guint                index,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  Uninstall *uninstall = data;
  JsonNode *entry = g_ptr_array_index (uninstall->entries, index);

  strata_kube_client_delete_async (uninstall->client,
                                   _strata_object_get_string (entry, "apiVersion"),
                                   _strata_object_get_string (entry, "kind"),
                                   _strata_object_get_string (entry, "namespace"),
                                   _strata_object_get_string (entry, "name"),
                                   DELETE_PROPAGATION, 0, cancellable, callback, user_data);
}

/* Gone already, or its kind with its CRD: nothing left to delete. */
static gboolean
finish_delete (StrataKubeClient  *client,
               GAsyncResult      *result,
               gboolean          *deleted,
               GError           **error)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) local_error = NULL;

  *deleted = FALSE;
  if ((answer = strata_kube_client_delete_finish (client, result, &local_error)))
    {
      *deleted = TRUE;
      return TRUE;
    }

  if (g_error_matches (local_error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND) ||
      g_error_matches (local_error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
finish_delete_entry (gpointer       data,
                     guint          index,
                     GAsyncResult  *result,
                     GError       **error)
{
  Uninstall *uninstall = data;
  gboolean deleted;

  if (!finish_delete (uninstall->client, result, &deleted, error))
    return FALSE;

  if (deleted)
    {
      uninstall->n_deleted++;
      _strata_cluster_manager_emit_object_deleted (uninstall->self, g_ptr_array_index (uninstall->entries, index));
    }
  return TRUE;
}

static void
on_entries_deleted (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Uninstall *uninstall = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_strata_work_run_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (uninstall->later != NULL)
    {
      g_ptr_array_unref (uninstall->entries);
      uninstall->entries = g_steal_pointer (&uninstall->later);
      delete_entries (task);
      return;
    }

  list_secrets (task);
}

static void
delete_entries (GTask *task)
{
  Uninstall *uninstall = g_task_get_task_data (task);

  _strata_work_run_async (uninstall->entries->len, DELETE_CONCURRENCY, start_delete_entry, finish_delete_entry,
                          uninstall, g_task_get_cancellable (task), on_entries_deleted, g_object_ref (task));
}

/* Workloads and the rest first, newest first; then CRDs (after their
 * custom resources) and namespaces (after what is in them). */
static void
collect_entries (Uninstall           *uninstall,
                 StrataReleaseRecord *record)
{
  JsonArray *inventory = strata_release_record_get_inventory (record);

  for (guint i = json_array_get_length (inventory); i > 0; i--)
    {
      JsonNode *entry = json_array_get_element (inventory, i - 1);
      guint rank = strata_rendered_set_kind_rank (_strata_object_get_string (entry, "apiVersion"),
                                                  _strata_object_get_string (entry, "kind"));

      if (_strata_object_get_string (entry, "kind") == NULL || _strata_object_get_string (entry, "name") == NULL ||
          strata_release_record_entry_is_kept (entry))
        continue;
      g_ptr_array_add (rank <= 1 ? uninstall->later : uninstall->entries, json_node_ref (entry));
    }
}

static void
on_record_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Uninstall *uninstall = g_task_get_task_data (task);
  g_autoptr(StrataReleaseRecord) record = NULL;
  GError *error = NULL;

  record = strata_release_record_read_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (record != NULL)
    collect_entries (uninstall, record);
  delete_entries (task);
}

/* The release record Secrets: the current one and its history. */

static void
start_delete_secret (gpointer             data,
                     guint                index,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Uninstall *uninstall = data;

  strata_kube_client_delete_async (uninstall->client, "v1", "Secret", STRATA_RELEASE_RECORD_NAMESPACE,
                                   g_ptr_array_index (uninstall->secrets, index), NULL, 0,
                                   cancellable, callback, user_data);
}

static gboolean
finish_delete_secret (gpointer       data,
                      guint          index,
                      GAsyncResult  *result,
                      GError       **error)
{
  Uninstall *uninstall = data;
  gboolean deleted;

  return finish_delete (uninstall->client, result, &deleted, error);
}

static void
on_secrets_deleted (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!_strata_work_run_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_secrets_listed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Uninstall *uninstall = g_task_get_task_data (task);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;

  list = strata_kube_client_list_finish (uninstall->client, result, &error);
  if (list == NULL && !g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  uninstall->secrets = g_ptr_array_new_with_free_func (g_free);
  items = list ? strata_json_object_get_array (json_node_get_object (list), "items") : NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    g_ptr_array_add (uninstall->secrets, g_strdup (_strata_object_get_meta (json_array_get_element (items, i), "name")));

  _strata_work_run_async (uninstall->secrets->len, DELETE_CONCURRENCY, start_delete_secret, finish_delete_secret,
                          uninstall, g_task_get_cancellable (task), on_secrets_deleted, g_object_ref (task));
}

static void
list_secrets (GTask *task)
{
  Uninstall *uninstall = g_task_get_task_data (task);

  strata_kube_client_list_async (uninstall->client, "v1", "Secret", STRATA_RELEASE_RECORD_NAMESPACE, RECORD_SELECTOR, 0,
                                 g_task_get_cancellable (task), on_secrets_listed, g_object_ref (task));
}

static void
on_uninstall_connected (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Uninstall *uninstall = g_task_get_task_data (task);
  GError *error = NULL;

  if (!(uninstall->client = _strata_cluster_manager_connect_finish (g_task_get_source_object (task), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  strata_release_record_read_async (uninstall->client, g_task_get_cancellable (task), on_record_read,
                                    g_object_ref (task));
}

void
strata_cluster_manager_uninstall_async (StrataClusterManager *self,
                                        StrataCluster        *cluster,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Uninstall *uninstall;

  g_return_if_fail (STRATA_IS_CLUSTER_MANAGER (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_cluster_manager_uninstall_async);
  uninstall = g_new0 (Uninstall, 1);
  uninstall->self = self;
  uninstall->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  uninstall->later = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_task_set_task_data (task, uninstall, (GDestroyNotify)uninstall_free);

  _strata_cluster_manager_connect_async (self, cluster, cancellable, on_uninstall_connected, g_steal_pointer (&task));
}

gboolean
strata_cluster_manager_uninstall_finish (StrataClusterManager  *self,
                                         GAsyncResult          *result,
                                         guint                 *n_deleted,
                                         GError               **error)
{
  Uninstall *uninstall;

  g_return_val_if_fail (STRATA_IS_CLUSTER_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_cluster_manager_uninstall_async, FALSE);

  uninstall = g_task_get_task_data (G_TASK (result));
  if (n_deleted != NULL)
    *n_deleted = uninstall->n_deleted;

  return g_task_propagate_boolean (G_TASK (result), error);
}
