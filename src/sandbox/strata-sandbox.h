/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-sandbox-server.h"
#include "strata-sandbox-store.h"

G_BEGIN_DECLS

/* The whole sandbox cluster as one object, for `strata-cli sandbox serve`
 * and for the app, which starts it on first run: the store in
 * STATE/store, the API server with its PKI in STATE/pki, and — unless
 * api-only — the simulated Nodes, controllers and metrics. While it
 * serves, STATE/kubeconfig (owner-only) reaches it: that is how cluster
 * records of source "sandbox" connect (strata_cluster_dup_sandbox_kubeconfig_path()).
 * It runs on the thread-default main context it was started from.
 *
 * Secrets (DESIGN: bearer tokens never on disk): the API server's bearer
 * token is made anew at every start and kept in memory only — the state
 * holds neither it nor a hash of it, so a token from an earlier run opens
 * nothing. The only files holding it are the kubeconfigs asked for:
 * STATE/kubeconfig, rewritten (0600) at each start and removed by
 * strata_sandbox_stop() (after a crash it stays, with a dead token, until
 * the next start), and any --kubeconfig-out of `strata-cli sandbox serve`.
 * The certificate authority's and the server's keys stay in STATE/pki,
 * owner-only like kube-apiserver's PKI, and so does the admin client
 * certificate's key; STATE itself is 0700. */
#define STRATA_TYPE_SANDBOX (strata_sandbox_get_type ())
G_DECLARE_FINAL_TYPE (StrataSandbox, strata_sandbox, STRATA, SANDBOX, GObject)

/* @state_folder: NULL for the default, see strata_sandbox_dup_default_folder(). */
StrataSandbox       *strata_sandbox_new                 (const char     *state_folder);
/* $XDG_DATA_HOME/strata/sandbox */
char                *strata_sandbox_dup_default_folder  (void);
const char          *strata_sandbox_get_state_folder    (StrataSandbox  *self);
/* Loads the state and listens on 127.0.0.1:@port (0: any free port);
 * @api_only: no controllers, like a bare kube-apiserver. Fails with a
 * message naming the folder or the port. */
gboolean             strata_sandbox_start               (StrataSandbox  *self,
                                                         guint16         port,
                                                         gboolean        api_only,
                                                         GError        **error);
gboolean             strata_sandbox_is_running          (StrataSandbox  *self);
/* Stops serving and removes STATE/kubeconfig; the state stays. */
void                 strata_sandbox_stop                (StrataSandbox  *self);
/* (nullable): while running. */
StrataSandboxServer *strata_sandbox_get_server          (StrataSandbox  *self);
StrataSandboxStore  *strata_sandbox_get_store           (StrataSandbox  *self);
/* STATE/kubeconfig. */
char                *strata_sandbox_dup_kubeconfig_path (StrataSandbox  *self);

G_END_DECLS
