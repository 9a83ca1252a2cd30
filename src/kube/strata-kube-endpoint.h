/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-token-provider.h"

G_BEGIN_DECLS

#define STRATA_TYPE_KUBE_ENDPOINT (strata_kube_endpoint_get_type ())
G_DECLARE_FINAL_TYPE (StrataKubeEndpoint, strata_kube_endpoint, STRATA, KUBE_ENDPOINT, GObject)

/* Everything needed to reach one cluster as one user: a kubeconfig context
 * resolved, with file references already read (paths resolved against the
 * folder of the kubeconfig that named them). Immutable once built. */

StrataKubeEndpoint *strata_kube_endpoint_new                     (const char         *server);
const char         *strata_kube_endpoint_get_server              (StrataKubeEndpoint *self);
const char         *strata_kube_endpoint_get_context_name        (StrataKubeEndpoint *self);
const char         *strata_kube_endpoint_get_cluster_name        (StrataKubeEndpoint *self);
const char         *strata_kube_endpoint_get_user_name           (StrataKubeEndpoint *self);
/* The context's default namespace, or NULL ("default"). */
const char         *strata_kube_endpoint_get_namespace           (StrataKubeEndpoint *self);
/* PEM text, or NULL. */
const char         *strata_kube_endpoint_get_certificate_authority (StrataKubeEndpoint *self);
const char         *strata_kube_endpoint_get_client_certificate  (StrataKubeEndpoint *self);
const char         *strata_kube_endpoint_get_client_key          (StrataKubeEndpoint *self);
const char         *strata_kube_endpoint_get_token               (StrataKubeEndpoint *self);
/* Re-read on every use: tokens in files rotate. */
const char         *strata_kube_endpoint_get_token_file          (StrataKubeEndpoint *self);
const char         *strata_kube_endpoint_get_username            (StrataKubeEndpoint *self);
const char         *strata_kube_endpoint_get_password            (StrataKubeEndpoint *self);
/* The user's "exec" stanza as written in the kubeconfig (apiVersion,
 * command, args, env, installHint, provideClusterInfo), or NULL. */
JsonNode           *strata_kube_endpoint_get_exec                (StrataKubeEndpoint *self);
gboolean            strata_kube_endpoint_get_insecure_skip_tls_verify (StrataKubeEndpoint *self);
const char         *strata_kube_endpoint_get_tls_server_name     (StrataKubeEndpoint *self);
const char         *strata_kube_endpoint_get_proxy_url           (StrataKubeEndpoint *self);
/* The folder of the kubeconfig file, for exec commands with relative paths. */
const char         *strata_kube_endpoint_get_base_folder         (StrataKubeEndpoint *self);

/* Builders, for code that makes endpoints (the sandbox, EKS, tests). */
void strata_kube_endpoint_set_names            (StrataKubeEndpoint *self,
                                                const char         *context,
                                                const char         *cluster,
                                                const char         *user);
void strata_kube_endpoint_set_namespace        (StrataKubeEndpoint *self,
                                                const char         *namespace_);
void strata_kube_endpoint_set_certificate_authority (StrataKubeEndpoint *self,
                                                     const char         *pem);
void strata_kube_endpoint_set_client_certificate (StrataKubeEndpoint *self,
                                                  const char         *certificate_pem,
                                                  const char         *key_pem);
void strata_kube_endpoint_set_token            (StrataKubeEndpoint *self,
                                                const char         *token);
void strata_kube_endpoint_set_token_file       (StrataKubeEndpoint *self,
                                                const char         *path);
void strata_kube_endpoint_set_basic_auth       (StrataKubeEndpoint *self,
                                                const char         *username,
                                                const char         *password);
void strata_kube_endpoint_set_exec             (StrataKubeEndpoint *self,
                                                JsonNode           *exec,
                                                const char         *base_folder);
void strata_kube_endpoint_set_insecure_skip_tls_verify (StrataKubeEndpoint *self,
                                                        gboolean            insecure);
void strata_kube_endpoint_set_tls_server_name  (StrataKubeEndpoint *self,
                                                const char         *name);
void strata_kube_endpoint_set_proxy_url        (StrataKubeEndpoint *self,
                                                const char         *url);

/* Bearer tokens made on demand (an EKS token from AWS keys): they take
 * precedence over every other credential but client certificates, and are
 * never written to a kubeconfig (give an exported endpoint an exec stanza
 * that makes the same token instead). */
void                 strata_kube_endpoint_set_token_provider (StrataKubeEndpoint  *self,
                                                              StrataTokenProvider *provider);
StrataTokenProvider *strata_kube_endpoint_get_token_provider (StrataKubeEndpoint  *self);

/* A kubeconfig holding just this endpoint (certificates and keys inlined as
 * *-data), written atomically with mode 0600; kubectl accepts it. */
char     *strata_kube_endpoint_to_kubeconfig   (StrataKubeEndpoint  *self,
                                                GError             **error);
gboolean  strata_kube_endpoint_write_kubeconfig (StrataKubeEndpoint  *self,
                                                 const char          *path,
                                                 GError             **error);

G_END_DECLS
