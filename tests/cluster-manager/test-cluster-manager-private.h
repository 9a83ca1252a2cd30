/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the cluster manager's test files share: a fixture with its own
 * stores and manager, profiles made and edited in place, clusters on the
 * test's kube-apiserver, and kubectl to read back. */
#pragma once

#include "strata-cluster-manager.h"
#include "strata-core.h"
#include "strata-test-apiserver.h"

G_BEGIN_DECLS

typedef struct
{
  char                 *root;
  StrataStore          *profiles;
  StrataClusterStore   *clusters;
  StrataPackRegistry   *registry;
  StrataClusterManager *manager;
} Fixture;

extern StrataTestApiserver *server;

void                 fixture_set_up     (Fixture                *fixture,
                                         gconstpointer           data);
void                 fixture_tear_down  (Fixture                *fixture,
                                         gconstpointer           data);

/* A manifest layer; values_manifest() is a ConfigMap NAME whose data
 * holds .Values.replicas and .Values.color (default "none"). */
StrataLayer         *manifest_layer     (const char             *name,
                                         const char             *namespace_,
                                         int                     priority,
                                         const char             *values,
                                         const char             *manifest);
char                *values_manifest    (const char             *name);
/* Profile NAME 1.0.0 with the layers (NULL-terminated, taken); the store
 * holds it. */
StrataProfile       *make_profile       (Fixture                *fixture,
                                         const char             *name,
                                         StrataLayer            *first,
                                         ...) G_GNUC_NULL_TERMINATED;
/* In-place edits of 1.0.0: @values or @manifest NULL keep theirs. */
void                 edit_layer         (Fixture                *fixture,
                                         StrataProfile          *profile,
                                         const char             *layer,
                                         const char             *values,
                                         const char             *manifest);
void                 add_layer_in_place (Fixture                *fixture,
                                         StrataProfile          *profile,
                                         StrataLayer            *layer);
guint                current_revision   (StrataProfile          *profile);

/* A kubeconfig cluster on the test's server, attached to @profile@1.0.0
 * unless NULL; the store holds it. */
StrataCluster       *add_cluster        (Fixture                *fixture,
                                         const char             *name,
                                         const char             *profile);
void                 set_override       (Fixture                *fixture,
                                         StrataCluster          *cluster,
                                         const char             *layer,
                                         const char             *values);
StrataClusterCheck  *check              (Fixture                *fixture,
                                         StrataCluster          *cluster);
void                 assert_contains    (const char             *text,
                                         const char             *part);
void                 assert_status      (Fixture                *fixture,
                                         StrataCluster          *cluster,
                                         StrataClusterStatus     status,
                                         const char             *mentions);
StrataClusterPlan   *plan               (Fixture                *fixture,
                                         StrataCluster          *cluster,
                                         StrataClusterPlanFlags  flags);
gboolean             apply_plan         (Fixture                *fixture,
                                         StrataClusterPlan      *made,
                                         StrataReleaseRecord   **record,
                                         GError                **error);
StrataReleaseRecord *plan_and_apply     (Fixture                *fixture,
                                         StrataCluster          *cluster,
                                         StrataClusterPlanFlags  flags);

char                *kubectl_data       (const char             *namespace_,
                                         const char             *name,
                                         const char             *key);
gboolean             kubectl_exists     (const char             *namespace_,
                                         const char             *kind,
                                         const char             *name);
/* The override as the disk has it, read by a store of its own. */
char                *stored_override    (Fixture                *fixture,
                                         const char             *cluster,
                                         const char             *layer);

void                 test_cluster_manager_add_override_tests (void);

G_END_DECLS
