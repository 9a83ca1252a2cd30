/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-cluster.h"
#include "strata-store.h"

G_BEGIN_DECLS

#define STRATA_TYPE_CLUSTER_STORE (strata_cluster_store_get_type ())
G_DECLARE_FINAL_TYPE (StrataClusterStore, strata_cluster_store, STRATA, CLUSTER_STORE, GObject)

/* Layout under the profile store's root:
 *   clusters/NAME.yaml   one record per cluster
 * The profile store is where attach and override look up versions and
 * layers; load it too before using those. */
StrataClusterStore *strata_cluster_store_new               (StrataStore          *profiles);
const char         *strata_cluster_store_get_root          (StrataClusterStore   *self);
StrataStore        *strata_cluster_store_get_profile_store (StrataClusterStore   *self);
/* (transfer none): StrataCluster items sorted by name. */
GListModel         *strata_cluster_store_get_clusters      (StrataClusterStore   *self);
StrataCluster      *strata_cluster_store_find_cluster      (StrataClusterStore   *self,
                                                            const char           *name);
/* (transfer none): a GError for every cluster file the last load could not
 * read. Those files are left untouched and no save ever overwrites them. */
GPtrArray          *strata_cluster_store_get_problems      (StrataClusterStore   *self);

void                strata_cluster_store_load_async        (StrataClusterStore   *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean            strata_cluster_store_load_finish       (StrataClusterStore   *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* Writes a new record; on success @cluster itself joins the model. */
void                strata_cluster_store_add_async         (StrataClusterStore   *self,
                                                            StrataCluster        *cluster,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean            strata_cluster_store_add_finish        (StrataClusterStore   *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* @edited: the stored cluster itself, or a working copy of it
 * (strata_cluster_copy); on success the stored cluster takes its content, so
 * the model only ever shows what is on disk. */
void                strata_cluster_store_save_async        (StrataClusterStore   *self,
                                                            StrataCluster        *edited,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean            strata_cluster_store_save_finish       (StrataClusterStore   *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* Forgets the record; nothing changes in the cluster itself. */
void                strata_cluster_store_remove_async      (StrataClusterStore   *self,
                                                            StrataCluster        *cluster,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean            strata_cluster_store_remove_finish     (StrataClusterStore   *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* Edits of a working copy that need the profiles; save the copy after.
 *
 * Attaching checks that the version exists. Overrides of layers the version
 * does not have are dropped; @dropped (optional) lists them. */
gboolean            strata_cluster_store_attach_profile    (StrataClusterStore   *self,
                                                            StrataCluster        *cluster,
                                                            const char           *profile,
                                                            const char           *version,
                                                            GStrv                *dropped,
                                                            GError              **error);
/* Checks that @values is one YAML mapping (or empty) and that the attached
 * version has @layer. @values NULL removes the override, which needs no
 * check but that there is one. */
gboolean            strata_cluster_store_set_override      (StrataClusterStore   *self,
                                                            StrataCluster        *cluster,
                                                            const char           *layer,
                                                            const char           *values,
                                                            GError              **error);

/* Whether a cluster uses @profile (at @version, or at any version when NULL);
 * @cluster_name (optional) gets the first such cluster's name. A profile in
 * use cannot be deleted. */
gboolean            strata_cluster_store_profile_in_use    (StrataClusterStore   *self,
                                                            const char           *profile,
                                                            const char           *version,
                                                            char                **cluster_name);

G_END_DECLS
