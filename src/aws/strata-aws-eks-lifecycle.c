/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EKS create, which waits for AWS: DescribeCluster and DescribeNodegroup
 * again and again, each time a little later, until the resources are
 * ACTIVE. The record shows Provisioning all along, and keeps it on disk for
 * the next session. Delete, which waits the same way, is in
 * strata-aws-eks-delete.c. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-aws-eks-clusters-private.h"
#include "strata-aws-eks.h"
#include "strata-aws-error.h"
#include "strata-core-error.h"
#include "strata-json.h"
#include "strata-profile.h"
#include "strata-yaml.h"

/* Polling */

typedef struct
{
  GTask *task;
  StrataAwsEksPollStep step;
} Later;

static gboolean
run_later (gpointer user_data)
{
  Later *later = user_data;

  if (!g_task_return_error_if_cancelled (later->task))
    later->step (later->task);
  return G_SOURCE_REMOVE;
}

static void
later_free (Later *later)
{
  g_object_unref (later->task);
  g_free (later);
}

void
_strata_aws_eks_poll_later (GTask                *task,
                            guint                *delay_ms,
                            StrataAwsEksPollStep  step)
{
  StrataAwsEksClusters *self = g_task_get_source_object (task);
  Later *later = g_new0 (Later, 1);
  guint first_ms, max_ms;

  _strata_aws_eks_clusters_get_poll (self, &first_ms, &max_ms);
  if (*delay_ms == 0)
    *delay_ms = first_ms;

  later->task = g_object_ref (task);
  later->step = step;
  g_timeout_add_full (G_PRIORITY_DEFAULT, *delay_ms, run_later, later, (GDestroyNotify)later_free);
  *delay_ms = MIN (*delay_ms * 2, max_ms);
}

const char *
_strata_aws_eks_answer_status (JsonNode   *answer,
                               const char *member)
{
  return strata_json_object_get_string (strata_json_object_get_object (json_node_get_object (answer), member),
                                        "status");
}

/* Create */

typedef struct
{
  StrataAwsClient *client;
  JsonNode        *request;
  GPtrArray       *nodegroups;  /* JsonNode CreateNodegroup bodies */
  StrataCluster   *cluster;     /* the stored record, once added */
  char            *name;
  char            *profile;     /* to attach to the record, or NULL */
  char            *version;
  guint            index;
  guint            delay_ms;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_clear_object (&data->client);
  g_clear_pointer (&data->request, json_node_unref);
  g_clear_pointer (&data->nodegroups, g_ptr_array_unref);
  g_clear_object (&data->cluster);
  g_free (data->name);
  g_free (data->profile);
  g_free (data->version);
  g_free (data);
}

/* The record stays, in Error, so the user sees what happened and can
 * delete what was made. */
static void
create_fail (GTask  *task,
             GError *error)
{
  CreateData *data = g_task_get_task_data (task);

  if (data->cluster != NULL)
    strata_cluster_set_status (data->cluster, STRATA_CLUSTER_STATUS_ERROR, error->message);
  g_task_return_error (task, error);
}

static const char *
nodegroup_name (CreateData *data)
{
  JsonNode *request = g_ptr_array_index (data->nodegroups, data->index);

  return strata_json_object_get_string (json_node_get_object (request), "nodegroupName");
}

static void
create_saved_running (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!strata_cluster_store_save_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  strata_cluster_set_status (data->cluster, STRATA_CLUSTER_STATUS_RUNNING, NULL);
  g_task_return_pointer (task, g_object_ref (data->cluster), g_object_unref);
}

static void
create_poll_nodegroup (GTask *task);

/* The record as it is on disk now, or NULL: another process (strata-cli
 * cluster attach) may have attached a profile while AWS was creating. */
static StrataCluster *
record_on_disk (CreateData *data,
                GBytes     *contents)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(StrataCluster) cluster = NULL;

  if (contents == NULL ||
      (node = strata_yaml_parse (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), NULL)) == NULL ||
      (cluster = strata_cluster_new_from_json (node, NULL)) == NULL ||
      g_strcmp0 (strata_cluster_get_name (cluster), strata_cluster_get_name (data->cluster)) != 0 ||
      g_strcmp0 (strata_cluster_get_eks_arn (cluster), strata_cluster_get_eks_arn (data->cluster)) != 0)
    return NULL;
  return g_steal_pointer (&cluster);
}

static void
create_record_reread (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataAwsEksClusters *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) contents = g_file_load_bytes_finish (G_FILE (object), result, NULL, NULL);
  g_autoptr(StrataCluster) edited = record_on_disk (data, contents);

  /* Unreadable: what this process knows is all there is. */
  if (edited == NULL)
    edited = strata_cluster_copy (data->cluster);
  strata_cluster_set_lifecycle (edited, STRATA_CLUSTER_STATUS_UNKNOWN, NULL);
  strata_cluster_store_save_async (strata_aws_eks_clusters_get_store (self), edited,
                                   g_task_get_cancellable (task), create_saved_running, g_object_ref (task));
}

/* Provisioning is over: end the lifecycle without undoing what others
 * saved meanwhile (the store's layout: clusters/NAME.yaml). */
static void
create_reread_record (GTask *task)
{
  StrataAwsEksClusters *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  g_autofree char *file_name = g_strconcat (strata_cluster_get_name (data->cluster), ".yaml", NULL);
  g_autofree char *path = g_build_filename (strata_cluster_store_get_root (strata_aws_eks_clusters_get_store (self)),
                                            "clusters", file_name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_file_load_bytes_async (file, g_task_get_cancellable (task), create_record_reread, g_object_ref (task));
}

static void
create_nodegroup_described (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;
  const char *status;

  if (!(answer = strata_aws_eks_describe_nodegroup_finish (data->client, result, &error)))
    {
      create_fail (task, error);
      return;
    }

  status = _strata_aws_eks_answer_status (answer, "nodegroup");
  if (g_strcmp0 (status, "ACTIVE") == 0)
    {
      data->index++;
      data->delay_ms = 0;
      create_poll_nodegroup (task);
    }
  else if (g_strcmp0 (status, "CREATING") == 0)
    _strata_aws_eks_poll_later (task, &data->delay_ms, create_poll_nodegroup);
  else
    create_fail (task, g_error_new (STRATA_AWS_ERROR, STRATA_AWS_ERROR_FAILED,
                                    _("node group “%s” of EKS cluster “%s” is %s instead of ACTIVE"),
                                    nodegroup_name (data), data->name, status ? status : "?"));
}

static void
create_poll_nodegroup (GTask *task)
{
  CreateData *data = g_task_get_task_data (task);

  if (data->index < data->nodegroups->len)
    {
      strata_aws_eks_describe_nodegroup_async (data->client, data->name, nodegroup_name (data),
                                               g_task_get_cancellable (task),
                                               create_nodegroup_described, g_object_ref (task));
      return;
    }

  create_reread_record (task);
}

static void create_next_nodegroup (GTask *task);

static void
create_nodegroup_created (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  if (!(answer = strata_aws_eks_create_nodegroup_finish (data->client, result, &error)))
    {
      g_prefix_error (&error, _("node group “%s”: "), nodegroup_name (data));
      create_fail (task, error);
      return;
    }

  data->index++;
  create_next_nodegroup (task);
}

static void
create_next_nodegroup (GTask *task)
{
  CreateData *data = g_task_get_task_data (task);

  if (data->index < data->nodegroups->len)
    {
      strata_aws_eks_create_nodegroup_async (data->client, data->name,
                                             g_ptr_array_index (data->nodegroups, data->index),
                                             g_task_get_cancellable (task),
                                             create_nodegroup_created, g_object_ref (task));
      return;
    }

  data->index = 0;
  data->delay_ms = 0;
  create_poll_nodegroup (task);
}

static void create_poll_cluster (GTask *task);

static void
create_cluster_described (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;
  const char *status;

  if (!(answer = strata_aws_eks_describe_cluster_finish (data->client, result, &error)))
    {
      create_fail (task, error);
      return;
    }

  status = _strata_aws_eks_answer_status (answer, "cluster");
  if (g_strcmp0 (status, "ACTIVE") == 0)
    {
      data->index = 0;
      create_next_nodegroup (task);
    }
  else if (g_strcmp0 (status, "CREATING") == 0)
    _strata_aws_eks_poll_later (task, &data->delay_ms, create_poll_cluster);
  else
    create_fail (task, g_error_new (STRATA_AWS_ERROR, STRATA_AWS_ERROR_FAILED,
                                    _("EKS cluster “%s” is %s instead of ACTIVE"),
                                    data->name, status ? status : "?"));
}

static void
create_poll_cluster (GTask *task)
{
  CreateData *data = g_task_get_task_data (task);

  strata_aws_eks_describe_cluster_async (data->client, data->name, g_task_get_cancellable (task),
                                         create_cluster_described, g_object_ref (task));
}

static void
create_record_added (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!strata_cluster_store_add_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      g_prefix_error (&error, _("EKS cluster “%s” is being created, but Strata could not record it: "),
                      data->name);
      g_clear_object (&data->cluster);
      g_task_return_error (task, error);
      return;
    }

  _strata_aws_eks_poll_later (task, &data->delay_ms, create_poll_cluster);
}

static void
create_cluster_created (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataAwsEksClusters *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_auto(GStrv) tags = NULL;
  GError *error = NULL;
  const char *arn;

  if (!(answer = strata_aws_eks_create_cluster_finish (data->client, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  arn = strata_json_object_get_string (strata_json_object_get_object (json_node_get_object (answer), "cluster"), "arn");
  if (arn == NULL)
    {
      g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_BAD_RESPONSE,
                               _("EKS created cluster “%s” without saying its ARN"), data->name);
      return;
    }

  now = _strata_aws_eks_clusters_now (self);
  tags = strata_aws_eks_tags_to_strata (strata_json_object_get_object (json_node_get_object (data->request), "tags"));
  data->cluster = strata_cluster_new_eks (data->name, arn, strata_aws_client_get_region (data->client));
  strata_cluster_set_tags (data->cluster, (const char * const *)tags, NULL);
  strata_cluster_set_lifecycle (data->cluster, STRATA_CLUSTER_STATUS_PROVISIONING, now);
  /* Checked before CreateCluster; only a profile deleted since can fail
   * here, and then the cluster is better recorded without it. */
  if (data->profile != NULL)
    strata_cluster_store_attach_profile (strata_aws_eks_clusters_get_store (self), data->cluster,
                                         data->profile, data->version, NULL, NULL);
  strata_cluster_store_add_async (strata_aws_eks_clusters_get_store (self), data->cluster,
                                  g_task_get_cancellable (task), create_record_added, g_object_ref (task));
}

void
strata_aws_eks_clusters_create_async (StrataAwsEksClusters *self,
                                      const char           *region,
                                      JsonNode             *request,
                                      GPtrArray            *nodegroups,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  strata_aws_eks_clusters_create_attached_async (self, region, request, nodegroups, NULL, NULL,
                                                 cancellable, callback, user_data);
}

void
strata_aws_eks_clusters_create_attached_async (StrataAwsEksClusters *self,
                                               const char           *region,
                                               JsonNode             *request,
                                               GPtrArray            *nodegroups,
                                               const char           *profile,
                                               const char           *version,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  CreateData *data;

  g_return_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self));
  g_return_if_fail (request != NULL && JSON_NODE_HOLDS_OBJECT (request));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_aws_eks_clusters_create_async);
  data = g_new0 (CreateData, 1);
  data->client = strata_aws_eks_clusters_new_client (self, region);
  data->request = json_node_ref (request);
  data->nodegroups = nodegroups != NULL ? g_ptr_array_ref (nodegroups)
                                        : g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  data->name = g_strdup (strata_json_object_get_string (json_node_get_object (request), "name"));
  data->profile = g_strdup (profile);
  data->version = g_strdup (version);
  g_task_set_task_data (task, data, (GDestroyNotify)create_data_free);

  /* The record takes the EKS name, so it must be one Strata can hold. */
  if (!strata_validate_dns_label (data->name, _("cluster name"), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (strata_cluster_store_find_cluster (strata_aws_eks_clusters_get_store (self), data->name) != NULL)
    {
      g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                               _("Strata already has a cluster named “%s”"), data->name);
      return;
    }
  for (guint i = 0; i < data->nodegroups->len; i++)
    {
      data->index = i;
      if (nodegroup_name (data) == NULL)
        {
          g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                                   _("node group %u has no nodegroupName"), i + 1);
          return;
        }
    }
  data->index = 0;

  /* A version that does not exist must not wait for a cluster to fail. */
  if (profile != NULL)
    {
      g_autoptr(StrataCluster) probe = strata_cluster_new_sandbox (data->name);

      if (!strata_cluster_store_attach_profile (strata_aws_eks_clusters_get_store (self), probe,
                                                profile, version, NULL, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  strata_aws_eks_create_cluster_async (data->client, request, cancellable,
                                       create_cluster_created, g_steal_pointer (&task));
}

StrataCluster *
strata_aws_eks_clusters_create_finish (StrataAwsEksClusters  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
