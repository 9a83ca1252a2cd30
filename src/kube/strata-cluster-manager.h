/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-cluster-check.h"
#include "strata-cluster-plan.h"
#include "strata-cluster-resolver.h"
#include "strata-cluster-store.h"
#include "strata-pack-registry.h"
#include "strata-release-record.h"

G_BEGIN_DECLS

#define STRATA_TYPE_CLUSTER_MANAGER (strata_cluster_manager_get_type ())
G_DECLARE_FINAL_TYPE (StrataClusterManager, strata_cluster_manager, STRATA, CLUSTER_MANAGER, GObject)

/* What Strata does to the clusters of its records (DESIGN §1): status,
 * review, apply, overrides, history, uninstall. The records and profiles
 * come from @store (load both first), packs from @registry (loaded); each
 * operation connects to the cluster anew (strata_cluster_connect_async()),
 * so a kubeconfig edited or a sandbox restarted in between is followed. */
StrataClusterManager *strata_cluster_manager_new          (StrataClusterStore   *store,
                                                           StrataPackRegistry   *registry);
StrataClusterStore   *strata_cluster_manager_get_store    (StrataClusterManager *self);
StrataPackRegistry   *strata_cluster_manager_get_registry (StrataClusterManager *self);
/* Seconds before a request to a cluster without an answer fails; 0 (the
 * default) keeps the client's own (30). */
guint                 strata_cluster_manager_get_timeout  (StrataClusterManager *self);
void                  strata_cluster_manager_set_timeout  (StrataClusterManager *self,
                                                           guint                 seconds);
/* Where EKS records are reached (the AWS support implements it); without
 * one every operation on them fails saying so. */
StrataClusterResolver *strata_cluster_manager_get_resolver (StrataClusterManager  *self);
void                  strata_cluster_manager_set_resolver (StrataClusterManager  *self,
                                                           StrataClusterResolver *resolver);

/* Status: never fails but when cancelled; an unreachable cluster or a
 * failure is a status with its reason. The cluster's "status" and
 * "status-reason" take the result. */
void                  strata_cluster_manager_check_async  (StrataClusterManager *self,
                                                           StrataCluster        *cluster,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
StrataClusterCheck   *strata_cluster_manager_check_finish (StrataClusterManager *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* Review: renders the attached version with the overrides in effect
 * (see StrataClusterPlan for the in-place rule) and plans it by
 * server-side dry-run; nothing changes anywhere. Fails when no profile
 * is attached, the cluster cannot be reached, or a layer does not
 * render. */
void                  strata_cluster_manager_plan_async   (StrataClusterManager *self,
                                                           StrataCluster        *cluster,
                                                           StrataClusterPlanFlags flags,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
StrataClusterPlan    *strata_cluster_manager_plan_finish  (StrataClusterManager *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* Applies the plan's set (see strata_applier_apply_async(): waves, prune,
 * the release record written last; a failure keeps the previous record
 * and a retry converges), then removes the overrides the plan dropped
 * from the cluster record — those still as they were when planned.
 * @record: (out) (optional) (transfer full): the release record written. */
void                  strata_cluster_manager_apply_async  (StrataClusterManager *self,
                                                           StrataClusterPlan    *plan,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean              strata_cluster_manager_apply_finish (StrataClusterManager *self,
                                                           GAsyncResult         *result,
                                                           StrataReleaseRecord **record,
                                                           GError              **error);

/* Checks an override before it is saved: one YAML mapping, for a layer
 * of the attached version, and for a pack layer valid against the pack's
 * values.schema.json (over the pack's defaults). The error names the
 * layer and the path in the values. */
gboolean              strata_cluster_manager_validate_override (StrataClusterManager *self,
                                                                StrataCluster        *cluster,
                                                                const char           *layer,
                                                                const char           *values,
                                                                GError              **error);
/* Validates and stores the override (@values NULL removes it). Applying
 * it at once is a plan with STRATA_CLUSTER_PLAN_CARRY_OVERRIDES (the
 * override just saved must not be dropped), then an apply. */
void                  strata_cluster_manager_save_override_async  (StrataClusterManager *self,
                                                                   StrataCluster        *cluster,
                                                                   const char           *layer,
                                                                   const char           *values,
                                                                   GCancellable         *cancellable,
                                                                   GAsyncReadyCallback   callback,
                                                                   gpointer              user_data);
gboolean              strata_cluster_manager_save_override_finish (StrataClusterManager *self,
                                                                   GAsyncResult         *result,
                                                                   GError              **error);

/* (transfer full) (element-type StrataReleaseRecord): the release records
 * kept in the cluster, newest first. */
void                  strata_cluster_manager_history_async  (StrataClusterManager *self,
                                                             StrataCluster        *cluster,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GListModel           *strata_cluster_manager_history_finish (StrataClusterManager *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
/* What @record changed against the release before it (@previous, NULL for
 * the first): "upgrade 1.0.0 → 1.1.0; layer cost-analyzer added;
 * 12 objects created". (transfer full) */
char                 *strata_cluster_manager_describe_release (StrataReleaseRecord *record,
                                                               StrataReleaseRecord *previous);

/* Uninstall: deletes every object of the release record's inventory
 * (workloads first, then CRDs and namespaces), then every release record
 * Secret; the cluster record stays (remove it from the store after).
 * Objects already gone are no error. @n_deleted: (out) (optional): the
 * inventory objects deleted. "object-deleted" (JsonNode *entry) is
 * emitted for each. */
void                  strata_cluster_manager_uninstall_async  (StrataClusterManager *self,
                                                               StrataCluster        *cluster,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean              strata_cluster_manager_uninstall_finish (StrataClusterManager *self,
                                                               GAsyncResult         *result,
                                                               guint                *n_deleted,
                                                               GError              **error);

G_END_DECLS
