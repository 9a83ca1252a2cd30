/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The sandbox's own certificate authority and credentials, made once with
 * GnuTLS in @pki_folder (keys owner-only, as kube-apiserver keeps its PKI):
 * ca.crt, ca.key, server.crt/.key for 127.0.0.1 and localhost,
 * client.crt/.key (an admin client certificate). No bearer token: see
 * strata_sandbox_tls_new_token(). */
gboolean         strata_sandbox_tls_ensure             (const char  *pki_folder,
                                                        GError     **error);
GTlsCertificate *strata_sandbox_tls_load_server        (const char  *pki_folder,
                                                        GError     **error);
/* (transfer full): a fresh random bearer token (48 hex digits), for one
 * run of the server; it is never written to the state. */
char            *strata_sandbox_tls_new_token          (GError     **error);
/* (transfer full): the contents of a file of @pki_folder, e.g. "ca.crt". */
char            *strata_sandbox_tls_read               (const char  *pki_folder,
                                                        const char  *name,
                                                        GError     **error);

G_END_DECLS
