/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-cluster-resolver.h"
#include "strata-cluster.h"
#include "strata-kube-client.h"

G_BEGIN_DECLS

/* How Strata reaches the cluster of a record:
 *   kubeconfig  the recorded file and context, read now (a file edited
 *               since is followed; a context gone from it is an error);
 *   sandbox     the kubeconfig the running sandbox leaves at
 *               strata_cluster_dup_sandbox_kubeconfig_path(); none there
 *               means the sandbox is not running;
 *   eks         asked of a StrataClusterResolver (the AWS support), so
 *               only the async forms below reach it.
 *
 * Fails with STRATA_KUBE_ERROR_CONNECTION when the sandbox is not running,
 * STRATA_KUBE_ERROR_CONFIG when the record cannot be turned into an
 * endpoint; the message names the cluster and what to do.
 * Returns: (transfer full) */
StrataKubeEndpoint *strata_cluster_dup_endpoint     (StrataCluster  *cluster,
                                                     GError        **error);
/* An EKS record without a resolver: Kubernetes code cannot depend on the
 * AWS code (see ../shared/DESIGN.md §2), so the AWS support plugs in as a
 * StrataClusterResolver given to the async forms; this fails saying so. */
StrataKubeEndpoint *strata_cluster_dup_eks_endpoint (StrataCluster  *cluster,
                                                     GError        **error);
/* A client for the record's cluster (see strata_cluster_dup_endpoint()).
 * Returns: (transfer full) */
StrataKubeClient   *strata_cluster_connect          (StrataCluster  *cluster,
                                                     GError        **error);

/* The same for every source: EKS records through @resolver (endpoint, CA
 * and a token provider, so a 401 makes a new token), which may be NULL
 * for the others. Cancellable; the error names the cluster.
 * Returns: (transfer full) */
void                strata_cluster_dup_endpoint_async  (StrataCluster          *cluster,
                                                        StrataClusterResolver  *resolver,
                                                        GCancellable           *cancellable,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data);
StrataKubeEndpoint *strata_cluster_dup_endpoint_finish (GAsyncResult           *result,
                                                        GError                **error);
void                strata_cluster_connect_async       (StrataCluster          *cluster,
                                                        StrataClusterResolver  *resolver,
                                                        GCancellable           *cancellable,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data);
StrataKubeClient   *strata_cluster_connect_finish      (GAsyncResult           *result,
                                                        GError                **error);

G_END_DECLS
