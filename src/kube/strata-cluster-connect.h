/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-cluster.h"
#include "strata-kube-client.h"

G_BEGIN_DECLS

/* How Strata reaches the cluster of a record:
 *   kubeconfig  the recorded file and context, read now (a file edited
 *               since is followed; a context gone from it is an error);
 *   sandbox     the kubeconfig the running sandbox leaves at
 *               strata_cluster_dup_sandbox_kubeconfig_path(); none there
 *               means the sandbox is not running;
 *   eks         the AWS support's job (see strata_cluster_dup_eks_endpoint()).
 *
 * Fails with STRATA_KUBE_ERROR_CONNECTION when the sandbox is not running,
 * STRATA_KUBE_ERROR_CONFIG when the record cannot be turned into an
 * endpoint; the message names the cluster and what to do.
 * Returns: (transfer full) */
StrataKubeEndpoint *strata_cluster_dup_endpoint     (StrataCluster  *cluster,
                                                     GError        **error);
/* An endpoint for an EKS record. Kubernetes code cannot depend on the AWS
 * code (see ../shared/DESIGN.md §2), so this is where the AWS support
 * plugs in; until it does, it fails saying so. */
StrataKubeEndpoint *strata_cluster_dup_eks_endpoint (StrataCluster  *cluster,
                                                     GError        **error);
/* A client for the record's cluster (see strata_cluster_dup_endpoint()).
 * Returns: (transfer full) */
StrataKubeClient   *strata_cluster_connect          (StrataCluster  *cluster,
                                                     GError        **error);

G_END_DECLS
