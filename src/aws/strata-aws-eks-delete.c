/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EKS delete: node groups first, then the cluster, polled until AWS says
 * they are gone. The record shows Deleting all along (with when it began,
 * for force delete), and keeps it on disk for the next session. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-aws-eks-clusters-private.h"
#include "strata-aws-eks.h"
#include "strata-aws-error.h"
#include "strata-core-error.h"
#include "strata-json.h"

/* Delete */

typedef struct
{
  StrataAwsClient *client;
  StrataCluster   *cluster;
  char            *name;
  gboolean         wait;
  GStrv            nodegroups;
  guint            index;
  guint            delay_ms;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_clear_object (&data->client);
  g_clear_object (&data->cluster);
  g_free (data->name);
  g_strfreev (data->nodegroups);
  g_free (data);
}

static void
delete_fail (GTask  *task,
             GError *error)
{
  DeleteData *data = g_task_get_task_data (task);

  strata_cluster_set_status (data->cluster, STRATA_CLUSTER_STATUS_DELETING, error->message);
  g_task_return_error (task, error);
}

static void
delete_record_removed (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!strata_cluster_store_remove_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  strata_cluster_set_status (data->cluster, STRATA_CLUSTER_STATUS_DELETED, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
delete_remove_record (GTask *task)
{
  StrataAwsEksClusters *self = g_task_get_source_object (task);
  DeleteData *data = g_task_get_task_data (task);

  strata_cluster_store_remove_async (strata_aws_eks_clusters_get_store (self), data->cluster,
                                     g_task_get_cancellable (task), delete_record_removed, g_object_ref (task));
}

static void delete_poll_cluster (GTask *task);

static void
delete_cluster_described (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *status;

  if (!(answer = strata_aws_eks_describe_cluster_finish (data->client, result, &error)))
    {
      if (_strata_aws_eks_error_is_not_found (error))
        delete_remove_record (task);
      else
        delete_fail (task, g_steal_pointer (&error));
      return;
    }

  status = _strata_aws_eks_answer_status (answer, "cluster");
  if (g_strcmp0 (status, "DELETING") == 0)
    _strata_aws_eks_poll_later (task, &data->delay_ms, delete_poll_cluster);
  else
    delete_fail (task, g_error_new (STRATA_AWS_ERROR, STRATA_AWS_ERROR_FAILED,
                                    _("EKS cluster “%s” is %s instead of being deleted"),
                                    data->name, status ? status : "?"));
}

static void
delete_poll_cluster (GTask *task)
{
  DeleteData *data = g_task_get_task_data (task);

  strata_aws_eks_describe_cluster_async (data->client, data->name, g_task_get_cancellable (task),
                                         delete_cluster_described, g_object_ref (task));
}

static void
delete_cluster_deleted (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = strata_aws_eks_delete_cluster_finish (data->client, result, &error);
  if (_strata_aws_eks_error_is_not_found (error))
    {
      delete_remove_record (task);
      return;
    }
  /* ResourceInUse: a delete is under way already (an earlier run). */
  if (error != NULL && !g_error_matches (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_IN_USE))
    {
      delete_fail (task, g_steal_pointer (&error));
      return;
    }

  if (!data->wait)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  data->delay_ms = 0;
  _strata_aws_eks_poll_later (task, &data->delay_ms, delete_poll_cluster);
}

static void
delete_cluster (GTask *task)
{
  DeleteData *data = g_task_get_task_data (task);

  strata_aws_eks_delete_cluster_async (data->client, data->name, g_task_get_cancellable (task),
                                       delete_cluster_deleted, g_object_ref (task));
}

static void delete_poll_nodegroups (GTask *task);

static void
delete_nodegroup_described (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *status;

  if (!(answer = strata_aws_eks_describe_nodegroup_finish (data->client, result, &error)))
    {
      if (!_strata_aws_eks_error_is_not_found (error))
        {
          delete_fail (task, g_steal_pointer (&error));
          return;
        }
      data->index++;
      data->delay_ms = 0;
      delete_poll_nodegroups (task);
      return;
    }

  status = _strata_aws_eks_answer_status (answer, "nodegroup");
  if (g_strcmp0 (status, "DELETING") == 0)
    _strata_aws_eks_poll_later (task, &data->delay_ms, delete_poll_nodegroups);
  else
    delete_fail (task, g_error_new (STRATA_AWS_ERROR, STRATA_AWS_ERROR_FAILED,
                                    _("node group “%s” of EKS cluster “%s” is %s instead of being deleted"),
                                    data->nodegroups[data->index], data->name, status ? status : "?"));
}

static void
delete_poll_nodegroups (GTask *task)
{
  DeleteData *data = g_task_get_task_data (task);

  if (data->nodegroups[data->index] == NULL)
    {
      delete_cluster (task);
      return;
    }

  strata_aws_eks_describe_nodegroup_async (data->client, data->name, data->nodegroups[data->index],
                                           g_task_get_cancellable (task),
                                           delete_nodegroup_described, g_object_ref (task));
}

static void delete_next_nodegroup (GTask *task);

static void
delete_nodegroup_deleted (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = strata_aws_eks_delete_nodegroup_finish (data->client, result, &error);
  /* Gone already, or being deleted by an earlier run: both fine. */
  if (error != NULL && !_strata_aws_eks_error_is_not_found (error) &&
      !g_error_matches (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_IN_USE))
    {
      delete_fail (task, g_steal_pointer (&error));
      return;
    }

  data->index++;
  delete_next_nodegroup (task);
}

static void
delete_next_nodegroup (GTask *task)
{
  DeleteData *data = g_task_get_task_data (task);

  if (data->nodegroups[data->index] != NULL)
    {
      strata_aws_eks_delete_nodegroup_async (data->client, data->name, data->nodegroups[data->index],
                                             g_task_get_cancellable (task),
                                             delete_nodegroup_deleted, g_object_ref (task));
      return;
    }

  if (data->index == 0)
    delete_cluster (task);
  else if (!data->wait)
    g_task_return_boolean (task, TRUE);
  else
    {
      data->index = 0;
      data->delay_ms = 0;
      _strata_aws_eks_poll_later (task, &data->delay_ms, delete_poll_nodegroups);
    }
}

static void
delete_nodegroups_listed (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  JsonArray *array;

  if (!(answer = strata_aws_eks_list_nodegroups_finish (data->client, result, &error)))
    {
      /* The cluster is gone already: only the record is left. */
      if (_strata_aws_eks_error_is_not_found (error))
        delete_remove_record (task);
      else
        delete_fail (task, g_steal_pointer (&error));
      return;
    }

  array = strata_json_object_get_array (json_node_get_object (answer), "nodegroups");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (json_node_get_value_type (json_array_get_element (array, i)) == G_TYPE_STRING)
      g_strv_builder_add (names, json_array_get_string_element (array, i));
  data->nodegroups = g_strv_builder_end (names);
  data->index = 0;
  delete_next_nodegroup (task);
}

static void
delete_list_nodegroups (GTask *task)
{
  DeleteData *data = g_task_get_task_data (task);

  strata_aws_eks_list_nodegroups_async (data->client, data->name, g_task_get_cancellable (task),
                                        delete_nodegroups_listed, g_object_ref (task));
}

static void
delete_marked (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!strata_cluster_store_save_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  delete_list_nodegroups (task);
}

void
strata_aws_eks_clusters_delete_async (StrataAwsEksClusters *self,
                                      StrataCluster        *cluster,
                                      gboolean              wait,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(StrataCluster) edited = NULL;
  g_autoptr(GDateTime) now = NULL;
  GError *error = NULL;
  DeleteData *data;

  g_return_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_aws_eks_clusters_delete_async);
  if (!_strata_aws_eks_cluster_check (cluster, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (DeleteData, 1);
  data->client = strata_aws_eks_clusters_new_client (self, strata_cluster_get_eks_region (cluster));
  data->cluster = g_object_ref (cluster);
  data->name = g_strdup (strata_aws_eks_cluster_name (cluster));
  data->wait = wait;
  g_task_set_task_data (task, data, (GDestroyNotify)delete_data_free);

  /* Deleting again goes on where it was, and keeps when it started: the
   * 15 minutes of force delete count from the first attempt. */
  if (strata_cluster_get_lifecycle (cluster) == STRATA_CLUSTER_STATUS_DELETING)
    {
      delete_list_nodegroups (task);
      return;
    }

  now = _strata_aws_eks_clusters_now (self);
  edited = strata_cluster_copy (cluster);
  strata_cluster_set_lifecycle (edited, STRATA_CLUSTER_STATUS_DELETING, now);
  strata_cluster_store_save_async (strata_aws_eks_clusters_get_store (self), edited, cancellable,
                                   delete_marked, g_steal_pointer (&task));
}

gboolean
strata_aws_eks_clusters_delete_finish (StrataAwsEksClusters  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
