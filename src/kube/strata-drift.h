/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-kube-client.h"
#include "strata-object-change.h"
#include "strata-release-record.h"

G_BEGIN_DECLS

/* Drift: live objects that no longer match what was applied (someone ran
 * kubectl edit). Each object of @record (NULL: the cluster's current
 * record) is applied again by server-side dry-run (fieldManager "strata",
 * force); an object whose result differs from live has drifted
 * (STRATA_OBJECT_ACTION_CHANGE, with the diff from live to what applying
 * would restore), one that is gone is STRATA_OBJECT_ACTION_CREATE.
 * Fields that others added and strata never set are not drift.
 *
 * Returns (transfer full) (element-type StrataObjectChange) the drifted
 * objects in the record's order: an empty list when nothing drifted or
 * the cluster has no record. */
void        strata_drift_detect_async  (StrataKubeClient     *client,
                                        StrataReleaseRecord  *record,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
GListModel *strata_drift_detect_finish (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
