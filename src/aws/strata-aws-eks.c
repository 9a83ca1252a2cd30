/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Amazon EKS operations over the rest-json protocol. */

#include "config.h"

#include "strata-aws-client-private.h"
#include "strata-aws-eks.h"
#include "strata-aws-signer.h"

/* Page size asked for; the server may answer fewer. */
#define LIST_PAGE_SIZE "100"

/* Each "%s" of @path_format takes a path segment, encoded here (a "/" in
 * an ARN becomes %2F, so it stays one segment). */
static StrataAwsCall *
eks_call (const char *operation,
          const char *method,
          const char *path_format,
          ...)
{
  StrataAwsCall *call = _strata_aws_call_new (STRATA_AWS_PROTOCOL_REST_JSON, "eks", "EKS", operation);
  GString *path = g_string_new (NULL);
  const char *segment;
  va_list args;

  va_start (args, path_format);
  for (const char *p = path_format; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == 's')
        {
          g_autofree char *escaped = NULL;

          segment = va_arg (args, const char *);
          escaped = strata_aws_uri_encode (segment, FALSE);
          g_string_append (path, escaped);
          p++;
        }
      else
        g_string_append_c (path, *p);
    }
  va_end (args);

  call->method = g_strdup (method);
  call->path = g_string_free (path, FALSE);

  return call;
}

static JsonNode *
with_request_token (JsonNode *request)
{
  JsonNode *copy = json_node_copy (request);
  JsonObject *object = json_node_get_object (copy);

  if (!json_object_has_member (object, "clientRequestToken"))
    {
      g_autofree char *token = g_uuid_string_random ();

      json_object_set_string_member (object, "clientRequestToken", token);
    }

  return copy;
}

void
strata_aws_eks_list_clusters_async (StrataAwsClient     *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  StrataAwsCall *call;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));

  call = eks_call ("ListClusters", "GET", "/clusters");
  _strata_aws_call_add_param (call, "maxResults", LIST_PAGE_SIZE);
  _strata_aws_call_set_paginated (call, "nextToken", "nextToken", NULL, "clusters");
  _strata_aws_client_call_async (self, call, cancellable, strata_aws_eks_list_clusters_async,
                                 callback, user_data);
}

/**
 * strata_aws_eks_list_clusters_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"clusters": ["name", …]}
 */
JsonNode *
strata_aws_eks_list_clusters_finish (StrataAwsClient  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_list_clusters_async, error);
}

void
strata_aws_eks_describe_cluster_async (StrataAwsClient     *self,
                                       const char          *name,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (name != NULL && *name != '\0');

  _strata_aws_client_call_async (self, eks_call ("DescribeCluster", "GET", "/clusters/%s", name),
                                 cancellable, strata_aws_eks_describe_cluster_async, callback, user_data);
}

/**
 * strata_aws_eks_describe_cluster_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"cluster": {…}}
 */
JsonNode *
strata_aws_eks_describe_cluster_finish (StrataAwsClient  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_describe_cluster_async, error);
}

void
strata_aws_eks_create_cluster_async (StrataAwsClient     *self,
                                     JsonNode            *request,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  StrataAwsCall *call;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (request != NULL && JSON_NODE_HOLDS_OBJECT (request));

  call = eks_call ("CreateCluster", "POST", "/clusters");
  call->body = with_request_token (request);
  _strata_aws_client_call_async (self, call, cancellable, strata_aws_eks_create_cluster_async,
                                 callback, user_data);
}

/**
 * strata_aws_eks_create_cluster_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"cluster": {…, "status": "CREATING"}}
 */
JsonNode *
strata_aws_eks_create_cluster_finish (StrataAwsClient  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_create_cluster_async, error);
}

void
strata_aws_eks_delete_cluster_async (StrataAwsClient     *self,
                                     const char          *name,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (name != NULL && *name != '\0');

  _strata_aws_client_call_async (self, eks_call ("DeleteCluster", "DELETE", "/clusters/%s", name),
                                 cancellable, strata_aws_eks_delete_cluster_async, callback, user_data);
}

/**
 * strata_aws_eks_delete_cluster_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"cluster": {…, "status": "DELETING"}};
 *   fails with %STRATA_AWS_ERROR_IN_USE while node groups remain
 */
JsonNode *
strata_aws_eks_delete_cluster_finish (StrataAwsClient  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_delete_cluster_async, error);
}

void
strata_aws_eks_list_nodegroups_async (StrataAwsClient     *self,
                                      const char          *cluster,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  StrataAwsCall *call;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (cluster != NULL && *cluster != '\0');

  call = eks_call ("ListNodegroups", "GET", "/clusters/%s/node-groups", cluster);
  _strata_aws_call_add_param (call, "maxResults", LIST_PAGE_SIZE);
  _strata_aws_call_set_paginated (call, "nextToken", "nextToken", NULL, "nodegroups");
  _strata_aws_client_call_async (self, call, cancellable, strata_aws_eks_list_nodegroups_async,
                                 callback, user_data);
}

/**
 * strata_aws_eks_list_nodegroups_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"nodegroups": ["name", …]}
 */
JsonNode *
strata_aws_eks_list_nodegroups_finish (StrataAwsClient  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_list_nodegroups_async, error);
}

void
strata_aws_eks_describe_nodegroup_async (StrataAwsClient     *self,
                                         const char          *cluster,
                                         const char          *nodegroup,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (cluster != NULL && *cluster != '\0');
  g_return_if_fail (nodegroup != NULL && *nodegroup != '\0');

  _strata_aws_client_call_async (self,
                                 eks_call ("DescribeNodegroup", "GET", "/clusters/%s/node-groups/%s",
                                           cluster, nodegroup),
                                 cancellable, strata_aws_eks_describe_nodegroup_async, callback, user_data);
}

/**
 * strata_aws_eks_describe_nodegroup_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"nodegroup": {…}}
 */
JsonNode *
strata_aws_eks_describe_nodegroup_finish (StrataAwsClient  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_describe_nodegroup_async, error);
}

void
strata_aws_eks_create_nodegroup_async (StrataAwsClient     *self,
                                       const char          *cluster,
                                       JsonNode            *request,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  StrataAwsCall *call;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (cluster != NULL && *cluster != '\0');
  g_return_if_fail (request != NULL && JSON_NODE_HOLDS_OBJECT (request));

  call = eks_call ("CreateNodegroup", "POST", "/clusters/%s/node-groups", cluster);
  call->body = with_request_token (request);
  _strata_aws_client_call_async (self, call, cancellable, strata_aws_eks_create_nodegroup_async,
                                 callback, user_data);
}

/**
 * strata_aws_eks_create_nodegroup_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"nodegroup": {…, "status": "CREATING"}}
 */
JsonNode *
strata_aws_eks_create_nodegroup_finish (StrataAwsClient  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_create_nodegroup_async, error);
}

void
strata_aws_eks_delete_nodegroup_async (StrataAwsClient     *self,
                                       const char          *cluster,
                                       const char          *nodegroup,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (cluster != NULL && *cluster != '\0');
  g_return_if_fail (nodegroup != NULL && *nodegroup != '\0');

  _strata_aws_client_call_async (self,
                                 eks_call ("DeleteNodegroup", "DELETE", "/clusters/%s/node-groups/%s",
                                           cluster, nodegroup),
                                 cancellable, strata_aws_eks_delete_nodegroup_async, callback, user_data);
}

/**
 * strata_aws_eks_delete_nodegroup_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"nodegroup": {…, "status": "DELETING"}}
 */
JsonNode *
strata_aws_eks_delete_nodegroup_finish (StrataAwsClient  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_delete_nodegroup_async, error);
}

void
strata_aws_eks_tag_resource_async (StrataAwsClient     *self,
                                   const char          *arn,
                                   GHashTable          *tags,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *tag_object = json_object_new ();
  StrataAwsCall *call;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (arn != NULL && *arn != '\0');
  g_return_if_fail (tags != NULL);

  g_hash_table_iter_init (&iter, tags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_string_member (tag_object, key, value);
  json_object_set_object_member (body, "tags", tag_object);

  call = eks_call ("TagResource", "POST", "/tags/%s", arn);
  call->body = json_node_init_object (json_node_alloc (), body);
  _strata_aws_client_call_async (self, call, cancellable, strata_aws_eks_tag_resource_async,
                                 callback, user_data);
}

/**
 * strata_aws_eks_tag_resource_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): an empty object
 */
JsonNode *
strata_aws_eks_tag_resource_finish (StrataAwsClient  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_tag_resource_async, error);
}

void
strata_aws_eks_untag_resource_async (StrataAwsClient     *self,
                                     const char          *arn,
                                     const char * const  *keys,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  StrataAwsCall *call;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (arn != NULL && *arn != '\0');
  g_return_if_fail (keys != NULL && keys[0] != NULL);

  call = eks_call ("UntagResource", "DELETE", "/tags/%s", arn);
  for (guint i = 0; keys[i] != NULL; i++)
    _strata_aws_call_add_param (call, "tagKeys", keys[i]);
  _strata_aws_client_call_async (self, call, cancellable, strata_aws_eks_untag_resource_async,
                                 callback, user_data);
}

/**
 * strata_aws_eks_untag_resource_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): an empty object
 */
JsonNode *
strata_aws_eks_untag_resource_finish (StrataAwsClient  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_untag_resource_async, error);
}

void
strata_aws_eks_list_tags_for_resource_async (StrataAwsClient     *self,
                                             const char          *arn,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (arn != NULL && *arn != '\0');

  _strata_aws_client_call_async (self, eks_call ("ListTagsForResource", "GET", "/tags/%s", arn),
                                 cancellable, strata_aws_eks_list_tags_for_resource_async,
                                 callback, user_data);
}

/**
 * strata_aws_eks_list_tags_for_resource_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"tags": {…}}
 */
JsonNode *
strata_aws_eks_list_tags_for_resource_finish (StrataAwsClient  *self,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_list_tags_for_resource_async, error);
}

void
strata_aws_eks_list_updates_async (StrataAwsClient     *self,
                                   const char          *cluster,
                                   const char          *nodegroup,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  StrataAwsCall *call;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (cluster != NULL && *cluster != '\0');

  call = eks_call ("ListUpdates", "GET", "/clusters/%s/updates", cluster);
  if (nodegroup != NULL)
    _strata_aws_call_add_param (call, "nodegroupName", nodegroup);
  _strata_aws_call_add_param (call, "maxResults", LIST_PAGE_SIZE);
  _strata_aws_call_set_paginated (call, "nextToken", "nextToken", NULL, "updateIds");
  _strata_aws_client_call_async (self, call, cancellable, strata_aws_eks_list_updates_async,
                                 callback, user_data);
}

/**
 * strata_aws_eks_list_updates_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"updateIds": […]}
 */
JsonNode *
strata_aws_eks_list_updates_finish (StrataAwsClient  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_list_updates_async, error);
}

void
strata_aws_eks_describe_update_async (StrataAwsClient     *self,
                                      const char          *cluster,
                                      const char          *update_id,
                                      const char          *nodegroup,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  StrataAwsCall *call;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (cluster != NULL && *cluster != '\0');
  g_return_if_fail (update_id != NULL && *update_id != '\0');

  call = eks_call ("DescribeUpdate", "GET", "/clusters/%s/updates/%s", cluster, update_id);
  if (nodegroup != NULL)
    _strata_aws_call_add_param (call, "nodegroupName", nodegroup);
  _strata_aws_client_call_async (self, call, cancellable, strata_aws_eks_describe_update_async,
                                 callback, user_data);
}

/**
 * strata_aws_eks_describe_update_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"update": {…}}
 */
JsonNode *
strata_aws_eks_describe_update_finish (StrataAwsClient  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_eks_describe_update_async, error);
}
