/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-applier.h"
#include "strata-apply-plan.h"
#include "strata-cluster.h"

G_BEGIN_DECLS

typedef enum
{
  STRATA_CLUSTER_PLAN_DEFAULT         = 0,
  /* Keep every override, even of layers an in-place edit changed. */
  STRATA_CLUSTER_PLAN_CARRY_OVERRIDES = 1 << 0,
} StrataClusterPlanFlags;

#define STRATA_TYPE_CLUSTER_PLAN (strata_cluster_plan_get_type ())
G_DECLARE_FINAL_TYPE (StrataClusterPlan, strata_cluster_plan, STRATA, CLUSTER_PLAN, GObject)

/* The review of a pending update of one cluster, made by
 * strata_cluster_manager_plan_async(): per layer, the current
 * configuration (the release record's effective values) against the
 * pending one (what would be applied), and per object what a server-side
 * dry-run says applying would do (see StrataApplyPlan).
 *
 * Overrides on an in-place update (DESIGN §1 "Override"): when the
 * attached version was edited in place since the release (the record's
 * revision is not the version's) and an edit changed the values of a
 * layer the cluster overrides, the pending configuration drops that
 * override, as Palette does, and the plan says so; made with
 * STRATA_CLUSTER_PLAN_CARRY_OVERRIDES it keeps the override instead (and
 * says that too). Applying a plan that dropped an override removes it
 * from the cluster record once the apply succeeded.
 *
 * Apply it with strata_cluster_manager_apply_async(); progress comes from
 * the signals of its applier. */
StrataCluster          *strata_cluster_plan_get_cluster      (StrataClusterPlan *self);
StrataClusterPlanFlags  strata_cluster_plan_get_flags        (StrataClusterPlan *self);
/* (transfer none) */
StrataApplyPlan        *strata_cluster_plan_get_apply_plan   (StrataClusterPlan *self);
StrataApplier          *strata_cluster_plan_get_applier      (StrataClusterPlan *self);
StrataRenderedSet      *strata_cluster_plan_get_set          (StrataClusterPlan *self);
/* (nullable): the release the cluster has now. */
StrataReleaseRecord    *strata_cluster_plan_get_record       (StrataClusterPlan *self);
/* What would be applied differs from the release (or there is none), or
 * an object would be created, changed or pruned. */
gboolean                strata_cluster_plan_is_pending       (StrataClusterPlan *self);
/* (transfer full): the layers whose current and pending configurations
 * differ: the pending set's in install order, then those only the
 * release has. */
GStrv                   strata_cluster_plan_list_changed_layers (StrataClusterPlan *self);
/* (transfer full): see strata_apply_plan_get_values_diff(). */
char                   *strata_cluster_plan_get_values_diff  (StrataClusterPlan *self,
                                                              const char        *layer);
/* (transfer full): the layers whose override the pending configuration
 * drops, and those whose override it carries forward although the
 * profile changed the layer; sorted. */
GStrv                   strata_cluster_plan_list_dropped_overrides (StrataClusterPlan *self);
GStrv                   strata_cluster_plan_list_carried_overrides (StrataClusterPlan *self);
/* The first revision since the release that changed @layer's values;
 * 0 when the rule does not concern the layer. */
guint                   strata_cluster_plan_get_changed_revision   (StrataClusterPlan *self,
                                                                    const char        *layer);
/* (transfer none): one sentence per dropped or carried override, e.g.
 * "override for layer web is dropped: the profile changed this layer in
 * revision 2". */
const char * const     *strata_cluster_plan_get_notes        (StrataClusterPlan *self);
/* {cluster, profile, version, revision, pending, carryOverrides, release
 * (number/version/revision/hash or null), hash, notes, overrides:
 * {dropped, carried}, layers: [{name, diff}], objects: [{action, layer,
 * kind, namespace, name, diff}]} */
JsonNode               *strata_cluster_plan_to_json          (StrataClusterPlan *self);

G_END_DECLS
