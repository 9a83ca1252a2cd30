/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-kube-client.h"

G_BEGIN_DECLS

#define STRATA_TYPE_KUBE_DISCOVERY (strata_kube_discovery_get_type ())
G_DECLARE_FINAL_TYPE (StrataKubeDiscovery, strata_kube_discovery, STRATA, KUBE_DISCOVERY, GObject)

/* The API discovery of one cluster, kept in memory and on disk under
 * @cache_folder. It belongs to @client and does not hold a reference to it. */
StrataKubeDiscovery *strata_kube_discovery_new            (StrataKubeClient     *client,
                                                           const char           *cache_folder);
const char          *strata_kube_discovery_get_cache_folder (StrataKubeDiscovery *self);

/* @api_version: (nullable): with it, @kind is the exact Kind; without it,
 * @kind may be a Kind, plural, singular or short name, optionally followed
 * by ".group" (as kubectl accepts them), matched in discovery order. */
void                 strata_kube_discovery_resolve_async  (StrataKubeDiscovery  *self,
                                                           const char           *api_version,
                                                           const char           *kind,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
StrataKubeResource  *strata_kube_discovery_resolve_finish (StrataKubeDiscovery  *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* How many times this discovery asked the server (for tests: concurrent
 * resolves share one fetch, a cache hit makes none). */
guint                strata_kube_discovery_get_n_fetches  (StrataKubeDiscovery  *self);

/* The server said a path from discovery does not exist: forget what is
 * known, so that the next resolve asks the server again. */
void                 strata_kube_discovery_invalidate     (StrataKubeDiscovery  *self);

G_END_DECLS
