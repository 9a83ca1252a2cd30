/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-aws-client.h"
#include "strata-aws-eks-token-cache.h"
#include "strata-cluster-store.h"
#include "strata-token-provider.h"

G_BEGIN_DECLS

/* Force delete is offered once a cluster has been deleting this long. */
#define STRATA_AWS_EKS_FORCE_DELETE_AFTER (15 * G_TIME_SPAN_MINUTE)

#define STRATA_TYPE_AWS_EKS_CLUSTERS (strata_aws_eks_clusters_get_type ())
G_DECLARE_FINAL_TYPE (StrataAwsEksClusters, strata_aws_eks_clusters, STRATA, AWS_EKS_CLUSTERS, GObject)

/* EKS clusters as records of @store (source eks: ARN + region), kept in
 * step with AWS: import, create, delete, force delete, tags both ways, and
 * what the Kubernetes client needs to connect. Calls go to each record's
 * region with @provider's keys. */
StrataAwsEksClusters *strata_aws_eks_clusters_new               (StrataAwsCredentialsProvider *provider,
                                                                 StrataClusterStore           *store);
StrataClusterStore   *strata_aws_eks_clusters_get_store         (StrataAwsEksClusters         *self);
/* Where calls go instead of AWS (see strata_aws_client_set_endpoint_url). */
void                  strata_aws_eks_clusters_set_endpoint_url  (StrataAwsEksClusters         *self,
                                                                 const char                   *endpoint_url);
/* Waiting for CREATING/DELETING to end: the first describe after
 * @first_ms, each next one twice as late up to @max_ms (default 5 s and
 * 30 s; the tests use 1 ms). */
void                  strata_aws_eks_clusters_set_poll_interval (StrataAwsEksClusters         *self,
                                                                 guint                         first_ms,
                                                                 guint                         max_ms);
/* The clock the records' lifecycle times are read and written with (%NULL:
 * the real one); tests pin it to reach the 15 minutes of force delete. */
void                  strata_aws_eks_clusters_set_fixed_time    (StrataAwsEksClusters         *self,
                                                                 GDateTime                    *now);
/* (transfer none): the token cache the connections share. */
StrataAwsEksTokenCache *strata_aws_eks_clusters_get_token_cache (StrataAwsEksClusters         *self);
/* (transfer full): a client for @region with this object's settings. */
StrataAwsClient      *strata_aws_eks_clusters_new_client        (StrataAwsEksClusters         *self,
                                                                 const char                   *region);

/* EKS tags {"k": "v"} as Strata tags "k:v" ("k" when v is empty); tags
 * Strata cannot hold (see strata_cluster_normalize_tag) are left out and
 * so never changed. (transfer full), sorted. */
GStrv                 strata_aws_eks_tags_to_strata             (JsonObject                   *tags);

/* DescribeCluster, then a record named @record_name (NULL: the EKS name)
 * with the cluster's tags. A record of the same ARN takes the tags instead
 * (a refresh). Answers the record, in the store. */
void                  strata_aws_eks_clusters_import_async      (StrataAwsEksClusters         *self,
                                                                 const char                   *region,
                                                                 const char                   *eks_name,
                                                                 const char                   *record_name,
                                                                 GCancellable                 *cancellable,
                                                                 GAsyncReadyCallback           callback,
                                                                 gpointer                      user_data);
StrataCluster        *strata_aws_eks_clusters_import_finish     (StrataAwsEksClusters         *self,
                                                                 GAsyncResult                 *result,
                                                                 GError                      **error);

/* CreateCluster with @request (name, roleArn, resourcesVpcConfig, version,
 * tags…), a record in Provisioning at once, DescribeCluster until ACTIVE,
 * then CreateNodegroup for each of @nodegroups (CreateNodegroup bodies)
 * and DescribeNodegroup until they are ACTIVE; then the record is Running.
 * A cluster or node group that FAILED leaves the record in Error. */
void                  strata_aws_eks_clusters_create_async      (StrataAwsEksClusters         *self,
                                                                 const char                   *region,
                                                                 JsonNode                     *request,
                                                                 GPtrArray                    *nodegroups,
                                                                 GCancellable                 *cancellable,
                                                                 GAsyncReadyCallback           callback,
                                                                 gpointer                      user_data);
StrataCluster        *strata_aws_eks_clusters_create_finish     (StrataAwsEksClusters         *self,
                                                                 GAsyncResult                 *result,
                                                                 GError                      **error);

/* Marks the record Deleting (kept, with when it started, unless it already
 * was), deletes the node groups, waits until they are gone, deletes the
 * cluster, waits until it is gone, then removes the record. @wait FALSE
 * returns once the first deletions are asked for; deleting again goes on
 * from where it is. */
void                  strata_aws_eks_clusters_delete_async      (StrataAwsEksClusters         *self,
                                                                 StrataCluster                *cluster,
                                                                 gboolean                      wait,
                                                                 GCancellable                 *cancellable,
                                                                 GAsyncReadyCallback           callback,
                                                                 gpointer                      user_data);
gboolean              strata_aws_eks_clusters_delete_finish     (StrataAwsEksClusters         *self,
                                                                 GAsyncResult                 *result,
                                                                 GError                      **error);

/* Whether force delete may be offered: Deleting for 15 minutes or more;
 * @remaining (optional) gets how long until then. */
gboolean              strata_aws_eks_clusters_can_force_delete  (StrataAwsEksClusters         *self,
                                                                 StrataCluster                *cluster,
                                                                 GTimeSpan                    *remaining);
/* Removes the record without waiting for AWS (refused before the 15
 * minutes) and answers (transfer full) what may be left in the account,
 * one line each: node groups, the cluster, its VPC resources, named as far
 * as a last look at AWS could tell. */
void                  strata_aws_eks_clusters_force_delete_async  (StrataAwsEksClusters       *self,
                                                                   StrataCluster              *cluster,
                                                                   GCancellable               *cancellable,
                                                                   GAsyncReadyCallback         callback,
                                                                   gpointer                    user_data);
GStrv                 strata_aws_eks_clusters_force_delete_finish (StrataAwsEksClusters       *self,
                                                                   GAsyncResult               *result,
                                                                   GError                    **error);

/* Makes the EKS cluster's tags follow an edit of the record's tags from
 * @before to @edited's: TagResource for new or changed "k:v", UntagResource
 * for keys no longer there. Save @edited after this succeeded. */
void                  strata_aws_eks_clusters_push_tags_async   (StrataAwsEksClusters         *self,
                                                                 StrataCluster                *edited,
                                                                 const char * const           *before,
                                                                 GCancellable                 *cancellable,
                                                                 GAsyncReadyCallback           callback,
                                                                 gpointer                      user_data);
gboolean              strata_aws_eks_clusters_push_tags_finish  (StrataAwsEksClusters         *self,
                                                                 GAsyncResult                 *result,
                                                                 GError                      **error);

/* What a Kubernetes endpoint needs for the record: DescribeCluster's
 * endpoint and CA (PEM), and a provider of the cluster's bearer tokens. */
void                  strata_aws_eks_clusters_connect_async     (StrataAwsEksClusters         *self,
                                                                 StrataCluster                *cluster,
                                                                 GCancellable                 *cancellable,
                                                                 GAsyncReadyCallback           callback,
                                                                 gpointer                      user_data);
gboolean              strata_aws_eks_clusters_connect_finish    (StrataAwsEksClusters         *self,
                                                                 GAsyncResult                 *result,
                                                                 char                        **server,
                                                                 char                        **ca_pem,
                                                                 StrataTokenProvider         **provider,
                                                                 GError                      **error);

/* The EKS name of a record: the last part of its ARN. */
const char           *strata_aws_eks_cluster_name               (StrataCluster                *cluster);

G_END_DECLS
