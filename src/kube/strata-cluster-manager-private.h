/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the cluster manager's files and its result objects share. */
#pragma once

#include "strata-cluster-check.h"
#include "strata-cluster-manager.h"
#include "strata-cluster-plan.h"
#include "strata-profile.h"
#include "strata-rendered-set.h"

G_BEGIN_DECLS

/* An override the in-place rule concerns: the profile changed its layer's
 * values in @revision since the release. */
typedef struct
{
  char     *layer;
  char     *values;    /* the override as it was when planned */
  guint     revision;
  gboolean  dropped;   /* else carried forward */
} StrataOverrideNote;

void                _strata_override_note_free  (StrataOverrideNote *note);
char               *_strata_override_note_describe (StrataOverrideNote *note);

/* What is about to be applied to a cluster, and what it runs now: the
 * first steps of a check and of a plan. */
typedef struct
{
  StrataCluster        *cluster;
  StrataClusterPlanFlags flags;
  StrataKubeClient     *client;
  char                 *kube_version;
  StrataReleaseRecord  *record;   /* nullable */
  char                 *damaged;  /* why the record there could not be read */
  StrataProfileVersion *version;  /* nullable: no profile attached */
  GListModel           *history;  /* earlier revisions, when the rule needs them */
  GPtrArray            *notes;    /* StrataOverrideNote */
  StrataRenderedSet    *set;      /* nullable: no profile attached */
} StrataClusterPending;

StrataClusterPending *_strata_cluster_pending_ref        (StrataClusterPending *pending);
void                  _strata_cluster_pending_unref      (StrataClusterPending *pending);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataClusterPending, _strata_cluster_pending_unref)

/* Fails when the cluster cannot be reached (see
 * _strata_cluster_error_is_unreachable()) or a layer does not render; a
 * cluster without a profile gets no set. */
void                  _strata_cluster_manager_prepare_async  (StrataClusterManager  *self,
                                                              StrataCluster         *cluster,
                                                              StrataClusterPlanFlags flags,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
StrataClusterPending *_strata_cluster_manager_prepare_finish (GAsyncResult          *result,
                                                              GError               **error);

/* A client for @cluster (EKS through the manager's resolver), with the
 * manager's timeout. */
void                  _strata_cluster_manager_connect_async  (StrataClusterManager  *self,
                                                              StrataCluster         *cluster,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
StrataKubeClient     *_strata_cluster_manager_connect_finish (StrataClusterManager  *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);

/* Connection failures (refused, DNS, TLS, timeout, sandbox not running),
 * as opposed to a cluster that answered with an error. */
gboolean              _strata_cluster_error_is_unreachable (const GError *error);
void                  _strata_cluster_manager_emit_object_deleted (StrataClusterManager *self,
                                                                   JsonNode             *entry);

StrataClusterCheck   *_strata_cluster_check_new  (StrataCluster        *cluster,
                                                  StrataClusterStatus   status,
                                                  const char           *reason,
                                                  StrataReleaseRecord  *record,
                                                  const char           *pending_hash,
                                                  GListModel           *drift,
                                                  GPtrArray            *notes);
/* Takes the pending state's applier inputs; @notes: (transfer none). */
StrataClusterPlan    *_strata_cluster_plan_new   (StrataCluster         *cluster,
                                                  StrataClusterPlanFlags flags,
                                                  StrataApplier         *applier,
                                                  StrataApplyPlan       *apply_plan,
                                                  GPtrArray             *notes);
/* {number, profile, version, revision, hash, appliedAt} (transfer full) */
JsonNode             *_strata_release_record_summary_to_json (StrataReleaseRecord *record);

/* (transfer none) (element-type StrataOverrideNote) */
GPtrArray            *_strata_cluster_plan_get_override_notes (StrataClusterPlan *self);

G_END_DECLS
