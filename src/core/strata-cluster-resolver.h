/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-cluster.h"
#include "strata-token-provider.h"

G_BEGIN_DECLS

#define STRATA_TYPE_CLUSTER_RESOLVER (strata_cluster_resolver_get_type ())
G_DECLARE_INTERFACE (StrataClusterResolver, strata_cluster_resolver, STRATA, CLUSTER_RESOLVER, GObject)

/* Where the API server of a record is that only a cloud can say (an EKS
 * cluster: DescribeCluster's endpoint and CA, and bearer tokens signed
 * with the user's keys). It lives in core so that kube can ask and aws
 * answer without either knowing the other; the caller (the application,
 * strata-cli) gives one to the cluster manager. */
struct _StrataClusterResolverInterface
{
  GTypeInterface parent_iface;

  void     (*resolve_async)  (StrataClusterResolver  *self,
                              StrataCluster          *cluster,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data);
  gboolean (*resolve_finish) (StrataClusterResolver  *self,
                              GAsyncResult           *result,
                              char                  **server,
                              char                  **ca_pem,
                              StrataTokenProvider   **provider,
                              GError                **error);
};

void     strata_cluster_resolver_resolve_async  (StrataClusterResolver  *self,
                                                 StrataCluster          *cluster,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
/* @server: (out) (transfer full): the API server URL;
 * @ca_pem: (out) (transfer full) (nullable): its certificate authority;
 * @provider: (out) (transfer full) (nullable): its bearer tokens. */
gboolean strata_cluster_resolver_resolve_finish (StrataClusterResolver  *self,
                                                 GAsyncResult           *result,
                                                 char                  **server,
                                                 char                  **ca_pem,
                                                 StrataTokenProvider   **provider,
                                                 GError                **error);

G_END_DECLS
