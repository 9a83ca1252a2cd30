/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-kube-client.h"
#include "strata-kube-discovery.h"

G_BEGIN_DECLS

/* One request through the client: credentials, TLS, the concurrency queue,
 * the timeout and error translation. @path starts with "/" and may carry a
 * query. @resource (nullable) names the kind the path serves, so that a
 * plain-text 404 can say the server does not serve it. Returns the body of
 * a 2xx answer; anything else is a STRATA_KUBE_ERROR that names @what and
 * the server. */
void          _strata_kube_client_send_async        (StrataKubeClient    *self,
                                                     const char          *method,
                                                     const char          *path,
                                                     StrataKubeResource  *resource,
                                                     const char          *content_type,
                                                     GBytes              *body,
                                                     const char          *what,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GBytes       *_strata_kube_client_send_finish       (StrataKubeClient    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* A GET whose body is a long-lived stream (a watch): it does not take a
 * place in the queue and the timeout only runs until the headers arrive. */
void          _strata_kube_client_open_stream_async  (StrataKubeClient    *self,
                                                      const char          *path,
                                                      StrataKubeResource  *resource,
                                                      const char          *what,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GInputStream *_strata_kube_client_open_stream_finish (StrataKubeClient    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* For tests: the discovery behind resolve, and how many requests hold one
 * of the max-concurrency places right now. */
StrataKubeDiscovery *_strata_kube_client_get_discovery (StrataKubeClient *self);
/* The server URL without a trailing "/". */
const char          *_strata_kube_client_get_server    (StrataKubeClient *self);
guint                _strata_kube_client_get_in_flight (StrataKubeClient *self);

/* "ConfigMap default/demo", for messages. */
char         *_strata_kube_client_describe          (const char          *kind,
                                                     const char          *namespace_,
                                                     const char          *name);

G_END_DECLS
