/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-sandbox-store.h"

G_BEGIN_DECLS

#define STRATA_TYPE_SANDBOX_SERVER (strata_sandbox_server_get_type ())
G_DECLARE_FINAL_TYPE (StrataSandboxServer, strata_sandbox_server, STRATA, SANDBOX_SERVER, GObject)

/* The Kubernetes API of @store over HTTPS on loopback. Its certificate
 * authority and serving certificate live in @pki_folder, made on first
 * use. Its bearer token is new for every server and kept in memory only:
 * it reaches disk only in the kubeconfigs written for it. */
StrataSandboxServer *strata_sandbox_server_new            (StrataSandboxStore   *store,
                                                           const char           *pki_folder,
                                                           GError              **error);
/* @port: 0 for any free port. Listens on 127.0.0.1 only. */
gboolean             strata_sandbox_server_listen         (StrataSandboxServer  *self,
                                                           guint16               port,
                                                           GError              **error);
guint16              strata_sandbox_server_get_port       (StrataSandboxServer  *self);
StrataSandboxStore  *strata_sandbox_server_get_store      (StrataSandboxServer  *self);
/* "https://127.0.0.1:PORT" once listening. */
char                *strata_sandbox_server_get_url        (StrataSandboxServer  *self);
/* A kubeconfig (YAML) with the server, its CA and the token; context and
 * cluster named "strata-sandbox". */
char                *strata_sandbox_server_build_kubeconfig (StrataSandboxServer *self,
                                                             GError             **error);
/* The same, written owner-only. */
gboolean             strata_sandbox_server_write_kubeconfig (StrataSandboxServer  *self,
                                                             const char           *path,
                                                             GError              **error);
/* This server's bearer token. */
const char          *strata_sandbox_server_get_token        (StrataSandboxServer  *self);
/* Also accept @token, as kube-apiserver's --token-auth-file does: for
 * clients configured with a fixed token (the test suites). */
void                 strata_sandbox_server_add_token        (StrataSandboxServer  *self,
                                                             const char           *token);
/* Also accept EKS tokens, standing in for EKS cluster @name: see
 * strata-sandbox-eks-auth.h for what is checked. */
void                 strata_sandbox_server_add_eks_cluster  (StrataSandboxServer  *self,
                                                             const char           *name);
/* Where metrics.k8s.io answers come from: @func returns (transfer full) the
 * PodMetrics/NodeMetrics items for a kind ("PodMetrics", "NodeMetrics") and
 * namespace (NULL: all). Until one is set, the lists are empty. */
typedef GPtrArray *(*StrataSandboxMetricsFunc) (const char *kind,
                                                const char *namespace_,
                                                gpointer    user_data);
void                 strata_sandbox_server_set_metrics_func (StrataSandboxServer      *self,
                                                             StrataSandboxMetricsFunc  func,
                                                             gpointer                  user_data,
                                                             GDestroyNotify            destroy);

G_END_DECLS
