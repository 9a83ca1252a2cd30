/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cluster-connect.h"
#include "strata-kubeconfig.h"

static StrataKubeEndpoint *
endpoint_from_kubeconfig (StrataCluster  *cluster,
                          const char     *path,
                          const char     *context,
                          GError        **error)
{
  const char *paths[] = { path, NULL };
  g_autoptr(StrataKubeconfig) config = NULL;
  g_autoptr(GError) local_error = NULL;
  StrataKubeEndpoint *endpoint;

  if ((config = strata_kubeconfig_load (paths, &local_error)) == NULL ||
      (endpoint = strata_kubeconfig_resolve (config, context, &local_error)) == NULL)
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG,
                   _("Cannot reach cluster “%s” through its kubeconfig: %s"),
                   strata_cluster_get_name (cluster), local_error->message);
      return NULL;
    }

  return endpoint;
}

static StrataKubeEndpoint *
endpoint_from_sandbox (StrataCluster  *cluster,
                       GError        **error)
{
  g_autofree char *path = strata_cluster_dup_sandbox_kubeconfig_path ();

  /* The sandbox writes it while it serves and removes it when it stops. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONNECTION,
                   _("Cluster “%s” is the sandbox, which is not running (no %s): start it with "
                     "“strata-cli sandbox serve” or the Strata app"),
                   strata_cluster_get_name (cluster), path);
      return NULL;
    }

  return endpoint_from_kubeconfig (cluster, path, NULL, error);
}

/**
 * strata_cluster_dup_eks_endpoint:
 *
 * Returns: (transfer full): the endpoint of an EKS cluster
 */
StrataKubeEndpoint *
strata_cluster_dup_eks_endpoint (StrataCluster  *cluster,
                                 GError        **error)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (cluster), NULL);
  g_return_val_if_fail (strata_cluster_get_source (cluster) == STRATA_CLUSTER_SOURCE_EKS, NULL);

  g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG,
               _("Cluster “%s” is on EKS (%s): EKS clusters need the AWS support, which this build "
                 "of Strata does not have yet; import a kubeconfig for it instead"),
               strata_cluster_get_name (cluster), strata_cluster_get_eks_arn (cluster));
  return NULL;
}

/**
 * strata_cluster_dup_endpoint:
 *
 * Returns: (transfer full): where the record's cluster is reached
 */
StrataKubeEndpoint *
strata_cluster_dup_endpoint (StrataCluster  *cluster,
                             GError        **error)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (cluster), NULL);

  switch (strata_cluster_get_source (cluster))
    {
    case STRATA_CLUSTER_SOURCE_KUBECONFIG:
      return endpoint_from_kubeconfig (cluster, strata_cluster_get_kubeconfig_path (cluster),
                                       strata_cluster_get_kubeconfig_context (cluster), error);

    case STRATA_CLUSTER_SOURCE_SANDBOX:
      return endpoint_from_sandbox (cluster, error);

    case STRATA_CLUSTER_SOURCE_EKS:
      return strata_cluster_dup_eks_endpoint (cluster, error);

    default:
      g_assert_not_reached ();
    }
}

/**
 * strata_cluster_connect:
 *
 * Returns: (transfer full): a client for the record's cluster
 */
StrataKubeClient *
strata_cluster_connect (StrataCluster  *cluster,
                        GError        **error)
{
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autoptr(GError) local_error = NULL;
  StrataKubeClient *client;

  g_return_val_if_fail (STRATA_IS_CLUSTER (cluster), NULL);

  if ((endpoint = strata_cluster_dup_endpoint (cluster, error)) == NULL)
    return NULL;

  if ((client = strata_kube_client_new (endpoint, &local_error)) == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, _("Cannot reach cluster “%s”: %s"),
                   strata_cluster_get_name (cluster), local_error->message);
      return NULL;
    }

  return client;
}
