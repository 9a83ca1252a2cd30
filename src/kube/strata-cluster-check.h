/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-cluster.h"
#include "strata-release-record.h"

G_BEGIN_DECLS

#define STRATA_TYPE_CLUSTER_CHECK (strata_cluster_check_get_type ())
G_DECLARE_FINAL_TYPE (StrataClusterCheck, strata_cluster_check, STRATA, CLUSTER_CHECK, GObject)

/* What strata_cluster_manager_check_async() found out about one cluster:
 *   running            reachable, and what is applied is what the profile
 *                      gives now (or no profile is attached);
 *   updates-available  what would be applied differs from the release
 *                      record — an in-place profile edit, another version
 *                      attached, an override saved without applying — or
 *                      nothing was applied yet ("no release yet");
 *   drifted            the release is current but live objects no longer
 *                      match it (a server-side dry-run would change them);
 *   unreachable        no connection: refused, DNS, TLS, timeout, or the
 *                      sandbox is not running;
 *   error              reachable, but something else failed (a kubeconfig
 *                      gone, credentials refused, a layer that does not
 *                      render, a damaged release record).
 * The reason says why, in words a user can act on. */
const char          *strata_cluster_check_get_cluster_name (StrataClusterCheck *self);
StrataClusterStatus  strata_cluster_check_get_status       (StrataClusterCheck *self);
/* "Updates available", as the window shows it. */
const char          *strata_cluster_check_get_label        (StrataClusterCheck *self);
const char          *strata_cluster_check_get_reason       (StrataClusterCheck *self);
/* (nullable): the cluster's release record; NULL when nothing was applied
 * or it could not be read. */
StrataReleaseRecord *strata_cluster_check_get_record       (StrataClusterCheck *self);
/* (nullable): the render hash of what would be applied now. */
const char          *strata_cluster_check_get_pending_hash (StrataClusterCheck *self);
/* (transfer none) (element-type StrataObjectChange): drifted objects. */
GListModel          *strata_cluster_check_get_drift        (StrataClusterCheck *self);
/* Overrides the pending configuration drops (see StrataClusterPlan), as
 * sentences; empty when none. */
const char * const  *strata_cluster_check_get_notes        (StrataClusterCheck *self);
/* {cluster, status, label, reason, release: {number, profile, version,
 * revision, hash, appliedAt} or null, pendingHash, drift: [descriptions],
 * notes: [...]} */
JsonNode            *strata_cluster_check_to_json          (StrataClusterCheck *self);

/* "Updates available" for STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE. */
const char          *strata_cluster_check_status_label     (StrataClusterStatus status);

G_END_DECLS
