/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Where chart repositories and pack registries by URL are cached, so that
 * rendering works offline and core never needs the network:
 *   CACHE/charts/REPO/index.yaml           the last index fetched
 *   CACHE/charts/REPO/CHART-VERSION.tgz    archives, checked against it
 *   CACHE/packs/REGISTRY/…                 the same for pack registries
 * CACHE is $STRATA_CACHE_DIR, else $XDG_CACHE_HOME/strata. Filling it is
 * the job of src/kube/strata-chart-repository; reading it is core's. */

typedef enum
{
  STRATA_CHART_CACHE_CHARTS,
  STRATA_CHART_CACHE_PACKS,
} StrataChartCacheArea;

char     *strata_chart_cache_dup_root          (void);
char     *strata_chart_cache_dup_folder        (StrataChartCacheArea  area,
                                                const char           *repository);
/* A pack registry's unpacked packs, a folder StrataPackRegistry reads:
 * CACHE/packs/REGISTRY/packs/NAME/VERSION/pack.yaml… */
char     *strata_chart_cache_dup_packs_folder  (const char           *registry);
char     *strata_chart_cache_dup_index_path    (StrataChartCacheArea  area,
                                                const char           *repository);
char     *strata_chart_cache_dup_archive_path  (StrataChartCacheArea  area,
                                                const char           *repository,
                                                const char           *name,
                                                const char           *version);
/* Creates the folder @path will be written to. */
gboolean  strata_chart_cache_ensure_parent      (const char           *path,
                                                GError              **error);
/* Checks @data against the index entry's "digest" (sha256, hex), as helm
 * does; an entry without a digest cannot be checked and passes. */
gboolean  strata_chart_cache_check_digest      (GBytes               *data,
                                                JsonObject           *entry,
                                                const char           *what,
                                                GError              **error);
/* "REPO/CHART[@VERSION]" → the cached archive's path, after finding the
 * version in the cached index and checking the archive's digest. Fails
 * naming the chart when the index or the archive is not cached yet. */
char     *strata_chart_cache_resolve           (const char           *reference,
                                                GError              **error);

G_END_DECLS
