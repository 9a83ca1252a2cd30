/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-chart-cache.h"
#include "strata-chart-index.h"
#include "strata-profile-version.h"
#include "strata-registry-list.h"

G_BEGIN_DECLS

/* A chart repository (or a pack registry, same shape) reached by URL:
 * URL/index.yaml fetched with libsoup and kept in the cache
 * (strata-chart-cache.h), archives downloaded into the cache and checked
 * against the index's sha256 digest. When the network fails the cached
 * index is used and a warning says how old it is, so that everything works
 * offline once fetched. A password, when the registry has one, comes only
 * from the keyring, and is sent only to the repository's own host. */

#define STRATA_TYPE_CHART_REPOSITORY (strata_chart_repository_get_type ())
G_DECLARE_FINAL_TYPE (StrataChartRepository, strata_chart_repository, STRATA, CHART_REPOSITORY, GObject)

StrataChartRepository *strata_chart_repository_new              (const StrataRegistryEntry *entry);
const char            *strata_chart_repository_get_name         (StrataChartRepository     *self);
const char            *strata_chart_repository_get_url          (StrataChartRepository     *self);
StrataChartCacheArea   strata_chart_repository_get_area         (StrataChartRepository     *self);

/* Fetches the index; @warning (out) (optional) says when the cached copy
 * was used instead, and why. */
void                   strata_chart_repository_update_async     (StrataChartRepository     *self,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
StrataChartIndex      *strata_chart_repository_update_finish    (StrataChartRepository     *self,
                                                                 GAsyncResult              *result,
                                                                 char                     **warning,
                                                                 GError                   **error);
/* The cached index only, no network; NULL with an error naming the
 * repository when it was never fetched. */
StrataChartIndex      *strata_chart_repository_load_cached      (StrataChartRepository     *self,
                                                                 GError                   **error);

/* Makes CHART@VERSION (@version NULL: the latest release) available in the
 * cache: the index is updated, then the archive downloaded unless the
 * cached one matches the digest. Pack archives are also unpacked into
 * strata_chart_repository_dup_packs_folder(). Finishes with the entry's
 * version ("1.2.3") and @path the cached archive. */
void                   strata_chart_repository_fetch_async      (StrataChartRepository     *self,
                                                                 const char                *name,
                                                                 const char                *version,
                                                                 GCancellable              *cancellable,
                                                                 GAsyncReadyCallback        callback,
                                                                 gpointer                   user_data);
char                  *strata_chart_repository_fetch_finish     (StrataChartRepository     *self,
                                                                 GAsyncResult              *result,
                                                                 char                     **path,
                                                                 char                     **warning,
                                                                 GError                   **error);
/* A pack registry's unpacked packs, as StrataPackRegistry reads a folder:
 * FOLDER/NAME/VERSION/pack.yaml… */
char                  *strata_chart_repository_dup_packs_folder (StrataChartRepository     *self);

/* Makes every chart and pack a profile version takes from a registry by
 * URL ("REPO/CHART@VERSION" helm layers, "REGISTRY/NAME@VERSION" pack
 * layers) available in the cache, downloading only what is missing, so
 * that strata_chart_layer_render_async() — which reads the cache only —
 * can render the version. Call it before a render on a machine that may
 * not have fetched them. Fails on the first layer that cannot be fetched,
 * naming it; @warnings (out) (optional) (transfer full): the offline
 * notes, one per repository that was used from its cache. */
void                   strata_chart_repository_fetch_layers_async  (StrataRegistryList   *registries,
                                                                    StrataProfileVersion *version,
                                                                    GCancellable         *cancellable,
                                                                    GAsyncReadyCallback   callback,
                                                                    gpointer              user_data);
gboolean               strata_chart_repository_fetch_layers_finish (GAsyncResult         *result,
                                                                    GStrv                *warnings,
                                                                    GError              **error);

/* The keyring entry for a registry's password ("USER:PASSWORD"). */
void                   strata_chart_repository_store_credentials_async  (const char           *registry,
                                                                         const char           *username,
                                                                         const char           *password,
                                                                         GCancellable         *cancellable,
                                                                         GAsyncReadyCallback   callback,
                                                                         gpointer              user_data);
gboolean               strata_chart_repository_store_credentials_finish (GAsyncResult         *result,
                                                                         GError              **error);
void                   strata_chart_repository_clear_credentials_async  (const char           *registry,
                                                                         GCancellable         *cancellable,
                                                                         GAsyncReadyCallback   callback,
                                                                         gpointer              user_data);
gboolean               strata_chart_repository_clear_credentials_finish (GAsyncResult         *result,
                                                                         GError              **error);

G_END_DECLS
