/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-kube-endpoint.h"

G_BEGIN_DECLS

/* A GTlsDatabase for one endpoint, set as the session's tls-database: it
 * trusts exactly the kubeconfig's certificate-authority (or the system's
 * anchors when the kubeconfig names none), checks the server's name against
 * tls-server-name when set, and accepts anything only when the kubeconfig
 * says insecure-skip-tls-verify. Never falls back to the system anchors when
 * a CA is given. */
GTlsDatabase    *strata_kube_tls_database_new           (StrataKubeEndpoint  *endpoint,
                                                         GError             **error);
/* A certificate with its private key from PEM text (client-certificate-data
 * + client-key-data), or NULL with a clear error. */
GTlsCertificate *strata_kube_tls_client_certificate_new (const char          *certificate_pem,
                                                         const char          *key_pem,
                                                         GError             **error);

G_END_DECLS
