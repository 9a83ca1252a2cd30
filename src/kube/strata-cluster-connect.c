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
               _("Cluster “%s” is on EKS (%s): EKS clusters need the AWS support, which was not "
                 "set up for this operation; use strata-cli or the Strata app, or import a kubeconfig for it"),
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

/* Async: every source, EKS through the resolver */

static void
on_resolved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataCluster *cluster = g_task_get_task_data (task);
  g_autoptr(StrataTokenProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *ca_pem = NULL;
  StrataKubeEndpoint *endpoint;

  if (!strata_cluster_resolver_resolve_finish (STRATA_CLUSTER_RESOLVER (object), result,
                                               &server, &ca_pem, &provider, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONNECTION,
                                 _("Cannot reach cluster “%s” on EKS (%s): %s"),
                                 strata_cluster_get_name (cluster), strata_cluster_get_eks_arn (cluster),
                                 error->message);
      return;
    }

  endpoint = strata_kube_endpoint_new (server);
  strata_kube_endpoint_set_names (endpoint, strata_cluster_get_name (cluster),
                                  strata_cluster_get_eks_arn (cluster), strata_cluster_get_name (cluster));
  if (ca_pem != NULL)
    strata_kube_endpoint_set_certificate_authority (endpoint, ca_pem);
  if (provider != NULL)
    strata_kube_endpoint_set_token_provider (endpoint, provider);
  g_task_return_pointer (task, endpoint, g_object_unref);
}

void
strata_cluster_dup_endpoint_async (StrataCluster         *cluster,
                                   StrataClusterResolver *resolver,
                                   GCancellable          *cancellable,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  StrataKubeEndpoint *endpoint;
  GError *error = NULL;

  g_return_if_fail (STRATA_IS_CLUSTER (cluster));
  g_return_if_fail (resolver == NULL || STRATA_IS_CLUSTER_RESOLVER (resolver));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_cluster_dup_endpoint_async);
  g_task_set_task_data (task, g_object_ref (cluster), g_object_unref);

  if (strata_cluster_get_source (cluster) == STRATA_CLUSTER_SOURCE_EKS && resolver != NULL)
    {
      strata_cluster_resolver_resolve_async (resolver, cluster, cancellable, on_resolved, g_steal_pointer (&task));
      return;
    }

  /* Kubeconfigs are small local files: read at once. */
  if ((endpoint = strata_cluster_dup_endpoint (cluster, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, endpoint, g_object_unref);
}

/**
 * strata_cluster_dup_endpoint_finish:
 *
 * Returns: (transfer full): where the record's cluster is reached
 */
StrataKubeEndpoint *
strata_cluster_dup_endpoint_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_cluster_dup_endpoint_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_endpoint (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataCluster *cluster = g_task_get_task_data (task);
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  StrataKubeClient *client;

  if (!(endpoint = strata_cluster_dup_endpoint_finish (result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if ((client = strata_kube_client_new (endpoint, &error)) == NULL)
    {
      g_task_return_new_error (task, error->domain, error->code, _("Cannot reach cluster “%s”: %s"),
                               strata_cluster_get_name (cluster), error->message);
      return;
    }

  g_task_return_pointer (task, client, g_object_unref);
}

void
strata_cluster_connect_async (StrataCluster         *cluster,
                              StrataClusterResolver *resolver,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (STRATA_IS_CLUSTER (cluster));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_cluster_connect_async);
  g_task_set_task_data (task, g_object_ref (cluster), g_object_unref);
  strata_cluster_dup_endpoint_async (cluster, resolver, cancellable, on_endpoint, task);
}

/**
 * strata_cluster_connect_finish:
 *
 * Returns: (transfer full): a client for the record's cluster
 */
StrataKubeClient *
strata_cluster_connect_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_cluster_connect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
