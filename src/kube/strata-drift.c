/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-apply-private.h"
#include "strata-drift.h"

typedef struct
{
  StrataKubeClient    *client;
  StrataReleaseRecord *record;
  GPtrArray           *changes;  /* StrataObjectChange or NULL, per object */
} Drift;

static void
drift_free (Drift *drift)
{
  g_clear_object (&drift->client);
  g_clear_object (&drift->record);
  g_clear_pointer (&drift->changes, g_ptr_array_unref);
  g_free (drift);
}

static void check_objects (GTask *task);

/* Step 1: the record, unless the caller has it */

static void
on_record_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Drift *drift = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!(drift->record = strata_release_record_read_finish (result, &error)))
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, g_list_store_new (STRATA_TYPE_OBJECT_CHANGE), g_object_unref);
      return;
    }

  check_objects (task);
}

/* Step 2: each object applied again by dry-run, against live */

static void
start_check (gpointer             data,
             guint                index,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  Drift *drift = data;

  _strata_object_probe_async (drift->client,
                              json_array_get_element (strata_release_record_get_objects (drift->record), index),
                              cancellable, callback, user_data);
}

static gboolean
finish_check (gpointer       data,
              guint          index,
              GAsyncResult  *result,
              GError       **error)
{
  Drift *drift = data;
  JsonNode *manifest = json_array_get_element (strata_release_record_get_objects (drift->record), index);
  JsonArray *inventory = strata_release_record_get_inventory (drift->record);
  JsonNode *entry = index < json_array_get_length (inventory) ? json_array_get_element (inventory, index) : NULL;
  const char *layer = _strata_object_get_string (entry, "layer");
  g_autoptr(JsonNode) live = NULL;
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(GError) local_error = NULL;
  StrataObjectChange *change;

  if (!_strata_object_probe_finish (result, &live, &merged, &local_error))
    {
      /* Its CRD is gone, and with it the object. */
      if (!g_error_matches (local_error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (live == NULL)
    {
      g_ptr_array_index (drift->changes, index) =
        strata_object_change_new (STRATA_OBJECT_ACTION_CREATE, layer, manifest, NULL, merged ? merged : manifest);
      return TRUE;
    }

  change = strata_object_change_new (STRATA_OBJECT_ACTION_CHANGE, layer, manifest, live, merged);
  if (merged == NULL || *strata_object_change_get_diff (change) == '\0')
    g_object_unref (change);
  else
    g_ptr_array_index (drift->changes, index) = change;

  return TRUE;
}

static void
on_objects_checked (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Drift *drift = g_task_get_task_data (task);
  g_autoptr(GListStore) drifted = g_list_store_new (STRATA_TYPE_OBJECT_CHANGE);
  g_autoptr(GError) error = NULL;

  if (!_strata_work_run_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < drift->changes->len; i++)
    if (g_ptr_array_index (drift->changes, i) != NULL)
      g_list_store_append (drifted, g_ptr_array_index (drift->changes, i));

  g_task_return_pointer (task, g_steal_pointer (&drifted), g_object_unref);
}

static void
check_objects (GTask *task)
{
  Drift *drift = g_task_get_task_data (task);
  guint n_objects = json_array_get_length (strata_release_record_get_objects (drift->record));

  g_ptr_array_set_size (drift->changes, n_objects);
  _strata_work_run_async (n_objects, MAX (strata_kube_client_get_max_concurrency (drift->client), 1),
                          start_check, finish_check, drift, g_task_get_cancellable (task),
                          on_objects_checked, g_object_ref (task));
}

void
strata_drift_detect_async (StrataKubeClient    *client,
                           StrataReleaseRecord *record,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Drift *drift;

  g_return_if_fail (STRATA_IS_KUBE_CLIENT (client));
  g_return_if_fail (record == NULL || STRATA_IS_RELEASE_RECORD (record));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_drift_detect_async);
  drift = g_new0 (Drift, 1);
  drift->client = g_object_ref (client);
  drift->record = record ? g_object_ref (record) : NULL;
  drift->changes = g_ptr_array_new_with_free_func (_strata_object_unref_nullable);
  g_task_set_task_data (task, drift, (GDestroyNotify)drift_free);

  if (record != NULL)
    check_objects (task);
  else
    strata_release_record_read_async (client, cancellable, on_record_read, g_steal_pointer (&task));
}

/**
 * strata_drift_detect_finish:
 *
 * Returns: (transfer full): a list model of StrataObjectChange
 */
GListModel *
strata_drift_detect_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_drift_detect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
