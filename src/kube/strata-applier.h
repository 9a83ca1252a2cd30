/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-apply-plan.h"
#include "strata-kube-client.h"
#include "strata-release-record.h"
#include "strata-rendered-set.h"

G_BEGIN_DECLS

#define STRATA_TYPE_APPLIER (strata_applier_get_type ())
G_DECLARE_FINAL_TYPE (StrataApplier, strata_applier, STRATA, APPLIER, GObject)

/* Applies rendered sets to one cluster, by server-side apply (fieldManager
 * "strata", force), in waves: by install priority, then by kind rank
 * inside it (see strata_rendered_set_kind_rank()); a wave that applied
 * CRDs waits for them to be Established and served before the next. Up to
 * "max-concurrency" objects of a wave are in flight at once.
 *
 * For a set with a profile: objects of the current release record's
 * inventory that are no longer rendered are deleted after every wave, and
 * the new release record is written last. A failure stops the apply: no
 * new object starts, nothing is pruned, the previous record stays, and the
 * error names the object and says how many were applied (the
 * "object-applied" signals said which). Applying again converges.
 *
 * Signals, on the main context the apply started from:
 *   "layer-started" (StrataRenderedLayer *layer, guint n_objects): its
 *     first object is about to be applied;
 *   "object-applied" (StrataRenderedLayer *layer, guint index, JsonNode
 *     *applied): object @index of @layer, as the server returned it;
 *   "layer-finished" (StrataRenderedLayer *layer, guint n_applied, guint
 *     n_objects): every started layer finishes, with n_applied < n_objects
 *     when the apply failed;
 *   "object-pruned" (JsonNode *entry): an inventory entry, deleted. */
StrataApplier       *strata_applier_new                 (StrataKubeClient     *client);
StrataKubeClient    *strata_applier_get_client          (StrataApplier        *self);
/* Objects in flight at once; 0 (the default): four times as many as the
 * client sends at once, so that its queue never runs dry. */
guint                strata_applier_get_max_concurrency (StrataApplier        *self);
void                 strata_applier_set_max_concurrency (StrataApplier        *self,
                                                         guint                 max_concurrency);

/* What applying @set would do, by server-side dry-run: nothing changes in
 * the cluster. An object the server rejects fails the plan, naming it. A
 * custom resource whose CRD is in @set but not yet in the cluster, and an
 * object in a namespace still to be created, count as created. */
void                 strata_applier_plan_async          (StrataApplier        *self,
                                                         StrataRenderedSet    *set,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
StrataApplyPlan     *strata_applier_plan_finish         (StrataApplier        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void                 strata_applier_apply_async         (StrataApplier        *self,
                                                         StrataRenderedSet    *set,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
/* @record: (out) (optional) (transfer full) (nullable): the release record
 * written (NULL for a set without a profile). */
gboolean             strata_applier_apply_finish        (StrataApplier        *self,
                                                         GAsyncResult         *result,
                                                         StrataReleaseRecord **record,
                                                         GError              **error);

G_END_DECLS
