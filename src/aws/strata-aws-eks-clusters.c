/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EKS clusters as Strata cluster records: import, tags both ways, force
 * delete and what a Kubernetes connection needs. Create and delete, which
 * wait for AWS, live in strata-aws-eks-lifecycle.c. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-aws-eks-clusters-private.h"
#include "strata-aws-eks-token-provider.h"
#include "strata-aws-eks.h"
#include "strata-aws-error.h"
#include "strata-core-error.h"
#include "strata-json.h"
#include "strata-profile.h"

#define DEFAULT_POLL_FIRST_MS 5000
#define DEFAULT_POLL_MAX_MS   30000

struct _StrataAwsEksClusters
{
  GObject                       parent_instance;

  StrataAwsCredentialsProvider *provider;
  StrataClusterStore           *store;
  StrataAwsEksTokenCache       *token_cache;
  char                         *endpoint_url;
  GDateTime                    *fixed_time;
  guint                         poll_first_ms;
  guint                         poll_max_ms;
};

G_DEFINE_FINAL_TYPE (StrataAwsEksClusters, strata_aws_eks_clusters, G_TYPE_OBJECT)

static void
strata_aws_eks_clusters_finalize (GObject *object)
{
  StrataAwsEksClusters *self = (StrataAwsEksClusters *)object;

  g_clear_object (&self->provider);
  g_clear_object (&self->store);
  g_clear_object (&self->token_cache);
  g_clear_pointer (&self->endpoint_url, g_free);
  g_clear_pointer (&self->fixed_time, g_date_time_unref);

  G_OBJECT_CLASS (strata_aws_eks_clusters_parent_class)->finalize (object);
}

static void
strata_aws_eks_clusters_class_init (StrataAwsEksClustersClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = strata_aws_eks_clusters_finalize;
}

static void
strata_aws_eks_clusters_init (StrataAwsEksClusters *self)
{
  self->poll_first_ms = DEFAULT_POLL_FIRST_MS;
  self->poll_max_ms = DEFAULT_POLL_MAX_MS;
}

/**
 * strata_aws_eks_clusters_new:
 *
 * Returns: (transfer full): the EKS side of @store
 */
StrataAwsEksClusters *
strata_aws_eks_clusters_new (StrataAwsCredentialsProvider *provider,
                             StrataClusterStore           *store)
{
  StrataAwsEksClusters *self;

  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS_PROVIDER (provider), NULL);
  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (store), NULL);

  self = g_object_new (STRATA_TYPE_AWS_EKS_CLUSTERS, NULL);
  self->provider = g_object_ref (provider);
  self->store = g_object_ref (store);
  self->token_cache = strata_aws_eks_token_cache_new (provider);
  return self;
}

StrataClusterStore *
strata_aws_eks_clusters_get_store (StrataAwsEksClusters *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self), NULL);
  return self->store;
}

StrataAwsEksTokenCache *
strata_aws_eks_clusters_get_token_cache (StrataAwsEksClusters *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self), NULL);
  return self->token_cache;
}

void
strata_aws_eks_clusters_set_endpoint_url (StrataAwsEksClusters *self,
                                          const char           *endpoint_url)
{
  g_return_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self));
  g_free (self->endpoint_url);
  self->endpoint_url = g_strdup (endpoint_url);
}

void
strata_aws_eks_clusters_set_poll_interval (StrataAwsEksClusters *self,
                                           guint                 first_ms,
                                           guint                 max_ms)
{
  g_return_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self));
  self->poll_first_ms = MAX (first_ms, 1);
  self->poll_max_ms = MAX (max_ms, self->poll_first_ms);
}

void
strata_aws_eks_clusters_set_fixed_time (StrataAwsEksClusters *self,
                                        GDateTime            *now)
{
  g_return_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self));
  g_clear_pointer (&self->fixed_time, g_date_time_unref);
  if (now != NULL)
    self->fixed_time = g_date_time_ref (now);
}

GDateTime *
_strata_aws_eks_clusters_now (StrataAwsEksClusters *self)
{
  return self->fixed_time != NULL ? g_date_time_ref (self->fixed_time) : g_date_time_new_now_utc ();
}

void
_strata_aws_eks_clusters_get_poll (StrataAwsEksClusters *self,
                                   guint                *first_ms,
                                   guint                *max_ms)
{
  *first_ms = self->poll_first_ms;
  *max_ms = self->poll_max_ms;
}

/**
 * strata_aws_eks_clusters_new_client:
 *
 * Returns: (transfer full): a client for @region
 */
StrataAwsClient *
strata_aws_eks_clusters_new_client (StrataAwsEksClusters *self,
                                    const char           *region)
{
  StrataAwsClient *client;

  g_return_val_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self), NULL);

  client = strata_aws_client_new (self->provider, region);
  strata_aws_client_set_endpoint_url (client, self->endpoint_url);
  return client;
}

const char *
strata_aws_eks_cluster_name (StrataCluster *cluster)
{
  const char *arn = strata_cluster_get_eks_arn (cluster);
  const char *slash = arn != NULL ? strrchr (arn, '/') : NULL;

  return slash != NULL ? slash + 1 : NULL;
}

gboolean
_strata_aws_eks_cluster_check (StrataCluster  *cluster,
                               GError        **error)
{
  if (strata_cluster_get_source (cluster) != STRATA_CLUSTER_SOURCE_EKS ||
      strata_aws_eks_cluster_name (cluster) == NULL)
    {
      g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                   _("cluster “%s” is not an EKS cluster (its source is %s)"),
                   strata_cluster_get_name (cluster),
                   strata_cluster_source_to_string (strata_cluster_get_source (cluster)));
      return FALSE;
    }
  return TRUE;
}

gboolean
_strata_aws_eks_error_is_not_found (const GError *error)
{
  return g_error_matches (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_NOT_FOUND);
}

/* Tags */

GStrv
strata_aws_eks_tags_to_strata (JsonObject *tags)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) raw = NULL;
  g_autoptr(GList) members = NULL;

  if (tags != NULL)
    members = json_object_get_members (tags);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *value = strata_json_object_get_string (tags, l->data);
      g_autofree char *tag = NULL;
      g_autofree char *normalized = NULL;

      tag = value != NULL && *value != '\0' ? g_strdup_printf ("%s:%s", (char *)l->data, value)
                                            : g_strdup (l->data);
      /* "aws:…" keys and others Strata cannot hold stay in AWS, untouched. */
      if ((normalized = strata_cluster_normalize_tag (tag, NULL)) != NULL)
        g_strv_builder_add (builder, normalized);
    }

  raw = g_strv_builder_end (builder);
  return strata_cluster_normalize_tags ((const char * const *)raw, NULL);
}

/* "k:v" -> k, v; "k" -> k, "". */
static void
split_tag (const char  *tag,
           char       **key,
           char       **value)
{
  const char *colon = strchr (tag, ':');

  *key = colon != NULL ? g_strndup (tag, colon - tag) : g_strdup (tag);
  *value = g_strdup (colon != NULL ? colon + 1 : "");
}

static GHashTable *
tags_to_table (const char * const *tags)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      char *key, *value;

      split_tag (tags[i], &key, &value);
      g_hash_table_replace (table, key, value);
    }
  return table;
}

/* Import */

typedef struct
{
  StrataAwsClient *client;
  char            *record_name;
  StrataCluster   *cluster;
  gboolean         adding;  /* a new record, not a refresh */
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->client);
  g_free (data->record_name);
  g_clear_object (&data->cluster);
  g_free (data);
}

static StrataCluster *
find_by_arn (StrataClusterStore *store,
             const char         *arn)
{
  GListModel *clusters = strata_cluster_store_get_clusters (store);

  for (guint i = 0; i < g_list_model_get_n_items (clusters); i++)
    {
      g_autoptr(StrataCluster) cluster = g_list_model_get_item (clusters, i);

      if (g_strcmp0 (strata_cluster_get_eks_arn (cluster), arn) == 0)
        return cluster;
    }
  return NULL;
}

static void
import_stored (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImportData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (data->adding ? !strata_cluster_store_add_finish (STRATA_CLUSTER_STORE (object), result, &error)
            : !strata_cluster_store_save_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (strata_cluster_get_lifecycle (data->cluster) == STRATA_CLUSTER_STATUS_UNKNOWN)
    strata_cluster_set_status (data->cluster, STRATA_CLUSTER_STATUS_RUNNING, NULL);
  g_task_return_pointer (task, g_object_ref (data->cluster), g_object_unref);
}

static void
import_described (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataAwsEksClusters *self = g_task_get_source_object (task);
  ImportData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(StrataCluster) edited = NULL;
  g_auto(GStrv) tags = NULL;
  GError *error = NULL;
  JsonObject *cluster;
  StrataCluster *existing;
  const char *arn, *status;

  if (!(answer = strata_aws_eks_describe_cluster_finish (data->client, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  cluster = strata_json_object_get_object (json_node_get_object (answer), "cluster");
  arn = strata_json_object_get_string (cluster, "arn");
  status = strata_json_object_get_string (cluster, "status");
  if (arn == NULL)
    {
      g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_BAD_RESPONSE,
                               _("EKS described cluster “%s” without an ARN"), data->record_name);
      return;
    }

  tags = strata_aws_eks_tags_to_strata (strata_json_object_get_object (cluster, "tags"));

  /* Imported before: a refresh of its tags, under its own name. */
  if ((existing = find_by_arn (self->store, arn)) != NULL)
    {
      data->cluster = g_object_ref (existing);
      edited = strata_cluster_copy (existing);
      strata_cluster_set_tags (edited, (const char * const *)tags, NULL);
      /* Imported while CREATING (or created by a session that ended): AWS
       * says whether that is over. */
      if (strata_cluster_get_lifecycle (existing) == STRATA_CLUSTER_STATUS_PROVISIONING &&
          g_strcmp0 (status, "CREATING") != 0)
        strata_cluster_set_lifecycle (edited, STRATA_CLUSTER_STATUS_UNKNOWN, NULL);
      strata_cluster_store_save_async (self->store, edited, g_task_get_cancellable (task),
                                       import_stored, g_object_ref (task));
      return;
    }

  if (status != NULL && (g_str_equal (status, "DELETING") || g_str_equal (status, "FAILED")))
    {
      g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                               _("EKS cluster “%s” is %s: there is nothing to import"),
                               strata_json_object_get_string (cluster, "name"), status);
      return;
    }

  data->cluster = strata_cluster_new_eks (data->record_name, arn,
                                          strata_aws_client_get_region (data->client));
  strata_cluster_set_tags (data->cluster, (const char * const *)tags, NULL);
  if (g_strcmp0 (status, "CREATING") == 0)
    strata_cluster_set_lifecycle (data->cluster, STRATA_CLUSTER_STATUS_PROVISIONING, NULL);

  data->adding = TRUE;
  strata_cluster_store_add_async (self->store, data->cluster, g_task_get_cancellable (task),
                                  import_stored, g_object_ref (task));
}

void
strata_aws_eks_clusters_import_async (StrataAwsEksClusters *self,
                                      const char           *region,
                                      const char           *eks_name,
                                      const char           *record_name,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ImportData *data;

  g_return_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self));
  g_return_if_fail (eks_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_aws_eks_clusters_import_async);
  data = g_new0 (ImportData, 1);
  data->client = strata_aws_eks_clusters_new_client (self, region);
  data->record_name = g_strdup (record_name != NULL ? record_name : eks_name);
  g_task_set_task_data (task, data, (GDestroyNotify)import_data_free);

  /* EKS names may hold capitals and "_"; Strata's must be DNS labels. */
  if (!strata_validate_dns_label (data->record_name, _("cluster name"), &error))
    {
      g_prefix_error (&error, _("EKS cluster “%s” needs another name in Strata: "), eks_name);
      g_task_return_error (task, error);
      return;
    }

  strata_aws_eks_describe_cluster_async (data->client, eks_name, cancellable,
                                         import_described, g_steal_pointer (&task));
}

StrataCluster *
strata_aws_eks_clusters_import_finish (StrataAwsEksClusters  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Tags: Strata -> EKS */

typedef struct
{
  StrataAwsClient *client;
  char            *arn;
  GStrv            removed;
} PushData;

static void
push_data_free (PushData *data)
{
  g_clear_object (&data->client);
  g_free (data->arn);
  g_strfreev (data->removed);
  g_free (data);
}

static void
push_untagged (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  if (!(answer = strata_aws_eks_untag_resource_finish (STRATA_AWS_CLIENT (object), result, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
push_untag (GTask *task)
{
  PushData *data = g_task_get_task_data (task);

  if (data->removed[0] == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  strata_aws_eks_untag_resource_async (data->client, data->arn, (const char * const *)data->removed,
                                       g_task_get_cancellable (task), push_untagged, task);
}

static void
push_tagged (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  if (!(answer = strata_aws_eks_tag_resource_finish (STRATA_AWS_CLIENT (object), result, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  push_untag (task);
}

void
strata_aws_eks_clusters_push_tags_async (StrataAwsEksClusters *self,
                                         StrataCluster        *edited,
                                         const char * const   *before,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) old_tags = NULL;
  g_autoptr(GHashTable) new_tags = NULL;
  g_autoptr(GHashTable) added = NULL;
  g_autoptr(GStrvBuilder) removed = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key, value;
  GError *error = NULL;
  PushData *data;

  g_return_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self));
  g_return_if_fail (STRATA_IS_CLUSTER (edited));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_aws_eks_clusters_push_tags_async);
  if (!_strata_aws_eks_cluster_check (edited, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  old_tags = tags_to_table (before);
  new_tags = tags_to_table (strata_cluster_get_tags (edited));
  added = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_iter_init (&iter, new_tags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (g_hash_table_lookup (old_tags, key), value) != 0 ||
        !g_hash_table_contains (old_tags, key))
      g_hash_table_insert (added, key, value);

  g_hash_table_iter_init (&iter, old_tags);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (new_tags, key))
      g_strv_builder_add (removed, key);

  data = g_new0 (PushData, 1);
  data->client = strata_aws_eks_clusters_new_client (self, strata_cluster_get_eks_region (edited));
  data->arn = g_strdup (strata_cluster_get_eks_arn (edited));
  data->removed = g_strv_builder_end (removed);
  g_task_set_task_data (task, data, (GDestroyNotify)push_data_free);

  if (g_hash_table_size (added) == 0)
    {
      push_untag (g_steal_pointer (&task));
      return;
    }

  strata_aws_eks_tag_resource_async (data->client, data->arn, added, cancellable,
                                     push_tagged, g_steal_pointer (&task));
}

gboolean
strata_aws_eks_clusters_push_tags_finish (StrataAwsEksClusters  *self,
                                          GAsyncResult          *result,
                                          GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Connect */

typedef struct
{
  char                *server;
  char                *ca_pem;
  StrataTokenProvider *provider;
} Access;

static void
access_free (Access *access)
{
  g_free (access->server);
  g_free (access->ca_pem);
  g_clear_object (&access->provider);
  g_free (access);
}

static void
connect_described (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataAwsEksClusters *self = g_task_get_source_object (task);
  StrataCluster *record = g_task_get_task_data (task);
  StrataAwsClient *client = STRATA_AWS_CLIENT (object);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree guchar *ca = NULL;
  GError *error = NULL;
  JsonObject *cluster;
  const char *endpoint, *ca_data, *status;
  gsize ca_length = 0;
  Access *access;

  if (!(answer = strata_aws_eks_describe_cluster_finish (client, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  cluster = strata_json_object_get_object (json_node_get_object (answer), "cluster");
  endpoint = strata_json_object_get_string (cluster, "endpoint");
  status = strata_json_object_get_string (cluster, "status");
  ca_data = strata_json_object_get_string (strata_json_object_get_object (cluster, "certificateAuthority"), "data");
  if (endpoint == NULL || ca_data == NULL)
    {
      g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                               _("EKS cluster “%s” is %s and has no API endpoint yet; try again once it is ACTIVE"),
                               strata_aws_eks_cluster_name (record), status ? status : "?");
      return;
    }

  ca = g_base64_decode (ca_data, &ca_length);
  access = g_new0 (Access, 1);
  access->server = g_strdup (endpoint);
  access->ca_pem = g_strndup ((const char *)ca, ca_length);
  access->provider = STRATA_TOKEN_PROVIDER (strata_aws_eks_token_provider_new (self->token_cache,
                                                                               strata_cluster_get_eks_region (record),
                                                                               strata_aws_eks_cluster_name (record)));
  g_task_return_pointer (task, access, (GDestroyNotify)access_free);
}

void
strata_aws_eks_clusters_connect_async (StrataAwsEksClusters *self,
                                       StrataCluster        *cluster,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(StrataAwsClient) client = NULL;
  GError *error = NULL;

  g_return_if_fail (STRATA_IS_AWS_EKS_CLUSTERS (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_aws_eks_clusters_connect_async);
  g_task_set_task_data (task, g_object_ref (cluster), g_object_unref);
  if (!_strata_aws_eks_cluster_check (cluster, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  client = strata_aws_eks_clusters_new_client (self, strata_cluster_get_eks_region (cluster));
  strata_aws_eks_describe_cluster_async (client, strata_aws_eks_cluster_name (cluster), cancellable,
                                         connect_described, g_steal_pointer (&task));
}

/**
 * strata_aws_eks_clusters_connect_finish:
 * @server: (out) (transfer full): the API server URL
 * @ca_pem: (out) (transfer full): its certificate authority
 * @provider: (out) (transfer full): the cluster's bearer tokens
 */
gboolean
strata_aws_eks_clusters_connect_finish (StrataAwsEksClusters  *self,
                                        GAsyncResult          *result,
                                        char                 **server,
                                        char                 **ca_pem,
                                        StrataTokenProvider  **provider,
                                        GError               **error)
{
  Access *access;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(access = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  *server = g_steal_pointer (&access->server);
  *ca_pem = g_steal_pointer (&access->ca_pem);
  *provider = g_steal_pointer (&access->provider);
  access_free (access);
  return TRUE;
}
