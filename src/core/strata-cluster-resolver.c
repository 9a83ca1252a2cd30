/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-cluster-resolver.h"

G_DEFINE_INTERFACE (StrataClusterResolver, strata_cluster_resolver, G_TYPE_OBJECT)

static void
strata_cluster_resolver_default_init (StrataClusterResolverInterface *iface)
{
}

void
strata_cluster_resolver_resolve_async (StrataClusterResolver *self,
                                       StrataCluster         *cluster,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  g_return_if_fail (STRATA_IS_CLUSTER_RESOLVER (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  STRATA_CLUSTER_RESOLVER_GET_IFACE (self)->resolve_async (self, cluster, cancellable, callback, user_data);
}

/**
 * strata_cluster_resolver_resolve_finish:
 * @server: (out) (transfer full): the API server URL
 * @ca_pem: (out) (transfer full) (nullable): its certificate authority (PEM)
 * @provider: (out) (transfer full) (nullable): the cluster's bearer tokens
 *
 * Returns: whether the cluster was found; on failure the outs are %NULL
 */
gboolean
strata_cluster_resolver_resolve_finish (StrataClusterResolver  *self,
                                        GAsyncResult           *result,
                                        char                  **server,
                                        char                  **ca_pem,
                                        StrataTokenProvider   **provider,
                                        GError                **error)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_RESOLVER (self), FALSE);
  g_return_val_if_fail (server != NULL && ca_pem != NULL && provider != NULL, FALSE);

  *server = NULL;
  *ca_pem = NULL;
  *provider = NULL;

  return STRATA_CLUSTER_RESOLVER_GET_IFACE (self)->resolve_finish (self, result, server, ca_pem, provider, error);
}
