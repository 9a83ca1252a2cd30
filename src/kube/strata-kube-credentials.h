/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-kube-endpoint.h"

G_BEGIN_DECLS

#define STRATA_TYPE_KUBE_CREDENTIALS (strata_kube_credentials_get_type ())
G_DECLARE_FINAL_TYPE (StrataKubeCredentials, strata_kube_credentials, STRATA, KUBE_CREDENTIALS, GObject)

/* How requests to one endpoint authenticate: a static token, a token file
 * (re-read on each get), basic auth, client certificates, or an exec
 * credential plugin (run with KUBERNETES_EXEC_INFO; its ExecCredential is
 * cached until status.expirationTimestamp, and run again after invalidate). */
StrataKubeCredentials *strata_kube_credentials_new        (StrataKubeEndpoint     *endpoint);

/* @authorization: (out) (transfer full) (nullable): the Authorization header
 *   value ("Bearer …" or "Basic …"), or NULL for none;
 * @certificate: (out) (transfer full) (nullable): a client certificate with
 *   its private key, or NULL. */
void                   strata_kube_credentials_get_async  (StrataKubeCredentials  *self,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
gboolean               strata_kube_credentials_get_finish (StrataKubeCredentials  *self,
                                                           GAsyncResult           *result,
                                                           char                  **authorization,
                                                           GTlsCertificate       **certificate,
                                                           GError                **error);
/* After a 401: forget the cached exec credential so the next get runs the
 * plugin again. Returns TRUE when a retry can help (an exec plugin or a
 * token file), FALSE when the credentials are static. */
gboolean               strata_kube_credentials_invalidate (StrataKubeCredentials  *self);

G_END_DECLS
