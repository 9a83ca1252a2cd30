/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-aws-client.h"

G_BEGIN_DECLS

/* Amazon EKS (rest-json, API 2017-11-01) in the client's region. Each
 * answer is the API's JSON object ({"cluster": {…}}, {"clusters": […]}…);
 * the List* calls follow nextToken to the end and answer every item in one
 * list. Cluster and node group names are encoded into the path here; the
 * ARN of the tag calls too (so "/tags/arn%3Aaws%3Aeks…"). */

void      strata_aws_eks_list_clusters_async           (StrataAwsClient      *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_list_clusters_finish          (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void      strata_aws_eks_describe_cluster_async        (StrataAwsClient      *self,
                                                        const char           *name,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_describe_cluster_finish       (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* @request: the CreateCluster body (name, roleArn, resourcesVpcConfig,
 * version, tags…); a clientRequestToken is added when it has none, so a
 * retried request cannot create the cluster twice. */
void      strata_aws_eks_create_cluster_async          (StrataAwsClient      *self,
                                                        JsonNode             *request,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_create_cluster_finish         (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void      strata_aws_eks_delete_cluster_async          (StrataAwsClient      *self,
                                                        const char           *name,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_delete_cluster_finish         (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void      strata_aws_eks_list_nodegroups_async         (StrataAwsClient      *self,
                                                        const char           *cluster,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_list_nodegroups_finish        (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void      strata_aws_eks_describe_nodegroup_async      (StrataAwsClient      *self,
                                                        const char           *cluster,
                                                        const char           *nodegroup,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_describe_nodegroup_finish     (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* @request: the CreateNodegroup body (nodegroupName, subnets, nodeRole,
 * scalingConfig, instanceTypes…); clientRequestToken as for clusters. */
void      strata_aws_eks_create_nodegroup_async        (StrataAwsClient      *self,
                                                        const char           *cluster,
                                                        JsonNode             *request,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_create_nodegroup_finish       (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void      strata_aws_eks_delete_nodegroup_async        (StrataAwsClient      *self,
                                                        const char           *cluster,
                                                        const char           *nodegroup,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_delete_nodegroup_finish       (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* @tags: (element-type utf8 utf8): keys to values. */
void      strata_aws_eks_tag_resource_async            (StrataAwsClient      *self,
                                                        const char           *arn,
                                                        GHashTable           *tags,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_tag_resource_finish           (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void      strata_aws_eks_untag_resource_async          (StrataAwsClient      *self,
                                                        const char           *arn,
                                                        const char * const   *keys,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_untag_resource_finish         (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Answers {"tags": {"key": "value", …}}. */
void      strata_aws_eks_list_tags_for_resource_async  (StrataAwsClient      *self,
                                                        const char           *arn,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_list_tags_for_resource_finish (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* @nodegroup: (nullable): the node group's updates instead of the cluster's. */
void      strata_aws_eks_list_updates_async            (StrataAwsClient      *self,
                                                        const char           *cluster,
                                                        const char           *nodegroup,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_list_updates_finish           (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void      strata_aws_eks_describe_update_async         (StrataAwsClient      *self,
                                                        const char           *cluster,
                                                        const char           *update_id,
                                                        const char           *nodegroup,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode *strata_aws_eks_describe_update_finish        (StrataAwsClient      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
