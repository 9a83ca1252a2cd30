/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Release records in the cluster: read the current one, write the next
 * (with its history copy, trimming old ones), list the history. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-apply-private.h"
#include "strata-json.h"
#include "strata-release-record-private.h"

#define HISTORY_SELECTOR "strata.io/release=history"
#define RECORD_SELECTOR  "strata.io/release"
#define DELETE_CONCURRENCY 4

/* read */

static void
on_record_got (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) secret = NULL;
  g_autoptr(GError) error = NULL;
  StrataReleaseRecord *record;

  if (!(secret = strata_kube_client_get_finish (STRATA_KUBE_CLIENT (object), result, &error)))
    {
      /* No record (or not even its namespace): nothing was applied yet. */
      if (g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND))
        g_task_return_pointer (task, NULL, NULL);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!(record = strata_release_record_new_from_secret (secret, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, record, g_object_unref);
}

void
strata_release_record_read_async (StrataKubeClient    *client,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (STRATA_IS_KUBE_CLIENT (client));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_release_record_read_async);

  strata_kube_client_get_async (client, "v1", "Secret", STRATA_RELEASE_RECORD_NAMESPACE, STRATA_RELEASE_RECORD_NAME,
                                cancellable, on_record_got, g_steal_pointer (&task));
}

/**
 * strata_release_record_read_finish:
 *
 * Returns: (transfer full) (nullable): the current record, or %NULL (with
 *   @error unset) when the cluster has none
 */
StrataReleaseRecord *
strata_release_record_read_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_release_record_read_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The number of a record Secret in a list, from its data or its label. */
static guint
secret_number (JsonNode *secret)
{
  JsonObject *root = json_node_get_object (secret);
  const char *encoded = strata_json_object_get_string (strata_json_object_get_object (root, "data"), "number");
  const char *label = strata_json_object_get_string (strata_json_object_get_object (strata_json_object_get_object (root, "metadata"),
                                                                                    "labels"),
                                                     "strata.io/release-number");

  if (encoded != NULL)
    {
      gsize length;
      g_autofree guchar *decoded = g_base64_decode (encoded, &length);
      g_autofree char *text = g_strndup ((const char *)decoded, length);

      return (guint)g_ascii_strtoull (text, NULL, 10);
    }

  return label ? (guint)g_ascii_strtoull (label, NULL, 10) : 0;
}

/* write */

typedef struct
{
  StrataKubeClient *client;
  JsonArray        *secrets;   /* the record Secrets there were */
  GPtrArray        *obsolete;  /* names of history Secrets to delete */
  guint             number;
} Write;

static void
write_free (Write *write)
{
  g_object_unref (write->client);
  g_clear_pointer (&write->secrets, json_array_unref);
  g_clear_pointer (&write->obsolete, g_ptr_array_unref);
  g_free (write);
}

static void on_namespace_ready (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);
static void on_records_listed  (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);
static void on_history_written (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);
static void on_current_written (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);
static void delete_obsolete    (GTask        *task);

void
strata_release_record_write_async (StrataReleaseRecord *self,
                                   StrataKubeClient    *client,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) namespace_ = NULL;
  Write *write;

  g_return_if_fail (STRATA_IS_RELEASE_RECORD (self));
  g_return_if_fail (STRATA_IS_KUBE_CLIENT (client));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_release_record_write_async);
  write = g_new0 (Write, 1);
  write->client = g_object_ref (client);
  g_task_set_task_data (task, write, (GDestroyNotify)write_free);

  namespace_ = _strata_namespace_new (STRATA_RELEASE_RECORD_NAMESPACE);
  strata_kube_client_apply_async (client, namespace_, STRATA_FIELD_MANAGER, STRATA_KUBE_REQUEST_FORCE,
                                  cancellable, on_namespace_ready, g_steal_pointer (&task));
}

static void
on_namespace_ready (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Write *write = g_task_get_task_data (task);
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(GError) error = NULL;

  if (!(applied = strata_kube_client_apply_finish (STRATA_KUBE_CLIENT (object), result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  strata_kube_client_list_async (write->client, "v1", "Secret", STRATA_RELEASE_RECORD_NAMESPACE, RECORD_SELECTOR, 0,
                                 g_task_get_cancellable (task), on_records_listed, g_object_ref (task));
}

static void
on_records_listed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataReleaseRecord *self = g_task_get_source_object (task);
  Write *write = g_task_get_task_data (task);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  JsonArray *items;
  guint highest = 0;

  if (!(list = strata_kube_client_list_finish (STRATA_KUBE_CLIENT (object), result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  items = strata_json_object_get_array (json_node_get_object (list), "items");
  write->secrets = items ? json_array_ref (items) : json_array_new ();
  for (guint i = 0; i < json_array_get_length (write->secrets); i++)
    highest = MAX (highest, secret_number (json_array_get_element (write->secrets, i)));

  write->number = highest + 1;
  _strata_release_record_mark_written (self, write->number);

  name = g_strdup_printf ("%s-v%u", STRATA_RELEASE_RECORD_NAME, write->number);
  secret = strata_release_record_to_secret (self, name);
  strata_kube_client_apply_async (write->client, secret, STRATA_FIELD_MANAGER, STRATA_KUBE_REQUEST_FORCE,
                                  g_task_get_cancellable (task), on_history_written, g_object_ref (task));
}

static void
on_history_written (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataReleaseRecord *self = g_task_get_source_object (task);
  Write *write = g_task_get_task_data (task);
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(JsonNode) secret = NULL;
  g_autoptr(GError) error = NULL;

  if (!(applied = strata_kube_client_apply_finish (STRATA_KUBE_CLIENT (object), result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  secret = strata_release_record_to_secret (self, STRATA_RELEASE_RECORD_NAME);
  strata_kube_client_apply_async (write->client, secret, STRATA_FIELD_MANAGER, STRATA_KUBE_REQUEST_FORCE,
                                  g_task_get_cancellable (task), on_current_written, g_object_ref (task));
}

static void
on_current_written (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(GError) error = NULL;

  if (!(applied = strata_kube_client_apply_finish (STRATA_KUBE_CLIENT (object), result, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    delete_obsolete (task);
}

static void
start_delete_obsolete (gpointer             data,
                       guint                index,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Write *write = data;

  strata_kube_client_delete_async (write->client, "v1", "Secret", STRATA_RELEASE_RECORD_NAMESPACE,
                                   g_ptr_array_index (write->obsolete, index), NULL, 0,
                                   cancellable, callback, user_data);
}

static gboolean
finish_delete_obsolete (gpointer       data,
                        guint          index,
                        GAsyncResult  *result,
                        GError       **error)
{
  Write *write = data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) local_error = NULL;

  if ((answer = strata_kube_client_delete_finish (write->client, result, &local_error)) ||
      g_error_matches (local_error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
on_obsolete_deleted (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!_strata_work_run_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Only the last STRATA_RELEASE_RECORD_HISTORY records stay. */
static void
delete_obsolete (GTask *task)
{
  Write *write = g_task_get_task_data (task);

  write->obsolete = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (write->secrets); i++)
    {
      JsonNode *secret = json_array_get_element (write->secrets, i);
      const char *name = _strata_object_get_meta (secret, "name");

      if (g_strcmp0 (name, STRATA_RELEASE_RECORD_NAME) != 0 &&
          secret_number (secret) + STRATA_RELEASE_RECORD_HISTORY <= write->number)
        g_ptr_array_add (write->obsolete, g_strdup (name));
    }

  _strata_work_run_async (write->obsolete->len, DELETE_CONCURRENCY, start_delete_obsolete, finish_delete_obsolete,
                          write, g_task_get_cancellable (task), on_obsolete_deleted, g_object_ref (task));
}

gboolean
strata_release_record_write_finish (StrataReleaseRecord  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_release_record_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* history */

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  guint number_a = strata_release_record_get_number ((StrataReleaseRecord *)a);
  guint number_b = strata_release_record_get_number ((StrataReleaseRecord *)b);

  return number_a < number_b ? 1 : number_a > number_b ? -1 : 0;
}

static void
on_history_listed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GListStore) records = g_list_store_new (STRATA_TYPE_RELEASE_RECORD);
  g_autoptr(GError) error = NULL;
  JsonArray *items;

  if (!(list = strata_kube_client_list_finish (STRATA_KUBE_CLIENT (object), result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  items = strata_json_object_get_array (json_node_get_object (list), "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      g_autoptr(StrataReleaseRecord) record = NULL;
      g_autoptr(GError) record_error = NULL;

      /* One damaged record does not hide the others. */
      if ((record = strata_release_record_new_from_secret (json_array_get_element (items, i), &record_error)))
        g_list_store_insert_sorted (records, record, compare_newest_first, NULL);
      else
        g_debug ("Skipping a history record: %s", record_error->message);
    }

  g_task_return_pointer (task, g_steal_pointer (&records), g_object_unref);
}

void
strata_release_record_list_history_async (StrataKubeClient    *client,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (STRATA_IS_KUBE_CLIENT (client));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_release_record_list_history_async);

  strata_kube_client_list_async (client, "v1", "Secret", STRATA_RELEASE_RECORD_NAMESPACE, HISTORY_SELECTOR, 0,
                                 cancellable, on_history_listed, g_steal_pointer (&task));
}

/**
 * strata_release_record_list_history_finish:
 *
 * Returns: (transfer full): a list model of StrataReleaseRecord, newest first
 */
GListModel *
strata_release_record_list_history_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_release_record_list_history_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
