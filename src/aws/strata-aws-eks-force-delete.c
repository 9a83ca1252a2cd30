/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Force delete: after 15 minutes still deleting, Strata forgets the record
 * without waiting for AWS, and says what may be left in the account, named
 * as far as one last look at AWS can tell. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-aws-eks-clusters-private.h"
#include "strata-aws-eks.h"
#include "strata-aws-error.h"
#include "strata-json.h"

/* Force delete */

gboolean
strata_aws_eks_clusters_can_force_delete (StrataAwsEksClusters *self,
                                          StrataCluster        *cluster,
                                          GTimeSpan            *remaining)
{
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan elapsed;

  g_return_val_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self), FALSE);
  g_return_val_if_fail (STRATA_IS_CLUSTER (cluster), FALSE);

  if (remaining != NULL)
    *remaining = STRATA_AWS_EKS_FORCE_DELETE_AFTER;
  if (strata_cluster_get_lifecycle (cluster) != STRATA_CLUSTER_STATUS_DELETING)
    return FALSE;

  now = _strata_aws_eks_clusters_now (self);
  elapsed = g_date_time_difference (now, strata_cluster_get_lifecycle_since (cluster));
  if (remaining != NULL)
    *remaining = MAX (STRATA_AWS_EKS_FORCE_DELETE_AFTER - elapsed, 0);
  return elapsed >= STRATA_AWS_EKS_FORCE_DELETE_AFTER;
}

typedef struct
{
  StrataAwsClient *client;
  StrataCluster   *cluster;
  GPtrArray       *leftovers;  /* char *, a line each */
  JsonNode        *description;
} ForceData;

static void
force_data_free (ForceData *data)
{
  g_clear_object (&data->client);
  g_clear_object (&data->cluster);
  g_clear_pointer (&data->leftovers, g_ptr_array_unref);
  g_clear_pointer (&data->description, json_node_unref);
  g_free (data);
}

static void
force_removed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ForceData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!strata_cluster_store_remove_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  strata_cluster_set_status (data->cluster, STRATA_CLUSTER_STATUS_DELETED, NULL);
  g_ptr_array_add (data->leftovers, NULL);
  g_task_return_pointer (task, g_ptr_array_steal (data->leftovers, NULL), (GDestroyNotify)g_strfreev);
}

static char *
join_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strings = NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (json_node_get_value_type (json_array_get_element (array, i)) == G_TYPE_STRING)
      g_strv_builder_add (builder, json_array_get_string_element (array, i));
  strings = g_strv_builder_end (builder);
  return g_strjoinv (", ", strings);
}

/* What may be left, from whatever the last look at AWS found. */
static void
force_list_leftovers (GTask     *task,
                      JsonNode  *nodegroups,
                      GError    *nodegroups_error)
{
  StrataAwsEksClusters *self = g_task_get_source_object (task);
  ForceData *data = g_task_get_task_data (task);
  const char *name = strata_aws_eks_cluster_name (data->cluster);
  const char *region = strata_cluster_get_eks_region (data->cluster);
  JsonObject *cluster = NULL;
  JsonObject *vpc = NULL;
  JsonArray *groups = NULL;

  if (data->description != NULL)
    {
      cluster = strata_json_object_get_object (json_node_get_object (data->description), "cluster");
      vpc = strata_json_object_get_object (cluster, "resourcesVpcConfig");
    }
  if (nodegroups != NULL)
    groups = strata_json_object_get_array (json_node_get_object (nodegroups), "nodegroups");

  if (groups != NULL && json_array_get_length (groups) > 0)
    {
      g_autofree char *list = join_array (groups);
      g_ptr_array_add (data->leftovers, g_strdup_printf (_("node groups of %s in %s: %s"), name, region, list));
    }
  else if (nodegroups_error != NULL && !_strata_aws_eks_error_is_not_found (nodegroups_error))
    g_ptr_array_add (data->leftovers, g_strdup_printf (_("node groups of %s in %s (could not list them: %s)"),
                                                       name, region, nodegroups_error->message));

  if (cluster != NULL)
    g_ptr_array_add (data->leftovers, g_strdup_printf (_("EKS cluster %s (%s), %s"),
                                                       strata_cluster_get_eks_arn (data->cluster),
                                                       strata_json_object_get_string (cluster, "status"),
                                                       region));
  else if (data->description == NULL && nodegroups_error != NULL && _strata_aws_eks_error_is_not_found (nodegroups_error))
    ; /* AWS says the cluster is gone. */
  else
    g_ptr_array_add (data->leftovers, g_strdup_printf (_("EKS cluster %s, %s (AWS could not be asked)"),
                                                       strata_cluster_get_eks_arn (data->cluster), region));

  if (vpc != NULL)
    {
      g_autofree char *subnets = join_array (strata_json_object_get_array (vpc, "subnetIds"));
      g_ptr_array_add (data->leftovers,
                       g_strdup_printf (_("in VPC %s (subnets %s): load balancers, security groups and network interfaces made for %s"),
                                        strata_json_object_get_string (vpc, "vpcId"), subnets, name));
    }
  else if (!(nodegroups_error != NULL && _strata_aws_eks_error_is_not_found (nodegroups_error)))
    g_ptr_array_add (data->leftovers,
                     g_strdup_printf (_("in the cluster’s VPC: load balancers, security groups and network interfaces made for %s"),
                                      name));

  strata_cluster_store_remove_async (strata_aws_eks_clusters_get_store (self), data->cluster,
                                     g_task_get_cancellable (task), force_removed, g_object_ref (task));
}

static void
force_nodegroups_listed (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ForceData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = strata_aws_eks_list_nodegroups_finish (data->client, result, &error);
  force_list_leftovers (task, answer, error);
}

static void
force_described (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ForceData *data = g_task_get_task_data (task);

  /* Best effort: the record goes whatever AWS answers. */
  data->description = strata_aws_eks_describe_cluster_finish (data->client, result, NULL);
  strata_aws_eks_list_nodegroups_async (data->client, strata_aws_eks_cluster_name (data->cluster),
                                        g_task_get_cancellable (task), force_nodegroups_listed,
                                        g_object_ref (task));
}

void
strata_aws_eks_clusters_force_delete_async (StrataAwsEksClusters *self,
                                            StrataCluster        *cluster,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  GTimeSpan remaining;
  ForceData *data;

  g_return_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_aws_eks_clusters_force_delete_async);
  if (!_strata_aws_eks_cluster_check (cluster, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!strata_aws_eks_clusters_can_force_delete (self, cluster, &remaining))
    {
      if (strata_cluster_get_lifecycle (cluster) != STRATA_CLUSTER_STATUS_DELETING)
        g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                                 _("cluster “%s” is not being deleted: delete it first; force delete is for a deletion still not done after 15 minutes"),
                                 strata_cluster_get_name (cluster));
      else
        g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                                 _("cluster “%s” has been deleting for less than 15 minutes: force delete is offered in %d min %02d s"),
                                 strata_cluster_get_name (cluster),
                                 (int)(remaining / G_TIME_SPAN_MINUTE),
                                 (int)((remaining % G_TIME_SPAN_MINUTE) / G_TIME_SPAN_SECOND));
      return;
    }

  data = g_new0 (ForceData, 1);
  data->client = strata_aws_eks_clusters_new_client (self, strata_cluster_get_eks_region (cluster));
  data->cluster = g_object_ref (cluster);
  data->leftovers = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify)force_data_free);

  /* One try each, no backoff: force delete is for when AWS is stuck. */
  strata_aws_client_set_max_attempts (data->client, 1);
  strata_aws_eks_describe_cluster_async (data->client, strata_aws_eks_cluster_name (cluster), cancellable,
                                         force_described, g_steal_pointer (&task));
}

GStrv
strata_aws_eks_clusters_force_delete_finish (StrataAwsEksClusters  *self,
                                             GAsyncResult          *result,
                                             GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
