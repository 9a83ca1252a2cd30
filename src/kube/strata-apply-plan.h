/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-object-change.h"
#include "strata-release-record.h"
#include "strata-rendered-set.h"

G_BEGIN_DECLS

#define STRATA_TYPE_APPLY_PLAN (strata_apply_plan_get_type ())
G_DECLARE_FINAL_TYPE (StrataApplyPlan, strata_apply_plan, STRATA, APPLY_PLAN, GObject)

/* What applying a rendered set would do, worked out by
 * strata_applier_plan_async() without changing the cluster: for every
 * rendered object, in apply order, whether it would be created, changed
 * (with the field diff the server's dry-run gives) or left unchanged; then
 * the objects of the current record's inventory that are no longer
 * rendered, to be pruned. */

/* (transfer none) (element-type StrataObjectChange) */
GListModel          *strata_apply_plan_get_changes     (StrataApplyPlan    *self);
guint                strata_apply_plan_count           (StrataApplyPlan    *self,
                                                        StrataObjectAction  action);
/* Anything to create, change or prune. */
gboolean             strata_apply_plan_has_changes     (StrataApplyPlan    *self);
/* (transfer none) */
StrataRenderedSet   *strata_apply_plan_get_set         (StrataApplyPlan    *self);
/* (transfer none) (nullable): the record the cluster has now */
StrataReleaseRecord *strata_apply_plan_get_record      (StrataApplyPlan    *self);
/* The set's render hash differs from the record's (or there is none). */
gboolean             strata_apply_plan_is_pending      (StrataApplyPlan    *self);
/* Per layer, current configuration (the record's effective values) against
 * pending configuration (the set's), as a unified diff labelled
 * "current/LAYER" and "pending/LAYER"; "" when they are the same. A layer
 * only on one side diffs against nothing. (transfer full) */
char                *strata_apply_plan_get_values_diff (StrataApplyPlan    *self,
                                                        const char         *layer);

G_END_DECLS
